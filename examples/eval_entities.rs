//! The analysis' evaluation harness: entities (by kind), figures and dates against
//! hand-written annotations, and people / places / organisations on GMB's held-out tenth.
//!
//!     cargo run --release --example eval_entities [-- --show]
//!
//! Three ways of finding entities are measured side by side (`EntityPolicy`): the rules alone,
//! the trained model alone for people, places and organisations, and the two combined (what
//! ships). Data:
//! - the five bundled articles (`tests/fixtures/annotations.toml`): what the rules were
//!   written against;
//! - varied news (`tests/fixtures/annotations_varied.toml`): BBC articles from
//!   `../shared/corpora/bbc/`, annotated by hand; a dev part whose misses were looked at while
//!   choosing how model and rules combine, and a test part only ever reported (`--show` does
//!   not print its misses);
//! - GMB's last 10 % of sentences (never trained or tuned on): exact spans of people, places
//!   and organisations. GMB counts titles in names ("President Lee") and this analysis does
//!   not, so leading titles are taken off GMB's person names before comparing; GMB's
//!   nationalities, dates and other kinds are not scored. The model alone (its own output, GMB's
//!   convention) is the first row.
//!
//! `--show` prints each article's misses and extras.

use std::path::Path;

use tidings::Library;
use tidings::evaluation::{Annotations, Score, Scores, score_article};
use tidings::extract::ner::{NerKind, NerModel};
use tidings::extract::{Analyzer, EntityKind, EntityPolicy, Lexicon};
use tidings::{ImportOptions, ImportRules, import_capture};

#[path = "common/gmb.rs"]
mod gmb;

const POLICIES: [(EntityPolicy, &str); 3] = [
    (EntityPolicy::RulesOnly, "rules only"),
    (EntityPolicy::ModelOnly, "model only"),
    (EntityPolicy::Combined, "combined (ships)"),
];

fn annotated(name: &str, fixtures: &str, part: Option<&str>, show: bool) {
    let mut annotations: Annotations = toml::from_str(fixtures).expect("valid annotations");
    annotations.article.retain(|a| a.part.as_deref() == part);
    let bundled = Library::bundled();
    let rules = ImportRules::bundled();
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut articles = Vec::new();
    for a in &annotations.article {
        if let Some(seed) = &a.seed {
            let found = bundled.articles.iter().find(|b| b.meta.imported_from.as_deref() == Some(seed.as_str()));
            articles.push(found.expect("a bundled seed").clone());
        } else if let Some(source) = &a.source {
            let path = corpora.join(source);
            let Ok(bytes) = std::fs::read(&path) else {
                println!("{name}: SKIPPED, {} not found", path.display());
                return;
            };
            let text = String::from_utf8_lossy(&bytes);
            articles.push(import_capture(source, &text, &rules, &ImportOptions::default()).article);
        }
    }
    println!("\n== {name}: {} articles ==", articles.len());
    for (policy, label) in POLICIES {
        let analyzer = Analyzer::bundled().with_policy(policy);
        let analysis = tidings::analysis::analyze_library(&articles, &analyzer);
        let mut total = Scores::default();
        let mut report = String::new();
        for ((article, found), expected) in articles.iter().zip(&analysis.articles).zip(&annotations.article) {
            let mut misses = Vec::new();
            total.add(&score_article(&article.body, found, expected, &mut misses));
            let id = expected.seed.as_deref().or(expected.source.as_deref()).unwrap_or("?");
            report.push_str(&format!("  {id}: {}\n", misses.join("; ")));
        }
        println!("-- {label}\n{}", total.table());
        // Misses of the test part are not printed: nobody tunes on them.
        if show && policy == EntityPolicy::Combined && part != Some("test") {
            println!("{report}");
        }
    }
}

fn gmb_heldout() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join(gmb::CORPUS);
    if !corpus.is_file() {
        println!("\nGMB: SKIPPED, {} not found", corpus.display());
        return;
    }
    let sentences = gmb::read_corpus(&corpus.to_string_lossy());
    let (_, _, heldout) = gmb::parts(sentences.len());
    let heldout = &sentences[heldout];
    println!("\n== GMB held-out: {} sentences (exact spans) ==", heldout.len());
    let kinds = [
        (NerKind::Person, EntityKind::Person),
        (NerKind::Place, EntityKind::Place),
        (NerKind::Organization, EntityKind::Organization),
    ];
    let row = |label: &str, scores: &[Score; 3]| {
        let mut all = Score::default();
        let mut line = format!("  {label:<18}");
        for (s, (_, kind)) in scores.iter().zip(kinds) {
            all.add(s);
            line.push_str(&format!(" {} {:.3}", kind.name(), s.f1()));
        }
        println!("{line}   all P {:.3} R {:.3} F1 {:.3}", all.precision(), all.recall(), all.f1());
    };
    // The model alone, on GMB's own convention.
    let model = NerModel::bundled();
    let mut scores = [Score::default(); 3];
    for s in heldout {
        let gold = s.names();
        let found = model.find(&s.text, &s.tokens);
        for (k, (ner, _)) in kinds.iter().enumerate() {
            let g: Vec<_> = gold.iter().filter(|n| n.kind == *ner).collect();
            let f: Vec<_> = found.iter().filter(|n| n.kind == *ner).collect();
            scores[k].expected += g.len();
            scores[k].found += f.len();
            let hits = f.iter().filter(|x| g.contains(x)).count();
            scores[k].correct += hits;
            scores[k].recalled += hits;
        }
    }
    row("model (raw)", &scores);
    let lexicon = Lexicon::bundled();
    for (policy, label) in POLICIES {
        let analyzer = Analyzer::bundled().with_policy(policy);
        let mut scores = [Score::default(); 3];
        for s in heldout {
            let gold: Vec<(std::ops::Range<usize>, EntityKind)> = s
                .names()
                .into_iter()
                .filter_map(|n| {
                    let kind = kinds.iter().find(|(k, _)| *k == n.kind)?.1;
                    let mut first = n.tokens.start;
                    if kind == EntityKind::Person {
                        // "President Lee", "Mr. Lee": the title is not part of the name here.
                        while first + 1 < n.tokens.end {
                            let word = tidings::text::fold(s.tokens[first].text(&s.text));
                            let titled = lexicon.titles.get(&word).is_some_and(|p| p.iter().any(|t| t.len() == 1));
                            if titled || word == "." {
                                first += 1;
                            } else {
                                break;
                            }
                        }
                    }
                    Some((s.tokens[first].start..s.tokens[n.tokens.end - 1].end, kind))
                })
                .collect();
            let found = analyzer.entities_in(&s.text);
            for (k, (_, kind)) in kinds.iter().enumerate() {
                let g: Vec<_> = gold.iter().filter(|n| n.1 == *kind).map(|n| n.0.clone()).collect();
                let f: Vec<_> = found.iter().filter(|e| e.kind == *kind).map(|e| e.span.clone()).collect();
                scores[k].expected += g.len();
                scores[k].found += f.len();
                let hits = f.iter().filter(|x| g.contains(x)).count();
                scores[k].correct += hits;
                scores[k].recalled += hits;
            }
        }
        row(label, &scores);
    }
}

fn main() {
    let show = std::env::args().any(|a| a == "--show");
    annotated("the five bundled articles", include_str!("../tests/fixtures/annotations.toml"), None, show);
    let varied = include_str!("../tests/fixtures/annotations_varied.toml");
    annotated("varied news, dev part (BBC; looked at)", varied, Some("dev"), show);
    annotated("varied news, test part (BBC; only reported)", varied, Some("test"), show);
    gmb_heldout();
}
