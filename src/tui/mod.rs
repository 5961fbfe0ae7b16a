//! The interactive reader: the event loop in `runtime` (fed by `input`), state and update in
//! `app`, keys in `keymap`, colours in `theme`, one widget per pane under `panes`. Rendering
//! borrows the state and never changes it.

pub mod action;
pub mod app;
pub mod browser;
pub mod document;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod panes;
pub mod persist;
pub mod runtime;
pub mod theme;

pub use action::Action;
pub use app::App;
pub use keymap::{Key, KeyMap};
pub use runtime::{Ending, run};
pub use theme::Theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use panes::help::HelpOverlay;
use panes::list::ListPane;
use panes::reader::ReaderPane;
use panes::side::SidePane;
use panes::status::StatusBar;

/// Draws the whole screen. Call [`App::prepare`] with the same area first.
impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if self.panes.too_small {
            Paragraph::new(format!(
                "tidings needs at least {}x{} cells (this is {}x{})",
                layout::MIN_WIDTH,
                layout::MIN_HEIGHT,
                area.width,
                area.height
            ))
            .wrap(Wrap { trim: true })
            .render(area, buf);
            return;
        }
        if let Some(r) = self.panes.list {
            ListPane { app: self }.render(r, buf);
        }
        if let Some(r) = self.panes.reader {
            ReaderPane { app: self }.render(r, buf);
        }
        if let Some(r) = self.panes.side {
            SidePane { app: self }.render(r, buf);
        }
        if let Some(r) = self.panes.status {
            StatusBar { app: self }.render(r, buf);
        }
        if self.help {
            HelpOverlay { app: self }.render(area, buf);
        }
    }
}
