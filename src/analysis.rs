//! Analysis of a whole library: every article analysed against its own publication date,
//! entity names linked across articles, and the milestones that join them.

use std::collections::HashMap;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::article::Article;
use crate::extract::{Analyzer, ArticleAnalysis, EntityKind};
use crate::timeline::{self, Milestone};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LibraryAnalysis {
    /// Parallel to the library's articles.
    pub articles: Vec<ArticleAnalysis>,
    pub milestones: Vec<Milestone>,
    /// Each article's [`crate::analysis_cache::content_hash`] as analysed, when the analysis
    /// came from the cache for a library that holds no bodies; empty otherwise. A body read
    /// from its file later is checked against it before the analysis' spans are trusted.
    pub content_hashes: Vec<u64>,
}

pub fn analyze_library(articles: &[Article], analyzer: &Analyzer) -> LibraryAnalysis {
    analyze_library_counting(articles, analyzer, None)
}

/// [`analyze_library`], counting analysed articles in `progress` as it goes (for a progress bar).
pub fn analyze_library_counting(
    articles: &[Article],
    analyzer: &Analyzer,
    progress: Option<&AtomicUsize>,
) -> LibraryAnalysis {
    // Articles are independent until they are linked: analyse them on every core.
    let names = SharedNames::default();
    let analyses: Vec<ArticleAnalysis> = articles
        .par_iter()
        .map(|a| {
            let mut x = analyzer.analyze(a, a.meta.published.value.map(|p| p.date()));
            names.share(&mut x);
            if let Some(p) = progress {
                p.fetch_add(1, Ordering::Relaxed);
            }
            x
        })
        .collect();
    link_library(articles, analyses)
}

/// One copy of each entity key and name for the whole library, taken as each article is
/// analysed: an article's analysis makes its own, and a hundred thousand articles' copies of
/// the same few thousand names would be held until the linking shares them.
#[derive(Default)]
pub(crate) struct SharedNames(std::sync::Mutex<rustc_hash::FxHashSet<Name>>);

impl SharedNames {
    pub(crate) fn share(&self, analysis: &mut ArticleAnalysis) {
        // A poisoned lock only means another article's analysis panicked; the set is intact.
        let mut names = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let mut one = |name: &mut Name| match names.get(&**name) {
            Some(shared) => *name = Arc::clone(shared),
            None => {
                names.insert(Arc::clone(name));
            }
        };
        for e in &mut analysis.entities {
            one(&mut e.key);
            one(&mut e.canonical);
        }
    }
}

/// The library-wide step after each article's own analysis: names linked across articles,
/// and the milestones that join them. `analyses` are parallel to `articles`.
pub fn link_library(articles: &[Article], mut analyses: Vec<ArticleAnalysis>) -> LibraryAnalysis {
    link_across_articles(articles, &mut analyses);
    let bodies: Vec<&str> = articles.iter().map(|a| a.body.as_str()).collect();
    let milestones = timeline::milestones(&bodies, &mut analyses);
    LibraryAnalysis { articles: analyses, milestones, content_hashes: Vec::new() }
}

fn is_acronym(text: &str) -> bool {
    text.len() >= 2 && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

type Name = Arc<str>;

/// Links what one article alone cannot: an acronym defined in another article, a bare surname
/// whose full name appears elsewhere (only when one full name fits), and the shown name of each
/// entity — the form with the most diacritics any mention has ("Nguyễn Phú Trọng" over
/// "Nguyen Phu Trong"). Afterwards every key and name exists once in the library.
fn link_across_articles(articles: &[Article], analyses: &mut [ArticleAnalysis]) {
    let text = |a: usize, span: &std::ops::Range<usize>| &articles[a].body[span.clone()];
    let mut acronyms: HashMap<&str, (EntityKind, Name, Name)> = HashMap::new();
    let mut full_names: HashMap<String, Vec<(Name, Name)>> = HashMap::new();
    for (a, analysis) in analyses.iter().enumerate() {
        for e in &analysis.entities {
            let t = text(a, &e.span);
            if is_acronym(t) && &*e.canonical != t {
                acronyms.entry(t).or_insert((e.kind, Arc::clone(&e.key), Arc::clone(&e.canonical)));
            }
            if e.kind == EntityKind::Person && t.contains(' ') {
                let entry = full_names.entry(crate::extract::name_key_of_last_word(t)).or_default();
                if !entry.iter().any(|(k, _)| *k == e.key) {
                    entry.push((Arc::clone(&e.key), Arc::clone(&e.canonical)));
                }
            }
        }
    }
    let acronyms: HashMap<String, (EntityKind, Name, Name)> =
        acronyms.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    for (a, analysis) in analyses.iter_mut().enumerate() {
        for e in &mut analysis.entities {
            let t = text(a, &e.span);
            if is_acronym(t)
                && &*e.canonical == t
                && let Some((kind, key, canonical)) = acronyms.get(t)
            {
                (e.kind, e.key, e.canonical) = (*kind, Arc::clone(key), Arc::clone(canonical));
            }
            if e.kind == EntityKind::Person
                && !e.canonical.contains(' ')
                && let Some([(key, canonical)]) =
                    full_names.get(&crate::extract::name_key_of_last_word(t)).map(Vec::as_slice)
            {
                (e.key, e.canonical) = (Arc::clone(key), Arc::clone(canonical));
            }
        }
    }
    drop(full_names);
    // The shown name per key, and one shared copy of every key and name.
    let diacritics = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    let mut counts: HashMap<(Name, Name), usize> = HashMap::new();
    for analysis in analyses.iter() {
        for e in &analysis.entities {
            *counts.entry((Arc::clone(&e.key), Arc::clone(&e.canonical))).or_default() += 1;
        }
    }
    let mut shown: HashMap<Name, (usize, usize, Name)> = HashMap::new();
    for ((key, canonical), n) in counts {
        let score = (diacritics(&canonical), n, canonical);
        match shown.get_mut(&key) {
            Some(best)
                if (score.0, score.1, std::cmp::Reverse(&score.2)) > (best.0, best.1, std::cmp::Reverse(&best.2)) =>
            {
                *best = score
            }
            Some(_) => {}
            None => {
                shown.insert(key, score);
            }
        }
    }
    for analysis in analyses.iter_mut() {
        for e in &mut analysis.entities {
            if let Some((key, (_, _, name))) = shown.get_key_value(&e.key) {
                e.key = Arc::clone(key);
                e.canonical = Arc::clone(name);
            }
        }
    }
}

/// One entity of the library, for the entity view: its kind and shown name, how often it is
/// mentioned and in how many articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityEntry {
    pub kind: EntityKind,
    pub name: Arc<str>,
    /// The name folded (case and diacritics aside), once: the view sorts on it.
    pub folded: String,
    /// Every form the library writes it in ("Hà Nội", "Hanoi", "HANOI"), folded and as a
    /// matching key without spaces, one per line: the view's name filter looks here, so
    /// "hanoi" finds Hà Nội and "putin" finds Vladimir Putin.
    pub forms: String,
    pub mentions: usize,
    pub articles: usize,
}

impl EntityEntry {
    /// Whether a typed word is in one of the entity's names (case, diacritics and spaces aside).
    pub fn named_by(&self, word: &str) -> bool {
        let folded = crate::text::fold(word);
        let key = crate::extract::name_key(word);
        self.forms.contains(&folded) || (!key.is_empty() && self.forms.contains(&key))
    }
}

/// Every entity of the library, most mentioned first (then by articles, then by name). After
/// [`analyze_library`] an entity's key is the same in every article, so counting by key joins
/// its forms ("Hà Nội", "Hanoi") across the library. `articles` are the texts the analyses were
/// made of, for the forms written; a library that holds no bodies gives those forms in
/// `written_forms` instead (folded, by entity key: see [`crate::query::SearchIndex`]).
pub fn entity_index(
    articles: &[Article],
    analyses: &[ArticleAnalysis],
    written_forms: &HashMap<Arc<str>, Vec<String>>,
) -> Vec<EntityEntry> {
    let mut by_key: HashMap<&str, (EntityEntry, usize, rustc_hash::FxHashSet<String>)> = HashMap::new();
    for (article, x) in analyses.iter().enumerate() {
        let body = articles.get(article).map_or("", |a| a.body.as_str());
        for e in &x.entities {
            let (entry, last_article, forms) = by_key.entry(e.key.as_ref()).or_insert_with(|| {
                let entry = EntityEntry {
                    kind: e.kind,
                    name: Arc::clone(&e.canonical),
                    folded: crate::text::fold(&e.canonical),
                    forms: String::new(),
                    mentions: 0,
                    articles: 0,
                };
                let forms = [entry.folded.clone(), crate::extract::name_key(&e.canonical)].into_iter().collect();
                (entry, usize::MAX, forms)
            });
            entry.mentions += 1;
            if *last_article != article {
                *last_article = article;
                entry.articles += 1;
            }
            if let Some(written) = body.get(e.span.clone()) {
                let folded = crate::text::fold(written);
                if !forms.contains(&folded) {
                    forms.insert(crate::extract::name_key(written));
                    forms.insert(folded);
                }
            }
        }
    }
    for (key, written) in written_forms {
        if let Some((_, _, forms)) = by_key.get_mut(&**key) {
            for folded in written {
                forms.insert(crate::extract::name_key(folded));
                forms.insert(folded.clone());
            }
        }
    }
    let mut entries: Vec<EntityEntry> = by_key
        .into_values()
        .map(|(mut entry, _, forms)| {
            let mut forms: Vec<String> = forms.into_iter().collect();
            forms.sort();
            entry.forms = forms.join("\n");
            entry
        })
        .collect();
    entries.sort_by(|a, b| {
        (std::cmp::Reverse(a.mentions), std::cmp::Reverse(a.articles), &a.folded, a.kind).cmp(&(
            std::cmp::Reverse(b.mentions),
            std::cmp::Reverse(b.articles),
            &b.folded,
            b.kind,
        ))
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entity_index_counts_mentions_and_articles_across_forms() {
        let library = crate::Library::bundled();
        let analysis = analyze_library(&library.articles, &Analyzer::bundled());
        let index = entity_index(&library.articles, &analysis.articles, &HashMap::new());
        assert!(index.windows(2).all(|w| w[0].mentions >= w[1].mentions), "most mentioned first");
        let mut names: Vec<(EntityKind, &str)> = index.iter().map(|e| (e.kind, e.name.as_ref())).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "one row per entity");
        // Every bundled article names Russia, in whatever form.
        let russia = index.iter().find(|e| e.kind == EntityKind::Place && e.name.as_ref() == "Russia").unwrap();
        assert_eq!(russia.articles, library.articles.len());
        let key = &analysis.articles[0].entities.iter().find(|m| m.canonical.as_ref() == "Russia").unwrap().key;
        let mentions: usize =
            analysis.articles.iter().map(|x| x.entities.iter().filter(|m| &m.key == key).count()).sum();
        assert_eq!(russia.mentions, mentions);
        assert!(russia.mentions > russia.articles);
        // The name filter finds an entity by any of its forms, spaces and diacritics aside.
        let hanoi: Vec<&EntityEntry> = index.iter().filter(|e| e.named_by("hanoi")).collect();
        assert!(hanoi.iter().any(|e| e.folded == "ha noi"), "{hanoi:?}");
        assert!(index.iter().any(|e| e.kind == EntityKind::Person && e.named_by("PUTIN")));
        assert!(!index.iter().any(|e| e.named_by("zzqx")));
    }
}
