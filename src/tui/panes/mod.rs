//! One widget per pane. Each borrows the app state and draws; none changes it.

pub mod help;
pub mod list;
pub mod reader;
pub mod side;
pub mod status;

use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, BorderType, Borders};

use super::app::{App, Focus};

/// A pane's frame, drawn stronger when it has the focus.
pub fn frame<'a>(app: &App, pane: Focus, title: String) -> Block<'a> {
    let focused = app.focus == pane && app.prompt.is_none() && !app.help;
    let style = if focused {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::DIM)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(style)
        .title(title)
}
