//! Reader state and the one place it changes.
//!
//! How a key press becomes a state change: the input thread (`tui::input`) parses bytes into a
//! crossterm `Event`; the event loop (`tui::runtime`) hands it to [`App::action_for`], which
//! only reads the state (is a prompt open? which pane is under the mouse?) and returns an
//! [`Action`]; the loop passes that to [`App::update`], the one door through which user intent
//! changes the state. Results of background work arrive the same way as [`JobEvent`]s through
//! [`App::update_job`].
//!
//! The state is split by concern, one file each: the list (`list.rs`), the reader (`reader.rs`),
//! the side panel (`side.rs`), the prompt (`prompt.rs`), the jump list (`jumps.rs`), background
//! analysis (`jobs.rs`), the mouse (`pointer.rs`), and read marks and positions (`marks.rs`).

mod jobs;
mod jumps;
mod list;
mod marks;
mod pointer;
mod prompt;
mod reader;
mod side;

pub use jobs::{JobEvent, Refresher, Snapshot};
pub use list::{ListState, SortOrder};
pub use marks::ReadMarks;
pub use prompt::Prompt;
pub use reader::{Location, Mention, ReaderState, Search, find_folded};
pub use side::{Fact, Side, SidePanel};

use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;

use super::layout::{self, Panes};
use super::{Action, KeyMap, Theme};
use crate::analysis::LibraryAnalysis;
use crate::extract::{Analyzer, ArticleAnalysis};
use crate::library::Library;
use jobs::Jobs;
use jumps::JumpList;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Side,
}

pub struct App {
    pub library: Arc<Library>,
    /// The open article read from its file, while the library holds only metadata (shown
    /// from its snapshot until the files are read): see [`App::article`].
    whole: Option<(usize, Arc<crate::article::Article>)>,
    /// Empty until the background analysis arrives (see [`App::analysis_ready`]).
    /// Shared with the job that indexes the words after the analysis is shown.
    pub analysis: Arc<LibraryAnalysis>,
    jobs: Jobs,
    pub keymap: KeyMap,
    pub theme: Theme,
    /// 0 fills the pane.
    pub reading_width: u16,

    pub focus: Focus,
    pub show_list: Option<bool>,
    pub show_side: Option<bool>,
    pub panes: Panes,
    pub prompt: Option<Prompt>,
    pub help: bool,
    pub help_scroll: usize,

    pub list: ListState,
    pub reader: ReaderState,
    pub side: SidePanel,
    jumps: JumpList,
    pub marks: ReadMarks,

    pub message: Option<String>,
    pub should_quit: bool,
    /// Set by the suspend action; the event loop hands the terminal back to the shell.
    pub suspend_requested: bool,
    /// Whether the reader's header says why inferred values were inferred (`w`).
    pub show_reasons: bool,
    /// Set by the open-URL action: the event loop hands this address to the browser.
    pub open_url_requested: Option<String>,
}

impl App {
    /// A reader over a library whose analysis is already done.
    pub fn new(library: Library, analysis: LibraryAnalysis, keymap: KeyMap, theme: Theme, reading_width: u16) -> App {
        let mut app = App::empty(Arc::new(library), Arc::new(Analyzer::bundled()), keymap, theme, reading_width);
        let search = crate::query::search_index(&app.library.articles, &analysis.articles);
        app.install(Arc::new(analysis));
        app.install_search(search);
        app
    }

    /// A reader that is usable at once while the library is analysed on other threads; the
    /// status bar shows the progress, and [`JobEvent::LibraryAnalysed`] installs the result.
    pub fn with_background_analysis(
        library: Library,
        analyzer: Analyzer,
        keymap: KeyMap,
        theme: Theme,
        reading_width: u16,
    ) -> App {
        App::with_cached_background_analysis(library, analyzer, keymap, theme, reading_width, None, None)
    }

    /// [`App::with_background_analysis`], keeping analyses between starts in the file `cache`
    /// (see [`crate::analysis_cache`]): an unchanged library is not analysed again.
    pub fn with_cached_background_analysis(
        library: Library,
        analyzer: Analyzer,
        keymap: KeyMap,
        theme: Theme,
        reading_width: u16,
        cache: Option<std::path::PathBuf>,
        snapshot: Option<jobs::Snapshot>,
    ) -> App {
        let mut app = App::empty(Arc::new(library), Arc::new(analyzer), keymap, theme, reading_width);
        app.jobs.cache = cache;
        app.jobs.snapshot = snapshot.map(Arc::new);
        app.jobs.analyse_library(Arc::clone(&app.library));
        app
    }

    /// The article at `index` with its body: the library's, or the one read from its file
    /// when the library holds only metadata and it is open.
    pub fn article(&self, index: usize) -> &crate::article::Article {
        match &self.whole {
            Some((i, a)) if *i == index => a,
            _ => &self.library.articles[index],
        }
    }

    /// Reads the article at `index` from its file when the library holds only metadata, so
    /// that [`App::article`] has its body; a file that cannot be read is said in the status
    /// line and the article shows its metadata alone. `None` when the library holds the body.
    fn read_whole(&mut self, index: usize) -> Option<Arc<crate::article::Article>> {
        if self.library.content == crate::article::Content::Whole {
            return None;
        }
        if let Some((i, a)) = &self.whole
            && *i == index
        {
            return Some(Arc::clone(a));
        }
        let limit = self.jobs.snapshot.as_ref().map_or(u64::MAX, |s| s.max_article_bytes);
        let (article, read) = match self.library.whole_article(index, limit) {
            Ok(a) => (a, true),
            Err(problem) => {
                self.message = Some(format!("{problem} (the list is being read again; try again in a moment)"));
                (self.library.articles[index].clone(), false)
            }
        };
        let article = Arc::new(article);
        self.whole = Some((index, Arc::clone(&article)));
        if read {
            self.check_analysed_text(index, &article);
        }
        Some(article)
    }

    fn empty(library: Arc<Library>, analyzer: Arc<Analyzer>, keymap: KeyMap, theme: Theme, reading_width: u16) -> App {
        let message = match library.problems.len() {
            0 => None,
            n => Some(format!(
                "{n} article file(s) could not be loaded — first: {} (run `tidings check`)",
                library.problems[0]
            )),
        };
        App {
            list: ListState::new(library.articles.len()),
            library,
            whole: None,
            analysis: Arc::default(),
            jobs: Jobs::new(analyzer),
            keymap,
            theme,
            reading_width,
            focus: Focus::List,
            show_list: None,
            show_side: None,
            panes: Panes::default(),
            prompt: None,
            help: false,
            help_scroll: 0,
            reader: ReaderState::default(),
            side: SidePanel::default(),
            jumps: JumpList::default(),
            marks: ReadMarks::default(),
            message,
            should_quit: false,
            suspend_requested: false,
            open_url_requested: None,
            show_reasons: false,
        }
    }

    // ----- derived views -------------------------------------------------------------------

    /// The analysis of an article: the library's once ready, else the one made when it opened.
    pub fn article_analysis(&self, index: usize) -> Option<&ArticleAnalysis> {
        if self.jobs.is_stale(index) {
            return self.jobs.single(index);
        }
        self.analysis.articles.get(index).or_else(|| self.jobs.single(index))
    }

    pub fn open_analysis(&self) -> Option<&ArticleAnalysis> {
        self.reader.open.and_then(|i| self.article_analysis(i))
    }

    pub fn analysis_ready(&self) -> bool {
        self.jobs.library_progress().is_none()
    }

    /// Whether the library's words are being indexed for the filter (after the analysis).
    pub fn indexing_words(&self) -> bool {
        self.jobs.indexing_words()
    }

    /// Analysed articles so far and the total, while the library's analysis runs.
    pub fn analysis_progress(&self) -> Option<(usize, usize)> {
        self.jobs.library_progress()
    }

    /// Whether the open article's analysis is still being made.
    pub fn open_article_pending(&self) -> bool {
        self.reader.open.is_some() && self.open_analysis().is_none()
    }

    /// Whether time-based effects are running, so the loop should wake up now and then.
    pub fn wants_ticks(&self) -> bool {
        self.reader.flash.is_some() || !self.analysis_ready() || self.open_article_pending()
    }

    /// The reader's header under the headline: outlet, date, byline, translator, dateline,
    /// inferred ones marked `~`; then, when asked for (`w`), why each inferred value is what it
    /// is, else a hint that the key shows it.
    pub fn meta_lines(&self, index: usize) -> Vec<String> {
        let a = &self.library.articles[index];
        let mut parts = Vec::new();
        let field = |f: &crate::article::Field<String>| {
            f.value.as_ref().map(|v| if f.is_inferred() { format!("~{v}") } else { v.clone() })
        };
        parts.extend(field(&a.meta.source));
        parts.push(crate::article::date_cell(a));
        parts.extend(field(&a.meta.author).map(|v| format!("by {v}")));
        parts.extend(field(&a.meta.translator).map(|v| format!("translated by {v}")));
        parts.extend(field(&a.meta.dateline));
        let inferred = a.meta.inferred_reasons();
        let mut meta = parts.join(" · ");
        if !inferred.is_empty() && !self.show_reasons {
            // No-break spaces: the hint wraps as one piece on a narrow screen.
            meta.push_str(&format!("  ({}\u{a0}why\u{a0}~)", self.keymap.label(&Action::ToggleReasons)));
        }
        let mut lines = vec![meta];
        if self.show_reasons {
            lines.extend(inferred.into_iter().map(|(key, why)| format!("~ {}: {why}", header_name(key))));
        }
        lines
    }

    // ----- layout ----------------------------------------------------------------------------

    /// Lays out the panes for the screen size and rewraps the open article if its width
    /// changed. Called before every draw, so drawing itself stays free of side effects.
    pub fn prepare(&mut self, area: Rect) {
        self.panes = layout::panes(area, self.show_list, self.show_side, self.reader.open.is_some());
        if !self.pane_visible(self.focus) {
            self.focus = if self.panes.reader.is_some() { Focus::Reader } else { Focus::List };
        }
        self.rewrap();
    }

    /// The side panel has the screen in place of the open article: too narrow for both.
    pub(crate) fn side_covers_reader(&self) -> bool {
        self.reader.open.is_some()
            && self.panes.side.is_some()
            && self.panes.reader.is_none()
            && self.panes.list.is_none()
    }

    fn pane_visible(&self, focus: Focus) -> bool {
        match focus {
            Focus::List => self.panes.list.is_some(),
            Focus::Reader => self.panes.reader.is_some(),
            Focus::Side => self.panes.side.is_some(),
        }
    }

    // ----- events to actions ---------------------------------------------------------------

    /// What an input event means here, without changing anything: keys go through the key
    /// map (or edit the open prompt), the mouse is hit-tested against the panes.
    pub fn action_for(&self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => Some(self.action_for_key(key)),
            Event::Mouse(mouse) => self.action_for_mouse(mouse),
            Event::Paste(text) if self.prompt.is_some() => {
                Some(Action::Edit(prompt::Edit::Insert(text.replace(['\n', '\t'], " "))))
            }
            _ => None,
        }
    }

    fn action_for_key(&self, key: &KeyEvent) -> Action {
        let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        if self.prompt.is_some() {
            if let Some(edit) = prompt::edit_for_key(key) {
                return Action::Edit(edit);
            }
            return Action::Unbound(super::Key::from_event(key).to_string());
        }
        if ctrl_c {
            // Always a way out, whatever the key map says.
            return Action::Quit;
        }
        match self.keymap.action_for(key) {
            // The quit key closes the help first, as it does in less and man.
            Some(Action::Quit) if self.help => Action::Back,
            Some(action) => action,
            None => Action::Unbound(super::Key::from_event(key).to_string()),
        }
    }

    // ----- actions ---------------------------------------------------------------------------

    /// Changes the state for one action.
    pub fn update(&mut self, action: Action) {
        if action == Action::Tick {
            self.tick();
            return;
        }
        self.message = None;
        if let Action::Edit(edit) = action {
            self.edit_prompt(edit);
            return;
        }
        if self.help {
            match action {
                Action::Help | Action::Back => self.help = false,
                Action::Quit => self.should_quit = true,
                Action::MoveDown => self.help_scroll += 1,
                Action::MoveUp => self.help_scroll = self.help_scroll.saturating_sub(1),
                Action::PageDown | Action::HalfPageDown => self.help_scroll += 10,
                Action::PageUp | Action::HalfPageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                Action::MoveTop => self.help_scroll = 0,
                _ => {}
            }
            return;
        }
        let page = self.reader_height();
        match action {
            Action::Quit => self.should_quit = true,
            Action::Suspend => self.suspend_requested = true,
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::Back => {
                let list_hidden = self.panes.list.is_none();
                if self.reader.search.take().is_some() {
                } else if self.focus == Focus::Side && self.side_covers_reader() {
                    // The panel was over the article: back is the article.
                    self.show_side = None;
                    self.focus = Focus::Reader;
                } else if list_hidden && self.focus != Focus::List {
                    // One pane at a time: back from the article or the side panel is the list.
                    self.reader.current = None;
                    self.side.milestone_cursor = None;
                    let width = self.panes.status.map_or(0, |r| r.width);
                    if self.panes.reader.is_none() || width < layout::SIDE_BESIDE_LIST_MIN_WIDTH {
                        self.show_side = None;
                    }
                    self.show_list = Some(true);
                    self.focus = Focus::List;
                } else if self.reader.current.take().is_none()
                    && self.side.milestone_cursor.take().is_none()
                    && !self.list.filter.is_empty()
                {
                    self.set_filter("");
                }
            }
            Action::PageDown if self.focus == Focus::Reader && self.reader.open.is_some() && self.at_article_end() => {
                // Space at the end of an article goes on to the next one.
                self.step_article(1, false);
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
            Action::Search => self.open_prompt(),
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
            Action::ToggleTimeline => self.toggle_timeline(),
            Action::CrossReferences => self.toggle_cross_references(),
            Action::ToggleFacts => self.toggle_facts(),
            Action::ToggleEntities => self.toggle_entities(),
            Action::ToggleReasons => self.toggle_reasons(),
            Action::ToggleList => {
                let shown = self.panes.list.is_some();
                self.show_list = Some(!shown);
                if !shown {
                    self.focus = Focus::List;
                }
            }
            Action::ToggleRead => self.toggle_read(),
            Action::NextArticle => self.step_article(1, false),
            Action::PrevArticle => self.step_article(-1, false),
            Action::NextUnread => self.step_article(1, true),
            Action::MarkAllRead => self.mark_all_read(),
            Action::CycleSort => self.cycle_sort(),
            Action::OpenUrl => self.request_open_url(),
            Action::Refresh => self.start_refresh(),
            Action::Click { column, row, double } => self.click(column, row, double),
            Action::Scroll { column, row, lines } => self.scroll_at(column, row, lines),
            Action::Unbound(key) => {
                let help = self.keymap.label(&Action::Help);
                self.message = Some(format!("{key} is not bound — {help} for help"));
            }
            Action::Edit(_) | Action::Tick => {}
        }
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::List => self.list.move_by(delta),
            Focus::Reader => self.scroll_reader(delta),
            Focus::Side => self.move_in_side(delta),
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
        if delta > 0 && self.panes.reader.is_none() && self.reader.open.is_some() {
            // Right of the list, when it has the screen to itself, is the open article.
            self.show_list = None;
            self.focus = Focus::Reader;
            return;
        }
        if let Some(f) = order.get((at + delta).clamp(0, order.len() as isize - 1) as usize) {
            self.focus = *f;
        }
    }

    /// After something opened an article at a place: the reader gets the focus, and where the
    /// list had the screen to itself, the reader takes it.
    fn focus_reader_if_visible(&mut self) {
        if self.panes.reader.is_none() && self.reader.open.is_some() && self.panes != Panes::default() {
            self.show_list = None;
            if self.side_covers_reader() {
                self.show_side = None;
            }
            self.focus = Focus::Reader;
        }
        if self.panes.reader.is_some() || self.panes == Panes::default() {
            self.focus = Focus::Reader;
        }
    }

    fn open_selected(&mut self) {
        match self.focus {
            Focus::List => {
                if let Some(index) = self.list.selected_article() {
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
            Focus::Reader => self.filter_by_current_entity(),
            Focus::Side => self.open_side_item(),
        }
    }

    /// Advances time-based effects (the flash after a jump).
    fn tick(&mut self) {
        if let Some((_, ticks)) = &mut self.reader.flash {
            *ticks = ticks.saturating_sub(1);
            if *ticks == 0 {
                self.reader.flash = None;
            }
        }
    }

    /// An input event's action, applied (what the event loop does, for tests and tools).
    pub fn handle(&mut self, event: &Event) {
        if let Some(action) = self.action_for(event) {
            self.update(action);
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.handle(&Event::Key(key));
    }
}

/// A metadata key as the reader's header names it.
fn header_name(key: &str) -> &str {
    match key {
        "title" => "headline",
        "source" => "outlet",
        "published" => "date",
        other => other,
    }
}
