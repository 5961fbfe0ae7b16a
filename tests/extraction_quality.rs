//! Precision and recall of the extractor against hand-written annotations of the five bundled
//! articles (tests/fixtures/annotations.toml). Run with `--nocapture` to see the table.

use std::collections::HashSet;

use serde::Deserialize;
use tidings::Library;
use tidings::analysis::analyze_library;
use tidings::extract::{Analyzer, name_key};

#[derive(Deserialize)]
struct Fixtures {
    article: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    seed: String,
    entities: Vec<String>,
    figures: Vec<String>,
    dates: Vec<String>,
}

#[derive(Default, Debug)]
struct Score {
    found: usize,
    correct: usize,
    expected: usize,
    recalled: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.found == 0 { 1.0 } else { self.correct as f64 / self.found as f64 }
    }
    fn recall(&self) -> f64 {
        if self.expected == 0 { 1.0 } else { self.recalled as f64 / self.expected as f64 }
    }
}

/// Mentions matched in order, each expected text used once: either text contains the other.
fn score_texts(found: &[String], expected: &[String], score: &mut Score, misses: &mut Vec<String>) {
    let mut used = vec![false; expected.len()];
    score.found += found.len();
    score.expected += expected.len();
    for f in found {
        let hit = expected
            .iter()
            .enumerate()
            .position(|(i, e)| !used[i] && (f.contains(e.as_str()) || e.contains(f.as_str())));
        match hit {
            Some(i) => {
                used[i] = true;
                score.correct += 1;
                score.recalled += 1;
            }
            None => misses.push(format!("extra {f:?}")),
        }
    }
    for (i, e) in expected.iter().enumerate() {
        if !used[i] {
            misses.push(format!("missed {e:?}"));
        }
    }
}

#[test]
fn precision_and_recall_on_the_five_articles() {
    let fixtures: Fixtures = toml::from_str(include_str!("fixtures/annotations.toml")).unwrap();
    let library = Library::bundled();
    let analysis = analyze_library(&library.articles, &Analyzer::bundled());
    let (mut entities, mut figures, mut dates) = (Score::default(), Score::default(), Score::default());
    let mut report = String::new();
    for expected in &fixtures.article {
        let index = library
            .articles
            .iter()
            .position(|a| a.meta.imported_from.as_deref() == Some(expected.seed.as_str()))
            .unwrap();
        let (article, found) = (&library.articles[index], &analysis.articles[index]);
        let mut misses = Vec::new();

        // Entities: distinct canonical entities of the article, by kind and name.
        let wanted: Vec<(String, Vec<String>)> = expected
            .entities
            .iter()
            .map(|line| {
                let mut parts = line.split('|');
                let kind = parts.next().unwrap().to_string();
                (kind, parts.map(name_key).collect())
            })
            .collect();
        let distinct: HashSet<(String, String)> =
            found.entities.iter().map(|e| (e.kind.name().to_string(), name_key(&e.canonical))).collect();
        entities.found += distinct.len();
        entities.expected += wanted.len();
        for (kind, key) in &distinct {
            if wanted.iter().any(|(k, names)| k == kind && names.contains(key)) {
                entities.correct += 1;
            } else {
                misses.push(format!("extra {kind} {key}"));
            }
        }
        for (kind, names) in &wanted {
            if distinct.iter().any(|(k, key)| k == kind && names.contains(key)) {
                entities.recalled += 1;
            } else {
                misses.push(format!("missed {kind} {}", names[0]));
            }
        }
        let texts = |spans: Vec<std::ops::Range<usize>>| {
            spans.into_iter().map(|s| article.body[s].to_string()).collect::<Vec<_>>()
        };
        score_texts(
            &texts(found.figures.iter().map(|f| f.span.clone()).collect()),
            &expected.figures,
            &mut figures,
            &mut misses,
        );
        score_texts(
            &texts(found.dates.iter().map(|d| d.span.clone()).collect()),
            &expected.dates,
            &mut dates,
            &mut misses,
        );
        report.push_str(&format!("{}: {}\n", expected.seed, misses.join("; ")));
    }
    println!("{report}");
    println!("category   precision  recall   (found/correct, expected/recalled)");
    for (name, s) in [("entities", &entities), ("figures", &figures), ("dates", &dates)] {
        println!(
            "{name:<10} {:>9.3} {:>7.3}   ({}/{}, {}/{})",
            s.precision(),
            s.recall(),
            s.found,
            s.correct,
            s.expected,
            s.recalled
        );
    }
    for (name, s) in [("entities", &entities), ("figures", &figures), ("dates", &dates)] {
        assert!(s.precision() >= 0.9, "{name} precision {:.3} < 0.9\n{report}", s.precision());
        assert!(s.recall() >= 0.9, "{name} recall {:.3} < 0.9\n{report}", s.recall());
    }
}
