//! Read marks and per-article reading positions, and what this session changed of them — the
//! changes are what gets merged into the state file, so that two readers open at once do not
//! undo each other's marks.

use std::collections::{BTreeMap, HashSet};

use super::App;
use crate::tui::persist::{LibraryState, SessionChanges};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadMarks {
    read: HashSet<String>,
    /// Body byte offset at the top of the reader, per article id.
    positions: BTreeMap<String, usize>,
    changes: SessionChanges,
}

impl ReadMarks {
    pub fn is_read(&self, id: &str) -> bool {
        self.read.contains(id)
    }

    pub fn read_count(&self) -> usize {
        self.read.len()
    }

    pub fn set_read(&mut self, id: &str, read: bool) {
        let changed = if read { self.read.insert(id.to_string()) } else { self.read.remove(id) };
        if changed {
            self.changes.read.insert(id.to_string(), read);
        }
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    pub fn set_position(&mut self, id: &str, offset: usize) {
        if self.positions.get(id) != Some(&offset) {
            self.positions.insert(id.to_string(), offset);
            self.changes.positions.insert(id.to_string(), offset);
        }
    }
}

impl App {
    /// Restores the read marks, positions and last article saved for this library. Ids of
    /// articles that are no longer in the library are kept in the file but not shown.
    pub fn restore(&mut self, state: &LibraryState) {
        let library = &self.library;
        self.marks.read = state.read.iter().filter(|id| library.position(id).is_some()).cloned().collect();
        self.marks.positions = state
            .positions
            .iter()
            .filter(|(id, _)| library.position(id).is_some())
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        if let Some(index) = state.last_article.as_deref().and_then(|id| self.library.position(id)) {
            self.open_article(index);
            self.list.select_article(index);
            // A news reader's first screen is its list: the last article waits, open, one key
            // away (Enter or l), and where the screen has room it shows beside the list.
            self.show_list = Some(true);
            self.focus = super::Focus::List;
        }
    }

    /// What this session changed, with the current position of the open article recorded.
    pub fn session_changes(&mut self) -> SessionChanges {
        self.remember_position();
        let mut changes = self.marks.changes.clone();
        changes.last_article = self.reader.open.map(|i| self.library.articles[i].id.clone());
        changes
    }
}
