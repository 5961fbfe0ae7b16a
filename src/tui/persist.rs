//! What the reader remembers between runs: which articles were read, the last article and the
//! position in it. Saved atomically (temporary file, fsync, rename); a corrupt file is moved
//! aside with a message, never silently dropped.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedState {
    #[serde(default)]
    pub read: BTreeSet<String>,
    pub last_article: Option<String>,
    /// Body byte offset at the top of the reader.
    pub last_offset: Option<usize>,
}

/// `$XDG_STATE_HOME/tidings/state.toml`, else `~/.local/state/tidings/state.toml`.
pub fn default_path() -> Option<PathBuf> {
    crate::config::xdg_dir("XDG_STATE_HOME", ".local/state").map(|d| d.join("state.toml"))
}

/// Loads the state. A missing file is a fresh start; an unreadable or corrupt one is renamed
/// to `state.toml.corrupt-<unix time>` and reported in the returned message.
pub fn load(path: &Path, now_unix: u64) -> (SavedState, Option<String>) {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (SavedState::default(), None),
        Err(e) => {
            return (
                SavedState::default(),
                Some(format!("cannot read {}: {e}; reading state not restored", path.display())),
            );
        }
    };
    let parsed = String::from_utf8(text)
        .map_err(|e| e.to_string())
        .and_then(|t| toml::from_str::<SavedState>(&t).map_err(|e| e.message().to_string()));
    match parsed {
        Ok(state) => (state, None),
        Err(problem) => {
            let aside = path.with_file_name(format!("state.toml.corrupt-{now_unix}"));
            let moved = std::fs::rename(path, &aside);
            let message = match moved {
                Ok(()) => {
                    format!("reading state was corrupt ({problem}); kept as {} and started fresh", aside.display())
                }
                Err(e) => format!("reading state was corrupt ({problem}) and could not be moved aside: {e}"),
            };
            (SavedState::default(), Some(message))
        }
    }
}

pub fn save(path: &Path, state: &SavedState) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = toml::to_string(state).map_err(std::io::Error::other)?;
    crate::commands::write_atomically(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corrupt_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tidings/state.toml");
        let state =
            SavedState { read: ["a".to_string()].into(), last_article: Some("a".into()), last_offset: Some(42) };
        save(&path, &state).unwrap();
        assert_eq!(load(&path, 1), (state, None));
        std::fs::write(&path, "read = [").unwrap();
        let (loaded, message) = load(&path, 77);
        assert_eq!(loaded, SavedState::default());
        assert!(message.unwrap().contains("corrupt"));
        assert_eq!(std::fs::read_to_string(path.with_file_name("state.toml.corrupt-77")).unwrap(), "read = [");
        assert!(!path.exists());
    }
}
