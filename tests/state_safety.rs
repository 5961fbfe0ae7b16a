//! The reading state survives being killed mid-save: the file is always the old or the new
//! version, never empty or partial. The test runs itself as a child process that saves in a
//! loop through the reader's own save path, and kills it with SIGKILL at varying moments.
//! `TIDINGS_KILL_ITERATIONS` sets how many times (default 150).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use tidings::tui::persist::{self, SavedState};

const PATH_VAR: &str = "TIDINGS_SAVE_LOOP_PATH";

/// Two distinguishable states, big enough that a save takes a while.
fn version(n: usize) -> SavedState {
    SavedState {
        read: (0..3000).map(|k| format!("article-{n}-{k:04}")).collect::<BTreeSet<_>>(),
        last_article: Some(format!("article-{n}")),
        last_offset: Some(n * 1000),
    }
}

#[test]
#[ignore = "the child process of kill_during_save_leaves_the_old_or_the_new_file"]
fn save_loop_child() {
    let Some(path) = std::env::var_os(PATH_VAR) else { return };
    let path = Path::new(&path);
    let states = [version(0), version(1)];
    for i in 0.. {
        persist::save(path, &states[i % 2]).expect("save");
    }
}

#[test]
fn kill_during_save_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    let states = [version(0), version(1)];
    persist::save(&path, &states[0]).unwrap();
    let iterations: usize = std::env::var("TIDINGS_KILL_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(150);
    let mut seen = [0usize; 2];
    for n in 0..iterations {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "save_loop_child", "--test-threads", "1"])
            .env(PATH_VAR, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The moment of the kill varies from run to run (not a synchronisation: any moment is fine).
        std::thread::sleep(Duration::from_millis(5 + (n as u64 * 7) % 40));
        child.kill().unwrap();
        child.wait().unwrap();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("run {n}: state file unreadable: {e}"));
        let loaded: SavedState =
            toml::from_str(&text).unwrap_or_else(|e| panic!("run {n}: partial state file ({} bytes): {e}", text.len()));
        let which = states.iter().position(|s| *s == loaded).unwrap_or_else(|| panic!("run {n}: neither version"));
        seen[which] += 1;
    }
    println!("{iterations} kills: old/new version found {seen:?} times, never partial");
    assert_eq!(seen.iter().sum::<usize>(), iterations);
}
