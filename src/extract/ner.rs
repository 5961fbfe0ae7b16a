//! A trained tagger for the names of people, places and organisations: a first-order
//! linear-chain model (averaged structured perceptron, Collins 2002) over hashed integer
//! features, decoded with Viterbi.
//!
//! Why this shape: rules written against a handful of articles miss everyday first names,
//! companies and groups on news they were not written for; a model trained on a large news
//! corpus (GMB, see README.md) learns what a name looks like from its context. Hashed features
//! keep the model a flat table of numbers (no strings to build or compare per token), and the
//! model runs only on stretches that can hold a name — capitalised words and what joins them —
//! so lower-case prose costs one look at its first letter.
//!
//! The model sees the same tokens as the rules ([`super::tokens`]), so training text is cut by
//! the same tokenizer. Training ([`Trainer`]) is here, pure and deterministic; reading the
//! corpus and writing the file is `examples/train_ner.rs`.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::tokens::{Token, TokenKind};

/// What a span of the model names. `Nationality` ("Iraqi") and `Other` (works, events, natural
/// phenomena in the training data) are learned so that they are *not* taken for the others; the
/// analysis does not report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NerKind {
    Person,
    Place,
    Organization,
    Nationality,
    Other,
}

impl NerKind {
    pub const ALL: [NerKind; 5] =
        [NerKind::Person, NerKind::Place, NerKind::Organization, NerKind::Nationality, NerKind::Other];
}

/// Labels: 0 is outside; then B and I for each kind, in [`NerKind::ALL`]'s order.
pub const LABELS: usize = 1 + 2 * NerKind::ALL.len();
const OUTSIDE: usize = 0;

pub fn begin_label(kind: NerKind) -> usize {
    1 + 2 * NerKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

fn kind_of_label(label: usize) -> Option<NerKind> {
    (label != OUTSIDE).then(|| NerKind::ALL[(label - 1) / 2])
}

fn is_inside(label: usize) -> bool {
    label != OUTSIDE && (label - 1) % 2 == 1
}

/// Whether `to` may follow `from`: an inside label only continues its own kind.
fn allowed(from: usize, to: usize) -> bool {
    !is_inside(to) || from == to || from + 1 == to
}

/// A name the model found: token indices and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NerSpan {
    pub tokens: Range<usize>,
    pub kind: NerKind,
}

// ---------------------------------------------------------------------------------------------
// Features

/// A 64-bit mix (splitmix64's finaliser): spreads feature ids over the table.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15))
}

/// FNV-1a over chars, for the strings a feature is made of.
struct Fnv(u64);

impl Fnv {
    fn new(seed: u64) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325 ^ seed)
    }
    fn push(&mut self, c: char) {
        self.0 = (self.0 ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// What the features need to know of one token, computed once.
#[derive(Debug, Clone, Copy, Default)]
struct TokenInfo {
    /// The word lower-cased, digits as 0.
    word: u64,
    /// "Xx", "XX", "x", "d", "X.", "Xx-Xx" …: each run of one class of character once.
    shape: u64,
    prefix: u64,
    suffix: u64,
    /// Which of the name lists hold the word ([`listed`]).
    lists: u8,
}

const EDGE: TokenInfo = TokenInfo { word: 1, shape: 1, prefix: 1, suffix: 1, lists: 0 };

fn token_info(text: &str) -> TokenInfo {
    let mut info = spelling_info(text);
    info.lists = listed(info.word);
    info
}

/// The facts of a word's spelling alone (its lists left at none).
fn spelling_info(text: &str) -> TokenInfo {
    if text.is_ascii() { ascii_token_info(text.as_bytes()) } else { general_token_info(text) }
}

// Name lists: the census's given and family names and GeoNames' cities, countries and regions
// (`models/name-lists.txt`, written by `tools/name_lists.py`). The model reads them as
// features, weighed by what it learned: they tell it that "Kingston" is a town and "Okafor" a
// family name where its training text never named them, without making every listed word a
// name ("Young", "Florence" and "Mobile" are listed too).

const GIVEN: u8 = 1;
const FAMILY: u8 = 2;
/// A one-word city ("Kingston").
const CITY: u8 = 4;
/// A word of a city's name of several words ("Santa", "Cruz").
const CITY_PART: u8 = 8;
const REGION: u8 = 16;
const REGION_PART: u8 = 32;

/// The lists a word (by its [`TokenInfo::word`] hash) is in, as flags.
fn listed(word: u64) -> u8 {
    static LISTS: std::sync::OnceLock<NameLists> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| read_name_lists(include_str!("../../models/name-lists.txt"))).get(word)
}

/// Whether the census lists `word` as a given name ("Ricardo"), however it is capitalised.
pub(crate) fn is_listed_given_name(word: &str) -> bool {
    listed(spelling_info(word).word) & GIVEN != 0
}

/// Words' hashes, sorted, with their flags beside them, and where each value of a hash's top
/// 16 bits starts: 9 bytes a word and 256 KB of directory where a hash map took about 36 bytes
/// a word (60,000 words), and a look-up reads the directory and about one word, where a binary
/// search over all of them took 16 steps per token.
struct NameLists {
    words: Vec<u64>,
    flags: Vec<u8>,
    /// `starts[t]..starts[t + 1]`: the words whose hash's top 16 bits are `t`.
    starts: Vec<u32>,
}

impl NameLists {
    fn get(&self, word: u64) -> u8 {
        let top = (word >> 48) as usize;
        let bucket = self.starts[top] as usize..self.starts[top + 1] as usize;
        self.words[bucket.clone()].iter().position(|&w| w == word).map_or(0, |i| self.flags[bucket.start + i])
    }
}

/// `[section]` headers, then one name a line; `#` starts a comment line.
fn read_name_lists(text: &str) -> NameLists {
    let mut pairs: Vec<(u64, u8)> = Vec::new();
    let (mut whole, mut part) = (0u8, 0u8);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        (whole, part) = match line {
            "[given]" => (GIVEN, GIVEN),
            "[family]" => (FAMILY, FAMILY),
            "[city]" => (CITY, CITY_PART),
            "[region]" => (REGION, REGION_PART),
            _ => (whole, part),
        };
        if line.starts_with('[') {
            continue;
        }
        // Most lines are one plain word: no need to tokenise them (this runs at every start).
        if line.chars().all(char::is_alphabetic) {
            pairs.push((spelling_info(line).word, whole));
            continue;
        }
        let tokens = super::tokens::tokenize(line);
        let words: Vec<&Token> = tokens.iter().filter(|t| t.kind == TokenKind::Word).collect();
        for t in &words {
            let text = t.text(line);
            // The capitalised words of a longer name ("Rio de Janeiro": not "de"; "The Hague":
            // not "The", which opens sentences).
            if words.len() > 1 && (!text.chars().next().is_some_and(char::is_uppercase) || is_function_word(text)) {
                continue;
            }
            pairs.push((spelling_info(text).word, if words.len() == 1 { whole } else { part }));
        }
    }
    pairs.sort_unstable_by_key(|&(word, _)| word);
    let mut lists = NameLists {
        words: Vec::with_capacity(pairs.len()),
        flags: Vec::with_capacity(pairs.len()),
        starts: Vec::new(),
    };
    for (word, flag) in pairs {
        if lists.words.last() == Some(&word) {
            *lists.flags.last_mut().expect("beside its word") |= flag;
        } else {
            lists.words.push(word);
            lists.flags.push(flag);
        }
    }
    lists.words.shrink_to_fit();
    lists.flags.shrink_to_fit();
    // Counted per top 16 bits, then summed: each bucket's start.
    let mut starts = vec![0u32; (1 << 16) + 1];
    for &w in &lists.words {
        starts[(w >> 48) as usize + 1] += 1;
    }
    for t in 1..starts.len() {
        starts[t] += starts[t - 1];
    }
    lists.starts = starts;
    lists
}

fn general_token_info(text: &str) -> TokenInfo {
    let mut word = Fnv::new(1);
    let mut shape = Fnv::new(2);
    let mut last_class = '\0';
    let mut chars: [char; 48] = ['\0'; 48];
    let mut n = 0;
    for c in text.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if class != last_class {
            shape.push(class);
            last_class = class;
        }
        let lower = if c.is_numeric() { '0' } else { c.to_lowercase().next().unwrap_or(c) };
        word.push(lower);
        if n < chars.len() {
            chars[n] = lower;
            n += 1;
        }
    }
    finish(word, shape, &chars[..n])
}

/// The affix hashes from the first 48 characters, lower-cased with digits as 0.
fn finish(word: Fnv, shape: Fnv, lowered: &[char]) -> TokenInfo {
    let piece = |seed: u64, cs: &[char]| {
        let mut h = Fnv::new(seed);
        cs.iter().for_each(|&c| h.push(c));
        h.0
    };
    let n = lowered.len();
    TokenInfo {
        word: word.0,
        shape: shape.0,
        prefix: piece(3, &lowered[..n.min(3)]),
        suffix: piece(4, &lowered[n.saturating_sub(3)..]),
        lists: 0,
    }
}

/// [`token_info`] for ASCII words, the common case, without char decoding: the same hashes.
fn ascii_token_info(bytes: &[u8]) -> TokenInfo {
    let mut word = Fnv::new(1);
    let mut shape = Fnv::new(2);
    let mut last_class = 0u8;
    let mut chars: [char; 48] = ['\0'; 48];
    let mut n = 0;
    for &b in bytes {
        let class = match b {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            _ => b,
        };
        if class != last_class {
            shape.push(class as char);
            last_class = class;
        }
        let lower = if b.is_ascii_digit() { '0' } else { b.to_ascii_lowercase() as char };
        word.push(lower);
        if n < chars.len() {
            chars[n] = lower;
            n += 1;
        }
    }
    finish(word, shape, &chars[..n])
}

/// The most features one token has (the templates below).
const FEATURES_PER_TOKEN: usize = 16;

/// The hashed features of token `i`. `info(j)` gives token j's facts ([`EDGE`] outside).
/// `starts(j)` tells whether token j starts a sentence: features never look across one, as
/// in training, where every sentence stands alone.
fn token_features(info: &dyn Fn(isize) -> TokenInfo, i: usize, starts: &dyn Fn(usize) -> bool, out: &mut Vec<u64>) {
    let sentence_start = starts(i);
    let before_start = i >= 1 && starts(i - 1);
    let (next_starts, second_starts) = (starts(i + 1), starts(i + 2));
    let i = i as isize;
    let look = |j: isize, blocked: bool| if blocked { EDGE } else { info(j) };
    let w = info(i);
    let p1 = look(i - 1, sentence_start);
    let p2 = look(i - 2, sentence_start || before_start);
    let n1 = look(i + 1, next_starts);
    let n2 = look(i + 2, next_starts || second_starts);
    let mut add = |template: u64, value: u64| out.push(combine(template, value));
    // Template numbers are hash seeds: the gaps are templates measured and dropped (the second
    // suffix, the neighbours' shapes, sentence start with shape, shape with the next word, the
    // previous suffix with shape cost nothing in F1 on GMB's tuning part and a third of the time).
    add(1, 0);
    add(2, w.word);
    add(3, w.shape);
    add(4, w.prefix);
    add(5, w.suffix);
    add(7, p1.word);
    add(8, n1.word);
    add(9, p2.word);
    add(10, n2.word);
    add(13, combine(p1.word, w.word));
    add(14, combine(w.word, n1.word));
    add(15, combine(combine(p1.shape, w.shape), n1.shape));
    add(17, combine(sentence_start as u64, w.word));
    add(18, combine(p1.word, w.shape));
    // Which name lists hold the word and its neighbours (measured on GMB's tuning part: the
    // word's position in its stretch, and the lists crossed with shape, added nothing).
    add(20, u64::from(w.lists));
    add(21, combine(u64::from(p1.lists), u64::from(n1.lists)));
}

/// Whether token `dot` is the full stop of a short capitalised abbreviation ("Mr. Lee",
/// "Gen. Lee"), which ends no sentence.
fn ends_abbreviation(body: &str, tokens: &[Token], dot: usize) -> bool {
    tokens[dot].text(body) == "."
        && dot >= 1
        && tokens[dot - 1].end == tokens[dot].start
        && tokens[dot - 1].text(body).chars().next().is_some_and(char::is_uppercase)
        && tokens[dot - 1].text(body).chars().count() <= 3
}

/// A token that starts a sentence: the first, or one after a sentence end or a line break.
pub(crate) fn starts_sentence(body: &str, tokens: &[Token], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let prev = &tokens[i - 1];
    let between = &body[prev.end..tokens[i].start];
    between.contains('\n')
        || (prev.kind == TokenKind::Punct
            && !ends_abbreviation(body, tokens, i - 1)
            && matches!(prev.text(body), "." | "!" | "?" | ":" | "\"" | "“" | "”"))
}

/// Lower-case words found inside names ("Bank of America", "Ford and General Motors" is for the
/// model to cut in two).
const JOINING_WORDS: &[&str] = &[
    "of", "the", "and", "for", "de", "du", "da", "das", "dos", "del", "della", "di", "la", "le", "les", "van", "von",
    "der", "den", "al", "el", "bin", "ibn", "y", "e", "upon",
];

/// Words that start sentences and name nothing on their own.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "if",
    "when",
    "while",
    "after",
    "before",
    "as",
    "at",
    "in",
    "on",
    "of",
    "for",
    "from",
    "with",
    "by",
    "to",
    "into",
    "over",
    "under",
    "since",
    "until",
    "although",
    "though",
    "because",
    "however",
    "also",
    "still",
    "now",
    "then",
    "some",
    "many",
    "most",
    "more",
    "all",
    "both",
    "each",
    "every",
    "no",
    "not",
    "one",
    "other",
    "another",
    "such",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "why",
    "how",
    "is",
    "was",
    "are",
    "were",
    "be",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "last",
    "next",
    "meanwhile",
    "instead",
    "despite",
    "during",
    "among",
    "about",
    "against",
    "without",
    "within",
    "even",
    "just",
    "only",
    "yes",
    "well",
    "indeed",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tomorrow",
];

pub(crate) fn is_function_word(text: &str) -> bool {
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| FUNCTION_WORDS.iter().copied().collect());
    let mut lower = [0u8; 9];
    if text.len() > lower.len() || !text.is_ascii() {
        return false;
    }
    for (l, b) in lower.iter_mut().zip(text.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&lower[..text.len()]).is_ok_and(|w| SET.contains(w))
}

/// The stretches of tokens that can hold a name: capitalised words, and the short words,
/// hyphens, possessives and numbers between them ("Bank of America", "al-Qaida", "Apollo 11").
/// Everything else is outside any name without asking the model.
pub fn candidate_stretches(body: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let n = tokens.len();
    let cap = |i: usize| {
        tokens[i].kind == TokenKind::Word && tokens[i].text(body).chars().next().is_some_and(char::is_uppercase)
    };
    let mut stretches = Vec::new();
    let mut i = 0;
    while i < n {
        // A lower-case word glued by a hyphen to a capitalised one starts a name too ("al-Qaida").
        let glued_start = tokens[i].kind == TokenKind::Word
            && i + 2 < n
            && tokens[i + 1].text(body) == "-"
            && !tokens[i + 1].space_before
            && !tokens[i + 2].space_before
            && cap(i + 2);
        if !(cap(i) || glued_start) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        // A name never runs over a line break ("… the Government\nThese …").
        let same_line = |j: usize| j < n && !body[tokens[j - 1].end..tokens[j].start].contains('\n');
        loop {
            if same_line(end) && cap(end) {
                end += 1;
                continue;
            }
            // Up to two joining tokens, if a capitalised word follows them.
            let joins = |j: usize| {
                same_line(j) && {
                    let t = &tokens[j];
                    let text = t.text(body);
                    match t.kind {
                        TokenKind::Possessive => true,
                        // A full stop joins inside a word ("U.S") and after "Mr", never across a
                        // sentence end.
                        TokenKind::Punct if text == "." => {
                            (j + 1 < n && !tokens[j + 1].space_before) || ends_abbreviation(body, tokens, j)
                        }
                        TokenKind::Punct => matches!(text, "-" | "&" | "'" | "’" | "–"),
                        TokenKind::Word => text.chars().all(|c| c.is_ascii_digit()) || JOINING_WORDS.contains(&text),
                    }
                }
            };
            if joins(end) && same_line(end + 1) && cap(end + 1) {
                end += 2;
            } else if joins(end) && joins(end + 1) && same_line(end + 2) && cap(end + 2) {
                end += 3;
            } else if same_line(end)
                && tokens[end].kind == TokenKind::Word
                && tokens[end].text(body).chars().all(|c| c.is_ascii_digit())
            {
                // "Apollo 11", "Airbus A380": a number after a name may belong to it.
                end += 1;
                break;
            } else {
                break;
            }
        }
        // A sentence that starts "The", "But", "He": the capital is the sentence's, and such
        // words never name anything alone. Most stretches are these; the model skips them.
        let function_word = end == start + 1 && is_function_word(tokens[start].text(body));
        if !function_word {
            stretches.push(start..end);
        }
        i = end;
    }
    stretches
}

// ---------------------------------------------------------------------------------------------
// The model

/// The trained weights: for each known feature, one weight per label; and label transitions.
#[derive(Debug, Clone)]
pub struct NerModel {
    /// Feature -> its weight for each label, quantised: weight = value * `scale`. Kept beside
    /// the key so that a look-up touches one place in memory, not two.
    rows: FxHashMap<u64, [i16; LABELS]>,
    scale: f32,
    transitions: [[f32; LABELS]; LABELS],
}

/// The model file's first bytes; the version changes when the features do.
const MAGIC: &[u8; 8] = b"TDNER02\n";

#[derive(Debug, thiserror::Error)]
#[error(
    "the entity model file is damaged or of another version ({0}); rebuild it with `cargo run --release --example train_ner`"
)]
pub struct ModelError(&'static str);

impl NerModel {
    /// The model shipped in the binary (`models/ner.bin`).
    pub fn bundled() -> &'static NerModel {
        static MODEL: std::sync::OnceLock<NerModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            NerModel::from_bytes(include_bytes!("../../models/ner.bin")).expect("the bundled model is valid (tested)")
        })
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ModelError> {
        let mut at = 0usize;
        let mut take = |n: usize| -> Result<&[u8], ModelError> {
            let piece = bytes.get(at..at + n).ok_or(ModelError("file too short"))?;
            at += n;
            Ok(piece)
        };
        if take(8)? != MAGIC {
            return Err(ModelError("wrong header"));
        }
        let labels = u32::from_le_bytes(take(4)?.try_into().unwrap_or_default()) as usize;
        if labels != LABELS {
            return Err(ModelError("wrong number of labels"));
        }
        let scale = f32::from_le_bytes(take(4)?.try_into().unwrap_or_default());
        let mut transitions = [[0f32; LABELS]; LABELS];
        for row in transitions.iter_mut() {
            for w in row.iter_mut() {
                *w = f32::from_le_bytes(take(4)?.try_into().unwrap_or_default());
            }
        }
        let count = u32::from_le_bytes(take(4)?.try_into().unwrap_or_default()) as usize;
        let keys = take(count.checked_mul(8).ok_or(ModelError("bad count"))?)?;
        let values = take(count.checked_mul(LABELS * 2).ok_or(ModelError("bad count"))?)?;
        let mut rows = FxHashMap::with_capacity_and_hasher(count, Default::default());
        for (key, row) in keys.chunks_exact(8).zip(values.chunks_exact(LABELS * 2)) {
            let mut weights = [0i16; LABELS];
            for (w, b) in weights.iter_mut().zip(row.chunks_exact(2)) {
                *w = i16::from_le_bytes([b[0], b[1]]);
            }
            rows.insert(u64::from_le_bytes(key.try_into().unwrap_or_default()), weights);
        }
        Ok(NerModel { rows, scale, transitions })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(LABELS as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for row in &self.transitions {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        // Sorted, so that the same model is the same file.
        let mut keyed: Vec<(&u64, &[i16; LABELS])> = self.rows.iter().collect();
        keyed.sort_unstable_by_key(|(k, _)| **k);
        out.extend_from_slice(&(keyed.len() as u32).to_le_bytes());
        for (k, _) in &keyed {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, row) in &keyed {
            for w in row.iter() {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    pub fn feature_count(&self) -> usize {
        self.rows.len()
    }

    /// The score of each label from `features`.
    fn score(&self, features: &[u64]) -> [f32; LABELS] {
        let mut sums = [0i32; LABELS];
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for (s, &w) in sums.iter_mut().zip(row) {
                    *s += i32::from(w);
                }
            }
        }
        sums.map(|s| s as f32 * self.scale)
    }

    /// The names in a tokenised body.
    pub fn find(&self, body: &str, tokens: &[Token]) -> Vec<NerSpan> {
        let mut spans = Vec::new();
        let mut feats = Vec::with_capacity(FEATURES_PER_TOKEN);
        let mut emissions: Vec<[f32; LABELS]> = Vec::new();
        let mut lattice = Lattice::default();
        let mut infos: Vec<TokenInfo> = Vec::new();
        for stretch in candidate_stretches(body, tokens) {
            let lo = stretch.start.saturating_sub(2);
            let hi = (stretch.end + 2).min(tokens.len());
            infos.clear();
            infos.extend((lo..hi).map(|j| token_info(tokens[j].text(body))));
            let info = |j: isize| -> TokenInfo {
                if j < lo as isize || j >= hi as isize { EDGE } else { infos[j as usize - lo] }
            };
            emissions.clear();
            for i in stretch.clone() {
                feats.clear();
                token_features(&info, i, &|j| j < tokens.len() && starts_sentence(body, tokens, j), &mut feats);
                emissions.push(self.score(&feats));
            }
            let labels = viterbi(&emissions, &self.transitions, &mut lattice);
            spans.extend(spans_of(&labels, stretch.start));
        }
        spans
    }
}

/// Viterbi's tables, kept between stretches to spare an allocation each.
#[derive(Default)]
struct Lattice {
    best: Vec<[f32; LABELS]>,
    back: Vec<[u8; LABELS]>,
}

/// The best label sequence for one stretch, which starts and ends next to outside tokens.
fn viterbi(emissions: &[[f32; LABELS]], transitions: &[[f32; LABELS]; LABELS], lattice: &mut Lattice) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    let Lattice { best, back } = lattice;
    best.clear();
    best.resize(n, [f32::NEG_INFINITY; LABELS]);
    back.clear();
    back.resize(n, [0u8; LABELS]);
    for (l, b) in best[0].iter_mut().enumerate() {
        if allowed(OUTSIDE, l) {
            *b = transitions[OUTSIDE][l] + emissions[0][l];
        }
    }
    for t in 1..n {
        for l in 0..LABELS {
            let (mut top, mut arg) = (f32::NEG_INFINITY, 0);
            for p in 0..LABELS {
                if allowed(p, l) {
                    let s = best[t - 1][p] + transitions[p][l];
                    if s > top {
                        (top, arg) = (s, p);
                    }
                }
            }
            best[t][l] = top + emissions[t][l];
            back[t][l] = arg as u8;
        }
    }
    let mut last = (0..LABELS)
        .max_by(|&a, &b| {
            let sa = best[n - 1][a] + transitions[a][OUTSIDE];
            let sb = best[n - 1][b] + transitions[b][OUTSIDE];
            sa.total_cmp(&sb).then(b.cmp(&a))
        })
        .unwrap_or(OUTSIDE);
    let mut labels = vec![OUTSIDE; n];
    for t in (0..n).rev() {
        labels[t] = last;
        last = back[t][last] as usize;
    }
    labels
}

/// The spans of a label sequence whose first token is `offset`.
fn spans_of(labels: &[usize], offset: usize) -> Vec<NerSpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, NerKind)> = None;
    for (t, &l) in labels.iter().enumerate() {
        if let Some((start, kind)) = open
            && !(is_inside(l) && kind_of_label(l) == Some(kind))
        {
            spans.push(NerSpan { tokens: offset + start..offset + t, kind });
            open = None;
        }
        if l != OUTSIDE && !is_inside(l) {
            open = kind_of_label(l).map(|k| (t, k));
        }
    }
    if let Some((start, kind)) = open {
        spans.push(NerSpan { tokens: offset + start..offset + labels.len(), kind });
    }
    spans
}

// ---------------------------------------------------------------------------------------------
// Training

/// One training sentence: its text, its tokens and the gold label of each token.
#[derive(Debug, Clone)]
pub struct TrainingSentence {
    pub text: String,
    pub tokens: Vec<Token>,
    pub labels: Vec<usize>,
}

impl TrainingSentence {
    /// Cuts `text` with the analysis' tokenizer and labels each token from the character
    /// spans of the gold names (a name's first token B, the rest I).
    pub fn new(text: String, names: &[(Range<usize>, NerKind)]) -> TrainingSentence {
        let tokens = super::tokens::tokenize(&text);
        let mut labels = vec![OUTSIDE; tokens.len()];
        for (span, kind) in names {
            let mut first = true;
            for (t, token) in tokens.iter().enumerate() {
                if token.start >= span.start && token.end <= span.end {
                    labels[t] = begin_label(*kind) + usize::from(!first);
                    first = false;
                }
            }
        }
        TrainingSentence { text, tokens, labels }
    }

    /// The gold names, as the model would report them.
    pub fn names(&self) -> Vec<NerSpan> {
        spans_of(&self.labels, 0)
    }
}

/// An averaged structured perceptron over the same features and decoding as [`NerModel`].
pub struct Trainer {
    rows: FxHashMap<u64, u32>,
    weights: Vec<f32>,
    /// Sums for averaging, kept lazily: `totals` holds the sum up to `stamps`' step.
    totals: Vec<f32>,
    stamps: Vec<u32>,
    transitions: [[f32; LABELS]; LABELS],
    transition_totals: [[f32; LABELS]; LABELS],
    transition_stamps: [[u32; LABELS]; LABELS],
    step: u32,
}

/// A sentence prepared for training: its stretches and each candidate token's features.
struct Prepared {
    stretches: Vec<Range<usize>>,
    /// For each stretch, for each of its tokens, the feature rows.
    features: Vec<Vec<Vec<u32>>>,
    labels: Vec<usize>,
}

impl Trainer {
    pub fn new() -> Trainer {
        Trainer {
            rows: FxHashMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            transitions: [[0.0; LABELS]; LABELS],
            transition_totals: [[0.0; LABELS]; LABELS],
            transition_stamps: [[0; LABELS]; LABELS],
            step: 0,
        }
    }

    fn row(&mut self, feature: u64) -> u32 {
        let next = self.rows.len() as u32;
        let row = *self.rows.entry(feature).or_insert(next);
        if row == next {
            self.weights.extend([0.0; LABELS]);
            self.totals.extend([0.0; LABELS]);
            self.stamps.extend([0; LABELS]);
        }
        row
    }

    fn prepare(&mut self, s: &TrainingSentence) -> Prepared {
        let stretches = candidate_stretches(&s.text, &s.tokens);
        let infos: Vec<TokenInfo> = s.tokens.iter().map(|t| token_info(t.text(&s.text))).collect();
        let info =
            |j: isize| -> TokenInfo { if j < 0 || j as usize >= infos.len() { EDGE } else { infos[j as usize] } };
        let mut buf = Vec::new();
        let features = stretches
            .iter()
            .map(|stretch| {
                stretch
                    .clone()
                    .map(|i| {
                        buf.clear();
                        token_features(
                            &info,
                            i,
                            &|j| j < s.tokens.len() && starts_sentence(&s.text, &s.tokens, j),
                            &mut buf,
                        );
                        buf.iter().map(|&f| self.row(f)).collect()
                    })
                    .collect()
            })
            .collect();
        Prepared { stretches, features, labels: s.labels.clone() }
    }

    /// The share of gold name tokens that fall inside candidate stretches (the rest the model
    /// can never find).
    pub fn coverage(sentences: &[TrainingSentence]) -> f64 {
        let (mut inside, mut all) = (0usize, 0usize);
        for s in sentences {
            let stretches = candidate_stretches(&s.text, &s.tokens);
            for (t, &l) in s.labels.iter().enumerate() {
                if l != OUTSIDE {
                    all += 1;
                    inside += usize::from(stretches.iter().any(|r| r.contains(&t)));
                }
            }
        }
        inside as f64 / all.max(1) as f64
    }

    fn bump(&mut self, row: u32, label: usize, by: f32) {
        let i = row as usize * LABELS + label;
        self.totals[i] += (self.step - self.stamps[i]) as f32 * self.weights[i];
        self.stamps[i] = self.step;
        self.weights[i] += by;
    }

    fn bump_transition(&mut self, from: usize, to: usize, by: f32) {
        let elapsed = (self.step - self.transition_stamps[from][to]) as f32;
        self.transition_totals[from][to] += elapsed * self.transitions[from][to];
        self.transition_stamps[from][to] = self.step;
        self.transitions[from][to] += by;
    }

    /// Trains for `epochs` passes, in an order shuffled by `seed` (same seed, same model).
    pub fn train(mut self, sentences: &[TrainingSentence], epochs: usize, seed: u64) -> NerModel {
        let prepared: Vec<Prepared> = sentences.iter().map(|s| self.prepare(s)).collect();
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        let mut rng = seed | 1;
        let mut lattice = Lattice::default();
        for _ in 0..epochs {
            // Fisher-Yates with xorshift: deterministic and dependency-free.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &s in &order {
                self.step += 1;
                let p = &prepared[s];
                for (stretch, feats) in p.stretches.iter().zip(&p.features) {
                    let emissions: Vec<[f32; LABELS]> = feats
                        .iter()
                        .map(|rows| {
                            let mut scores = [0f32; LABELS];
                            for &r in rows {
                                let at = r as usize * LABELS;
                                for (s, w) in scores.iter_mut().zip(&self.weights[at..at + LABELS]) {
                                    *s += w;
                                }
                            }
                            scores
                        })
                        .collect();
                    let guess = viterbi(&emissions, &self.transitions, &mut lattice);
                    let gold: Vec<usize> = p.labels[stretch.clone()].to_vec();
                    if guess == gold {
                        continue;
                    }
                    for (t, rows) in feats.iter().enumerate() {
                        if guess[t] != gold[t] {
                            for &r in rows {
                                self.bump(r, gold[t], 1.0);
                                self.bump(r, guess[t], -1.0);
                            }
                        }
                    }
                    let path = |labels: &[usize]| {
                        let mut edges = vec![(OUTSIDE, labels[0])];
                        edges.extend(labels.windows(2).map(|w| (w[0], w[1])));
                        edges.push((labels[labels.len() - 1], OUTSIDE));
                        edges
                    };
                    for (a, b) in path(&gold) {
                        self.bump_transition(a, b, 1.0);
                    }
                    for (a, b) in path(&guess) {
                        self.bump_transition(a, b, -1.0);
                    }
                }
            }
        }
        self.finish()
    }

    /// Averages, drops features whose weights all stay near zero, and quantises.
    fn finish(mut self) -> NerModel {
        let step = self.step.max(1);
        for i in 0..self.weights.len() {
            self.totals[i] += (step - self.stamps[i]) as f32 * self.weights[i];
        }
        let transitions: [[f32; LABELS]; LABELS] = std::array::from_fn(|a| {
            std::array::from_fn(|b| {
                let total = self.transition_totals[a][b]
                    + (step - self.transition_stamps[a][b]) as f32 * self.transitions[a][b];
                total / step as f32
            })
        });
        let averaged: Vec<f32> = self.totals.iter().map(|t| t / step as f32).collect();
        let largest = averaged.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-9);
        let scale = largest / i16::MAX as f32;
        // A feature whose every weight is under 64 quantisation steps (0.2 % of the largest)
        // changes no decision worth keeping it for: on GMB's tuning part, dropping them cost
        // nothing in F1 and halved the table, which then stays in the cache better (higher
        // thresholds began to cost: -0.002 at 96, -0.005 at 128).
        let keep_at = 64.0 * scale;
        let mut rows = FxHashMap::default();
        for (&key, &row) in &self.rows {
            let w = &averaged[row as usize * LABELS..(row as usize + 1) * LABELS];
            if w.iter().all(|x| x.abs() < keep_at) {
                continue;
            }
            let mut quantised = [0i16; LABELS];
            for (q, x) in quantised.iter_mut().zip(w) {
                *q = (x / scale).round() as i16;
            }
            rows.insert(key, quantised);
        }
        NerModel { rows, scale, transitions }
    }
}

impl Default for Trainer {
    fn default() -> Trainer {
        Trainer::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn sentence(text: &str, names: &[(&str, NerKind)]) -> TrainingSentence {
        let spans = names
            .iter()
            .map(|(name, kind)| {
                let at = text.find(name).unwrap();
                (at..at + name.len(), *kind)
            })
            .collect::<Vec<_>>();
        TrainingSentence::new(text.to_string(), &spans)
    }

    #[test]
    fn stretches_cover_capitalised_words_and_what_joins_them() {
        let body = "the Bank of America and al-Qaida met in New York on Apollo 11 day";
        let tokens = tokenize(body);
        let texts: Vec<String> = candidate_stretches(body, &tokens)
            .into_iter()
            .map(|r| body[tokens[r.start].start..tokens[r.end - 1].end].to_string())
            .collect();
        assert_eq!(texts, ["Bank of America", "al-Qaida", "New York", "Apollo 11"]);
    }

    #[test]
    fn the_ascii_shortcut_gives_the_same_features() {
        for word in [
            "Hanoi",
            "U.S",
            "COVID-19",
            "al",
            "1994",
            "McDonald's",
            "x",
            "Supercalifragilisticexpialidocious-and-more-than-48-letters",
        ] {
            let fast = ascii_token_info(word.as_bytes());
            let general = general_token_info(word);
            assert_eq!(
                (fast.word, fast.shape, fast.prefix, fast.suffix),
                (general.word, general.shape, general.prefix, general.suffix),
                "{word}"
            );
        }
    }

    #[test]
    fn labels_follow_the_tokenizer() {
        let s = sentence(
            "Leaders of al-Qaida met Ann Lee's aides",
            &[("al-Qaida", NerKind::Organization), ("Ann Lee", NerKind::Person)],
        );
        let org = begin_label(NerKind::Organization);
        let per = begin_label(NerKind::Person);
        assert_eq!(s.labels, [0, 0, org, org + 1, org + 1, 0, per, per + 1, 0, 0]);
    }

    #[test]
    fn viterbi_never_starts_a_name_inside() {
        // Inside labels score highest everywhere, yet a name must begin with B.
        let mut emissions = vec![[0f32; LABELS]; 3];
        for e in emissions.iter_mut() {
            e[2] = 5.0;
        }
        let labels = viterbi(&emissions, &[[0.0; LABELS]; LABELS], &mut Lattice::default());
        assert_eq!(labels[0], 1);
        assert!(labels[1..].iter().all(|&l| l == 2));
    }

    #[test]
    fn a_trained_model_learns_from_context_and_survives_its_file() {
        // Made-up names: the model must tell them apart by the words around them.
        let mut data = Vec::new();
        for (person, place) in [("Oru Venk", "Talmora"), ("Ista Brel", "Quenport"), ("Dav Oskin", "Morvale")] {
            for _ in 0..3 {
                data.push(sentence(
                    &format!("Minister {person} said the talks in {place} went well."),
                    &[(person, NerKind::Person), (place, NerKind::Place)],
                ));
                data.push(sentence(&format!("Troops arrived in {place} on Monday."), &[(place, NerKind::Place)]));
            }
        }
        let model = Trainer::new().train(&data, 5, 7);
        let reloaded = NerModel::from_bytes(&model.to_bytes()).unwrap();
        let body = "Minister Pel Arno said the talks in Vantis went well.";
        let tokens = tokenize(body);
        let found: Vec<(String, NerKind)> = reloaded
            .find(body, &tokens)
            .into_iter()
            .map(|s| (body[tokens[s.tokens.start].start..tokens[s.tokens.end - 1].end].to_string(), s.kind))
            .collect();
        assert_eq!(found, [("Pel Arno".to_string(), NerKind::Person), ("Vantis".to_string(), NerKind::Place)]);
    }

    #[test]
    fn words_are_looked_up_in_the_name_lists_as_the_model_folds_them() {
        let lists = |w: &str| token_info(w).lists;
        assert_ne!(lists("Kingston") & CITY, 0);
        assert_ne!(lists("SMITH") & FAMILY, 0);
        assert_ne!(lists("Jennifer") & GIVEN, 0);
        // A word of a longer name is a part, its lower-case joiners are nothing.
        assert_ne!(lists("Janeiro") & CITY_PART, 0);
        assert_eq!(lists("Janeiro") & CITY, 0);
        assert_ne!(lists("Malaysia") & REGION, 0);
        assert_eq!(lists("the"), 0);
        // The lists' own format: sections, comments, names of several words.
        let parsed = read_name_lists("# comment\n[city]\nPort Vexa\nOrsk\n[given]\nAnnika\n");
        assert_eq!(parsed.get(token_info("orsk").word), CITY);
        assert_eq!(parsed.get(token_info("Vexa").word), CITY_PART);
        assert_eq!(parsed.get(token_info("annika").word), GIVEN);
        assert_eq!(parsed.get(token_info("comment").word), 0);
    }

    #[test]
    fn a_damaged_file_is_an_error_not_a_panic() {
        assert!(NerModel::from_bytes(b"").is_err());
        assert!(NerModel::from_bytes(b"TDNER02\n\x0b\0\0\0").is_err());
        let mut bytes =
            Trainer::new().train(&[sentence("Ann Lee left.", &[("Ann Lee", NerKind::Person)])], 1, 1).to_bytes();
        bytes.truncate(bytes.len() - 1);
        assert!(NerModel::from_bytes(&bytes).is_err());
    }
}
