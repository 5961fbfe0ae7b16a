//! Milestones: date mentions in different articles that refer to the same event, joined into
//! one dated, labelled entry of the library's timeline.
//!
//! How two date mentions are judged to be the same event:
//! 1. Each mention has an *anchor*: its own dates, except that a span longer than a year
//!    ("June 16, 1994 - June 16, 2024", an anniversary) is anchored at its start, the event
//!    being commemorated. Decades and relative words ("the past year") are not milestones.
//! 2. Each mention has *key words*: the stems of the content words of the clause it belongs to,
//!    plus the organisations, documents and events named there. Words found in the clauses of
//!    more than `GENERIC_SHARE` of all mentions say nothing about which event is meant and are
//!    dropped (in a library about two countries, their names).
//! 3. Two mentions are linked when their anchors overlap (so a year contains its days) and
//!    they are the same day printed in full ("30 January 1950"), or they share a key word (a
//!    day only named, "Christmas Day", joins nothing by itself).
//! 4. Linked mentions form groups (transitively). A group's dates span its most precise
//!    mentions; its label is the document or event its clauses name most often, else the
//!    clause that shares the most key words with the others.
//! 5. A mention whose year is unknown (printed without one, in an undated article) joins a
//!    group with the same month and day and a shared key word, and takes its year, marked as
//!    inferred.
//!
//! Milestones are ordered by date, then label, so the timeline is deterministic.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use chrono::{Duration, NaiveDate};

use crate::extract::{ArticleAnalysis, DateMention, EntityKind, Precision, When};
use crate::text::fold;

/// How many earlier mentions of the same day a mention is compared with.
const DAY_LOOKBACK: usize = 64;

/// Key words shared by more than this share of all dated clauses are too common to link.
const GENERIC_SHARE: f64 = 0.4;

/// One mention of a milestone: which article, which of its date mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MilestoneMention {
    pub article: usize,
    pub date: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: Precision,
    pub label: String,
    /// In article order, then text order.
    pub mentions: Vec<MilestoneMention>,
    /// Distinct articles, in library order.
    pub articles: Vec<usize>,
}

impl Milestone {
    /// Mentioned by two or more articles.
    pub fn is_cross_referenced(&self) -> bool {
        self.articles.len() >= 2
    }
}

const STOP: &[&str] = &[
    "the", "a", "an", "of", "on", "in", "at", "to", "for", "and", "or", "but", "with", "by", "from", "as", "is", "was",
    "were", "are", "be", "been", "has", "have", "had", "this", "that", "these", "those", "it", "its", "their", "his",
    "her", "he", "she", "they", "we", "which", "who", "while", "also", "both", "two", "between", "into", "since",
    "after", "before", "during", "than", "more", "most", "said", "says", "will", "would", "can", "could", "not", "all",
    "any", "each", "other", "such", "there", "then", "when", "where", "over", "under", "about", "year", "years",
    "month", "day", "time", "first", "new", "one",
];

/// A crude stemmer: enough to make "relations", "relationship" and "related" meet.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    loop {
        let before = w.len();
        for suffix in [
            "ships", "ship", "ments", "ment", "ations", "ation", "ions", "ion", "ings", "ing", "ed", "es", "s", "e",
            "al", "ly",
        ] {
            if w.len() >= suffix.len() + 4 && w.ends_with(suffix) {
                w.truncate(w.len() - suffix.len());
                break;
            }
        }
        if w.len() == before {
            return w;
        }
    }
}

struct Candidate {
    article: usize,
    date: usize,
    anchor: Option<(NaiveDate, NaiveDate)>,
    /// Month and day for a mention whose year is unknown.
    month_day: Option<MonthDayRange>,
    precision: Precision,
    /// Interned key words of the clause (stems and entity keys), sorted.
    words: Vec<u32>,
    /// The documents and events the clause names, as ids of their keys, sorted: the named
    /// things a milestone is.
    named: Vec<u32>,
    /// Interned pairs of content words in a row in the clause ("diplomatic relations").
    pairs: Vec<u32>,
    /// (key, shown name, names a document or event) of entities named in the clause.
    entities: Vec<(std::sync::Arc<str>, std::sync::Arc<str>, bool)>,
    /// The day is printed with its year ("30 January 1950"), not named ("Christmas Day") or
    /// resolved from a weekday.
    printed_in_full: bool,
}

fn anchor(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    if end - start > Duration::days(366) {
        // An anniversary span: the event is at its start. A year range starts a whole year.
        (start, start)
    } else {
        (start, end)
    }
}

/// (month, day) of a start and an end.
type MonthDayRange = ((u32, u32), (u32, u32));

/// Word -> small integer, so that key words are cheap to store and compare.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(word.to_string(), id);
        id
    }
}

/// Builds the milestones of a library. `bodies[i]` is the body `analyses[i]` was made from.
/// Year-unknown mentions that join a milestone get its year (written back, marked inferred).
pub fn milestones(bodies: &[&str], analyses: &mut [ArticleAnalysis]) -> Vec<Milestone> {
    let mut interner = Interner::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    let heads = named_heads();
    let tails = named_tails(analyses);
    // A phrase's shown forms, by id, with how often each is printed: a milestone named by no
    // document or event is labelled with the phrase its mentions share ("strategic
    // partnership", "terror attacks").
    let mut phrase_text: PhraseForms = HashMap::new();
    let mut pair_text: PhraseForms = HashMap::new();
    for (article, analysis) in analyses.iter().enumerate() {
        let body = bodies[article];
        for (date, d) in analysis.dates.iter().enumerate() {
            if d.precision >= Precision::Decade || is_relative(&body[d.span.clone()]) || dates_a_statement(body, d) {
                continue;
            }
            // The clause's words besides the date's own ("Christmas Day", "Tuesday"): those say
            // when, not what happened.
            let before_range = d.context.start..d.span.start.clamp(d.context.start, d.context.end);
            let after_range = d.span.end.clamp(d.context.start, d.context.end)..d.context.end;
            let (before, after) = (&body[before_range.clone()], &body[after_range.clone()]);
            let mut words: Vec<u32> = before
                .split(|c: char| !c.is_alphanumeric())
                .chain(after.split(|c: char| !c.is_alphanumeric()))
                .filter(|w| w.len() > 2 && !w.chars().all(|c| c.is_ascii_digit()))
                .map(fold)
                .filter(|w| !STOP.contains(&w.as_str()) && crate::text::month_from_name(w).is_none())
                .map(|w| interner.id(&stem(&w)))
                .collect();
            // "During the visit in 2001, the two countries signed a Strategic Partnership": what
            // happened may stand in the rest of the sentence, when no other date there claims it.
            let sentence = sentence_around(body, d.context.clone());
            // Dates come in text order: the sentence's are a short run found by bisection.
            let first = analysis.dates.partition_point(|o| o.span.start < sentence.start);
            let alone = analysis.dates[first..]
                .iter()
                .take_while(|o| o.span.start < sentence.end)
                .filter(|o| o.span.end <= sentence.end)
                .take(2)
                .count()
                == 1;
            // Not across a quotation's edge: in `He told the Today programme: "... made in
            // 1992 ..."` the programme is not of 1992.
            let reach = if alone { within_quotation(body, sentence.clone(), &d.span) } else { d.context.clone() };
            // "Davenport, the 2000 Australian Open champion": a date that prefixes a name (or
            // is part of one, "Euro 2004") says what happened then, and nothing else in its
            // clause does. Another date's name is that date's: in "the 2003 French Open
            // champion was ill in 2004", 2004 names no French Open.
            let own_name = attached_name(body, &analysis.entities, &d.span, heads, &tails);
            let others_names: Vec<Range<usize>> = {
                let from = analysis.dates.partition_point(|o| o.span.start < reach.start.min(d.context.start));
                analysis.dates[from..]
                    .iter()
                    .enumerate()
                    .take_while(|(_, o)| o.span.start < reach.end.max(d.context.end))
                    .filter(|&(k, _)| from + k != date)
                    .filter_map(|(_, o)| attached_name(body, &analysis.entities, &o.span, heads, &tails))
                    .collect()
            };
            let in_other_name = |r: &Range<usize>| others_names.iter().any(|n| n.start < r.end && r.start < n.end);
            let in_clause =
                |e: &crate::extract::EntityMention| e.span.start >= d.context.start && e.span.end <= d.context.end;
            let names_a_thing =
                |e: &crate::extract::EntityMention| matches!(e.kind, EntityKind::Document | EntityKind::Event);
            // "He decided in November 2003 he would quit because of the Iraq war": what the
            // sentence gives as a cause after the date did not happen at the date.
            let cause_at = runs_of_words(body, d.span.end..reach.end.max(d.span.end))
                .into_iter()
                .find(|(w, _, _)| CAUSAL_WORDS.contains(&fold(&body[w.clone()]).as_str()))
                .map_or(usize::MAX, |(w, _, _)| w.start);
            let given_as_cause = |e: &crate::extract::EntityMention| e.span.start >= cause_at;
            let mut entities: Vec<(std::sync::Arc<str>, std::sync::Arc<str>, bool)> = Vec::new();
            for e in &analysis.entities {
                let inside = e.span.start >= reach.start && e.span.end <= reach.end && !given_as_cause(e);
                let kept = inside
                    && own_name.as_ref().is_none_or(|n| n.start <= e.span.start && e.span.end <= n.end)
                    && !in_other_name(&e.span)
                    && e.kind != EntityKind::Place
                    && e.kind != EntityKind::Person
                    && (in_clause(e) || names_a_thing(e));
                if kept {
                    entities.push((e.key.clone(), e.canonical.clone(), names_a_thing(e)));
                }
            }
            words.extend(entities.iter().map(|(k, _, _)| interner.id(k)));
            words.sort_unstable();
            words.dedup();
            let mut named: Vec<u32> = entities.iter().filter(|e| e.2).map(|(k, _, _)| interner.id(k)).collect();
            let phrase_parts: Vec<&str> = match &own_name {
                Some(name) => vec![&body[d.span.start..name.end]],
                None => [before_range.clone(), after_range.clone()]
                    .into_iter()
                    .chain(if alone {
                        [reach.start..d.context.start.max(reach.start), d.context.end.min(reach.end)..reach.end]
                    } else {
                        [0..0, 0..0]
                    })
                    .map(|part| part.start.min(cause_at)..part.end.min(cause_at))
                    .flat_map(|part| outside(part, &others_names))
                    .map(|part| &body[part])
                    .collect(),
            };
            for (key, shown) in phrase_parts.into_iter().flat_map(|part| head_phrases(part, heads, &tails)) {
                let id = interner.id(&key);
                *phrase_text.entry(id).or_default().entry(shown).or_default() += 1;
                named.push(id);
            }
            // "the 11 September attacks": a day that qualifies a noun names what happened then.
            if d.precision == Precision::Day
                && let Some((key, shown)) = noun_after_date(body, before_range.clone(), after_range.clone())
            {
                let id = interner.id(&key);
                *phrase_text.entry(id).or_default().entry(shown).or_default() += 1;
                named.push(id);
            }
            named.sort_unstable();
            named.dedup();
            // Pairs of content words in a row, outside names (those count as named things): what two
            // mentions of one day printed in full must share to be one event ("diplomatic
            // relations"), and its label when nothing is named.
            // Entities are in text order and a name is a few words long: the ones that can
            // hold `at` start at most a name's length before it.
            let in_a_name = |at: usize| {
                let upto = analysis.entities.partition_point(|e| e.span.start <= at);
                analysis.entities[..upto].iter().rev().take(8).any(|e| at < e.span.end)
            };
            let mut pairs: Vec<u32> = Vec::new();
            for part in [before_range.clone(), after_range.clone()] {
                for (key, shown) in content_pairs(body, part, &in_a_name) {
                    let id = interner.id(&key);
                    *pair_text.entry(id).or_default().entry(shown).or_default() += 1;
                    pairs.push(id);
                }
            }
            pairs.sort_unstable();
            pairs.dedup();
            let (anchor, month_day) = match d.when {
                When::Dates { start, end } => (Some(anchor(start, end)), None),
                When::YearUnknown { start, end } => (None, Some((start, end))),
                When::Unanchored => continue,
            };
            let printed = &body[d.span.clone()];
            // "The three months to 31 December 2004" end a period: every company's quarter ends
            // then, and no event happened.
            // "Ties go back to 30 January 1950" do not.
            let ends_a_period = {
                let words = runs_of_words(body, before_range.clone());
                let word = |k: usize| {
                    words.get(words.len().wrapping_sub(k)).map(|(w, _, breaks)| (fold(&body[w.clone()]), *breaks))
                };
                match (word(1), word(2)) {
                    (Some((last, false)), before_last) => {
                        matches!(last.as_str(), "until" | "till" | "ending" | "ended")
                            || (last == "to"
                                && before_last.is_some_and(|(w, breaks)| {
                                    !breaks
                                        && matches!(
                                            w.as_str(),
                                            "months"
                                                | "month"
                                                | "year"
                                                | "years"
                                                | "weeks"
                                                | "week"
                                                | "quarter"
                                                | "period"
                                                | "half"
                                                | "days"
                                        )
                                }))
                    }
                    _ => false,
                }
            };
            let printed_in_full =
                !ends_a_period && printed.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).count() >= 2;
            candidates.push(Candidate {
                article,
                date,
                anchor,
                month_day,
                precision: d.precision,
                words,
                named,
                pairs,
                entities,
                printed_in_full,
            });
        }
    }
    // Words too common to tell events apart.
    let mut share = vec![0usize; interner.ids.len()];
    for c in &candidates {
        for &w in &c.words {
            share[w as usize] += 1;
        }
    }
    let limit = (candidates.len() as f64 * GENERIC_SHARE).max(2.0);
    for c in &mut candidates {
        c.words.retain(|&w| share[w as usize] as f64 <= limit);
    }

    // Linking, without comparing every pair. A milestone is a named thing at a date, so:
    // - mentions that name the same document or event join when their anchors overlap (a
    //   year contains its days) and neither also overlaps a time the other does not: "the
    //   Iraq war" in "2003" is neither its "7 March 2003" nor its "November 2003";
    // - mentions of the same exact day join when they name the same thing, or when both
    //   print it in full ("30 January 1950") and their clauses share a pair of words
    //   ("diplomatic relations"); a day is not one event by itself ("31 December 2004" ends
    //   every company's quarter), and shared single words are chance;
    // - a bare year or month joins nothing by itself: "2003" in a hundred stories is a
    //   hundred events.
    let mut groups = UnionFind::new(candidates.len());
    let mut by_named: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut by_day: HashMap<(NaiveDate, NaiveDate), Vec<usize>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let Some(a) = c.anchor else { continue };
        for &w in &c.named {
            by_named.entry(w).or_default().push(i);
        }
        if c.precision == Precision::Day {
            by_day.entry(a).or_default().push(i);
        }
    }
    for members in by_named.values() {
        join_overlapping(members, &candidates, &mut groups);
    }
    for members in by_day.values() {
        for (k, &i) in members.iter().enumerate() {
            // Looking back a bounded way keeps a day that thousands of articles name linear;
            // the groups are transitive, so a recent partner joins the earlier ones too.
            let recent = &members[k.saturating_sub(DAY_LOOKBACK)..k];
            if let Some(&j) = recent.iter().find(|&&j| same_event(&candidates[i], &candidates[j])) {
                groups.union(i, j);
            }
        }
    }
    // Year-unknown mentions join a mention of the same month and day that is the same event
    // by the same evidence (a named thing, or two key words), and take its year.
    let mut by_month_day: HashMap<MonthDayRange, Vec<usize>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if let Some((s, e)) = c.anchor {
            use chrono::Datelike;
            by_month_day.entry(((s.month(), s.day()), (e.month(), e.day()))).or_default().push(i);
        }
    }
    let mut adopted_years: Vec<(usize, NaiveDate, NaiveDate)> = Vec::new();
    for i in 0..candidates.len() {
        let Some(md) = candidates[i].month_day else { continue };
        let evidence = |j: &&usize| {
            let (a, b) = (&candidates[i], &candidates[**j]);
            // A phrase is evidence for a day only: "in January" and "January 2005" sharing
            // "compared with" are not one month.
            let both_days = a.precision == Precision::Day && b.precision == Precision::Day;
            shared(&a.named, &b.named) >= 1 || (both_days && shared(&a.pairs, &b.pairs) >= 1)
        };
        // Several years to choose from is no evidence for one of them, unless one outnumbers
        // the rest three to one: "the 11 September attacks" are of 2001 in a library where
        // one story misdated them.
        let matches: Vec<usize> =
            by_month_day.get(&md).map_or(Vec::new(), |list| list.iter().filter(evidence).copied().collect());
        let mut years: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
        for &j in &matches {
            if let Some((start, _)) = candidates[j].anchor {
                years.entry(start).or_default().push(j);
            }
        }
        let Some((_, most)) = years.iter().max_by_key(|(start, js)| (js.len(), std::cmp::Reverse(**start))) else {
            continue;
        };
        let others = matches.len() - most.len();
        if others == 0 || (most.len() >= 2 && most.len() >= 3 * others) {
            let j = most[0];
            groups.union(i, j);
            let (s, e) = candidates[j].anchor.unwrap_or_default();
            adopted_years.push((i, s, e));
        }
    }
    for (i, start, end) in adopted_years {
        let c = &mut candidates[i];
        c.anchor = Some((start, end));
        let d = &mut analyses[c.article].dates[c.date];
        d.when = When::Dates { start, end };
        d.inferred = true;
    }

    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if c.anchor.is_some() {
            by_root.entry(groups.find(i)).or_default().push(i);
        }
    }
    let mut result: Vec<Milestone> = by_root
        .into_values()
        .filter_map(|members| build(&candidates, &members, bodies, analyses, &phrase_text, &pair_text))
        .collect();
    result.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    result
}

/// The head words of documents and events ("Partnership", "Treaty", "Cup", "Visit", "war"),
/// folded, without a plural's "s": a clause that writes "a strategic partnership" in lower
/// case names the same kind of thing as "the Comprehensive Strategic Partnership". From the
/// bundled lexicon, read once.
fn named_heads() -> &'static std::collections::HashSet<String> {
    static HEADS: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    HEADS.get_or_init(|| {
        let lexicon = bundled_lexicon();
        lexicon
            .heads
            .iter()
            .filter(|(_, kind)| matches!(kind, EntityKind::Document | EntityKind::Event))
            .map(|(word, _)| word.as_str())
            .chain(lexicon.event_nouns.iter().map(String::as_str))
            .filter(|w| !w.contains(' ') && w.chars().count() >= 3)
            .map(|w| w.strip_suffix('s').unwrap_or(w).to_string())
            .collect()
    })
}

/// The bundled lexicon, read once for the timeline's word lists.
fn bundled_lexicon() -> &'static crate::extract::Lexicon {
    static LEXICON: std::sync::OnceLock<crate::extract::Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(crate::extract::Lexicon::bundled)
}

/// Whether a word is a place the lexicon knows ("Berlin", "Cannes").
fn known_place(word: &str) -> bool {
    bundled_lexicon().known.get(&crate::extract::name_key(word)).is_some_and(|known| known.kind == EntityKind::Place)
}

/// The lower-case words that end a compound ("-level", "-led", "-based"), folded.
fn compound_suffixes() -> &'static rustc_hash::FxHashSet<String> {
    &bundled_lexicon().compound_suffixes
}

/// The last two words of every document and event the library names, as phrase keys: "a
/// strategic partnership" in lower case names what "the Strategic Partnership" does.
fn named_tails(analyses: &[ArticleAnalysis]) -> std::collections::HashSet<String> {
    analyses
        .iter()
        .flat_map(|a| &a.entities)
        .filter(|e| matches!(e.kind, EntityKind::Document | EntityKind::Event))
        .filter_map(|e| {
            let words: Vec<String> =
                e.canonical.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold).collect();
            let [.., prev, head] = words.as_slice() else { return None };
            Some(phrase_key(prev, head.strip_suffix('s').unwrap_or(head)))
        })
        .collect()
}

/// The noun phrase a clause opens with, when all of the clause before its date is one: "The
/// attacks on the World Trade Center on" -> "attacks on the World Trade Center". None when a
/// verb stands there ("The company said on").
fn opening_noun_phrase(before: &str) -> Option<String> {
    let words: Vec<&str> = before.split_whitespace().collect();
    let first = fold(words.first()?.trim_matches(|c: char| !c.is_alphanumeric()));
    if !matches!(first.as_str(), "the" | "a" | "an") {
        return None;
    }
    let rest = &words[1..];
    if rest.is_empty() || rest.iter().any(|w| verb_like(w)) || rest.iter().any(|w| w.ends_with([',', ';', ':'])) {
        return None;
    }
    // Trailing prepositions are the date's own: "on", "in", "since". Without one the date
    // qualifies the noun after it, and what stands before it is no phrase of its own ("The
    // singer's 2004 tour" is no "singer's").
    let end = rest.iter().rposition(|w| !STOP.contains(&bare(w).as_str()))? + 1;
    if end == rest.len() {
        return None;
    }
    // Its head, the last word before its first preposition, must be something that happens
    // or a name: "The government hopes to increase ... by 2007" opens with no such phrase.
    let phrase = &rest[..end];
    let first_chunk = phrase.iter().position(|w| PHRASE_PREPOSITIONS.contains(&bare(w).as_str()));
    let head = phrase[..first_chunk.unwrap_or(phrase.len())].last()?;
    (phrase.iter().any(|w| content_word(w)) && (a_happening(head) || capitalised(head))).then(|| phrase.join(" "))
}

/// Auxiliaries, modals, "said" and the relative words: none is part of a noun phrase.
const VERB_WORDS: &[&str] = &[
    "is", "was", "were", "are", "be", "been", "has", "have", "had", "will", "would", "can", "could", "said", "says",
    "who", "which", "that", "when", "while",
];

/// The past forms of common irregular verbs, which "-ed" does not catch.
const IRREGULAR_PAST: &[&str] = &[
    "born", "became", "began", "begun", "bought", "brought", "broke", "broken", "built", "caught", "chose", "cut",
    "drew", "drove", "fell", "fallen", "felt", "fled", "flew", "fought", "found", "grew", "grown", "heard", "hit",
    "kept", "knew", "known", "led", "left", "let", "met", "paid", "quit", "ran", "rose", "risen", "sent", "shot",
    "sold", "spent", "spoke", "stood", "struck", "taught", "thought", "threw", "wore", "wrote", "written", "sang",
    "sat", "burst", "hung", "lay", "laid", "lent", "meant", "sought", "shook", "split", "spread", "stole", "swept",
    "swore", "tore", "woke", "went", "gone", "beat", "beaten", "drawn", "forgot", "sank", "sunk", "chosen", "driven",
    "frozen", "hidden", "ridden", "shaken", "spoken", "stolen", "sworn", "thrown", "worn", "become", "begin", "bring",
    "go", "run",
];

/// A word that reads as a verb or opens a new clause, by its spelling alone: an auxiliary, a
/// light verb, an irregular past form, or a lower-case word in "-ed".
fn verb_like(word: &str) -> bool {
    let bare = bare(word);
    let lower = word.chars().next().is_some_and(char::is_lowercase);
    VERB_WORDS.contains(&bare.as_str())
        || (lower
            && (bare.ends_with("ed")
                || CLAUSE_WORDS.contains(&bare.as_str())
                || IRREGULAR_PAST.contains(&bare.as_str())))
}

/// Nouns for things that happen or are done (the bundled lexicon's `happening_nouns`), folded.
fn happening_nouns() -> &'static rustc_hash::FxHashSet<String> {
    &bundled_lexicon().happening_nouns
}

/// A word without the punctuation around it, folded: "Vietnam's," -> "vietnam's".
fn bare(word: &str) -> String {
    fold(word.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// Whether a word, past any opening quote or bracket, starts with a capital.
fn capitalised(word: &str) -> bool {
    word.trim_start_matches(|c: char| !c.is_alphanumeric()).chars().next().is_some_and(char::is_uppercase)
}

/// Whether a noun phrase's head names something that happens or is done: a noun of the
/// lexicon's `happening_nouns` ("death", "ceremony", "investment"), or the head of a named
/// event or document ("Summit", "Treaty"). A capitalised word counts only as the latter:
/// "Island Records" is a company.
fn a_happening(word: &str) -> bool {
    let bare = bare(word);
    let singular = bare.strip_suffix('s').unwrap_or(&bare);
    named_heads().contains(singular)
        || (!capitalised(word) && (happening_nouns().contains(&bare) || happening_nouns().contains(singular)))
}

/// Prepositions that join two nouns inside one noun phrase: "ceremony for President Putin",
/// "investment in Russia", "signing of the treaty".
const PHRASE_PREPOSITIONS: &[&str] = &["of", "for", "on", "to", "in", "with", "between", "against", "from", "at"];

/// Words that open a noun phrase and are left out of a label.
const DETERMINERS: &[&str] =
    &["the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those", "my", "your"];

/// What stands between a noun phrase and the date that says when: "on the morning of", "at
/// the end of", "in early", "since".
const DATE_LEAD_INS: &[&str] = &[
    "in",
    "on",
    "at",
    "since",
    "from",
    "by",
    "of",
    "the",
    "until",
    "till",
    "during",
    "before",
    "after",
    "around",
    "between",
    "early",
    "late",
    "mid",
    "morning",
    "evening",
    "afternoon",
    "night",
    "end",
    "start",
    "beginning",
    "middle",
    "spring",
    "summer",
    "autumn",
    "winter",
    "weekend",
];

/// Verbs that report what someone said.
const REPORTING_VERBS: &[&str] =
    &["said", "says", "told", "tells", "stated", "added", "noted", "explained", "commented", "wrote", "remarked"];

/// Whether a date says only when something was said: "the ambassador said to the press on June
/// 19", "told reporters on 3 May", "said in a statement on Monday". What was said may name a
/// milestone; the saying is none.
fn dates_a_statement(body: &str, d: &DateMention) -> bool {
    let start = d.context.start.min(body.len());
    let before = &body[start..d.span.start.clamp(start, body.len())];
    if before.trim_end().ends_with([',', ';', ':']) {
        return false;
    }
    // The clause's last words, nearest the date first, past the date's lead-in ("on the
    // morning of"); only these are read, however long the clause.
    let mut tail: Vec<String> = Vec::with_capacity(4);
    for word in before.split_whitespace().rev().map(bare) {
        if tail.is_empty() && DATE_LEAD_INS.contains(&word.as_str()) {
            continue;
        }
        tail.push(word);
        if tail.len() == 4 {
            break;
        }
    }
    // The verb, then at most its listener or its medium: "to the press", "in an interview";
    // after "that" comes what was said ("added that the 2002 World Cup had been a success").
    let Some(verb) = tail.iter().position(|w| REPORTING_VERBS.contains(&w.as_str())) else { return false };
    !tail[..verb].iter().any(|w| w == "that")
}

/// Words that open a subordinate clause: a subject before one is not the subject of what
/// follows it ("the Budget will be his ninth since Labour came to power in 1997").
const SUBORDINATORS: &[&str] = &[
    "if", "as", "because", "although", "though", "whether", "unless", "since", "after", "before", "when", "until",
    "while", "which", "who", "that", "where", "once",
];

/// The noun phrase a date says when of, read back from the date over its lead-in: "the
/// welcoming ceremony for President Putin on the morning of June 20" -> "welcoming ceremony for
/// President Putin", "his re-election for the fifth term in March 2024" -> "re-election for the
/// fifth term", "his acting debut in 1950 in No Way Out" -> "acting debut in No Way Out".
/// Failing that, the subject of the date's clause when a verb follows it: "Vietnam's
/// investment in Russia increased sharply to 3 billion USD in 2023" -> "Vietnam's investment in
/// Russia". Either is taken only when its head noun names a happening; otherwise None: "in
/// Kentucky in 1963", a person's name or role, an amount ("3 billion USD"), a pronoun.
fn phrase_at_date(body: &str, d: &DateMention) -> Option<String> {
    let context = d.context.start.min(body.len())..d.context.end.min(body.len());
    let date = d.span.start.clamp(context.start, context.end)..d.span.end.clamp(context.start, context.end);
    let words: Vec<&str> = body[context.start..date.start].split_whitespace().collect();
    let is_figure = |w: &str| {
        let t = w.trim_matches(|c: char| !c.is_alphanumeric());
        (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.')))
            || matches!(bare(w).as_str(), "million" | "billion" | "trillion" | "thousand" | "hundred" | "bn" | "m")
    };
    // A figure is read into the phrase so that the phrase is then refused: "3 billion USD" is
    // an amount, and "billion USD" no thing.
    let noun_like = |w: &str| {
        let b = bare(w);
        !b.is_empty()
            && (b.chars().any(char::is_alphabetic) || is_figure(w))
            && !ends_clause(w)
            && !verb_like(w)
            && !CLAUSE_WORDS.contains(&b.as_str())
            && !SUBORDINATORS.contains(&b.as_str())
            && (!STOP.contains(&b.as_str()) || matches!(b.as_str(), "new" | "first" | "two" | "both"))
            && (!b.ends_with("ly") || capitalised(w))
    };
    // A preposition joins the nouns on its two sides; "to" only where a name, a determiner or
    // a happening follows ("visit to Vietnam"), as "to" before a verb opens a new clause
    // ("plans to bring").
    let joins = |prep: &str, next: &str| {
        let p = bare(prep);
        PHRASE_PREPOSITIONS.contains(&p.as_str())
            && (p != "to" || capitalised(next) || DETERMINERS.contains(&bare(next).as_str()) || a_happening(next))
    };
    // The head is the last noun before the phrase's first preposition: "investment" in
    // "Vietnam's investment in Russia". It must name a happening.
    let acceptable = |phrase: &[&str]| {
        let first_chunk = phrase.iter().position(|w| PHRASE_PREPOSITIONS.contains(&bare(w).as_str()));
        let head = phrase[..first_chunk.unwrap_or(phrase.len())].last();
        let last = phrase.last().map_or("", |w| w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '\''));
        phrase.len() <= 10
            && phrase.iter().filter(|w| content_word(&bare(w))).count() >= 2
            && head.is_some_and(|h| a_happening(h) && content_word(&bare(h)))
            && !last.ends_with("'s")
            && !last.ends_with('\'')
            && !phrase.iter().any(|w| is_figure(w))
    };
    // Words a phrase cannot open with: a verb after "to" ("agreed to suspend firearms sales"),
    // a verb in "-ing" with no determiner before it ("testing positive for ..."), and the
    // determiners and prepositions that such a cut leaves.
    let trim_opening = |start: &mut usize, end: usize| {
        while *start < end {
            let w = words[*start];
            let b = bare(w);
            let previous = if *start > 0 { bare(words[*start - 1]) } else { String::new() };
            let infinitive = previous == "to" && !capitalised(w);
            let verb_in_ing = b.ends_with("ing") && !capitalised(w) && !DETERMINERS.contains(&previous.as_str());
            let opener = DETERMINERS.contains(&b.as_str()) || PHRASE_PREPOSITIONS.contains(&b.as_str());
            if infinitive || verb_in_ing || opener {
                *start += 1;
            } else {
                break;
            }
        }
    };
    // Read back from the date over its lead-in.
    let mut end = words.len();
    while end > 0 && DATE_LEAD_INS.contains(&bare(words[end - 1]).as_str()) && !ends_clause(words[end - 1]) {
        end -= 1;
    }
    // "talks in Sochi, Russia, in 2014": a name's comma before another name or before the
    // date's lead-in sets off a place's country, not a new clause.
    let apposition = |k: usize| {
        let w = words[k];
        capitalised(w) && w.ends_with(',') && (k + 1 == end || words.get(k + 1).is_some_and(|n| capitalised(n)))
    };
    if end > 0 && (!ends_clause(words[end - 1]) || apposition(end - 1)) {
        let mut start = end;
        let mut i = end;
        while i > 0 {
            let w = words[i - 1];
            let b = bare(w);
            let next = words.get(i).copied().unwrap_or("");
            if apposition(i - 1) && !verb_like(w) {
                i -= 1;
                start = i;
            } else if DETERMINERS.contains(&b.as_str()) {
                // "signing of the treaty": the determiner sits inside the phrase.
                let inside = i >= 3 && joins(words[i - 2], w) && noun_like(words[i - 3]) && !ends_clause(words[i - 2]);
                if !inside {
                    break;
                }
                i -= 1;
            } else if i >= 2 && joins(w, next) && noun_like(words[i - 2]) && !ends_clause(w) {
                i -= 1;
            } else if i >= 2
                && b == "and"
                && capitalised(next)
                && capitalised(words[i - 2])
                && !ends_clause(words[i - 2])
            {
                // Two names make one place or party: "summits in Hanoi and Da Nang".
                i -= 1;
            } else if noun_like(w) {
                i -= 1;
                start = i;
            } else {
                break;
            }
        }
        trim_opening(&mut start, end);
        if start < end && acceptable(&words[start..end]) {
            let mut phrase = words[start..end].join(" ");
            // A name right after the date completes the phrase: "debut in 1950 in No Way Out".
            let after: Vec<&str> = body[date.end..context.end].split_whitespace().take(8).collect();
            if let [prep, rest @ ..] = after.as_slice() {
                let mut name: Vec<&str> = Vec::new();
                for w in rest.iter().copied().take_while(|w| capitalised(w)) {
                    name.push(w);
                    if ends_clause(w) {
                        break;
                    }
                }
                if matches!(bare(prep).as_str(), "in" | "at" | "for" | "with" | "against")
                    && !ends_clause(prep)
                    && (1..=5).contains(&name.len())
                {
                    phrase = format!("{phrase} {prep} {}", name.join(" "));
                }
            }
            return Some(phrase.trim_end_matches(|c: char| !c.is_alphanumeric()).to_string());
        }
    }
    // The clause's subject, when a verb follows it and nothing between that verb and the
    // date opens another clause.
    let first = words.iter().position(|w| {
        let b = bare(w);
        !STOP.contains(&b.as_str())
            && !LEADING_CONNECTIVES.contains(&b.as_str())
            && !SUBORDINATORS.contains(&b.as_str())
    })?;
    let verb = first + words[first..].iter().position(|w| verb_like(w) || ends_clause(w))?;
    if ends_clause(words[verb]) || words[verb + 1..].iter().any(|w| SUBORDINATORS.contains(&bare(w).as_str())) {
        return None;
    }
    let subject = &words[first..verb];
    acceptable(subject).then(|| subject.join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_string())
}

/// Each phrase's shown forms with how often each was printed, by interned key.
type PhraseForms = HashMap<u32, BTreeMap<String, usize>>;

/// The form printed most often; the fuller one on a tie ("terror attacks" over "attacks").
fn most_printed(forms: &BTreeMap<String, usize>) -> String {
    forms
        .iter()
        .max_by(|(a, n), (b, m)| n.cmp(m).then_with(|| a.len().cmp(&b.len())).then_with(|| b.cmp(a)))
        .map(|(form, _)| form.clone())
        .unwrap_or_default()
}

/// Words that say how long or when, not what happened: no phrase is made of them.
const TIME_WORDS: &[&str] = &[
    "days",
    "weeks",
    "months",
    "years",
    "hours",
    "minutes",
    "decade",
    "decades",
    "quarter",
    "quarters",
    "period",
    "week",
    "hour",
    "morning",
    "afternoon",
    "evening",
    "night",
    "today",
    "yesterday",
    "tomorrow",
    "ago",
    "later",
    "earlier",
    "previous",
    "following",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
];

/// Prepositions and light verbs: a pair with one of them is a piece of a clause ("match
/// against", "take place"), not a name of what happened.
const CLAUSE_WORDS: &[&str] = &[
    "against",
    "despite",
    "without",
    "within",
    "through",
    "across",
    "among",
    "amid",
    "towards",
    "toward",
    "around",
    "until",
    "via",
    "per",
    "upon",
    "onto",
    "off",
    "out",
    "down",
    "near",
    "behind",
    "beyond",
    "like",
    "including",
    "take",
    "takes",
    "took",
    "taken",
    "taking",
    "make",
    "makes",
    "made",
    "making",
    "get",
    "gets",
    "got",
    "going",
    "went",
    "come",
    "comes",
    "came",
    "give",
    "gives",
    "gave",
    "given",
    "see",
    "saw",
    "seen",
    "set",
    "put",
    "say",
    "tell",
    "told",
    "show",
    "shows",
    "showed",
    "won",
    "win",
    "wins",
    "lost",
    "lose",
    "play",
    "plays",
    "played",
    "held",
    "hold",
    "holds",
    "did",
    "does",
    "done",
    "may",
    "might",
    "must",
    "should",
    "shall",
    "just",
    "only",
    "even",
    "still",
    "now",
    "very",
    "much",
    "many",
    "some",
    "own",
    "what",
    "how",
    "why",
    "because",
    "whether",
    "our",
    "your",
    "him",
    "them",
    "you",
    "i",
    "me",
    "us",
    "place",
    "part",
    "due",
    "back",
    "ahead",
    "well",
    "being",
    "so",
];

/// A word that can be part of a phrase naming what happened: not a stop word, number, month,
/// weekday or time word.
fn content_word(word: &str) -> bool {
    let folded = fold(word);
    folded.chars().count() > 2
        && !folded.chars().any(|c| c.is_ascii_digit())
        && !STOP.contains(&folded.as_str())
        && !TIME_WORDS.contains(&folded.as_str())
        && crate::text::month_from_name(&folded).is_none()
        && crate::text::weekday_from_name(&folded).is_none()
}

/// The words of `body[range]` with their offsets, each with whether punctuation after it ends
/// a run of words ("Miami, at" is no phrase). Quotes and brackets before a word end one too.
fn runs_of_words(body: &str, range: Range<usize>) -> Vec<(Range<usize>, bool, bool)> {
    let text = &body[range.clone()];
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive(char::is_whitespace) {
        let at = range.start + offset;
        offset += raw.len();
        let trimmed_start = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
        let lead = raw.len() - trimmed_start.len();
        let word = trimmed_start.trim_end_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        let rest = &trimmed_start[word.len()..];
        let breaks_after = rest.trim().chars().any(|c| !matches!(c, '\'' | '’'));
        out.push((at + lead..at + lead + word.len(), lead > 0, breaks_after));
    }
    out
}

/// Pairs of content words in a row in `body[range]`, neither in a name `excluded` marks, as
/// (matching key, shown words).
fn content_pairs(body: &str, range: Range<usize>, excluded: &dyn Fn(usize) -> bool) -> Vec<(String, String)> {
    let words = runs_of_words(body, range);
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let [(a, _, a_breaks), (b, b_lead, _)] = pair else { continue };
        let (first, second) = (&body[a.clone()], &body[b.clone()]);
        let clause_word = |w: &str| CLAUSE_WORDS.contains(&fold(w).as_str());
        if *a_breaks
            || *b_lead
            || !content_word(first)
            || !content_word(second)
            || clause_word(first)
            || clause_word(second)
        {
            continue;
        }
        if excluded(a.start) || excluded(b.start) {
            continue;
        }
        let second_bare = second.trim_end_matches("'s").trim_end_matches("’s");
        out.push((
            format!("pair:{} {}", stem(&fold(first)), stem(&fold(second_bare))),
            format!("{first} {second_bare}"),
        ));
    }
    out
}

/// What a day qualifies: "the 11 September terror attacks in 2001" -> "terror attacks", "its
/// 15 March deadline" -> "deadline" (after an article or a possessive, up to four content
/// words). Matched by the last word, its head: "the 11 September attacks" and "the 11
/// September 2001 terror attacks" are one thing. `before` and `after` are the clause's parts
/// around the date.
fn noun_after_date(body: &str, before: Range<usize>, after: Range<usize>) -> Option<(String, String)> {
    let determiner = runs_of_words(body, before).last().is_some_and(|(w, _, breaks)| {
        let word = fold(&body[w.clone()]);
        !breaks
            && (matches!(word.as_str(), "the" | "its" | "his" | "her" | "their" | "our")
                || word.ends_with("'s")
                || word.ends_with("’s"))
    });
    if !determiner {
        return None;
    }
    let mut phrase: Vec<&str> = Vec::new();
    for (w, lead, breaks) in runs_of_words(body, after) {
        let word = &body[w];
        if lead || !content_word(word) || phrase.len() == 4 {
            break;
        }
        phrase.push(word);
        if breaks {
            break;
        }
    }
    let head = phrase.last()?;
    Some((format!("after:{}", stem(&fold(head))), phrase.join(" ")))
}

/// The name a date prefixes or stands in, as the byte range from the date to the name's end:
/// a document or event holding it ("Euro 2004", "the 2003 French Open") or starting right
/// after it, or else a phrase of the next two words that names a thing ("the 2000 US Open
/// final"). People, places and organisations are who and where, not what: "the 2004 Labour
/// conference" is no Labour Party.
fn attached_name(
    body: &str,
    entities: &[crate::extract::EntityMention],
    span: &Range<usize>,
    heads: &std::collections::HashSet<String>,
    tails: &std::collections::HashSet<String>,
) -> Option<Range<usize>> {
    let near_after = |e: &crate::extract::EntityMention| {
        e.span.start >= span.end
            && e.span.start <= span.end + 2
            && body.get(span.end..e.span.start).is_some_and(|gap| gap.chars().all(char::is_whitespace))
    };
    let holds = |e: &crate::extract::EntityMention| e.span.start <= span.start && span.end <= e.span.end;
    let upto = entities.partition_point(|e| e.span.start <= span.end + 2);
    let entity = entities[..upto]
        .iter()
        .rev()
        .take(8)
        .find(|e| (holds(e) || near_after(e)) && matches!(e.kind, EntityKind::Document | EntityKind::Event));
    if let Some(e) = entity {
        return Some(span.start.min(e.span.start)..e.span.end.max(span.end));
    }
    let mut limit = (span.end + 80).min(body.len());
    while !body.is_char_boundary(limit) {
        limit -= 1;
    }
    let words = runs_of_words(body, span.end..limit);
    let first = words.first()?;
    if !body[span.end..first.0.start].chars().all(char::is_whitespace) || first.0.start > span.end + 2 {
        return None;
    }
    let two = if first.2 { &words[..1] } else { &words[..words.len().min(2)] };
    let end = two.last()?.0.end;
    let phrases = head_phrases(&body[span.end..end], heads, tails);
    (!phrases.is_empty()).then_some(span.start..end)
}

/// Joins the mentions of one named thing whose anchors overlap, unless that would make one
/// event of two: a coarse anchor overlapping two times that do not overlap each other ("2003"
/// holding "7 March 2003" and "November 2003") joins neither, as they join no coarse anchor
/// through it. Same anchors always join.
fn join_overlapping(members: &[usize], candidates: &[Candidate], groups: &mut UnionFind) {
    let mut anchors: Vec<((NaiveDate, NaiveDate), usize)> =
        members.iter().filter_map(|&i| candidates[i].anchor.map(|a| (a, i))).collect();
    anchors.sort_unstable();
    // Distinct anchors, each with one member standing for all that share it.
    let mut distinct: Vec<((NaiveDate, NaiveDate), usize)> = Vec::new();
    for &(a, i) in &anchors {
        match distinct.last() {
            Some(&(b, rep)) if b == a => groups.union(rep, i),
            _ => distinct.push((a, i)),
        }
    }
    // For each distinct anchor, whether all it overlaps (itself included) share a time: in
    // one dimension, intervals overlap pairwise exactly when the latest start is no later
    // than the earliest end. Sorted by start, the ones overlapping an anchor start no later
    // than its end and no earlier than its start less the longest anchor: a window, not the
    // whole list, for a phrase a hundred thousand stories date.
    let longest = distinct.iter().map(|((s, e), _)| *e - *s).max().unwrap_or_default();
    let distinct = &distinct;
    let overlapping = move |k: usize| {
        let (start, end) = distinct[k].0;
        let from = distinct.partition_point(|((s, _), _)| *s < start - longest);
        let to = distinct.partition_point(|((s, _), _)| *s <= end);
        (from..to).filter(move |&j| distinct[j].0.1 >= start)
    };
    let unambiguous: Vec<bool> = (0..distinct.len())
        .map(|k| {
            let (latest_start, earliest_end) = overlapping(k)
                .map(|j| distinct[j].0)
                .fold((NaiveDate::MIN, NaiveDate::MAX), |(ls, ee), (s, e)| (ls.max(s), ee.min(e)));
            latest_start <= earliest_end
        })
        .collect();
    for k in 0..distinct.len() {
        if !unambiguous[k] {
            continue;
        }
        for j in overlapping(k).filter(|&j| j != k && unambiguous[j]) {
            groups.union(distinct[k].1, distinct[j].1);
        }
    }
}

/// The parts of `range` outside every one of `holes`.
fn outside(range: Range<usize>, holes: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut parts = vec![range];
    for hole in holes {
        parts = parts
            .into_iter()
            .flat_map(|p| {
                if hole.end <= p.start || p.end <= hole.start {
                    vec![p]
                } else {
                    vec![p.start..hole.start.max(p.start), hole.end.min(p.end)..p.end]
                }
            })
            .filter(|p| !p.is_empty())
            .collect();
    }
    parts
}

fn phrase_key(prev_folded: &str, head_singular: &str) -> String {
    format!("phrase:{} {head_singular}", stem(prev_folded))
}

/// The phrases of a stretch of clause that name a thing: a head word with the word before it,
/// one of the two capitalised ("World Cup", "State-level visit", "Putin's visit") or the pair
/// ending a document or event the library names ("a strategic partnership"), as (matching
/// key, shown words). "World Cup" and "Davis Cup" are two things; "the game", "last week" and
/// "bidding war" name none.
fn head_phrases(
    text: &str,
    heads: &std::collections::HashSet<String>,
    tails: &std::collections::HashSet<String>,
) -> Vec<(String, String)> {
    // Hyphenated words stay whole, to be shown: "State-level visit". A possessive's "s" is
    // no word: "Putin's visit" is Putin's.
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty() && *w != "s")
        .collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate().skip(1) {
        // Whole words, plurals aside: a crude stem would make "State" a "Statement".
        let folded = fold(w);
        let singular = folded.strip_suffix('s').unwrap_or(&folded);
        if !heads.contains(singular) {
            continue;
        }
        let shown = words[k - 1];
        // "State-level visit" is a State visit: a compound's suffix is not what it qualifies.
        let parts: Vec<&str> = shown.split('-').filter(|p| !p.is_empty()).collect();
        let prev = match parts.as_slice() {
            [.., first, suffix] if compound_suffixes().contains(&fold(suffix)) => fold(first),
            [.., last] => fold(last),
            [] => fold(shown),
        };
        let mut key = phrase_key(&prev, singular);
        // A place before a capitalised pair says which one: "Berlin Film Festival" and "Cannes
        // International Film Festival" are two festivals, not one "Film Festival". (Other
        // words do not: the "Rugby World Cup" is the World Cup of a rugby story.)
        let mut first = k - 1;
        if capitalised(w) && capitalised(shown) {
            let place_at = |j: usize| capitalised(words[j]) && known_place(words[j]);
            if let Some(j) = (k.saturating_sub(3)..k - 1).rev().find(|&j| place_at(j))
                && words[j + 1..k - 1].iter().all(|w| capitalised(w))
            {
                first = j;
                key = format!("{} {key}", fold(words[j]));
            }
        }
        // A capitalised head after a lower-case word is a name cut in two, or none: "won
        // Olympic gold" names nothing.
        let cut_name = capitalised(w) && !capitalised(shown) && !tails.contains(&key);
        let names = (capitalised(w) || capitalised(shown) || tails.contains(&key))
            && !cut_name
            && !STOP.contains(&prev.as_str())
            && !prev.chars().all(|c| c.is_ascii_digit())
            && crate::text::month_from_name(&prev).is_none()
            && crate::text::weekday_from_name(&prev).is_none();
        if names {
            out.push((key, format!("{} {w}", words[first..k].join(" "))));
        }
    }
    out
}

/// How far beyond its clause a sentence is looked for, in bytes: a body of one endless line
/// (a 1 MB paste) must not make every date scan all of it.
const SENTENCE_REACH: usize = 400;

/// The sentence that holds `clause`: from after the last sentence end before it to the
/// first after it (". ", "! ", "? " or a paragraph break), within [`SENTENCE_REACH`] of it;
/// the clause's own edge where none is that near.
fn sentence_around(body: &str, clause: Range<usize>) -> Range<usize> {
    let ends_sentence = |at: &usize| {
        let rest = &body[*at..];
        rest.starts_with("\n\n") || (rest.starts_with(['.', '!', '?']) && rest[1..].starts_with(char::is_whitespace))
    };
    let boundary = |at: &usize| body.is_char_boundary(*at);
    let (from, to) = (clause.start.min(body.len()), clause.end.min(body.len()));
    let lo = from.saturating_sub(SENTENCE_REACH);
    let start = match (lo..from).rev().filter(boundary).find(ends_sentence) {
        Some(i) => i + 1,
        None if lo == 0 => 0,
        None => from,
    };
    let hi = (to + SENTENCE_REACH).min(body.len());
    let end = match (to..hi).filter(boundary).find(ends_sentence) {
        Some(i) => i + 1,
        None if hi == body.len() => body.len(),
        None => to,
    };
    start.min(clause.start)..end.max(clause.end)
}

/// How many ids two sorted lists share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    a.iter().filter(|w| b.binary_search(w).is_ok()).count()
}

/// Two mentions of the same day: the same event when they name the same thing, or both print
/// the day in full as the day of an event (not the end of a period: "the three months to 31
/// December 2004").
fn same_event(a: &Candidate, b: &Candidate) -> bool {
    shared(&a.named, &b.named) >= 1 || (a.printed_in_full && b.printed_in_full)
}

fn is_relative(text: &str) -> bool {
    let t = text.to_lowercase();
    ["past", "last", "this", "next", "coming", "yesterday", "tomorrow", "tonight", "weekend", " ago"]
        .iter()
        .any(|w| t.contains(w))
}

fn build(
    candidates: &[Candidate],
    members: &[usize],
    bodies: &[&str],
    analyses: &[ArticleAnalysis],
    phrase_text: &PhraseForms,
    pair_text: &PhraseForms,
) -> Option<Milestone> {
    // The milestone is dated as precisely as two of its articles date it: "the Iraq war" of
    // 2003 in a dozen stories is not the one day a single story gives. On its own, an article
    // dates it as precisely as it can.
    let mut levels: Vec<Precision> = members.iter().map(|&i| candidates[i].precision).collect();
    levels.sort();
    levels.dedup();
    let articles_at = |p: Precision| {
        let mut a: Vec<usize> =
            members.iter().filter(|&&i| candidates[i].precision == p).map(|&i| candidates[i].article).collect();
        a.sort_unstable();
        a.dedup();
        a.len()
    };
    let finest =
        levels.iter().copied().find(|&p| articles_at(p) >= 2).or(levels.first().copied()).unwrap_or(Precision::Year);
    // The milestone spans its mentions at that precision: "June 19" and "June 19-20" make
    // June 19-20.
    let precise = members.iter().filter(|&&i| candidates[i].precision == finest).filter_map(|&i| candidates[i].anchor);
    let (start, end) = precise
        .fold(None, |acc: Option<(NaiveDate, NaiveDate)>, (s, e)| match acc {
            None => Some((s, e)),
            Some((a, b)) => Some((a.min(s), b.max(e))),
        })
        .unwrap_or_default();
    let label = label(candidates, members, bodies, analyses, phrase_text, pair_text)?;
    let mut mentions: Vec<MilestoneMention> = members
        .iter()
        .map(|&i| MilestoneMention { article: candidates[i].article, date: candidates[i].date })
        .collect();
    mentions.sort();
    mentions.dedup();
    let mut articles: Vec<usize> = mentions.iter().map(|m| m.article).collect();
    articles.dedup();
    Some(Milestone { start, end, precision: finest, label, mentions, articles })
}

/// The document or event the group's clauses name most often; else the phrase most of them
/// share ("strategic partnership", "terror attacks"); else the pair of words most of them
/// share ("diplomatic relations"); else the person, organisation or thing their sentences name
/// most often; else a phrase one of them gives; else the clause without its date that shares
/// the most key words with the rest of the group, shortest on a tie.
fn label(
    candidates: &[Candidate],
    members: &[usize],
    bodies: &[&str],
    analyses: &[ArticleAnalysis],
    phrase_text: &PhraseForms,
    pair_text: &PhraseForms,
) -> Option<String> {
    let mut named: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for &i in members {
        for (key, canonical, _) in candidates[i].entities.iter().filter(|e| e.2) {
            named.entry(&**key).or_insert((0, &**canonical)).0 += 1;
        }
    }
    // A group of several mentions is labelled by a thing a third of them (and two at least)
    // name: "11 September 2001" printed in a dozen stories is not the convention two of them
    // cite beside it.
    let needed = if members.len() >= 2 { (members.len() / 3).max(2) } else { 1 };
    if let Some((_, canonical)) = named
        .values()
        .filter(|(n, _)| *n >= needed)
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.len().cmp(&a.1.len())))
    {
        return Some(canonical.to_string());
    }
    let most_shared = |forms: &PhraseForms, ids: &dyn Fn(&Candidate) -> &Vec<u32>, at_least: usize| {
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &i in members {
            for id in ids(&candidates[i]).iter().filter(|id| forms.contains_key(id)) {
                *counts.entry(*id).or_default() += 1;
            }
        }
        counts
            .iter()
            .filter(|(_, n)| **n >= at_least)
            .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
            .map(|(id, _)| most_printed(&forms[id]))
    };
    fn named_phrases(c: &Candidate) -> &Vec<u32> {
        &c.named
    }
    fn pairs(c: &Candidate) -> &Vec<u32> {
        &c.pairs
    }
    if let Some(text) = most_shared(phrase_text, &named_phrases, 2).or_else(|| most_shared(pair_text, &pairs, 2)) {
        return Some(text);
    }
    // Mentions joined by a day printed in full and nothing named in common: the name their
    // clauses give most often, whoever or wherever it is ("Ossie Davis" for the day he died).
    // Places say where, not what: "Miami" is no event.
    let mut names: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for &i in members {
        let c = &candidates[i];
        let d = &analyses[c.article].dates[c.date];
        let sentence = sentence_around(bodies[c.article], d.context.clone());
        let mut seen: Vec<&str> = Vec::new();
        let in_sentence = |e: &&crate::extract::EntityMention| {
            e.kind != EntityKind::Place && e.span.start >= sentence.start && e.span.end <= sentence.end
        };
        for e in analyses[c.article].entities.iter().filter(in_sentence) {
            if !seen.contains(&&*e.key) {
                seen.push(&e.key);
                names.entry(&e.key).or_insert((0, &e.canonical)).0 += 1;
            }
        }
    }
    if let Some((_, canonical)) =
        names.values().filter(|(n, _)| *n >= 2).max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.len().cmp(&a.1.len())))
    {
        return Some(canonical.to_string());
    }
    // A phrase one mention gives still names the thing better than a clause; so does the noun
    // phrase a clause opens with before its date ("The attacks on the World Trade Center on
    // 11 September 2001 heightened ...").
    if let Some(text) = most_shared(phrase_text, &named_phrases, 1) {
        return Some(text);
    }
    if let Some(text) = members.iter().find_map(|&i| {
        let c = &candidates[i];
        // "three state visits to Orsk in 2001 and 2013": the later date is of what the first is.
        let d = lead_of_coordination(bodies[c.article], &analyses[c.article].dates, c.date);
        let before = &bodies[c.article][d.context.start..d.span.start.clamp(d.context.start, d.context.end)];
        opening_noun_phrase(before).or_else(|| phrase_at_date(bodies[c.article], d)).filter(|p| !reads_as_clause(p))
    }) {
        return Some(crate::text::shorten(&text, 70));
    }
    if let Some(text) = members.iter().find_map(|&i| {
        let c = &candidates[i];
        qualified_noun(bodies[c.article], &analyses[c.article].dates[c.date])
    }) {
        return Some(crate::text::shorten(&text, 70));
    }
    // What is left is a clause, and a clause with its date cut out names no event: "became
    // shadow chancellor under John Smith's leadership", "widely tipped for May". Such a date
    // stays in its article's dates, but it is no milestone; unless several articles print
    // that day in full, which makes it one: it is shown by the first one's clause, date and all.
    let mut articles: Vec<usize> = members.iter().map(|&i| candidates[i].article).collect();
    articles.dedup();
    (articles.len() >= 2).then(|| {
        let c = &candidates[members[0]];
        let d = &analyses[c.article].dates[c.date];
        crate::text::shorten(bodies[c.article][d.context.clone()].trim(), 70)
    })
}

/// The first date of a list the date at `index` ends: "in 2001 and 2013", "on 3, 5 and 9 May"
/// (the date itself when it is in no list).
fn lead_of_coordination<'a>(body: &str, dates: &'a [DateMention], index: usize) -> &'a DateMention {
    let mut lead = index;
    while lead > 0 {
        let (before, this) = (&dates[lead - 1], &dates[lead]);
        let joined = body.get(before.span.end..this.span.start).is_some_and(|between| {
            let words: Vec<&str> =
                between.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
            matches!(words.as_slice(), [] | ["and"] | ["or"])
        });
        if !joined {
            break;
        }
        lead -= 1;
    }
    &dates[lead]
}

/// The part of `sentence` on the date's side of every quotation mark (and of a colon that
/// opens a quotation) around it.
fn within_quotation(body: &str, sentence: Range<usize>, date: &Range<usize>) -> Range<usize> {
    let is_edge = |c: char| matches!(c, '"' | '“' | '”' | ':');
    let start = body[sentence.start..date.start.clamp(sentence.start, sentence.end)]
        .char_indices()
        .rfind(|&(_, c)| is_edge(c))
        .map_or(sentence.start, |(i, c)| sentence.start + i + c.len_utf8());
    let from = date.end.clamp(sentence.start, sentence.end);
    let end = body[from..sentence.end].find(is_edge).map_or(sentence.end, |i| from + i);
    start..end
}

/// A phrase with a subject pronoun, a negated verb or a relative word in it is a clause, whatever
/// its head: "I don't expect a strong and lasting turnaround", "return to the theatre where she".
fn reads_as_clause(phrase: &str) -> bool {
    phrase.split_whitespace().any(|w| {
        let b = bare(w);
        matches!(b.as_str(), "i" | "we" | "he" | "she" | "they" | "you" | "it" | "where" | "which" | "who")
            || b.ends_with("n't")
            || b.ends_with("n’t")
    })
}

/// Words that give what follows them as a cause or as what came before: "because of", "due
/// to", "following", "after".
const CAUSAL_WORDS: &[&str] = &["because", "due", "owing", "thanks", "following", "after"];

/// Adverbs that carry a clause on past a noun phrase (beside [`STOP`]'s "also" and "then").
const CLAUSE_ADVERBS: &[&str] =
    &["never", "earlier", "later", "still", "now", "again", "ever", "already", "soon", "once", "too"];

/// The noun a date qualifies after a determiner, with the date: "plans, which date from the
/// 2005 season" -> "2005 season", "a 1998 ICM survey showed" -> "1998 ICM survey". The clause
/// around it, closed up where the date was, would read "date season". Only after a determiner:
/// in "in 2005 Blair won" the date qualifies nothing.
fn qualified_noun(body: &str, d: &DateMention) -> Option<String> {
    let end = d.context.end.clamp(d.span.end, body.len());
    let (before, rest) = (body.get(..d.span.start)?, body.get(d.span.end..end)?);
    let determiner = before.strip_suffix(' ')?.rsplit(char::is_whitespace).next()?;
    // A number qualifies a noun ("the 2005 season"); a phrase of words ("the fourth quarter of
    // 2004") is the date itself, and what follows it is the clause's.
    let numeric = body[d.span.clone()].starts_with(|c: char| c.is_ascii_digit());
    // A possessive is a determiner that says whose, and stays: "the singer's 2004 tour".
    let possessive = (determiner.ends_with("'s") || determiner.ends_with("s'") || determiner.ends_with("’s"))
        && determiner.chars().next().is_some_and(char::is_alphabetic);
    if !numeric || !(possessive || DETERMINERS.contains(&bare(determiner).as_str())) || !rest.starts_with(' ') {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    for w in rest.split_whitespace().take(6) {
        let b = bare(w);
        let lower = w.starts_with(char::is_lowercase);
        // Where the noun phrase ends and the clause goes on: a verb, an adverb ("the 1981 tour
        // never happened", "the 2004 target earlier").
        let goes_on = verb_like(w)
            || (lower && (b.ends_with("ly") || (!words.is_empty() && b.ends_with("ing"))))
            || CLAUSE_ADVERBS.contains(&b.as_str());
        if b.is_empty() || STOP.contains(&b.as_str()) || goes_on || !w.starts_with(char::is_alphabetic) {
            break;
        }
        let word = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        words.push(word);
        if word.len() < w.len() {
            break;
        }
    }
    // A possessor named in several words is named whole: "the All Blacks' 1935 tour".
    let whose = if possessive {
        let mut words: Vec<&str> = before.split_whitespace().rev().take(4).collect();
        let named = capitalised(determiner);
        let take = 1 + words[1..]
            .iter()
            .take_while(|w| named && capitalised(w) && !STOP.contains(&bare(w).as_str()) && !ends_clause(w))
            .count();
        words.truncate(take);
        words.reverse();
        format!("{} ", words.join(" "))
    } else {
        String::new()
    };
    (!words.is_empty()).then(|| format!("{whose}{} {}", &body[d.span.clone()], words.join(" ")))
}

/// A word that ends a clause or a list item: "Moscow," "said."
fn ends_clause(word: &str) -> bool {
    word.ends_with([',', ';', ':', '.', '!', '?'])
}

/// Words that open a clause's list or aside, not what happened: "including two official
/// visits in 2001" is about "two official visits".
const LEADING_CONNECTIVES: &[&str] = &["including", "include", "includes", "notably", "especially", "particularly"];

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind { parent: (0..n).collect() }
    }
    fn find(&mut self, i: usize) -> usize {
        let mut root = i;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut x = i;
        while self.parent[x] != root {
            let next = self.parent[x];
            self.parent[x] = root;
            x = next;
        }
        root
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index stays root, so grouping does not depend on visiting order.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

/// The milestones that involve an entity: some mention of the milestone stands in a paragraph
/// (a block of its article) that names the entity `name` — by its shown name or any form used,
/// case, spacing and diacritics aside: "asean" finds "ASEAN". A paragraph, not the clause: news
/// names the actor in one sentence and dates the act in the next. In timeline order.
pub fn involving(
    milestones: &[Milestone],
    articles: &[crate::article::Article],
    analyses: &[ArticleAnalysis],
    name: &str,
) -> Vec<usize> {
    let wanted = crate::extract::name_key(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    (0..milestones.len())
        .filter(|&m| {
            milestones[m].mentions.iter().any(|mm| {
                let (article, x) = (&articles[mm.article], &analyses[mm.article]);
                let Some(date) = x.dates.get(mm.date) else { return false };
                let Some(block) = article.blocks.iter().find(|b| b.range.contains(&date.span.start)) else {
                    return false;
                };
                x.entities.iter().any(|e| {
                    block.range.start <= e.span.start
                        && e.span.end <= block.range.end
                        // The key is "kind:" and the shown name's key.
                        && (e.key.split_once(':').is_some_and(|(_, k)| k == wanted)
                            || crate::extract::name_key(&article.body[e.span.clone()]) == wanted)
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn stems_meet() {
        assert_eq!(stem("relations"), stem("relationship"));
        assert_eq!(stem("established"), stem("establishment"));
        assert_eq!(stem("partnership"), stem("partners"));
    }

    /// The milestones of a few dated texts, with their labels.
    fn timeline_of(texts: &[&str]) -> Vec<Milestone> {
        let articles: Vec<crate::article::Article> = texts
            .iter()
            .enumerate()
            .map(|(i, body)| {
                let text = format!("+++\ntitle = \"t{i}\"\npublished = 2024-06-19\n+++\n\n{body}\n");
                crate::article::parse_article(&format!("t{i}"), &text).unwrap()
            })
            .collect();
        crate::analysis::analyze_library(&articles, &crate::extract::Analyzer::bundled()).milestones
    }

    #[test]
    fn a_day_printed_in_full_joins_and_a_named_day_needs_a_shared_word() {
        let ms = timeline_of(&[
            "On 30 January 1950, the two countries opened embassies.",
            "Ties go back to 30 January 1950, when envoys were first exchanged.",
            "Shops were busy on Christmas Day 2023 as families queued for toys.",
            "Snow fell across the hills on Christmas Day 2023 and roads closed.",
        ]);
        let on = |y: i32, m: u32, d: u32| {
            ms.iter().filter(|m0| m0.start == NaiveDate::from_ymd_opt(y, m, d).unwrap()).collect::<Vec<_>>()
        };
        assert_eq!(on(1950, 1, 30).len(), 1, "{ms:#?}");
        assert_eq!(on(1950, 1, 30)[0].articles.len(), 2);
        assert!(on(2023, 12, 25).iter().all(|m0| m0.articles.len() == 1), "{ms:#?}");
    }

    #[test]
    fn the_end_of_a_period_is_no_event() {
        let ms = timeline_of(&[
            "Operating profit in the three months to 31 December 2004 was 9.5bn kronor.",
            "Sales in the three months to 31 December 2004 rose by 4%, the bank said.",
        ]);
        assert!(ms.iter().all(|m| !m.is_cross_referenced()), "{ms:#?}");
    }

    #[test]
    fn a_day_that_qualifies_a_noun_names_what_happened() {
        let ms = timeline_of(&[
            "Flights resumed weeks after the 5 March bomb attacks on the port.",
            "Since the 5 March attacks, the port has stayed shut to ferries.",
            "Trading was quiet on 5 March, brokers in the capital said.",
        ]);
        let joined: Vec<&Milestone> = ms.iter().filter(|m| m.is_cross_referenced()).collect();
        assert_eq!(joined.len(), 1, "{ms:#?}");
        assert_eq!(joined[0].articles, [0, 1]);
        // Each form is printed once: the fuller one labels it.
        assert_eq!(joined[0].label, "bomb attacks");
    }

    #[test]
    fn a_cross_reference_is_labelled_by_what_it_names_never_by_a_clause() {
        let ms = timeline_of(&[
            "The blasts at the Orsk refinery on 11 October 2001 shook the town.",
            "Insurance claims rose to levels not seen since 11 October 2001, brokers said.",
        ]);
        let joined: Vec<&Milestone> = ms.iter().filter(|m| m.is_cross_referenced()).collect();
        assert_eq!(joined.len(), 1, "{ms:#?}");
        assert_eq!(joined[0].label, "blasts at the Orsk refinery");
    }

    #[test]
    fn a_capitalised_head_after_a_verb_is_no_phrase() {
        let heads = named_heads();
        let tails = std::collections::HashSet::new();
        assert!(head_phrases("who won Olympic 200m silver in Sydney", heads, &tails).is_empty());
        let found = head_phrases("at the Sydney Olympics", heads, &tails);
        assert_eq!(found.iter().map(|(_, shown)| shown.as_str()).collect::<Vec<_>>(), ["Sydney Olympics"]);
    }

    #[test]
    fn a_date_that_prefixes_a_name_is_that_name_and_not_its_neighbours() {
        // Made-up stories. "the 1997 Varna Open" says what 1997 is; the other cup in the
        // sentence is not of 1997, and the neighbouring date's name is that date's.
        let ms = timeline_of(&[
            "Petrov, the 1997 Varna Open champion, later lost two Kessel Cup finals.",
            "She won the 1997 Kessel Cup final and the Varna Open in 1999.",
            "The 1996 Varna Open champion was injured for all of 1997.",
        ]);
        let in_1997: Vec<&str> = ms.iter().filter(|m| m.start.year() == 1997).map(|m| m.label.as_str()).collect();
        assert!(ms.iter().all(|m| !m.is_cross_referenced()), "{ms:#?}");
        // "all of 1997" names nothing that happened: no milestone.
        assert_eq!(in_1997, ["Kessel Cup", "Varna Open"], "{ms:#?}");
    }

    #[test]
    fn a_year_does_not_join_two_different_days_of_one_thing() {
        // The Dorn Accord "in 2003" holds its March and its November: which one is meant is
        // not known, so it joins neither, and the two stay apart.
        let ms = timeline_of(&[
            "Talks on the Dorn Accord opened on 7 March 2003.",
            "On 7 March 2003 talks on the Dorn Accord began.",
            "The Dorn Accord was signed in November 2003.",
            "By November 2003 the Dorn Accord had been signed.",
            "The Dorn Accord took much of 2003 to agree.",
        ]);
        let joined: Vec<&Milestone> = ms.iter().filter(|m| m.is_cross_referenced()).collect();
        assert_eq!(joined.len(), 2, "{ms:#?}");
        assert_eq!(joined[0].articles, [0, 1]);
        assert_eq!(joined[1].articles, [2, 3]);
        assert!(ms.iter().any(|m| m.articles == [4]), "{ms:#?}");
    }

    #[test]
    fn a_bare_year_joins_nothing_by_itself_and_a_named_thing_does() {
        // Made-up stories: one word in common and the same year are two events.
        let ms = timeline_of(&[
            "Kelmar Foods opened its first shop in 2003 in the north.",
            "The first ferry to Orsk sailed in 2003 from the north.",
            "The Orsk Harbour Accord was signed in 2003 after long talks.",
            "Under the Orsk Harbour Accord of May 2003, ferries sail daily.",
        ]);
        let in_2003: Vec<&Milestone> = ms.iter().filter(|m| m.start.year() == 2003).collect();
        let joined: Vec<&&Milestone> = in_2003.iter().filter(|m| m.is_cross_referenced()).collect();
        assert_eq!(joined.len(), 1, "{ms:#?}");
        assert_eq!(joined[0].label, "Orsk Harbour Accord");
        assert_eq!(joined[0].articles, [2, 3]);
    }

    #[test]
    fn a_lower_case_phrase_joins_the_thing_it_names_and_a_weekday_word_does_not() {
        let ms = timeline_of(&[
            "The two countries signed the Kestrel Strategic Partnership in 2009.",
            "They set up a strategic partnership in 2009, officials recalled.",
            "Trading was brisk last week in 2009, brokers said.",
            "Rain fell last week in 2009 across the plains.",
        ]);
        let joined: Vec<&Milestone> = ms.iter().filter(|m| m.is_cross_referenced()).collect();
        assert_eq!(joined.len(), 1, "{ms:#?}");
        assert_eq!(joined[0].articles, [0, 1]);
    }

    #[test]
    fn a_sentence_is_looked_for_near_its_clause_only() {
        let body = "First one. During the visit in 2001, they signed it. Next one.";
        let at = body.find("During").unwrap();
        let s = sentence_around(body, at..at + 10);
        assert_eq!(&body[s], " During the visit in 2001, they signed it.");
        // One endless line: the sentence stops within reach of the clause.
        let long = "word ".repeat(10_000);
        let s = sentence_around(&long, 25_000..25_010);
        assert!(s.start >= 25_000 - SENTENCE_REACH && s.end <= 25_010 + SENTENCE_REACH, "{s:?}");
        assert_eq!(sentence_around("in 2001 they met", 3..7), 0..16);
    }

    #[test]
    fn the_day_something_was_said_is_no_milestone_and_what_was_said_may_be() {
        // Made-up sentences.
        assert!(timeline_of(&["Envoy Ilse Varga said to the press on 4 May 2011 she was hopeful."]).is_empty());
        assert!(timeline_of(&["The mayor told reporters in June 2008 the bridge was safe."]).is_empty());
        let ms = timeline_of(&["Varga added that the 2002 Orsk Regatta had been a success."]);
        assert_eq!(ms.len(), 1, "{ms:#?}");
    }

    #[test]
    fn a_label_is_the_noun_phrase_its_date_is_of() {
        // Made-up sentences.
        let label_of = |text: &str| timeline_of(&[text]).into_iter().map(|m| m.label).collect::<Vec<_>>();
        assert_eq!(label_of("Two-way trade in 2023 still topped 3.6 billion USD, officials said."), ["Two-way trade"]);
        assert_eq!(
            label_of("Mayor Ivo Kral opened the harvest festival for the Orsk growers on the morning of 3 May 2011."),
            ["harvest festival for the Orsk growers"]
        );
        assert_eq!(
            label_of("It was her first trip abroad since her re-election for a third term in March 2019."),
            ["re-election for a third term"]
        );
        assert_eq!(
            label_of("Kelmar's investment in Orsk rose sharply to 40 million euros in 2015, it said."),
            ["Kelmar's investment in Orsk"]
        );
        assert_eq!(
            label_of("Dana Berez made her stage debut in 1988 in The Salt Road, a play."),
            ["stage debut in The Salt Road"]
        );
        assert_eq!(label_of("Kral and Varga held talks in Orsk, Kessel, in 2014."), ["talks in Orsk, Kessel"]);
        // A date whose clause names nothing that happened is no milestone: a place, a person or
        // an amount is no happening, and a clause with its date cut out would be a torn label.
        let none: [&str; 0] = [];
        assert_eq!(label_of("In Orsk, in 2014, Kral and Varga held talks."), none);
        assert_eq!(label_of("Berez was born in Orsk in 1961."), none);
        assert_eq!(label_of("Sales reached 3 billion units in 2014."), none);
        assert_eq!(label_of("In 2005 Kral won easily."), none);
        // A date that qualifies a noun labels it with the noun, not with its clause torn open.
        assert_eq!(label_of("Its rules, which date from the 2005 season, were kept."), ["2005 season"]);
        let ms = timeline_of(&["Milburn scored 200 league and cup goals between 1946 and 1957 for the club."]);
        assert!(ms.iter().all(|m| !m.label.contains("between and")), "{ms:#?}");
    }

    #[test]
    fn a_thing_across_a_quotation_or_given_as_a_cause_is_not_of_the_date() {
        // Made-up sentences; curly quotes are several bytes long.
        let labels = |text: &str| timeline_of(&[text]).into_iter().map(|m| m.label).collect::<Vec<_>>();
        let none: [&str; 0] = [];
        assert_eq!(labels("At the Orsk Summit he said: “Our troubles began in 1998 and never ended.”"), none);
        assert_eq!(labels("He quit the club in May 2009 because of the Kessel Cup final."), none);
        assert_eq!(labels("Sales fell in 2003 following the Orsk War, the firm said."), none);
        assert_eq!(labels("In 2003 the Orsk War began."), ["Orsk War"]);
    }

    #[test]
    fn a_place_before_a_named_pair_says_which_one() {
        // Made-up stories: two festivals of one year are two milestones; the same cup with and
        // without its sport is one.
        let ms = timeline_of(&[
            "At the 2004 Berlin Film Festival the jury gave a tied award.",
            "The film won at the Cannes International Film Festival in 2004.",
            "England won the 2003 Rugby World Cup in Sydney.",
            "The 2003 World Cup final went to extra time.",
        ]);
        let shared: Vec<&str> = ms.iter().filter(|m| m.is_cross_referenced()).map(|m| m.label.as_str()).collect();
        assert_eq!(shared, ["World Cup"], "{ms:#?}");
    }

    #[test]
    fn a_phrase_with_a_subject_or_a_relative_word_reads_as_a_clause() {
        assert!(reads_as_clause("I don't expect a strong and lasting turnaround"));
        assert!(reads_as_clause("return to the theatre where she"));
        assert!(!reads_as_clause("decision to not re-hire Brad Gilbert"));
        assert!(!reads_as_clause("welcoming ceremony for President Vladimir Putin"));
    }

    #[test]
    fn a_label_leaves_out_the_other_dates_of_its_clause_and_the_words_that_open_a_list() {
        let ms = timeline_of(&["Ties grew, including three state visits to Orsk in 2001 and 2013, officials said."]);
        let labels: Vec<(String, &str)> = ms.iter().map(|m| (m.start.to_string(), m.label.as_str())).collect();
        assert!(labels.contains(&("2001-01-01".into(), "three state visits to Orsk")), "{labels:?}");
        assert!(labels.contains(&("2013-01-01".into(), "three state visits to Orsk")), "{labels:?}");
        assert!(labels.iter().all(|(_, l)| !l.contains("2001") && !l.contains("2013")), "{labels:?}");
    }

    #[test]
    fn milestones_involving_an_entity() {
        let library = crate::Library::bundled();
        let analysis = crate::analysis::analyze_library(&library.articles, &crate::extract::Analyzer::bundled());
        let all = analysis.milestones.len();
        let asean = involving(&analysis.milestones, &library.articles, &analysis.articles, "asean");
        assert!(!asean.is_empty() && asean.len() < all, "{} of {all}", asean.len());
        assert!(asean.windows(2).all(|w| w[0] < w[1]), "in timeline order");
        // Every one of them has a mention in a paragraph that names ASEAN.
        for &m in &asean {
            let named = analysis.milestones[m].mentions.iter().any(|mm| {
                let body = &library.articles[mm.article].body;
                let at = analysis.articles[mm.article].dates[mm.date].span.start;
                let start = body[..at].rfind("\n\n").map_or(0, |i| i + 2);
                let end = body[at..].find("\n\n").map_or(body.len(), |i| at + i);
                body[start..end].contains("ASEAN") || body[start..end].contains("Southeast Asian")
            });
            assert!(named, "{}", analysis.milestones[m].label);
        }
        assert!(involving(&analysis.milestones, &library.articles, &analysis.articles, "Nobody Atall").is_empty());
        assert!(involving(&analysis.milestones, &library.articles, &analysis.articles, "  ").is_empty());
    }
}
