//! Reading the Groningen Meaning Bank's named-entity extract (GMB 2.2.0, Kaggle:
//! `../shared/corpora/ner/gmb/ner_dataset.csv.zip`) into sentences cut by the analysis'
//! tokenizer. Shared by `train_ner` and `eval_entities`.

use std::io::Read;
use std::ops::Range;

use tidings::extract::ner::{NerKind, TrainingSentence};

pub const CORPUS: &str = "../shared/corpora/ner/gmb/ner_dataset.csv.zip";

/// The one file in a zip archive, inflated (local header, then a raw deflate stream).
fn unzip_single(bytes: &[u8]) -> Vec<u8> {
    assert!(bytes.len() > 30 && bytes[..4] == [0x50, 0x4b, 0x03, 0x04], "not a zip archive");
    let method = u16::from_le_bytes([bytes[8], bytes[9]]);
    let name_len = u16::from_le_bytes([bytes[26], bytes[27]]) as usize;
    let extra_len = u16::from_le_bytes([bytes[28], bytes[29]]) as usize;
    let data = &bytes[30 + name_len + extra_len..];
    let mut out = Vec::new();
    match method {
        0 => out.extend_from_slice(data),
        8 => {
            flate2::read::DeflateDecoder::new(data).read_to_end(&mut out).expect("inflate the corpus");
        }
        m => panic!("zip compression method {m} is not supported"),
    }
    out
}

/// One CSV record's fields (quotes honoured).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                out.last_mut().unwrap().push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn kind_of_tag(tag: &str) -> Option<NerKind> {
    match tag {
        "per" => Some(NerKind::Person),
        "geo" => Some(NerKind::Place),
        "org" => Some(NerKind::Organization),
        "gpe" => Some(NerKind::Nationality),
        "art" | "eve" | "nat" => Some(NerKind::Other),
        _ => None, // "tim": dates are the date rules' business
    }
}

/// Joins tokens into text as it was printed: no space before closing punctuation and
/// clitics, none after opening brackets and currency signs.
fn sentence_of(words: &[(String, String)]) -> TrainingSentence {
    let mut text = String::new();
    let mut names: Vec<(Range<usize>, NerKind)> = Vec::new();
    let mut open: Option<(usize, NerKind)> = None;
    let mut glue_next = true;
    for (word, tag) in words {
        let glue = glue_next
            || matches!(
                word.as_str(),
                "," | "."
                    | ";"
                    | ":"
                    | "!"
                    | "?"
                    | ")"
                    | "]"
                    | "%"
                    | "'s"
                    | "n't"
                    | "'"
                    | "'re"
                    | "'ve"
                    | "'ll"
                    | "'d"
                    | "'m"
            );
        if !glue {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(word);
        glue_next = matches!(word.as_str(), "(" | "[" | "$");
        let (bio, kind) = match tag.split_once('-') {
            Some((bio, k)) => (bio, kind_of_tag(k)),
            None => ("O", None),
        };
        let continues = bio == "I" && open.is_some_and(|(_, k)| Some(k) == kind);
        if !continues {
            if let Some((s, k)) = open.take() {
                names.push((s..names_end(&text, start), k));
            }
            open = kind.map(|k| (start, k));
        }
    }
    if let Some((s, k)) = open {
        names.push((s..text.len(), k));
    }
    TrainingSentence::new(text, &names)
}

/// Where the previous word ended: before the space in front of the word at `next_start`.
fn names_end(text: &str, next_start: usize) -> usize {
    text[..next_start].trim_end().len()
}

pub fn read_corpus(path: &str) -> Vec<TrainingSentence> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (the GMB extract; see README.md)"));
    let csv = unzip_single(&bytes);
    // The extract is Latin-1: every byte is one character.
    let text: String = csv.iter().map(|&b| b as char).collect();
    let mut sentences = Vec::new();
    let mut words: Vec<(String, String)> = Vec::new();
    for line in text.lines().skip(1) {
        let f = fields(line);
        if f.len() < 4 {
            continue;
        }
        if !f[0].is_empty() && !words.is_empty() {
            sentences.push(sentence_of(&words));
            words.clear();
        }
        words.push((f[1].clone(), f[3].clone()));
    }
    if !words.is_empty() {
        sentences.push(sentence_of(&words));
    }
    sentences
}

/// The sentence ranges: the first 80 % train, the next 10 % tune, the last 10 % are held out
/// and only ever reported.
pub fn parts(n: usize) -> (Range<usize>, Range<usize>, Range<usize>) {
    (0..n * 8 / 10, n * 8 / 10..n * 9 / 10, n * 9 / 10..n)
}
