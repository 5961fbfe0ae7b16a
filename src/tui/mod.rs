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
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Leaves raw mode, the alternate screen and mouse capture.
fn restore_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Debug builds only: `TIDINGS_DEBUG_PANIC_IN_RENDER=1` panics while drawing, so that tests can
/// check the terminal is restored after a crash. Release builds, the ones people install,
/// cannot be made to do this.
#[cfg(debug_assertions)]
fn panic_if_asked() {
    if std::env::var_os("TIDINGS_DEBUG_PANIC_IN_RENDER").is_some() {
        panic!("panic inside rendering, as asked by TIDINGS_DEBUG_PANIC_IN_RENDER");
    }
}

/// Runs the reader until the user quits or the process gets SIGTERM or SIGHUP, saving the
/// reading state to `state_path` on the way out. The terminal is restored on every way out:
/// return, error, signal, and panic (the hook restores it before the panic message prints).
pub fn run(mut app: App, state_path: Option<PathBuf>) -> std::io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let mut terminal = ratatui::init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let result = (|| -> std::io::Result<()> {
        while !app.should_quit {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            app.poll_background();
            let size = terminal.size()?;
            app.prepare(Rect::new(0, 0, size.width, size.height));
            terminal.draw(|frame| {
                #[cfg(debug_assertions)]
                panic_if_asked();
                frame.render_widget(&app, frame.area())
            })?;
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
    restore_terminal();
    if let Some(path) = state_path
        && let Err(e) = persist::save(&path, &app.saved_state())
    {
        eprintln!("warning: could not save the reading state to {}: {e}", path.display());
    }
    result
}
