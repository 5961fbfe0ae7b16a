//! The analysis core: named entities, key figures and dates found in an article body, as
//! mentions with byte spans into [`crate::Article::body`]. Pure functions of the text, the
//! lexicon and a reference date passed in: no files, no clock, no environment.

mod anchored;
mod dates;
mod entities;
mod figures;
mod lexicon;
pub mod ner;
pub mod tokens;

use std::ops::Range;

use chrono::NaiveDate;

pub use dates::{DateMention, Precision, When, find as find_dates};
pub use entities::{EntityKind, EntityMention, EntityPolicy};
pub use figures::{Figure, FigureKind};
pub use lexicon::{Lexicon, LexiconError, name_key};

/// The matching key of the last word of a name: "Dang Minh Khôi" -> "khoi".
pub fn name_key_of_last_word(name: &str) -> String {
    name_key(name.split_whitespace().last().unwrap_or(name))
}

use crate::article::{Article, BlockKind};

/// The words that open a figure or a date (see `anchored`): one vocabulary, so that a body's
/// words are looked up once for both.
static OPENING_WORDS: std::sync::LazyLock<anchored::Vocabulary> = std::sync::LazyLock::new(|| {
    let dates = dates::opening_words();
    anchored::Vocabulary::new(figures::opening_words().into_iter().chain(dates.iter().map(|(w, o)| (w.as_str(), *o))))
});
// A figure pattern must not be tried where only a date can open, nor the reverse: the two
// families share no bit but the digits'.
const _: () = assert!(figures::OPENERS & dates::OPENERS == anchored::DIGITS);

/// Everything found in one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleAnalysis {
    pub entities: Vec<EntityMention>,
    pub figures: Vec<Figure>,
    pub dates: Vec<DateMention>,
}

/// Finds entities, figures and dates. Built once from the lexicon; cheap to share.
#[derive(Debug, Clone)]
pub struct Analyzer {
    lexicon: Lexicon,
    policy: EntityPolicy,
    /// Another entity model than the bundled one (the harness measures a freshly trained one).
    model: Option<&'static ner::NerModel>,
}

impl Analyzer {
    /// The analyzer with the trained entity model shipped in the binary (read at the first
    /// analysis, not here: building an analyzer stays off the reader's start-up path).
    pub fn new(lexicon: Lexicon) -> Analyzer {
        Analyzer { lexicon, policy: EntityPolicy::default(), model: None }
    }

    fn model(&self) -> Option<&'static ner::NerModel> {
        (self.policy != EntityPolicy::RulesOnly).then(|| self.model.unwrap_or_else(ner::NerModel::bundled))
    }

    /// The same analyzer with another entity model (for the harness: a model just trained).
    pub fn with_model(self, model: &'static ner::NerModel) -> Analyzer {
        Analyzer { model: Some(model), ..self }
    }

    /// The same lexicon with another way of combining model and rules (for the harness).
    pub fn with_policy(self, policy: EntityPolicy) -> Analyzer {
        Analyzer { policy, ..self }
    }

    /// Entities in a bare text, without an article around it (the harness's sentences).
    pub fn entities_in(&self, text: &str) -> Vec<EntityMention> {
        entities::find_with(text, &self.lexicon, self.model(), self.policy)
    }

    /// Identifies what this analyzer finds: its code and bundled data (see build.rs), its
    /// lexicon (a user's files included), its entity model and policy. Analyses cached on disk
    /// are kept under it, so a cache written by another build or lexicon is never used.
    pub fn fingerprint(&self) -> u64 {
        mod built {
            include!(concat!(env!("OUT_DIR"), "/analysis_fingerprint.rs"));
        }
        let model = self.model.map_or(0, |m| m as *const ner::NerModel as usize as u64);
        let mut h = crate::text::fnv1a(crate::text::FNV_OFFSET, &built::ANALYSIS_SOURCE_HASH.to_le_bytes());
        h = crate::text::fnv1a(h, &self.lexicon.fingerprint.to_le_bytes());
        h = crate::text::fnv1a(h, format!("{:?}", self.policy).as_bytes());
        crate::text::fnv1a(h, &model.to_le_bytes())
    }

    /// The analyzer with the lexicon shipped in `config/`.
    pub fn bundled() -> Analyzer {
        Analyzer::new(Lexicon::bundled())
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Analyses one article. `reference` (normally its publication date) resolves weekdays,
    /// "this month", and dates printed without a year.
    ///
    /// Linear in the body's length: every scan around a mention is bounded, and nothing
    /// recurses on the input's length.
    pub fn analyze(&self, article: &Article, reference: Option<NaiveDate>) -> ArticleAnalysis {
        let credits = self.credit_spans(article);
        let mut entities = entities::find_with(&article.body, &self.lexicon, self.model(), self.policy);
        entities.retain(|e| !credits.iter().any(|c| overlaps(&e.span, c)));
        // The words that can open a figure or a date are found once for both.
        let starts = anchored::Starts::of(&article.body, &OPENING_WORDS);
        let mut figures = figures::find_from(&article.body, &starts);
        let mut dates = dates::find_from(&article.body, reference, &starts);
        // A number inside a date is the date's ("the second quarter of 2021", "the 2011-12
        // season", "March 14", "4-6 March"), not a figure of its own; a figure whose words run on
        // into a date keeps its number, as only the number is looked for among the dates.
        let mut dated = Taken::default();
        dates.iter().for_each(|d| dated.insert(&d.span));
        figures.retain(|f| {
            let number_end =
                article.body[f.span.clone()].find(char::is_whitespace).map_or(f.span.end, |i| f.span.start + i);
            !dated.overlaps(&(f.span.start..number_end))
        });
        let mut bare_years: Vec<Range<usize>> = dates
            .iter()
            .filter(|d| {
                d.precision == Precision::Year && article.body[d.span.clone()].bytes().all(|b| b.is_ascii_digit())
            })
            .map(|d| d.span.clone())
            .collect();
        bare_years.sort_by_key(|y| y.start);
        entities::name_the_events_of_a_year(&mut entities, &bare_years, &article.body, &self.lexicon);
        // Kept for the life of the reader, for every article: no spare capacity.
        entities.shrink_to_fit();
        figures.shrink_to_fit();
        dates.shrink_to_fit();
        ArticleAnalysis { entities, figures, dates }
    }

    /// Photo credits in captions: the names there are not entities of the story.
    fn credit_spans(&self, article: &Article) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        for block in article.blocks.iter().filter(|b| b.kind == BlockKind::Caption) {
            let text = article.block_text(block);
            for pattern in &self.lexicon.credit_patterns {
                for m in pattern.find_iter(text) {
                    spans.push(block.range.start + m.start()..block.range.start + m.end());
                }
            }
        }
        spans
    }
}

pub(crate) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Spans taken so far (never overlapping each other), for "the first match wins": checking a
/// new span costs a look-up, not a scan of every span taken — a body of thousands of dates
/// made that scan quadratic.
#[derive(Debug, Default)]
pub(crate) struct Taken(std::collections::BTreeMap<usize, usize>);

impl Taken {
    pub(crate) fn overlaps(&self, span: &Range<usize>) -> bool {
        // The taken span that starts last before `span` ends is the only one that can reach
        // into it: the ones before it end before it starts.
        self.0.range(..span.end).next_back().is_some_and(|(_, &end)| end > span.start)
    }

    pub(crate) fn insert(&mut self, span: &Range<usize>) {
        self.0.insert(span.start, span.end);
    }
}

/// How far a clause or sentence is looked for on each side of a mention. Text with no
/// sentence ends (a list, a table, an attack) would otherwise make every mention scan the
/// whole body, and its context the whole body too.
const MAX_CLAUSE_BYTES: usize = 300;

fn floor_boundary(body: &str, mut at: usize) -> usize {
    while !body.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A span as `[start, end]` for JSON.
pub fn span_pair(span: &Range<usize>) -> [usize; 2] {
    [span.start, span.end]
}

/// The clause an event date belongs to: the comma-delimited part of its sentence that holds
/// it, or — when that part is little more than the date ("In 2001, the Declaration was
/// signed"; "the Treaty (June 16, 1994 - June 16, 2024)") — the neighbouring part it
/// qualifies: the one before a parenthesis, otherwise the one after.
pub(crate) fn event_clause(body: &str, span: &Range<usize>) -> Range<usize> {
    let sentence = clause_around(body, span);
    // A comma between digits groups thousands ("13,000 slaves"); it breaks nothing.
    let in_number = |i: usize| {
        body[..i].ends_with(|c: char| c.is_ascii_digit()) && body[i + 1..].starts_with(|c: char| c.is_ascii_digit())
    };
    let is_break = |i: usize, c: char| {
        (i < span.start || i >= span.end)
            && matches!(c, ',' | ';' | '(' | ')' | '—' | ':')
            && !(c == ',' && in_number(i))
    };
    let breaks: Vec<usize> = body[sentence.clone()]
        .char_indices()
        .map(|(i, c)| (sentence.start + i, c))
        .filter(|&(i, c)| is_break(i, c))
        .map(|(i, _)| i)
        .collect();
    let part = |from: usize, to: usize| -> Range<usize> { from..to };
    // The first byte after a break character ("—" is three bytes).
    let past = |b: usize| b + body[b..].chars().next().map_or(1, char::len_utf8);
    let before = breaks.iter().rev().find(|&&b| b < span.start).copied();
    let after = breaks.iter().find(|&&b| b >= span.end).copied();
    let own = part(before.map_or(sentence.start, past), after.unwrap_or(sentence.end));
    let words_besides_date =
        body[own.start..span.start].split_whitespace().count() + body[span.end..own.end].split_whitespace().count();
    if words_besides_date >= 3 {
        return trim_range(body, own);
    }
    let in_parens = before.is_some_and(|b| body[b..].starts_with('('));
    let neighbour = if in_parens || after.is_none() {
        // Walk back over short parts ("Sochi, Russia, in 2014") to the clause they qualify.
        let end = before.unwrap_or(sentence.start);
        let mut start = end;
        for &b in breaks.iter().rev().filter(|&&b| b < end) {
            start = past(b);
            if body[start..end].split_whitespace().count() >= 3 {
                break;
            }
            start = b;
        }
        if body[start.min(end)..end].split_whitespace().count() < 3 {
            start = sentence.start;
        }
        part(start.min(end), end)
    } else {
        let start = after.map_or(sentence.end, past);
        let end = breaks.iter().find(|&&b| b > start).copied().unwrap_or(sentence.end);
        part(start, end)
    };
    if body[neighbour.clone()].split_whitespace().count() >= 2 {
        trim_range(body, neighbour)
    } else {
        trim_range(body, own)
    }
}

fn trim_range(body: &str, range: Range<usize>) -> Range<usize> {
    let text = &body[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

/// The sentence around `span`, shortened to about `max_chars` around it, for "the clause it
/// belongs to" in panels and JSON.
pub(crate) fn clause_around(body: &str, span: &Range<usize>) -> Range<usize> {
    // A full stop ends a sentence unless a digit follows ("3.6") or it closes an initial
    // ("G.S. Bezdetko", "U.S.").
    let is_end = |i: usize, c: char| match c {
        '!' | '?' | ';' | '\n' => true,
        '.' => {
            let next = body[i + 1..].chars().next();
            let prev2: Vec<char> = body[..i].chars().rev().take(2).collect();
            let initial =
                prev2.first().is_some_and(|c| c.is_uppercase()) && prev2.get(1).is_none_or(|c| !c.is_alphanumeric());
            !next.is_some_and(|n| n.is_ascii_digit()) && !initial
        }
        _ => false,
    };
    let from = floor_boundary(body, span.start.saturating_sub(MAX_CLAUSE_BYTES));
    let to = floor_boundary(body, (span.end + MAX_CLAUSE_BYTES).min(body.len()));
    let start = body[from..span.start]
        .char_indices()
        .rev()
        .find(|&(i, c)| is_end(from + i, c))
        .map_or(from, |(i, c)| from + i + c.len_utf8());
    let end =
        body[span.end..to].char_indices().find(|&(i, c)| is_end(span.end + i, c)).map_or(to, |(i, _)| span.end + i);
    // Cut at the window's edge rather than at a sentence's, the clause starts and ends with a
    // whole word ("13,000 slaves", not "000 slaves").
    let start = if start == from && from > 0 && !body[..from].ends_with(char::is_whitespace) {
        body[from..span.start].find(char::is_whitespace).map_or(start, |i| from + i)
    } else {
        start
    };
    let end = if end == to && to < body.len() && !body[to..].starts_with(char::is_whitespace) {
        body[span.end..to].rfind(char::is_whitespace).map_or(end, |i| span.end + i)
    } else {
        end
    };
    trim_range(body, start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(body: &str) -> ArticleAnalysis {
        let text = format!("+++\ntitle = \"t\"\npublished = 2024-06-19\n+++\n\n{body}\n");
        let article = crate::article::parse_article("t", &text).unwrap();
        Analyzer::bundled().analyze(&article, Some(NaiveDate::from_ymd_opt(2024, 6, 19).unwrap()))
    }

    /// The least time of three runs, to keep the machine's noise out of a ratio.
    fn seconds(body: &str) -> f64 {
        (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                std::hint::black_box(analyse(body));
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn analysis_time_grows_linearly_with_hostile_input() {
        // Each of these was quadratic or worse: every mention rescanned its whole "sentence",
        // and every new date or figure was checked against every one taken.
        for unit in ["May 1 ", "Sir ", "$5 million, ", "10% ", "on Monday ", "Hanoi and ", "UN (UN) ", "APEC 2005 "] {
            let small = unit.repeat(4_000 / unit.len());
            let large = unit.repeat(16_000 / unit.len());
            let ratio = seconds(&large) / seconds(&small).max(1e-6);
            // Linear is about 4 for 4x the text; quadratic is about 16.
            assert!(ratio < 9.0, "{unit:?}: 4x the text took {ratio:.1}x the time");
        }
    }

    #[test]
    fn a_long_run_of_one_title_word_does_not_overflow_the_stack() {
        let body = "Sir ".repeat(10_000);
        // Run on a thread with a small stack: the recursion must not depend on the input.
        let handle = std::thread::Builder::new().stack_size(256 * 1024).spawn(move || analyse(&body).entities.len());
        assert!(handle.unwrap().join().is_ok());
    }

    #[test]
    fn a_number_inside_a_date_is_no_figure() {
        let body = "Profit rose in the second quarter of 2021. The 2011-12 season was poor. Talks ran on 4-6 \
                    March. He will run the 1500m at next month's games. Sales rose 5% in the first half of 2020.";
        let x = analyse(body);
        let figures: Vec<&str> = x.figures.iter().map(|f| &body[f.span.clone()]).collect();
        assert!(
            figures.iter().all(|f| !f.contains("quarter") && !f.contains("half") && !f.contains("12")),
            "{figures:?}"
        );
        assert!(!figures.contains(&"4-6"), "{figures:?}");
        // "the 1500m" is a race's length, no year (and no count of "at next month's" either).
        assert!(x.dates.iter().all(|d| !body[d.span.clone()].contains("1500")), "{:?}", x.dates);
        assert!(figures.contains(&"5%"), "{figures:?}");
    }

    #[test]
    fn a_thousands_comma_does_not_break_a_clause() {
        let body = "Records show it. About 13,000 slaves were used as loan collateral between 1831 and 1865.";
        let span = body.find("1831").map(|at| at..at + 4).unwrap();
        let clause = &body[event_clause(body, &span)];
        assert_eq!(clause, "About 13,000 slaves were used as loan collateral between 1831 and 1865");
        // A window cut mid-word starts at the next whole word.
        let body = format!("{}13,000 slaves were freed in 1865.", "x".repeat(MAX_CLAUSE_BYTES));
        let span = body.find("1865").map(|at| at..at + 4).unwrap();
        let clause = &body[clause_around(&body, &span)];
        assert!(clause.starts_with("slaves") || clause.starts_with("13,000"), "{clause}");
    }

    #[test]
    fn contexts_are_bounded() {
        let body = format!("{} on May 1, 2024 {}", "word ".repeat(5_000), "word ".repeat(5_000));
        let x = analyse(&body);
        let date = &x.dates[0];
        assert!(date.context.len() <= 2 * MAX_CLAUSE_BYTES + 32, "{} bytes", date.context.len());
        for f in &x.figures {
            assert!(f.context.len() <= 2 * MAX_CLAUSE_BYTES + 32);
        }
    }

    #[test]
    fn a_name_followed_by_its_year_is_that_year_s_event() {
        let names = |body: &str| -> Vec<(String, EntityKind)> {
            let x = analyse(body);
            x.entities.iter().map(|e| (e.canonical.to_string(), e.kind)).collect()
        };
        let found = names("Russia backed Vietnam's hosting of APEC 2027. The Kelmar Vision 2030 was adopted.");
        assert!(found.contains(&("APEC 2027".to_string(), EntityKind::Event)), "{found:?}");
        assert!(found.iter().any(|(n, k)| n.ends_with("Vision 2030") && *k == EntityKind::Document), "{found:?}");
        // A year that belongs to a date, a season or a copyright line is no event's.
        for body in [
            "Sales rose at Vodafone in June 2005.",
            "Arsenal won the Premiership 2003-04 title.",
            "Copyright Reuters 2005. All rights reserved.",
        ] {
            let found = names(body);
            assert!(!found.iter().any(|(n, _)| n.ends_with(|c: char| c.is_ascii_digit())), "{body}: {found:?}");
        }
        // People are never events.
        let found = names("Voters backed George Bush 2004 posters.");
        assert!(!found.iter().any(|(_, k)| *k == EntityKind::Event), "{found:?}");
    }
}
