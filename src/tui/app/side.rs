//! The side panel — the open article's facts, or the library's timeline — and hopping from one
//! mention of a milestone to the next across articles.

use super::{App, Focus, Mention};

/// What the side panel shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Side {
    #[default]
    Facts,
    Timeline,
}

/// One entry of the facts panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Figure(usize),
    Date(usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SidePanel {
    pub kind: Side,
    pub facts_selected: usize,
    pub timeline_selected: usize,
    /// The milestone being followed with `]` / `[`, and which of its mentions we are on.
    pub milestone_cursor: Option<(usize, usize)>,
}

const TIMELINE_PENDING: &str = "the timeline is still being built — see the progress in the status bar";

impl App {
    /// Facts panel entries: figures in text order, then dates in time order.
    pub fn facts(&self) -> Vec<Fact> {
        let Some(x) = self.open_analysis() else { return Vec::new() };
        let mut dates: Vec<usize> = (0..x.dates.len()).collect();
        dates.sort_by_key(|&d| (x.dates[d].when.start_iso(), x.dates[d].when.end_iso(), x.dates[d].span.start));
        (0..x.figures.len()).map(Fact::Figure).chain(dates.into_iter().map(Fact::Date)).collect()
    }

    pub fn milestone_of(&self, article: usize, date: usize) -> Option<usize> {
        self.jobs.milestone_of(article, date)
    }

    /// The timeline in the side panel; on the timeline, the facts. A hidden side panel shows
    /// with the timeline.
    pub(super) fn toggle_timeline(&mut self) {
        if self.panes.side.is_some() && self.side.kind == Side::Timeline {
            self.side.kind = Side::Facts;
        } else {
            self.side.kind = Side::Timeline;
            self.show_side = Some(true);
            self.focus = Focus::Side;
        }
    }

    pub(super) fn toggle_facts(&mut self) {
        let shown = self.panes.side.is_some();
        self.show_side = Some(!shown);
        if !shown {
            self.side.kind = Side::Facts;
            self.focus = Focus::Side;
        }
    }

    pub(super) fn move_in_side(&mut self, delta: isize) {
        let step = |value: usize, len: usize| -> usize {
            if len == 0 {
                return 0;
            }
            (value as isize).saturating_add(delta).clamp(0, len as isize - 1) as usize
        };
        match self.side.kind {
            Side::Facts => self.side.facts_selected = step(self.side.facts_selected, self.facts().len()),
            Side::Timeline => {
                self.side.timeline_selected = step(self.side.timeline_selected, self.analysis.milestones.len())
            }
        }
    }

    pub(super) fn open_side_item(&mut self) {
        match self.side.kind {
            Side::Facts => {
                if let Some(fact) = self.facts().get(self.side.facts_selected).copied() {
                    self.push_jump();
                    let mention = match fact {
                        Fact::Figure(i) => Mention::Figure(i),
                        Fact::Date(i) => Mention::Date(i),
                    };
                    self.select_mention(mention, true);
                }
            }
            Side::Timeline if !self.analysis_ready() => self.message = Some(TIMELINE_PENDING.into()),
            Side::Timeline => {
                if self.side.timeline_selected < self.analysis.milestones.len() {
                    self.go_to_milestone_mention(self.side.timeline_selected, 0);
                }
            }
        }
    }

    /// Date mention `date` of the open article was selected: follow its milestone, if any.
    pub(super) fn follow_milestone_of(&mut self, date: usize) {
        let Some(article) = self.reader.open else { return };
        self.side.milestone_cursor = self.milestone_of(article, date).map(|m| {
            let at = self.analysis.milestones[m]
                .mentions
                .iter()
                .position(|x| x.article == article && x.date == date)
                .unwrap_or(0);
            (m, at)
        });
    }

    /// Opens mention `at` of milestone `m`.
    fn go_to_milestone_mention(&mut self, m: usize, at: usize) {
        let Some(mention) = self.analysis.milestones.get(m).and_then(|ms| ms.mentions.get(at)).copied() else { return };
        self.push_jump();
        self.open_article(mention.article);
        self.select_mention(Mention::Date(mention.date), true);
        self.side.milestone_cursor = Some((m, at));
        self.side.timeline_selected = m;
        self.focus_reader_if_visible();
    }

    /// The milestone we are on: the one being followed, else the date mention selected, else
    /// the first milestone date visible in the reader.
    fn milestone_here(&self) -> Option<(usize, usize)> {
        if let Some(cursor) = self.side.milestone_cursor {
            return Some(cursor);
        }
        let article = self.reader.open?;
        let x = self.open_analysis()?;
        let top = self.top_offset();
        let date = match self.reader.current {
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

    pub(super) fn step_milestone_mention(&mut self, delta: isize) {
        if !self.analysis_ready() {
            self.message = Some(TIMELINE_PENDING.into());
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

    pub(super) fn step_milestone(&mut self, delta: isize) {
        if !self.analysis_ready() {
            self.message = Some(TIMELINE_PENDING.into());
            return;
        }
        let count = self.analysis.milestones.len();
        if count == 0 {
            self.message = Some("no milestones in this library".into());
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
}
