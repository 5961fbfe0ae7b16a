//! Benchmark helper: resident memory after each stage of loading and analysing a library.
//!   cargo run --release --example mem_stages -- DIR

fn rss(label: &str) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| status.lines().find_map(|l| l.strip_prefix(k)).map_or(String::new(), |v| v.trim().to_string());
    println!("{label:<28} now {:>12}   peak {:>12}", get("VmRSS:"), get("VmHWM:"));
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: mem_stages DIR");
    rss("start");
    let library = tidings::Library::load_folder(std::path::Path::new(&dir), &tidings::LoadOptions::default()).unwrap();
    rss("loaded");
    let analyzer = tidings::extract::Analyzer::bundled();
    let analysis = tidings::analysis::analyze_library(&library.articles, &analyzer);
    rss("analysed (with milestones)");
    let searchables: Vec<_> =
        library.articles.iter().zip(&analysis.articles).map(|(a, x)| tidings::query::searchable(a, x)).collect();
    rss("searchables");
    std::hint::black_box((&library, &analysis, &searchables));
}
