//! Rendering: each pane at 80x24, 120x40 and 40x12 into ratatui's TestBackend, compared with
//! insta snapshots (tests/snapshots/); and every size from 1x1 to 60x30 drawn without panic.

mod common;

use common::reader::{app, press};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use tidings::tui::App;

fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    app.prepare(Rect::new(0, 0, width, height));
    terminal.draw(|f| f.render_widget(&*app, f.area())).unwrap();
    terminal
}

fn screen(keys: &[&str], width: u16, height: u16) -> String {
    let mut app = app(width, height);
    press(&mut app, keys);
    let terminal = draw(&mut app, width, height);
    terminal.backend().to_string()
}

/// The states a person passes through, by name and keys.
const STATES: &[(&str, &[&str])] = &[
    ("list", &[]),
    ("reader", &["Enter"]),
    ("facts", &["j", "Enter", "f"]),
    ("timeline", &["t"]),
    ("help", &["?"]),
    ("filter", &["/", "entity:\"Tô Lâm\""]),
    ("search", &["Enter", "/", "viet nam", "Enter", "n"]),
    ("entities", &["i", "/", "kind:org"]),
];

#[test]
fn snapshots_80x24() {
    for (name, keys) in STATES {
        insta::assert_snapshot!(format!("{name}_80x24"), screen(keys, 80, 24));
    }
}

#[test]
fn snapshots_120x40() {
    for (name, keys) in STATES {
        insta::assert_snapshot!(format!("{name}_120x40"), screen(keys, 120, 40));
    }
}

#[test]
fn snapshots_40x12() {
    for (name, keys) in STATES {
        insta::assert_snapshot!(format!("{name}_40x12"), screen(keys, 40, 12));
    }
}

#[test]
fn every_size_from_1x1_to_60x30_draws_without_panic() {
    let mut drawn = 0;
    for (_, keys) in STATES {
        let mut app = app(60, 30);
        press(&mut app, keys);
        for width in 1..=60 {
            for height in 1..=30 {
                draw(&mut app, width, height);
                drawn += 1;
            }
        }
    }
    assert_eq!(drawn, STATES.len() * 60 * 30);
}
