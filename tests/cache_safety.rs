//! The analysis cache survives being killed mid-write: after a SIGKILL at any moment the file
//! is the old or the new version, never one the next start has to throw away. The test runs
//! itself as a child process that re-analyses a changing library in a loop through the
//! reader's own cache path, and kills it at varying moments once it is writing.
//! `TIDINGS_KILL_ITERATIONS` sets how many times (default 40).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use tidings::analysis_cache::analyze_library_cached;
use tidings::extract::Analyzer;
use tidings::{Article, Library};

const PATH_VAR: &str = "TIDINGS_CACHE_LOOP_PATH";

/// The bundled articles many times over under other ids, so that each write takes a while.
fn library() -> Vec<Article> {
    let bundled = Library::bundled().articles;
    (0..40)
        .flat_map(|copy| bundled.iter().map(move |a| Article { id: format!("{}-{copy:02}", a.id), ..a.clone() }))
        .collect()
}

#[test]
#[ignore = "the child process of kill_during_a_cache_write_leaves_a_usable_file"]
fn cache_loop_child() {
    let Some(path) = std::env::var_os(PATH_VAR) else { return };
    let path = Path::new(&path);
    let analyzer = Analyzer::bundled();
    let mut articles = library();
    for i in 0.. {
        // One article changes each time, so each round analyses it and writes the file again.
        articles[i % 7].body.push_str(" Hanoi.");
        analyze_library_cached(&articles, &analyzer, path, None);
        if i == 0 {
            println!("writing");
        }
    }
}

#[test]
fn kill_during_a_cache_write_leaves_a_usable_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("analysis.bin");
    let analyzer = Analyzer::bundled();
    let articles = library();
    analyze_library_cached(&articles, &analyzer, &path, None);
    let iterations: usize = std::env::var("TIDINGS_KILL_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    for n in 0..iterations {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "cache_loop_child", "--test-threads", "1", "--nocapture"])
            .env(PATH_VAR, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Once the child has written the file once, it is in its loop of writes.
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        assert!(lines.any(|l| l.is_ok_and(|l| l.contains("writing"))), "run {n}: the child did not start writing");
        // The moment of the kill varies from run to run (any moment is fine).
        std::thread::sleep(Duration::from_millis((n as u64 * 7) % 60));
        child.kill().unwrap();
        child.wait().unwrap();
        // The file left behind is whole: every article not changed by the child is reused.
        let (analysis, report) = analyze_library_cached(&articles, &analyzer, &path, None);
        assert_eq!(report.problem, None, "run {n}: the cache file was damaged");
        assert!(report.reused >= articles.len() - 7, "run {n}: only {} reused", report.reused);
        assert_eq!(analysis.articles.len(), articles.len());
    }
    // The temporaries of killed writes are cleared by the next write: none is left to grow
    // the folder.
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().flatten().filter(|e| e.file_name() != "analysis.bin").collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}
