//! Where each pane goes for a terminal size and the user's pane toggles.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this width the side panel (facts or timeline) is hidden unless toggled on.
pub const SIDE_MIN_WIDTH: u16 = 100;
/// Below this width one main pane shows at a time, with the whole width: the article list
/// (first, as in newsboat), or the open article once one is opened; the other is a key away.
pub const LIST_MIN_WIDTH: u16 = 120;
/// Below this width a side panel asked for beside the full-width list is not shown.
pub const SIDE_BESIDE_LIST_MIN_WIDTH: u16 = 60;
/// Smaller than this, only a "too small" notice is drawn.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Panes {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub side: Option<Rect>,
    pub status: Option<Rect>,
    /// The whole screen is too small for panes.
    pub too_small: bool,
}

/// `show_list` / `show_side`: the user's toggles, `None` to follow the width. `article_open`:
/// on a narrow screen, one main pane shows at a time — the list until an article is open, then
/// the reader.
pub fn panes(area: Rect, show_list: Option<bool>, show_side: Option<bool>, article_open: bool) -> Panes {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Panes { too_small: true, ..Panes::default() };
    }
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let side = show_side.unwrap_or(area.width >= SIDE_MIN_WIDTH);
    // A side panel asked for on a narrow screen takes the list's room unless the list was
    // asked for too.
    // With nothing open the list has the screen at any width: there is nothing to read yet.
    let narrow = area.width < LIST_MIN_WIDTH || !article_open;
    if narrow && show_list.unwrap_or(!article_open) {
        // The timeline or facts asked for beside the list, where both still read.
        if show_side == Some(true) && area.width >= SIDE_BESIDE_LIST_MIN_WIDTH {
            let [list, side] = Layout::horizontal([Constraint::Min(10), Constraint::Percentage(45)]).areas::<2>(main);
            return Panes { list: Some(list), reader: None, side: Some(side), status: Some(status), too_small: false };
        }
        if show_side == Some(true) {
            // Too narrow for both: what was asked for last, the side panel, has the screen.
            return Panes { list: None, reader: None, side: Some(main), status: Some(status), too_small: false };
        }
        return Panes { list: Some(main), reader: None, side: None, status: Some(status), too_small: false };
    }
    if side && area.width < SIDE_BESIDE_LIST_MIN_WIDTH {
        // Too narrow for the article and a panel side by side: the panel, asked for last, has
        // the screen until it is closed or one of its rows is opened.
        return Panes { list: None, reader: None, side: Some(main), status: Some(status), too_small: false };
    }
    let list = !narrow && show_list.unwrap_or(area.width >= SIDE_MIN_WIDTH || !side);
    let list_width = (area.width * 3 / 10).clamp(18, 44);
    let side_width = if area.width >= SIDE_MIN_WIDTH {
        (area.width * 3 / 10).clamp(20, 48)
    } else {
        (area.width * 45 / 100).max(16)
    };
    let mut constraints = Vec::new();
    if list {
        constraints.push(Constraint::Length(list_width));
    }
    constraints.push(Constraint::Min(10));
    if side {
        constraints.push(Constraint::Length(side_width));
    }
    let rects = Layout::horizontal(constraints).split(main);
    let mut i = 0;
    let mut next = || {
        i += 1;
        rects[i - 1]
    };
    let list = list.then(&mut next);
    let reader = Some(next());
    let side = side.then(next);
    Panes { list, reader, side, status: Some(status), too_small: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_fold_as_the_terminal_narrows() {
        let p = panes(Rect::new(0, 0, 120, 40), None, None, true);
        assert!(p.list.is_some() && p.side.is_some());
        let p = panes(Rect::new(0, 0, 160, 40), None, None, false);
        assert_eq!(p.list.map(|r| r.width), Some(160), "nothing to read yet: the list has the screen");
        let p = panes(Rect::new(0, 0, 80, 24), None, None, false);
        assert_eq!(p.list.map(|r| r.width), Some(80), "nothing open: the list has the width");
        let p = panes(Rect::new(0, 0, 80, 24), None, None, true);
        assert!(p.list.is_none() && p.side.is_none() && p.reader.map(|r| r.width) == Some(80));
        let p = panes(Rect::new(0, 0, 100, 30), None, None, true);
        assert!(p.list.is_none() && p.side.is_some(), "the article and its facts");
        let p = panes(Rect::new(0, 0, 50, 20), None, None, false);
        assert!(p.list.is_some() && p.reader.is_none(), "narrow, nothing open: the list");
        let p = panes(Rect::new(0, 0, 50, 20), None, None, true);
        assert!(p.list.is_none() && p.side.is_none() && p.reader.is_some(), "narrow, reading: the reader");
        let p = panes(Rect::new(0, 0, 50, 20), Some(true), None, true);
        assert!(p.list.is_some() && p.reader.is_none(), "narrow, list asked for: the list");
        let p = panes(Rect::new(0, 0, 80, 24), None, Some(true), true);
        assert!(p.side.is_some() && p.list.is_none() && p.reader.is_some(), "the facts beside the article");
        let p = panes(Rect::new(0, 0, 40, 12), None, Some(true), true);
        assert!(p.side.map(|r| r.width) == Some(40) && p.reader.is_none(), "too narrow to share: the panel alone");
        let p = panes(Rect::new(0, 0, 140, 24), Some(true), Some(true), true);
        assert!(p.side.is_some() && p.list.is_some());
        assert!(panes(Rect::new(0, 0, 10, 3), None, None, false).too_small);
    }
}
