//! Trains the entity model on the Groningen Meaning Bank (GMB 2.2.0, Kaggle's named-entity
//! extract: `../shared/corpora/ner/gmb/ner_dataset.csv.zip`; Bos et al., "The Groningen Meaning
//! Bank", Handbook of Linguistic Annotation, 2017) and prints span precision, recall and F1.
//!
//!     cargo run --release --example train_ner                 train on the first 80 % of the
//!                                                             sentences, measure on the next 10 %
//!     cargo run --release --example train_ner -- --write      train on the first 90 % and write
//!                                                             models/ner.bin (what ships)
//!     options: --epochs N (default 3: more over-fit the tuning part), --corpus PATH,
//!              --silver FILE (default models/silver-ner.jsonl.gz), --no-silver (GMB alone),
//!              --out FILE (write the model there; with --write the default is models/ner.bin),
//!              --gmb-titles (keep GMB's titles inside people's names: "President Lee")
//!
//! Silver data: paragraphs of other news (the BBC corpus and the extraction benchmark's
//! bodies, the annotated articles left out) tagged by spaCy's small English model
//! (`tools/spacy_reference.py --silver`), added to GMB's sentences so that the model meets
//! companies, clubs and everyday names beyond VOA's politics.
//!
//! The last 10 % of the sentences are never trained on: `examples/eval_entities.rs` reports on
//! them. Same data, epochs and seed give the same model, byte for byte.

use std::collections::HashMap;

use tidings::extract::ner::{NerKind, NerModel, NerSpan, Trainer, TrainingSentence, begin_label};

#[path = "common/gmb.rs"]
mod gmb;
#[path = "common/silver.rs"]
mod silver;

#[derive(Default)]
struct Counts {
    found: usize,
    correct: usize,
    expected: usize,
}

fn f1(c: &Counts) -> (f64, f64, f64) {
    let p = c.correct as f64 / c.found.max(1) as f64;
    let r = c.correct as f64 / c.expected.max(1) as f64;
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

fn measure(model: &NerModel, sentences: &[TrainingSentence]) {
    let reported = [NerKind::Person, NerKind::Place, NerKind::Organization];
    let mut by_kind: HashMap<&'static str, Counts> = HashMap::new();
    let name = |k: NerKind| match k {
        NerKind::Person => "person",
        NerKind::Place => "place",
        NerKind::Organization => "organization",
        _ => "other",
    };
    for s in sentences {
        let gold: Vec<NerSpan> = s.names().into_iter().filter(|n| reported.contains(&n.kind)).collect();
        let found: Vec<NerSpan> =
            model.find(&s.text, &s.tokens).into_iter().filter(|n| reported.contains(&n.kind)).collect();
        for g in &gold {
            by_kind.entry(name(g.kind)).or_default().expected += 1;
        }
        for f in &found {
            let c = by_kind.entry(name(f.kind)).or_default();
            c.found += 1;
            c.correct += usize::from(gold.contains(f));
        }
    }
    let mut all = Counts::default();
    for kind in ["person", "place", "organization"] {
        let c = by_kind.remove(kind).unwrap_or_default();
        let (p, r, f) = f1(&c);
        println!("  {kind:<13} P {p:.3} R {r:.3} F1 {f:.3}  ({} found, {} expected)", c.found, c.expected);
        all.found += c.found;
        all.correct += c.correct;
        all.expected += c.expected;
    }
    let (p, r, f) = f1(&all);
    println!("  {:<13} P {p:.3} R {r:.3} F1 {f:.3}", "all three");
}

/// GMB counts titles inside people's names ("President Lee"); the analysis and the silver data
/// do not. Leading one-word titles (and their full stops) become outside.
fn take_titles_out(s: &mut TrainingSentence, lexicon: &tidings::extract::Lexicon) {
    let person = begin_label(NerKind::Person);
    for name in s.names().into_iter().filter(|n| n.kind == NerKind::Person) {
        let mut first = name.tokens.start;
        while first + 1 < name.tokens.end {
            let word = tidings::text::fold(s.tokens[first].text(&s.text));
            let titled = lexicon.titles.get(&word).is_some_and(|p| p.iter().any(|t| t.len() == 1));
            if !(titled || word == ".") {
                break;
            }
            s.labels[first] = 0;
            first += 1;
        }
        s.labels[first] = person;
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let epochs: usize = value("--epochs").map_or(3, |v| v.parse().expect("--epochs N"));
    let corpus = value("--corpus").unwrap_or_else(|| gmb::CORPUS.to_string());
    let write = args.iter().any(|a| a == "--write");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let silver_path = if args.iter().any(|a| a == "--no-silver") {
        None
    } else {
        Some(value("--silver").unwrap_or_else(|| root.join(silver::SILVER).to_string_lossy().into_owned()))
    };
    let out = value("--out").map(std::path::PathBuf::from);
    let sentences = gmb::read_corpus(&corpus);
    let n = sentences.len();
    let (train_part, tune_part, _) = gmb::parts(n);
    let (train_end, dev_end) = (train_part.end, tune_part.end);
    let mut train: Vec<TrainingSentence> =
        if write { sentences[..dev_end].to_vec() } else { sentences[..train_end].to_vec() };
    // The analysis takes titles off people's names; the model learns names without them.
    let titles_out = !args.iter().any(|a| a == "--gmb-titles");
    let lexicon = tidings::extract::Lexicon::bundled();
    if titles_out {
        train.iter_mut().for_each(|s| take_titles_out(s, &lexicon));
    }
    let gmb_count = train.len();
    if let Some(path) = &silver_path {
        let (paragraphs, lost) = silver::read_silver(path, &root.join("../shared/corpora"));
        if lost > 0 {
            println!("{lost} silver paragraphs are not in the corpora as they were tagged: left out");
        }
        train.extend(paragraphs);
    }
    println!(
        "{n} GMB sentences; training on {gmb_count} of them and {} silver paragraphs ({epochs} epochs); name tokens inside candidate stretches: {:.3}",
        train.len() - gmb_count,
        Trainer::coverage(&train)
    );
    let started = std::time::Instant::now();
    let model = Trainer::new().train(&train, epochs, 0x7d1d_1265);
    println!("trained in {:.1} s; {} features kept", started.elapsed().as_secs_f64(), model.feature_count());
    let target = match (&out, write) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => Some(root.join("models/ner.bin")),
        (None, false) => None,
    };
    if let Some(path) = target {
        let bytes = model.to_bytes();
        let tmp = path.with_extension("bin.tmp");
        std::fs::write(&tmp, &bytes).expect("write the model");
        std::fs::rename(&tmp, &path).expect("move the model into place");
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    if !write {
        println!("GMB sentences {train_end}..{dev_end} (the tuning part):");
        let mut tuning = sentences[train_end..dev_end].to_vec();
        if titles_out {
            // Measured in the convention trained on.
            tuning.iter_mut().for_each(|s| take_titles_out(s, &lexicon));
        }
        measure(&model, &tuning);
    }
}
