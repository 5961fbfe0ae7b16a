//! Patterns tried only where a match can begin.
//!
//! A figure pattern opens with a number or a number word, a date pattern with a digit, a month
//! or a word such as "in", "the" or "last": openings too common for the regex engine's literal
//! prefilter, so a scan ran each automaton over every byte of the body, a quarter of the
//! analysis (by `perf`). Here the starts of words are found once per body, each marked with the
//! kinds of opening it offers ([`Openers`], from a [`Vocabulary`]), and a pattern is tried
//! anchored at the starts it can open at. That visits the same matches, in the same order, as a
//! scan: at each start the anchored search takes the leftmost-first match, the next search
//! begins where the last match ended, and a pattern whose every match begins at a word start
//! (an ASCII `\b` before an ASCII letter or digit) has no match anywhere else. [`Pattern::new`]
//! makes `\b` and `\d` ASCII for that reason. (A case-insensitive pattern would, scanned, also
//! open at the Unicode case variants of ASCII letters, the long s "ſ" and the Kelvin sign; they
//! are not tried.)

use std::ops::{Index, Range};

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

/// The kinds of word a pattern may open with, as bits; a [`Vocabulary`] gives each word its own.
pub(crate) type Openers = u32;
/// A word that starts with an ASCII digit: "17", "1,000", "3rd", "1990s". Every vocabulary has it.
pub(crate) const DIGITS: Openers = 1;
/// Not anchored: a pattern whose opening the regex engine's prefilter finds fast ("$", "£")
/// is scanned for as usual.
pub(crate) const SCANNED: Openers = 0;

/// The words that open a family of patterns, with what each opens; case does not matter.
pub(crate) struct Vocabulary {
    /// Each word's bytes packed into a number ([`packed`]).
    words: rustc_hash::FxHashMap<u128, Openers>,
    longest: usize,
    /// The words' first two letters (lower-cased; a one-letter word's second is 0), as bits:
    /// most words of a body are passed over on it ("of", "said", "and").
    prefixes: Box<[u64; 1024]>,
}

/// The bytes of a word of at most 16, lower-cased, as one number.
fn packed(word: &[u8]) -> u128 {
    word.iter().fold(0u128, |n, b| (n << 8) | u128::from(b.to_ascii_lowercase()))
}

/// The index of a word's first two bytes, lower-cased, in [`Vocabulary::prefixes`]' bits.
fn prefix(word: &[u8]) -> usize {
    let second = word.get(1).map_or(0, u8::to_ascii_lowercase);
    (usize::from(word[0].to_ascii_lowercase()) << 8) | usize::from(second)
}

impl Vocabulary {
    /// `words`: ASCII words of 1 to 16 letters or digits, in any case. A word listed more than
    /// once opens all that its entries say.
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = (&'w str, Openers)>) -> Vocabulary {
        let mut table = rustc_hash::FxHashMap::default();
        let mut prefixes = Box::new([0u64; 1024]);
        let mut longest = 0;
        for (word, openers) in words {
            assert!((1..=16).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_alphanumeric()), "{word}");
            *table.entry(packed(word.as_bytes())).or_default() |= openers;
            let p = prefix(word.as_bytes());
            prefixes[p / 64] |= 1 << (p % 64);
            longest = longest.max(word.len());
        }
        Vocabulary { words: table, longest, prefixes }
    }

    /// What the ASCII word `word` opens.
    fn openers(&self, word: &[u8]) -> Openers {
        if word[0].is_ascii_digit() {
            return DIGITS;
        }
        let p = prefix(word);
        if word.len() > self.longest || self.prefixes[p / 64] & (1 << (p % 64)) == 0 {
            return 0;
        }
        self.words.get(&packed(word)).copied().unwrap_or(0)
    }
}

/// ASCII letters, digits and `_`: what `(?-u:\b)` takes for a word's bytes.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// The word starts of one body that open anything, with what each opens.
pub(crate) struct Starts {
    starts: Vec<(usize, Openers)>,
}

impl Starts {
    /// Every position where an ASCII word begins (the boundary `(?-u:\b)` sees) and what the
    /// word there opens in `vocabulary`.
    pub(crate) fn of(body: &str, vocabulary: &Vocabulary) -> Starts {
        let bytes = body.as_bytes();
        let mut starts = Vec::new();
        let mut i = 0;
        loop {
            while i < bytes.len() && !WORD_BYTE[usize::from(bytes[i])] {
                i += 1;
            }
            if i == bytes.len() {
                break;
            }
            let start = i;
            while i < bytes.len() && WORD_BYTE[usize::from(bytes[i])] {
                i += 1;
            }
            let openers = vocabulary.openers(&bytes[start..i]);
            if openers != 0 {
                starts.push((start, openers));
            }
        }
        Starts { starts }
    }
}

/// A pattern and the openings it can begin with.
pub(crate) struct Pattern {
    regex: Regex,
    opens: Openers,
}

impl Pattern {
    /// `pattern` must match only at a word start whose word offers one of `opens`. Its `\b` and
    /// `\d` are made ASCII, as the anchoring needs (and `str::parse` reads only ASCII digits).
    pub(crate) fn new(pattern: &str, opens: Openers) -> Pattern {
        let ascii = pattern.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]");
        Pattern { regex: Regex::new(&ascii).expect("figure and date patterns are valid"), opens }
    }

    /// The matches in `body`, as a scan from its start gives them.
    pub(crate) fn captures_iter<'h>(
        &'h self,
        body: &'h str,
        starts: &'h Starts,
    ) -> Box<dyn Iterator<Item = Found<'h>> + 'h> {
        if self.opens == SCANNED {
            return Box::new(self.regex.captures_iter(body).map(move |caps| Found { body, caps }));
        }
        let mut next = 0;
        Box::new(starts.starts.iter().filter(|(_, o)| o & self.opens != 0).filter_map(move |&(at, _)| {
            if at < next {
                return None;
            }
            let input = Input::new(body).range(at..).anchored(Anchored::Yes).earliest(true);
            // Most starts open no match: the cheapest question first, then the groups.
            if !self.regex.is_match(input.clone()) {
                return None;
            }
            let mut caps = self.regex.create_captures();
            self.regex.search_captures(&input.earliest(false), &mut caps);
            let whole = caps.get_match()?.range();
            next = whole.end;
            Some(Found { body, caps })
        }))
    }
}

/// One match and its named groups.
pub(crate) struct Found<'h> {
    body: &'h str,
    caps: Captures,
}

/// A group's text and where it is.
pub(crate) struct Piece<'h> {
    body: &'h str,
    range: Range<usize>,
}

impl<'h> Piece<'h> {
    pub(crate) fn as_str(&self) -> &'h str {
        &self.body[self.range.clone()]
    }
    pub(crate) fn range(&self) -> Range<usize> {
        self.range.clone()
    }
    pub(crate) fn start(&self) -> usize {
        self.range.start
    }
    pub(crate) fn end(&self) -> usize {
        self.range.end
    }
}

impl<'h> Found<'h> {
    pub(crate) fn whole(&self) -> Range<usize> {
        self.caps.get_match().map_or(0..0, |m| m.range())
    }
    pub(crate) fn name(&self, group: &str) -> Option<Piece<'h>> {
        let span = self.caps.get_group_by_name(group)?;
        Some(Piece { body: self.body, range: span.range() })
    }
}

impl Index<&str> for Found<'_> {
    type Output = str;
    /// The group's text; "" when it took no part in the match.
    fn index(&self, group: &str) -> &str {
        self.caps.get_group_by_name(group).map_or("", |span| &self.body[span.range()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBER_WORD: Openers = 2;
    const ARTICLE: Openers = 4;
    const SHARE_WORD: Openers = 8;
    const ORDINAL_WORD: Openers = 16;

    fn vocabulary() -> Vocabulary {
        Vocabulary::new([
            ("two", NUMBER_WORD | SHARE_WORD),
            ("a", NUMBER_WORD | ARTICLE | SHARE_WORD),
            ("an", ARTICLE),
            ("half", SHARE_WORD),
            ("first", ORDINAL_WORD),
            ("throughout", NUMBER_WORD),
        ])
    }

    /// What a scan of the whole body finds, as ranges.
    fn scanned(pattern: &str, body: &str) -> Vec<Range<usize>> {
        regex::Regex::new(pattern).unwrap().find_iter(body).map(|m| m.range()).collect()
    }

    fn anchored(pattern: &str, opens: Openers, body: &str) -> Vec<Range<usize>> {
        let starts = Starts::of(body, &vocabulary());
        Pattern::new(pattern, opens).captures_iter(body, &starts).map(|f| f.whole()).collect()
    }

    #[test]
    fn anchored_matches_are_the_scans_matches() {
        let bodies = [
            "In 2004, 17 people and two-thirds of 1,000 voters spent $5 — a year, an hour, 3rd time.",
            "x17 _5 é5 5é 12-10 12 -10 TWO years two years 1.5 years a dozen years Throughout years",
            "",
            "5",
            "half of it; a third of them; first visit; 21st",
        ];
        let patterns: [(&str, Openers); 6] = [
            (r"(?-u:\b)[0-9]+(?:\.[0-9]+)?", DIGITS),
            (r"(?-u:\b)(?:[0-9]+|two|a dozen|an?|throughout)\s+years?(?-u:\b)", DIGITS | NUMBER_WORD | ARTICLE),
            (r"(?-u:\b)(?P<n>[0-9]{1,3})\s?-\s?(?P<m>[0-9]{1,3})(?-u:\b)", DIGITS),
            (r"(?-u:\b)(?i:two[- ]thirds|a third|half)\s+of(?-u:\b)", SHARE_WORD),
            (r"(?-u:\b)(?:[0-9]+(?:st|rd)|first)(?-u:\b)", DIGITS | ORDINAL_WORD),
            (r"\$[0-9]+", SCANNED),
        ];
        for body in bodies {
            for (pattern, opens) in patterns {
                assert_eq!(anchored(pattern, opens, body), scanned(pattern, body), "{pattern} in {body:?}");
            }
        }
    }

    #[test]
    fn words_open_in_any_case_and_only_whole() {
        let vocabulary = vocabulary();
        let openers = |body: &str| Starts::of(body, &vocabulary).starts;
        assert_eq!(openers("Half HALF half"), [(0, SHARE_WORD), (5, SHARE_WORD), (10, SHARE_WORD)]);
        assert_eq!(openers("(throughout) 3rd"), [(1, NUMBER_WORD), (13, DIGITS)]);
        assert!(openers("halfway twofold x2 _a throughouts").is_empty());
    }

    #[test]
    fn groups_read_as_in_the_regex_crate() {
        let body = "beat them 17-16 on Sunday";
        let starts = Starts::of(body, &vocabulary());
        let pattern = Pattern::new(r"(?-u:\b)(?P<a>[0-9]+)-(?P<b>[0-9]+)(?P<c>x)?", DIGITS);
        let found: Vec<Found> = pattern.captures_iter(body, &starts).collect();
        assert_eq!(found.len(), 1);
        assert_eq!((&found[0]["a"], &found[0]["b"], &found[0]["c"]), ("17", "16", ""));
        assert!(found[0].name("c").is_none());
        assert_eq!(found[0].name("b").map(|p| p.range()), Some(13..15));
    }
}
