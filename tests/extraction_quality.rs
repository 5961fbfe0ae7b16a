//! Precision and recall of the analysis against hand-written annotations of the five bundled
//! articles (tests/fixtures/annotations.toml). Run with `--nocapture` to see the table;
//! `cargo run --release --example eval_entities` adds news the analysis was not written for.

use tidings::Library;
use tidings::analysis::analyze_library;
use tidings::evaluation::{Annotations, Scores, score_article};
use tidings::extract::Analyzer;

#[test]
fn precision_and_recall_on_the_five_articles() {
    let fixtures: Annotations = toml::from_str(include_str!("fixtures/annotations.toml")).unwrap();
    let library = Library::bundled();
    let analysis = analyze_library(&library.articles, &Analyzer::bundled());
    let mut total = Scores::default();
    let mut report = String::new();
    for expected in &fixtures.article {
        let index =
            library.articles.iter().position(|a| a.meta.imported_from.as_deref() == expected.seed.as_deref()).unwrap();
        let mut misses = Vec::new();
        let scores = score_article(&library.articles[index].body, &analysis.articles[index], expected, &mut misses);
        total.add(&scores);
        report.push_str(&format!("{}: {}\n", expected.seed.as_deref().unwrap_or("?"), misses.join("; ")));
    }
    println!("{report}\n{}", total.table());
    for (name, s) in [("entities", &total.entities), ("figures", &total.figures), ("dates", &total.dates)] {
        assert!(s.precision() >= 0.9, "{name} precision {:.3} < 0.9\n{report}", s.precision());
        assert!(s.recall() >= 0.9, "{name} recall {:.3} < 0.9\n{report}", s.recall());
    }
}
