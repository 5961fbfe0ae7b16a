//! Scoring the analysis against hand-written annotations (`tests/fixtures/annotations.toml` for
//! the five bundled articles, `tests/fixtures/annotations_varied.toml` for news the analysis
//! was not written against). Shared by the quality test and `examples/eval_entities.rs`.
//!
//! Entities are scored as distinct entities per article, by kind and name: a found entity is
//! right when an annotated entity of the same kind goes by its name (any of the annotated forms,
//! compared by [`name_key`]: case, diacritics and spacing ignored). Figures and dates are scored
//! as mentions in order: a found mention matches an unused expected one when either text
//! contains the other.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use crate::extract::{ArticleAnalysis, EntityKind, name_key};

#[derive(Debug, Deserialize)]
pub struct Annotations {
    pub article: Vec<Annotation>,
}

#[derive(Debug, Deserialize)]
pub struct Annotation {
    /// "dev" (looked at while tuning) or "test" (only reported); none for the five.
    #[serde(default)]
    pub part: Option<String>,
    /// The bundled article's seed file (`imported_from`).
    #[serde(default)]
    pub seed: Option<String>,
    /// Or a text file of a corpus, relative to `../shared/corpora/`.
    #[serde(default)]
    pub source: Option<String>,
    /// "kind|Name|Other name|…", one per distinct entity.
    pub entities: Vec<String>,
    /// Figures and dates as printed; an article annotated for its entities alone has none
    /// (its figures and dates are then not scored, rather than all counted extra).
    #[serde(default)]
    pub figures: Option<Vec<String>>,
    #[serde(default)]
    pub dates: Option<Vec<String>>,
}

/// Found, correct, expected and recalled counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub found: usize,
    pub correct: usize,
    pub expected: usize,
    pub recalled: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.found == 0 { 1.0 } else { self.correct as f64 / self.found as f64 }
    }

    pub fn recall(&self) -> f64 {
        if self.expected == 0 { 1.0 } else { self.recalled as f64 / self.expected as f64 }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    pub fn add(&mut self, other: &Score) {
        self.found += other.found;
        self.correct += other.correct;
        self.expected += other.expected;
        self.recalled += other.recalled;
    }
}

/// Scores of one or more articles: entities (all kinds and by kind), figures and dates.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub entities: Score,
    pub by_kind: BTreeMap<&'static str, Score>,
    pub figures: Score,
    pub dates: Score,
}

impl Scores {
    pub fn add(&mut self, other: &Scores) {
        self.entities.add(&other.entities);
        for (kind, s) in &other.by_kind {
            self.by_kind.entry(kind).or_default().add(s);
        }
        self.figures.add(&other.figures);
        self.dates.add(&other.dates);
    }

    /// The table the harness and the test print.
    pub fn table(&self) -> String {
        let mut out = String::from("category       precision  recall     F1   (found/correct, expected/recalled)\n");
        let mut row = |name: &str, s: &Score| {
            out.push_str(&format!(
                "{name:<14} {:>9.3} {:>7.3} {:>6.3}   ({}/{}, {}/{})\n",
                s.precision(),
                s.recall(),
                s.f1(),
                s.found,
                s.correct,
                s.expected,
                s.recalled
            ))
        };
        row("entities", &self.entities);
        for kind in EntityKind::ALL {
            if let Some(s) = self.by_kind.get(kind.name()) {
                row(&format!("  {}", kind.name()), s);
            }
        }
        row("figures", &self.figures);
        row("dates", &self.dates);
        out
    }
}

/// Scores one article's analysis; what was missed or extra goes to `misses`.
pub fn score_article(body: &str, found: &ArticleAnalysis, expected: &Annotation, misses: &mut Vec<String>) -> Scores {
    let mut scores = Scores::default();
    let wanted: Vec<(String, Vec<String>)> = expected
        .entities
        .iter()
        .map(|line| {
            let mut parts = line.split('|');
            let kind = parts.next().unwrap_or_default().to_string();
            (kind, parts.map(name_key).collect())
        })
        .collect();
    // One found entity per kind and canonical name, known by that name and by every form the
    // article uses for it ("Britain" shown as "United Kingdom").
    let mut forms: BTreeMap<(&'static str, String), HashSet<String>> = BTreeMap::new();
    for e in &found.entities {
        let canonical = name_key(&e.canonical);
        let entry = forms.entry((e.kind.name(), canonical.clone())).or_default();
        entry.insert(canonical);
        entry.insert(name_key(&body[e.span.clone()]));
    }
    let distinct: Vec<(&'static str, String)> = forms.keys().cloned().collect();
    let goes_by = |kind: &str, key: &String, names: &Vec<String>| {
        forms.get(&(kind_name(kind), key.clone())).is_some_and(|f| names.iter().any(|n| f.contains(n)))
    };
    for (kind, key) in &distinct {
        let s = scores.by_kind.entry(kind).or_default();
        s.found += 1;
        if wanted.iter().any(|(k, names)| k == kind && goes_by(kind, key, names)) {
            s.correct += 1;
        } else {
            misses.push(format!("extra {kind} {key}"));
        }
    }
    for (kind, names) in &wanted {
        let Some(kind) = EntityKind::from_name(kind) else {
            misses.push(format!("unknown kind in the annotation: {kind}"));
            continue;
        };
        let s = scores.by_kind.entry(kind.name()).or_default();
        s.expected += 1;
        if distinct.iter().any(|(k, key)| *k == kind.name() && goes_by(k, key, names)) {
            s.recalled += 1;
        } else {
            misses.push(format!("missed {} {}", kind.name(), names.first().map_or("", String::as_str)));
        }
    }
    for s in scores.by_kind.values() {
        scores.entities.add(s);
    }
    let texts = |spans: Vec<std::ops::Range<usize>>| spans.into_iter().map(|s| body[s].to_string()).collect::<Vec<_>>();
    if let Some(figures) = &expected.figures {
        score_texts(
            &texts(found.figures.iter().map(|f| f.span.clone()).collect()),
            figures,
            &mut scores.figures,
            misses,
        );
    }
    if let Some(dates) = &expected.dates {
        score_texts(&texts(found.dates.iter().map(|d| d.span.clone()).collect()), dates, &mut scores.dates, misses);
    }
    scores
}

fn kind_name(kind: &str) -> &'static str {
    EntityKind::from_name(kind).map_or("", EntityKind::name)
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
