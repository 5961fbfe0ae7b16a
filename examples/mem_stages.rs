//! Benchmark helper: resident memory after each stage of loading and analysing a library.
//!   cargo run --release --example mem_stages -- DIR [--cache FILE] [--index-only]

fn rss(label: &str) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| status.lines().find_map(|l| l.strip_prefix(k)).map_or(String::new(), |v| v.trim().to_string());
    println!("{label:<28} now {:>12}   peak {:>12}", get("VmRSS:"), get("VmHWM:"));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).expect("usage: mem_stages DIR [--cache FILE] [--index-only]");
    let index_only = args.iter().any(|a| a == "--index-only");
    // With `--cache FILE`, through the analysis cache (a second run reads it), as the reader does.
    let cache = args.iter().position(|a| a == "--cache").and_then(|i| args.get(i + 1));
    rss("start");
    let library = tidings::Library::load_folder(std::path::Path::new(dir), &tidings::LoadOptions::default()).unwrap();
    rss("loaded");
    if index_only {
        // For profiling the word index alone.
        let start = std::time::Instant::now();
        let words = tidings::word_index::WordIndex::build(library.articles.len(), |i| {
            tidings::query::folded_text(&library.articles[i])
        });
        println!("word index: {:.0} ms, {} words", start.elapsed().as_secs_f64() * 1e3, words.distinct_words());
        return;
    }
    let analyzer = tidings::extract::Analyzer::bundled();
    let analysis = match cache {
        Some(path) => {
            tidings::analysis_cache::analyze_library_cached(&library.articles, &analyzer, path.as_ref(), None).0
        }
        None => tidings::analysis::analyze_library(&library.articles, &analyzer),
    };
    rss("analysed (with milestones)");
    // What the analyses hold, to see where their memory goes.
    let (mut entities, mut figures, mut dates, mut figure_text) = (0, 0, 0, 0);
    for x in &analysis.articles {
        entities += x.entities.len();
        figures += x.figures.len();
        dates += x.dates.len();
        figure_text += x
            .figures
            .iter()
            .map(|f| f.unit.len() + f.context.len() + f.qualifier.as_ref().map_or(0, |q| q.len()))
            .sum::<usize>();
    }
    println!(
        "{entities} entity mentions, {figures} figures ({figure_text} bytes of their text), {dates} dates, {} milestones",
        analysis.milestones.len()
    );
    let start = std::time::Instant::now();
    let search = tidings::query::search_index(&library.articles, &analysis.articles);
    println!(
        "search index: {:.0} ms, {} words, {:.1} MB",
        start.elapsed().as_secs_f64() * 1e3,
        search.words.distinct_words(),
        search.words.heap_bytes() as f64 / 1e6
    );
    rss("search index");
    // What a keystroke's word lookup costs, for the commonest kinds of query.
    for query in ["e", "st", "partner", "strategic", "\"strategic partner\"", "viet nam", "zzzq"] {
        let folded = tidings::text::fold(query.trim_matches('"'));
        let start = std::time::Instant::now();
        let hits = search.words.matching(&folded);
        println!("  {query:<22} {:>7} articles {:>8.2} ms", hits.len(), start.elapsed().as_secs_f64() * 1e3);
    }
    std::hint::black_box((&library, &analysis, &search));
}
