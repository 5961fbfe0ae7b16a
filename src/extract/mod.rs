//! The analysis core: named entities, key figures and dates found in an article body, as
//! mentions with byte spans into [`crate::Article::body`]. Pure functions of the text, the
//! lexicon and a reference date passed in: no files, no clock, no environment.

mod dates;
mod entities;
mod figures;
mod lexicon;
mod tokens;

use std::ops::Range;

use chrono::NaiveDate;

pub use dates::{DateMention, Precision, When, find as find_dates};
pub use entities::{EntityKind, EntityMention};
pub use figures::{Figure, FigureKind};
pub use lexicon::{Lexicon, LexiconError, name_key};

/// The matching key of the last word of a name: "Dang Minh Khôi" -> "khoi".
pub fn name_key_of_last_word(name: &str) -> String {
    name_key(name.split_whitespace().last().unwrap_or(name))
}

use crate::article::{Article, BlockKind};

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
}

impl Analyzer {
    pub fn new(lexicon: Lexicon) -> Analyzer {
        Analyzer { lexicon }
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
    pub fn analyze(&self, article: &Article, reference: Option<NaiveDate>) -> ArticleAnalysis {
        let credits = self.credit_spans(article);
        let mut entities = entities::find(&article.body, &self.lexicon);
        entities.retain(|e| !credits.iter().any(|c| overlaps(&e.span, c)));
        let mut figures = figures::find(&article.body);
        let mut dates = dates::find(&article.body, reference);
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
    let is_break =
        |i: usize, c: char| (i < span.start || i >= span.end) && matches!(c, ',' | ';' | '(' | ')' | '—' | ':');
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
    let start =
        body[..span.start].char_indices().rev().find(|&(i, c)| is_end(i, c)).map_or(0, |(i, c)| i + c.len_utf8());
    let end = body[span.end..]
        .char_indices()
        .find(|&(i, c)| is_end(span.end + i, c))
        .map_or(body.len(), |(i, _)| span.end + i);
    trim_range(body, start..end)
}
