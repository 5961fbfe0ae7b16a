//! Every key flow also runs before the library's analysis has arrived: nothing panics, and
//! what needs the analysis says so instead of doing nothing.

mod common;

use common::reader::{pending_app, press};
use tidings::tui::app::{Focus, Side};

/// Key sequences that cover every pane, prompt and jump, as the key-flow tests type them.
const FLOWS: &[&[&str]] = &[
    &["j", "j", "k", "Down", "G", "g", "Enter", "j", "j", "C-d", "g", "Tab", "Tab", "BackTab", "h", "h", "l", "m"],
    &["/", "source:VNA", "Enter", "/", "C-u", "asean", "Enter", "Esc", "Esc"],
    &["Enter", "e", "e", "E", "n", "N", "Enter"],
    &["Enter", "/", "viet nam", "Enter", "n", "n", "N", "Esc"],
    &["j", "Enter", "Tab", "j", "j", "Enter"],
    &["t", "j", "Enter", "]", "]", "[", "C-o", "C-n", "}", "{", "{"],
    &["f", "f", "Enter", "t", "h", "h", "L", "L"],
    &["?", "j", "k", "q", "x", "Enter", "e", "]", "}", "C-o", "C-i"],
];

#[test]
fn every_key_flow_works_while_the_analysis_is_pending() {
    for (width, height) in [(120, 40), (80, 24), (40, 12)] {
        for flow in FLOWS {
            let mut app = pending_app(width, height);
            assert!(!app.analysis_ready());
            press(&mut app, flow);
            // The analysis arrives in the middle of whatever the user was doing.
            app.wait_for_analysis();
            assert!(app.analysis_ready());
            press(&mut app, flow);
        }
    }
}

#[test]
fn what_needs_the_analysis_says_so() {
    let mut app = pending_app(120, 40);
    // `e` before anything is analysed: a message, not a panic (it used to index an empty list).
    press(&mut app, &["Enter"]);
    assert_eq!(app.focus, Focus::Reader);
    assert!(app.reader.doc.is_some(), "the text shows at once, highlights follow");
    press(&mut app, &["e"]);
    assert!(app.message.as_deref().unwrap_or("").contains("still being analysed"), "{:?}", app.message);
    press(&mut app, &["t"]);
    assert_eq!(app.side.kind, Side::Timeline);
    press(&mut app, &["Enter"]);
    assert!(app.message.as_deref().unwrap_or("").contains("still being built"), "{:?}", app.message);
    press(&mut app, &["/", "source:VNA"]);
    assert!(app.message.as_deref().unwrap_or("").contains("when the analysis is done"), "{:?}", app.message);
    press(&mut app, &["Enter"]);
    app.wait_for_analysis();
    assert_eq!(app.list.visible.len(), 2, "the filter applies once the analysis is in");
}

#[test]
fn the_timeline_does_not_wait_for_the_words_to_be_indexed() {
    let mut app = pending_app(120, 40);
    press(&mut app, &["/", "viet nam", "Enter"]);
    // The analysis comes first, the word index after it.
    while !app.analysis_ready() {
        assert!(app.wait_for_job_event());
    }
    assert!(app.indexing_words());
    assert!(!app.analysis.milestones.is_empty(), "the timeline is there");
    press(&mut app, &["/", "C-u", "viet"]);
    assert!(app.message.as_deref().unwrap_or("").contains("when the words are indexed"), "{:?}", app.message);
    press(&mut app, &["Enter"]);
    while app.indexing_words() {
        assert!(app.wait_for_job_event());
    }
    let with_viet = app.list.visible.len();
    assert!(with_viet > 0 && with_viet <= app.library.articles.len(), "the filter applies once the words are in");
    press(&mut app, &["/", "C-u", "zzzqx", "Enter"]);
    assert_eq!(app.list.visible.len(), 0);
}

#[test]
fn an_unbound_key_says_so() {
    let mut app = pending_app(120, 40);
    press(&mut app, &["x"]);
    assert_eq!(app.message.as_deref(), Some("x is not bound — ? for help"));
}
