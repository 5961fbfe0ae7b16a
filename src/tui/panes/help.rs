//! The help overlay: every binding, generated from the key map so it cannot disagree with it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::tui::Action;
use crate::tui::app::App;

pub struct HelpOverlay<'a> {
    pub app: &'a App,
}

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::styled("Keys (edit [keys] in the config to change them)", Style::default().add_modifier(Modifier::BOLD)),
        Line::raw(""),
    ];
    for action in Action::ALL {
        let keys = app.keymap.label(action);
        out.push(Line::from(vec![
            Span::styled(format!("{keys:<16}"), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(action.description()),
        ]));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        "Filter: words  source:VNA  entity:\"Tô Lâm\"  kind:document",
        Style::default().add_modifier(Modifier::DIM),
    ));
    out.push(Line::styled(
        "        after:2024-06-20  before:2025  ~word (not)",
        Style::default().add_modifier(Modifier::DIM),
    ));
    out
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = lines(self.app);
        let width = area.width.min(76);
        let height = area.height.min(lines.len() as u16 + 2);
        let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(row);
        Clear.render(popup, buf);
        let block = Block::default().borders(Borders::ALL).title(" Help — Esc closes, j/k scroll ");
        let inner = block.inner(popup);
        block.render(popup, buf);
        let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
        for (i, line) in
            lines.into_iter().skip(self.app.help_scroll.min(max_scroll)).take(usize::from(inner.height)).enumerate()
        {
            line.render(Rect { y: inner.y + i as u16, height: 1, ..inner }, buf);
        }
    }
}
