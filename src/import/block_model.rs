//! A learned score for the blocks of a whole-page text capture: how likely a block is story
//! text rather than page furniture, from the block's shape and its neighbours' (a logistic
//! regression over shallow text features, in the manner of boilerpipe's "shallow text
//! features" classifier).
//!
//! The weights are trained by `cargo run --release --example train_capture_blocks -- --write`
//! on the dev part of the article-extraction benchmark (pages whose ids start 0-7; labels from
//! the benchmark's true bodies) and shipped as `models/capture-blocks.json`. Nothing here
//! knows any site: only counts, shares and shapes.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Weights of the logistic regression, by feature name (see [`FEATURES`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BlockModel {
    /// Feature names, in the order of `weights`; a model whose features differ from
    /// [`FEATURES`] is refused.
    pub features: Vec<String>,
    pub weights: Vec<f64>,
    pub bias: f64,
    /// Probability above which a block counts as story text.
    pub threshold: f64,
    /// Words added to a block's own when it is weighed in the story's run, so that a short
    /// furniture block still costs something.
    pub base_words: f64,
}

/// The features, in order. Neighbour features look at the blocks just before and after.
pub const FEATURES: &[&str] = &[
    "ln_words",
    "ln_lines",
    "ln_words_per_line",
    "lower_share",
    "ends_like_sentence",
    "sentences_per_line",
    "lines_ending_in_punctuation",
    "bullet_share",
    "listed",
    "digit_share",
    "comma_per_word",
    "mean_word_length",
    "has_date",
    "is_byline",
    "furniture_pattern",
    "has_pipe_or_copyright",
    "relative_position",
    "rule_prose",
    "prev_rule_prose",
    "next_rule_prose",
    "prev_ln_words",
    "next_ln_words",
    "short_block",
    "long_block",
    "near_prose_mass",
];

pub const BUNDLED_BLOCK_MODEL: &str = include_str!("../../models/capture-blocks.json");

impl BlockModel {
    /// The model shipped with tidings (tested: `bundled_block_model_matches_the_features`).
    pub fn bundled() -> &'static BlockModel {
        static MODEL: LazyLock<BlockModel> = LazyLock::new(|| {
            BlockModel::parse(BUNDLED_BLOCK_MODEL).expect("the bundled capture-blocks model is valid")
        });
        &MODEL
    }

    pub fn parse(json: &str) -> Result<BlockModel, String> {
        let model: BlockModel = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if model.features != FEATURES || model.weights.len() != FEATURES.len() {
            return Err(format!(
                "the model's features ({}) are not this build's ({}): retrain it",
                model.features.join(","),
                FEATURES.join(",")
            ));
        }
        Ok(model)
    }

    /// The probability that a block with these features is story text.
    pub fn probability(&self, features: &[f64]) -> f64 {
        let z: f64 = self.bias + self.weights.iter().zip(features).map(|(w, x)| w * x).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Trains a logistic regression by full-batch gradient descent with L2 regularisation;
/// `samples` are (features, is story text, weight).
pub fn train(samples: &[(Vec<f64>, bool, f64)], l2: f64, epochs: usize) -> (Vec<f64>, f64) {
    let n = FEATURES.len();
    let (mut w, mut b) = (vec![0.0; n], 0.0);
    let total: f64 = samples.iter().map(|s| s.2).sum::<f64>().max(1e-9);
    let rate = 0.5;
    for _ in 0..epochs {
        let (mut gw, mut gb) = (vec![0.0; n], 0.0);
        for (x, y, weight) in samples {
            let z: f64 = b + w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let err = (p - f64::from(u8::from(*y))) * weight;
            for (g, xi) in gw.iter_mut().zip(x) {
                *g += err * xi;
            }
            gb += err;
        }
        for (wi, g) in w.iter_mut().zip(&gw) {
            *wi -= rate * (g / total + l2 * *wi);
        }
        b -= rate * gb / total;
    }
    (w, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_block_model_matches_the_features() {
        let model = BlockModel::bundled();
        assert_eq!(model.weights.len(), FEATURES.len());
        assert!((0.0..1.0).contains(&model.threshold));
    }

    #[test]
    fn a_model_for_other_features_is_refused() {
        let json = r#"{"features":["a"],"weights":[1.0],"bias":0.0,"threshold":0.5,"base_words":1.0}"#;
        assert!(BlockModel::parse(json).unwrap_err().contains("retrain"));
    }

    #[test]
    fn training_separates_what_the_features_separate() {
        let sample = |x0: f64, y: bool| {
            let mut x = vec![0.0; FEATURES.len()];
            x[0] = x0;
            (x, y, 1.0)
        };
        let samples: Vec<_> = (0..20).map(|i| sample(f64::from(i) / 10.0, i >= 10)).collect();
        let (w, b) = train(&samples, 0.0, 2000);
        let p = |x0: f64| 1.0 / (1.0 + (-(b + w[0] * x0)).exp());
        assert!(p(0.2) < 0.5 && p(1.8) > 0.5, "{w:?} {b}");
    }
}
