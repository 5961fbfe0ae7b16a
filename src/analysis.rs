//! Analysis of a whole library: every article analysed against its own publication date,
//! entity names linked across articles, and the milestones that join them.

use std::collections::HashMap;

use crate::article::Article;
use crate::extract::{Analyzer, ArticleAnalysis, EntityKind};
use crate::timeline::{self, Milestone};

#[derive(Debug, Clone, Default)]
pub struct LibraryAnalysis {
    /// Parallel to the library's articles.
    pub articles: Vec<ArticleAnalysis>,
    pub milestones: Vec<Milestone>,
}

pub fn analyze_library(articles: &[Article], analyzer: &Analyzer) -> LibraryAnalysis {
    let mut analyses: Vec<ArticleAnalysis> =
        articles.iter().map(|a| analyzer.analyze(a, a.meta.published.value.map(|p| p.date()))).collect();
    link_across_articles(articles, &mut analyses);
    let bodies: Vec<&str> = articles.iter().map(|a| a.body.as_str()).collect();
    let milestones = timeline::milestones(&bodies, &mut analyses);
    LibraryAnalysis { articles: analyses, milestones }
}

fn is_acronym(text: &str) -> bool {
    text.len() >= 2 && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Links what one article alone cannot: an acronym defined in another article, a bare surname
/// whose full name appears elsewhere (only when one full name fits), and the shown name of each
/// entity — the form with the most diacritics any mention has ("Nguyễn Phú Trọng" over
/// "Nguyen Phu Trong").
fn link_across_articles(articles: &[Article], analyses: &mut [ArticleAnalysis]) {
    let text = |a: usize, span: &std::ops::Range<usize>| articles[a].body[span.clone()].to_string();
    let mut acronyms: HashMap<String, (EntityKind, String, String)> = HashMap::new();
    let mut full_names: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (a, analysis) in analyses.iter().enumerate() {
        for e in &analysis.entities {
            let t = text(a, &e.span);
            if is_acronym(&t) && e.canonical != t {
                acronyms.entry(t.clone()).or_insert((e.kind, e.key.clone(), e.canonical.clone()));
            }
            if e.kind == EntityKind::Person && t.contains(' ') {
                let last = crate::extract::name_key_of_last_word(&t);
                let entry = full_names.entry(last).or_default();
                if !entry.iter().any(|(k, _)| *k == e.key) {
                    entry.push((e.key.clone(), e.canonical.clone()));
                }
            }
        }
    }
    for (a, analysis) in analyses.iter_mut().enumerate() {
        for e in &mut analysis.entities {
            let t = text(a, &e.span);
            if is_acronym(&t)
                && e.canonical == t
                && let Some((kind, key, canonical)) = acronyms.get(&t)
            {
                (e.kind, e.key, e.canonical) = (*kind, key.clone(), canonical.clone());
            }
            if e.kind == EntityKind::Person
                && !e.canonical.contains(' ')
                && let Some([(key, canonical)]) =
                    full_names.get(&crate::extract::name_key_of_last_word(&t)).map(Vec::as_slice)
            {
                (e.key, e.canonical) = (key.clone(), canonical.clone());
            }
        }
    }
    let diacritics = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    let mut shown: HashMap<String, (usize, usize, String)> = HashMap::new();
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for analysis in analyses.iter() {
        for e in &analysis.entities {
            *counts.entry((e.key.clone(), e.canonical.clone())).or_default() += 1;
        }
    }
    for ((key, canonical), n) in counts {
        let score = (diacritics(&canonical), n, canonical.clone());
        let entry = shown.entry(key).or_insert(score.clone());
        if (score.0, score.1, std::cmp::Reverse(&score.2)) > (entry.0, entry.1, std::cmp::Reverse(&entry.2)) {
            *entry = score;
        }
    }
    for analysis in analyses.iter_mut() {
        for e in &mut analysis.entities {
            if let Some((_, _, name)) = shown.get(&e.key) {
                e.canonical = name.clone();
            }
        }
    }
}
