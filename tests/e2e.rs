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
    s.wait_for_text("1/5 The Việt Nam – Russia");
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

/// The checks a shell needs after the reader is gone: cooked mode, main screen, no mouse
/// reporting left on.
fn assert_terminal_restored(s: &Session) {
    assert!(s.terminal_is_cooked(), "raw mode left on");
    let out = s.output_text();
    assert!(left_alternate_screen(out.as_bytes()), "alternate screen not left");
    let (on, off) = (out.find("\x1b[?1000h"), out.rfind("\x1b[?1000l"));
    assert!(on.is_some() && off > on, "mouse capture not turned off");
}

#[test]
fn a_panic_inside_rendering_restores_the_terminal() {
    let home = TempDir::new().unwrap();
    // Debug builds only (what `cargo test` runs): a release build has no such switch.
    let mut s = Session::start_with_env(&[], 80, 24, home.path(), &[("TIDINGS_DEBUG_PANIC_IN_RENDER", "1")]);
    assert_eq!(s.wait_exit(), 101, "a panic exits with Rust's panic status");
    assert_terminal_restored(&s);
    assert!(s.output_text().contains("panic inside rendering"), "the panic message is shown after restoring");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_save_the_state() {
    for signal in [nix::sys::signal::Signal::SIGTERM, nix::sys::signal::Signal::SIGHUP] {
        let home = TempDir::new().unwrap();
        let mut s = Session::reading(80, 24, home.path());
        s.signal(signal);
        assert_eq!(s.wait_exit(), 0, "{signal}: a clean exit");
        assert_terminal_restored(&s);
        let state = std::fs::read_to_string(home.path().join("state/tidings/state.toml")).expect("state saved");
        assert!(state.contains("last_article = \"the-viet-nam-russia-relationship-set\""), "{signal}: {state}");
    }
}

#[test]
fn a_corrupt_state_file_is_kept_aside_with_a_message() {
    let home = TempDir::new().unwrap();
    let dir = home.path().join("state/tidings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("state.toml"), "read = [\"unterminated").unwrap();
    let mut s = Session::start(&[], 100, 24, home.path());
    s.wait_for_text("reading state was corrupt");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let kept: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let aside = kept.iter().find(|n| n.starts_with("state.toml.corrupt-")).unwrap_or_else(|| panic!("{kept:?}"));
    assert_eq!(
        std::fs::read_to_string(dir.join(aside)).unwrap(),
        "read = [\"unterminated",
        "the corrupt file is kept as it was"
    );
    assert!(std::fs::read_to_string(dir.join("state.toml")).unwrap().contains("read"), "a fresh state is saved");
}

#[test]
fn a_broken_article_is_reported_in_the_status_bar_not_a_crash() {
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    std::fs::write(lib.path().join("good.md"), "+++\ntitle = \"Good one\"\n+++\n\nBody.\n").unwrap();
    std::fs::write(lib.path().join("bad.md"), "+++\ntitle = \"x\"\nautor = 1\n+++\n").unwrap();
    let mut s = Session::start(&["--articles", lib.path().to_str().unwrap()], 120, 24, home.path());
    let screen = s.wait_for_text("could not be loaded");
    assert!(screen.contains("Good one"), "{screen}");
    assert!(screen.contains("bad.md:3"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

/// The state file of a test home, once the reader has saved it.
fn saved_state(home: &std::path::Path) -> String {
    std::fs::read_to_string(home.join("state/tidings/state.toml")).expect("state saved")
}

#[test]
fn closing_the_terminal_ends_the_reader_and_saves_its_state() {
    let home = TempDir::new().unwrap();
    let mut s = Session::reading(80, 24, home.path());
    // Close the window: every copy of the master side goes away.
    s.close_terminal();
    let code = s.exit_within(std::time::Duration::from_secs(2));
    if code.is_none() {
        s.kill();
        panic!("the reader kept running after its terminal was closed");
    }
    let state = saved_state(home.path());
    assert!(state.contains("the-viet-nam-russia-relationship-set"), "the last read mark is saved: {state}");
}

#[test]
fn sigterm_with_the_terminal_gone_still_saves() {
    let home = TempDir::new().unwrap();
    let mut s = Session::reading(80, 24, home.path());
    s.signal(nix::sys::signal::Signal::SIGTERM);
    s.close_terminal();
    assert!(s.exit_within(std::time::Duration::from_secs(2)).is_some(), "exits within 2 s");
    assert!(saved_state(home.path()).contains("last_article = \"the-viet-nam-russia-relationship-set\""));
}

#[test]
fn sigint_restores_the_terminal() {
    let home = TempDir::new().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for_text(" LIST ");
    s.signal(nix::sys::signal::Signal::SIGINT);
    assert_eq!(s.wait_exit(), 0);
    assert_terminal_restored(&s);
}

#[test]
fn suspend_and_resume_take_the_terminal_back() {
    use nix::sys::signal::Signal;
    let home = TempDir::new().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for_text(" LIST ");
    s.signal(Signal::SIGTSTP);
    // Stopped, the terminal handed back to the shell in cooked mode; continued, raw again.
    s.wait_for_cooked(true);
    s.signal(Signal::SIGCONT);
    s.wait_for_cooked(false);
    // Keys work again without Enter.
    s.send("j");
    s.send("q");
    let code = s.wait_exit();
    assert_eq!(code, 0, "{}", s.output_text());
    assert_terminal_restored(&s);
}

#[test]
fn a_burst_of_keys_is_read_to_the_last_one() {
    let home = TempDir::new().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for_text(" LIST ");
    let mut burst = "jk".repeat(1500);
    burst.push('q');
    s.send(&burst);
    assert_eq!(s.wait_exit(), 0, "the final q of a 3,001-key burst quits");
}

#[test]
fn a_stray_paste_start_does_not_swallow_keys_and_a_paste_goes_into_the_prompt() {
    let home = TempDir::new().unwrap();
    let mut s = Session::start(&[], 100, 24, home.path());
    s.wait_for_text(" LIST ");
    // A real paste into the filter prompt is text.
    s.send("/");
    s.wait_for_text("FILTER");
    s.send("\x1b[200~source:VNA\x1b[201~");
    s.wait_for_text("/source:VNA");
    s.send("\r");
    s.wait_for_text("Articles 2 of 5");
    // A paste start with no end: the next key still counts.
    s.send("\x1b[200~");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0, "Ctrl-C after a stray paste start quits");
    assert_terminal_restored(&s);
}

#[test]
fn ctrl_c_leaves_a_prompt_then_quits() {
    let home = TempDir::new().unwrap();
    let mut s = Session::start(&[], 80, 24, home.path());
    s.wait_for_text(" LIST ");
    s.send("/");
    s.wait_for_text("FILTER");
    s.send("\x03");
    s.wait_for_text(" LIST ");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn no_terminal_says_so_and_writes_nothing_to_stdout() {
    let home = TempDir::new().unwrap();
    let o = common::tidings(&[], home.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing on stdout: {:?}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a terminal"));
}

#[test]
fn two_libraries_keep_their_own_read_marks() {
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    std::fs::write(lib.path().join("own.md"), "+++\ntitle = \"My own article\"\n+++\n\nBody.\n").unwrap();
    // Read in the bundled library, then in a folder, then look at the bundled one again.
    let mut s = Session::reading(100, 24, home.path());
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let mut s = Session::start(&["--articles", lib.path().to_str().unwrap()], 100, 24, home.path());
    s.wait_for_text("My own article");
    s.send("\r");
    s.wait_for_text("1/1 ");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let state = saved_state(home.path());
    assert!(state.contains("[libraries.bundled]"), "{state}");
    let file: tidings::tui::persist::StateFile = toml::from_str(&state).unwrap();
    assert!(file.library("bundled").read.contains("the-viet-nam-russia-relationship-set"), "{state}");
    let key = lib.path().canonicalize().unwrap().display().to_string();
    assert_eq!(file.library(&key).read.iter().collect::<Vec<_>>(), ["own"], "{state}");
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    let evil = "+++\ntitle = \"Plain \\u001b]0;pwned\\u0007 title \\u001b]52;c;ZXZpbA==\\u0007 \\u202eevil\"\n+++\n\nBody \u{1b}[2J with \u{1b}]0;x\u{7} escapes on May 1, 2024.\n";
    std::fs::write(lib.path().join("evil.md"), evil).unwrap();
    let capture = lib.path().join("capture.txt");
    std::fs::write(&capture, "Headline \u{1b}]0;pwned\u{7} here\n\nA story \u{1b}[2J about Hanoi on May 1, 2024.\n")
        .unwrap();
    let dir = lib.path().to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["--articles", dir, "list"],
        vec!["--articles", dir, "show", "evil"],
        vec!["--articles", dir, "timeline"],
        vec!["--articles", dir, "extract", "--format", "text"],
        vec!["--articles", dir, "import", "--dry-run", capture.to_str().unwrap()],
    ];
    for args in commands {
        let mut s = Session::start(&args, 120, 40, home.path());
        s.wait_exit();
        let out = s.output_text();
        for bad in ["\u{1b}]0;", "\u{1b}]52;", "\u{1b}[2J", "\u{202e}", "\u{7}"] {
            assert!(!out.contains(bad), "{args:?} printed {bad:?}:\n{out}");
        }
    }
    // Imported text is cleaned before it is stored.
    let into = TempDir::new().unwrap();
    let o =
        common::tidings(&["import", "--into", into.path().to_str().unwrap(), capture.to_str().unwrap()], home.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for entry in std::fs::read_dir(into.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text}");
    }
}

#[test]
fn two_readers_open_at_once_keep_each_others_read_marks() {
    let home = TempDir::new().unwrap();
    let mut first = Session::start(&[], 100, 24, home.path());
    let mut second = Session::start(&[], 100, 24, home.path());
    first.wait_for_text(" LIST ");
    second.wait_for_text(" LIST ");
    first.send("\r");
    first.wait_for_text("1/5 ");
    second.send("j\r");
    second.wait_for_text("2/5 ");
    // The second quits first; the first, quitting last, must not erase the second's mark.
    second.send("q");
    assert_eq!(second.wait_exit(), 0);
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
    let file: tidings::tui::persist::StateFile = toml::from_str(&saved_state(home.path())).unwrap();
    let read = file.library("bundled").read;
    assert_eq!(read.len(), 2, "both readers' marks are kept: {read:?}");
}

#[test]
fn a_relative_xdg_state_home_is_ignored_as_the_spec_says() {
    let home = TempDir::new().unwrap();
    let mut s = Session::start_with_env(&[], 80, 24, home.path(), &[("XDG_STATE_HOME", "relative/state")]);
    s.wait_for_text(" LIST ");
    s.send("\r");
    s.wait_for_text("1/5 ");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    assert!(!home.path().join("relative").exists(), "state written relative to the current folder");
    assert!(home.path().join(".local/state/tidings/state.toml").exists(), "state goes to ~/.local/state");
}

#[test]
fn o_opens_the_article_address_in_a_terminal_browser_that_gets_the_keys() {
    use std::os::unix::fs::PermissionsExt;
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    std::fs::write(
        lib.path().join("linked.md"),
        "+++\ntitle = \"A story with a link\"\nurl = \"https://example.org/story\"\n+++\n\nBody.\n",
    )
    .unwrap();
    // A stand-in for w3m: it shows the address, reads a line from the terminal, writes both down.
    let out = home.path().join("browser-saw.txt");
    let script = home.path().join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf 'browser shows %s\\n' \"$1\"\nread line\necho \"$1 $line\" > '{}'\n", out.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let args = ["--articles", lib.path().to_str().unwrap()];
    let mut s = Session::start_with_env(&args, 80, 24, home.path(), &[("BROWSER", script.to_str().unwrap())]);
    s.wait_for_text("A story with a link");
    s.send("o");
    s.wait_for_text("browser shows https://example.org/story");
    // Typed while the browser runs: its keys, not the reader's ("q" would quit the reader).
    s.send("qq\r");
    let screen = s.wait_for_text("back from");
    assert!(screen.contains("A story with a link"), "the reader is drawn again: {screen}");
    let saw = std::fs::read_to_string(&out).expect("the browser ran");
    assert_eq!(saw.trim(), "https://example.org/story qq");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}
