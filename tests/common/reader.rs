//! Building a reader on the bundled library and typing keys into it, with no terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use tidings::analysis::analyze_library;
use tidings::extract::Analyzer;
use tidings::tui::{App, KeyMap, Theme};
use tidings::{Config, Library};

pub fn app(width: u16, height: u16) -> App {
    let library = Library::bundled();
    let analysis = analyze_library(&library.articles, &Analyzer::bundled());
    let config = Config::defaults();
    let keymap = KeyMap::from_config(&config).unwrap();
    let theme = Theme::from_config(&config.theme, false).unwrap();
    let mut app = App::new(library, analysis, keymap, theme, config.reading_width);
    app.prepare(Rect::new(0, 0, width, height));
    app
}

/// Types keys as a person would: "j", "Enter", "C-o", "/text" types text, "Esc".
pub fn press(app: &mut App, keys: &[&str]) {
    // Re-lay out at the same size after each key, as the event loop does before each frame.
    for key in keys {
        let event = match *key {
            "Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            "Esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            "Tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
            "BackTab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            "Down" => KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
            "Backspace" => KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
            k if k.starts_with("C-") => KeyEvent::new(KeyCode::Char(k.chars().nth(2).unwrap()), KeyModifiers::CONTROL),
            k if k.chars().count() == 1 => KeyEvent::new(KeyCode::Char(k.chars().next().unwrap()), KeyModifiers::NONE),
            text => {
                for c in text.chars() {
                    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                    app.prepare(screen_of(app));
                }
                continue;
            }
        };
        app.handle_key(event);
        app.prepare(screen_of(app));
    }
}

/// The screen size the app was last laid out for.
fn screen_of(app: &App) -> Rect {
    app.panes.status.map_or(Rect::new(0, 0, 120, 40), |s| Rect::new(0, 0, s.width, s.y + 1))
}

/// A reader whose analysis has not arrived: the background jobs run, but their results are
/// only installed by [`App::wait_for_analysis`], which these tests call when they choose.
pub fn pending_app(width: u16, height: u16) -> App {
    let config = Config::defaults();
    let keymap = KeyMap::from_config(&config).unwrap();
    let theme = Theme::from_config(&config.theme, false).unwrap();
    let mut app =
        App::with_background_analysis(Library::bundled(), Analyzer::bundled(), keymap, theme, config.reading_width);
    app.prepare(Rect::new(0, 0, width, height));
    app
}
