//! Every pane and overlay at every size below 40x15 and on a grid up to 200x60, with a
//! 300-character headline and 100-character words: no panic, and nothing drawn outside the
//! area given (the area sits inside a larger buffer whose other cells must stay untouched).

mod common;

use common::reader::press;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use tidings::analysis::analyze_library;
use tidings::extract::Analyzer;
use tidings::tui::{App, KeyMap, Theme};
use tidings::{Config, Library, LoadOptions};

fn hostile_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let long_title = "A headline that goes on ".repeat(13);
    let word = "x".repeat(100);
    let body = format!(
        "{word} {word} Việt Nam and Russia met on June 19-20, 2024 in Hà Nội. 日本語のテキスト 👩‍👩‍👧 {word}\n\n[caption] {word} Photo: Someone\n\n## {word}\n\nPresident Vladimir Putin said trade topped 3.6 billion USD in 2023."
    );
    std::fs::write(
        dir.path().join("long.md"),
        format!("+++\ntitle = \"{long_title}\"\nsource = \"{word}\"\npublished = 2024-06-20\n+++\n\n{body}\n"),
    )
    .unwrap();
    for a in Library::bundled().articles {
        std::fs::write(dir.path().join(format!("{}.md", a.id)), a.to_file_string()).unwrap();
    }
    let library = Library::load_folder(dir.path(), &LoadOptions::default()).unwrap();
    assert_eq!(library.articles.len(), 6);
    let analysis = analyze_library(&library.articles, &Analyzer::bundled());
    let config = Config::defaults();
    let keymap = KeyMap::from_config(&config).unwrap();
    let theme = Theme::from_config(&config.theme, false).unwrap();
    let mut app = App::new(library, analysis, keymap, theme, config.reading_width);
    app.prepare(Rect::new(0, 0, 120, 40));
    app
}

const STATES: &[(&str, &[&str])] = &[
    ("list", &[]),
    ("reader", &["Enter"]),
    ("facts", &["Enter", "f"]),
    ("timeline", &["t"]),
    ("help", &["?"]),
    ("filter prompt", &["/", "entity:\"unclosed"]),
    ("search", &["Enter", "/", "x", "Enter"]),
];

fn sizes() -> Vec<(u16, u16)> {
    let mut sizes: Vec<(u16, u16)> = (1..40).flat_map(|w| (1..15).map(move |h| (w, h))).collect();
    for w in (40..=200).step_by(8).chain([200]) {
        for h in (1..=60).step_by(5).chain([15, 24, 60]) {
            sizes.push((w, h));
        }
    }
    for h in 15..=60 {
        sizes.push((1, h));
        sizes.push((20, h));
    }
    sizes.sort();
    sizes.dedup();
    sizes
}

#[test]
fn every_pane_at_every_size_stays_inside_its_area() {
    let sizes = sizes();
    let mut rendered = 0;
    for (name, keys) in STATES {
        let mut app = hostile_app();
        press(&mut app, keys);
        for &(w, h) in &sizes {
            let outer = Rect::new(0, 0, w + 6, h + 4);
            let mut sentinel = Cell::default();
            sentinel.set_symbol("¤");
            let mut buf = Buffer::filled(outer, sentinel.clone());
            let area = Rect::new(3, 2, w, h);
            app.prepare(area);
            (&app).render(area, &mut buf);
            for y in 0..outer.height {
                for x in 0..outer.width {
                    if !area.contains((x, y).into()) {
                        assert_eq!(buf[(x, y)].symbol(), "¤", "{name} at {w}x{h} drew outside its area at ({x}, {y})");
                    }
                }
            }
            rendered += 1;
        }
    }
    println!("{rendered} renders: {} sizes × {} states", sizes.len(), STATES.len());
    assert_eq!(rendered, sizes.len() * STATES.len());
}
