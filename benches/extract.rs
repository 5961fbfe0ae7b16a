//! Extraction throughput on one core, in MB/s of article body: over the five bundled articles
//! and over the BBC corpus in ../shared/corpora/bbc (skipped with a message when absent).
//!
//!   cargo bench --bench extract            full run (each measurement at least 2 s)
//!   TIDINGS_BENCH_QUICK=1 cargo bench ...  a few iterations, so CI keeps it compiling and running

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use tidings::extract::{Analyzer, EntityPolicy};
use tidings::{Article, ImportOptions, ImportRules, Library, import_capture};

fn quick() -> bool {
    std::env::var_os("TIDINGS_BENCH_QUICK").is_some()
}

/// Runs `f` repeatedly for at least `min` (one pass in quick mode); returns passes per second.
fn measure(min: Duration, mut f: impl FnMut()) -> f64 {
    let min = if quick() { Duration::ZERO } else { min };
    f(); // warm-up
    let start = Instant::now();
    let mut passes = 0u32;
    while passes == 0 || start.elapsed() < min {
        f();
        passes += 1;
    }
    passes as f64 / start.elapsed().as_secs_f64()
}

fn throughput(name: &str, articles: &[Article], analyzer: &Analyzer) {
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    let per_second = measure(Duration::from_secs(2), || {
        for a in articles {
            black_box(analyzer.analyze(black_box(a), None));
        }
    });
    let mb_s = bytes as f64 * per_second / 1e6;
    println!("extract/{name:<20} {:>5} articles {:>9} bytes  {mb_s:>8.1} MB/s on one core", articles.len(), bytes);
}

fn main() {
    let analyzer = Analyzer::bundled();
    let rules_only = Analyzer::bundled().with_policy(EntityPolicy::RulesOnly);
    throughput("bundled", &Library::bundled().articles, &analyzer);
    throughput("bundled, rules only", &Library::bundled().articles, &rules_only);
    let bbc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    if !bbc.is_dir() {
        println!("extract/bbc SKIPPED: {} not found", bbc.display());
        return;
    }
    let rules = ImportRules::bundled();
    let mut articles = Vec::new();
    for topic in std::fs::read_dir(&bbc).unwrap().filter_map(Result::ok).filter(|e| e.path().is_dir()) {
        for file in std::fs::read_dir(topic.path()).unwrap().filter_map(Result::ok) {
            if let Ok(text) = std::fs::read_to_string(file.path()) {
                articles.push(import_capture("bbc.txt", &text, &rules, &ImportOptions::default()).article);
            }
        }
    }
    throughput("bbc", &articles, &analyzer);
    throughput("bbc, rules only", &articles, &rules_only);
}
