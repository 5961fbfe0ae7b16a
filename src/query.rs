//! The list filter's query language, parsed into terms and matched against prepared article
//! data. Pure: no terminal, no I/O.
//!
//! ```text
//! viet nam            words in the headline or body (diacritics and case ignored), all of them
//! "strategic partner" a phrase
//! source:VNA          the outlet contains VNA
//! entity:"Tô Lâm"     the article names this entity, in any of its forms
//! kind:document       the article names an entity of this kind
//! after:2024-06-20    published after that day (also 2024-06 or 2024: after its end)
//! before:2025         published before that year (before its start)
//! ~word  ~source:VNS  negation of any term
//! ```

use chrono::NaiveDate;

use crate::extract::{EntityKind, name_key};
use crate::text::fold;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Folded text that must occur in the folded headline or body.
    Text(String),
    Source(String),
    /// Matching key of the entity's name (`name_key`).
    Entity(String),
    Kind(EntityKind),
    After(NaiveDate),
    Before(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub term: Term,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

/// What is wrong with a query, for the prompt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// What a query is matched against, prepared once per article.
#[derive(Debug, Clone, Default)]
pub struct Searchable {
    /// Folded headline and body.
    pub text: String,
    /// Folded source.
    pub source: String,
    pub published: Option<NaiveDate>,
    /// Matching keys of every entity named (canonical names and the forms used), sorted.
    pub entity_keys: Vec<String>,
    pub kinds: Vec<EntityKind>,
}

/// A date bound: `2024-06-20`, `2024-06` or `2024`, as its first and last day.
fn parse_period(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = text.split('-').collect();
    let year: i32 = parts.first()?.parse().ok()?;
    match parts.as_slice() {
        [_] => Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?)),
        [_, m] => {
            let month: u32 = m.parse().ok()?;
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)?
            };
            Some((first, next.pred_opt()?))
        }
        [_, m, d] => {
            let day = NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)?;
            Some((day, day))
        }
        _ => None,
    }
}

/// Splits a query into raw terms, honouring double quotes.
fn split(input: &str) -> Result<Vec<String>, QueryError> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err(QueryError("a quote is not closed — add the closing \"".into()));
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut clauses = Vec::new();
        for raw in split(input)? {
            // Every term must match; say so rather than look for the word "OR".
            if raw == "OR" || raw == "|" || raw.starts_with('(') || (raw.ends_with(')') && !raw.contains('"')) {
                return Err(QueryError(
                    "OR and parentheses are not supported: every term must match — filter once per alternative".into(),
                ));
            }
            let (negated, body) = match raw.strip_prefix('~') {
                Some(rest) => (true, rest),
                None => (false, raw.as_str()),
            };
            if body.is_empty() {
                return Err(QueryError("~ needs a term after it, as in ~sport or ~source:VNS".into()));
            }
            let term = match body.split_once(':') {
                Some((field, value)) if !field.is_empty() && field.chars().all(|c| c.is_ascii_alphabetic()) => {
                    let field = field.to_ascii_lowercase();
                    if value.is_empty() {
                        return Err(QueryError(format!("{field}: needs a value, as in {}", example(&field))));
                    }
                    match field.as_str() {
                        "source" => Term::Source(fold(value)),
                        "entity" => Term::Entity(name_key(value)),
                        "kind" => Term::Kind(EntityKind::from_name(&value.to_ascii_lowercase()).ok_or_else(|| {
                            QueryError(format!(
                                "kind:{value} is not a kind — use person, place, organization, document or event"
                            ))
                        })?),
                        "after" => Term::After(parse_period(value).ok_or_else(|| bad_date("after", value))?.1),
                        "before" => Term::Before(parse_period(value).ok_or_else(|| bad_date("before", value))?.0),
                        other => {
                            return Err(QueryError(format!(
                                "{other}: is not a filter — use source:, entity:, kind:, after: or before:"
                            )));
                        }
                    }
                }
                _ => Term::Text(fold(body)),
            };
            clauses.push(Clause { negated, term });
        }
        Ok(Query { clauses })
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    pub fn matches(&self, s: &Searchable) -> bool {
        self.clauses.iter().all(|c| c.term.matches(s) != c.negated)
    }
}

fn example(field: &str) -> &'static str {
    match field {
        "source" => "source:VNA",
        "entity" => "entity:\"Tô Lâm\"",
        "kind" => "kind:document",
        "after" => "after:2024-06-20",
        _ => "before:2025",
    }
}

fn bad_date(field: &str, value: &str) -> QueryError {
    QueryError(format!("{field}:{value} is not a date — use 2024-06-20, 2024-06 or 2024"))
}

impl Term {
    fn matches(&self, s: &Searchable) -> bool {
        match self {
            // A plain word also finds an entity by any of its names, spaces and diacritics aside:
            // "hanoi" finds an article that writes "Hà Nội".
            Term::Text(t) => s.text.contains(t.as_str()) || s.entity_keys.binary_search(&name_key(t)).is_ok(),
            Term::Source(src) => s.source.contains(src.as_str()),
            Term::Entity(key) => s.entity_keys.binary_search(key).is_ok(),
            Term::Kind(kind) => s.kinds.contains(kind),
            Term::After(day) => s.published.is_some_and(|p| p > *day),
            Term::Before(day) => s.published.is_some_and(|p| p < *day),
        }
    }
}

/// Prepares an article for matching: folded text, entity keys and kinds, date.
pub fn searchable(article: &crate::article::Article, analysis: &crate::extract::ArticleAnalysis) -> Searchable {
    let mut text = fold(article.meta.title_or_placeholder());
    text.push('\n');
    text.push_str(&fold(&article.body));
    let mut entity_keys: Vec<String> = analysis
        .entities
        .iter()
        .flat_map(|e| [name_key(&e.canonical), name_key(&article.body[e.span.clone()])])
        .collect();
    entity_keys.sort();
    entity_keys.dedup();
    let mut kinds: Vec<EntityKind> = analysis.entities.iter().map(|e| e.kind).collect();
    kinds.sort();
    kinds.dedup();
    Searchable {
        text,
        source: fold(article.meta.source.value.as_deref().unwrap_or("")),
        published: article.meta.published.value.map(|p| p.date()),
        entity_keys,
        kinds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Searchable {
        Searchable {
            text: fold("Putin visits Việt Nam\nThe Treaty was signed in Hà Nội."),
            source: fold("VNA/VNS"),
            published: NaiveDate::from_ymd_opt(2024, 6, 22),
            entity_keys: vec![name_key("Tô Lâm"), name_key("Việt Nam")]
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            kinds: vec![EntityKind::Person, EntityKind::Place],
        }
    }

    fn q(text: &str) -> bool {
        Query::parse(text).unwrap().matches(&article())
    }

    #[test]
    fn words_are_diacritic_insensitive() {
        assert!(q("viet nam"));
        assert!(q("ha noi treaty"));
        assert!(!q("moscow"));
        assert!(q("\"signed in ha noi\""));
        // A plain word finds an entity by its name written without spaces or diacritics.
        assert!(q("vietnam") && q("tolam"));
        assert!(!q("hanoitreaty"));
    }

    #[test]
    fn fields() {
        assert!(q("source:vna"));
        assert!(q("source:VNS"));
        assert!(!q("source:VOV"));
        assert!(q("entity:\"To Lam\""));
        assert!(q("entity:\"Tô Lâm\""));
        assert!(!q("entity:Putin"));
        assert!(q("kind:person") && !q("kind:document"));
        assert!(q("after:2024-06-20") && !q("after:2024-06") && !q("after:2024"));
        assert!(q("before:2025") && !q("before:2024-06-22"));
    }

    #[test]
    fn negation() {
        assert!(q("~moscow"));
        assert!(!q("~source:VNA"));
        assert!(q("putin ~kind:document"));
    }

    #[test]
    fn or_and_parentheses_are_refused_with_a_reason() {
        for text in ["putin OR lam", "(putin lam)", "putin | lam"] {
            let e = Query::parse(text).unwrap_err();
            assert!(e.0.contains("OR and parentheses"), "{text}: {}", e.0);
        }
        assert!(Query::parse("or nor").is_ok(), "lower-case or is a word");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(Query::parse("entity:\"unclosed").unwrap_err().0.contains("quote is not closed"));
        assert!(Query::parse("after:notadate").unwrap_err().0.contains("is not a date"));
        assert!(Query::parse("~").unwrap_err().0.contains("~ needs a term"));
        assert!(Query::parse("kind:planet").unwrap_err().0.contains("not a kind"));
        assert!(Query::parse("colour:red").unwrap_err().0.contains("not a filter"));
        assert!(Query::parse("after:2024-13-40").is_err());
        assert!(Query::parse("").unwrap().is_empty());
    }
}
