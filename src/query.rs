//! The list filter's query language, parsed into terms and matched against prepared article
//! data. Pure: no terminal, no I/O.
//!
//! ```text
//! viet nam            words in the headline or body (diacritics and case ignored), all of them
//! "strategic partner" a phrase: its words in a row, punctuation between them aside
//! source:VNA          the outlet contains VNA
//! entity:"Tô Lâm"     the article names this entity, in any of its forms
//! kind:document       the article names an entity of this kind
//! tag:asean           one of the article's tags contains this
//! unread  read        the article is unread / read
//! after:2024-06-20    published after that day (also 2024-06 or 2024: after its end)
//! before:2025         published before that year (before its start)
//! ~word  ~source:VNS  negation of any term, or of a group: ~(a OR b)
//! a OR b   a | b      either; binds looser than the implicit AND: "putin OR lam treaty"
//!                     is "putin OR (lam AND treaty)"
//! (a OR b) c          parentheses group
//! ```

use chrono::NaiveDate;

use crate::extract::{EntityKind, name_key};
use crate::text::fold;
use crate::word_index::{ArticleSet, WordIndex};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Folded text one of the article's tags must contain.
    Tag(String),
    /// Whether the article is read (`read`) or not (`unread`).
    Read(bool),
    /// Folded text that must occur in the folded headline or body (or name an entity).
    Text(Box<TextTerm>),
    Source(String),
    /// The hash ([`key_hash`]) of the matching key of the entity's name (`name_key`).
    Entity(u64),
    Kind(EntityKind),
    After(NaiveDate),
    Before(NaiveDate),
}

/// A word or phrase to find, prepared once per query rather than once per article: the
/// filter runs it over every article at each keystroke.
#[derive(Clone)]
pub struct TextTerm {
    /// Folded, as typed.
    pub folded: String,
    /// The hash of the entity-matching key of the same text ("hanoi" for "Hà Nội").
    key: u64,
    /// The articles whose words hold it, looked up once per query in the library's word index
    /// ([`Query::resolve`]); until then only entity names are matched.
    hits: Option<std::sync::Arc<ArticleSet>>,
}

impl TextTerm {
    pub fn new(folded: String) -> TextTerm {
        TextTerm { key: key_hash(&name_key(&folded)), hits: None, folded }
    }

    fn matches(&self, article: usize, s: &Searchable) -> bool {
        self.hits.as_ref().is_some_and(|h| h.contains(article)) || s.entity_keys.binary_search(&self.key).is_ok()
    }
}

impl PartialEq for TextTerm {
    fn eq(&self, other: &TextTerm) -> bool {
        self.folded == other.folded
    }
}

impl Eq for TextTerm {}

impl std::fmt::Debug for TextTerm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.folded)
    }
}

/// A query: alternatives (OR) of conjunctions (implicit AND) of possibly negated terms or
/// groups. The empty query matches everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Term(Term),
    Not(Box<Expr>),
    All(Vec<Expr>),
    Any(Vec<Expr>),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// None for the empty query.
    pub expr: Option<Expr>,
}

/// What is wrong with a query, for the prompt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// What a query is matched against: each article's fields, and the words of all of them.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Parallel to the library's articles.
    pub articles: Vec<Searchable>,
    /// The words of each article's headline and body.
    pub words: WordIndex,
    /// When the library holds no bodies ([`search_index_reading`]): the forms each entity is
    /// written in beyond its shown name ("Russian Federation" for Russia), folded, by entity
    /// key, which the entity view matches names against. Empty otherwise: the bodies say.
    pub written_forms: std::collections::HashMap<std::sync::Arc<str>, Vec<String>>,
}

/// What a query is matched against, prepared once per article (its words are in the
/// library's [`WordIndex`]).
#[derive(Debug, Clone, Default)]
pub struct Searchable {
    /// Folded source.
    pub source: String,
    pub published: Option<NaiveDate>,
    /// Hashes ([`key_hash`]) of the matching keys of every entity named (canonical names and
    /// the forms used), sorted. Eight bytes each in one block rather than a string each: the
    /// filter probes every article's at each keystroke, and a hundred thousand articles' keys
    /// as separate strings cost a cache miss per comparison and twice the memory.
    pub entity_keys: Box<[u64]>,
    pub kinds: Vec<EntityKind>,
    /// Folded tags.
    pub tags: Vec<String>,
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

/// One piece of a query as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Open,
    Close,
    Or,
    /// A term, perhaps with a leading `~` (kept in the text).
    Word(String),
    /// `~` right before a parenthesis.
    NotOpen,
}

/// Splits a query into pieces, honouring double quotes: parentheses outside quotes stand
/// alone, "OR" and "|" are the alternative.
fn split(input: &str) -> Result<Vec<Piece>, QueryError> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let flush = |current: &mut String, out: &mut Vec<Piece>| {
        if !current.is_empty() {
            let word = std::mem::take(current);
            out.push(match word.as_str() {
                "OR" | "|" => Piece::Or,
                _ => Piece::Word(word),
            });
        }
    };
    for c in input.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            '(' if !quoted => {
                if current == "~" {
                    current.clear();
                    out.push(Piece::NotOpen);
                } else {
                    flush(&mut current, &mut out);
                    out.push(Piece::Open);
                }
            }
            ')' if !quoted => {
                flush(&mut current, &mut out);
                out.push(Piece::Close);
            }
            c if c.is_whitespace() && !quoted => flush(&mut current, &mut out),
            c => current.push(c),
        }
    }
    if quoted {
        return Err(QueryError("a quote is not closed — add the closing \"".into()));
    }
    flush(&mut current, &mut out);
    Ok(out)
}

/// Recursive descent over the pieces: `any := all (OR all)*`, `all := unit+`,
/// `unit := term | ( any ) | ~( any )`. Depth is bounded by the input's parentheses.
struct Parser {
    pieces: Vec<Piece>,
    at: usize,
}

/// Deeper groups than this are refused: a pasted wall of parentheses must not overflow the stack.
const MAX_DEPTH: usize = 32;

impl Parser {
    fn peek(&self) -> Option<&Piece> {
        self.pieces.get(self.at)
    }

    fn any(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut alternatives = vec![self.all(depth)?];
        while self.peek() == Some(&Piece::Or) {
            self.at += 1;
            if matches!(self.peek(), None | Some(Piece::Or) | Some(Piece::Close)) {
                return Err(QueryError("OR needs a term on each side, as in putin OR lam".into()));
            }
            alternatives.push(self.all(depth)?);
        }
        Ok(if alternatives.len() == 1 { alternatives.remove(0) } else { Expr::Any(alternatives) })
    }

    fn all(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut units = Vec::new();
        loop {
            match self.peek() {
                None | Some(Piece::Or) | Some(Piece::Close) => break,
                _ => units.push(self.unit(depth)?),
            }
        }
        match units.len() {
            0 => Err(QueryError("OR needs a term on each side, as in putin OR lam".into())),
            1 => Ok(units.remove(0)),
            _ => Ok(Expr::All(units)),
        }
    }

    fn unit(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let piece = self.peek().cloned();
        self.at += 1;
        match piece {
            Some(Piece::Open) | Some(Piece::NotOpen) => {
                if depth >= MAX_DEPTH {
                    return Err(QueryError(format!("more than {MAX_DEPTH} groups inside each other")));
                }
                if self.peek() == Some(&Piece::Close) {
                    return Err(QueryError("() is empty — put terms inside the parentheses".into()));
                }
                let inner = self.any(depth + 1)?;
                if self.peek() != Some(&Piece::Close) {
                    return Err(QueryError("a parenthesis is not closed — add the closing )".into()));
                }
                self.at += 1;
                Ok(if piece == Some(Piece::NotOpen) { Expr::Not(Box::new(inner)) } else { inner })
            }
            Some(Piece::Word(word)) => word_expr(&word),
            // `all` stops before these.
            Some(Piece::Close) | Some(Piece::Or) | None => {
                Err(QueryError("OR needs a term on each side, as in putin OR lam".into()))
            }
        }
    }
}

/// One typed word: a possibly negated term.
fn word_expr(raw: &str) -> Result<Expr, QueryError> {
    let (negated, body) = match raw.strip_prefix('~') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if body.is_empty() {
        return Err(QueryError("~ needs a term after it, as in ~sport or ~source:VNS".into()));
    }
    let term = term_of(body)?;
    Ok(if negated { Expr::Not(Box::new(Expr::Term(term))) } else { Expr::Term(term) })
}

/// A term's text without quotes: `entity:"Tô Lâm"` is `entity:Tô Lâm`.
fn unquote(text: &str) -> String {
    text.replace('"', "")
}

fn term_of(body: &str) -> Result<Term, QueryError> {
    match body.split_once(':') {
        Some((field, value)) if !field.is_empty() && field.chars().all(|c| c.is_ascii_alphabetic()) => {
            let field = field.to_ascii_lowercase();
            let value = unquote(value);
            if value.is_empty() {
                return Err(QueryError(format!("{field}: needs a value, as in {}", example(&field))));
            }
            Ok(match field.as_str() {
                "source" => Term::Source(fold(&value)),
                "entity" => Term::Entity(key_hash(&name_key(&value))),
                "tag" => Term::Tag(fold(&value)),
                "kind" => Term::Kind(EntityKind::from_name(&value.to_ascii_lowercase()).ok_or_else(|| {
                    QueryError(format!(
                        "kind:{value} is not a kind — use person, place, organization, document or event"
                    ))
                })?),
                "after" => Term::After(parse_period(&value).ok_or_else(|| bad_date("after", &value))?.1),
                "before" => Term::Before(parse_period(&value).ok_or_else(|| bad_date("before", &value))?.0),
                other => {
                    return Err(QueryError(format!(
                        "{other}: is not a filter — use source:, entity:, kind:, tag:, after: or before:"
                    )));
                }
            })
        }
        // The read state by itself, unquoted ("unread" in quotes is the word).
        _ if body == "unread" => Ok(Term::Read(false)),
        _ if body == "read" => Ok(Term::Read(true)),
        _ => Ok(Term::Text(Box::new(TextTerm::new(fold(&unquote(body)))))),
    }
}

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let pieces = split(input)?;
        if pieces.is_empty() {
            return Ok(Query::default());
        }
        let mut parser = Parser { pieces, at: 0 };
        let expr = parser.any(0)?;
        if parser.at < parser.pieces.len() {
            // `any` stops only at a closing parenthesis it did not open.
            return Err(QueryError("a ) has no ( before it — remove it or add the opening (".into()));
        }
        Ok(Query { expr: Some(expr) })
    }

    pub fn is_empty(&self) -> bool {
        self.expr.is_none()
    }

    /// Whether the query asks for the read state (`read`, `unread`): the filter looks it up
    /// only then.
    pub fn uses_read_state(&self) -> bool {
        fn walk(e: &Expr) -> bool {
            match e {
                Expr::Term(t) => matches!(t, Term::Read(_)),
                Expr::Not(x) => walk(x),
                Expr::All(xs) | Expr::Any(xs) => xs.iter().any(walk),
            }
        }
        self.expr.as_ref().is_some_and(walk)
    }

    /// Looks the query's words up in the library's word index, once for all articles.
    pub fn resolve(&mut self, words: &WordIndex) {
        fn walk(e: &mut Expr, words: &WordIndex) {
            match e {
                Expr::Term(Term::Text(t)) => t.hits = Some(std::sync::Arc::new(words.matching(&t.folded))),
                Expr::Term(_) => {}
                Expr::Not(x) => walk(x, words),
                Expr::All(xs) | Expr::Any(xs) => xs.iter_mut().for_each(|x| walk(x, words)),
            }
        }
        if let Some(e) = &mut self.expr {
            walk(e, words);
        }
    }

    /// Whether the article (number `article` of the library, described by `s`) matches;
    /// `read` is its read state. Words match only after [`Query::resolve`].
    pub fn matches(&self, article: usize, s: &Searchable, read: bool) -> bool {
        self.expr.as_ref().is_none_or(|e| e.matches(article, s, read))
    }

    /// The words and phrases the query looks for in the text (not under a negation), folded:
    /// what the reader highlights in the opened article.
    pub fn text_terms(&self) -> Vec<String> {
        fn walk(e: &Expr, out: &mut Vec<String>) {
            match e {
                Expr::Term(Term::Text(t)) => out.push(t.folded.clone()),
                Expr::Term(_) | Expr::Not(_) => {}
                Expr::All(xs) | Expr::Any(xs) => xs.iter().for_each(|x| walk(x, out)),
            }
        }
        let mut out = Vec::new();
        if let Some(e) = &self.expr {
            walk(e, &mut out);
        }
        out.sort();
        out.dedup();
        out
    }
}

impl Expr {
    fn matches(&self, article: usize, s: &Searchable, read: bool) -> bool {
        match self {
            Expr::Term(t) => t.matches(article, s, read),
            Expr::Not(e) => !e.matches(article, s, read),
            Expr::All(xs) => xs.iter().all(|x| x.matches(article, s, read)),
            Expr::Any(xs) => xs.iter().any(|x| x.matches(article, s, read)),
        }
    }
}

fn example(field: &str) -> &'static str {
    match field {
        "source" => "source:VNA",
        "entity" => "entity:\"Tô Lâm\"",
        "kind" => "kind:document",
        "tag" => "tag:asean",
        "after" => "after:2024-06-20",
        _ => "before:2025",
    }
}

fn bad_date(field: &str, value: &str) -> QueryError {
    QueryError(format!("{field}:{value} is not a date — use 2024-06-20, 2024-06 or 2024"))
}

impl Term {
    fn matches(&self, article: usize, s: &Searchable, read: bool) -> bool {
        match self {
            Term::Tag(t) => s.tags.iter().any(|tag| tag.contains(t.as_str())),
            Term::Read(wanted) => read == *wanted,
            // A plain word also finds an entity by any of its names, spaces and diacritics aside:
            // "hanoi" finds an article that writes "Hà Nội".
            Term::Text(t) => t.matches(article, s),
            Term::Source(src) => s.source.contains(src.as_str()),
            Term::Entity(hash) => s.entity_keys.binary_search(hash).is_ok(),
            Term::Kind(kind) => s.kinds.contains(kind),
            Term::After(day) => s.published.is_some_and(|p| p > *day),
            Term::Before(day) => s.published.is_some_and(|p| p < *day),
        }
    }
}

/// An entity key's 64-bit FNV-1a hash. That two of a million distinct keys share one has a
/// chance of about 3 in 10^8; the filter would then also list articles naming the other
/// entity, nothing worse.
pub fn key_hash(key: &str) -> u64 {
    crate::text::fnv1a(crate::text::FNV_OFFSET, key.as_bytes())
}

/// Prepares a library for matching: each article's fields, and an index of their words.
/// `analyses` are parallel to `articles`.
pub fn search_index(articles: &[crate::article::Article], analyses: &[crate::extract::ArticleAnalysis]) -> SearchIndex {
    use rayon::prelude::*;
    let searchables = articles.par_iter().zip(analyses).map(|(a, x)| searchable(a, x)).collect();
    let words = WordIndex::build(articles.len(), |i| folded_text(&articles[i]));
    SearchIndex { articles: searchables, words, written_forms: Default::default() }
}

/// [`search_index`] for a library that holds only its articles' metadata: each article is read
/// from its file (`max_article_bytes` its size limit) while the words are indexed, a few
/// batches at a time on each core, so that the bodies are never held together. An article
/// that cannot be read is matched on its metadata alone. `analyses` are parallel to the
/// library's articles.
pub fn search_index_reading(
    library: &crate::library::Library,
    analyses: &[crate::extract::ArticleAnalysis],
    max_article_bytes: u64,
) -> SearchIndex {
    use std::sync::OnceLock;
    let count = library.articles.len();
    let none = crate::extract::ArticleAnalysis::default();
    let analysis = |i: usize| analyses.get(i).unwrap_or(&none);
    // Filled as the word index reads each article, once.
    let read: Vec<OnceLock<(Searchable, WrittenForms)>> = (0..count).map(|_| OnceLock::new()).collect();
    let words = WordIndex::build(count, |i| {
        let article = library.whole_article(i, max_article_bytes).unwrap_or_else(|_| library.articles[i].clone());
        let _ = read[i].set((searchable(&article, analysis(i)), written_forms(&article, analysis(i))));
        folded_text(&article)
    });
    let mut forms: std::collections::HashMap<std::sync::Arc<str>, Vec<String>> = Default::default();
    let articles = read
        .into_iter()
        .enumerate()
        .map(|(i, slot)| match slot.into_inner() {
            Some((searchable, written)) => {
                for (key, form) in written {
                    let known = forms.entry(key).or_default();
                    if !known.contains(&form) {
                        known.push(form);
                    }
                }
                searchable
            }
            None => searchable(&library.articles[i], analysis(i)),
        })
        .collect();
    SearchIndex { articles, words, written_forms: forms }
}

/// Entity keys and a folded form each is written in.
type WrittenForms = Vec<(std::sync::Arc<str>, String)>;

/// The forms an article writes its entities in that their shown names do not give, folded:
/// "russian federation" for Russia, not "ha noi" for Hà Nội.
fn written_forms(article: &crate::article::Article, analysis: &crate::extract::ArticleAnalysis) -> WrittenForms {
    let mut forms: WrittenForms = Vec::new();
    for e in &analysis.entities {
        let Some(written) = article.body.get(e.span.clone()) else { continue };
        let folded = fold(written);
        if folded != fold(&e.canonical)
            && name_key(written) != name_key(&e.canonical)
            && !forms.iter().any(|(k, f)| *k == e.key && *f == folded)
        {
            forms.push((std::sync::Arc::clone(&e.key), folded));
        }
    }
    forms
}

/// An article's headline and body, folded: what plain words are looked for in.
pub fn folded_text(article: &crate::article::Article) -> String {
    let mut text = fold(article.meta.title_or_placeholder());
    text.push('\n');
    text.push_str(&fold(&article.body));
    text
}

/// Prepares an article's fields for matching: entity keys and kinds, date, source, tags.
pub fn searchable(article: &crate::article::Article, analysis: &crate::extract::ArticleAnalysis) -> Searchable {
    let mut entity_keys: Vec<u64> = analysis
        .entities
        .iter()
        // A body read again from its file may have changed since it was analysed: a span
        // that no longer fits gives no form.
        .flat_map(|e| [Some(name_key(&e.canonical)), article.body.get(e.span.clone()).map(name_key)])
        .flatten()
        .map(|key| key_hash(&key))
        .collect();
    entity_keys.sort();
    entity_keys.dedup();
    let mut kinds: Vec<EntityKind> = analysis.entities.iter().map(|e| e.kind).collect();
    kinds.sort();
    kinds.dedup();
    Searchable {
        source: fold(article.meta.source.value.as_deref().unwrap_or("")),
        published: article.meta.published.value.map(|p| p.date()),
        entity_keys: entity_keys.into_boxed_slice(),
        kinds,
        tags: article.meta.tags.iter().map(|t| fold(t)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Searchable {
        Searchable {
            source: fold("VNA/VNS"),
            published: NaiveDate::from_ymd_opt(2024, 6, 22),
            entity_keys: [name_key("Tô Lâm"), name_key("Việt Nam")]
                .iter()
                .map(|k| key_hash(k))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            kinds: vec![EntityKind::Person, EntityKind::Place],
            tags: vec![fold("ASEAN"), fold("Diplomacy")],
        }
    }

    fn words() -> WordIndex {
        WordIndex::build(1, |_| fold("Putin visits Việt Nam\nThe Treaty was signed in Hà Nội."))
    }

    fn parse(text: &str) -> Query {
        let mut query = Query::parse(text).unwrap();
        query.resolve(&words());
        query
    }

    /// Whether the (unread) article matches.
    fn q(text: &str) -> bool {
        parse(text).matches(0, &article(), false)
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
    fn or_and_parentheses() {
        assert!(q("putin OR moscow") && q("moscow OR putin") && q("moscow | putin"));
        assert!(!q("moscow OR kremlin"));
        // OR binds looser than the implicit AND.
        assert!(q("moscow OR putin treaty"));
        assert!(!q("moscow OR putin kremlin"));
        assert!(q("(moscow OR putin) treaty") && !q("(moscow OR kremlin) treaty"));
        assert!(q("~(moscow OR kremlin)") && !q("~(moscow OR putin)"));
        assert!(q("((putin))") && q("(putin)treaty"));
        assert!(q("entity:\"To Lam\" OR source:none"));
        assert!(Query::parse("or nor").is_ok(), "lower-case or is a word");
        // A parenthesis inside quotes is text.
        assert_eq!(
            Query::parse("\"(signed\"").unwrap().expr,
            Some(Expr::Term(Term::Text(Box::new(TextTerm::new("(signed".into())))))
        );
    }

    #[test]
    fn tags_and_read_state() {
        assert!(q("tag:asean") && q("tag:diplo") && !q("tag:sport"));
        let unread = parse("unread");
        assert!(unread.matches(0, &article(), false) && !unread.matches(0, &article(), true));
        let read = parse("read putin");
        assert!(read.matches(0, &article(), true) && !read.matches(0, &article(), false));
        assert!(q("~read"));
        // In quotes it is the word.
        assert!(!q("\"unread\""));
    }

    #[test]
    fn the_words_to_highlight() {
        let query = Query::parse("putin OR \"ha noi\" source:VNA ~moscow").unwrap();
        assert_eq!(query.text_terms(), vec!["ha noi".to_string(), "putin".to_string()]);
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
        assert!(Query::parse("(putin").unwrap_err().0.contains("not closed"));
        assert!(Query::parse("putin)").unwrap_err().0.contains("no ( before it"));
        assert!(Query::parse("putin OR").unwrap_err().0.contains("OR needs a term"));
        assert!(Query::parse("OR putin").unwrap_err().0.contains("OR needs a term"));
        assert!(Query::parse("()").unwrap_err().0.contains("empty"));
        assert!(Query::parse("tag:").unwrap_err().0.contains("tag: needs a value"));
        let deep = format!("{}putin{}", "(".repeat(100), ")".repeat(100));
        assert!(Query::parse(&deep).unwrap_err().0.contains("groups inside each other"));
    }

    #[test]
    fn an_index_read_from_the_files_matches_one_made_from_the_bodies() {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in [
            ("a", "The Russian Federation and Việt Nam signed a treaty in Hanoi on Monday."),
            ("b", "Moscow welcomed the visit to Saigon, officials in Russia said."),
        ] {
            let text = format!("+++\ntitle = \"Story {name}\"\npublished = 2024-06-19\n+++\n\n{body}\n");
            std::fs::write(dir.path().join(format!("{name}.md")), text).unwrap();
        }
        let whole = crate::library::Library::load_folder(dir.path(), &Default::default()).unwrap();
        let analysis = crate::analysis::analyze_library(&whole.articles, &crate::extract::Analyzer::bundled());
        let from_bodies = search_index(&whole.articles, &analysis.articles);
        let lean = whole.clone().without_bodies();
        assert!(lean.articles.iter().all(|a| a.body.is_empty()));
        let from_files = search_index_reading(&lean, &analysis.articles, 1 << 20);
        for (a, b) in from_bodies.articles.iter().zip(&from_files.articles) {
            assert_eq!(a.entity_keys, b.entity_keys);
            assert_eq!((&a.source, a.published, &a.kinds, &a.tags), (&b.source, b.published, &b.kinds, &b.tags));
        }
        for words in ["treaty", "hanoi", "moscow welcomed", "officials"] {
            let matching = |index: &SearchIndex| {
                let mut query = Query::parse(words).unwrap();
                query.resolve(&index.words);
                (0..whole.articles.len()).filter(|&i| query.matches(i, &index.articles[i], false)).collect::<Vec<_>>()
            };
            assert_eq!(matching(&from_bodies), matching(&from_files), "{words}");
        }
        // The entity view matches the forms the text wrote ("Saigon" for Hồ Chí Minh City),
        // with or without the bodies.
        let forms = |articles: &[crate::article::Article], written| {
            crate::analysis::entity_index(articles, &analysis.articles, written)
                .into_iter()
                .map(|e| (e.name.to_string(), e.forms))
                .collect::<Vec<_>>()
        };
        let with_bodies = forms(&whole.articles, &from_bodies.written_forms);
        assert!(
            with_bodies.iter().any(|(name, f)| name == "Hồ Chí Minh City" && f.contains("saigon")),
            "{with_bodies:?}"
        );
        assert_eq!(forms(&lean.articles, &from_files.written_forms), with_bodies);
    }
}
