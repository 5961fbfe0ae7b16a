//! End to end: the real binary in a pseudo-terminal, driven with keys, read from the screen.

mod common;

use common::{Session, left_alternate_screen};
use tempfile::TempDir;

#[test]
fn starts_draws_quits_and_restores_the_terminal() {
    let home = TempDir::new().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for_text("Important milestones");
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
