//! The reader pane: the open article, where it is scrolled to, the mention it is on, the
//! search in it, and the flash after a jump.

use std::ops::Range;

use super::{App, Focus};
use crate::text::fold;
use crate::tui::document::Document;

/// A mention in the open article the reader is "on".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mention {
    Entity(usize),
    Figure(usize),
    Date(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Byte ranges in the body.
    pub matches: Vec<Range<usize>>,
    pub current: usize,
    /// No match visited yet (the filter's words, highlighted on opening): the first n or N
    /// goes to the first or the last match, not the one after `current`.
    pub unvisited: bool,
}

/// A place to come back to with the jump list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub article: usize,
    /// Body byte offset at the top of the reader.
    pub offset: usize,
    pub mention: Option<Mention>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderState {
    /// The article in the reader.
    pub open: Option<usize>,
    /// First line of the document shown.
    pub scroll: usize,
    pub doc: Option<Document>,
    pub current: Option<Mention>,
    pub search: Option<Search>,
    /// A range to flash, and how many ticks it stays.
    pub flash: Option<(Range<usize>, u8)>,
    /// Body offset to scroll to once the reader's width is known.
    pub pending_offset: Option<usize>,
}

impl App {
    /// Where the open article is drawn, or would be while a panel covers it on a narrow
    /// screen: it keeps its wrapping and its scroll under the panel, so that a fact or a
    /// milestone opened there is revealed where it will show.
    fn reader_area(&self) -> Option<ratatui::layout::Rect> {
        self.panes.reader.or(if self.side_covers_reader() { self.panes.side } else { None })
    }

    pub fn reader_height(&self) -> usize {
        self.reader_area().map_or(10, |r| usize::from(r.height.saturating_sub(2)).max(1))
    }

    fn text_width(&self) -> u16 {
        let inner = self.reader_area().map_or(78, |r| r.width.saturating_sub(4)).max(1);
        if self.reading_width == 0 { inner } else { inner.min(self.reading_width) }
    }

    pub fn mention_span(&self, mention: Mention) -> Option<Range<usize>> {
        let x = self.open_analysis()?;
        Some(match mention {
            Mention::Entity(i) => x.entities.get(i)?.span.clone(),
            Mention::Figure(i) => x.figures.get(i)?.span.clone(),
            Mention::Date(i) => x.dates.get(i)?.span.clone(),
        })
    }

    /// Wraps the open article for the reader's width if that changed, keeping the same text at
    /// the top.
    pub(super) fn rewrap(&mut self) {
        let Some(index) = self.reader.open else { return };
        let width = self.text_width();
        let r = &mut self.reader;
        if r.doc.as_ref().is_none_or(|d| d.article != index || d.width != width) {
            // The same text stays at the top; at the very top, the header does.
            let keep =
                r.doc.as_ref().filter(|d| d.article == index && r.scroll > 0).map(|d| d.offset_of_line(r.scroll));
            let doc = Document::build(index, self.article(index), &self.meta_lines(index), width);
            let r = &mut self.reader;
            if let Some(offset) = keep {
                r.scroll = doc.line_of_offset(offset);
            }
            r.doc = Some(doc);
        }
        let r = &mut self.reader;
        if let (Some(offset), Some(doc)) = (r.pending_offset.take(), &r.doc) {
            r.scroll = doc.line_of_offset(offset);
        }
        self.clamp_scroll();
    }

    /// Shows or hides why the open article's values were inferred, under its header.
    pub(super) fn toggle_reasons(&mut self) {
        self.show_reasons = !self.show_reasons;
        let Some(open) = self.reader.open else {
            self.message = Some("open an article to see why its values were inferred".into());
            return;
        };
        if let Some(doc) = self.reader.doc.take() {
            // Built again at the same place in the text; at the top, the header stays in view.
            if self.reader.scroll > 0 {
                self.reader.pending_offset = Some(doc.offset_of_line(self.reader.scroll));
            }
        }
        self.rewrap();
        let inferred = self.library.articles[open].meta.inferred_reasons().len();
        self.message = Some(match (self.show_reasons, inferred) {
            (_, 0) => "nothing in this article is inferred: every value is as printed".into(),
            (true, n) => format!("why {n} value(s) are inferred: under the headline — w hides it"),
            (false, _) => "reasons hidden — w shows them".into(),
        });
    }

    fn max_scroll(&self) -> usize {
        self.reader.doc.as_ref().map_or(0, |d| d.lines.len().saturating_sub(self.reader_height()))
    }

    /// The last line of the open article is in view.
    pub(super) fn at_article_end(&self) -> bool {
        self.reader.doc.is_some() && self.reader.scroll >= self.max_scroll()
    }

    pub(super) fn clamp_scroll(&mut self) {
        self.reader.scroll = self.reader.scroll.min(self.max_scroll());
    }

    pub(super) fn scroll_reader(&mut self, delta: isize) {
        let max = self.max_scroll() as isize;
        self.reader.scroll = (self.reader.scroll as isize).saturating_add(delta).clamp(0, max) as usize;
    }

    /// The body offset at the top of the reader, where "next" searches start from.
    pub(super) fn top_offset(&self) -> usize {
        self.reader.doc.as_ref().map_or(0, |d| d.offset_of_line(self.reader.scroll))
    }

    pub(super) fn current_offset(&self) -> usize {
        self.reader
            .current
            .and_then(|m| self.mention_span(m))
            .map_or_else(|| self.top_offset().saturating_sub(1), |s| s.start)
    }

    pub(super) fn location(&self) -> Option<Location> {
        let article = self.reader.open?;
        Some(Location { article, offset: self.top_offset(), mention: self.reader.current })
    }

    pub(super) fn go_to(&mut self, loc: Location) {
        if self.reader.open != Some(loc.article) {
            self.open_article(loc.article);
        }
        self.reader.current = loc.mention;
        self.scroll_to_offset(loc.offset);
    }

    fn scroll_to_offset(&mut self, offset: usize) {
        match &self.reader.doc {
            Some(doc) => {
                self.reader.scroll = doc.line_of_offset(offset);
                self.reader.pending_offset = None;
                self.clamp_scroll();
            }
            None => self.reader.pending_offset = Some(offset),
        }
    }

    /// Records where the open article is scrolled to, so that it opens there next time.
    pub(super) fn remember_position(&mut self) {
        if let Some(open) = self.reader.open
            && self.reader.doc.is_some()
        {
            let offset = self.top_offset();
            self.marks.set_position(&self.library.articles[open].id, offset);
        }
    }

    pub fn open_article(&mut self, index: usize) {
        if index >= self.library.articles.len() {
            return;
        }
        // Before the library's analysis is ready, this article is analysed on its own, off
        // this thread; its highlights appear when that is done.
        let whole = self.read_whole(index);
        if self.analysis.articles.get(index).is_none() {
            // The job needs its own handle on the article: a copy only when the library holds it.
            let article = whole.unwrap_or_else(|| std::sync::Arc::new(self.library.articles[index].clone()));
            self.jobs.analyse_article(&article, index);
        }
        if self.reader.open != Some(index) {
            self.remember_position();
            let id = &self.library.articles[index].id;
            self.reader = ReaderState { open: Some(index), ..ReaderState::default() };
            self.reader.pending_offset = self.marks.position(id);
            self.side.facts_selected = 0;
            self.highlight_filter_terms(index);
        }
        let id = self.library.articles[index].id.clone();
        self.marks.set_read(&id, true);
        self.list.select_article(index);
        // Once the layout is known, wrap now so that a jump can scroll at once.
        if self.panes.reader.is_some() {
            self.rewrap();
        }
    }

    /// The list filter's words and phrases, highlighted in the article just opened, so that
    /// n / N step through why it was listed. Nothing moves until the first n.
    fn highlight_filter_terms(&mut self, index: usize) {
        let Ok(query) = crate::query::Query::parse(&self.list.filter) else { return };
        let terms = query.text_terms();
        if terms.is_empty() {
            return;
        }
        let body = &self.article(index).body;
        let mut matches: Vec<Range<usize>> = terms.iter().flat_map(|t| find_folded(body, t)).collect();
        matches.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        // One phrase inside another ("ha noi" in "ha noi treaty"): the longer one.
        matches.dedup_by(|later, earlier| later.start < earlier.end);
        self.reader.search = Some(Search { query: terms.join(" OR "), matches, current: 0, unvisited: true });
    }

    /// Scrolls so that body `offset` is in view (a third of the way down) and marks it.
    pub(super) fn reveal(&mut self, span: Range<usize>, flash: bool) {
        match &self.reader.doc {
            Some(doc) => {
                let line = doc.line_of_offset(span.start);
                let height = self.reader_height();
                if line < self.reader.scroll || line >= self.reader.scroll + height {
                    self.reader.scroll = line.saturating_sub(height / 3);
                }
                self.clamp_scroll();
            }
            None => self.reader.pending_offset = Some(span.start),
        }
        if flash {
            self.reader.flash = Some((span, 6));
        }
    }

    pub(super) fn select_mention(&mut self, mention: Mention, flash: bool) {
        if let Some(span) = self.mention_span(mention) {
            self.reader.current = Some(mention);
            if let Mention::Date(d) = mention {
                self.follow_milestone_of(d);
            }
            self.reveal(span, flash);
        }
    }

    pub(super) fn run_search(&mut self, query: &str) {
        let Some(index) = self.reader.open else { return };
        let needle = fold(query.trim());
        if needle.is_empty() {
            self.reader.search = None;
            return;
        }
        let matches = find_folded(&self.article(index).body, &needle);
        let from = self.top_offset();
        let current = matches.iter().position(|m| m.start >= from).unwrap_or(0);
        let first = matches.get(current).cloned();
        self.reader.search = Some(Search { query: query.to_string(), matches, current, unvisited: false });
        match first {
            Some(span) => self.reveal(span, false),
            None => self.message = Some(format!("no match for {query:?}")),
        }
    }

    pub(super) fn step_match(&mut self, delta: isize) {
        if let Some(search) = &mut self.reader.search {
            if search.matches.is_empty() {
                self.message = Some(format!("no match for {:?}", search.query));
                return;
            }
            let n = search.matches.len() as isize;
            search.current = match std::mem::take(&mut search.unvisited) {
                true if delta > 0 => 0,
                true => search.matches.len() - 1,
                false => (search.current as isize + delta).rem_euclid(n) as usize,
            };
            let span = search.matches[search.current].clone();
            self.reveal(span, false);
            return;
        }
        // On an entity: its next mention in this article.
        let (Some(Mention::Entity(e)), Some(x)) = (self.reader.current, self.open_analysis()) else {
            self.message = Some("nothing to step through — search with / or pick an entity with e".into());
            return;
        };
        let Some(key) = x.entities.get(e).map(|x| &x.key) else { return };
        let same: Vec<usize> = (0..x.entities.len()).filter(|&i| &x.entities[i].key == key).collect();
        let at = same.iter().position(|&i| i == e).unwrap_or(0) as isize;
        let next = same[(at + delta).rem_euclid(same.len() as isize) as usize];
        let total = same.len();
        self.select_mention(Mention::Entity(next), true);
        let at = same.iter().position(|&i| i == next).unwrap_or(0);
        self.message = Some(format!("mention {} of {total}", at + 1));
    }

    pub(super) fn step_entity(&mut self, delta: isize) {
        if self.reader.open.is_none() {
            self.message = Some("open an article first".into());
            return;
        }
        let Some(x) = self.open_analysis() else {
            self.message = Some("this article is still being analysed — its entities appear in a moment".into());
            return;
        };
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
        let message = format!(
            "{} · {} — Enter: articles that mention it, n/N: its mentions",
            x.entities[next].canonical,
            x.entities[next].kind.name()
        );
        self.focus = Focus::Reader;
        self.select_mention(Mention::Entity(next), false);
        self.message = Some(message);
    }

    /// On an entity: show the articles that mention it.
    pub(super) fn filter_by_current_entity(&mut self) {
        let Some(Mention::Entity(e)) = self.reader.current else { return };
        let Some(name) = self.open_analysis().and_then(|x| x.entities.get(e)).map(|e| e.canonical.to_string()) else {
            return;
        };
        self.list_articles_naming(&name);
    }

    /// Lists the articles that name the entity shown as `name`.
    pub(super) fn list_articles_naming(&mut self, name: &str) {
        self.set_filter(&format!("entity:\"{}\"", name.replace('"', "")));
        self.show_list = Some(true);
        self.focus = Focus::List;
        self.message = Some(format!("{} article(s) mention {name} — Esc clears the filter", self.list.visible.len()));
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
    let to_body = |at: usize, end: usize| origin[at]..char_end(origin[end - 1]);
    // A phrase is its words in a row, whatever punctuation stands between them, as the list
    // filter's word index reads it ("strategic partner" finds "strategic, partner").
    let phrase = crate::word_index::Phrase::new(needle);
    if phrase.len() > 1 {
        let at = |word: &str| word.as_ptr() as usize - folded.as_ptr() as usize;
        let words: Vec<&str> = crate::word_index::words(&folded).collect();
        return words
            .windows(phrase.len())
            .filter_map(|run| {
                let (start, end) = phrase.held_by(run)?;
                Some(to_body(at(run[0]) + start, at(run[run.len() - 1]) + end))
            })
            .collect();
    }
    folded.match_indices(needle).filter(|(_, m)| !m.is_empty()).map(|(at, m)| to_body(at, at + m.len())).collect()
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

    #[test]
    fn a_phrase_is_found_across_punctuation() {
        let body = "A strategic, partner. Then: strategic – Partnership; not strategically partnered.";
        let found: Vec<&str> = find_folded(body, "strategic partner").into_iter().map(|r| &body[r]).collect();
        assert_eq!(found, ["strategic, partner", "strategic – Partner"]);
        assert!(find_folded(body, "partner then").len() == 1);
        assert!(find_folded(body, "nothing here").is_empty());
    }
}
