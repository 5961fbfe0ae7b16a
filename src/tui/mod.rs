//! The interactive reader: state and update in `app`, keys in `keymap`, colours in `theme`,
//! one module per pane under `panes`. Rendering borrows the state and never changes it.

pub mod action;
pub mod app;
pub mod keymap;
pub mod theme;

pub use action::Action;
pub use app::App;
pub use keymap::{Key, KeyMap};
pub use theme::Theme;

use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

/// Runs the reader until the user quits. The terminal is restored on return, on error and on
/// panic (ratatui's `init` installs a panic hook that restores it before the message prints).
pub fn run(mut app: App) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = (|| -> std::io::Result<()> {
        while !app.should_quit {
            terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
            if event::poll(Duration::from_millis(250))? {
                match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => {
                        if let Some(action) = app.keymap.action_for(&key) {
                            app.update(action);
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    })();
    ratatui::restore();
    result
}
