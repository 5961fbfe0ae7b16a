//! Named entities by general rules over capitalised runs of words.
//!
//! A *run* is a stretch of capitalised words, possibly joined by hyphens, possessives and
//! lower-case connectors ("Treaty on the Basic Principles of Friendly Relations between Việt
//! Nam and Russia"). Each run is classified, splitting it where needed:
//! 1. a known name (gazetteer or alias file) is taken whole;
//! 2. a possessive splits it ("Việt Nam's Central Committee");
//! 3. a title splits it, and is not part of any name ("General Secretary | of the Communist
//!    Party of Vietnam | Nguyen Phu Trong");
//! 4. a head word makes it an organisation, document, event or place by the last head word
//!    ("... Union" organisation, "... Free Trade Agreement" document, "... Summit" event);
//! 5. a name-shaped run starting with a family name, a given name or initials is a person;
//! 6. otherwise known names and acronyms inside it are taken.
//!
//! Afterwards acronyms defined in the text ("Eurasian Economic Union (EAEU)") link to their
//! expansion, and a lone word that is the name of a person met in the same article — the last
//! word of a full name, or a name after a title ("Ambassador Khoi") — is that person ("Khoi
//! said"). A lone word before "said" is not enough on its own: companies say things too.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::lexicon::{Lexicon, name_key};
use super::ner::{NerKind, NerModel};
use super::tokens::{Token, TokenKind, tokenize};

/// How the trained model and the rules share the work (the evaluation harness measures each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntityPolicy {
    /// The rules alone.
    RulesOnly,
    /// People, places and organisations from the model alone; documents and events from the
    /// rules.
    ModelOnly,
    /// The model's names overrule the rules' shape-based guesses where they overlap; the rules
    /// keep what they know for sure (names in the gazetteer or alias file, documents, events,
    /// acronyms defined in the text) and add the names the model did not find.
    #[default]
    Combined,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organization,
    Document,
    Event,
}

impl EntityKind {
    pub const ALL: [EntityKind; 5] =
        [EntityKind::Person, EntityKind::Place, EntityKind::Organization, EntityKind::Document, EntityKind::Event];

    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
            EntityKind::Document => "document",
            EntityKind::Event => "event",
        }
    }

    pub fn from_name(name: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One mention of a named entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// Byte range in the body.
    pub span: Range<usize>,
    pub kind: EntityKind,
    /// Identity shared by every form of the same entity ("place:vietnam"). Shared between
    /// mentions: a library names a few thousand entities hundreds of thousands of times.
    pub key: Arc<str>,
    /// The name shown for the entity.
    pub canonical: Arc<str>,
}

impl EntityMention {
    /// The name part of the key, its matching key ("vietnam" of "place:vietnam").
    fn key_name(&self) -> &str {
        self.key.find(':').map_or(&self.key, |i| &self.key[i + 1..])
    }
}

/// An entity's key and shown name.
type KeyAndName = (Arc<str>, Arc<str>);

struct Finder<'a> {
    body: &'a str,
    /// Where the model's names start: an acronym the model calls an organisation stays one.
    from_model: FxHashSet<usize>,
    lex: &'a Lexicon,
    tokens: Vec<Token>,
    /// Every token folded (lower case, no diacritics), in one buffer; `folded_at[i]` is token i's range.
    folded_buf: String,
    folded_at: Vec<Range<usize>>,
    found: Vec<EntityMention>,
    /// Capitalised words that were not part of any entity, for the later passes.
    loose: Vec<usize>,
    /// One shared copy of each key and name in this article.
    names: FxHashMap<String, Arc<str>>,
}

/// The longest run of tokens taken as one name; longer runs are taken in pieces.
const MAX_RUN_TOKENS: usize = 64;

/// "II", "IV", "XIV": a Roman numeral in capitals, as ends a war's, a pope's or a king's name.
fn is_roman_numeral(word: &str) -> bool {
    static ROMAN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^X{0,3}(?:IX|IV|VI{0,3}|I{1,3})$|^X{1,3}$").expect("a valid numeral pattern")
    });
    ROMAN.is_match(word)
}

#[cfg(test)]
pub fn find(body: &str, lex: &Lexicon) -> Vec<EntityMention> {
    find_with(body, lex, None, EntityPolicy::RulesOnly)
}

/// [`find`] with a trained model for people, places and organisations, combined by `policy`.
pub fn find_with(body: &str, lex: &Lexicon, model: Option<&NerModel>, policy: EntityPolicy) -> Vec<EntityMention> {
    let tokens = tokenize(body);
    let mut folded_buf = String::with_capacity(body.len());
    let mut scratch = String::new();
    let folded_at = tokens
        .iter()
        .map(|t| {
            crate::text::fold_into(t.text(body), &mut scratch);
            let start = folded_buf.len();
            folded_buf.push_str(&scratch);
            start..folded_buf.len()
        })
        .collect();
    let mut f = Finder {
        body,
        lex,
        tokens,
        folded_buf,
        folded_at,
        found: Vec::new(),
        from_model: Default::default(),
        loose: Vec::new(),
        names: FxHashMap::default(),
    };
    f.scan_runs();
    if let Some(model) = model.filter(|_| policy != EntityPolicy::RulesOnly) {
        f.merge_model(model, policy);
    }
    f.join_hyphenated_name_ends();
    f.saints_keep_their_possessive();
    f.link_acronyms();
    f.link_surnames();
    if model.is_some() && policy != EntityPolicy::RulesOnly {
        f.one_kind_per_name();
    }
    f.found.sort_by_key(|e| (e.span.start, e.span.end));
    f.places_at_play_are_clubs();
    f.kinds_from_context();
    f.found
}

/// How far before a name a copyright mark is looked for, in bytes.
const COPYRIGHT_LOOK_BACK: usize = 80;

/// "APEC 2027", "Beijing 2008", "Euro 2016": a name followed by a bare year names that year's
/// meeting, games or tournament, an event of its own (a document where the name ends in a
/// document's head word: "Vision 2030"). The name's mention becomes that event; its other
/// mentions stay what they are. `years` are the spans, sorted, of the dates that are a bare year alone:
/// where a date takes the word before it in ("June 2005", "Q3 2020", "Christmas 2004") the
/// year is that date's, and "2004-05" is a season. People are left alone ("Bush 2004"), and so
/// is a copyright line's year ("© Reuters 2005"), which says when it was written.
pub(crate) fn name_the_events_of_a_year(
    mentions: &mut [EntityMention],
    years: &[Range<usize>],
    body: &str,
    lex: &Lexicon,
) {
    for e in mentions.iter_mut() {
        if e.kind == EntityKind::Person || e.canonical.ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let after = e.span.end + 1;
        if !body[e.span.end..].starts_with(' ') {
            continue;
        }
        let Ok(at) = years.binary_search_by_key(&after, |y| y.start) else { continue };
        let year = &years[at];
        let printed = &body[year.clone()];
        let in_range = printed.len() == 4 && printed.parse::<u16>().is_ok_and(|y| (1900..=2100).contains(&y));
        let ends_there = !body[year.end..].starts_with(|c: char| c.is_alphanumeric() || matches!(c, '-' | '–' | '/'));
        // The copyright mark stands just before the name on its line; a bounded look back keeps
        // a body without line breaks from being read again for every such name.
        let from = super::floor_boundary(body, e.span.start.saturating_sub(COPYRIGHT_LOOK_BACK));
        let before = &body[from..e.span.start];
        let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]).to_lowercase();
        let copyright = line.contains('©') || line.contains("(c)") || line.contains("copyright");
        if !(in_range && ends_there) || copyright {
            continue;
        }
        let last_word = crate::text::fold(e.canonical.split_whitespace().last().unwrap_or(""));
        let kind = match lex.head_kind(&last_word) {
            Some(EntityKind::Document) => EntityKind::Document,
            _ => EntityKind::Event,
        };
        let canonical = format!("{} {printed}", e.canonical);
        e.key = Arc::from(format!("{}:{}", kind.name(), name_key(&canonical)));
        e.canonical = Arc::from(canonical);
        e.kind = kind;
        e.span = e.span.start..year.end;
    }
}

impl<'a> Finder<'a> {
    fn folded(&self, i: usize) -> &str {
        &self.folded_buf[self.folded_at[i].clone()]
    }

    fn text(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.body)
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn is_capitalised(&self, i: usize) -> bool {
        self.is_word(i) && self.text(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn is_digits(&self, i: usize) -> bool {
        self.is_word(i) && self.text(i).chars().all(|c| c.is_ascii_digit())
    }

    fn is_acronym(&self, i: usize) -> bool {
        let t = self.text(i);
        self.is_word(i)
            && t.chars().filter(|c| c.is_uppercase()).count() >= 2
            && t.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    }

    fn is_initial(&self, i: usize) -> bool {
        self.is_letter_dot(i) && !self.in_dotted_abbreviation(i)
    }

    fn is_letter_dot(&self, i: usize) -> bool {
        let t = self.text(i);
        self.is_word(i) && t.ends_with('.') && t.chars().count() == 2
    }

    /// Whether the letter at `i` belongs to letters glued together that spell a name the
    /// lexicon knows ("U.S.", "U.N.", "E.U."): an abbreviation, not a person's initials, so
    /// "U.S. Federal Reserve" is no person "U. S. Federal Reserve" ("H.G. Wells" still is).
    fn in_dotted_abbreviation(&self, i: usize) -> bool {
        let glued = |a: usize, b: usize| self.tokens[a].end == self.tokens[b].start;
        let mut first = i;
        while first > 0 && self.is_letter_dot(first - 1) && glued(first - 1, first) {
            first -= 1;
        }
        let mut last = i;
        while last + 1 < self.tokens.len() && self.is_letter_dot(last + 1) && glued(last, last + 1) {
            last += 1;
        }
        if first == last {
            return false;
        }
        let letters: String = (first..=last).filter_map(|k| self.text(k).chars().next()).collect();
        self.lex.acronyms.contains(&letters) || self.lex.known.contains_key(&name_key(&letters))
    }

    fn is_connector(&self, i: usize) -> bool {
        self.is_word(i) && !self.is_capitalised(i) && self.lex.connectors.contains(self.folded(i))
    }

    fn is_head(&self, i: usize) -> bool {
        self.is_word(i) && self.lex.head_kind(self.folded(i)).is_some() && !self.opens_a_persons_name(i)
    }

    /// A given name before a capitalised word that is no head word opens a person's name,
    /// whatever else the given name is: "Bill Clinton" is no bill, "the Finance Bill" and the
    /// "Bill of Rights" are.
    fn opens_a_persons_name(&self, i: usize) -> bool {
        self.lex.given_names.contains(self.folded(i))
            && self.is_capitalised(i + 1)
            && self.tokens[i + 1].space_before
            && self.lex.head_kind(self.folded(i + 1)).is_none()
    }

    fn is_stop(&self, i: usize) -> bool {
        self.lex.stop_capitals.contains(self.text(i)) && !self.is_name_start(i)
    }

    /// A family name, given name or initial: the start of a person's name.
    fn is_name_start(&self, i: usize) -> bool {
        self.is_initial(i)
            || self.lex.family_names.contains(self.folded(i))
            || self.lex.given_names.contains(self.folded(i))
    }

    fn punct_is(&self, i: usize, chars: &[char]) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct && chars.iter().any(|c| self.text(i).starts_with(*c)))
    }

    fn span(&self, seg: &[usize]) -> Range<usize> {
        self.tokens[seg[0]].start..self.tokens[seg[seg.len() - 1]].end
    }

    /// Finds maximal runs of capitalised words and classifies each.
    fn scan_runs(&mut self) {
        let n = self.tokens.len();
        let mut i = 0;
        while i < n {
            if !self.is_capitalised(i) {
                i += 1;
                continue;
            }
            let mut run = vec![i];
            let mut j = i + 1;
            loop {
                if self.paragraph_break_before(j) {
                    // No name runs from one paragraph into the next (a heading, a list's lines).
                    break;
                } else if self.is_capitalised(j) && self.tokens[j].space_before && self.weekday_ends_run(&run, j) {
                    // "the High Court Tuesday", "Unity State Friday": a weekday after a name is
                    // when, not the rest of the name.
                    break;
                } else if self.is_capitalised(j) && self.tokens[j].space_before {
                    run.push(j);
                    j += 1;
                } else if self.is_digits(j) && self.tokens[j].space_before && self.is_capitalised(j + 1) {
                    // "Following 30 Years of ...", "on 2030 Vision for ...": a number inside a title.
                    run.extend([j, j + 1]);
                    j += 2;
                } else if self.is_word(j)
                    && !self.tokens[j].space_before
                    && (self.is_capitalised(j) || self.is_digits(j))
                {
                    // "COVID-19": a word glued to the previous one.
                    run.push(j);
                    j += 1;
                } else if (self.punct_is(j, &['-', '–'])
                    && (self.is_capitalised(j + 1) || (self.is_digits(j + 1) && !self.tokens[j + 1].space_before)))
                    || ((self.tokens.get(j).is_some_and(|t| t.kind == TokenKind::Possessive)
                        || self.punct_is(j, &['\'', '’']))
                        && self.is_capitalised(j + 1))
                {
                    // "Vietnam-Russia", "COVID-19", "Việt Nam's Central Committee", "Ministers' Meeting".
                    run.extend([j, j + 1]);
                    j += 2;
                } else if self.is_connector(j) {
                    // Connectors join capitalised words: "of", "of the", "and".
                    let mut k = j;
                    while self.is_connector(k) && k - j < 2 {
                        k += 1;
                    }
                    // "the Grammys on Sunday": a day or month after a connector is a date, not
                    // the rest of the name.
                    let calendar = self.is_word(k)
                        && (crate::text::weekday_from_name(self.text(k)).is_some()
                            || crate::text::month_from_name(self.text(k)).is_some());
                    if !calendar && (self.is_capitalised(k) || (self.is_digits(k) && self.is_capitalised(k + 1))) {
                        run.extend(j..=k);
                        j = k + 1;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            // "COVID-19 pandemic", "Iraq war": a lower-case event noun right after the run.
            if self.is_word(j) && !self.is_capitalised(j) && self.lex.event_nouns.contains(self.folded(j)) {
                run.push(j);
                let seg = self.trim(&run);
                if !seg.is_empty() {
                    match self.known(&seg) {
                        Some((kind, display)) => self.push(&seg, kind, Some(display)),
                        None => self.push(&seg, EntityKind::Event, None),
                    }
                }
                i = j + 1;
                continue;
            }
            // "coach Arsene Wenger", "chief executive Tim Smith": a lower-case title before the run.
            let titled = i > 0
                && self.is_word(i - 1)
                && !self.is_capitalised(i - 1)
                && self.lex.titles.get(self.folded(i - 1)).is_some_and(|phrases| phrases.iter().any(|t| t.len() == 1));
            if titled {
                self.after_title(&run);
            } else {
                self.classify(&run);
            }
            i = j;
        }
    }

    /// Whether a blank line stands between token `j` and the one before it.
    fn paragraph_break_before(&self, j: usize) -> bool {
        j > 0
            && j < self.tokens.len()
            && self.body[self.tokens[j - 1].end..self.tokens[j].start].bytes().filter(|&b| b == b'\n').count() >= 2
    }

    /// Whether the weekday at `j` (if it is one) stays out of `run`: it joins only one word
    /// that names nothing alone, as a day's own name ("Good Friday", "Super Tuesday").
    fn weekday_ends_run(&self, run: &[usize], j: usize) -> bool {
        // Whole names only: "Baltimore Sun" is a newspaper.
        if self.text(j).len() < 6 || crate::text::weekday_from_name(self.text(j)).is_none() {
            return false;
        }
        let &[only] = run else { return true };
        self.is_known_word(only)
            || self.is_name_start(only)
            || self.is_head(only)
            || self.is_acronym(only)
            || self.lex.titles.contains_key(self.folded(only))
    }

    /// Drops stop words, connectors and punctuation from both ends.
    fn trim(&self, seg: &[usize]) -> Vec<usize> {
        let mut a = 0;
        let mut b = seg.len();
        // "European Championships", "Asian Games": an event's name keeps the adjective that
        // opens it, though the adjective alone opens no name.
        let event_named = seg
            .last()
            .is_some_and(|&i| self.is_word(i) && self.lex.head_kind(self.folded(i)) == Some(EntityKind::Event));
        let opens_event = |i: usize| {
            event_named
                && !super::ner::is_function_word(self.text(i))
                && crate::text::weekday_from_name(self.text(i)).is_none()
                && crate::text::month_from_name(self.text(i)).is_none()
        };
        while a < b
            && (!self.is_word(seg[a])
                || self.is_connector(seg[a])
                || (self.is_stop(seg[a]) && !(a + 1 < b && opens_event(seg[a])))
                || self.sentence_word_before_a_name(seg[a], b - a)
                || self.opening_participle(seg[a], b - a))
        {
            a += 1;
        }
        while b > a && (!self.is_word(seg[b - 1]) || self.is_connector(seg[b - 1])) {
            b -= 1;
        }
        seg[a..b].to_vec()
    }

    /// A participle that opens a sentence before a name ("Following World War II, ...", "Citing
    /// Reuters, ..."): the lexicon's `opening_participles`, listed, not guessed from "-ing", as
    /// "Reading", "Ealing" and "Sterling" open names.
    fn opening_participle(&self, i: usize, len: usize) -> bool {
        len >= 2
            && self.lex.opening_participles.contains(self.folded(i))
            && super::ner::starts_sentence(self.body, &self.tokens, i)
    }

    /// An English function word that opens a sentence before a name of two words or more ("To
    /// LeBron James, ..."): the sentence's, even where it folds to a family name ("Tô" in "Tô
    /// Lâm"), which a two-word name ("To Lam") keeps.
    fn sentence_word_before_a_name(&self, i: usize, len: usize) -> bool {
        len >= 3
            && super::ner::is_function_word(self.text(i))
            && super::ner::starts_sentence(self.body, &self.tokens, i)
    }

    /// A model name's edges: as [`Self::trim`], except that an organisation or a place keeps a
    /// leading capitalised word the model put inside it ("European Union", "British Airways");
    /// only function words ("The", "In") come off.
    fn trim_model(&self, seg: &[usize], kind: EntityKind) -> Vec<usize> {
        if kind == EntityKind::Person {
            return self.trim(seg);
        }
        let mut a = 0;
        while a < seg.len()
            && (!self.is_word(seg[a])
                || self.is_connector(seg[a])
                || (self.is_stop(seg[a]) && super::ner::is_function_word(self.text(seg[a]))))
        {
            a += 1;
        }
        let mut b = seg.len();
        while b > a && (!self.is_word(seg[b - 1]) || self.is_connector(seg[b - 1])) {
            b -= 1;
        }
        seg[a..b].to_vec()
    }

    /// The matching key of a stretch of tokens, built from their folded forms (no re-folding).
    fn key_of(&self, seg: &[usize]) -> String {
        let mut key = String::with_capacity(32);
        if let (Some(&first), Some(&last)) = (seg.first(), seg.last()) {
            for i in first..=last {
                key.extend(self.folded(i).chars().filter(|c| c.is_alphanumeric()));
            }
        }
        key
    }

    fn is_known_word(&self, i: usize) -> bool {
        let folded = self.folded(i);
        if folded.chars().all(char::is_alphanumeric) {
            self.lex.known.contains_key(folded)
        } else {
            self.lex.known.contains_key(&self.key_of(&[i]))
        }
    }

    fn known(&self, seg: &[usize]) -> Option<(EntityKind, String)> {
        if seg.is_empty() {
            return None;
        }
        self.lex.known.get(&self.key_of(seg)).map(|k| (k.kind, k.display.clone()))
    }

    fn shared(&mut self, text: String) -> Arc<str> {
        match self.names.get(&text) {
            Some(name) => Arc::clone(name),
            None => {
                let name: Arc<str> = Arc::from(text.as_str());
                self.names.insert(text, Arc::clone(&name));
                name
            }
        }
    }

    fn mention(&mut self, span: Range<usize>, kind: EntityKind, canonical: String) -> EntityMention {
        let key = self.shared(format!("{}:{}", kind.name(), name_key(&canonical)));
        let canonical = self.shared(canonical);
        EntityMention { span, kind, key, canonical }
    }

    fn push(&mut self, seg: &[usize], kind: EntityKind, display: Option<String>) {
        let span = self.span(seg);
        let canonical = display.unwrap_or_else(|| self.body[span.clone()].to_string());
        let mention = self.mention(span, kind, canonical);
        self.found.push(mention);
    }

    /// The title phrase starting at `seg[k]`, as a number of tokens.
    fn title_at(&self, seg: &[usize], k: usize) -> Option<usize> {
        if !self.is_capitalised(seg[k]) {
            return None;
        }
        let phrases = self.lex.titles.get(self.folded(seg[k]))?;
        phrases
            .iter()
            .find(|t| t.len() <= seg.len() - k && t.iter().zip(&seg[k..]).all(|(w, &i)| w == self.folded(i)))
            .map(Vec::len)
    }

    /// Whether `seg` looks like a person's name: 1-5 capitalised words or initials, none of
    /// them a connector, head word, acronym or stop word.
    fn name_shaped(&self, seg: &[usize]) -> bool {
        (1..=5).contains(&seg.len())
            && seg.iter().all(|&i| {
                (self.is_capitalised(i) || self.is_initial(i))
                    && !self.is_head(i)
                    && (!self.is_acronym(i) || self.is_initial(i))
                    && !self.is_stop(i)
                    && !self.is_known_word(i)
            })
    }

    /// The first position from which the rest of `seg` is a person's name.
    fn person_start(&self, seg: &[usize]) -> Option<usize> {
        // A family name, given name or initial alone is not a name ("To create ...").
        (0..seg.len()).find(|&p| seg.len() - p >= 2 && self.is_name_start(seg[p]) && self.name_shaped(&seg[p..]))
    }

    fn classify(&mut self, run: &[usize]) {
        // No name is this long. Taking a longer run in pieces bounds the recursion below
        // ("Sir Sir Sir …" recursed once per word and overflowed the stack) and keeps the work
        // per run constant.
        if run.len() > MAX_RUN_TOKENS {
            for piece in run.chunks(MAX_RUN_TOKENS) {
                self.classify(piece);
            }
            return;
        }
        let seg = self.trim(run);
        if seg.is_empty() {
            return;
        }
        if let Some((kind, display)) = self.known(&seg) {
            self.push(&seg, kind, Some(display));
            return;
        }
        if let Some(p) = seg.iter().position(|&i| self.tokens[i].kind == TokenKind::Possessive) {
            self.classify(&seg[..p]);
            self.classify(&seg[p + 1..]);
            return;
        }
        // "the Eurasian Economic Union and the East Asia Summit", "Việt Nam and the Eurasian
        // Economic Union": two names. But "between Việt Nam and Russia" stays one phrase.
        if let Some(p) = seg.iter().position(|&i| self.folded(i) == "and" && self.is_connector(i))
            && !seg[..p].iter().any(|&i| self.folded(i) == "between")
            && ((seg[..p].iter().any(|&i| self.is_head(i)) || self.known(&self.trim(&seg[..p])).is_some())
                && (seg[p + 1..].iter().any(|&i| self.is_head(i)) || self.known(&self.trim(&seg[p + 1..])).is_some())
                // "the Scottish National Party and the Tories": "and the" starts another name.
                || seg.get(p + 1).is_some_and(|&i| self.folded(i) == "the"))
        {
            self.classify(&seg[..p]);
            self.classify(&seg[p + 1..]);
            return;
        }
        if let Some((mut k, mut len)) = (0..seg.len()).rev().find_map(|k| self.title_at(&seg, k).map(|len| (k, len))) {
            // The rightmost title may be the end of a longer one: "Vice | Chairman".
            while k > 0
                && let Some(longer) = self.title_at(&seg, k - 1).filter(|&l| l > len)
            {
                k -= 1;
                len = longer;
            }
            self.classify(&seg[..k]);
            self.after_title(&seg[k + len..]);
            return;
        }
        if let Some(last_head) = seg.iter().rposition(|&i| self.is_head(i)) {
            if let Some(p) = self.person_start(&seg[last_head + 1..]) {
                let split = last_head + 1 + p;
                self.classify(&seg[..split]);
                self.push_person(&seg[split..]);
                return;
            }
            // A phrase must name something beyond its head words ("the Party and Government" does
            // not); a head word that is a name of its own counts ("Gulf War").
            let specific = seg
                .iter()
                .any(|&i| self.is_word(i) && !self.is_connector(i) && (!self.is_head(i) || self.is_known_word(i)));
            if specific {
                // "Master Plan for ... Cooperation" is a plan: a head word followed by a
                // connector governs the phrase; otherwise the last head word does.
                let governing = seg[..last_head]
                    .iter()
                    .position(|&i| self.is_head(i))
                    .filter(|&h| seg.get(h + 1).is_some_and(|&i| self.is_connector(i)));
                let head = seg[governing.unwrap_or(last_head)];
                let kind = self.lex.head_kind(self.folded(head)).unwrap_or(EntityKind::Organization);
                // The phrase ends at its last head word unless a connector continues it:
                // "Communist Party of Vietnam", "Treaty on ... between Việt Nam and Russia".
                // So do trailing capitalised words that are not another name ("Meeting Plus").
                let tail = &seg[last_head + 1..];
                // A numeral ends a name too: "World War II".
                let continues = tail.first().is_some_and(|&i| self.is_connector(i))
                    || matches!(tail, [i] if is_roman_numeral(self.text(*i)))
                    || (!tail.is_empty()
                        && tail.iter().all(|&i| {
                            self.is_capitalised(i)
                                && !self.is_acronym(i)
                                && !self.lex.known.contains_key(&name_key(self.text(i)))
                        }));
                let end = if continues { seg.len() } else { last_head + 1 };
                self.push(&seg[..end], kind, None);
                if end < seg.len() {
                    self.classify(&seg[end..]);
                }
                return;
            }
        }
        if seg.len() >= 2 && self.name_shaped(&seg) && self.is_name_start(seg[0]) {
            self.push_person(&seg);
            return;
        }
        self.pick_known_names(&seg);
    }

    fn after_title(&mut self, run: &[usize]) {
        if run.len() > MAX_RUN_TOKENS {
            self.classify(run);
            return;
        }
        // "Minister of Public Security": what follows "of" is a portfolio, not a name.
        let portfolio = run.first().is_some_and(|&i| self.is_connector(i));
        let seg = self.trim(run);
        if seg.is_empty() {
            return;
        }
        // "Phan Văn Giang and Vice Chairman ...": the name ends at "and".
        if let Some(and) = seg.iter().position(|&i| self.folded(i) == "and" && self.is_connector(i)) {
            let lead = run.iter().position(|&i| i == seg[0]).unwrap_or(0);
            self.after_title(&run[..lead + and]);
            self.classify(&seg[and + 1..]);
            return;
        }
        if let Some(p) = self.person_start(&seg) {
            self.classify(&seg[..p]);
            self.push_person(&seg[p..]);
        } else if !portfolio && self.name_shaped(&seg) && seg.len() <= 3 {
            self.push_person(&seg);
        } else if !portfolio && self.given_name_is_a_place(&seg) {
            // "chairman Milan Mandaric", "coach Jordan Henderson": after a title, a given name
            // that is also a place's name begins a person's name.
            self.push_person(&seg);
        } else {
            self.classify(&seg);
        }
    }

    /// Two or three capitalised words whose first ones are known names but whose last is
    /// not, and which together name nothing known: a person whose given name is a place's.
    fn given_name_is_a_place(&self, seg: &[usize]) -> bool {
        let Some(&last) = seg.last() else { return false };
        (2..=3).contains(&seg.len())
            && self.known(seg).is_none()
            && !self.is_known_word(last)
            && seg
                .iter()
                .all(|&i| self.is_capitalised(i) && !self.is_head(i) && !self.is_acronym(i) && !self.is_stop(i))
    }

    fn push_person(&mut self, seg: &[usize]) {
        self.push(seg, EntityKind::Person, None);
    }

    /// Known names and acronyms inside a run that is not itself one entity; what is left over
    /// may still be a person's name or a lone word for the later passes.
    fn pick_known_names(&mut self, seg: &[usize]) {
        let mut k = 0;
        let mut leftover: Vec<usize> = Vec::new();
        while k < seg.len() {
            if !self.is_word(seg[k]) {
                self.flush_leftover(&mut leftover);
                k += 1;
                continue;
            }
            let longest = (1..=self.lex.longest_known.min(seg.len() - k) * 2).rev().find_map(|n| {
                let end = k + n;
                if end > seg.len() || !self.is_word(seg[end - 1]) {
                    return None;
                }
                self.known(&seg[k..end]).map(|found| (end, found))
            });
            if let Some((end, (kind, display))) = longest {
                self.flush_leftover(&mut leftover);
                self.push(&seg[k..end], kind, Some(display));
                k = end;
            } else if self.is_acronym(seg[k]) {
                self.flush_leftover(&mut leftover);
                // Known acronyms are organisations; others count only if the text defines them.
                self.push(&seg[k..=k], EntityKind::Organization, None);
                k += 1;
            } else {
                leftover.push(seg[k]);
                k += 1;
            }
        }
        self.flush_leftover(&mut leftover);
    }

    fn flush_leftover(&mut self, leftover: &mut Vec<usize>) {
        if leftover.is_empty() {
            return;
        }
        let seg = self.trim(leftover);
        leftover.clear();
        if seg.is_empty() {
            return;
        }
        if let Some(p) = self.person_start(&seg) {
            self.loose.extend(&seg[..p]);
            self.push_person(&seg[p..]);
        } else {
            let loose: Vec<usize> =
                seg.iter().copied().filter(|&i| self.is_capitalised(i) && !self.is_stop(i)).collect();
            self.loose.extend(loose);
        }
    }

    /// Takes the model's people, places and organisations (see [`EntityPolicy`]).
    fn merge_model(&mut self, model: &NerModel, policy: EntityPolicy) {
        let names = model.find(self.body, &self.tokens);
        let lex = self.lex;
        let body = self.body;
        // What the rules know for sure, whatever the model says.
        let sure = |e: &EntityMention| {
            let text = &body[e.span.clone()];
            // A rule person starts with a listed given or family name or initials.
            matches!(e.kind, EntityKind::Document | EntityKind::Event | EntityKind::Person)
                || lex.known.contains_key(&name_key(text))
                || (e.kind == EntityKind::Organization && lex.acronyms.contains(text))
        };
        if policy == EntityPolicy::ModelOnly {
            self.found.retain(|e| matches!(e.kind, EntityKind::Document | EntityKind::Event));
            self.loose.clear();
        }
        // Rule mentions do not overlap each other: sorted by start, they are sorted by end too,
        // and one sweep finds those under each model name (names come in text order).
        self.found.sort_by_key(|e| e.span.start);
        let mut dropped = vec![false; self.found.len()];
        let mut next = 0;
        let mut taken: Vec<EntityMention> = Vec::new();
        for name in names {
            let kind = match name.kind {
                NerKind::Person => EntityKind::Person,
                NerKind::Place => EntityKind::Place,
                NerKind::Organization => EntityKind::Organization,
                NerKind::Nationality | NerKind::Other => continue,
            };
            let mut seg: Vec<usize> = name.tokens.clone().collect();
            // The training data counts titles in names ("President Lee"); here they are not.
            while kind == EntityKind::Person
                && !seg.is_empty()
                && let Some(len) = self.title_at(&seg, 0)
            {
                seg.drain(..len);
            }
            let seg = self.trim_model(&seg, kind);
            // "Ford and General Motors" is two names, unless the lexicon knows the whole
            // ("Bosnia and Herzegovina").
            let and = seg.iter().position(|&i| self.folded(i) == "and");
            let parts: Vec<Vec<usize>> = match and {
                Some(p) if self.known(&seg).is_none() && !self.one_body_with_and(&seg, p, kind) => {
                    vec![self.trim_model(&seg[..p], kind), self.trim_model(&seg[p + 1..], kind)]
                }
                _ => vec![seg],
            };
            for seg in parts {
                self.take_model_name(&seg, kind, &sure, &mut next, &mut dropped, &mut taken);
            }
        }
        let mut flags = dropped.into_iter();
        self.found.retain(|_| !flags.next().unwrap_or(false));
        self.from_model.extend(taken.iter().map(|e| e.span.start));
        // `taken` is in text order: the one name that could hold a word starts before it.
        let tokens = &self.tokens;
        self.loose.retain(|&i| {
            let at = tokens[i].start;
            let before = taken.partition_point(|e| e.span.start <= at);
            before == 0 || !taken[before - 1].span.contains(&at)
        });
        self.found.extend(taken);
    }

    /// Whether a model organisation holding "and" at `seg[and]` is one public body's name:
    /// a head word with its complement before the "and" ("Ministry of Trade and Industry",
    /// "Committee on Economic and Technical Cooperation",
    /// "Organization for Democracy and Development"), or a body's head word at the end and,
    /// before the "and", one word that names nothing alone ("Transport and General Workers
    /// Union", "Food and Drug Administration"; not "Ford and General Motors", nor "Hamas and
    /// the Islamic Jihad Movement", where the first word is a name).
    fn one_body_with_and(&self, seg: &[usize], and: usize, kind: EntityKind) -> bool {
        if kind != EntityKind::Organization || and == 0 || and + 1 >= seg.len() {
            return false;
        }
        let body_head = |i: usize| self.lex.body_heads.contains(self.folded(i));
        let complement = seg[1..and].iter().any(|&i| matches!(self.folded(i), "of" | "for" | "on"));
        if body_head(seg[0]) && complement {
            return true;
        }
        let &[first] = &seg[..and] else { return false };
        let names_alone = self.is_known_word(first)
            || self.is_acronym(first)
            || self.lex.given_names.contains(self.folded(first))
            || self.lex.family_names.contains(self.folded(first))
            || self.lex.head_kind(self.folded(first)).is_some();
        seg.last().is_some_and(|&last| body_head(last)) && self.is_capitalised(first) && !names_alone
    }

    /// One name from the model (see [`Self::merge_model`]): taken unless a sure rule mention
    /// overlaps it; the rule mentions under it are marked `dropped`. `next` is the sweep's
    /// position in `self.found`.
    fn take_model_name(
        &mut self,
        seg: &[usize],
        kind: EntityKind,
        sure: &dyn Fn(&EntityMention) -> bool,
        next: &mut usize,
        dropped: &mut [bool],
        taken: &mut Vec<EntityMention>,
    ) {
        // "General", "the Treaty", "Strategic Partnership": as in the rules, a name must name
        // something beyond titles and head words.
        // An organisation may be named by its heads alone ("Parliament", "United Nations").
        let head = |i: usize| {
            self.lex.head_kind(self.folded(i)).is_some_and(|h| !(kind == EntityKind::Organization && h == kind))
        };
        let nothing_but_heads = seg.iter().all(|&i| {
            !self.is_word(i) || head(i) || self.is_connector(i) || self.lex.titles.contains_key(self.folded(i))
        });
        // "and AI", "the GDP": words that never begin a name name nothing alone.
        let nothing_but_stops = seg.iter().all(|&i| !self.is_word(i) || self.is_stop(i));
        if nothing_but_heads || nothing_but_stops || self.portfolio_after_title(seg, kind) {
            return;
        }
        let span = self.span(seg);
        while *next < self.found.len() && self.found[*next].span.end <= span.start {
            *next += 1;
        }
        let end = (*next..self.found.len()).find(|&j| self.found[j].span.start >= span.end).unwrap_or(self.found.len());
        let under = *next..end;
        // "Bill Gates": a head word at the start made the rules call a person a document.
        // Only that shape gives way: a short name whose first word is the head word.
        let overrulable = |e: &EntityMention| {
            let text = &self.body[e.span.clone()];
            let first = text.split_whitespace().next().unwrap_or_default();
            kind == EntityKind::Person
                && matches!(e.kind, EntityKind::Document | EntityKind::Event)
                && text.split_whitespace().count() <= 3
                && self.lex.head_kind(&crate::text::fold(first)).is_some()
        };
        // "Nouri al-Maliki": a rule person inside a longer model person is part of it.
        // "Sudan People's Liberation Movement": so is the one known name inside a longer model
        // organisation or place, unless titles show it is two names run together ("Russia's
        // President ...", "Russia Vietnam").
        let is_known = |e: &EntityMention| self.lex.known.contains_key(&name_key(&self.body[e.span.clone()]));
        let known_inside = self.found[under.clone()].iter().filter(|e| is_known(e)).count();
        // A title that names a person: followed by a name, not by an organisation's head or a
        // complement ("U.N. General Assembly", "U.N. High Commissioner for Refugees" are one
        // body each).
        let titled = seg.iter().enumerate().any(|(k, &i)| {
            let next = seg.get(k + 1).copied();
            self.is_word(i)
                && self.lex.titles.contains_key(self.folded(i))
                && next.is_some_and(|n| {
                    self.is_capitalised(n) && self.lex.head_kind(self.folded(n)) != Some(EntityKind::Organization)
                })
        });
        let extended = |e: &EntityMention| {
            let inside = span.start <= e.span.start && e.span.end <= span.end && e.span.len() < span.len();
            // "Vietnam's Central Committee": a possessive ends the known name's reach.
            let possessive = inside && self.body[e.span.end..span.end].starts_with(['\'', '’']);
            // "Chilean President Ricardo Lagos": a town's name ends a person's name that opens
            // with a given name.
            let surname_of_a_place = kind == EntityKind::Person
                && e.kind == EntityKind::Place
                && e.span.end == span.end
                && seg.first().is_some_and(|&f| {
                    self.is_capitalised(f)
                        && self.tokens[f].start < e.span.start
                        && (self.lex.given_names.contains(self.folded(f))
                            || super::ner::is_listed_given_name(self.text(f)))
                })
                && !self.lex.countries.contains(e.key_name());
            inside
                && !matches!(e.kind, EntityKind::Document | EntityKind::Event)
                && (e.kind == EntityKind::Person && kind == EntityKind::Person
                    || surname_of_a_place
                    || kind != EntityKind::Person && is_known(e) && known_inside == 1 && !titled && !possessive)
        };
        // "Manchester United", "Transport Union": a rule organisation that ends in an
        // organisation's head word is not a person, whatever the model says.
        let headed_organisation = |e: &EntityMention| {
            let mut words = self.body[e.span.clone()].split_whitespace();
            kind == EntityKind::Person
                && e.kind == EntityKind::Organization
                && words.next().is_some()
                && words
                    .last()
                    .is_some_and(|w| self.lex.head_kind(&crate::text::fold(w)) == Some(EntityKind::Organization))
        };
        // "Public and Commercial Services Union": a rule organisation ending in a public body's
        // head word holds the pieces the model cut it into at its "and" (but "Officials of the
        // European Union" is not one name).
        let whole_body = |e: &EntityMention| {
            let joined_by_and = |outside: &str| outside.split_whitespace().any(|w| w == "and");
            kind == EntityKind::Organization
                && e.kind == EntityKind::Organization
                && e.span.start <= span.start
                && span.end <= e.span.end
                && (joined_by_and(&self.body[e.span.start..span.start])
                    || joined_by_and(&self.body[span.end..e.span.end]))
                && self.body[e.span.clone()]
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| self.lex.body_heads.contains(&crate::text::fold(w)))
        };
        if self.found[under.clone()]
            .iter()
            .any(|e| (sure(e) && !overrulable(e) && !extended(e)) || headed_organisation(e) || whole_body(e))
        {
            return;
        }
        dropped[under].iter_mut().for_each(|d| *d = true);
        let (kind, canonical) = match self.known(seg) {
            Some((known_kind, display)) => (known_kind, display),
            None => (kind, self.body[span.clone()].to_string()),
        };
        taken.push(self.mention(span, kind, canonical));
    }

    /// "Minister of Public Security", "Ministry of Foreign Affairs": an organisation the model
    /// finds right after a minister's or a ministry's "of" is a portfolio, part of a title or
    /// of the ministry's whole name, and no body by itself.
    fn portfolio_after_title(&self, seg: &[usize], kind: EntityKind) -> bool {
        let Some(&first) = seg.first() else { return false };
        kind == EntityKind::Organization
            && first >= 2
            && self.folded(first - 1) == "of"
            && !self.is_capitalised(first - 1)
            && matches!(self.folded(first - 2), "minister" | "ministry" | "secretary")
    }

    /// "Ban Ki-moon", "Moon Jae-in", "Ma Ying-jeou": a person's name whose last part is
    /// hyphenated to a lower-case syllable ends after it; a run of capitalised words stops at
    /// the lower case. Compound words ("Oslo-based", "Putin-era") are not names' ends.
    fn join_hyphenated_name_ends(&mut self) {
        for k in 0..self.found.len() {
            let e = &self.found[k];
            if e.kind != EntityKind::Person {
                continue;
            }
            let last = self.tokens.partition_point(|t| t.end < e.span.end);
            let (dash, syllable) = (last + 1, last + 2);
            let joined = syllable < self.tokens.len()
                && self.tokens[last].end == e.span.end
                && self.punct_is(dash, &['-', '‐'])
                && self.tokens[dash].start == self.tokens[last].end
                && self.tokens[syllable].start == self.tokens[dash].end
                && self.is_word(syllable)
                && self.text(syllable).chars().all(char::is_lowercase)
                && !self.lex.compound_suffixes.contains(self.folded(syllable))
                && !self.punct_is(syllable + 1, &['-', '‐']);
            if !joined {
                continue;
            }
            let text_was = &self.body[e.span.clone()];
            let span = e.span.start..self.tokens[syllable].end;
            let canonical =
                if *e.canonical == *text_was { self.body[span.clone()].to_string() } else { e.canonical.to_string() };
            self.found[k] = self.mention(span, EntityKind::Person, canonical);
        }
    }

    /// "St Mary's", "St James' Park" cut at the possessive read "St Mary": a saint's name
    /// that a possessive ends is a place (a ground, a church, a hospital, a college) with it.
    fn saints_keep_their_possessive(&mut self) {
        for k in 0..self.found.len() {
            let e = &self.found[k];
            let first = self.tokens.partition_point(|t| t.start < e.span.start);
            let after = self.tokens.partition_point(|t| t.start < e.span.end);
            let saint = matches!(self.folded(first), "st" | "saint") && first + 1 < after;
            let possessive = after < self.tokens.len()
                && self.tokens[after].start == e.span.end
                && (self.tokens[after].kind == TokenKind::Possessive
                    || (self.punct_is(after, &['\'', '’']) && self.text(after - 1).ends_with('s')));
            // "St Mary's Church" is a longer name, found as such or not at all, and "St
            // Petersburg's mayor" a city's: the possessive stands alone ("at St Mary's.").
            let next = after + 1;
            let alone = !self.is_word(next) || super::ner::is_function_word(self.text(next));
            if !saint || !possessive || !alone {
                continue;
            }
            let span = e.span.start..self.tokens[after].end;
            let canonical = self.body[span.clone()].to_string();
            self.found[k] = self.mention(span, EntityKind::Place, canonical);
        }
    }

    /// One name, one entity: the model judges each mention from its neighbours, so "Delmora"
    /// may come out an organisation in one sentence and a place in the next. A lone word that
    /// is a person's first or last name met in the article is that person ("Quellin",
    /// "Harriet" after "Harriet Quellin"); other names take the kind most of their mentions got
    /// (the first seen on a tie). Names the lexicon knows keep their kind.
    fn one_kind_per_name(&mut self) {
        let body = self.body;
        let mut people: FxHashMap<String, Vec<KeyAndName>> = FxHashMap::default();
        for e in self.found.iter().filter(|e| e.kind == EntityKind::Person) {
            let words: Vec<&str> = body[e.span.clone()].split_whitespace().collect();
            if words.len() >= 2 {
                for word in [words[0], words[words.len() - 1]] {
                    let entry = people.entry(name_key(word)).or_default();
                    if !entry.iter().any(|(k, _)| *k == e.key) {
                        entry.push((e.key.clone(), e.canonical.clone()));
                    }
                }
            }
        }
        // Decided first, applied after: the tally borrows the mentions' shared names. A
        // mention's key is "kind:name", so its name needs no folding again.
        let mut to_person: Vec<(usize, KeyAndName)> = Vec::new();
        let mut votes: FxHashMap<Arc<str>, Vec<(EntityKind, usize)>> = FxHashMap::default();
        let mut voting: Vec<usize> = Vec::new();
        for (i, e) in self.found.iter().enumerate() {
            let name = e.key_name();
            if matches!(e.kind, EntityKind::Document | EntityKind::Event) || self.lex.known.contains_key(name) {
                continue;
            }
            let text = &body[e.span.clone()];
            if e.kind != EntityKind::Person
                && !text.contains(char::is_whitespace)
                && let Some([person]) = people.get(&name_key(text)).map(Vec::as_slice)
            {
                to_person.push((i, person.clone()));
                continue;
            }
            let tally = votes.entry(e.canonical.clone()).or_default();
            match tally.iter_mut().find(|(k, _)| *k == e.kind) {
                Some((_, n)) => *n += 1,
                None => tally.push((e.kind, 1)),
            }
            voting.push(i);
        }
        for (i, (key, canonical)) in to_person {
            let e = &mut self.found[i];
            e.kind = EntityKind::Person;
            e.key = key;
            e.canonical = canonical;
        }
        for i in voting {
            let e = &self.found[i];
            let Some(tally) = votes.get(&e.canonical).filter(|t| t.len() > 1) else { continue };
            // A person's full name stays a person; a lone word the model called a person in
            // some sentences ("Instagram" 14 times, an organisation 21 times) goes with the
            // majority like any other name.
            if e.kind == EntityKind::Person && e.canonical.contains(char::is_whitespace) {
                continue;
            }
            let top = tally.iter().map(|&(_, n)| n).max().unwrap_or(0);
            let winner = tally.iter().find(|&&(_, n)| n == top).map_or(e.kind, |&(k, _)| k);
            if winner != e.kind {
                let (span, canonical) = (e.span.clone(), e.canonical.to_string());
                self.found[i] = self.mention(span, winner, canonical);
            }
        }
    }

    /// Towns and regions at play are clubs: "Portsmouth boss Harry Redknapp", "Bath's
    /// fly-half", "Minnesota beat Buffalo", "Leeds 2-1 Hull". National sides count as their
    /// country, so countries stay places. Decided where a mention shows it and applied to every
    /// mention of that name in the article: a report names a club the same way throughout.
    /// Expects `found` sorted by position.
    fn places_at_play_are_clubs(&mut self) {
        let token_at = |at: usize| self.tokens.partition_point(|t| t.start < at);
        let ranges: Vec<(usize, usize)> =
            self.found.iter().map(|e| (token_at(e.span.start), token_at(e.span.end))).collect();
        let sides = |e: &EntityMention| matches!(e.kind, EntityKind::Place | EntityKind::Organization);
        let mut clubs: Vec<usize> = Vec::new();
        for (m, e) in self.found.iter().enumerate() {
            if !sides(e) {
                continue;
            }
            let after = ranges[m].1;
            let mut k = after;
            if self.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Possessive) {
                k += 1;
            }
            if self.is_word(k) && !self.is_capitalised(k) && self.lex.club_roles.contains(self.folded(k)) {
                clubs.push(m);
            }
            // The next name, when it starts at token `k`, is the other side.
            let other_side_at =
                |k: usize| self.found.get(m + 1).filter(|next| sides(next) && ranges[m + 1].0 == k).map(|_| m + 1);
            let mut k = after;
            if self.is_word(k) && !self.is_capitalised(k) && self.lex.match_words.contains(self.folded(k)) {
                k += 1;
                if self.punct_is(k, &['.']) {
                    k += 1;
                }
                if self.is_word(k) && self.lex.match_particles.contains(self.folded(k)) {
                    k += 1;
                }
                if let Some(other) = other_side_at(k) {
                    clubs.extend([m, other]);
                }
            } else if self.is_digits(after)
                && self.punct_is(after + 1, &['-', '–'])
                && self.is_digits(after + 2)
                && let Some(other) = other_side_at(after + 3)
            {
                clubs.extend([m, other]);
            }
        }
        let club_names: FxHashSet<Arc<str>> = clubs
            .into_iter()
            .map(|m| &self.found[m])
            .filter(|e| e.kind == EntityKind::Place && !self.lex.countries.contains(e.key_name()))
            .map(|e| e.canonical.clone())
            .collect();
        self.make_kind(&club_names, EntityKind::Organization, |kind| kind == EntityKind::Place);
    }

    /// Every mention of one of `names` whose kind passes `from` becomes of kind `to`.
    fn make_kind(&mut self, names: &FxHashSet<Arc<str>>, to: EntityKind, from: impl Fn(EntityKind) -> bool) {
        if names.is_empty() {
            return;
        }
        for i in 0..self.found.len() {
            let e = &self.found[i];
            if from(e.kind) && names.contains(&e.canonical) {
                let (span, canonical) = (e.span.clone(), e.canonical.to_string());
                self.found[i] = self.mention(span, to, canonical);
            }
        }
    }

    /// The names (canonical) of the mentions whose kind passes `kind`, that the lexicon does not
    /// know, and whose first token and the token after them pass `at`.
    fn unknown_names_where(
        &self,
        kind: impl Fn(EntityKind) -> bool,
        at: impl Fn(usize, usize) -> bool,
    ) -> FxHashSet<Arc<str>> {
        let token_at = |offset: usize| self.tokens.partition_point(|t| t.start < offset);
        self.found
            .iter()
            .filter(|e| kind(e.kind) && !self.lex.known.contains_key(e.key_name()))
            .filter(|e| at(token_at(e.span.start), token_at(e.span.end)))
            .map(|e| e.canonical.clone())
            .collect()
    }

    /// What the words around a name say it is, in every mention of the article, whatever kind
    /// its shape or the model gave it; names the lexicon knows keep their kind ("rival Russia"
    /// stays a place):
    /// - right after (or, for a few nouns, right before) a lower-case noun for an organisation,
    ///   an organisation: "oil firm Yukos", "the newspaper Vedomosti", "the Yuganskneftegas unit";
    /// - right before a lower-case noun for a place, a place: "Banda Aceh province";
    /// - a place of two or three capitalised words taken on as a role, a person: "bring in
    ///   Velimir Zajec as executive director" (a firm may be taken on as an adviser, so
    ///   organisations keep their kind).
    fn kinds_from_context(&mut self) {
        let lower_noun = |i: usize, nouns: &super::lexicon::FastSet| {
            i < self.tokens.len()
                && self.tokens[i].space_before
                && self.is_word(i)
                && !self.is_capitalised(i)
                && nouns.contains(self.folded(i))
        };
        let person_or_place = |kind| matches!(kind, EntityKind::Person | EntityKind::Place);
        let organisations = self.unknown_names_where(person_or_place, |first, after| {
            (first >= 1 && self.tokens[first].space_before && lower_noun(first - 1, &self.lex.organisation_nouns))
                || lower_noun(after, &self.lex.organisation_nouns_after)
        });
        let person_or_organisation = |kind| matches!(kind, EntityKind::Person | EntityKind::Organization);
        let places =
            self.unknown_names_where(person_or_organisation, |_, after| lower_noun(after, &self.lex.place_nouns_after));
        let people = self.unknown_names_where(
            |kind| kind == EntityKind::Place,
            |first, after| {
                (2..=3).contains(&(after - first))
                    && (first..after).all(|i| self.is_capitalised(i))
                    && self.taken_on_as_a_role(after)
            },
        );
        self.make_kind(&organisations, EntityKind::Organization, person_or_place);
        self.make_kind(&places, EntityKind::Place, person_or_organisation);
        self.make_kind(&people, EntityKind::Person, |kind| kind == EntityKind::Place);
    }

    /// Whether the words from token `k` read "as [the] <role>", the role one of the lexicon's
    /// titles, perhaps after a word that qualifies it ("as executive director").
    fn taken_on_as_a_role(&self, mut k: usize) -> bool {
        if !(self.is_word(k) && self.folded(k) == "as") {
            return false;
        }
        k += 1;
        while self.is_word(k)
            && matches!(
                self.folded(k),
                "a" | "an" | "the" | "its" | "his" | "her" | "their" | "new" | "interim" | "acting"
            )
        {
            k += 1;
        }
        let role =
            |k: usize| self.is_word(k) && !self.is_capitalised(k) && self.lex.titles.contains_key(self.folded(k));
        role(k) || (self.is_word(k) && !self.is_capitalised(k) && role(k + 1))
    }

    /// "Full Name (ACRONYM)": the acronym is the same entity as the name before it. Acronyms
    /// neither defined nor in the lexicon's list are dropped ("IT", "AI" are not organisations).
    fn link_acronyms(&mut self) {
        let mut defined: HashMap<String, (EntityKind, Arc<str>, Arc<str>)> = HashMap::new();
        for i in 1..self.tokens.len().saturating_sub(2) {
            if !(self.punct_is(i, &['(']) && self.is_acronym(i + 1)) {
                continue;
            }
            // "(EAEU)" or "(ADMM+)": the acronym, perhaps one mark, then the closing parenthesis.
            if !(self.punct_is(i + 2, &[')']) || self.punct_is(i + 3, &[')'])) {
                continue;
            }
            let before_end = self.tokens[i - 1].end;
            let acronym = self.text(i + 1).to_string();
            let Some(at) = self.found.iter().position(|e| e.span.end == before_end && e.kind != EntityKind::Person)
            else {
                continue;
            };
            let first = acronym.chars().next();
            // "the Vietnam- Eurasian Economic Union (EAEU)": the expansion starts at the word
            // with the acronym's initial; what comes before it is not part of the name.
            let expansion = &self.found[at];
            let text = &self.body[expansion.span.clone()];
            let starts = text
                .char_indices()
                .filter(|&(k, c)| c.is_uppercase() && (k == 0 || !text[..k].ends_with(char::is_alphanumeric)));
            let Some((offset, _)) = starts.clone().find(|&(_, c)| Some(c) == first) else { continue };
            if offset > 0 {
                let start = expansion.span.start + offset;
                let span = start..expansion.span.end;
                let name = self.body[span.clone()].to_string();
                let prefix = expansion.span.start..start;
                let kind = expansion.kind;
                self.found[at] = self.mention(span, kind, name);
                let prefix_text = self.body[prefix.clone()].trim_end_matches(|c: char| !c.is_alphanumeric());
                if let Some(k) = self.lex.known.get(&name_key(prefix_text)) {
                    let span = prefix.start..prefix.start + prefix_text.len();
                    let (kind, display) = (k.kind, k.display.clone());
                    let mention = self.mention(span, kind, display);
                    self.found.push(mention);
                }
            }
            let expansion = &self.found[at];
            defined.insert(acronym, (expansion.kind, expansion.key.clone(), expansion.canonical.clone()));
        }
        let lex = self.lex;
        let body = self.body;
        let from_model = &self.from_model;
        self.found.retain_mut(|e| {
            let text = &body[e.span.clone()];
            let is_acronym_mention = e.kind == EntityKind::Organization
                && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
                && text.len() >= 2;
            if !is_acronym_mention {
                return true;
            }
            if let Some((kind, key, canonical)) = defined.get(text) {
                e.kind = *kind;
                e.key = key.clone();
                e.canonical = canonical.clone();
                return true;
            }
            // "3.6 billion USD": after an amount, an acronym is a unit.
            let before = body[..e.span.start].trim_end();
            let after_amount = before.ends_with(|c: char| c.is_ascii_digit())
                || ["billion", "million", "bn", "trillion"].iter().any(|w| before.ends_with(w));
            lex.acronyms.contains(text) || (from_model.contains(&e.span.start) && !after_amount)
        });
    }

    /// A bare surname ("Bezdetko", "Putin") links to the full name met in the same article,
    /// when only one full name ends with it.
    fn link_surnames(&mut self) {
        let mut by_last: HashMap<String, Vec<KeyAndName>> = HashMap::new();
        for e in self.found.iter().filter(|e| e.kind == EntityKind::Person) {
            let words: Vec<&str> = self.body[e.span.clone()].split_whitespace().collect();
            if words.len() >= 2 {
                let entry = by_last.entry(name_key(words[words.len() - 1])).or_default();
                if !entry.iter().any(|(k, _)| *k == e.key) {
                    entry.push((e.key.clone(), e.canonical.clone()));
                }
            }
        }
        // Names met after a title ("Ambassador Khoi") count too, when no full name ends with them.
        for e in self.found.iter().filter(|e| e.kind == EntityKind::Person && !self.body[e.span.clone()].contains(' '))
        {
            let key = name_key(&self.body[e.span.clone()]);
            by_last.entry(key).or_insert_with(|| vec![(e.key.clone(), e.canonical.clone())]);
        }
        let unique = |last: &str| by_last.get(last).filter(|v| v.len() == 1).map(|v| v[0].clone());
        for e in self.found.iter_mut().filter(|e| e.kind == EntityKind::Person) {
            if !self.body[e.span.clone()].contains(' ')
                && let Some((key, canonical)) = unique(&name_key(&self.body[e.span.clone()]))
            {
                e.key = key;
                e.canonical = canonical;
            }
        }
        let loose = std::mem::take(&mut self.loose);
        for i in loose {
            if let Some((key, canonical)) = unique(&name_key(self.text(i))) {
                let span = self.tokens[i].start..self.tokens[i].end;
                self.found.push(EntityMention { span, kind: EntityKind::Person, key, canonical });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(body: &str) -> Vec<(String, EntityKind, String)> {
        find(body, &Lexicon::bundled())
            .into_iter()
            .map(|e| (body[e.span].to_string(), e.kind, e.canonical.to_string()))
            .collect()
    }

    fn has(found: &[(String, EntityKind, String)], text: &str, kind: EntityKind, canonical: &str) -> bool {
        found.iter().any(|(t, k, c)| t == text && *k == kind && c == canonical)
    }

    #[test]
    fn titles_are_not_part_of_names() {
        let f = names("Russian President Vladimir Putin met President Tô Lâm. Later Putin said more.");
        assert!(has(&f, "Vladimir Putin", EntityKind::Person, "Vladimir Putin"), "{f:?}");
        assert!(has(&f, "Tô Lâm", EntityKind::Person, "Tô Lâm"), "{f:?}");
        assert!(has(&f, "Putin", EntityKind::Person, "Vladimir Putin"), "{f:?}");
    }

    #[test]
    fn portfolio_between_title_and_name() {
        let f = names(
            "Minister of Foreign Affairs Bui Thanh Son answered. General Secretary of the Communist Party of Vietnam Nguyen Phu Trong spoke.",
        );
        assert!(has(&f, "Bui Thanh Son", EntityKind::Person, "Bui Thanh Son"), "{f:?}");
        assert!(has(&f, "Nguyen Phu Trong", EntityKind::Person, "Nguyen Phu Trong"), "{f:?}");
        assert!(
            has(&f, "Communist Party of Vietnam", EntityKind::Organization, "Communist Party of Việt Nam"),
            "{f:?}"
        );
        assert!(!f.iter().any(|(t, _, _)| t.contains("Foreign Affairs")), "{f:?}");
    }

    #[test]
    fn places_fold_diacritics_and_spelling() {
        let f = names("Talks in HÀ NỘI and Hanoi, then Việt Nam and Vietnam.");
        assert!(has(&f, "HÀ NỘI", EntityKind::Place, "Hà Nội"), "{f:?}");
        assert!(has(&f, "Hanoi", EntityKind::Place, "Hà Nội"), "{f:?}");
        assert!(has(&f, "Vietnam", EntityKind::Place, "Việt Nam"), "{f:?}");
    }

    #[test]
    fn acronyms_link_to_their_expansion() {
        let f = names("the Association of Southeast Asian Nations (ASEAN) met. Later ASEAN agreed. IT and AI grew.");
        assert!(has(&f, "ASEAN", EntityKind::Organization, "Association of Southeast Asian Nations"), "{f:?}");
        assert_eq!(f.iter().filter(|(_, _, c)| c == "Association of Southeast Asian Nations").count(), 3, "{f:?}");
        assert!(!f.iter().any(|(t, _, _)| t == "IT" || t == "AI"), "{f:?}");
    }

    #[test]
    fn documents_events_and_organisations_by_head_word() {
        let f = names(
            "the 1994 Treaty on Principles of Friendly Relations was signed. During the COVID-19 pandemic, the Eurasian Economic Union and the East Asia Summit (EAS) met.",
        );
        assert!(
            has(
                &f,
                "Treaty on Principles of Friendly Relations",
                EntityKind::Document,
                "Treaty on Principles of Friendly Relations"
            ),
            "{f:?}"
        );
        assert!(has(&f, "COVID-19 pandemic", EntityKind::Event, "COVID-19 pandemic"), "{f:?}");
        assert!(has(&f, "Eurasian Economic Union", EntityKind::Organization, "Eurasian Economic Union"), "{f:?}");
        assert!(has(&f, "EAS", EntityKind::Event, "East Asia Summit"), "{f:?}");
    }

    #[test]
    fn speakers_initials_and_possessives() {
        let f = names(
            "Ambassador to Việt Nam G.S. Bezdetko spoke. Ambassador Khoi arrived. Khoi said it was fine. Russia’s Kremlin.",
        );
        assert!(has(&f, "G.S. Bezdetko", EntityKind::Person, "G.S. Bezdetko"), "{f:?}");
        assert_eq!(f.iter().filter(|(t, k, _)| t == "Khoi" && *k == EntityKind::Person).count(), 2, "{f:?}");
        assert!(has(&f, "Russia", EntityKind::Place, "Russia"), "{f:?}");
        let f = names("TimeWarner said profits rose.");
        assert!(f.is_empty(), "a lone word before 'said' is not a person by itself: {f:?}");
    }

    #[test]
    fn towns_at_play_are_clubs_and_countries_stay_places() {
        let f = names("Lyon boss Carlo Venn praised his side. Lyon beat Marseille 2-0 on Sunday.");
        assert!(f.iter().filter(|(t, _, _)| t == "Lyon").all(|(_, k, _)| *k == EntityKind::Organization), "{f:?}");
        assert!(has(&f, "Marseille", EntityKind::Organization, "Marseille"), "{f:?}");
        // A national side is its country; a town in a story that is not a match stays a place.
        let f = names("France beat Italy in Rome. Officials in Berlin defended the plan.");
        assert!(has(&f, "France", EntityKind::Place, "France"), "{f:?}");
        assert!(has(&f, "Italy", EntityKind::Place, "Italy"), "{f:?}");
        assert!(has(&f, "Berlin", EntityKind::Place, "Berlin"), "{f:?}");
        // A score between two names makes them sides too.
        let f = names("It finished Lyon 3-1 Marseille at the weekend.");
        assert!(has(&f, "Lyon", EntityKind::Organization, "Lyon"), "{f:?}");
    }

    #[test]
    fn a_given_name_that_is_a_place_after_a_title_is_a_person() {
        let f = names("The club's chairman Milan Dravek said he was disappointed.");
        assert!(has(&f, "Milan Dravek", EntityKind::Person, "Milan Dravek"), "{f:?}");
        let f = names("He flew to Milan on Friday.");
        assert!(has(&f, "Milan", EntityKind::Place, "Milan"), "{f:?}");
    }

    #[test]
    fn an_event_keeps_the_adjective_that_opens_its_name() {
        let f = names("She won bronze at last month's European Championships and the Asian Games.");
        assert!(has(&f, "European Championships", EntityKind::Event, "European Championships"), "{f:?}");
        assert!(has(&f, "Asian Games", EntityKind::Event, "Asian Games"), "{f:?}");
        // Alone, the adjective opens no name.
        let f = names("European leaders met. British officials said so.");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn an_event_keeps_its_numeral_and_not_the_participle_that_opens_its_sentence() {
        let f = names("Following World War II, the empire broke up. Reading Festival sold out.");
        assert!(has(&f, "World War II", EntityKind::Event, "World War II"), "{f:?}");
        assert!(has(&f, "Reading Festival", EntityKind::Event, "Reading Festival"), "{f:?}");
        assert_eq!(f.len(), 2, "{f:?}");
    }

    fn combined(body: &str) -> Vec<(String, EntityKind)> {
        find_with(body, &Lexicon::bundled(), Some(NerModel::bundled()), EntityPolicy::Combined)
            .into_iter()
            .map(|e| (body[e.span].to_string(), e.kind))
            .collect()
    }

    #[test]
    fn an_organisation_ending_in_its_head_word_is_not_a_person() {
        let f = combined("Wayne Rooney made a winning return as Manchester United cruised into the quarter-finals.");
        assert!(f.contains(&("Manchester United".to_string(), EntityKind::Organization)), "{f:?}");
        assert!(f.contains(&("Wayne Rooney".to_string(), EntityKind::Person)), "{f:?}");
    }

    #[test]
    fn a_portfolio_and_an_acronym_of_a_thing_are_no_organisations() {
        // The model alone calls both organisations.
        let text = "The former Minister of Public Safety, Dara Kelmet, spoke. The two will work on space \
                    research, renewable energy, and AI.";
        let model: Vec<String> = {
            let tokens = super::super::tokens::tokenize(text);
            NerModel::bundled()
                .find(text, &tokens)
                .into_iter()
                .map(|n| text[tokens[n.tokens.start].start..tokens[n.tokens.end - 1].end].to_string())
                .collect()
        };
        assert!(model.iter().any(|n| n == "Public Safety") && model.iter().any(|n| n == "AI"), "{model:?}");
        let f = combined(text);
        assert_eq!(f, [("Dara Kelmet".to_string(), EntityKind::Person)]);
    }

    #[test]
    fn a_name_introduced_as_a_firm_is_an_organisation_throughout() {
        // Without the introduction the model calls every mention a person.
        let f = combined(
            "Shares in oil firm Kelvarsk fell on Monday. Kelvarsk said its output would fall. Analysts at \
             Kelvarsk expect more.",
        );
        let kinds: Vec<EntityKind> = f.iter().filter(|(t, _)| t == "Kelvarsk").map(|&(_, k)| k).collect();
        assert_eq!(kinds, [EntityKind::Organization; 3], "{f:?}");
    }

    #[test]
    fn a_province_a_role_and_a_saints_ground_say_what_a_name_is() {
        // Made up. Alone, the model calls the first an organisation and the second a place, and
        // the rules cut the third at its possessive.
        for (text, name, kind) in [
            ("Rebuilding costs for Banda Kelvar province were 20 trillion rupiah.", "Banda Kelvar", EntityKind::Place),
            ("The club decided to bring in Velko Marsan as executive director.", "Velko Marsan", EntityKind::Person),
            (
                "Kelmar wanted to succeed at St Anselm's. St Petersburg's mayor agreed.",
                "St Anselm's",
                EntityKind::Place,
            ),
        ] {
            let f = combined(text);
            assert!(f.contains(&(name.to_string(), kind)), "{f:?}");
            assert!(!f.iter().any(|(t, _)| t.starts_with("St Petersburg'")), "{f:?}");
        }
    }

    #[test]
    fn a_known_name_inside_a_longer_model_name_is_part_of_it() {
        // "General" and "Commissioner" are titles, but here they name a body, not a person;
        // "Lagos" is a town, but here it ends a person's name.
        let f = combined(
            "Serbia wrote to the U.N. General Assembly on Monday. Chilean President Daniel Lagos met the \
             press. The U.N. High Commissioner for Refugees said more.",
        );
        for (name, kind) in [
            ("U.N. General Assembly", EntityKind::Organization),
            ("Daniel Lagos", EntityKind::Person),
            ("U.N. High Commissioner for Refugees", EntityKind::Organization),
        ] {
            assert!(f.contains(&(name.to_string(), kind)), "{name}: {f:?}");
        }
        assert!(!f.iter().any(|(t, _)| t == "U.N." || t == "Lagos"), "{f:?}");
    }

    #[test]
    fn the_model_finds_what_no_rule_knows() {
        // Made-up names: no list holds them, so only the context can tell.
        let f = combined("Shares in Valdorn Motors fell after Carla Wexby, its finance chief, quit in Brastow.");
        assert!(f.contains(&("Carla Wexby".to_string(), EntityKind::Person)), "{f:?}");
        assert!(f.iter().any(|(t, _)| t == "Valdorn Motors"), "{f:?}");
    }

    #[test]
    fn model_names_keep_their_edges_and_acronyms() {
        // Made-up organisations: a known place or a nationality inside them is part of the name,
        // and an acronym the model calls an organisation stays one; after an amount it is a unit.
        let f = combined("The Kenya People's Renewal Movement said the Zarnovian Union and the KZRP would meet.");
        assert!(f.contains(&("Kenya People's Renewal Movement".to_string(), EntityKind::Organization)), "{f:?}");
        let f = combined("Officials of the European Union met the leaders of the KZRP party in Brastow.");
        assert!(f.contains(&("European Union".to_string(), EntityKind::Organization)), "{f:?}");
        assert!(f.contains(&("KZRP".to_string(), EntityKind::Organization)), "{f:?}");
        let f = combined("Trade reached 4.2 billion USD last year.");
        assert!(!f.iter().any(|(t, _)| t == "USD"), "{f:?}");
    }

    #[test]
    fn coordinated_names_are_two_and_hyphenated_names_one() {
        let f = combined("Shares in Ford and General Motors fell, said Anne-Marie Duval.");
        assert!(f.iter().any(|(t, _)| t == "Ford"), "{f:?}");
        assert!(!f.iter().any(|(t, _)| t.contains(" and ")), "{f:?}");
        assert!(f.contains(&("Anne-Marie Duval".to_string(), EntityKind::Person)), "{f:?}");
        // Made-up names: a given name hyphenated to a lower-case syllable is whole; a compound
        // after a name is not part of it.
        let f = combined("Officials said Park Sun-woo met Ma Ying-jeou. The Kalvestrand-led coalition won.");
        assert!(f.contains(&("Park Sun-woo".to_string(), EntityKind::Person)), "{f:?}");
        assert!(f.contains(&("Ma Ying-jeou".to_string(), EntityKind::Person)), "{f:?}");
        assert!(!f.iter().any(|(t, _)| t.ends_with("-led")), "{f:?}");
        // Letters glued into a known abbreviation are no person's initials.
        let f =
            combined("The U.S. Federal Reserve raised rates, and the Public and Commercial Services Union objected.");
        assert!(!f.iter().any(|(_, k)| *k == EntityKind::Person), "{f:?}");
        assert!(f.contains(&("Public and Commercial Services Union".to_string(), EntityKind::Organization)), "{f:?}");
        let f = combined("H.G. Wells wrote it.");
        assert!(f.contains(&("H.G. Wells".to_string(), EntityKind::Person)), "{f:?}");
        // An organisation's name may hold "and": a common word before it names nothing alone,
        // nor does a head word with its complement ("Ministry of Trade").
        for name in
            ["Transport and General Workers Union", "Ministry of Trade and Industry", "Food and Drug Administration"]
        {
            let f = combined(&format!("Officials from the {name} said on Monday that talks had failed."));
            assert!(f.contains(&(name.to_string(), EntityKind::Organization)), "{name}: {f:?}");
        }
    }

    #[test]
    fn a_feature_of_the_map_governs_its_of_phrase_and_no_name_crosses_a_blank_line() {
        let f = combined("Storms moved into the Gulf of Mexico. Ships left the Strait of Kelmar at dawn.");
        assert!(f.contains(&("Gulf of Mexico".to_string(), EntityKind::Place)), "{f:?}");
        let f = names("He fought in the Gulf War and came home.");
        assert!(has(&f, "Gulf War", EntityKind::Event, "Gulf War"), "{f:?}");
        let f = names("Everton v Tranmere Rovers\n\nCharlton Athletic v Leicester City");
        assert!(!f.iter().any(|(t, _, _)| t.contains('\n')), "{f:?}");
    }

    #[test]
    fn a_person_named_bill_is_no_document_and_a_name_stops_before_its_date() {
        let f = combined("Bill Gates spoke to reporters.");
        assert!(f.contains(&("Bill Gates".to_string(), EntityKind::Person)), "{f:?}");
        // Inside a longer run too, where "Bill" was the head of one document of everything.
        let f = combined("Former Presidents Jimmy Carter and Bill Clinton attended the funeral.");
        assert!(f.contains(&("Bill Clinton".to_string(), EntityKind::Person)), "{f:?}");
        assert!(!f.iter().any(|(_, k)| *k == EntityKind::Document), "{f:?}");
        let f = names("The Finance Bill was passed. The Bill of Rights stands.");
        assert!(has(&f, "Finance Bill", EntityKind::Document, "Finance Bill"), "{f:?}");
        assert!(has(&f, "Bill of Rights", EntityKind::Document, "Bill of Rights"), "{f:?}");
        let f = names("She won at the Grammys on Sunday.");
        assert!(!f.iter().any(|(t, _, _)| t.contains("Sunday")), "{f:?}");
        let f = names("Fighting broke out in Unity State Friday. The High Court Tuesday ruled against it.");
        assert!(!f.iter().any(|(t, _, _)| t.contains("Friday") || t.contains("Tuesday")), "{f:?}");
        assert!(has(&f, "Unity State", EntityKind::Place, "Unity State"), "{f:?}");
    }

    #[test]
    fn one_name_one_kind_and_lone_names_join_their_person() {
        let f = combined(
            "Talks between Oskarvik and Delmora Energy stalled. Oskarvik later bought Delmora Energy. Harriet Quellin said Quellin would stay.",
        );
        let kinds: Vec<EntityKind> = f.iter().filter(|(t, _)| t == "Delmora Energy").map(|(_, k)| *k).collect();
        assert!(kinds.len() == 2 && kinds[0] == kinds[1], "{f:?}");
        assert!(f.contains(&("Quellin".to_string(), EntityKind::Person)), "{f:?}");
        // A lone word takes the kind most of its mentions got, whichever it is.
        let f = combined(
            "Brevlo began testing hiding likes on Thursday. Brevlo is happy to help. Users of Brevlo \
             complained. Shares in Brevlo fell. Offices of Brevlo closed. Staff of Brevlo left. Fans of \
             Brevlo cheered.",
        );
        let kinds: Vec<EntityKind> = f.iter().filter(|(t, _)| t == "Brevlo").map(|(_, k)| *k).collect();
        assert!(kinds.len() >= 2 && kinds.iter().all(|k| *k == kinds[0]), "{f:?}");
    }

    #[test]
    fn sentence_starts_are_not_names() {
        let f = names("The talks went well. Despite this, Regular dialogues continue.");
        assert!(f.is_empty(), "{f:?}");
        // A sentence adverb opens no name, the model's either.
        let f = combined("Maybe Brevlo likes it that way. Perhaps Carla Wexby will say.");
        assert!(f.iter().all(|(t, _)| !t.starts_with("Maybe") && !t.starts_with("Perhaps")), "{f:?}");
        // "To" folds like the family name Tô: before a full name it is still the sentence's.
        let f = combined("To Carla Wexby, the prize is no goal. President To Lam met her.");
        assert!(f.iter().any(|(t, k)| t == "Carla Wexby" && *k == EntityKind::Person), "{f:?}");
        assert!(f.iter().all(|(t, _)| !t.starts_with("To Carla")), "{f:?}");
        assert!(f.iter().any(|(t, _)| t == "To Lam"), "{f:?}");
    }
}
