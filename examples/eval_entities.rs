//! The analysis' evaluation harness: entities (by kind), figures and dates against
//! hand-written annotations, and people / places / organisations on GMB's held-out tenth.
//!
//!     cargo run --release --example eval_entities [-- --show] [--model FILE]
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
//!   not, so leading titles, of one word or more ("Prime Minister Lee"), are taken off GMB's
//!   person names before comparing (the model is trained with one-word titles taken off);
//!   GMB's nationalities and geo-political entities ("gpe"), dates and other kinds are not
//!   scored: a name found on exactly such a span is neither right nor wrong (GMB calls
//!   "Nepal" a gpe 131 times and a place once, "Iraq" a place 1,666 times and a gpe 6; the
//!   analysis calls both places). The
//!   model's own output, before any rule, is the first row.
//!
//! `--show` prints each article's misses and extras.
//!
//! A reference tagger from outside the project (spaCy's small English model, by
//! `tools/spacy_reference.py`) is scored by the same scorer:
//!
//!     cargo run --release --example eval_entities -- --dump target/reference-texts
//!     python3 tools/spacy_reference.py target/reference-texts
//!     cargo run --release --example eval_entities -- --reference target/reference-texts
//!
//! `--dump DIR` writes the texts scored here (one JSON line each: `id`, `text`); the script
//! writes `DIR/<set>.entities.jsonl` (`id`, `entities`: `[start byte, end byte, kind]`), which
//! `--reference DIR` reads and scores as one more row.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tidings::Library;
use tidings::evaluation::{Annotations, Score, Scores, score_article};
use tidings::extract::ner::{NerKind, NerModel};
use tidings::extract::{Analyzer, ArticleAnalysis, EntityKind, EntityMention, EntityPolicy, Lexicon, name_key};
use tidings::{ImportOptions, ImportRules, import_capture};

#[path = "common/gmb.rs"]
mod gmb;

const POLICIES: [(EntityPolicy, &str); 3] = [
    (EntityPolicy::RulesOnly, "rules only"),
    (EntityPolicy::ModelOnly, "model only"),
    (EntityPolicy::Combined, "combined (ships)"),
];

#[derive(Default)]
struct Options {
    show: bool,
    /// Write the scored texts here for a reference tagger.
    dump: Option<PathBuf>,
    /// Score the reference tagger's output found here.
    reference: Option<PathBuf>,
    /// Score GMB's tuning tenth instead of the held-out one (for choices; `--show` lists misses).
    gmb_tuning: bool,
    /// Measure this model file instead of the bundled `models/ner.bin`.
    model: Option<&'static NerModel>,
}

impl Options {
    fn analyzer(&self, policy: EntityPolicy) -> Analyzer {
        let analyzer = Analyzer::bundled().with_policy(policy);
        match self.model {
            Some(model) => analyzer.with_model(model),
            None => analyzer,
        }
    }
}

const REFERENCE: &str = "spaCy en_core_web_sm 3.8 (reference)";

/// One JSON line per text: what `tools/spacy_reference.py` reads.
fn dump_texts(dir: &Path, set: &str, texts: impl Iterator<Item = (String, String)>) {
    std::fs::create_dir_all(dir).expect("create the dump folder");
    let lines: Vec<String> =
        texts.map(|(id, text)| serde_json::json!({ "id": id, "text": text }).to_string()).collect();
    let path = dir.join(format!("{set}.jsonl"));
    std::fs::write(&path, lines.join("\n") + "\n").expect("write the texts");
    println!("{set}: {} texts written to {}", lines.len(), path.display());
}

/// The reference tagger's names per text id: byte spans and kinds (unknown kinds left out).
/// Names as byte spans with their kinds.
type Names = Vec<(std::ops::Range<usize>, EntityKind)>;

fn reference_entities(dir: &Path, set: &str) -> Option<HashMap<String, Names>> {
    let path = dir.join(format!("{set}.entities.jsonl"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("{REFERENCE}: SKIPPED, {} not found (run tools/spacy_reference.py)", path.display());
        return None;
    };
    let mut out = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let names = v["entities"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let start = e[0].as_u64()? as usize;
                let end = e[1].as_u64()? as usize;
                Some((start..end, EntityKind::from_name(e[2].as_str()?)?))
            })
            .collect();
        out.insert(id, names);
    }
    Some(out)
}

/// The reference's names as an analysis, for the same scorer (no figures or dates).
fn reference_analysis(body: &str, names: &[(std::ops::Range<usize>, EntityKind)]) -> ArticleAnalysis {
    let entities = names
        .iter()
        .filter(|(span, _)| body.get(span.clone()).is_some())
        .map(|(span, kind)| {
            let text = &body[span.clone()];
            EntityMention {
                span: span.clone(),
                kind: *kind,
                key: Arc::from(format!("{}:{}", kind.name(), name_key(text))),
                canonical: Arc::from(text),
            }
        })
        .collect();
    ArticleAnalysis { entities, ..ArticleAnalysis::default() }
}

/// A benchmark page (`article-extraction-benchmark/html/<id>.html.gz`) through the HTML
/// importer, with the page's address from the benchmark's ground truth.
fn import_benchmark_page(corpora: &Path, source: &str, gz: &[u8], rules: &ImportRules) -> tidings::Article {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(gz).read_to_end(&mut bytes).expect("a gzipped page");
    let page = tidings::import::decode_page(&bytes);
    let id = source.rsplit('/').next().unwrap_or_default().trim_end_matches(".html.gz");
    let truth =
        std::fs::read(corpora.join("article-extraction-benchmark/ground-truth.json")).expect("the ground truth");
    let truth: serde_json::Value = serde_json::from_slice(&truth).expect("JSON");
    let url = truth[id]["url"].as_str();
    tidings::import::import_html(&format!("{id}.html"), &page, url, rules, &ImportOptions::default()).article
}

fn annotated(name: &str, set: &str, fixtures: &str, part: Option<&str>, options: &Options) {
    let show = options.show;
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
            if source.ends_with(".html.gz") {
                // A page of the extraction benchmark, imported as a user would import it (its
                // date, from the page, resolves the relative dates).
                articles.push(import_benchmark_page(&corpora, source, &bytes, &rules));
                continue;
            }
            let text = String::from_utf8_lossy(&bytes);
            articles.push(import_capture(source, &text, &rules, &ImportOptions::default()).article);
        }
    }
    println!("\n== {name}: {} articles ==", articles.len());
    let ids: Vec<String> = annotations
        .article
        .iter()
        .map(|a| a.seed.as_deref().or(a.source.as_deref()).unwrap_or("?").to_string())
        .collect();
    if let Some(dir) = &options.dump {
        dump_texts(dir, set, ids.iter().cloned().zip(articles.iter().map(|a| a.body.clone())));
    }
    for (policy, label) in POLICIES {
        let analyzer = options.analyzer(policy);
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
        if show && policy == EntityPolicy::Combined && !part.is_some_and(|p| p.starts_with("test")) {
            println!("{report}");
        }
    }
    if let Some(found) = options.reference.as_deref().and_then(|dir| reference_entities(dir, set)) {
        let mut total = Scores::default();
        for ((article, id), expected) in articles.iter().zip(&ids).zip(&annotations.article) {
            let analysis = reference_analysis(&article.body, found.get(id).map_or(&[][..], Vec::as_slice));
            total.add(&score_article(&article.body, &analysis, expected, &mut Vec::new()));
        }
        // Only the entity rows: the reference finds no figures or dates of this kind.
        let table = total.table();
        let table: Vec<&str> = table.lines().filter(|l| !l.starts_with("figures") && !l.starts_with("dates")).collect();
        println!("-- {REFERENCE}\n{}\n", table.join("\n"));
    }
}

fn gmb_heldout(options: &Options) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join(gmb::CORPUS);
    if !corpus.is_file() {
        println!("\nGMB: SKIPPED, {} not found", corpus.display());
        return;
    }
    let sentences = gmb::read_corpus(&corpus.to_string_lossy());
    let (_, tuning, heldout) = gmb::parts(sentences.len());
    // `--gmb-tuning`: the tenth that model and policy choices are made on, with its misses.
    let (heldout, name) = if options.gmb_tuning {
        (&sentences[tuning], "GMB tuning part")
    } else {
        (&sentences[heldout], "GMB held-out")
    };
    println!("\n== {name}: {} sentences (exact spans) ==", heldout.len());
    if let Some(dir) = &options.dump {
        dump_texts(dir, "gmb", heldout.iter().enumerate().map(|(i, s)| (i.to_string(), s.text.clone())));
    }
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
    let lexicon = Lexicon::bundled();
    let golds: Vec<Vec<(std::ops::Range<usize>, EntityKind)>> = heldout
        .iter()
        .map(|s| {
            s.names()
                .into_iter()
                .filter_map(|n| {
                    let kind = kinds.iter().find(|(k, _)| *k == n.kind)?.1;
                    let mut first = n.tokens.start;
                    if kind == EntityKind::Person {
                        // "President Lee", "Prime Minister Lee": the title is not part of the name here.
                        first += leading_title(s, first, n.tokens.end, &lexicon);
                    }
                    Some((s.tokens[first].start..s.tokens[n.tokens.end - 1].end, kind))
                })
                .collect()
        })
        .collect();
    // GMB's own kinds that are not scored: its geo-political entities ("gpe": "Afghan", but
    // also "Nepal" 131 times against once as a place, where "Iraq" is a place 1,666 times and a
    // gpe 6), events, artefacts and natural phenomena. A name found on exactly such a span is
    // neither right nor wrong here; any other span that is not in the gold counts as an extra.
    let unscored: Vec<Vec<std::ops::Range<usize>>> = heldout
        .iter()
        .map(|s| {
            s.names()
                .into_iter()
                .filter(|n| !kinds.iter().any(|(k, _)| *k == n.kind))
                .map(|n| s.tokens[n.tokens.start].start..s.tokens[n.tokens.end - 1].end)
                .collect()
        })
        .collect();
    let score_spans_with = |found_of: &dyn Fn(usize) -> Vec<(std::ops::Range<usize>, EntityKind)>,
                            skip_unscored: bool| {
        let mut scores = [Score::default(); 3];
        for (i, gold) in golds.iter().enumerate() {
            let mut found = found_of(i);
            if skip_unscored {
                found.retain(|(span, _)| !unscored[i].contains(span));
            }
            for (k, (_, kind)) in kinds.iter().enumerate() {
                let g: Vec<_> = gold.iter().filter(|n| n.1 == *kind).map(|n| n.0.clone()).collect();
                let f: Vec<_> = found.iter().filter(|n| n.1 == *kind).map(|n| n.0.clone()).collect();
                scores[k].expected += g.len();
                scores[k].found += f.len();
                let hits = f.iter().filter(|x| g.contains(x)).count();
                scores[k].correct += hits;
                scores[k].recalled += hits;
            }
        }
        scores
    };
    let score_spans =
        |found_of: &dyn Fn(usize) -> Vec<(std::ops::Range<usize>, EntityKind)>| score_spans_with(found_of, true);
    // The model's own output, before any rule: it is trained with titles outside names too.
    let model = options.model.unwrap_or_else(NerModel::bundled);
    let scores = score_spans(&|i| {
        let s = &heldout[i];
        model
            .find(&s.text, &s.tokens)
            .into_iter()
            .filter_map(|n| {
                let kind = kinds.iter().find(|(k, _)| *k == n.kind)?.1;
                Some((s.tokens[n.tokens.start].start..s.tokens[n.tokens.end - 1].end, kind))
            })
            .collect()
    });
    row("model (raw)", &scores);
    for (policy, label) in POLICIES {
        let analyzer = options.analyzer(policy);
        let scores =
            score_spans(&|i| analyzer.entities_in(&heldout[i].text).into_iter().map(|e| (e.span, e.kind)).collect());
        row(label, &scores);
        if policy == EntityPolicy::Combined {
            let found =
                |i: usize| analyzer.entities_in(&heldout[i].text).into_iter().map(|e| (e.span, e.kind)).collect();
            row("combined, gpe=err", &score_spans_with(&found, false));
            println!(
                "  (the row above scores as before 2026-12-07: a name found on a GMB gpe span counts as an extra)"
            );
        }
        if options.show && options.gmb_tuning && policy == EntityPolicy::Combined {
            for (s, gold) in heldout.iter().zip(&golds).take(1500) {
                let found: Vec<_> = analyzer.entities_in(&s.text).into_iter().map(|e| (e.span, e.kind)).collect();
                let text =
                    |n: &(std::ops::Range<usize>, EntityKind)| format!("{}:{}", n.1.name(), &s.text[n.0.clone()]);
                let extra: Vec<String> = found.iter().filter(|f| !gold.contains(f)).map(text).collect();
                let missed: Vec<String> = gold.iter().filter(|g| !found.contains(g)).map(text).collect();
                if !extra.is_empty() || !missed.is_empty() {
                    println!("  extra {extra:?} missed {missed:?}");
                }
            }
        }
    }
    if let Some(found) = options.reference.as_deref().and_then(|dir| reference_entities(dir, "gmb")) {
        let scores = score_spans(&|i| found.get(&i.to_string()).cloned().unwrap_or_default());
        row("spaCy sm (ref.)", &scores);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let options = Options {
        show: args.iter().any(|a| a == "--show"),
        dump: value("--dump"),
        gmb_tuning: args.iter().any(|a| a == "--gmb-tuning"),
        reference: value("--reference"),
        model: value("--model").map(|path| {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let model = NerModel::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            &*Box::leak(Box::new(model))
        }),
    };
    let five = include_str!("../tests/fixtures/annotations.toml");
    annotated("the five bundled articles", "five", five, None, &options);
    let varied = include_str!("../tests/fixtures/annotations_varied.toml");
    annotated("varied news, dev part (BBC; looked at)", "dev", varied, Some("dev"), &options);
    annotated("varied news, test part (BBC; only reported)", "test", varied, Some("test"), &options);
    annotated("varied web news, test part (10 outlets; only reported)", "web", varied, Some("test-web"), &options);
    gmb_heldout(&options);
}

/// How many tokens of a GMB person's name from `first` on are a leading title: the longest of
/// the lexicon's titles that starts there ("Prime Minister", "President"), full stops after
/// one ("Mr ."), over and over, always leaving the last token of the name (`end` is the name's
/// end). GMB counts titles in people's names; the analysis does not.
fn leading_title(
    s: &tidings::extract::ner::TrainingSentence,
    first: usize,
    end: usize,
    lexicon: &tidings::extract::Lexicon,
) -> usize {
    let word = |i: usize| tidings::text::fold(s.tokens[i].text(&s.text));
    let mut at = first;
    while at + 1 < end {
        let w = word(at);
        if w == "." {
            at += 1;
            continue;
        }
        // The lexicon lists each first word's titles longest first.
        let title = lexicon.titles.get(&w).and_then(|phrases| {
            phrases.iter().find(|p| at + p.len() < end && p.iter().enumerate().all(|(k, t)| word(at + k) == *t))
        });
        match title {
            Some(p) => at += p.len(),
            None => break,
        }
    }
    at - first
}
