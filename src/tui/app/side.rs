//! The side panel — the open article's facts, the library's timeline, or its entities — and
//! hopping from one mention of a milestone to the next across articles.

use super::{App, Focus, Mention};
use crate::analysis::EntityEntry;
use crate::extract::EntityKind;

/// What the side panel shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Side {
    #[default]
    Facts,
    Timeline,
    /// Every entity of the library with its mention count.
    Entities,
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
    /// The library's entities, counted when the view opens.
    pub entities: Vec<EntityEntry>,
    /// The entity view's filter as typed: words of the name, and `kind:`.
    pub entity_filter: String,
    /// Indices into `entities` that the filter lets through.
    pub entities_visible: Vec<usize>,
    /// Position in `entities_visible`.
    pub entities_selected: usize,
    /// The timeline narrowed to the milestones involving an entity (`t` from the entity view)
    /// or to those two or more articles share (`c`): what they are ("involving ASEAN") and
    /// the milestones, in timeline order.
    pub timeline_involving: Option<(String, Vec<usize>)>,
}

/// The entity view's filter: every word must occur in one of its names (case, diacritics and
/// spaces aside: "hanoi" finds Hà Nội);
/// `kind:person` (or a prefix, `kind:org`) keeps one kind.
pub fn entity_filter_matches(filter: &str, entry: &EntityEntry) -> bool {
    filter.split_whitespace().all(|word| match word.strip_prefix("kind:") {
        Some(kind) => entry.kind.name().starts_with(&kind.to_ascii_lowercase()),
        None => entry.named_by(word),
    })
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
        // From the entity view: the milestones that involve the selected entity.
        if self.focus == Focus::Side
            && self.side.kind == Side::Entities
            && self.analysis_ready()
            && let Some(&entry) = self.side.entities_visible.get(self.side.entities_selected)
        {
            let name = self.side.entities[entry].name.to_string();
            let milestones = crate::timeline::involving(
                &self.analysis.milestones,
                &self.library.articles,
                &self.analysis.articles,
                &name,
            );
            self.message = Some(format!("{} milestone(s) involve {name} — t again shows them all", milestones.len()));
            self.side.timeline_selected = milestones.first().copied().unwrap_or(0);
            self.side.timeline_involving = Some((format!("involving {name}"), milestones));
            self.side.kind = Side::Timeline;
            return;
        }
        if self.side.kind == Side::Timeline && self.side.timeline_involving.take().is_some() {
            self.message = Some("the whole timeline".into());
            return;
        }
        if self.panes.side.is_some() && self.side.kind == Side::Timeline {
            self.side.kind = Side::Facts;
        } else {
            self.side.kind = Side::Timeline;
            self.side.timeline_involving = None;
            self.show_side = Some(true);
            self.focus = Focus::Side;
        }
    }

    /// The timeline narrowed to the milestones two or more articles share, the library's
    /// cross-references; again, the whole timeline. A library's single mentions of a year
    /// outnumber its shared events many times over.
    pub(super) fn toggle_cross_references(&mut self) {
        if !self.analysis_ready() {
            self.message = Some(TIMELINE_PENDING.into());
            return;
        }
        // The title says "Timeline — 6 shared"; the message says by whom.
        const SHARED: &str = "shared";
        let showing = self.side.kind == Side::Timeline
            && self.side.timeline_involving.as_ref().is_some_and(|(what, _)| what == SHARED);
        if showing {
            self.side.timeline_involving = None;
            self.message = Some("the whole timeline".into());
        } else {
            let shared: Vec<usize> = (0..self.analysis.milestones.len())
                .filter(|&m| self.analysis.milestones[m].is_cross_referenced())
                .collect();
            self.message =
                Some(format!("{} milestone(s) shared by two or more articles — c again shows them all", shared.len()));
            if !shared.contains(&self.side.timeline_selected) {
                self.side.timeline_selected = shared.first().copied().unwrap_or(0);
            }
            self.side.timeline_involving = Some((SHARED.to_string(), shared));
        }
        self.side.kind = Side::Timeline;
        self.show_side = Some(true);
        self.focus = Focus::Side;
    }

    /// The entity view in the side panel; on it, the facts.
    pub(super) fn toggle_entities(&mut self) {
        let on_entity = self.focus == Focus::Reader && matches!(self.reader.current, Some(Mention::Entity(_)));
        if self.panes.side.is_some() && self.side.kind == Side::Entities && !on_entity {
            self.side.kind = Side::Facts;
            return;
        }
        if !self.analysis_ready() {
            self.message = Some("the entities are counted when the analysis is done — see the status bar".into());
            return;
        }
        self.side.entities = crate::analysis::entity_index(
            &self.library.articles,
            &self.analysis.articles,
            &self.jobs.search().written_forms,
        );
        // From an entity selected in the article: that entity, in the view.
        let here = match (self.focus, self.reader.current) {
            (Focus::Reader, Some(Mention::Entity(e))) => {
                self.open_analysis().and_then(|x| x.entities.get(e)).map(|m| (m.kind, m.canonical.clone()))
            }
            _ => None,
        };
        self.side.entity_filter = here.as_ref().map(|(_, name)| name.to_string()).unwrap_or_default();
        self.apply_entity_filter();
        if let Some((kind, name)) = here {
            let entities = &self.side.entities;
            let row =
                self.side.entities_visible.iter().position(|&i| entities[i].kind == kind && entities[i].name == name);
            self.side.entities_selected = row.unwrap_or(0);
        }
        self.side.kind = Side::Entities;
        self.show_side = Some(true);
        self.focus = Focus::Side;
        let kinds: Vec<String> = EntityKind::ALL
            .iter()
            .map(|k| format!("{} {}", self.side.entities.iter().filter(|e| e.kind == *k).count(), k.name()))
            .collect();
        self.message = Some(format!("{} — / filters (kind:person), Enter lists the articles", kinds.join(", ")));
    }

    pub(super) fn set_entity_filter(&mut self, text: &str) {
        self.side.entity_filter = text.to_string();
        self.apply_entity_filter();
    }

    fn apply_entity_filter(&mut self) {
        let filter = &self.side.entity_filter;
        self.side.entities_visible =
            (0..self.side.entities.len()).filter(|&i| entity_filter_matches(filter, &self.side.entities[i])).collect();
        self.side.entities_selected = 0;
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
            Side::Timeline => match &self.side.timeline_involving {
                Some((_, shown)) => {
                    let at = shown.iter().position(|&m| m == self.side.timeline_selected).unwrap_or(0);
                    if let Some(&m) = shown.get(step(at, shown.len())) {
                        self.side.timeline_selected = m;
                    }
                }
                None => self.side.timeline_selected = step(self.side.timeline_selected, self.analysis.milestones.len()),
            },
            Side::Entities => {
                self.side.entities_selected = step(self.side.entities_selected, self.side.entities_visible.len())
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
                    if self.side_covers_reader() {
                        self.focus_reader_if_visible();
                    }
                }
            }
            Side::Timeline if !self.analysis_ready() => self.message = Some(TIMELINE_PENDING.into()),
            Side::Timeline => {
                if self.side.timeline_selected < self.analysis.milestones.len() {
                    self.go_to_milestone_mention(self.side.timeline_selected, 0);
                }
            }
            Side::Entities => {
                let Some(entry) = self.side.entities_visible.get(self.side.entities_selected) else {
                    self.message = Some("no entity matches the filter — / to change it".into());
                    return;
                };
                let name = self.side.entities[*entry].name.to_string();
                // The list was asked for last: on a narrow screen it takes the panel's room.
                self.show_side = None;
                self.list_articles_naming(&name);
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
