//! The scriptable side of tidings: `list`, `show`, `import`, `check`. Each writes its result to
//! the given writer (stdout in the binary) and problems to stderr, and returns the exit code.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::article::{Article, BlockKind, Content, Field};
use crate::config::Config;
use crate::import::{ImportOptions, ImportRules, import_capture};
use crate::library::{Library, LoadOptions, LoadProblem};
use crate::tui::{KeyMap, Theme};

pub mod feeds;
mod import;
pub mod report;
pub use import::{ImportRequest, import};
pub use report::ReportFormat;

/// Exit codes.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

/// Which library to read: `--articles` wins over `articles_dir` in the config; neither means
/// the bundled articles with the user's own library ($XDG_DATA_HOME/tidings/articles).
pub fn open_library(config: &Config, articles: Option<&Path>) -> Result<Library, LoadProblem> {
    open_library_as(config, articles, Content::Whole)
}

/// Where [`open_library`] reads from, without reading it.
pub fn library_origin(config: &Config, articles: Option<&Path>) -> crate::library::LibraryOrigin {
    use crate::library::LibraryOrigin;
    match articles.map(Path::to_path_buf).or_else(|| config.articles_dir.clone()) {
        Some(dir) => LibraryOrigin::Folder(dir),
        None => match crate::config::data_dir() {
            Some(data) => LibraryOrigin::BundledAnd(data.join("articles")),
            None => LibraryOrigin::Bundled,
        },
    }
}

/// [`open_library`], with the bodies or only the metadata.
pub fn open_library_as(config: &Config, articles: Option<&Path>, content: Content) -> Result<Library, LoadProblem> {
    let options = LoadOptions {
        extension: config.article_extension.clone(),
        max_article_bytes: config.max_article_bytes,
        content,
    };
    use crate::library::LibraryOrigin;
    match library_origin(config, articles) {
        LibraryOrigin::Folder(dir) => Library::load_folder(&dir, &options),
        LibraryOrigin::BundledAnd(dir) => Ok(Library::bundled_and(&dir, &options)),
        LibraryOrigin::Bundled => Ok(Library::bundled()),
    }
}

/// Import rules: the user's `import.toml` next to the config file if there is one.
pub fn import_rules(config: &Config) -> Result<ImportRules, crate::Located> {
    if let Some(path) = config.user_dir().map(|d| d.join("import.toml")).filter(|p| p.exists()) {
        let file = path.display().to_string();
        let bytes = crate::fsutil::read_regular_file(&path, 16 << 20)
            .map_err(|e| crate::Located::new(&file, format!("cannot read: {e}"), e.fix()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| crate::Located::new(&file, "is not UTF-8", "save the file as UTF-8"))?;
        return ImportRules::parse(&text, &file);
    }
    Ok(ImportRules::bundled())
}

/// Load problems go to stderr so that stdout stays clean for pipes.
pub fn warn_problems(library: &Library, err: &mut dyn Write) {
    for p in &library.problems {
        let _ = writeln!(err, "warning: {p}");
    }
    if !library.problems.is_empty() {
        let _ =
            writeln!(err, "warning: {} file(s) skipped; run `tidings check` for the full list", library.problems.len());
    }
}

fn marked(field: &Field<String>) -> String {
    match (&field.value, field.is_inferred()) {
        (Some(v), true) => format!("~{v}"),
        (Some(v), false) => v.clone(),
        (None, _) => "—".into(),
    }
}

pub use crate::article::date_cell;
pub use crate::fsutil::write_atomically;

#[derive(Serialize)]
struct MetaJson<'a> {
    id: &'a str,
    title: Option<&'a str>,
    title_inferred: Option<&'a str>,
    source: Option<&'a str>,
    source_inferred: Option<&'a str>,
    published: Option<String>,
    published_inferred: Option<&'a str>,
    author: Option<&'a str>,
    author_inferred: Option<&'a str>,
    translator: Option<&'a str>,
    translator_inferred: Option<&'a str>,
    dateline: Option<&'a str>,
    dateline_inferred: Option<&'a str>,
    url: Option<&'a str>,
    tags: &'a [String],
    imported_from: Option<&'a str>,
}

impl<'a> MetaJson<'a> {
    fn new(a: &'a Article) -> Self {
        let m = &a.meta;
        MetaJson {
            id: &a.id,
            title: m.title.value.as_deref(),
            title_inferred: m.title.inferred.as_deref(),
            source: m.source.value.as_deref(),
            source_inferred: m.source.inferred.as_deref(),
            published: m.published.value.map(|p| p.to_toml_literal()),
            published_inferred: m.published.inferred.as_deref(),
            author: m.author.value.as_deref(),
            author_inferred: m.author.inferred.as_deref(),
            translator: m.translator.value.as_deref(),
            translator_inferred: m.translator.inferred.as_deref(),
            dateline: m.dateline.value.as_deref(),
            dateline_inferred: m.dateline.inferred.as_deref(),
            url: m.url.as_deref(),
            tags: &m.tags,
            imported_from: m.imported_from.as_deref(),
        }
    }
}

fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

pub fn list(library: &Library, format: ListFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ListFormat::Json => {
            let items: Vec<MetaJson> = library.articles.iter().map(MetaJson::new).collect();
            serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "articles": items }))?;
            writeln!(out)
        }
        ListFormat::Table => {
            let rows: Vec<[String; 4]> = library
                .articles
                .iter()
                .map(|a| [a.id.clone(), date_cell(a), marked(&a.meta.source), marked(&a.meta.title)])
                .collect();
            let headers = ["ID", "DATE", "SOURCE", "TITLE"];
            let widths: Vec<usize> = (0..3)
                .map(|c| {
                    rows.iter().map(|r| UnicodeWidthStr::width(r[c].as_str())).max().unwrap_or(0).max(headers[c].len())
                })
                .collect();
            writeln!(
                out,
                "{}  {}  {}  {}",
                pad(headers[0], widths[0]),
                pad(headers[1], widths[1]),
                pad(headers[2], widths[2]),
                headers[3]
            )?;
            for r in &rows {
                writeln!(
                    out,
                    "{}  {}  {}  {}",
                    pad(&r[0], widths[0]),
                    pad(&r[1], widths[1]),
                    pad(&r[2], widths[2]),
                    r[3]
                )?;
            }
            if io::stdout().is_terminal() && rows.iter().any(|r| r.iter().any(|c| c.starts_with('~'))) {
                writeln!(out, "\n~ inferred, not printed in the capture (`tidings show ID` says why)")?;
            }
            Ok(())
        }
    }
}

/// Width for wrapped text: `--width`, else the terminal's (at most 100), else 80.
pub fn text_width(requested: Option<u16>) -> usize {
    if let Some(w) = requested {
        return usize::from(w.max(20));
    }
    if io::stdout().is_terminal()
        && let Ok((cols, _)) = crossterm::terminal::size()
    {
        return usize::from(cols.clamp(20, 100));
    }
    80
}

/// `text` wrapped to `width` less an `indent`, with the reader's wrapper.
fn wrapped(text: &str, width: usize, indent: usize) -> impl Iterator<Item = &str> {
    crate::text::wrap_ranges(text, width.saturating_sub(indent).max(1), 0).into_iter().map(move |r| &text[r])
}

pub fn show(article: &Article, format: ShowFormat, width: usize, out: &mut dyn Write) -> io::Result<()> {
    if format == ShowFormat::Json {
        #[derive(Serialize)]
        struct BlockJson<'a> {
            kind: BlockKind,
            text: &'a str,
            span: [usize; 2],
        }
        let blocks: Vec<BlockJson> = article
            .blocks
            .iter()
            .map(|b| BlockJson { kind: b.kind, text: article.block_text(b), span: [b.range.start, b.range.end] })
            .collect();
        let mut value = serde_json::to_value(MetaJson::new(article))?;
        value["body"] = serde_json::Value::String(article.body.clone());
        value["blocks"] = serde_json::to_value(blocks)?;
        serde_json::to_writer_pretty(&mut *out, &value)?;
        return writeln!(out);
    }
    let m = &article.meta;
    writeln!(out, "{}", marked(&m.title))?;
    let mut line = Vec::new();
    line.push(marked(&m.source));
    line.push(date_cell(article));
    if m.author.value.is_some() {
        line.push(format!("by {}", marked(&m.author)));
    }
    if m.translator.value.is_some() {
        line.push(format!("translated by {}", marked(&m.translator)));
    }
    if m.dateline.value.is_some() {
        line.push(marked(&m.dateline));
    }
    writeln!(out, "{}", line.join(" · "))?;
    for (name, why) in m.inferred_reasons() {
        let text = format!("~ {name} inferred: {why}");
        for (i, l) in wrapped(&text, width, 2).enumerate() {
            writeln!(out, "{}{l}", if i == 0 { "" } else { "  " })?;
        }
    }
    if !m.tags.is_empty() {
        writeln!(out, "tags: {}", m.tags.join(", "))?;
    }
    for block in &article.blocks {
        writeln!(out)?;
        let text = article.block_text(block);
        let (first, rest) = match block.kind {
            BlockKind::Paragraph => ("", ""),
            BlockKind::Heading => ("## ", "   "),
            BlockKind::Caption => ("  │ ", "  │ "),
        };
        for (i, l) in wrapped(text, width, first.chars().count()).enumerate() {
            writeln!(out, "{}{l}", if i == 0 { first } else { rest })?;
        }
    }
    Ok(())
}

/// Resolves `extract`'s arguments to article indices, adding files that are not in the
/// library: an article file is parsed, anything else is imported in memory as a raw capture.
pub fn select_for_extract(library: &mut Library, items: &[String], config: &Config) -> Result<Vec<usize>, String> {
    if items.is_empty() {
        return Ok((0..library.articles.len()).collect());
    }
    let mut selected = Vec::new();
    let mut rules: Option<ImportRules> = None;
    for item in items {
        let path = Path::new(item);
        if path.is_file() {
            let bytes = crate::fsutil::read_regular_file(path, config.max_article_bytes)
                .map_err(|e| format!("{item}: cannot read: {e} — {}", e.fix()))?;
            let text = crate::article::decode_text(&bytes).map_err(|e| e.in_file(item).to_string())?;
            let stem = path.file_stem().map_or_else(|| item.clone(), |s| s.to_string_lossy().into_owned());
            let article = if text.starts_with("+++") {
                crate::article::parse_article(&stem, &text).map_err(|e| e.in_file(item).to_string())?
            } else {
                let name = path.file_name().map_or_else(|| item.clone(), |n| n.to_string_lossy().into_owned());
                let rules = match &mut rules {
                    Some(loaded) => &*loaded,
                    empty @ None => empty.insert(import_rules(config).map_err(|e| e.to_string())?),
                };
                import_capture(&name, &text, rules, &ImportOptions::default()).article
            };
            library.articles.push(article);
            selected.push(library.articles.len() - 1);
        } else {
            let id = library.find(item)?.id.clone();
            selected.push(library.articles.iter().position(|a| a.id == id).unwrap_or(0));
        }
    }
    Ok(selected)
}

/// Validates the config, the import rules and the library; lists every problem.
pub fn check(config: &Config, articles: Option<&Path>, out: &mut dyn Write) -> io::Result<u8> {
    let mut problems: Vec<String> = Vec::new();
    if let Err(errors) = KeyMap::from_config(config) {
        problems.extend(errors.iter().map(|e| config.locate(e).to_string()));
    }
    if let Err(errors) = Theme::from_config(&config.theme, false) {
        problems.extend(errors.iter().map(|e| config.locate(e).to_string()));
    }
    if let Err(e) = import_rules(config) {
        problems.push(e.to_string());
    }
    if let Err(e) = crate::extract::Lexicon::with_user_dir(config.user_dir().as_deref()) {
        problems.push(e.to_string());
    }
    let articles_count = match open_library(config, articles) {
        Ok(lib) => {
            problems.extend(lib.problems.iter().map(ToString::to_string));
            // An article with no text loads, but there is nothing to read in it.
            problems.extend(lib.articles.iter().filter(|a| a.body.trim().is_empty()).map(|a| {
                format!("{}: has no article text — add the text below the front matter, or remove the file", a.id)
            }));
            writeln!(out, "library: {} — {} article(s) load", lib.origin, lib.articles.len())?;
            lib.articles.len()
        }
        Err(p) => {
            problems.push(p.to_string());
            0
        }
    };
    if problems.is_empty() {
        writeln!(out, "ok: config and {articles_count} article(s) have no problems")?;
        Ok(EXIT_OK)
    } else {
        for p in &problems {
            writeln!(out, "problem: {p}")?;
        }
        writeln!(out, "{} problem(s)", problems.len())?;
        Ok(EXIT_PROBLEMS)
    }
}
