//! Speed at scale, at 5 articles (the bundled set, written to a folder) and at 20,000 (a
//! synthetic corpus from examples/corpus, written once under target/bench-corpus/):
//!
//!  1. loading the library (front matter and bodies);
//!  2. time to the first frame: load + what the first screen needs + one render at 120x40;
//!  3. full analysis (entities, figures, dates, milestones), on one core and on all cores; the
//!     first analysis writing the analysis cache, and a second start reading it;
//!  4. one filter keystroke over the whole library (plain words, and `entity:`);
//!  5. peak memory of a process that loaded and analysed the library, the first time and again
//!     from the analysis cache (peak RSS, VmHWM from
//!     /proc/self/status — the figure `/usr/bin/time -v` reports as "Maximum resident set size");
//!  6. whole-process `tidings list` and `tidings timeline` (the real binary);
//!  7. the real binary's first frame in an 80x24 pseudo-terminal, process start to the list
//!     drawn: the first start of a library, and a second start (shown from its snapshot).
//!
//!   cargo bench --bench scale                    full run, medians
//!   TIDINGS_BENCH_QUICK=1 cargo bench --bench scale   200 articles, one run each (CI)
//!   TIDINGS_BENCH_ARTICLES=100000 cargo bench --bench scale   another size than 20,000

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use tidings::analysis::analyze_library;
use tidings::analysis_cache::analyze_library_cached;
use tidings::extract::Analyzer;
use tidings::tui::{App, KeyMap, Theme};
use tidings::{Config, Library, LoadOptions};

fn quick() -> bool {
    std::env::var_os("TIDINGS_BENCH_QUICK").is_some()
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The bundled articles as files, so that loading reads a folder like any library.
fn bundled_folder() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-corpus/bundled");
    std::fs::create_dir_all(&dir).unwrap();
    for a in Library::bundled().articles {
        std::fs::write(dir.join(format!("{}.md", a.id)), a.to_file_string()).unwrap();
    }
    dir
}

fn generated_folder(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-corpus/n{n}"));
    let complete = dir.join(format!("a{:06}.md", n - 1)).exists();
    if !complete {
        let _ = std::fs::remove_dir_all(&dir);
        corpus::generate(&dir, n, &corpus::sources()).unwrap();
    }
    dir
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir).unwrap().filter_map(Result::ok).filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()
}

fn load(dir: &Path) -> Library {
    Library::load_folder(dir, &LoadOptions::default()).unwrap()
}

fn keymap_theme() -> (KeyMap, Theme, u16) {
    let config = Config::defaults();
    (KeyMap::from_config(&config).unwrap(), Theme::from_config(&config.theme, false).unwrap(), config.reading_width)
}

/// Peak resident memory of this process so far, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// Probe mode: load and analyse like the reader does (through the analysis cache file
/// `cache` when given), report the peak, exit.
/// With a cache, as the reader starts: shown from the library's snapshot beside the cache when
/// there is one (the first run writes both), and read from the files in the background.
fn memory_probe(dir: &Path, cache: Option<PathBuf>) {
    let origin = tidings::library::LibraryOrigin::Folder(dir.to_path_buf());
    let snapshot = cache.as_ref().map(|c| c.with_file_name("library.bin"));
    let library = snapshot
        .as_deref()
        .and_then(|path| tidings::library_snapshot::read(path, &origin))
        .unwrap_or_else(|| load(dir));
    let snapshot = snapshot.map(|path| {
        let folder = dir.to_path_buf();
        tidings::tui::app::Snapshot {
            path,
            max_article_bytes: Config::defaults().max_article_bytes,
            read_library: Box::new(move |content| {
                Library::load_folder(&folder, &LoadOptions { content, ..LoadOptions::default() })
            }),
        }
    });
    let (keymap, theme, width) = keymap_theme();
    let mut app =
        App::with_cached_background_analysis(library, Analyzer::bundled(), keymap, theme, width, cache, snapshot);
    app.wait_for_analysis();
    black_box(&app);
    println!("{}", peak_rss());
}

struct Row {
    what: String,
    measured: String,
    target: String,
    met: Option<bool>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--memory-probe") {
        memory_probe(Path::new(&args[i + 1]), args.get(i + 2).map(PathBuf::from));
        return;
    }
    // TIDINGS_BENCH_ARTICLES=100000 measures a bigger library (generated once, ~300 MB).
    let big = std::env::var("TIDINGS_BENCH_ARTICLES").ok().and_then(|v| v.parse().ok()).unwrap_or(if quick() {
        200
    } else {
        20_000
    });
    let runs = if quick() { 1 } else { 7 };
    let mut rows: Vec<Row> = Vec::new();
    let mut row = |what: String, measured: String, target: &str, met: Option<bool>| {
        println!(
            "{what:<48} {measured:>14}   target {target}{}",
            match met {
                Some(true) => "  ok",
                Some(false) => "  NOT MET",
                None => "",
            }
        );
        rows.push(Row { what, measured, target: target.to_string(), met });
    };
    let (keymap, theme, width) = keymap_theme();
    let analyzer = Analyzer::bundled();

    for (label, dir) in [("5".to_string(), bundled_folder()), (format!("{big}"), generated_folder(big))] {
        let bytes = folder_bytes(&dir);
        let small = label == "5";
        println!("--- {label} articles, {:.1} MB on disk ({})", bytes as f64 / 1e6, dir.display());

        // 1. loading
        let t = median(runs, || {
            black_box(load(&dir));
        });
        row(format!("load, {label} articles"), format!("{:.1} ms", ms(t)), "—", None);

        // 2. first frame: load, the reader with its analysis started in the background, one render.
        // The timing stops at the frame; the background analysis is then awaited outside the
        // timing, so that one run's background work does not slow the next run's load.
        let mut times = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let library = load(&dir);
            let mut app =
                App::with_background_analysis(library, Analyzer::bundled(), keymap.clone(), theme.clone(), width);
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            app.prepare(Rect::new(0, 0, 120, 40));
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
            black_box(terminal.backend());
            times.push(start.elapsed());
            app.wait_for_analysis();
        }
        times.sort();
        let t = times[times.len() / 2];
        let (target, limit) = if small { ("≤ 20 ms", 20.0) } else { ("≤ 300 ms", 300.0) };
        row(format!("first frame, {label} articles"), format!("{:.1} ms", ms(t)), target, Some(ms(t) <= limit));

        // 3. full analysis
        let library = load(&dir);
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let t1 = median(runs.min(3), || {
            one.install(|| black_box(analyze_library(&library.articles, &analyzer)));
        });
        row(format!("full analysis, one core, {label} articles"), format!("{:.0} ms", ms(t1)), "—", None);
        let t = median(runs.min(3), || {
            black_box(analyze_library(&library.articles, &analyzer));
        });
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let met = if small { None } else { Some(t <= Duration::from_secs(3)) };
        row(
            format!("full analysis, all {cores} cores, {label} articles"),
            format!("{:.0} ms", ms(t)),
            if small { "—" } else { "≤ 3 s" },
            met,
        );

        // 3b. the analysis cache: the first start analyses and writes it; a second start of the
        // unchanged library reads it and only links (names across articles, milestones).
        let cache_dir = tempfile::tempdir().unwrap();
        let cache = cache_dir.path().join("analysis.bin");
        let start = Instant::now();
        let (_, report) = analyze_library_cached(&library.articles, &analyzer, &cache, None);
        let first = start.elapsed();
        assert_eq!(report.analysed, library.articles.len());
        row(
            format!("first analysis, writing the cache, {label} articles"),
            format!("{:.0} ms", ms(first)),
            "report it",
            None,
        );
        let t = median(runs.min(3), || {
            let (x, report) = analyze_library_cached(&library.articles, &analyzer, &cache, None);
            assert_eq!(report.reused, library.articles.len());
            black_box(x);
        });
        let (target, limit) = if small { ("≤ 20 ms", 20.0) } else { ("≤ 1 s", 1000.0) };
        row(
            format!("second start: analysis from the cache, {label} articles"),
            format!("{:.0} ms", ms(t)),
            target,
            Some(ms(t) <= limit),
        );
        let size = std::fs::metadata(&cache).map_or(0, |m| m.len());
        row(
            format!("cache file, {label} articles"),
            format!("{:.1} MB ({:.2}× library)", size as f64 / 1e6, size as f64 / bytes as f64),
            "—",
            None,
        );

        // 4. one filter keystroke over the whole library, once its words are indexed (after
        // the analysis, on the analysis thread: the timeline does not wait for it).
        let analysis = analyze_library(&library.articles, &analyzer);
        let t = median(runs.min(3), || {
            black_box(tidings::query::search_index(&library.articles, &analysis.articles));
        });
        row(format!("word index for the filter, {label} articles"), format!("{:.0} ms", ms(t)), "report it", None);
        let mut app = App::new(library.clone(), analysis, keymap.clone(), theme.clone(), width);
        app.prepare(Rect::new(0, 0, 120, 40));
        let (target, limit) = if small { ("≤ 1 ms", 1.0) } else { ("≤ 16 ms", 16.0) };
        for (kind, before, after) in [
            ("words", "strategic partne", "strategic partner"),
            ("entity:", "entity:\"Vladimir Putin", "entity:\"Vladimir Putin\""),
        ] {
            // Time only the keystroke: the filter is first set to the shorter query.
            let mut times: Vec<Duration> = (0..runs * 3)
                .map(|_| {
                    app.set_filter(before);
                    let start = Instant::now();
                    app.set_filter(after);
                    black_box(&app.list.visible);
                    start.elapsed()
                })
                .collect();
            times.sort();
            let single = times[times.len() / 2];
            row(
                format!("filter keystroke ({kind}), {label} articles"),
                format!("{:.2} ms", ms(single)),
                target,
                Some(ms(single) <= limit),
            );
        }

        // 5. peak memory of a fresh process that loads and analyses the library, and of one
        // that starts again from the analysis cache the first left.
        let probe_dir = tempfile::tempdir().unwrap();
        let probe_cache = probe_dir.path().join("analysis.bin");
        for (when, cache) in [("first analysis", None), ("second start, from the cache", Some(&probe_cache))] {
            let probe_run = || {
                let mut probe = Command::new(std::env::current_exe().unwrap());
                probe.arg("--memory-probe").arg(&dir);
                if let Some(cache) = cache {
                    probe.arg(cache);
                }
                probe.output().unwrap()
            };
            if cache.is_some() {
                // An unmeasured run writes the cache first.
                probe_run();
            }
            let peak: u64 = String::from_utf8_lossy(&probe_run().stdout).trim().parse().unwrap_or(0);
            let (target, met) =
                if small { ("≤ 30 MB", peak <= 30_000_000) } else { ("≤ 1 × library", peak <= bytes) };
            row(
                format!("peak memory (VmHWM), {when}, {label} articles"),
                format!("{:.1} MB ({:.1}×)", peak as f64 / 1e6, peak as f64 / bytes as f64),
                target,
                Some(met),
            );
        }

        // 6. whole-process commands, the real binary.
        for (cmd, target, limit) in [
            ("list", if small { "≤ 20 ms" } else { "≤ 1 s" }, if small { 20.0 } else { 1000.0 }),
            ("timeline", "—", f64::MAX),
        ] {
            let t = median(runs, || {
                let out =
                    Command::new(env!("CARGO_BIN_EXE_tidings")).arg(cmd).arg("--articles").arg(&dir).output().unwrap();
                assert!(out.status.success());
            });
            row(
                format!("`tidings {cmd}` whole process, {label} articles"),
                format!("{:.0} ms", ms(t)),
                target,
                (limit < f64::MAX).then(|| ms(t) <= limit),
            );
        }

        // 7. the real binary in a pseudo-terminal: process start to the list drawn. The first
        // start reads every file; it leaves the analysis cache and the library's snapshot
        // behind (waited for outside the timing), which a second start shows at once.
        let home = tempfile::tempdir().unwrap();
        let dir_arg = dir.to_str().unwrap();
        let drawn = |screen: &str| screen.contains("Articles ·") && screen.contains('●');
        let start = Instant::now();
        let mut first = common::Session::start(&["--articles", dir_arg], 80, 24, home.path());
        first.wait_for(drawn);
        let cold = start.elapsed();
        let analysed = Instant::now() + Duration::from_secs(600);
        while first.screen().contains("analysing") || !first.screen().contains("Articles") {
            assert!(Instant::now() < analysed, "the first analysis did not finish");
            std::thread::sleep(Duration::from_millis(50));
        }
        first.send("q");
        first.wait_exit();
        row(
            format!("first frame in a terminal, first start, {label} articles"),
            format!("{:.0} ms", ms(cold)),
            "—",
            None,
        );
        let mut times = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let mut s = common::Session::start(&["--articles", dir_arg], 80, 24, home.path());
            s.wait_for(drawn);
            times.push(start.elapsed());
            s.send("q");
            s.wait_exit();
        }
        times.sort();
        let t = times[times.len() / 2];
        let (target, limit) = if small { ("≤ 20 ms", 20.0) } else { ("≤ 500 ms", 500.0) };
        row(
            format!("first frame in a terminal, second start, {label} articles"),
            format!("{:.0} ms", ms(t)),
            target,
            Some(ms(t) <= limit),
        );
    }
    let missed: Vec<&Row> = rows.iter().filter(|r| r.met == Some(false)).collect();
    println!(
        "--- {} targets checked, {} not met{}",
        rows.iter().filter(|r| r.met.is_some()).count(),
        missed.len(),
        if quick() { " (quick mode: small corpus, single runs)" } else { "" }
    );
    for r in missed {
        println!("NOT MET: {} — {} (target {})", r.what, r.measured, r.target);
    }
}
