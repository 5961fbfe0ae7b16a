//! Reading silver training data: paragraphs of other news tagged by another model
//! (`tools/spacy_reference.py --silver`). The file holds no text, only where each paragraph is
//! in `../shared/corpora/` (its `source` file, the `key` inside a JSON file, its `paragraph`
//! number), a checksum of its text (`fnv`) and its names (`entities`: `[start byte, end byte,
//! kind]`); the text is read from the corpora here and cut the way the script cut it.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use tidings::extract::ner::{NerKind, TrainingSentence};

/// The silver file the shipped model is trained with (see README.md, "The entity model").
pub const SILVER: &str = "models/silver-ner.jsonl.gz";

fn kind_of(name: &str) -> Option<NerKind> {
    match name {
        "person" => Some(NerKind::Person),
        "place" => Some(NerKind::Place),
        "organization" => Some(NerKind::Organization),
        "nationality" => Some(NerKind::Nationality),
        "event" | "document" => Some(NerKind::Other),
        _ => None,
    }
}

/// The script's 64-bit FNV-1a of a paragraph's UTF-8 bytes.
fn fnv1a(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A text file's paragraphs (cut at blank lines) or, for a ground-truth JSON file, each
/// `articleBody`'s lines by key — as `tools/spacy_reference.py` cuts them.
fn paragraphs(path: &Path, key: Option<&str>, json_cache: &mut HashMap<String, serde_json::Value>) -> Vec<String> {
    let name = path.to_string_lossy().into_owned();
    if name.ends_with(".json") {
        let truth = json_cache.entry(name.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
        });
        let body = key.and_then(|k| truth[k]["articleBody"].as_str()).unwrap_or_default();
        return body.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
    }
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    // Python reads text files with universal newlines: "\r\n" and "\r" are "\n" there.
    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n").replace('\r', "\n");
    static BLANK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\n\s*\n").expect("a valid pattern"));
    BLANK.split(&text).map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
}

/// The silver paragraphs as training sentences, and how many could not be found as they were
/// tagged (a corpus file changed since): those are left out.
pub fn read_silver(path: &str, corpora: &Path) -> (Vec<TrainingSentence>, usize) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (make it with tools/spacy_reference.py)"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).expect("a gzipped UTF-8 file");
    let mut cut: HashMap<(String, String), Vec<String>> = HashMap::new();
    let mut json_cache = HashMap::new();
    let mut sentences = Vec::new();
    let mut lost = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let source = v["source"].as_str().unwrap_or_default().to_string();
        let key = v["key"].as_str().map(String::from);
        let paragraphs = cut
            .entry((source.clone(), key.clone().unwrap_or_default()))
            .or_insert_with(|| paragraphs(&corpora.join(&source), key.as_deref(), &mut json_cache));
        let number = v["paragraph"].as_u64().unwrap_or(u64::MAX) as usize;
        let Some(body) = paragraphs.get(number).filter(|p| Some(fnv1a(p).as_str()) == v["fnv"].as_str()) else {
            lost += 1;
            continue;
        };
        let names: Vec<(Range<usize>, NerKind)> = v["entities"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let span = e[0].as_u64()? as usize..e[1].as_u64()? as usize;
                body.get(span.clone())?;
                Some((span, kind_of(e[2].as_str()?)?))
            })
            .collect();
        sentences.push(TrainingSentence::new(body.clone(), &names));
    }
    (sentences, lost)
}
