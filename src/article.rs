//! The article file format: TOML front matter between `+++` lines, then the body as paragraphs
//! separated by blank lines.
//!
//! Two paragraph markers keep structure without leaving plain text: a paragraph starting with
//! `[caption] ` is a photo caption (the reader dims it), one starting with `## ` is a sub-heading.
//! A leading backslash (`\[caption]`, `\## `) escapes a marker. The parsed [`Article::body`] has
//! the markers removed, so every span the analysis produces indexes readable text.

use std::fmt;
use std::ops::Range;

use crate::located::Located;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

pub const CAPTION_MARKER: &str = "[caption] ";
pub const HEADING_MARKER: &str = "## ";
const FENCE: &str = "+++";

/// When an article was published, exactly as precisely as the capture printed it.
///
/// A time printed without a UTC offset stays [`Published::LocalDateTime`]: guessing the zone
/// would present a guess as a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Published {
    Date(NaiveDate),
    LocalDateTime(NaiveDateTime),
    Zoned(DateTime<FixedOffset>),
}

impl Published {
    /// The calendar day in the zone the article was published in.
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::Date(d) => *d,
            Published::LocalDateTime(dt) => dt.date(),
            Published::Zoned(dt) => dt.date_naive(),
        }
    }

    /// Parses the forms an article file may hold: `2024-06-22`, `2024-06-19T18:10`,
    /// `2024-06-19 18:10:00`, `2024-06-22T19:08:00+07:00`, `2024-06-22 19:08 +07:00`.
    pub fn parse(text: &str) -> Option<Published> {
        let text = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Published::Date(d));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M%:z"] {
            if let Ok(dt) = DateTime::parse_from_str(text, fmt) {
                return Some(Published::Zoned(dt));
            }
        }
        for fmt in ["%Y-%m-%d %H:%M %:z", "%Y-%m-%d %H:%M:%S %:z"] {
            if let Ok(dt) = DateTime::parse_from_str(text, fmt) {
                return Some(Published::Zoned(dt));
            }
        }
        if let Some(rest) = text.strip_suffix('Z') {
            let zoned = format!("{rest}+00:00");
            if let Some(p) = Published::parse(&zoned) {
                return Some(p);
            }
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(text, fmt) {
                return Some(Published::LocalDateTime(dt));
            }
        }
        None
    }

    /// The value as written into an article file (a TOML date-time literal).
    pub fn to_toml_literal(&self) -> String {
        match self {
            Published::Date(d) => d.format("%Y-%m-%d").to_string(),
            Published::LocalDateTime(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
            Published::Zoned(dt) => dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        }
    }
}

/// Human form: `2024-06-22 19:08 +07:00`, `2024-06-19 18:10`, `2025-01-30`.
impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Published::LocalDateTime(dt) => {
                let pattern = if dt.second() == 0 { "%Y-%m-%d %H:%M" } else { "%Y-%m-%d %H:%M:%S" };
                write!(f, "{}", dt.format(pattern))
            }
            Published::Zoned(dt) => {
                let pattern = if dt.second() == 0 { "%Y-%m-%d %H:%M %:z" } else { "%Y-%m-%d %H:%M:%S %:z" };
                write!(f, "{}", dt.format(pattern))
            }
        }
    }
}

/// A field value and, when it was inferred rather than printed, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<T> {
    pub value: Option<T>,
    /// `Some(reason)` when the value is a deduction, not something the capture printed.
    pub inferred: Option<String>,
}

impl<T> Default for Field<T> {
    fn default() -> Self {
        Field { value: None, inferred: None }
    }
}

impl<T> Field<T> {
    pub fn printed(value: T) -> Self {
        Field { value: Some(value), inferred: None }
    }
    pub fn inferred(value: T, why: impl Into<String>) -> Self {
        Field { value: Some(value), inferred: Some(why.into()) }
    }
    pub fn empty() -> Self {
        Field { value: None, inferred: None }
    }
    pub fn is_inferred(&self) -> bool {
        self.inferred.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    pub title: Field<String>,
    pub source: Field<String>,
    pub published: Field<Published>,
    pub author: Field<String>,
    pub translator: Field<String>,
    pub dateline: Field<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// File name of the raw capture the article was imported from.
    pub imported_from: Option<String>,
}

impl Metadata {
    /// The inferred values' reasons, by field key (as in the file: `title`, `source`,
    /// `published`, `author`, `translator`, `dateline`), in that order.
    pub fn inferred_reasons(&self) -> Vec<(&'static str, &str)> {
        [
            ("title", &self.title.inferred),
            ("source", &self.source.inferred),
            ("published", &self.published.inferred),
            ("author", &self.author.inferred),
            ("translator", &self.translator.inferred),
            ("dateline", &self.dateline.inferred),
        ]
        .into_iter()
        .filter_map(|(key, why)| why.as_deref().map(|why| (key, why)))
        .collect()
    }

    /// The headline, or a placeholder that says there is none.
    pub fn title_or_placeholder(&self) -> &str {
        self.title.value.as_deref().unwrap_or("(untitled)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Paragraph,
    Caption,
    Heading,
}

/// One paragraph of the body: its kind and its byte range in [`Article::body`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable identifier: the file name without extension (relative path inside a folder).
    pub id: String,
    pub meta: Metadata,
    /// Paragraph texts joined by a blank line, markers removed.
    pub body: String,
    pub blocks: Vec<Block>,
}

impl Article {
    /// Builds an article from paragraphs; blank paragraphs are dropped.
    pub fn from_blocks(id: String, meta: Metadata, paragraphs: Vec<(BlockKind, String)>) -> Article {
        let mut body = String::new();
        let mut blocks = Vec::new();
        for (kind, text) in paragraphs {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            let start = body.len();
            body.push_str(text);
            blocks.push(Block { kind, range: start..body.len() });
        }
        // Built by appending: drop the spare capacity, which can be as large as the text.
        body.shrink_to_fit();
        blocks.shrink_to_fit();
        Article { id, meta, body, blocks }
    }

    pub fn block_text(&self, block: &Block) -> &str {
        &self.body[block.range.clone()]
    }

    /// The kind of the block that contains byte `offset` of the body.
    pub fn block_kind_at(&self, offset: usize) -> Option<BlockKind> {
        self.blocks.iter().find(|b| b.range.start <= offset && offset < b.range.end).map(|b| b.kind)
    }

    /// Renders the article in the file format; [`parse_article`] reads it back unchanged.
    pub fn to_file_string(&self) -> String {
        let mut out = String::new();
        out.push_str(FENCE);
        out.push('\n');
        out.push_str(&front_matter_toml(&self.meta));
        out.push_str(FENCE);
        out.push('\n');
        for block in &self.blocks {
            out.push('\n');
            let text = self.block_text(block);
            match block.kind {
                BlockKind::Caption => out.push_str(CAPTION_MARKER),
                BlockKind::Heading => out.push_str(HEADING_MARKER),
                BlockKind::Paragraph => {
                    if text.starts_with(CAPTION_MARKER.trim_end())
                        || text.starts_with(HEADING_MARKER)
                        || text.starts_with('\\')
                    {
                        out.push('\\');
                    }
                }
            }
            out.push_str(text);
            out.push('\n');
        }
        out
    }
}

fn push_field(out: &mut String, key: &str, field: &Field<String>) {
    if let Some(value) = &field.value {
        out.push_str(&format!("{key} = {}\n", toml_string(value)));
    }
    if let Some(why) = &field.inferred {
        out.push_str(&format!("{key}_inferred = {}\n", toml_string(why)));
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn front_matter_toml(meta: &Metadata) -> String {
    let mut out = String::new();
    push_field(&mut out, "title", &meta.title);
    push_field(&mut out, "source", &meta.source);
    if let Some(p) = &meta.published.value {
        out.push_str(&format!("published = {}\n", p.to_toml_literal()));
    }
    if let Some(why) = &meta.published.inferred {
        out.push_str(&format!("published_inferred = {}\n", toml_string(why)));
    }
    push_field(&mut out, "author", &meta.author);
    push_field(&mut out, "translator", &meta.translator);
    push_field(&mut out, "dateline", &meta.dateline);
    if let Some(url) = &meta.url {
        out.push_str(&format!("url = {}\n", toml_string(url)));
    }
    let tags: Vec<String> = meta.tags.iter().map(|t| toml_string(t)).collect();
    out.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    if let Some(from) = &meta.imported_from {
        out.push_str(&format!("imported_from = {}\n", toml_string(from)));
    }
    out
}

/// What the front matter may contain. Unknown keys are refused so a typo never goes unnoticed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<String>,
    title_inferred: Option<String>,
    source: Option<String>,
    source_inferred: Option<String>,
    published: Option<toml::Value>,
    published_inferred: Option<String>,
    author: Option<String>,
    author_inferred: Option<String>,
    translator: Option<String>,
    translator_inferred: Option<String>,
    dateline: Option<String>,
    dateline_inferred: Option<String>,
    url: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    imported_from: Option<String>,
}

/// Why an article file could not be read, with the 1-based line it concerns and what to do.
/// The file is filled in by whoever knows it ([`Located::in_file`]).
pub type ParseError = Located;

fn parse_error(line: Option<usize>, problem: impl Into<String>, fix: impl Into<String>) -> ParseError {
    Located::new("", problem, fix).at_line(line)
}

/// Decodes raw file bytes: UTF-8 only, a leading BOM dropped, CRLF turned into LF, control
/// characters other than tab and newline dropped.
pub fn decode_text(bytes: &[u8]) -> Result<String, ParseError> {
    decode_text_borrowed(bytes).map(std::borrow::Cow::into_owned)
}

/// [`decode_text`] without a copy when the bytes are clean already, as nearly every article
/// file is: loading a library then copies no text it does not keep.
pub fn decode_text_borrowed(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ParseError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = crate::located::line_at(std::str::from_utf8(good).unwrap_or_default(), good.len());
            let column = good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            return Err(parse_error(
                Some(line),
                format!("bytes that are not UTF-8 at column {column} (byte {})", e.valid_up_to()),
                "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
            ));
        }
    };
    if text.contains('\0') {
        let line = crate::located::line_at(text, text.find('\0').unwrap_or(0));
        return Err(parse_error(
            Some(line),
            "a NUL byte (this looks like a binary file)",
            "remove the NUL bytes or the file",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Escape sequences and bidirectional overrides are dropped: article text is shown, never
    // obeyed by the terminal.
    Ok(crate::safe_text::clean(text))
}

/// Parses the text of an article file. `id` names the article (normally its file stem).
pub fn parse_article(id: &str, text: &str) -> Result<Article, ParseError> {
    parse_article_as(id, text, Content::Whole)
}

/// How much of an article file [`parse_article_as`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Content {
    /// Metadata and body.
    #[default]
    Whole,
    /// The metadata alone, the body left empty: what a listing needs, at a fraction of the
    /// memory and time (the body is still checked for what would make it unreadable).
    Metadata,
}

/// [`parse_article`], keeping the body or not.
pub fn parse_article_as(id: &str, text: &str, content: Content) -> Result<Article, ParseError> {
    if text.trim().is_empty() {
        return Err(parse_error(
            Some(1),
            "the file is empty",
            "add front matter between `+++` lines and a body, or delete the file",
        ));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err(parse_error(
            Some(1),
            format!("the file does not start with front matter (found {:?})", truncate(first.trim_end(), 40)),
            "begin the file with a `+++` line, the TOML metadata (title = \"...\"), and another `+++` line",
        ));
    }
    let front_start = first.len();
    let mut offset = front_start;
    let mut front_end = None;
    for line in lines {
        if line.trim_end() == FENCE {
            front_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((front_end, body_start)) = front_end else {
        return Err(parse_error(
            Some(1),
            "the front matter opened on line 1 is never closed",
            "add a line containing only `+++` after the metadata",
        ));
    };
    let front = &text[front_start..front_end];
    // Lines inside `front` are numbered from 1; in the file they start on line 2.
    let to_file_line = |front_line: usize| front_line + 1;
    let raw: RawFrontMatter = toml::from_str(front).map_err(|e| {
        let front_line = e.span().map(|s| crate::located::line_at(front, s.start));
        let message = e.message().trim().to_string();
        // The key on the offending line says what value was expected there.
        let key = front_line
            .and_then(|l| front.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim().trim_matches('"').to_string());
        let fix = if message.contains("unknown field") {
            "fix the spelling or remove the key (allowed: title, source, published, author, translator, dateline, url, tags, imported_from and <field>_inferred)".to_string()
        } else {
            match key.as_deref() {
                Some("published") => "write a real date: published = 2024-06-22, 2024-06-19T18:10:00 or 2024-06-22T19:08:00+07:00".into(),
                Some("tags") => "write tags as a list: tags = [\"news\", \"asia\"]".into(),
                Some(k) if message.contains("invalid type") => format!("write {k} as text in double quotes: {k} = \"...\""),
                _ => "fix the TOML syntax on that line (text in double quotes, dates as 2024-06-22)".into(),
            }
        };
        parse_error(front_line.map(to_file_line), format!("invalid front matter: {message}"), fix)
    })?;

    let published = match &raw.published {
        None => None,
        Some(value) => {
            let line = crate::text::toml_key_line(front, "published").map(to_file_line);
            let text = match value {
                toml::Value::Datetime(dt) => dt.to_string(),
                toml::Value::String(s) => s.clone(),
                other => {
                    return Err(parse_error(
                        line,
                        format!("`published` must be a date, not {}", other.type_str()),
                        "write published = 2024-06-22 or 2024-06-22T19:08:00+07:00",
                    ));
                }
            };
            match Published::parse(&text) {
                Some(p) => Some(p),
                None => {
                    return Err(parse_error(
                        line,
                        format!("`published = {text:?}` is not a date"),
                        "write published = 2024-06-22, 2024-06-19T18:10:00 or 2024-06-22T19:08:00+07:00",
                    ));
                }
            }
        }
    };
    if raw.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        let line = crate::text::toml_key_line(front, "title").map(to_file_line);
        return Err(parse_error(line, "`title` is empty", "give the article a headline or remove the key"));
    }

    let field = |value: Option<String>, inferred: Option<String>| Field {
        value: value.filter(|v| !v.trim().is_empty()),
        inferred,
    };
    let meta = Metadata {
        title: field(raw.title, raw.title_inferred),
        source: field(raw.source, raw.source_inferred),
        published: Field { value: published, inferred: raw.published_inferred },
        author: field(raw.author, raw.author_inferred),
        translator: field(raw.translator, raw.translator_inferred),
        dateline: field(raw.dateline, raw.dateline_inferred),
        url: raw.url,
        tags: raw.tags,
        imported_from: raw.imported_from,
    };
    let paragraphs = match content {
        Content::Whole => split_paragraphs(&text[body_start..]),
        Content::Metadata => Vec::new(),
    };
    Ok(Article::from_blocks(id.to_string(), meta, paragraphs))
}

/// Splits body text on blank lines and reads each paragraph's marker. Lines inside one
/// paragraph are joined with a space, so hard-wrapped files read the same as unwrapped ones.
pub fn split_paragraphs(body: &str) -> Vec<(BlockKind, String)> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut flush = |current: &mut Vec<&str>| {
        if current.is_empty() {
            return;
        }
        let joined = current.join(" ");
        current.clear();
        let (kind, text) = if let Some(rest) = joined.strip_prefix(CAPTION_MARKER.trim_end()) {
            (BlockKind::Caption, rest.trim_start().to_string())
        } else if let Some(rest) = joined.strip_prefix(HEADING_MARKER) {
            (BlockKind::Heading, rest.to_string())
        } else if let Some(rest) = joined.strip_prefix('\\') {
            (BlockKind::Paragraph, rest.to_string())
        } else {
            (BlockKind::Paragraph, joined)
        };
        out.push((kind, text));
    };
    for line in body.lines() {
        if line.trim().is_empty() {
            flush(&mut current);
        } else {
            current.push(line.trim());
        }
    }
    flush(&mut current);
    out
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The publication date as printed ("2024-06-22 19:08 +07:00"), `~` when inferred.
pub fn date_cell(article: &Article) -> String {
    let p = &article.meta.published;
    match (&p.value, p.is_inferred()) {
        (Some(v), true) => format!("~{v}"),
        (Some(v), false) => v.to_string(),
        (None, _) => "undated".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "+++\ntitle = \"A headline\"\nsource = \"VNS\"\npublished = 2024-06-22T19:08:00+07:00\ntags = []\n+++\n\nFirst paragraph\nwrapped.\n\n[caption] A photo. Photo: Someone\n\n## A heading\n\nLast.\n";

    #[test]
    fn parses_front_matter_and_blocks() {
        let a = parse_article("x", SAMPLE).unwrap();
        assert_eq!(a.meta.title.value.as_deref(), Some("A headline"));
        assert_eq!(a.meta.published.value.unwrap().to_string(), "2024-06-22 19:08 +07:00");
        let kinds: Vec<_> = a.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [BlockKind::Paragraph, BlockKind::Caption, BlockKind::Heading, BlockKind::Paragraph]);
        assert_eq!(a.block_text(&a.blocks[0]), "First paragraph wrapped.");
        assert_eq!(a.block_text(&a.blocks[1]), "A photo. Photo: Someone");
    }

    #[test]
    fn round_trips_through_the_file_format() {
        let a = parse_article("x", SAMPLE).unwrap();
        let again = parse_article("x", &a.to_file_string()).unwrap();
        assert_eq!(a, again);
    }

    #[test]
    fn escapes_paragraphs_that_look_like_markers() {
        let meta = Metadata::default();
        let a = Article::from_blocks(
            "x".into(),
            meta,
            vec![(BlockKind::Paragraph, "## not a heading".into()), (BlockKind::Paragraph, "[caption] not one".into())],
        );
        let again = parse_article("x", &a.to_file_string()).unwrap();
        assert_eq!(a, again);
    }

    #[test]
    fn published_forms() {
        assert_eq!(Published::parse("2025-01-30").unwrap().to_string(), "2025-01-30");
        assert_eq!(Published::parse("2024-06-19T18:10:00").unwrap().to_string(), "2024-06-19 18:10");
        assert_eq!(Published::parse("2024-06-22 19:08 +07:00").unwrap().to_toml_literal(), "2024-06-22T19:08:00+07:00");
        assert_eq!(Published::parse("2024-06-22T12:08:00Z").unwrap().to_string(), "2024-06-22 12:08 +00:00");
        assert!(Published::parse("2024-13-45").is_none());
        assert!(Published::parse("yesterday").is_none());
    }

    #[test]
    fn located_errors() {
        let e = parse_article("x", "").unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = parse_article("x", "no front matter\n").unwrap_err();
        assert!(e.problem.contains("does not start with front matter"), "{e}");
        let e = parse_article("x", "+++\ntitle = \"t\"\n").unwrap_err();
        assert!(e.problem.contains("never closed"), "{e}");
        let e = parse_article("x", "+++\ntitle = \"t\"\nautor = \"me\"\n+++\nbody\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.problem.contains("unknown field"), "{e}");
        let e = parse_article("x", "+++\ntitle = \"t\"\npublished = \"yesterday\"\n+++\nbody\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse_article("x", "+++\ntitle = \"t\"\npublished = 2024-13-45\n+++\nbody\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse_article("x", "+++\ntitle = 5\n+++\nbody\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn decodes_bom_crlf_and_refuses_bad_bytes() {
        assert_eq!(decode_text(b"\xef\xbb\xbfa\r\nb").unwrap(), "a\nb");
        let e = decode_text(b"ok\nbad \xe9 latin1").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = decode_text(b"ok\ntrunc \xe1\xbb").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(decode_text(b"a\0b").is_err());
    }
}
