//! `tidings import FILE|URL...`: web pages, feeds and text captures -> article files in the
//! library. What each input is comes from its content (`import::sniff`), not its name.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::fetch::{Fetched, Fetcher, looks_like_url};
use crate::fsutil::{Slot, article_slot, write_atomically};
use crate::import::{
    ImportOptions, ImportRules, Imported, InputKind, decode_page, fill_from_feed, import_capture, import_feed,
    import_html, sniff,
};

pub struct ImportRequest<'a> {
    /// Files, or http(s) addresses.
    pub inputs: &'a [String],
    pub into: &'a Path,
    pub dry_run: bool,
    pub force: bool,
    pub tags: Vec<String>,
    /// Inputs larger than this are refused unread.
    pub max_bytes: u64,
    /// For feed items that carry only a summary, keep it instead of fetching the item's page.
    pub summaries: bool,
    /// How addresses are fetched; `None` refuses them.
    pub fetcher: Option<&'a Fetcher>,
}

/// The bytes of one input, with the name to record and the address it came from.
fn read_input(input: &str, request: &ImportRequest) -> Result<(Vec<u8>, String, Option<String>), String> {
    if looks_like_url(input) {
        let Some(fetcher) = request.fetcher else {
            return Err(format!("{input}: fetching is off — save the page and import the file"));
        };
        return match fetcher.get(input, None).map_err(|e| e.to_string())? {
            Fetched::Body { bytes, .. } => Ok((bytes, input.to_string(), Some(input.to_string()))),
            Fetched::NotModified => Err(format!("{input}: the server answered 304 to a plain request")),
        };
    }
    let path = Path::new(input);
    let bytes =
        crate::fsutil::read_regular_file(path, request.max_bytes).map_err(|e| format!("{input}: {e} — {}", e.fix()))?;
    let name = path.file_name().map_or_else(|| input.to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = gunzip_if_gzipped(bytes, request.max_bytes).map_err(|e| format!("{input}: {e}"))?;
    Ok((bytes, name, None))
}

/// A file judged by its content: gzip's magic bytes ("page.html.gz", a feed saved
/// compressed) are inflated, up to the same size limit as any file, so a small bomb
/// stops there.
fn gunzip_if_gzipped(bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes.as_slice()).take(limit.saturating_add(1)).read_to_end(&mut out).map_err(
        |e| format!("gzip-compressed but cannot be inflated ({e}) — check the download, or gunzip it yourself"),
    )?;
    if out.len() as u64 > limit {
        return Err(format!(
            "inflates to over the limit of {limit} bytes — raise `max_article_bytes` in the config if it is really one article"
        ));
    }
    Ok(out)
}

/// The articles in one input: one for a page or a capture, one per item for a feed.
fn articles_in(
    bytes: &[u8],
    name: &str,
    url: Option<&str>,
    request: &ImportRequest,
    rules: &ImportRules,
    err: &mut dyn Write,
) -> io::Result<Result<Vec<Imported>, String>> {
    let options = ImportOptions { tags: request.tags.clone() };
    Ok(match sniff(bytes) {
        InputKind::Html => Ok(vec![import_html(name, &decode_page(bytes), url, rules, &options)]),
        InputKind::Text => match crate::article::decode_text(bytes) {
            Ok(text) => Ok(vec![import_capture(name, &text, rules, &options)]),
            Err(e) => Err(format!("{name}: {e}")),
        },
        InputKind::Feed => match import_feed(name, bytes, rules, &options) {
            Err(e) => Err(format!("{name}: {e}")),
            Ok(items) => {
                let mut out = Vec::new();
                for item in items {
                    match (&item.link, request.fetcher, item.summary_only && !request.summaries) {
                        (Some(link), Some(fetcher), true) => match fetcher.get(link, None) {
                            Ok(Fetched::Body { bytes, .. }) if sniff(&bytes) == InputKind::Html => {
                                let page = import_html(link, &decode_page(&bytes), Some(link), rules, &options);
                                out.push(fill_from_feed(page, item.imported));
                            }
                            Ok(_) => out.push(item.imported),
                            Err(e) => {
                                writeln!(err, "warning: {e}; the feed's summary is kept")?;
                                out.push(item.imported);
                            }
                        },
                        _ => out.push(item.imported),
                    }
                }
                Ok(out)
            }
        },
    })
}

/// Imports each input; a failure on one is reported and the others go on.
pub fn import(
    request: &ImportRequest,
    rules: &ImportRules,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let mut code = EXIT_OK;
    if !request.dry_run
        && let Err(e) = std::fs::create_dir_all(request.into)
    {
        writeln!(err, "error: {}: cannot create the folder: {e}", request.into.display())?;
        return Ok(EXIT_PROBLEMS);
    }
    let inputs: HashSet<PathBuf> =
        request.inputs.iter().filter(|i| !looks_like_url(i)).filter_map(|f| Path::new(f).canonicalize().ok()).collect();
    let mut written: HashSet<PathBuf> = HashSet::new();
    for input in request.inputs {
        let (bytes, name, url) = match read_input(input, request) {
            Ok(read) => read,
            Err(e) => {
                writeln!(err, "error: {e}")?;
                code = EXIT_PROBLEMS;
                continue;
            }
        };
        let articles = match articles_in(&bytes, &name, url.as_deref(), request, rules, err)? {
            Ok(articles) => articles,
            Err(e) => {
                writeln!(err, "error: {e}")?;
                code = EXIT_PROBLEMS;
                continue;
            }
        };
        if articles.is_empty() {
            writeln!(err, "error: {input}: no articles in it — nothing imported")?;
            code = EXIT_PROBLEMS;
        }
        for imported in articles {
            code = code.max(store(imported, input, request, &inputs, &mut written, out, err)?);
        }
    }
    Ok(code)
}

/// Writes one article (or shows it, on a dry run); returns the exit code for it.
fn store(
    mut imported: Imported,
    input: &str,
    request: &ImportRequest,
    inputs: &HashSet<PathBuf>,
    written: &mut HashSet<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    if imported.article.body.trim().is_empty() {
        let what = imported.article.meta.title.value.as_deref().map_or(String::new(), |t| format!(" ({t})"));
        writeln!(
            err,
            "error: {input}{what}: no article text in it (empty, or only page furniture) — nothing imported"
        )?;
        return Ok(EXIT_PROBLEMS);
    }
    let contents = imported.article.to_file_string();
    // Never one of the inputs; a file written earlier in this batch is never replaced.
    let skip = |path: &Path| path.canonicalize().is_ok_and(|real| inputs.contains(&real));
    let may_replace =
        |path: &Path| request.force && !written.contains(&path.canonicalize().unwrap_or(path.to_path_buf()));
    let target = match article_slot(request.into, &imported.article.id, &contents, &skip, &may_replace) {
        Slot::AlreadyThere(target) => {
            writeln!(out, "{input} = {} (already imported; skipped)", target.display())?;
            return Ok(EXIT_OK);
        }
        Slot::Write(target) => target,
    };
    if let Some(stem) = target.file_stem() {
        imported.article.id = stem.to_string_lossy().into_owned();
    }
    if request.dry_run {
        writeln!(out, "==> {input} -> {}", target.display())?;
        write!(out, "{contents}")?;
        writeln!(out, "--- stripped from the capture:")?;
        for s in &imported.stripped {
            let at = if s.line == 0 { "   ".to_string() } else { format!("{:>3}", s.line) };
            writeln!(out, "{at}  {:<45} {}", s.reason, crate::text::shorten(&s.text, 70))?;
        }
        for n in &imported.notes {
            writeln!(out, "note: {n}")?;
        }
        written.insert(target);
        return Ok(EXIT_OK);
    }
    let replaced = target.exists();
    match write_atomically(&target, contents.as_bytes()) {
        Ok(()) => {
            let how = if replaced { " (replaced, --force)" } else { "" };
            writeln!(out, "{input} -> {}{how}", target.display())?;
            written.insert(target.canonicalize().unwrap_or(target));
            Ok(EXIT_OK)
        }
        Err(e) => {
            writeln!(err, "error: {}: cannot write: {e}", target.display())?;
            Ok(EXIT_PROBLEMS)
        }
    }
}
