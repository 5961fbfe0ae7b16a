//! The article list: which articles the filter lets through, and which one is selected.

use super::App;
use crate::query::Query;

/// From this many articles the filter scans on all cores.
const PARALLEL_FILTER_FROM: usize = 2_000;

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
    pub sort: SortOrder,
}

/// The order of the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Newest first (the library's own order; undated articles last).
    #[default]
    Newest,
    Oldest,
    /// By outlet, then newest first.
    Source,
    /// By headline, diacritics and case aside.
    Title,
}

impl SortOrder {
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Newest => SortOrder::Oldest,
            SortOrder::Oldest => SortOrder::Source,
            SortOrder::Source => SortOrder::Title,
            SortOrder::Title => SortOrder::Newest,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Newest => "newest first",
            SortOrder::Oldest => "oldest first",
            SortOrder::Source => "by source",
            SortOrder::Title => "by title",
        }
    }
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
                // The prepared search data comes after the analysis; the filter applies then.
                self.list.filter_error = None;
                self.message = Some(match self.analysis_progress() {
                    Some((done, total)) => {
                        format!("the filter applies when the analysis is done ({done} of {total} articles)")
                    }
                    None => "the filter applies when the words are indexed, in a moment".to_string(),
                });
            }
            Ok(mut query) => {
                self.list.filter_error = None;
                let selected = self.list.selected_article();
                let search = self.jobs.search();
                query.resolve(&search.words);
                let searchables = &search.articles;
                let (articles, marks) = (&self.library.articles, &self.marks);
                let uses_read = query.uses_read_state();
                let keep = |i: usize| {
                    query.is_empty() || query.matches(i, &searchables[i], uses_read && marks.is_read(&articles[i].id))
                };
                // Both cores share a large library's scan (the order is kept); a small one is
                // not worth the threads.
                self.list.visible = if articles.len() >= PARALLEL_FILTER_FROM {
                    use rayon::prelude::*;
                    (0..articles.len()).into_par_iter().filter(|&i| keep(i)).collect()
                } else {
                    (0..articles.len()).filter(|&i| keep(i)).collect()
                };
                self.sort_visible();
                self.list.selected = selected.and_then(|s| self.list.visible.iter().position(|&i| i == s)).unwrap_or(0);
            }
            Err(e) => {
                // No stale results under a filter that does not parse.
                self.list.visible.clear();
                self.list.selected = 0;
                self.list.filter_error = Some(e.0);
            }
        }
    }

    /// Puts the listed articles in the list's order. The library is newest first, and the
    /// sorts are stable, so ties keep that order.
    fn sort_visible(&mut self) {
        let articles = &self.library.articles;
        let visible = &mut self.list.visible;
        match self.list.sort {
            SortOrder::Newest => visible.sort_unstable(),
            SortOrder::Oldest => {
                // Undated articles stay last, as in the newest-first order.
                visible.sort_unstable();
                let dated = visible.iter().take_while(|&&i| articles[i].meta.published.value.is_some()).count();
                visible[..dated].reverse();
            }
            SortOrder::Source => {
                visible.sort_unstable();
                let source = |i: usize| articles[i].meta.source.value.as_deref().map(crate::text::fold);
                // Articles without an outlet after the others.
                visible.sort_by_cached_key(|&i| {
                    let s = source(i);
                    (s.is_none(), s)
                });
            }
            SortOrder::Title => {
                visible.sort_unstable();
                visible.sort_by_cached_key(|&i| crate::text::fold(articles[i].meta.title_or_placeholder()));
            }
        }
    }

    /// The next sort order; the selected article stays selected.
    pub(super) fn cycle_sort(&mut self) {
        let selected = self.list.selected_article();
        self.list.sort = self.list.sort.next();
        self.sort_visible();
        if let Some(article) = selected {
            self.list.select_article(article);
        }
        self.message = Some(format!("sorted {} — s for the next order", self.list.sort.label()));
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

    /// Opens the next (`delta` 1) or previous (-1) article of the list after the open one — or
    /// after the selected one when none is open — the next unread one if `unread` (going round
    /// the list), and shows it.
    pub(super) fn step_article(&mut self, delta: isize, unread: bool) {
        let from = self.reader.open.or_else(|| self.list.selected_article());
        let n = self.list.visible.len();
        let at = from.and_then(|a| self.list.visible.iter().position(|&i| i == a));
        let target = if unread {
            let start = at.map_or(0, |p| p + 1);
            (0..n)
                .map(|k| self.list.visible[(start + k) % n])
                .find(|&i| !self.marks.is_read(&self.library.articles[i].id))
        } else {
            let next = match at {
                Some(p) => p as isize + delta,
                None => 0,
            };
            usize::try_from(next).ok().and_then(|p| self.list.visible.get(p).copied())
        };
        let Some(index) = target else {
            self.message = Some(
                match (unread, delta > 0) {
                    (true, _) => "no unread article in the list",
                    (false, true) => "this is the last article in the list",
                    (false, false) => "this is the first article in the list",
                }
                .to_string(),
            );
            return;
        };
        self.push_jump();
        self.open_article(index);
        // Where the list had the screen to itself, the article takes it.
        if self.show_list == Some(true) {
            self.show_list = None;
        }
        self.focus = super::Focus::Reader;
    }

    /// Marks every article the list shows read.
    /// Asks the event loop to open the article's web address: the open article's, or the
    /// selected one's from the list.
    pub(super) fn request_open_url(&mut self) {
        let target = match self.focus {
            super::Focus::List => self.list.selected_article(),
            _ => self.reader.open.or(self.list.selected_article()),
        };
        let Some(article) = target.map(|i| &self.library.articles[i]) else {
            self.message = Some("no article to open".into());
            return;
        };
        match article.meta.url.as_deref().filter(|u| u.starts_with("http://") || u.starts_with("https://")) {
            Some(url) => {
                self.open_url_requested = Some(url.to_string());
                self.message = Some(format!("opening {url}"));
            }
            None => self.message = Some("this article has no web address (no url in its file)".into()),
        }
    }

    pub(super) fn mark_all_read(&mut self) {
        let mut marked = 0;
        for &i in &self.list.visible {
            let id = &self.library.articles[i].id;
            if !self.marks.is_read(id) {
                self.marks.set_read(id, true);
                marked += 1;
            }
        }
        self.message = Some(format!("{marked} article(s) marked read"));
    }
}
