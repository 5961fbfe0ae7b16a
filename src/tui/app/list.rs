//! The article list: which articles the filter lets through, and which one is selected.

use super::App;
use crate::query::Query;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    /// The filter as typed (applied when it parses).
    pub filter: String,
    /// Why the filter does not parse, while it does not.
    pub filter_error: Option<String>,
    /// Articles shown in the list (indices into the library), in list order.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
}

impl ListState {
    pub fn new(articles: usize) -> ListState {
        ListState { visible: (0..articles).collect(), ..ListState::default() }
    }

    pub fn selected_article(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            self.selected = 0;
            return;
        }
        self.selected =
            (self.selected as isize).saturating_add(delta).clamp(0, self.visible.len() as isize - 1) as usize;
    }

    /// Selects the row that shows `article`, if it is shown.
    pub fn select_article(&mut self, article: usize) {
        if let Some(row) = self.visible.iter().position(|&i| i == article) {
            self.selected = row;
        }
    }
}

impl App {
    pub(super) fn apply_filter(&mut self, text: &str) {
        match Query::parse(text) {
            Ok(query) if !query.is_empty() && !self.jobs.searchable_ready(self.library.articles.len()) => {
                // The prepared search data comes with the analysis; the filter applies then.
                self.list.filter_error = None;
                let (done, total) = self.analysis_progress().unwrap_or((0, 0));
                self.message =
                    Some(format!("the filter applies when the analysis is done ({done} of {total} articles)"));
            }
            Ok(query) => {
                self.list.filter_error = None;
                let selected = self.list.selected_article();
                let searchables = self.jobs.searchables_slice();
                self.list.visible = (0..self.library.articles.len())
                    .filter(|&i| query.is_empty() || query.matches(&searchables[i]))
                    .collect();
                self.list.selected = selected.and_then(|s| self.list.visible.iter().position(|&i| i == s)).unwrap_or(0);
            }
            Err(e) => self.list.filter_error = Some(e.0),
        }
    }

    pub fn set_filter(&mut self, text: &str) {
        self.list.filter = text.to_string();
        self.apply_filter(text);
    }

    pub(super) fn toggle_read(&mut self) {
        let target = match self.focus {
            super::Focus::List => self.list.selected_article(),
            _ => self.reader.open,
        };
        if let Some(i) = target {
            let id = &self.library.articles[i].id;
            let read = !self.marks.is_read(id);
            self.marks.set_read(id, read);
        }
    }
}
