//! End to end: the real binary in a pseudo-terminal, driven with keys, read from the screen.

mod common;

use common::{Session, left_alternate_screen};
use tempfile::TempDir;

#[test]
fn starts_draws_quits_and_restores_the_terminal() {
    let home = TempDir::new().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for_text(" LIST ");
    assert!(!s.terminal_is_cooked(), "the reader runs in raw mode");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    assert!(s.terminal_is_cooked(), "raw mode left on after quitting");
    assert!(left_alternate_screen(&s.raw_output()), "alternate screen not left");
}

#[test]
fn a_broken_config_stops_before_touching_the_terminal() {
    let home = TempDir::new().unwrap();
    let cfg = home.path().join("bad.toml");
    std::fs::write(&cfg, "reading_width = \"wide\"\n").unwrap();
    let mut s = Session::start(&["--config", cfg.to_str().unwrap()], 80, 24, home.path());
    let screen = s.wait_for_text("bad.toml:1");
    assert!(screen.contains("error:"), "{screen}");
    assert_eq!(s.wait_exit(), 2);
    assert!(s.terminal_is_cooked());
}

#[test]
fn open_filter_by_entity_hop_a_milestone_and_quit() {
    let home = TempDir::new().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for_text(" LIST ");
    // Open the first article.
    s.send("\r");
    s.wait_for_text("1/5 the-viet-nam-russia");
    // Back to the list, filter it to the articles that mention ASEAN.
    s.send("h/entity:ASEAN\r");
    let screen = s.wait_for_text("Articles 4 of 5");
    assert!(screen.contains("/ entity:ASEAN"), "{screen}");
    // Clear the filter, open the timeline, go to the 1994 treaty and hop to the next article.
    s.send("\x1b");
    s.wait_for(|screen| screen.contains(" LIST ") && !screen.contains("4 of 5"));
    s.send("t");
    s.wait_for_text("Timeline");
    s.send("j\r");
    let first = s.wait_for(|screen| screen.contains("READER") && screen.contains("1994"));
    let opened = |screen: &str| screen.lines().next().unwrap_or("").to_string();
    let before = opened(&first);
    s.send("]");
    let after = s.wait_for(|screen| screen.contains("mention 2 of"));
    assert_ne!(opened(&after), before, "] switched to another article:\n{after}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    assert!(s.terminal_is_cooked());
    assert!(left_alternate_screen(&s.raw_output()));
    let state = std::fs::read_to_string(home.path().join("state/tidings/state.toml")).expect("state saved on quit");
    assert!(state.contains("last_article"), "{state}");
}
