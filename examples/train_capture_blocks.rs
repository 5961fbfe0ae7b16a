//! Trains the block scorer for whole-page text captures (`src/import/block_model.rs`) on the
//! article-extraction benchmark's captures and true bodies
//! (`../shared/corpora/article-extraction-benchmark/`).
//!
//!     cargo run --release --example train_capture_blocks -- --split dev-a --out FILE
//!         train on one half of the dev part (ids 0-3 or 4-7) and write the model to FILE:
//!         `eval_import --split dev-b --blocks-model FILE` then measures it on the other half
//!     cargo run --release --example train_capture_blocks -- --write
//!         train on the whole dev part (ids 0-7) and write models/capture-blocks.json (what ships)
//!     options: --l2 X (default 0.001), --threshold P (default 0.5), --base-words N (default 3)
//!
//! The test part (ids 8-f) is never trained on. A block's label: story text when most of its
//! word 4-grams are in the page's true body (a short block: when its words run in the body in
//! that order). Samples weigh by their words, as the benchmark's metric counts words.

use std::collections::HashSet;
use std::path::Path;

use tidings::import::{BLOCK_FEATURES, BlockModel, ImportRules, capture_block_samples, train_block_model};

const BENCH: &str = "../shared/corpora/article-extraction-benchmark";

fn in_split(id: &str, split: &str) -> bool {
    let first = id.as_bytes().first().copied().unwrap_or(b'f');
    match split {
        "dev-a" => (b'0'..=b'3').contains(&first),
        "dev-b" => (b'4'..=b'7').contains(&first),
        _ => (b'0'..=b'7').contains(&first),
    }
}

/// Words as the benchmark's metric cuts them (`\w+`), lower-cased.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

fn main() {
    let bench = Path::new(BENCH);
    if !bench.is_dir() {
        println!("SKIPPED: {BENCH} is not there (the shared corpora are beside the repository)");
        return;
    }
    let write = std::env::args().any(|a| a == "--write");
    let split = arg("--split").unwrap_or_else(|| "dev".into());
    let l2: f64 = arg("--l2").map_or(0.001, |v| v.parse().expect("--l2 takes a number"));
    let threshold: f64 = arg("--threshold").map_or(0.5, |v| v.parse().expect("--threshold takes a number"));
    let base_words: f64 = arg("--base-words").map_or(3.0, |v| v.parse().expect("--base-words takes a number"));
    let out = arg("--out").or_else(|| write.then(|| "models/capture-blocks.json".to_string()));
    let rules = ImportRules::bundled();
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bench.join("ground-truth.json")).expect("ground truth")).expect("json");
    let mut ids: Vec<&String> =
        truth.as_object().expect("an object").keys().filter(|id| in_split(id, &split)).collect();
    ids.sort();
    let mut samples = Vec::new();
    for id in &ids {
        let Ok(capture) = std::fs::read_to_string(bench.join("captures").join(format!("{id}.txt"))) else { continue };
        let body = tokens(truth[id.as_str()]["articleBody"].as_str().unwrap_or(""));
        let shingles: HashSet<&[String]> = body.windows(4).collect();
        let joined = format!(" {} ", body.join(" "));
        for (text, features) in capture_block_samples(&capture, &rules) {
            let words = tokens(&text);
            if words.is_empty() {
                continue;
            }
            let is_story = if words.len() >= 4 {
                let grams: Vec<&[String]> = words.windows(4).collect();
                grams.iter().filter(|g| shingles.contains(*g)).count() * 2 > grams.len()
            } else {
                joined.contains(&format!(" {} ", words.join(" ")))
            };
            samples.push((features, is_story, words.len() as f64 + base_words));
        }
    }
    let story = samples.iter().filter(|s| s.1).count();
    println!("{} pages of split {split}: {} blocks, {story} of them story text", ids.len(), samples.len());
    let (weights, bias) = train_block_model(&samples, l2, 3000);
    let model = BlockModel {
        features: BLOCK_FEATURES.iter().map(|f| f.to_string()).collect(),
        weights: weights.iter().map(|w| (w * 1e4).round() / 1e4).collect(),
        bias: (bias * 1e4).round() / 1e4,
        threshold,
        base_words,
    };
    // Accuracy on the training blocks, weighted by words: a check that training converged.
    let (mut right, mut all) = (0.0, 0.0);
    for (x, y, w) in &samples {
        all += w;
        if (model.probability(x) >= threshold) == *y {
            right += w;
        }
    }
    println!("word-weighted accuracy on the training blocks: {:.3}", right / all);
    for (name, w) in BLOCK_FEATURES.iter().zip(&model.weights) {
        println!("  {name:<28} {w:+.3}");
    }
    println!("  {:<28} {:+.3}", "bias", model.bias);
    if let Some(out) = out {
        let json = serde_json::to_string_pretty(&model).expect("json") + "\n";
        std::fs::write(&out, json).unwrap_or_else(|e| panic!("write {out}: {e}"));
        println!("wrote {out}");
    }
}
