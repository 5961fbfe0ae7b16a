//! The interactive reader: state and update in `app`, keys in `keymap`, colours in `theme`,
//! one widget per pane under `panes`. Rendering borrows the state and never changes it.

pub mod action;
pub mod app;
pub mod document;
pub mod keymap;
pub mod layout;
pub mod panes;
pub mod persist;
pub mod theme;

pub use action::Action;
pub use app::App;
pub use keymap::{Key, KeyMap};
pub use theme::Theme;

use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use crossterm::execute;
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

/// Runs the reader until the user quits, saving the reading state to `state_path` on the way
/// out. The terminal is restored on return, on error and on panic (ratatui's `init` installs a
/// panic hook that restores it before the message prints).
pub fn run(mut app: App, state_path: Option<PathBuf>) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let result = (|| -> std::io::Result<()> {
        while !app.should_quit {
            app.poll_background();
            let size = terminal.size()?;
            app.prepare(Rect::new(0, 0, size.width, size.height));
            terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
            if event::poll(Duration::from_millis(120))? {
                match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
                    Event::Mouse(mouse) => app.handle_mouse(mouse),
                    _ => {}
                }
            } else {
                app.tick();
            }
        }
        Ok(())
    })();
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    if let Some(path) = state_path
        && let Err(e) = persist::save(&path, &app.saved_state())
    {
        eprintln!("warning: could not save the reading state to {}: {e}", path.display());
    }
    result
}
