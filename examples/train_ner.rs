//! Trains the entity model on the Groningen Meaning Bank (GMB 2.2.0, Kaggle's named-entity
//! extract: `../shared/corpora/ner/gmb/ner_dataset.csv.zip`; Bos et al., "The Groningen Meaning
//! Bank", Handbook of Linguistic Annotation, 2017) and prints span precision, recall and F1.
//!
//!     cargo run --release --example train_ner                 train on the first 80 % of the
//!                                                             sentences, measure on the next 10 %
//!     cargo run --release --example train_ner -- --write      train on the first 90 % and write
//!                                                             models/ner.bin (what ships)
//!     options: --epochs N (default 3: more over-fit the tuning part), --corpus PATH
//!
//! The last 10 % of the sentences are never trained on: `examples/eval_entities.rs` reports on
//! them. Same data, epochs and seed give the same model, byte for byte.

use std::collections::HashMap;

use tidings::extract::ner::{NerKind, NerModel, NerSpan, Trainer, TrainingSentence};

#[path = "common/gmb.rs"]
mod gmb;

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let epochs: usize = value("--epochs").map_or(3, |v| v.parse().expect("--epochs N"));
    let corpus = value("--corpus").unwrap_or_else(|| gmb::CORPUS.to_string());
    let write = args.iter().any(|a| a == "--write");
    let sentences = gmb::read_corpus(&corpus);
    let n = sentences.len();
    let (train_part, tune_part, _) = gmb::parts(n);
    let (train_end, dev_end) = (train_part.end, tune_part.end);
    let train = if write { &sentences[..dev_end] } else { &sentences[..train_end] };
    println!(
        "{n} sentences; training on {} ({epochs} epochs); name tokens inside candidate stretches: {:.3}",
        train.len(),
        Trainer::coverage(train)
    );
    let started = std::time::Instant::now();
    let model = Trainer::new().train(train, epochs, 0x7d1d_1265);
    println!("trained in {:.1} s; {} features kept", started.elapsed().as_secs_f64(), model.feature_count());
    if write {
        let bytes = model.to_bytes();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner.bin");
        let tmp = path.with_extension("bin.tmp");
        std::fs::write(&tmp, &bytes).expect("write the model");
        std::fs::rename(&tmp, &path).expect("move the model into place");
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
    } else {
        println!("GMB sentences {train_end}..{dev_end} (the tuning part):");
        measure(&model, &sentences[train_end..dev_end]);
    }
}
