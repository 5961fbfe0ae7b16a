//! What the reader remembers between runs, per library: which articles were read, where each
//! was left, and the last one open. One file holds every library's state, keyed by the library
//! (`bundled`, or its folder), so reading one library never touches another's marks.
//!
//! Saving merges: the file is re-read under a lock, this session's changes are applied to what
//! is there, and the result is written atomically (temporary file, fsync, rename). Two readers
//! open at once therefore keep each other's marks. A corrupt file is moved aside with a message,
//! never silently dropped; a file from before libraries had their own state is migrated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One library's reading state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryState {
    #[serde(default)]
    pub read: BTreeSet<String>,
    pub last_article: Option<String>,
    /// Body byte offset at the top of the reader, per article id.
    #[serde(default)]
    pub positions: BTreeMap<String, usize>,
}

/// The whole state file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateFile {
    #[serde(default)]
    pub libraries: BTreeMap<String, LibraryState>,
    /// The state of the first version's file, which had one set of marks for every library.
    /// A library with no state of its own starts from the part of it that names its articles.
    pub legacy: Option<LibraryState>,
}

/// The first version's file: one set of marks for whatever library was read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FirstVersion {
    #[serde(default)]
    read: BTreeSet<String>,
    last_article: Option<String>,
    last_offset: Option<usize>,
}

/// What one session changed: merged into the file on save.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionChanges {
    /// Article id -> read (true) or unread (false).
    pub read: BTreeMap<String, bool>,
    pub positions: BTreeMap<String, usize>,
    pub last_article: Option<String>,
}

impl StateFile {
    /// The state of library `key`: its own, else what the first version's file had.
    pub fn library(&self, key: &str) -> LibraryState {
        self.libraries.get(key).or(self.legacy.as_ref()).cloned().unwrap_or_default()
    }

    fn apply(&mut self, key: &str, changes: &SessionChanges) {
        let fresh = !self.libraries.contains_key(key);
        let state = self.libraries.entry(key.to_string()).or_default();
        if fresh && let Some(legacy) = &self.legacy {
            *state = legacy.clone();
        }
        for (id, &read) in &changes.read {
            if read {
                state.read.insert(id.clone());
            } else {
                state.read.remove(id);
            }
        }
        state.positions.extend(changes.positions.iter().map(|(k, v)| (k.clone(), *v)));
        if changes.last_article.is_some() {
            state.last_article.clone_from(&changes.last_article);
        }
    }
}

/// `$XDG_STATE_HOME/tidings/state.toml`, else `~/.local/state/tidings/state.toml`.
pub fn default_path() -> Option<PathBuf> {
    crate::config::state_dir().map(|d| d.join("state.toml"))
}

fn parse(text: &str) -> Result<StateFile, String> {
    match toml::from_str::<StateFile>(text) {
        Ok(file) => Ok(file),
        Err(new_error) => match toml::from_str::<FirstVersion>(text) {
            Ok(old) => {
                let positions = match (&old.last_article, old.last_offset) {
                    (Some(id), Some(offset)) => [(id.clone(), offset)].into(),
                    _ => BTreeMap::new(),
                };
                let legacy = LibraryState { read: old.read, last_article: old.last_article, positions };
                Ok(StateFile { libraries: BTreeMap::new(), legacy: Some(legacy) })
            }
            Err(_) => Err(new_error.message().to_string()),
        },
    }
}

/// Loads the state. A missing file is a fresh start; an unreadable or corrupt one is renamed
/// to `state.toml.corrupt-<unix time>` and reported in the returned message.
pub fn load(path: &Path, now_unix: u64) -> (StateFile, Option<String>) {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (StateFile::default(), None),
        Err(e) => {
            return (
                StateFile::default(),
                Some(format!("cannot read {}: {e}; reading state not restored", path.display())),
            );
        }
    };
    match String::from_utf8(text).map_err(|e| e.to_string()).and_then(|t| parse(&t)) {
        Ok(state) => (state, None),
        Err(problem) => {
            let aside = path.with_file_name(format!("state.toml.corrupt-{now_unix}"));
            let message = match std::fs::rename(path, &aside) {
                Ok(()) => {
                    format!("reading state was corrupt ({problem}); kept as {} and started fresh", aside.display())
                }
                Err(e) => format!("reading state was corrupt ({problem}) and could not be moved aside: {e}"),
            };
            (StateFile::default(), Some(message))
        }
    }
}

/// Merges `changes` into library `key`'s state in the file at `path`: re-read under a lock so
/// that another reader's changes since this one started are kept.
pub fn save(path: &Path, key: &str, changes: &SessionChanges) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let lock = std::fs::OpenOptions::new().create(true).append(true).open(path.with_extension("lock"))?;
    lock.lock()?;
    let mut file = match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).unwrap_or_default(),
        Err(_) => StateFile::default(),
    };
    file.apply(key, changes);
    let text = toml::to_string(&file).map_err(std::io::Error::other)?;
    let result = crate::fsutil::write_atomically(path, text.as_bytes());
    drop(lock);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(read: &[(&str, bool)], last: Option<&str>) -> SessionChanges {
        SessionChanges {
            read: read.iter().map(|(id, r)| (id.to_string(), *r)).collect(),
            positions: BTreeMap::new(),
            last_article: last.map(str::to_string),
        }
    }

    #[test]
    fn round_trip_and_corrupt_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tidings/state.toml");
        let mut c = changes(&[("a", true)], Some("a"));
        c.positions.insert("a".into(), 42);
        save(&path, "bundled", &c).unwrap();
        let (loaded, message) = load(&path, 1);
        assert_eq!(message, None);
        let state = loaded.library("bundled");
        assert_eq!(state.read, ["a".to_string()].into());
        assert_eq!(state.positions["a"], 42);
        assert_eq!(state.last_article.as_deref(), Some("a"));
        std::fs::write(&path, "read = [").unwrap();
        let (loaded, message) = load(&path, 77);
        assert_eq!(loaded, StateFile::default());
        assert!(message.unwrap().contains("corrupt"));
        assert_eq!(std::fs::read_to_string(path.with_file_name("state.toml.corrupt-77")).unwrap(), "read = [");
        assert!(!path.exists());
    }

    #[test]
    fn libraries_keep_their_own_marks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        save(&path, "bundled", &changes(&[("a", true)], Some("a"))).unwrap();
        save(&path, "/home/u/news", &changes(&[("b", true)], Some("b"))).unwrap();
        let (file, _) = load(&path, 0);
        assert_eq!(file.library("bundled").read, ["a".to_string()].into());
        assert_eq!(file.library("/home/u/news").read, ["b".to_string()].into());
        assert_eq!(file.library("/elsewhere"), LibraryState::default());
    }

    #[test]
    fn two_sessions_merge_instead_of_overwriting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        save(&path, "bundled", &changes(&[("a", true), ("b", true)], None)).unwrap();
        // Two readers start from {a, b}; one reads c, the other marks a unread.
        save(&path, "bundled", &changes(&[("c", true)], Some("c"))).unwrap();
        save(&path, "bundled", &changes(&[("a", false)], None)).unwrap();
        let state = load(&path, 0).0.library("bundled");
        assert_eq!(state.read, ["b".to_string(), "c".to_string()].into());
        assert_eq!(state.last_article.as_deref(), Some("c"), "a session that opened nothing keeps the last article");
    }

    #[test]
    fn the_first_versions_file_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        std::fs::write(&path, "read = [\"a\", \"b\"]\nlast_article = \"a\"\nlast_offset = 7\n").unwrap();
        let (file, message) = load(&path, 0);
        assert_eq!(message, None);
        let state = file.library("bundled");
        assert_eq!(state.read.len(), 2);
        assert_eq!(state.positions["a"], 7);
        // Saving one library keeps the old marks for the others.
        save(&path, "bundled", &changes(&[("z", true)], None)).unwrap();
        let file = load(&path, 0).0;
        assert_eq!(file.library("bundled").read.len(), 3);
        assert_eq!(file.library("/other").read.len(), 2);
    }
}
