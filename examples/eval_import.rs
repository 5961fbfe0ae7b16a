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
//! captures it is a real test. Where the page's metadata has no value and the importer gives
//! one, the value is checked against the page itself: "invented" counts those not printed in
//! it (the title's words, the author's surname, the outlet's name, the date's day, month and
//! year on one line), the rest are "beyond the metadata" (printed but not in the metadata).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tidings::import::{ImportOptions, ImportRules, decode_page, host_of, import_capture, import_html, page_meta};

const BENCH: &str = "../shared/corpora/article-extraction-benchmark";

fn in_split(id: &str, split: &str) -> bool {
    let first = id.as_bytes().first().copied().unwrap_or(b'f');
    let dev = (b'0'..=b'7').contains(&first);
    match split {
        "dev" => dev,
        // The dev part's halves, to measure a model trained on the other one.
        "dev-a" => (b'0'..=b'3').contains(&first),
        "dev-b" => (b'4'..=b'7').contains(&first),
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
    /// Values given where the truth has none, printed in the page.
    beyond: usize,
    /// Values given where the truth has none, not printed in the page.
    invented: usize,
}

impl FieldScore {
    fn add(&mut self, truth: Option<&str>, found: Option<&str>, same: impl Fn(&str, &str) -> bool, printed: bool) {
        match (truth, found) {
            (Some(t), Some(f)) => {
                self.truth += 1;
                self.correct += usize::from(same(t, f));
            }
            (Some(_), None) => self.truth += 1,
            (None, Some(_)) if printed => self.beyond += 1,
            (None, Some(_)) => self.invented += 1,
            (None, None) => {}
        }
    }

    fn show(&self) -> String {
        let accuracy = if self.truth == 0 { 1.0 } else { self.correct as f64 / self.truth as f64 };
        format!(
            "{accuracy:.3} ({}/{}), invented {} (beyond the metadata but printed: {})",
            self.correct, self.truth, self.invented, self.beyond
        )
    }
}

#[derive(Default)]
struct MetaScores {
    title: FieldScore,
    date: FieldScore,
    outlet: FieldScore,
    author: FieldScore,
    /// Dates on the very day the page's metadata gives (no timezone slack).
    date_strict: FieldScore,
}

/// The same calendar day give or take one: a page prints its local date ("Nov 19, 2019,
/// 10:31 pm CST") while its metadata often gives the UTC instant ("2019-11-20T04:31Z"), so a
/// capture, which only has the printed day, may be a day off the silver truth and still right.
fn same_day_within_one(truth: &str, found: &str) -> bool {
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    matches!((parse(truth), parse(found)), (Some(t), Some(f)) if (t - f).num_days().abs() <= 1)
}

/// Whether `value` is printed in the page's text `source` (see the module's note).
fn printed_in(source: &str, value: &str, field: &str) -> bool {
    let text = norm(source);
    match field {
        "date" => {
            let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") else { return false };
            use chrono::Datelike;
            let month_name = tidings::text::month_name(d.month()).to_lowercase();
            source.lines().map(norm).any(|line| {
                let words: Vec<&str> = line.split(' ').collect();
                // "20th" is the day 20.
                let has =
                    |w: &str| words.iter().any(|x| *x == w || x.trim_end_matches(|c: char| c.is_alphabetic()) == w);
                let year = d.year().to_string();
                let day = d.day().to_string();
                let day0 = format!("{:02}", d.day());
                let month0 = format!("{:02}", d.month());
                let short_year = format!("{:02}", d.year() % 100);
                (has(&year) || line.contains(&year) || has(&short_year))
                    && (has(&day) || has(&day0) || line.contains(&format!("{year} {month0} {day0}")))
                    && (words.iter().any(|w| w.len() >= 3 && month_name.starts_with(w))
                        || line.contains(&month0)
                        || has(&d.month().to_string()))
            })
        }
        "author" => {
            let first = value.split([',', '&']).next().unwrap_or(value);
            norm(first).split(' ').next_back().is_some_and(|surname| text.split(' ').any(|w| w == surname))
        }
        _ => {
            let found = norm(value.trim_end_matches('…'));
            text.replace(' ', "").contains(&found.replace(' ', ""))
        }
    }
}

/// The same headline: the words of the two overlap by at least 80% (token-set F1), so that a
/// truth with the site's name appended ("… | TheHill") still matches the headline alone.
fn same_text(a: &str, b: &str) -> bool {
    // Page metadata often appends the site's name ("… | The Example Blog", "… - Example"); the
    // headline alone is right too.
    let without_site = [" | ", " - ", " – ", " — "]
        .iter()
        .find_map(|sep| a.rfind(sep).map(|i| &a[..i]))
        .filter(|rest| rest.split_whitespace().count() >= 3);
    same_words(a, b) || without_site.is_some_and(|rest| same_words(rest, b))
}

fn same_words(a: &str, b: &str) -> bool {
    let (a, b) = (norm(&a.replace("&#", " ")), norm(b));
    let ta: std::collections::BTreeSet<&str> = a.split(' ').collect();
    let tb: std::collections::BTreeSet<&str> = b.split(' ').collect();
    let common = ta.intersection(&tb).count() as f64;
    let (p, r) = (common / tb.len().max(1) as f64, common / ta.len().max(1) as f64);
    p + r > 0.0 && 2.0 * p * r / (p + r) >= 0.8
}

fn same_author(truth: &str, found: &str) -> bool {
    // The first author's surname is printed in what was found.
    // "Ann Lee | Example Media", "Ann Lee. Example News": what follows the name is an affiliation.
    let first = truth.split([',', '&', '|']).next().unwrap_or(truth).split(" and ").next().unwrap_or(truth);
    // (not at an initial: "Ann B. Lee" is one name)
    let after_a_word = first.match_indices(". ").map(|(i, _)| i).find(|&i| {
        first[..i].rsplit(' ').next().is_some_and(|w| w.chars().count() > 2 && w.ends_with(char::is_lowercase))
    });
    let first = after_a_word.map_or(first, |i| &first[..i]);
    let surname = norm(first).split(' ').next_back().unwrap_or("").to_string();
    !surname.is_empty() && norm(found).split(' ').any(|w| w == surname)
}

fn same_outlet(truth: &str, found: &str) -> bool {
    // Both through the outlets list, so that "Associated Press" and "AP" are one outlet.
    static RULES: std::sync::LazyLock<ImportRules> = std::sync::LazyLock::new(ImportRules::bundled);
    let rules = &*RULES;
    // A truth given as an address ("nytimes.com") names the outlet its domain is known for.
    let canonical = |s: &str| {
        let label = s.trim_start_matches("www.").split('.').next().unwrap_or(s);
        rules
            .outlet(s)
            .or_else(|| s.contains('.').then(|| rules.outlet_for_label(label)).flatten())
            .unwrap_or(s)
            .to_string()
    };
    let (t, f) = (norm(&canonical(truth)).replace(' ', ""), norm(&canonical(found)).replace(' ', ""));
    !t.is_empty() && (t == f || t.contains(&f) || f.contains(&t))
}

/// The story's text as the benchmark counts it: the body's paragraphs and headings. Captions
/// are kept in the article, marked `[caption]`, but are not story text (nor in the benchmark's
/// true bodies).
fn story_text(article: &tidings::article::Article) -> String {
    article
        .blocks
        .iter()
        .filter(|b| b.kind != tidings::article::BlockKind::Caption)
        .map(|b| article.block_text(b))
        .collect::<Vec<_>>()
        .join("\n\n")
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
    let mut rules = ImportRules::bundled();
    // --blocks-model FILE measures another block scorer for whole-page captures.
    if let Some(path) = std::env::args().skip_while(|a| a != "--blocks-model").nth(1) {
        let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
        rules =
            rules.with_block_model(tidings::import::BlockModel::parse(&json).unwrap_or_else(|e| panic!("{path}: {e}")));
    }
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
        html_bodies.insert(id.clone(), serde_json::json!({ "articleBody": story_text(&from_html.article) }));

        // The silver truth for metadata: what the page itself states.
        let silver = page_meta(&dom_query::Document::from(page.as_str()));
        let silver_outlet = silver.publisher.clone();
        // A placeholder year ("0001-01-01") in the page's metadata is no date at all.
        let silver_date =
            silver.published.map(|p| p.date()).filter(|d| chrono::Datelike::year(d) >= 1900).map(|d| d.to_string());
        let silver_author = silver.authors.first().cloned();

        let capture_text =
            std::fs::read_to_string(bench.join("captures").join(format!("{id}.txt"))).unwrap_or_default();
        let from_capture = import_capture(&format!("{id}.txt"), &capture_text, &rules, &options);
        capture_bodies.insert(id.clone(), serde_json::json!({ "articleBody": story_text(&from_capture.article) }));

        if let Some(field) = &show {
            let m = &from_capture.article.meta;
            let (truth, found) = match field.as_str() {
                "headline" => (silver.title.clone(), m.title.value.clone()),
                "date" => (silver_date.clone(), m.published.value.map(|p| p.date().to_string())),
                "outlet" => (silver_outlet.clone().or_else(|| url.and_then(host_of)), m.source.value.clone()),
                _ => (silver_author.clone(), m.author.value.clone()),
            };
            let same: fn(&str, &str) -> bool = match field.as_str() {
                "headline" => same_text,
                "date" => same_day_within_one,
                "outlet" => same_outlet,
                _ => same_author,
            };
            let verdict = match (&truth, &found) {
                (Some(t), Some(f)) if same(t, f) => "ok",
                (Some(_), Some(_)) => "WRONG",
                (Some(_), None) => "MISSED",
                (None, Some(_)) => "extra",
                (None, None) => "ok",
            };
            println!("{verdict:6} {} | truth {truth:?} | found {found:?}", &id[..8]);
        }
        for (scores, imported, source) in
            [(&mut html_meta, &from_html, page.as_str()), (&mut capture_meta, &from_capture, capture_text.as_str())]
        {
            let m = &imported.article.meta;
            let printed = |value: Option<&str>, field: &str| {
                let printed = value.is_some_and(|v| printed_in(source, v, field));
                if let (false, Some(v)) = (printed, value) {
                    // Listed so that a reader of the figures can check each one.
                    eprintln!("not printed in {}: {field} {v:?}", &id[..8]);
                }
                printed
            };
            // An inferred title is still the importer's answer for the headline.
            let title = m.title.value.as_deref();
            scores.title.add(silver.title.as_deref(), title, same_text, printed(title, "title"));
            let date = m.published.value.map(|p| p.date().to_string());
            let date_printed = printed(date.as_deref(), "date");
            scores.date.add(silver_date.as_deref(), date.as_deref(), same_day_within_one, date_printed);
            scores.date_strict.add(silver_date.as_deref(), date.as_deref(), |a, b| a == b, date_printed);
            // The host of the page's address stands in for an outlet the page does not name.
            let outlet_truth = silver_outlet.clone().or_else(|| url.and_then(host_of));
            let outlet = m.source.value.as_deref();
            scores.outlet.add(outlet_truth.as_deref(), outlet, same_outlet, printed(outlet, "outlet"));
            let author = m.author.value.as_deref();
            scores.author.add(silver_author.as_deref(), author, same_author, printed(author, "author"));
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
    println!("Metadata against the page's own JSON-LD/meta (silver truth): accuracy (correct/with truth),");
    println!("invented (given where the metadata has none and not printed in the page)");
    println!("(dates match within a day: pages print local dates, metadata often gives UTC)");
    for (name, scores) in [("HTML", &html_meta), ("text captures", &capture_meta)] {
        println!("  {name}");
        println!("    headline  {}", scores.title.show());
        let strict = &scores.date_strict;
        println!("    date      {} [same day exactly: {}/{}]", scores.date.show(), strict.correct, strict.truth);
        println!("    outlet    {}", scores.outlet.show());
        println!("    author    {}", scores.author.show());
    }
}
