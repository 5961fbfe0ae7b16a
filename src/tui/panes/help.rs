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

/// The help's lines for a text width: each key with its description wrapped under itself, then
/// what the marks and colours mean, then the filter's syntax.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let dim = Style::default().add_modifier(Modifier::DIM);
    let width = usize::from(width).max(20);
    let mut out: Vec<Line<'static>> = wrap("Keys (edit [keys] in the config to change them)", width)
        .into_iter()
        .map(|l| Line::styled(l, bold))
        .collect();
    out.push(Line::raw(""));
    let key_column = if width >= 60 { 16 } else { 11 };
    for action in Action::ALL {
        let keys = app.keymap.label(action);
        let wrapped = wrap(action.description(), width.saturating_sub(key_column).max(10));
        for (i, part) in wrapped.into_iter().enumerate() {
            let key = if i == 0 { keys.clone() } else { String::new() };
            // A key label longer than its column gets a line of its own.
            if i == 0 && key.chars().count() >= key_column {
                out.push(Line::styled(key, bold));
                out.push(Line::from(vec![Span::raw(" ".repeat(key_column)), Span::raw(part)]));
                continue;
            }
            out.push(Line::from(vec![Span::styled(format!("{key:<key_column$}"), bold), Span::raw(part)]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Marks", bold));
    for (mark, meaning) in [
        ("●", "unread"),
        ("~", "inferred, not printed in the article (tidings show ID says why)"),
        ("◆", "a milestone two or more articles mention"),
        ("—", "no date"),
    ] {
        for (i, part) in wrap(meaning, width.saturating_sub(4).max(10)).into_iter().enumerate() {
            let mark = if i == 0 { mark } else { "" };
            out.push(Line::from(vec![Span::styled(format!("{mark:<4}"), bold), Span::raw(part)]));
        }
    }
    let mut colours = vec![Span::raw("colours: ")];
    for kind in crate::extract::EntityKind::ALL {
        colours.push(Span::styled(kind.name(), app.theme.style(kind.name())));
        colours.push(Span::raw(" "));
    }
    colours.push(Span::styled("figure", app.theme.style("figure")));
    colours.push(Span::raw(" "));
    colours.push(Span::styled("date", app.theme.style("date")));
    out.push(Line::from(colours));
    out.push(Line::raw(""));
    out.push(Line::styled("Filter", bold));
    for text in [
        "words (all must match)  source:VNA  entity:\"Tô Lâm\"  kind:document  tag:asean  unread  read  after:2024-06-20  before:2025  ~word (not)",
        "a OR b (either)  (a OR b) c (groups)  ~(a OR b)",
    ] {
        for part in wrap(text, width) {
            out.push(Line::styled(part, dim));
        }
    }
    out
}

/// Words of `text` in lines of at most `width` characters (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let last = lines.last_mut().expect("one line at least");
        if last.is_empty() {
            last.push_str(word);
        } else if last.chars().count() + 1 + word.chars().count() <= width {
            last.push(' ');
            last.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(2).clamp(1, 96);
        let lines = lines(self.app, width.saturating_sub(2));
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
