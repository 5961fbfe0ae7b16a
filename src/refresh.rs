//! Subscriptions: the feeds a user follows, kept one address a line in
//! `$XDG_CONFIG_HOME/tidings/feeds.txt`, and refreshing them — every feed fetched (a few at a
//! time, with conditional GET so an unchanged feed costs one small response), its new items
//! imported into the user's library. Used by `tidings refresh` and by `R` in the reader.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::fetch::{Fetched, Fetcher, Validators};
use crate::import::{ImportOptions, ImportRules, InputKind, decode_page, import_feed, import_html, sniff};

/// The subscriptions file: one address a line; blank lines and `#` comments are kept as the
/// user wrote them.
pub fn feeds_path() -> Option<PathBuf> {
    crate::config::config_dir().map(|d| d.join("feeds.txt"))
}

/// The addresses in a subscriptions file (a missing file is no subscriptions).
pub fn read_feeds(path: &Path) -> std::io::Result<Vec<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Adds `url` (once) to the subscriptions file, atomically.
pub fn add_feed(path: &Path, url: &str) -> std::io::Result<bool> {
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    if read_feeds(path)?.iter().any(|f| f == url) {
        return Ok(false);
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(url);
    text.push('\n');
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::fsutil::write_atomically(path, text.as_bytes())?;
    Ok(true)
}

/// Removes `url` from the subscriptions file, atomically; whether it was there.
pub fn remove_feed(path: &Path, url: &str) -> std::io::Result<bool> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let kept: Vec<&str> = text.lines().filter(|l| l.trim() != url).collect();
    if kept.len() == text.lines().count() {
        return Ok(false);
    }
    let mut out = kept.join("\n");
    out.push('\n');
    crate::fsutil::write_atomically(path, out.as_bytes())?;
    Ok(true)
}

/// What a refresh remembers of a feed: what its server last said about its version, and the
/// items already brought in (by link or id), so that an item is imported once even when the
/// feed changes its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct FeedState {
    #[serde(flatten)]
    validators: Validators,
    #[serde(default)]
    seen: BTreeSet<String>,
}

fn feed_state_path() -> Option<PathBuf> {
    crate::config::state_dir().map(|d| d.join("feeds.toml"))
}

fn load_feed_state(path: &Path) -> BTreeMap<String, FeedState> {
    std::fs::read_to_string(path).ok().and_then(|t| toml::from_str(&t).ok()).unwrap_or_default()
}

/// How one feed's refresh went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOutcome {
    /// New articles written (their files), and items already in the library.
    Imported {
        new: Vec<PathBuf>,
        known: usize,
    },
    NotModified,
    Failed(String),
}

/// One step of a refresh, for a progress display.
#[derive(Debug, Clone)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub feed: String,
    pub outcome: FeedOutcome,
}

/// Refreshes every feed into `into`, at most `parallel` at a time, calling `progress` after
/// each. Returns every feed's outcome, in the order given.
pub fn refresh(
    feeds: &[String],
    into: &Path,
    fetcher: &Fetcher,
    rules: &ImportRules,
    parallel: usize,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Vec<(String, FeedOutcome)> {
    let state = feed_state_path();
    let known = Mutex::new(state.as_deref().map(load_feed_state).unwrap_or_default());
    let next = Mutex::new(0usize);
    let results = Mutex::new(vec![None; feeds.len()]);
    let done = Mutex::new(0usize);
    std::thread::scope(|scope| {
        for _ in 0..parallel.clamp(1, 16).min(feeds.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(url) = feeds.get(i) else { return };
                    let previous =
                        known.lock().unwrap_or_else(|e| e.into_inner()).get(url).cloned().unwrap_or_default();
                    let (outcome, after) = refresh_one(url, previous, into, fetcher, rules);
                    if let Some(after) = after {
                        known.lock().unwrap_or_else(|e| e.into_inner()).insert(url.clone(), after);
                    }
                    let finished = {
                        let mut d = done.lock().unwrap_or_else(|e| e.into_inner());
                        *d += 1;
                        *d
                    };
                    progress(&Progress {
                        done: finished,
                        total: feeds.len(),
                        feed: url.clone(),
                        outcome: outcome.clone(),
                    });
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                }
            });
        }
    });
    if let Some(path) = state {
        let known = known.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Ok(text) = toml::to_string(&known) {
            let _ = path.parent().map(std::fs::create_dir_all);
            let _ = crate::fsutil::write_atomically(&path, text.as_bytes());
        }
    }
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    feeds
        .iter()
        .cloned()
        .zip(results.into_iter().map(|r| r.unwrap_or(FeedOutcome::Failed("not refreshed".into()))))
        .collect()
}

fn refresh_one(
    url: &str,
    mut state: FeedState,
    into: &Path,
    fetcher: &Fetcher,
    rules: &ImportRules,
) -> (FeedOutcome, Option<FeedState>) {
    let conditional = (state.validators != Validators::default()).then_some(&state.validators);
    let (bytes, validators) = match fetcher.get(url, conditional) {
        Ok(Fetched::NotModified) => return (FeedOutcome::NotModified, None),
        Ok(Fetched::Body { bytes, validators }) => (bytes, validators),
        Err(e) => return (FeedOutcome::Failed(e.to_string()), None),
    };
    let options = ImportOptions::default();
    let items = match import_feed(url, &bytes, rules, &options) {
        Ok(items) => items,
        Err(e) => return (FeedOutcome::Failed(format!("{url}: {e}")), None),
    };
    if let Err(e) = std::fs::create_dir_all(into) {
        return (FeedOutcome::Failed(format!("{}: cannot create the folder: {e}", into.display())), None);
    }
    let (mut new, mut known) = (Vec::new(), 0);
    for item in items {
        let identity = item.link.clone().unwrap_or_else(|| item.imported.article.id.clone());
        if state.seen.contains(&identity) {
            known += 1;
            continue;
        }
        let mut imported = item.imported;
        if item.summary_only
            && let Some(link) = &item.link
            && let Ok(Fetched::Body { bytes, .. }) = fetcher.get(link, None)
            && sniff(&bytes) == InputKind::Html
        {
            let page = import_html(link, &decode_page(&bytes), Some(link), rules, &options);
            if !page.article.body.trim().is_empty() {
                imported = crate::import::fill_from_feed(page, imported);
            }
        }
        if imported.article.body.trim().is_empty() {
            continue;
        }
        let contents = imported.article.to_file_string();
        match crate::fsutil::article_slot(into, &imported.article.id, &contents, &|_| false, &|_| false) {
            crate::fsutil::Slot::AlreadyThere(_) => known += 1,
            crate::fsutil::Slot::Write(target) => {
                if crate::fsutil::write_atomically(&target, contents.as_bytes()).is_err() {
                    continue;
                }
                new.push(target);
            }
        }
        state.seen.insert(identity);
    }
    state.validators = validators;
    (FeedOutcome::Imported { new, known }, Some(state))
}
