//! Reader state and the one place it changes: [`App::update`] for actions, [`App::handle_key`]
//! for text typed into a prompt, [`App::handle_mouse`] for clicks and the wheel. Drawing
//! borrows the state (`panes/`) and never changes it.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::document::{Document, LineKind};
use super::layout::{self, Panes};
use super::persist::SavedState;
use super::{Action, KeyMap, Theme};
use crate::analysis::{LibraryAnalysis, analyze_library_counting};
use crate::extract::{Analyzer, ArticleAnalysis};
use crate::library::Library;
use crate::query::{Query, Searchable, searchable};
use crate::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Side,
}

/// What the side panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Facts,
    Timeline,
}

/// A mention in the open article the reader is "on".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mention {
    Entity(usize),
    Figure(usize),
    Date(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// The list filter; `previous` is restored on Esc.
    Filter { input: String, previous: String },
    /// Search in the open article.
    Search { input: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Byte ranges in the body.
    pub matches: Vec<Range<usize>>,
    pub current: usize,
}

/// A place to come back to with the jump list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub article: usize,
    /// Body byte offset at the top of the reader.
    pub offset: usize,
    pub mention: Option<Mention>,
}

/// One entry of the facts panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Figure(usize),
    Date(usize),
}

/// The library's analysis being built on another thread while the reader is already usable.
struct Background {
    done: Arc<AtomicUsize>,
    total: usize,
    result: mpsc::Receiver<(LibraryAnalysis, Vec<Searchable>)>,
}

pub struct App {
    pub library: Arc<Library>,
    /// Empty until the background analysis arrives (see [`App::analysis_ready`]).
    pub analysis: LibraryAnalysis,
    searchables: Vec<Searchable>,
    background: Option<Background>,
    analyzer: Arc<Analyzer>,
    /// Articles opened before the library's analysis was ready, analysed on their own.
    single: HashMap<usize, ArticleAnalysis>,
    /// (article, date mention) -> milestone index.
    milestone_of: HashMap<(usize, usize), usize>,
    pub keymap: KeyMap,
    pub theme: Theme,
    /// 0 fills the pane.
    pub reading_width: u16,

    pub focus: Focus,
    pub side: Side,
    pub show_list: Option<bool>,
    pub show_side: Option<bool>,
    pub prompt: Option<Prompt>,
    pub help: bool,
    pub help_scroll: usize,

    pub filter: String,
    pub filter_error: Option<String>,
    /// Articles shown in the list (indices into the library), in list order.
    pub visible: Vec<usize>,
    pub list_selected: usize,

    /// The article in the reader.
    pub open: Option<usize>,
    pub scroll: usize,
    pub doc: Option<Document>,
    pub current: Option<Mention>,
    pub search: Option<Search>,
    /// A range to flash, and how many ticks it stays.
    pub flash: Option<(Range<usize>, u8)>,
    /// Body offset to scroll to once the reader's width is known.
    pending_offset: Option<usize>,

    pub facts_selected: usize,
    pub timeline_selected: usize,
    /// The milestone being followed with `]` / `[`, and which of its mentions we are on.
    pub milestone_cursor: Option<(usize, usize)>,

    jumps: Vec<Location>,
    jump_index: usize,

    pub read: BTreeSet<String>,
    pub message: Option<String>,
    pub should_quit: bool,
    pub panes: Panes,
}

impl App {
    /// A reader over a library whose analysis is already done.
    pub fn new(library: Library, analysis: LibraryAnalysis, keymap: KeyMap, theme: Theme, reading_width: u16) -> App {
        let mut app = App::empty(Arc::new(library), Arc::new(Analyzer::bundled()), keymap, theme, reading_width);
        let searchables = app.library.articles.iter().zip(&analysis.articles).map(|(a, x)| searchable(a, x)).collect();
        app.install(analysis, searchables);
        app
    }

    /// A reader that is usable at once while the library is analysed on other threads; the
    /// status bar shows the progress, and [`App::poll_background`] installs the result.
    pub fn with_background_analysis(
        library: Library,
        analyzer: Analyzer,
        keymap: KeyMap,
        theme: Theme,
        reading_width: u16,
    ) -> App {
        let library = Arc::new(library);
        let analyzer = Arc::new(analyzer);
        let mut app = App::empty(Arc::clone(&library), Arc::clone(&analyzer), keymap, theme, reading_width);
        let done = Arc::new(AtomicUsize::new(0));
        let (send, result) = mpsc::channel();
        let counter = Arc::clone(&done);
        std::thread::spawn(move || {
            let analysis = analyze_library_counting(&library.articles, &analyzer, Some(&counter));
            let searchables = {
                use rayon::prelude::*;
                library.articles.par_iter().zip(&analysis.articles).map(|(a, x)| searchable(a, x)).collect()
            };
            // The reader may have quit meanwhile; then nobody listens, which is fine.
            let _ = send.send((analysis, searchables));
        });
        app.background = Some(Background { done, total: app.library.articles.len(), result });
        app
    }

    /// Installs the background analysis if it has arrived. Returns whether it did.
    pub fn poll_background(&mut self) -> bool {
        let Some(bg) = &self.background else { return false };
        match bg.result.try_recv() {
            Ok((analysis, searchables)) => {
                self.background = None;
                self.install(analysis, searchables);
                true
            }
            Err(mpsc::TryRecvError::Empty) => false,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.background = None;
                self.message = Some("the analysis stopped unexpectedly; highlights are per article only".into());
                false
            }
        }
    }

    /// Blocks until the background analysis is installed (for tests and benchmarks).
    pub fn wait_for_analysis(&mut self) {
        if let Some(bg) = self.background.take()
            && let Ok((analysis, searchables)) = bg.result.recv()
        {
            self.install(analysis, searchables);
        }
    }

    /// Analysed articles so far and the total, while the analysis runs.
    pub fn analysis_progress(&self) -> Option<(usize, usize)> {
        self.background.as_ref().map(|bg| (bg.done.load(Ordering::Relaxed).min(bg.total), bg.total))
    }

    pub fn analysis_ready(&self) -> bool {
        self.background.is_none()
    }

    fn install(&mut self, analysis: LibraryAnalysis, searchables: Vec<Searchable>) {
        self.milestone_of.clear();
        for (m, milestone) in analysis.milestones.iter().enumerate() {
            for mention in &milestone.mentions {
                self.milestone_of.insert((mention.article, mention.date), m);
            }
        }
        self.analysis = analysis;
        self.searchables = searchables;
        self.single.clear();
        let filter = self.filter.clone();
        if !filter.is_empty() {
            self.apply_filter(&filter);
        }
    }

    fn empty(library: Arc<Library>, analyzer: Arc<Analyzer>, keymap: KeyMap, theme: Theme, reading_width: u16) -> App {
        let visible = (0..library.articles.len()).collect();
        let message = match library.problems.len() {
            0 => None,
            n => Some(format!(
                "{n} article file(s) could not be loaded — first: {} (run `tidings check`)",
                library.problems[0]
            )),
        };
        App {
            library,
            analysis: LibraryAnalysis::default(),
            searchables: Vec::new(),
            background: None,
            analyzer,
            single: HashMap::new(),
            milestone_of: HashMap::new(),
            keymap,
            theme,
            reading_width,
            focus: Focus::List,
            side: Side::Facts,
            show_list: None,
            show_side: None,
            prompt: None,
            help: false,
            help_scroll: 0,
            filter: String::new(),
            filter_error: None,
            visible,
            list_selected: 0,
            open: None,
            scroll: 0,
            doc: None,
            current: None,
            search: None,
            flash: None,
            pending_offset: None,
            facts_selected: 0,
            timeline_selected: 0,
            milestone_cursor: None,
            jumps: Vec::new(),
            jump_index: 0,
            read: BTreeSet::new(),
            message,
            should_quit: false,
            panes: Panes::default(),
        }
    }

    /// Restores read marks and the last article and position.
    pub fn restore(&mut self, state: &SavedState) {
        self.read =
            state.read.iter().filter(|id| self.library.articles.iter().any(|a| &a.id == *id)).cloned().collect();
        if let Some(index) =
            state.last_article.as_ref().and_then(|id| self.library.articles.iter().position(|a| &a.id == id))
        {
            self.open_article(index);
            self.pending_offset = state.last_offset;
            if let Some(row) = self.visible.iter().position(|&i| i == index) {
                self.list_selected = row;
            }
        }
    }

    pub fn saved_state(&self) -> SavedState {
        SavedState {
            read: self.read.clone(),
            last_article: self.open.map(|i| self.library.articles[i].id.clone()),
            last_offset: self.doc.as_ref().map(|d| d.offset_of_line(self.scroll)),
        }
    }

    // ----- derived views -------------------------------------------------------------------

    /// The analysis of an article: the library's once ready, else the one made when it opened.
    pub fn article_analysis(&self, index: usize) -> Option<&ArticleAnalysis> {
        self.analysis.articles.get(index).or_else(|| self.single.get(&index))
    }

    pub fn open_analysis(&self) -> Option<&ArticleAnalysis> {
        self.open.and_then(|i| self.article_analysis(i))
    }

    /// Facts panel entries: figures in text order, then dates in time order.
    pub fn facts(&self) -> Vec<Fact> {
        let Some(x) = self.open_analysis() else { return Vec::new() };
        let mut dates: Vec<usize> = (0..x.dates.len()).collect();
        dates.sort_by_key(|&d| (x.dates[d].when.start_iso(), x.dates[d].when.end_iso(), x.dates[d].span.start));
        (0..x.figures.len()).map(Fact::Figure).chain(dates.into_iter().map(Fact::Date)).collect()
    }

    pub fn milestone_of(&self, article: usize, date: usize) -> Option<usize> {
        self.milestone_of.get(&(article, date)).copied()
    }

    pub fn mention_span(&self, mention: Mention) -> Option<Range<usize>> {
        let x = self.open_analysis()?;
        Some(match mention {
            Mention::Entity(i) => x.entities.get(i)?.span.clone(),
            Mention::Figure(i) => x.figures.get(i)?.span.clone(),
            Mention::Date(i) => x.dates.get(i)?.span.clone(),
        })
    }

    pub fn reader_height(&self) -> usize {
        self.panes.reader.map_or(10, |r| usize::from(r.height.saturating_sub(2)).max(1))
    }

    fn text_width(&self) -> u16 {
        let inner = self.panes.reader.map_or(78, |r| r.width.saturating_sub(4)).max(1);
        if self.reading_width == 0 { inner } else { inner.min(self.reading_width) }
    }

    pub fn meta_line(&self, index: usize) -> String {
        let a = &self.library.articles[index];
        let mut parts = Vec::new();
        let field = |f: &crate::article::Field<String>| {
            f.value.as_ref().map(|v| if f.is_inferred() { format!("~{v}") } else { v.clone() })
        };
        parts.extend(field(&a.meta.source));
        parts.push(crate::commands::date_cell(a));
        parts.extend(field(&a.meta.author).map(|v| format!("by {v}")));
        parts.extend(field(&a.meta.dateline));
        parts.join(" · ")
    }

    // ----- layout ----------------------------------------------------------------------------

    /// Lays out the panes for the screen size and rewraps the open article if its width
    /// changed. Called before every draw, so drawing itself stays free of side effects.
    pub fn prepare(&mut self, area: Rect) {
        self.panes = layout::panes(area, self.show_list, self.show_side, self.open.is_some());
        if !self.pane_visible(self.focus) {
            self.focus = if self.panes.reader.is_some() { Focus::Reader } else { Focus::List };
        }
        let Some(index) = self.open else { return };
        let width = self.text_width();
        if self.doc.as_ref().is_none_or(|d| d.article != index || d.width != width) {
            // Keep the same text at the top when the width changes.
            let keep = self.doc.as_ref().filter(|d| d.article == index).map(|d| d.offset_of_line(self.scroll));
            let doc = Document::build(index, &self.library.articles[index], &self.meta_line(index), width);
            if let Some(offset) = keep {
                self.scroll = doc.line_of_offset(offset);
            }
            self.doc = Some(doc);
        }
        if let (Some(offset), Some(doc)) = (self.pending_offset.take(), &self.doc) {
            self.scroll = doc.line_of_offset(offset);
        }
        self.clamp_scroll();
    }

    fn pane_visible(&self, focus: Focus) -> bool {
        match focus {
            Focus::List => self.panes.list.is_some(),
            Focus::Reader => self.panes.reader.is_some(),
            Focus::Side => self.panes.side.is_some(),
        }
    }

    fn max_scroll(&self) -> usize {
        self.doc.as_ref().map_or(0, |d| d.lines.len().saturating_sub(self.reader_height()))
    }

    fn clamp_scroll(&mut self) {
        self.scroll = self.scroll.min(self.max_scroll());
    }

    // ----- opening and moving ----------------------------------------------------------------

    fn location(&self) -> Option<Location> {
        let article = self.open?;
        let offset = self.doc.as_ref().map_or(0, |d| d.offset_of_line(self.scroll));
        Some(Location { article, offset, mention: self.current })
    }

    /// Records where we are before a jump, dropping any forward history.
    fn push_jump(&mut self) {
        if let Some(here) = self.location() {
            self.jumps.truncate(self.jump_index);
            if self.jumps.last() != Some(&here) {
                self.jumps.push(here);
            }
            self.jump_index = self.jumps.len();
        }
    }

    fn go_to(&mut self, loc: Location) {
        if self.open != Some(loc.article) {
            self.open_article(loc.article);
        }
        self.current = loc.mention;
        self.pending_offset = Some(loc.offset);
        if let Some(doc) = &self.doc {
            self.scroll = doc.line_of_offset(loc.offset);
            self.pending_offset = None;
            self.clamp_scroll();
        }
    }

    pub fn open_article(&mut self, index: usize) {
        // Before the library's analysis is ready, analyse just this article (milliseconds).
        if self.analysis.articles.get(index).is_none() && !self.single.contains_key(&index) {
            let article = &self.library.articles[index];
            let x = self.analyzer.analyze(article, article.meta.published.value.map(|p| p.date()));
            self.single.insert(index, x);
        }
        if self.open != Some(index) {
            self.open = Some(index);
            self.doc = None;
            self.scroll = 0;
            self.current = None;
            self.search = None;
            self.flash = None;
            self.facts_selected = 0;
        }
        self.read.insert(self.library.articles[index].id.clone());
        if let Some(row) = self.visible.iter().position(|&i| i == index) {
            self.list_selected = row;
        }
        // Once the layout is known, wrap now so that a jump can scroll at once (and only when
        // the article changed: hops within one article reuse the wrapped lines).
        if self.panes.reader.is_some() && self.doc.as_ref().is_none_or(|d| d.article != index) {
            let width = self.text_width();
            self.doc = Some(Document::build(index, &self.library.articles[index], &self.meta_line(index), width));
        }
    }

    /// Scrolls so that body `offset` is in view (a third of the way down) and marks it.
    fn reveal(&mut self, span: Range<usize>, flash: bool) {
        match &self.doc {
            Some(doc) => {
                let line = doc.line_of_offset(span.start);
                let height = self.reader_height();
                if line < self.scroll || line >= self.scroll + height {
                    self.scroll = line.saturating_sub(height / 3);
                }
                self.clamp_scroll();
            }
            None => self.pending_offset = Some(span.start),
        }
        if flash {
            self.flash = Some((span, 6));
        }
    }

    fn select_mention(&mut self, mention: Mention, flash: bool) {
        if let Some(span) = self.mention_span(mention) {
            self.current = Some(mention);
            if let Mention::Date(d) = mention
                && let Some(article) = self.open
            {
                self.milestone_cursor = self.milestone_of(article, d).map(|m| {
                    let at = self.analysis.milestones[m]
                        .mentions
                        .iter()
                        .position(|x| x.article == article && x.date == d)
                        .unwrap_or(0);
                    (m, at)
                });
            }
            self.reveal(span, flash);
        }
    }

    /// The body offset at the top of the reader, where "next" searches start from.
    fn top_offset(&self) -> usize {
        self.doc.as_ref().map_or(0, |d| d.offset_of_line(self.scroll))
    }

    fn current_offset(&self) -> usize {
        self.current.and_then(|m| self.mention_span(m)).map_or_else(|| self.top_offset().saturating_sub(1), |s| s.start)
    }

    // ----- the list --------------------------------------------------------------------------

    fn apply_filter(&mut self, text: &str) {
        match Query::parse(text) {
            Ok(query) if !query.is_empty() && self.searchables.len() != self.library.articles.len() => {
                // The prepared search data comes with the analysis; the filter applies then.
                self.filter_error = None;
                let (done, total) = self.analysis_progress().unwrap_or((0, 0));
                self.message =
                    Some(format!("the filter applies when the analysis is done ({done} of {total} articles)"));
            }
            Ok(query) => {
                self.filter_error = None;
                let selected = self.visible.get(self.list_selected).copied();
                self.visible = (0..self.library.articles.len())
                    .filter(|&i| query.is_empty() || query.matches(&self.searchables[i]))
                    .collect();
                self.list_selected = selected.and_then(|s| self.visible.iter().position(|&i| i == s)).unwrap_or(0);
            }
            Err(e) => self.filter_error = Some(e.0),
        }
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        self.apply_filter(text);
    }

    // ----- milestones ------------------------------------------------------------------------

    /// Opens mention `at` of milestone `m`.
    fn go_to_milestone_mention(&mut self, m: usize, at: usize) {
        let Some(mention) = self.analysis.milestones.get(m).and_then(|ms| ms.mentions.get(at)).copied() else { return };
        self.push_jump();
        self.open_article(mention.article);
        self.select_mention(Mention::Date(mention.date), true);
        self.milestone_cursor = Some((m, at));
        self.timeline_selected = m;
        self.focus_reader_if_visible();
    }

    fn focus_reader_if_visible(&mut self) {
        if self.panes.reader.is_some() || self.panes == Panes::default() {
            self.focus = Focus::Reader;
        }
    }

    /// The milestone we are on: the one being followed, else the date mention selected, else
    /// the first milestone date visible in the reader.
    fn milestone_here(&self) -> Option<(usize, usize)> {
        if let Some(cursor) = self.milestone_cursor {
            return Some(cursor);
        }
        let article = self.open?;
        let x = self.open_analysis()?;
        let top = self.top_offset();
        let date = match self.current {
            Some(Mention::Date(d)) => Some(d),
            _ => (0..x.dates.len()).find(|&d| x.dates[d].span.start >= top && self.milestone_of(article, d).is_some()),
        }?;
        let m = self.milestone_of(article, date)?;
        let at = self.analysis.milestones[m]
            .mentions
            .iter()
            .position(|x| x.article == article && x.date == date)
            .unwrap_or(0);
        Some((m, at))
    }

    // ----- actions ---------------------------------------------------------------------------

    pub fn update(&mut self, action: Action) {
        self.message = None;
        if self.help {
            match action {
                Action::Help | Action::Back | Action::Quit => self.help = false,
                Action::MoveDown => self.help_scroll += 1,
                Action::MoveUp => self.help_scroll = self.help_scroll.saturating_sub(1),
                _ => {}
            }
            return;
        }
        let page = self.reader_height();
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::Back => {
                if self.search.take().is_none()
                    && self.current.take().is_none()
                    && self.milestone_cursor.take().is_none()
                    && !self.filter.is_empty()
                {
                    self.set_filter("");
                }
            }
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::HalfPageDown => self.move_by(page as isize / 2),
            Action::HalfPageUp => self.move_by(-(page as isize / 2)),
            Action::PageDown => self.move_by(page as isize),
            Action::PageUp => self.move_by(-(page as isize)),
            Action::MoveTop => self.move_by(isize::MIN / 2),
            Action::MoveBottom => self.move_by(isize::MAX / 2),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::FocusLeft => self.focus_towards(-1),
            Action::FocusRight => self.focus_towards(1),
            Action::Open => self.open_selected(),
            Action::Search => {
                self.prompt = Some(match self.focus {
                    Focus::Reader if self.open.is_some() => Prompt::Search { input: String::new() },
                    _ => Prompt::Filter { input: self.filter.clone(), previous: self.filter.clone() },
                });
            }
            Action::NextMatch => self.step_match(1),
            Action::PrevMatch => self.step_match(-1),
            Action::NextEntity => self.step_entity(1),
            Action::PrevEntity => self.step_entity(-1),
            Action::NextMention => self.step_milestone_mention(1),
            Action::PrevMention => self.step_milestone_mention(-1),
            Action::NextMilestone => self.step_milestone(1),
            Action::PrevMilestone => self.step_milestone(-1),
            Action::JumpBack => self.jump(-1),
            Action::JumpForward => self.jump(1),
            Action::ToggleTimeline => {
                self.side = if self.side == Side::Timeline { Side::Facts } else { Side::Timeline };
                if self.side == Side::Timeline {
                    self.show_side = Some(true);
                    self.focus = Focus::Side;
                }
            }
            Action::ToggleFacts => {
                let shown = self.panes.side.is_some();
                self.show_side = Some(!shown);
                if !shown {
                    self.side = Side::Facts;
                    self.focus = Focus::Side;
                }
            }
            Action::ToggleList => {
                let shown = self.panes.list.is_some();
                self.show_list = Some(!shown);
                if !shown {
                    self.focus = Focus::List;
                }
            }
            Action::ToggleRead => {
                let target = match self.focus {
                    Focus::List => self.visible.get(self.list_selected).copied(),
                    _ => self.open,
                };
                if let Some(i) = target {
                    let id = self.library.articles[i].id.clone();
                    if !self.read.remove(&id) {
                        self.read.insert(id);
                    }
                }
            }
        }
    }

    fn move_by(&mut self, delta: isize) {
        let step = |value: usize, len: usize| -> usize {
            if len == 0 {
                return 0;
            }
            (value as isize).saturating_add(delta).clamp(0, len as isize - 1) as usize
        };
        match self.focus {
            Focus::List => self.list_selected = step(self.list_selected, self.visible.len()),
            Focus::Reader => {
                let max = self.max_scroll();
                self.scroll = step(self.scroll, max + 1);
            }
            Focus::Side => match self.side {
                Side::Facts => self.facts_selected = step(self.facts_selected, self.facts().len()),
                Side::Timeline => self.timeline_selected = step(self.timeline_selected, self.analysis.milestones.len()),
            },
        }
    }

    fn focus_order(&self) -> Vec<Focus> {
        [Focus::List, Focus::Reader, Focus::Side].into_iter().filter(|f| self.pane_visible(*f)).collect()
    }

    fn cycle_focus(&mut self, delta: isize) {
        let order = self.focus_order();
        if order.is_empty() {
            return;
        }
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        self.focus = order[(at + delta).rem_euclid(order.len() as isize) as usize];
    }

    fn focus_towards(&mut self, delta: isize) {
        let order = self.focus_order();
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        if delta < 0 && at == 0 && self.panes.list.is_none() {
            // Left of the leftmost pane is the folded list: bring it back.
            self.show_list = Some(true);
            self.focus = Focus::List;
            return;
        }
        if let Some(f) = order.get((at + delta).clamp(0, order.len() as isize - 1) as usize) {
            self.focus = *f;
        }
    }

    fn open_selected(&mut self) {
        match self.focus {
            Focus::List => {
                if let Some(&index) = self.visible.get(self.list_selected) {
                    self.push_jump();
                    self.open_article(index);
                    if self.panes.reader.is_none() {
                        // A narrow screen shows one pane: go from the list to the reader.
                        self.show_list = None;
                        self.focus = Focus::Reader;
                    }
                    self.focus_reader_if_visible();
                }
            }
            Focus::Reader => {
                // On an entity: show the articles that mention it.
                if let Some(Mention::Entity(e)) = self.current
                    && let Some(x) = self.open_analysis()
                {
                    let name = x.entities[e].canonical.clone();
                    self.set_filter(&format!("entity:\"{name}\""));
                    self.show_list = Some(true);
                    self.focus = Focus::List;
                    self.message = Some(format!("articles that mention {name} — Esc clears the filter"));
                }
            }
            Focus::Side => match self.side {
                Side::Facts => {
                    if let Some(fact) = self.facts().get(self.facts_selected).copied() {
                        self.push_jump();
                        let mention = match fact {
                            Fact::Figure(i) => Mention::Figure(i),
                            Fact::Date(i) => Mention::Date(i),
                        };
                        self.select_mention(mention, true);
                    }
                }
                Side::Timeline => {
                    if self.timeline_selected < self.analysis.milestones.len() {
                        self.go_to_milestone_mention(self.timeline_selected, 0);
                    }
                }
            },
        }
    }

    fn step_match(&mut self, delta: isize) {
        if let Some(search) = &mut self.search {
            if search.matches.is_empty() {
                self.message = Some(format!("no match for {:?}", search.query));
                return;
            }
            let n = search.matches.len() as isize;
            search.current = (search.current as isize + delta).rem_euclid(n) as usize;
            let span = search.matches[search.current].clone();
            self.reveal(span, false);
            return;
        }
        // On an entity: its next mention in this article.
        let (Some(Mention::Entity(e)), Some(x)) = (self.current, self.open_analysis()) else {
            self.message = Some("nothing to step through — search with / or pick an entity with e".into());
            return;
        };
        let key = &x.entities[e].key;
        let same: Vec<usize> = (0..x.entities.len()).filter(|&i| &x.entities[i].key == key).collect();
        let at = same.iter().position(|&i| i == e).unwrap_or(0) as isize;
        let next = same[(at + delta).rem_euclid(same.len() as isize) as usize];
        let total = same.len();
        self.select_mention(Mention::Entity(next), true);
        let at = same.iter().position(|&i| i == next).unwrap_or(0);
        self.message = Some(format!("mention {} of {total}", at + 1));
    }

    fn step_entity(&mut self, delta: isize) {
        let Some(x) = self.open_analysis() else { return };
        if x.entities.is_empty() {
            self.message = Some("no entities in this article".into());
            return;
        }
        let from = self.current_offset();
        let next = if delta > 0 {
            x.entities.iter().position(|e| e.span.start > from).unwrap_or(0)
        } else {
            x.entities.iter().rposition(|e| e.span.start < from).unwrap_or(x.entities.len() - 1)
        };
        self.focus = Focus::Reader;
        self.select_mention(Mention::Entity(next), false);
        let e = &self.analysis.articles[self.open.unwrap_or(0)].entities[next];
        self.message =
            Some(format!("{} · {} — Enter: articles that mention it, n/N: its mentions", e.canonical, e.kind.name()));
    }

    fn step_milestone_mention(&mut self, delta: isize) {
        if !self.analysis_ready() {
            self.message = Some("the timeline is still being built — see the progress in the status bar".into());
            return;
        }
        let Some((m, at)) = self.milestone_here() else {
            self.message =
                Some("not on a milestone — pick a date in the facts panel or a milestone in the timeline (t)".into());
            return;
        };
        let n = self.analysis.milestones[m].mentions.len() as isize;
        let next = (at as isize + delta).rem_euclid(n) as usize;
        self.go_to_milestone_mention(m, next);
        let ms = &self.analysis.milestones[m];
        self.message =
            Some(format!("{} — mention {} of {} in {} article(s)", ms.label, next + 1, n, ms.articles.len()));
    }

    fn step_milestone(&mut self, delta: isize) {
        if !self.analysis_ready() {
            self.message = Some("the timeline is still being built — see the progress in the status bar".into());
            return;
        }
        let count = self.analysis.milestones.len();
        if count == 0 {
            return;
        }
        let next = match self.milestone_here() {
            Some((m, _)) => (m as isize + delta).clamp(0, count as isize - 1) as usize,
            None if delta > 0 => 0,
            None => count - 1,
        };
        self.go_to_milestone_mention(next, 0);
        let ms = &self.analysis.milestones[next];
        self.message = Some(format!("milestone {} of {count}: {} {}", next + 1, ms.start, ms.label));
    }

    fn jump(&mut self, delta: isize) {
        if delta < 0 {
            if self.jump_index == 0 {
                self.message = Some("at the start of the jump list".into());
                return;
            }
            // Coming back from the newest position: remember it so Ctrl-i can return.
            if self.jump_index == self.jumps.len()
                && let Some(here) = self.location()
            {
                self.jumps.push(here);
            }
            self.jump_index -= 1;
        } else {
            if self.jump_index + 1 >= self.jumps.len() {
                self.message = Some("at the end of the jump list".into());
                return;
            }
            self.jump_index += 1;
        }
        let loc = self.jumps[self.jump_index];
        self.milestone_cursor = None;
        self.go_to(loc);
        self.focus_reader_if_visible();
    }

    // ----- keys, prompts, mouse ------------------------------------------------------------

    /// A key press: typed into the prompt if one is open, else looked up in the key map.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if self.prompt.is_some() {
            self.prompt_key(key);
            return;
        }
        if let Some(action) = self.keymap.action_for(&key) {
            self.update(action);
        }
    }

    fn prompt_key(&mut self, key: KeyEvent) {
        let Some(prompt) = self.prompt.as_mut() else { return };
        let input = match prompt {
            Prompt::Filter { input, .. } | Prompt::Search { input } => input,
        };
        match key.code {
            KeyCode::Esc => {
                if let Some(Prompt::Filter { previous, .. }) = self.prompt.take() {
                    self.set_filter(&previous);
                }
                return;
            }
            KeyCode::Enter => {
                match self.prompt.take() {
                    Some(Prompt::Filter { input, previous }) => {
                        if Query::parse(&input).is_ok() {
                            self.set_filter(&input);
                            self.focus = if self.panes.list.is_some() { Focus::List } else { self.focus };
                        } else {
                            // Keep the prompt open on a bad query: the message says what is wrong.
                            self.prompt = Some(Prompt::Filter { input, previous });
                        }
                    }
                    Some(Prompt::Search { input }) => self.run_search(&input),
                    None => {}
                }
                return;
            }
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => input.clear(),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => input.push(c),
            _ => return,
        }
        // Narrow the list as the user types.
        if let Some(Prompt::Filter { input, .. }) = &self.prompt {
            let text = input.clone();
            self.filter = text.clone();
            self.apply_filter(&text);
        }
    }

    fn run_search(&mut self, query: &str) {
        let Some(index) = self.open else { return };
        let needle = fold(query.trim());
        if needle.is_empty() {
            self.search = None;
            return;
        }
        let body = &self.library.articles[index].body;
        let matches = find_folded(body, &needle);
        let count = matches.len();
        let from = self.top_offset();
        let current = matches.iter().position(|m| m.start >= from).unwrap_or(0);
        self.search = Some(Search { query: query.to_string(), matches, current });
        if count == 0 {
            self.message = Some(format!("no match for {query:?}"));
        } else if let Some(span) = self.search.as_ref().map(|s| s.matches[current].clone()) {
            self.reveal(span, false);
        }
    }

    pub fn handle_mouse(&mut self, event: MouseEvent) {
        let at = Position::new(event.column, event.row);
        let inside = |r: Option<Rect>| r.is_some_and(|r| r.contains(at));
        let pane = if inside(self.panes.list) {
            Focus::List
        } else if inside(self.panes.reader) {
            Focus::Reader
        } else if inside(self.panes.side) {
            Focus::Side
        } else {
            return;
        };
        match event.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let focus = std::mem::replace(&mut self.focus, pane);
                self.move_by(if event.kind == MouseEventKind::ScrollDown { 3 } else { -3 });
                self.focus = focus;
            }
            MouseEventKind::Down(MouseButton::Left) => {
                self.focus = pane;
                let rect = match pane {
                    Focus::List => self.panes.list,
                    Focus::Reader => self.panes.reader,
                    Focus::Side => self.panes.side,
                };
                let row = usize::from(event.row.saturating_sub(rect.map_or(0, |r| r.y) + 1));
                match pane {
                    Focus::List => {
                        let first = super::panes::list::first_row(self);
                        let target = super::panes::list::row_to_item(self, row, first);
                        if let Some(item) = target {
                            self.list_selected = item;
                        }
                    }
                    Focus::Side => {
                        if let Some(item) = super::panes::side::row_to_item(self, row) {
                            match self.side {
                                Side::Facts => self.facts_selected = item,
                                Side::Timeline => self.timeline_selected = item,
                            }
                        }
                    }
                    Focus::Reader => self.click_in_reader(row, event.column),
                }
            }
            _ => {}
        }
    }

    /// A click on an entity in the reader selects it.
    fn click_in_reader(&mut self, row: usize, column: u16) {
        let (Some(doc), Some(rect), Some(x)) = (&self.doc, self.panes.reader, self.open_analysis()) else { return };
        let Some(line) = doc.lines.get(self.scroll + row) else { return };
        if !matches!(line.kind, LineKind::Body(_)) {
            return;
        }
        let left = super::panes::reader::text_left(self, rect);
        let Some(body) = self.open.map(|i| &self.library.articles[i].body) else { return };
        let mut width = 0u16;
        let target = column.saturating_sub(left);
        let mut offset = line.range.end;
        for (i, c) in body[line.range.clone()].char_indices() {
            width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as u16;
            if width > target {
                offset = line.range.start + i;
                break;
            }
        }
        if let Some(e) = x.entities.iter().position(|e| e.span.start <= offset && offset < e.span.end) {
            let message = format!("{} · {}", x.entities[e].canonical, x.entities[e].kind.name());
            self.current = Some(Mention::Entity(e));
            self.message = Some(message);
        }
    }

    /// Advances time-based effects (the flash after a jump).
    pub fn tick(&mut self) {
        if let Some((_, ticks)) = &mut self.flash {
            *ticks = ticks.saturating_sub(1);
            if *ticks == 0 {
                self.flash = None;
            }
        }
    }
}

/// Every occurrence of folded `needle` in `body`, as byte ranges of `body`, ignoring case and
/// diacritics ("viet nam" finds "Việt Nam").
pub fn find_folded(body: &str, needle: &str) -> Vec<Range<usize>> {
    // Fold char by char, remembering where each folded byte came from.
    let mut folded = String::with_capacity(body.len());
    let mut origin: Vec<usize> = Vec::with_capacity(body.len());
    let mut buf = String::new();
    for (i, c) in body.char_indices() {
        let mut tmp = [0u8; 4];
        crate::text::fold_into(c.encode_utf8(&mut tmp), &mut buf);
        folded.push_str(&buf);
        origin.extend(std::iter::repeat_n(i, buf.len()));
    }
    origin.push(body.len());
    let char_end = |start: usize| start + body[start..].chars().next().map_or(0, char::len_utf8);
    folded
        .match_indices(needle)
        .map(|(at, m)| {
            let start = origin[at];
            let last = origin[at + m.len() - 1];
            start..char_end(last)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_search_maps_back_to_the_body() {
        let body = "Tô Lâm met officials in Việt Nam. VIET NAM again.";
        let found: Vec<&str> = find_folded(body, "viet nam").into_iter().map(|r| &body[r]).collect();
        assert_eq!(found, ["Việt Nam", "VIET NAM"]);
        let found: Vec<&str> = find_folded(body, "to lam").into_iter().map(|r| &body[r]).collect();
        assert_eq!(found, ["Tô Lâm"]);
    }
}
