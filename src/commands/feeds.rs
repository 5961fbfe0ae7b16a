//! `tidings feeds add|list|remove` and `tidings refresh`.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::fetch::Fetcher;
use crate::import::ImportRules;
use crate::refresh::{FeedOutcome, add_feed, read_feeds, refresh, remove_feed};

/// How many feeds are fetched at once: polite to servers, quick enough for a hundred feeds.
pub const PARALLEL_FEEDS: usize = 4;

pub fn add(path: &Path, url: &str, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        writeln!(err, "error: {url}: is not an http(s) address — give the feed's URL")?;
        return Ok(EXIT_PROBLEMS);
    }
    match add_feed(path, url) {
        Ok(true) => writeln!(out, "subscribed to {url} (in {}); `tidings refresh` fetches it", path.display())?,
        Ok(false) => writeln!(out, "already subscribed to {url}")?,
        Err(e) => {
            writeln!(err, "error: {}: cannot write: {e}", path.display())?;
            return Ok(EXIT_PROBLEMS);
        }
    }
    Ok(EXIT_OK)
}

pub fn list(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    match read_feeds(path) {
        Ok(feeds) if feeds.is_empty() => writeln!(out, "no subscriptions — add one with `tidings feeds add URL`")?,
        Ok(feeds) => {
            for f in feeds {
                writeln!(out, "{f}")?;
            }
        }
        Err(e) => {
            writeln!(err, "error: {}: cannot read: {e}", path.display())?;
            return Ok(EXIT_PROBLEMS);
        }
    }
    Ok(EXIT_OK)
}

pub fn remove(path: &Path, url: &str, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    match remove_feed(path, url) {
        Ok(true) => writeln!(out, "unsubscribed from {url}")?,
        Ok(false) => {
            writeln!(err, "error: not subscribed to {url} (see `tidings feeds list`)")?;
            return Ok(EXIT_PROBLEMS);
        }
        Err(e) => {
            writeln!(err, "error: {}: cannot write: {e}", path.display())?;
            return Ok(EXIT_PROBLEMS);
        }
    }
    Ok(EXIT_OK)
}

/// Fetches every subscription and imports what is new into `into`: a progress bar on a
/// terminal, one line per feed otherwise.
pub fn run_refresh(
    feeds_file: &Path,
    into: &Path,
    fetcher: &Fetcher,
    rules: &ImportRules,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<u8> {
    let feeds = match read_feeds(feeds_file) {
        Ok(f) => f,
        Err(e) => {
            writeln!(err, "error: {}: cannot read: {e}", feeds_file.display())?;
            return Ok(EXIT_PROBLEMS);
        }
    };
    if feeds.is_empty() {
        writeln!(out, "no subscriptions — add one with `tidings feeds add URL`")?;
        return Ok(EXIT_OK);
    }
    let bar = io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(feeds.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} feeds  {msg}") {
            bar.set_style(style);
        }
        bar
    });
    let results = refresh(&feeds, into, fetcher, rules, PARALLEL_FEEDS, &|p| match &bar {
        Some(bar) => {
            bar.set_position(p.done as u64);
            bar.set_message(p.feed.clone());
        }
        None => eprintln_plain(p),
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let (mut new, mut failed) = (0, 0);
    for (feed, outcome) in &results {
        match outcome {
            FeedOutcome::Imported { new: files, known } => {
                new += files.len();
                writeln!(out, "{feed}: {} new, {known} already in the library", files.len())?;
            }
            FeedOutcome::NotModified => writeln!(out, "{feed}: unchanged")?,
            FeedOutcome::Failed(why) => {
                failed += 1;
                writeln!(err, "error: {why}")?;
            }
        }
    }
    writeln!(out, "{new} new article(s) in {}", into.display())?;
    Ok(if failed > 0 { EXIT_PROBLEMS } else { EXIT_OK })
}

fn eprintln_plain(p: &crate::refresh::Progress) {
    let status = match &p.outcome {
        FeedOutcome::Imported { new, .. } => format!("{} new", new.len()),
        FeedOutcome::NotModified => "unchanged".into(),
        FeedOutcome::Failed(_) => "failed".into(),
    };
    // Progress for a log: stderr, so stdout keeps the summary; a closed stderr is not an error.
    let _ = writeln!(io::stderr(), "[{}/{}] {} {status}", p.done, p.total, p.feed);
}
