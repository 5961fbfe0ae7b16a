//! The mouse: a click selects what is under it (a second click, or a double click, opens it);
//! the wheel scrolls the pane under the pointer without moving the focus.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{App, Focus, Mention, Side};
use crate::tui::Action;
use crate::tui::document::LineKind;

impl App {
    fn pane_at(&self, column: u16, row: u16) -> Option<(Focus, Rect)> {
        let at = Position::new(column, row);
        [(Focus::List, self.panes.list), (Focus::Reader, self.panes.reader), (Focus::Side, self.panes.side)]
            .into_iter()
            .find_map(|(pane, rect)| rect.filter(|r| r.contains(at)).map(|r| (pane, r)))
    }

    pub(super) fn action_for_mouse(&self, event: &MouseEvent) -> Option<Action> {
        let (column, row) = (event.column, event.row);
        self.pane_at(column, row)?;
        match event.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll { column, row, lines: 3 }),
            MouseEventKind::ScrollUp => Some(Action::Scroll { column, row, lines: -3 }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row, double: false }),
            _ => None,
        }
    }

    pub(super) fn scroll_at(&mut self, column: u16, row: u16, lines: i16) {
        let Some((pane, _)) = self.pane_at(column, row) else { return };
        let focus = std::mem::replace(&mut self.focus, pane);
        self.move_by(isize::from(lines));
        self.focus = focus;
    }

    pub(super) fn click(&mut self, column: u16, row: u16, double: bool) {
        let Some((pane, rect)) = self.pane_at(column, row) else { return };
        self.focus = pane;
        let row = usize::from(row.saturating_sub(rect.y + 1));
        match pane {
            Focus::List => {
                let first = crate::tui::panes::list::first_row(self);
                if let Some(item) = crate::tui::panes::list::row_to_item(self, row, first) {
                    let again = item == self.list.selected;
                    self.list.selected = item;
                    if double || again {
                        self.open_selected();
                    }
                }
            }
            Focus::Side => {
                if let Some(item) = crate::tui::panes::side::row_to_item(self, row) {
                    let selected = match self.side.kind {
                        Side::Facts => &mut self.side.facts_selected,
                        Side::Timeline => &mut self.side.timeline_selected,
                        Side::Entities => &mut self.side.entities_selected,
                    };
                    let again = *selected == item;
                    *selected = item;
                    if double || again {
                        self.open_selected();
                    }
                }
            }
            Focus::Reader => self.click_in_reader(rect, row, column),
        }
    }

    /// A click on an entity in the reader selects it.
    fn click_in_reader(&mut self, rect: Rect, row: usize, column: u16) {
        let (Some(doc), Some(x), Some(open)) = (&self.reader.doc, self.open_analysis(), self.reader.open) else {
            return;
        };
        let Some(line) = doc.lines.get(self.reader.scroll + row) else { return };
        if !matches!(line.kind, LineKind::Body(_)) {
            return;
        }
        let left = crate::tui::panes::reader::text_left(self, rect);
        let body = &self.article(open).body;
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
            self.reader.current = Some(Mention::Entity(e));
            self.message = Some(message);
        }
    }
}
