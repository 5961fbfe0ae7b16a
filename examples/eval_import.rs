//! The importer's evaluation harness: article body and metadata on the public
//! article-extraction benchmark (`../shared/corpora/article-extraction-benchmark/`: 181 real
//! pages, their true bodies, and the same pages as whole-page text captures).
//!
//!     cargo run --release --example eval_import [-- --split dev|test|all]
//!
//! The pages are split by id: ids starting 0-7 are the dev part (rules were tuned looking at
//! these), 8-f the test part (reported, not looked at while tuning). Body F1 is the benchmark's
//! own metric: this writes the predictions as JSON and runs the benchmark's `evaluate.py`
//! (`tools/score_bodies.py` imports it), beside the other extractors' outputs on the same pages.
//! Metadata is scored against the page's own JSON-LD / meta tags (silver truth): for HTML that
//! is partly the importer's own source, so the HTML figures mostly measure parsing; for text
//! captures it is a real test. An invented value is one given where the truth has none.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tidings::import::{ImportOptions, ImportRules, decode_page, host_of, import_capture, import_html, page_meta};

const BENCH: &str = "../shared/corpora/article-extraction-benchmark";

fn in_split(id: &str, split: &str) -> bool {
    let dev = id.as_bytes().first().is_some_and(|c| (b'0'..=b'7').contains(c));
    match split {
        "dev" => dev,
        "test" => !dev,
        _ => true,
    }
}

fn read_gz(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("open a page"))
        .read_to_end(&mut bytes)
        .expect("gunzip");
    bytes
}

/// Normalised for comparison: lower case, letters and digits only, single spaces.
fn norm(text: &str) -> String {
    let folded = tidings::text::fold(text);
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
struct FieldScore {
    /// Pages whose truth has a value.
    truth: usize,
    /// Of those, values found that match.
    correct: usize,
    /// Values given where the truth has none.
    invented: usize,
}

impl FieldScore {
    fn add(&mut self, truth: Option<&str>, found: Option<&str>, same: impl Fn(&str, &str) -> bool) {
        match (truth, found) {
            (Some(t), Some(f)) => {
                self.truth += 1;
                self.correct += usize::from(same(t, f));
            }
            (Some(_), None) => self.truth += 1,
            (None, Some(_)) => self.invented += 1,
            (None, None) => {}
        }
    }

    fn show(&self) -> String {
        let accuracy = if self.truth == 0 { 1.0 } else { self.correct as f64 / self.truth as f64 };
        format!("{accuracy:.3} ({}/{}), invented {}", self.correct, self.truth, self.invented)
    }
}

#[derive(Default)]
struct MetaScores {
    title: FieldScore,
    date: FieldScore,
    outlet: FieldScore,
    author: FieldScore,
}

/// The same headline: the words of the two overlap by at least 80% (token-set F1), so that a
/// truth with the site's name appended ("… | TheHill") still matches the headline alone.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (norm(&a.replace("&#", " ")), norm(b));
    let ta: std::collections::BTreeSet<&str> = a.split(' ').collect();
    let tb: std::collections::BTreeSet<&str> = b.split(' ').collect();
    let common = ta.intersection(&tb).count() as f64;
    let (p, r) = (common / tb.len().max(1) as f64, common / ta.len().max(1) as f64);
    p + r > 0.0 && 2.0 * p * r / (p + r) >= 0.8
}

fn same_author(truth: &str, found: &str) -> bool {
    // The first author's surname is printed in what was found.
    let first = truth.split([',', '&']).next().unwrap_or(truth).split(" and ").next().unwrap_or(truth);
    let surname = norm(first).split(' ').next_back().unwrap_or("").to_string();
    !surname.is_empty() && norm(found).split(' ').any(|w| w == surname)
}

fn same_outlet(truth: &str, found: &str) -> bool {
    // Both through the outlets list, so that "Associated Press" and "AP" are one outlet.
    static RULES: std::sync::LazyLock<ImportRules> = std::sync::LazyLock::new(ImportRules::bundled);
    let rules = &*RULES;
    let canonical = |s: &str| rules.outlet(s).unwrap_or(s).to_string();
    let (t, f) = (norm(&canonical(truth)).replace(' ', ""), norm(&canonical(found)).replace(' ', ""));
    !t.is_empty() && (t == f || t.contains(&f) || f.contains(&t))
}

fn main() {
    let split = std::env::args().skip_while(|a| a != "--split").nth(1).unwrap_or_else(|| "test".into());
    // --show FIELD prints each text capture's value next to the truth, to study the dev part.
    let show = std::env::args().skip_while(|a| a != "--show").nth(1);
    let bench = Path::new(BENCH);
    if !bench.is_dir() {
        println!("SKIPPED: {BENCH} is not there (the shared corpora are beside the repository)");
        return;
    }
    let rules = ImportRules::bundled();
    let options = ImportOptions::default();
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bench.join("ground-truth.json")).expect("ground truth")).expect("json");
    let mut ids: Vec<String> =
        truth.as_object().expect("an object").keys().filter(|id| in_split(id, &split)).cloned().collect();
    ids.sort();
    let mut html_bodies = serde_json::Map::new();
    let mut capture_bodies = serde_json::Map::new();
    let (mut html_meta, mut capture_meta) = (MetaScores::default(), MetaScores::default());
    let mut html_seconds = 0.0;
    for id in &ids {
        let bytes = read_gz(&bench.join("html").join(format!("{id}.html.gz")));
        let started = Instant::now();
        let page = decode_page(&bytes);
        let url = truth[id]["url"].as_str();
        let from_html = import_html(&format!("{id}.html"), &page, url, &rules, &options);
        html_seconds += started.elapsed().as_secs_f64();
        html_bodies.insert(id.clone(), serde_json::json!({ "articleBody": from_html.article.body }));

        // The silver truth for metadata: what the page itself states.
        let silver = page_meta(&dom_query::Document::from(page.as_str()));
        let silver_outlet = silver.publisher.clone();
        let silver_date = silver.published.map(|p| p.date().to_string());
        let silver_author = silver.authors.first().cloned();

        let capture_text =
            std::fs::read_to_string(bench.join("captures").join(format!("{id}.txt"))).unwrap_or_default();
        let from_capture = import_capture(&format!("{id}.txt"), &capture_text, &rules, &options);
        capture_bodies.insert(id.clone(), serde_json::json!({ "articleBody": from_capture.article.body }));

        if let Some(field) = &show {
            let m = &from_capture.article.meta;
            let (truth, found) = match field.as_str() {
                "headline" => (silver.title.clone(), m.title.value.clone()),
                "date" => (silver_date.clone(), m.published.value.map(|p| p.date().to_string())),
                "outlet" => (silver_outlet.clone().or_else(|| url.and_then(host_of)), m.source.value.clone()),
                _ => (silver_author.clone(), m.author.value.clone()),
            };
            println!("{} | truth {truth:?} | found {found:?}", &id[..8]);
        }
        for (scores, imported) in [(&mut html_meta, &from_html), (&mut capture_meta, &from_capture)] {
            let m = &imported.article.meta;
            // An inferred title is still the importer's answer for the headline.
            scores.title.add(silver.title.as_deref(), m.title.value.as_deref(), same_text);
            let date = m.published.value.map(|p| p.date().to_string());
            scores.date.add(silver_date.as_deref(), date.as_deref(), |a, b| a == b);
            // The host of the page's address stands in for an outlet the page does not name.
            let outlet_truth = silver_outlet.clone().or_else(|| url.and_then(host_of));
            scores.outlet.add(outlet_truth.as_deref(), m.source.value.as_deref(), same_outlet);
            scores.author.add(silver_author.as_deref(), m.author.value.as_deref(), same_author);
        }
    }
    let out_dir = PathBuf::from("target/eval");
    std::fs::create_dir_all(&out_dir).expect("target/eval");
    let write = |name: &str, map: &serde_json::Map<String, serde_json::Value>| {
        let path = out_dir.join(name);
        std::fs::write(&path, serde_json::to_vec(map).expect("json")).expect("write predictions");
        path
    };
    let html_path = write("tidings_html.json", &html_bodies);
    let capture_path = write("tidings_captures.json", &capture_bodies);

    println!("Importer evaluation on the article-extraction benchmark, split: {split} ({} pages)", ids.len());
    println!("HTML import: {:.0} pages/s on one core (decode, extract, metadata)", ids.len() as f64 / html_seconds);
    println!();
    println!("Article body (the benchmark's own metric, via its evaluate.py):");
    let status = std::process::Command::new("python3")
        .arg("tools/score_bodies.py")
        .arg(bench)
        .arg(&split)
        .arg(format!("tidings (HTML)={}", html_path.display()))
        .arg(format!("tidings (text captures)={}", capture_path.display()))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        println!("(python3 could not run tools/score_bodies.py: body F1 not computed)");
    }
    println!();
    println!("Metadata against the page's own JSON-LD/meta (silver truth): accuracy (correct/with truth), invented");
    for (name, scores) in [("HTML", &html_meta), ("text captures", &capture_meta)] {
        println!("  {name}");
        println!("    headline  {}", scores.title.show());
        println!("    date      {}", scores.date.show());
        println!("    outlet    {}", scores.outlet.show());
        println!("    author    {}", scores.author.show());
    }
}
