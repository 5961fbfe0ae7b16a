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

#[test]
fn the_selected_entity_stays_on_screen_far_down_the_list() {
    for (width, height) in [(40, 12), (80, 24)] {
        let mut app = app(width, height);
        press(&mut app, &["i", "/", "kind:org", "Enter"]);
        let steps = vec!["j"; 20];
        press(&mut app, &steps);
        let selected = app.side.entities_visible[app.side.entities_selected];
        assert_eq!(app.side.entities_selected, 20.min(app.side.entities_visible.len() - 1));
        let name: String = app.side.entities[selected].name.chars().take(12).collect();
        let screen = draw(&mut app, width, height).backend().to_string();
        assert!(screen.contains(&name), "{name} at {width}x{height}:\n{screen}");
        assert!(screen.contains("/ kind:org"), "the filter line stays above the rows");
        // A click on a row selects the entity drawn there.
        let rows: Vec<&str> = screen.lines().collect();
        let row = rows.iter().position(|l| l.contains(&name)).unwrap();
        let side = app.panes.side.unwrap();
        app.update(tidings::tui::Action::Click { column: side.x + 5, row: row as u16, double: false });
        assert_eq!(app.side.entities_visible[app.side.entities_selected], selected);
    }
}
