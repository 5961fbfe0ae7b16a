//! The reading state survives being killed mid-save: the file is always the old or the new
//! version, never empty or partial. The test runs itself as a child process that saves in a
//! loop through the reader's own save path, and kills it with SIGKILL at varying moments.
//! `TIDINGS_KILL_ITERATIONS` sets how many times (default 150).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use tidings::tui::persist::{self, LibraryState, SessionChanges, StateFile};

const PATH_VAR: &str = "TIDINGS_SAVE_LOOP_PATH";

fn ids(n: usize) -> impl Iterator<Item = String> {
    (0..3000).map(move |k| format!("article-{n}-{k:04}"))
}

/// Two sessions' changes, big enough that a save takes a while; each undoes the other's marks,
/// so that after a save the file holds exactly one of two distinguishable states.
fn version(n: usize) -> SessionChanges {
    let mut read: std::collections::BTreeMap<String, bool> = ids(n).map(|id| (id, true)).collect();
    read.extend(ids(1 - n).map(|id| (id, false)));
    SessionChanges {
        read,
        positions: [(format!("article-{n}"), n * 1000)].into(),
        last_article: Some(format!("article-{n}")),
    }
}

fn expected(n: usize) -> LibraryState {
    LibraryState {
        read: ids(n).collect(),
        last_article: Some(format!("article-{n}")),
        positions: [("article-0".to_string(), 0), ("article-1".to_string(), 1000)].into(),
    }
}

#[test]
#[ignore = "the child process of kill_during_save_leaves_the_old_or_the_new_file"]
fn save_loop_child() {
    let Some(path) = std::env::var_os(PATH_VAR) else { return };
    let path = Path::new(&path);
    let states = [version(0), version(1)];
    for i in 0.. {
        persist::save(path, "bundled", &states[i % 2]).expect("save");
    }
}

#[test]
fn kill_during_save_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    // Both positions are in the file from the start, so that each save leaves one of two states.
    persist::save(&path, "bundled", &version(1)).unwrap();
    persist::save(&path, "bundled", &version(0)).unwrap();
    let states = [expected(0), expected(1)];
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
        let loaded: StateFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("run {n}: partial state file ({} bytes): {e}", text.len()));
        let loaded = loaded.library("bundled");
        let which = states.iter().position(|s| *s == loaded).unwrap_or_else(|| panic!("run {n}: neither version"));
        seen[which] += 1;
    }
    println!("{iterations} kills: old/new version found {seen:?} times, never partial");
    assert_eq!(seen.iter().sum::<usize>(), iterations);
}
