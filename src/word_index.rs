//! An inverted index of the library's words, for the list filter: which articles hold a word,
//! a part of a word, or a phrase, answered without keeping the text itself in memory.
//!
//! Why an index rather than a scan of the folded text: at 100,000 articles the folded text is
//! some 300 MB that every keystroke reads through (20 ms on two cores, more than a frame),
//! and it stays resident for the life of the reader. The index keeps:
//!
//! - the **vocabulary**, every distinct folded word once, sorted, in one buffer with a newline
//!   after each word, so that a part of a word is found by one vectorised substring scan of a
//!   few megabytes, a prefix by bisection;
//! - each word's **postings**, the articles that hold it, as gaps in LEB128 varints (most gaps
//!   fit a byte), and as a bitmap for a word in an eighth of the articles or more (the bitmap
//!   is then no larger, and merging it costs a pass over a few kilobytes);
//! - each article's **word sequence**, as varint word numbers in the order first seen (the
//!   commonest words are seen first and take one byte), to confirm that a phrase's words stand
//!   next to each other.
//!
//! Words are runs of letters and digits of the folded text ([`crate::text::fold`]: lower
//! case, no diacritics); punctuation and spacing between a phrase's words are not compared.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// A set of articles, one bit each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSet {
    bits: Vec<u64>,
}

impl ArticleSet {
    pub fn empty(articles: usize) -> ArticleSet {
        ArticleSet { bits: vec![0; articles.div_ceil(64)] }
    }

    pub fn contains(&self, article: usize) -> bool {
        self.bits.get(article / 64).is_some_and(|w| w & (1 << (article % 64)) != 0)
    }

    fn insert(&mut self, article: usize) {
        self.bits[article / 64] |= 1 << (article % 64);
    }

    fn union_with(&mut self, other: &ArticleSet) {
        self.union_with_bits(&other.bits);
    }

    fn union_with_bits(&mut self, bits: &[u64]) {
        self.bits.iter_mut().zip(bits).for_each(|(a, b)| *a |= b);
    }

    fn intersect_with(&mut self, other: &ArticleSet) {
        self.bits.iter_mut().zip(&other.bits).for_each(|(a, b)| *a &= b);
    }

    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros() as usize;
                    w &= w - 1;
                    i * 64 + bit
                })
            })
        })
    }
}

/// A word's articles: gaps in varints, or a bitmap for a common word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Postings {
    /// `postings[start..end]`.
    Gaps { start: usize, end: usize },
    /// `bitmaps[start..start + words per bitmap]`.
    Bitmap { start: usize },
}

#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    articles: usize,
    /// Every word followed by `\n`, sorted; `\n` first too, so that each word has one before it.
    vocabulary: String,
    /// Where each word starts in `vocabulary`, in word order, and the buffer's length last.
    starts: Vec<u32>,
    postings_of: Vec<Postings>,
    postings: Vec<u8>,
    bitmaps: Vec<u64>,
    /// Each article's words in text order, numbered in the order the build first saw them
    /// (the commonest words are seen first and take one byte):
    /// `sequences[sequence_starts[a]..sequence_starts[a + 1]]`.
    sequences: Vec<u8>,
    sequence_starts: Vec<usize>,
    /// Each word's first-seen number.
    seen_of_word: Vec<u32>,
}

/// Articles are folded and split this many at a time, so that what one batch holds before it
/// is merged stays small however large the library is.
const BATCH: usize = 2048;

/// Bytes of postings or sequences to read from which the work is spread over the cores.
const SHARED_FROM: usize = 1 << 16;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the character at byte `at` is a word's, and its length; ASCII without decoding.
fn word_char_at(text: &str, at: usize) -> (bool, usize) {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = text[at..].chars().next().unwrap_or(' ');
    (is_word_char(c), c.len_utf8())
}

/// The words of a folded text, in order: runs of letters and digits.
pub(crate) fn words(folded: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < folded.len() {
            let (word, len) = word_char_at(folded, at);
            if word {
                break;
            }
            at += len;
        }
        if at >= folded.len() {
            return None;
        }
        let start = at;
        while at < folded.len() {
            let (word, len) = word_char_at(folded, at);
            if !word {
                break;
            }
            at += len;
        }
        Some(&folded[start..at])
    })
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads varints from `bytes` in order.
fn varints(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut n = 0u32;
        let mut shift = 0;
        loop {
            let b = *bytes.get(at)?;
            at += 1;
            n |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
            shift += 7;
        }
    })
}

/// The articles of a word's postings given as gaps.
fn articles_of(gaps: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut article = 0usize;
    varints(gaps).enumerate().map(move |(k, gap)| {
        article = if k == 0 { gap as usize } else { article + gap as usize };
        article
    })
}

/// A batch of articles indexed on its own: its words, each word's articles (the first as its
/// number, then gaps), and its articles' sequences in the batch's word numbers.
struct Batch {
    /// The batch's words one after the other: word `k` ends at `ends[k]`, and starts where the
    /// one before ends.
    text: String,
    ends: Vec<usize>,
    /// Parallel to the words.
    postings: Vec<BatchPostings>,
    sequences: Vec<u8>,
    /// Where each article's sequence ends in `sequences`.
    sequence_ends: Vec<usize>,
}

/// One word's articles in a batch, kept together: the batch's words are looked up in turn.
struct BatchPostings {
    /// After the first, as gaps.
    gaps: Vec<u8>,
    first: u32,
    last: u32,
}

impl Batch {
    fn words(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.text[start..end])
    }
}

fn index_batch(articles: std::ops::Range<usize>, folded: &(impl Fn(usize) -> String + Sync)) -> Batch {
    let texts: Vec<String> = articles.clone().map(folded).collect();
    let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
    let mut batch = Batch {
        text: String::new(),
        ends: Vec::new(),
        postings: Vec::new(),
        sequences: Vec::new(),
        sequence_ends: Vec::with_capacity(texts.len()),
    };
    for (article, text) in articles.zip(&texts) {
        let article = article as u32;
        for w in words(text) {
            let n = *numbers.entry(w).or_insert_with(|| {
                batch.text.push_str(w);
                batch.ends.push(batch.text.len());
                batch.postings.push(BatchPostings { gaps: Vec::new(), first: article, last: article });
                batch.ends.len() as u32 - 1
            });
            let p = &mut batch.postings[n as usize];
            if p.last != article {
                push_varint(&mut p.gaps, article - p.last);
                p.last = article;
            }
            push_varint(&mut batch.sequences, n);
        }
        batch.sequence_ends.push(batch.sequences.len());
    }
    batch
}

impl WordIndex {
    /// Indexes `count` articles; `folded(i)` is article `i`'s folded text.
    ///
    /// Batches of articles are indexed on every core, each with its own vocabulary; only the
    /// batches' vocabularies are then merged on one (a few hundred thousand look-ups where the
    /// articles' words are tens of millions), and each word's postings are put together on
    /// every core again.
    pub fn build(count: usize, folded: impl Fn(usize) -> String + Sync) -> WordIndex {
        let ranges: Vec<std::ops::Range<usize>> =
            (0..count.div_ceil(BATCH)).map(|b| b * BATCH..((b + 1) * BATCH).min(count)).collect();
        // Numbers in the order words are first seen: the commonest words come early.
        let mut seen: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut gaps: Vec<Vec<u8>> = Vec::new();
        let mut last: Vec<Option<u32>> = Vec::new();
        let mut sequences = Vec::new();
        let mut sequence_starts = Vec::with_capacity(count + 1);
        sequence_starts.push(0);
        // A few batches at a time on every core, merged in article order and then dropped:
        // what is held beyond the index itself is a few batches' worth.
        let window = rayon::current_num_threads().max(1) * 2;
        for group in ranges.chunks(window) {
            let batches: Vec<Batch> = group.par_iter().map(|r| index_batch(r.clone(), &folded)).collect();
            for batch in batches {
                let numbers: Vec<u32> = batch
                    .words()
                    .zip(&batch.postings)
                    .map(|(w, p)| {
                        let n = match seen.get(w) {
                            Some(&n) => n as usize,
                            None => {
                                seen.insert(w.into(), gaps.len() as u32);
                                gaps.push(Vec::new());
                                last.push(None);
                                gaps.len() - 1
                            }
                        };
                        // The first article as its number, the others as gaps.
                        push_varint(&mut gaps[n], last[n].map_or(p.first, |l| p.first - l));
                        gaps[n].extend_from_slice(&p.gaps);
                        last[n] = Some(p.last);
                        n as u32
                    })
                    .collect();
                let mut from = 0;
                for &end in &batch.sequence_ends {
                    for local in varints(&batch.sequences[from..end]) {
                        push_varint(&mut sequences, numbers[local as usize]);
                    }
                    sequence_starts.push(sequences.len());
                    from = end;
                }
            }
        }
        drop(last);
        sequences.shrink_to_fit();
        // The vocabulary in sorted order.
        let mut by_word: Vec<(Box<str>, u32)> = seen.into_iter().collect();
        by_word.par_sort_unstable();
        let mut vocabulary = String::with_capacity(by_word.iter().map(|(w, _)| w.len() + 1).sum::<usize>() + 1);
        vocabulary.push('\n');
        let mut starts = Vec::with_capacity(by_word.len() + 1);
        let mut seen_of_word = Vec::with_capacity(by_word.len());
        let (mut postings, mut bitmaps, mut postings_of) = (Vec::new(), Vec::new(), Vec::with_capacity(by_word.len()));
        let bitmap_words = count.div_ceil(64);
        for (word, first_seen) in by_word {
            starts.push(vocabulary.len() as u32);
            vocabulary.push_str(&word);
            vocabulary.push('\n');
            seen_of_word.push(first_seen);
            let mine = std::mem::take(&mut gaps[first_seen as usize]);
            // A bitmap is no larger once the gaps take a byte for each eighth article.
            if mine.len() * 8 >= count {
                let start = bitmaps.len();
                bitmaps.resize(start + bitmap_words, 0);
                for article in articles_of(&mine) {
                    bitmaps[start + article / 64] |= 1 << (article % 64);
                }
                postings_of.push(Postings::Bitmap { start });
            } else {
                let start = postings.len();
                postings.extend_from_slice(&mine);
                postings_of.push(Postings::Gaps { start, end: postings.len() });
            }
        }
        starts.push(vocabulary.len() as u32);
        postings.shrink_to_fit();
        bitmaps.shrink_to_fit();
        WordIndex {
            articles: count,
            vocabulary,
            starts,
            postings_of,
            postings,
            bitmaps,
            sequences,
            sequence_starts,
            seen_of_word,
        }
    }

    pub fn articles(&self) -> usize {
        self.articles
    }

    pub fn distinct_words(&self) -> usize {
        self.postings_of.len()
    }

    /// Bytes the index holds, for the benchmark.
    pub fn heap_bytes(&self) -> usize {
        self.vocabulary.len()
            + self.starts.len() * 4
            + self.postings_of.len() * std::mem::size_of::<Postings>()
            + self.postings.len()
            + self.bitmaps.len() * 8
            + self.sequences.len()
            + self.sequence_starts.len() * 8
            + self.seen_of_word.len() * 4
    }

    fn word(&self, n: usize) -> &str {
        &self.vocabulary[self.starts[n] as usize..self.starts[n + 1] as usize - 1]
    }

    /// The sorted word numbers that fit: the whole word (`exact`), its start (`prefix`), its
    /// end (`suffix`), or any part of it.
    fn words_fitting(&self, part: &str, fit: Fit) -> Vec<usize> {
        let n = self.postings_of.len();
        match fit {
            Fit::Exact | Fit::Prefix => {
                let (mut first, mut end) = (0, n);
                while first < end {
                    let mid = (first + end) / 2;
                    if self.word(mid) < part {
                        first = mid + 1;
                    } else {
                        end = mid;
                    }
                }
                let range = (first..n).take_while(|&w| self.word(w).starts_with(part));
                match fit {
                    Fit::Exact => range.take(1).filter(|&w| self.word(w) == part).collect(),
                    _ => range.collect(),
                }
            }
            Fit::Suffix | Fit::Anywhere => {
                let needle = if fit == Fit::Suffix { format!("{part}\n") } else { part.to_string() };
                let mut found: Vec<usize> = memchr::memmem::find_iter(self.vocabulary.as_bytes(), needle.as_bytes())
                    .map(|at| self.starts.partition_point(|&s| s as usize <= at) - 1)
                    .filter(|&w| w < n)
                    .collect();
                found.dedup();
                found
            }
        }
    }

    fn sequence(&self, article: usize) -> impl Iterator<Item = u32> + '_ {
        varints(&self.sequences[self.sequence_starts[article]..self.sequence_starts[article + 1]])
    }

    /// `words` (sorted word numbers) as a set of first-seen numbers, for reading sequences.
    fn seen_set(&self, words: &[usize]) -> Vec<u64> {
        let mut bits = vec![0u64; self.seen_of_word.len().div_ceil(64)];
        for &w in words {
            let r = self.seen_of_word[w] as usize;
            bits[r / 64] |= 1 << (r % 64);
        }
        bits
    }

    /// The articles holding any of `words` (sorted word numbers).
    ///
    /// A letter or two typed fits most of the vocabulary, whose postings then run to millions;
    /// but the common words among them, kept as bitmaps, have already found nearly every
    /// article. So after the bitmaps, whichever is less work: reading the remaining words'
    /// postings, or reading the sequences of the articles not found yet.
    fn articles_with(&self, words: &[usize]) -> ArticleSet {
        let (set, gapped) = self.bitmapped(words);
        if gapped.is_empty() {
            return set;
        }
        let gap_bytes: usize = gapped.iter().map(|&w| self.gap_range(w).len()).sum();
        let missing = self.articles - set.len();
        let sequence_bytes = self.sequences.len() / self.articles.max(1);
        if missing * sequence_bytes < gap_bytes {
            self.add_by_sequences(set, &gapped)
        } else {
            self.add_by_postings(set, &gapped, gap_bytes)
        }
    }

    /// The articles of the words kept as bitmaps, and the other words.
    fn bitmapped(&self, words: &[usize]) -> (ArticleSet, Vec<usize>) {
        let mut set = ArticleSet::empty(self.articles);
        let mut gapped = Vec::new();
        for &w in words {
            match self.postings_of[w] {
                Postings::Bitmap { start } => set.union_with_bits(&self.bitmaps[start..start + set.bits.len()]),
                Postings::Gaps { .. } => gapped.push(w),
            }
        }
        (set, gapped)
    }

    fn gap_range(&self, word: usize) -> std::ops::Range<usize> {
        match self.postings_of[word] {
            Postings::Gaps { start, end } => start..end,
            Postings::Bitmap { .. } => 0..0,
        }
    }

    /// `set` with the articles not in it yet that hold one of `words`, read from their sequences.
    fn add_by_sequences(&self, mut set: ArticleSet, words: &[usize]) -> ArticleSet {
        let seen = self.seen_set(words);
        let holds = |a: &usize| self.sequence(*a).any(|r| seen[r as usize / 64] & (1 << (r % 64)) != 0);
        let unseen: Vec<usize> = (0..self.articles).filter(|&a| !set.contains(a)).collect();
        let bytes: usize = unseen.iter().map(|&a| self.sequence_starts[a + 1] - self.sequence_starts[a]).sum();
        let found: Vec<usize> = if bytes >= SHARED_FROM {
            unseen.into_par_iter().filter(holds).collect()
        } else {
            unseen.into_iter().filter(holds).collect()
        };
        found.into_iter().for_each(|a| set.insert(a));
        set
    }

    /// `set` with the articles of `words`' postings.
    fn add_by_postings(&self, mut set: ArticleSet, words: &[usize], bytes: usize) -> ArticleSet {
        let merge = |words: &[usize]| {
            let mut set = ArticleSet::empty(self.articles);
            for &w in words {
                articles_of(&self.postings[self.gap_range(w)]).for_each(|a| set.insert(a));
            }
            set
        };
        if bytes < SHARED_FROM {
            set.union_with(&merge(words));
            return set;
        }
        let threads = rayon::current_num_threads().max(1);
        let merged = words.par_chunks(words.len().div_ceil(threads)).map(merge).reduce(
            || ArticleSet::empty(self.articles),
            |mut a, b| {
                a.union_with(&b);
                a
            },
        );
        set.union_with(&merged);
        set
    }

    /// The articles whose text holds `folded` (already folded): a part of a word when it is one
    /// word ("partn" finds "partnership"), else its words in a row, the first as the end of a
    /// word and the last as the start of one unless spacing marks them whole ("nam strat"
    /// finds "viet nam strategic").
    pub fn matching(&self, folded: &str) -> ArticleSet {
        let phrase = Phrase::new(folded);
        let parts = &phrase.parts;
        if parts.is_empty() {
            return ArticleSet::empty(self.articles);
        }
        let fitting: Vec<Vec<usize>> =
            parts.iter().enumerate().map(|(k, part)| self.words_fitting(part, phrase.fit(k))).collect();
        let mut candidates = self.articles_with(&fitting[0]);
        for words in &fitting[1..] {
            if candidates.is_empty() {
                break;
            }
            candidates.intersect_with(&self.articles_with(words));
        }
        if parts.len() == 1 || candidates.is_empty() {
            return candidates;
        }
        // The words are all there; are they in a row? Each candidate's sequence is read once,
        // keeping which of the phrase's first words the last few read words fit.
        let ranks: Vec<Vec<u64>> = fitting.iter().take(64).map(|words| self.seen_set(words)).collect();
        let fits = |k: usize, r: u32| ranks[k][r as usize / 64] & (1 << (r % 64)) != 0;
        let whole: u64 = if ranks.len() == 64 { u64::MAX } else { (1 << ranks.len()) - 1 };
        let done = 1u64 << (ranks.len() - 1);
        let in_row = |article: &usize| {
            let mut fitted = 0u64;
            self.sequence(*article).any(|r| {
                // Bit k: the words read last fit the phrase's words 0..=k.
                let mut next = u64::from(fits(0, r));
                let mut rest = (fitted << 1) & whole & !1;
                while rest != 0 {
                    let k = rest.trailing_zeros() as usize;
                    if fits(k, r) {
                        next |= 1 << k;
                    }
                    rest &= rest - 1;
                }
                fitted = next;
                fitted & done != 0
            })
        };
        let hits: Vec<usize> = candidates.iter().collect::<Vec<_>>().into_par_iter().filter(in_row).collect();
        let mut set = ArticleSet::empty(self.articles);
        hits.into_iter().for_each(|a| set.insert(a));
        set
    }
}

/// How a word of the text must hold a word of the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Exact,
    Prefix,
    Suffix,
    Anywhere,
}

impl Fit {
    fn holds(self, word: &str, part: &str) -> bool {
        match self {
            Fit::Exact => word == part,
            Fit::Prefix => word.starts_with(part),
            Fit::Suffix => word.ends_with(part),
            Fit::Anywhere => word.contains(part),
        }
    }
}

/// What is looked for, as the index reads it: its words, the first of which may be the end of
/// a word of the text and the last the start of one, unless spacing marks them whole.
pub(crate) struct Phrase<'a> {
    parts: Vec<&'a str>,
    open_start: bool,
    open_end: bool,
}

impl<'a> Phrase<'a> {
    pub(crate) fn new(folded: &'a str) -> Phrase<'a> {
        Phrase {
            parts: words(folded).collect(),
            open_start: folded.starts_with(is_word_char),
            open_end: folded.ends_with(is_word_char),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.parts.len()
    }

    fn fit(&self, k: usize) -> Fit {
        let whole_start = k > 0 || !self.open_start;
        let whole_end = k + 1 < self.parts.len() || !self.open_end;
        match (whole_start, whole_end) {
            (true, true) => Fit::Exact,
            (true, false) => Fit::Prefix,
            (false, true) => Fit::Suffix,
            (false, false) => Fit::Anywhere,
        }
    }

    /// Whether a run of the text's words, as many as the phrase's, holds a phrase of two words
    /// or more; and where the phrase starts in the run's first word and ends in its last (byte
    /// offsets in them).
    pub(crate) fn held_by(&self, run: &[&str]) -> Option<(usize, usize)> {
        let fits = |(k, (word, part)): (usize, (&&str, &&str))| self.fit(k).holds(word, part);
        if run.len() < 2 || run.len() != self.parts.len() || !run.iter().zip(&self.parts).enumerate().all(fits) {
            return None;
        }
        Some((run[0].len() - self.parts[0].len(), self.parts[run.len() - 1].len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn index(texts: &[&str]) -> WordIndex {
        WordIndex::build(texts.len(), |i| fold(texts[i]))
    }

    fn found(index: &WordIndex, query: &str) -> Vec<usize> {
        index.matching(&fold(query)).iter().collect()
    }

    #[test]
    fn parts_of_words_prefixes_and_phrases() {
        let ix = index(&[
            "Việt Nam and Russia: a strategic partnership.",
            "The partners met in Hà Nội.",
            "Nothing strategic here; partnership elsewhere.",
        ]);
        assert_eq!(found(&ix, "partner"), vec![0, 1, 2]);
        assert_eq!(found(&ix, "artne"), vec![0, 1, 2]);
        assert_eq!(found(&ix, "viet nam"), vec![0]);
        assert_eq!(found(&ix, "ha noi"), vec![1]);
        // In a row, not merely both present.
        assert_eq!(found(&ix, "strategic partner"), vec![0]);
        // The first word may be the end of a word, the last the start of one.
        assert_eq!(found(&ix, "egic partn"), vec![0]);
        // Spacing marks a word whole.
        assert_eq!(found(&ix, " partners "), vec![1]);
        assert_eq!(found(&ix, "partner "), Vec::<usize>::new());
        assert_eq!(found(&ix, "moscow"), Vec::<usize>::new());
        assert_eq!(found(&ix, "--"), Vec::<usize>::new());
        // Punctuation between the words is not compared.
        assert_eq!(found(&ix, "russia a strategic"), vec![0]);
    }

    #[test]
    fn agrees_with_a_scan_of_the_text() {
        // Common words take bitmaps, rare ones gaps: both must give the same answers as
        // looking through the text, at every size of gap.
        let vocabulary = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"];
        let texts: Vec<String> = (0..700usize)
            .map(|i| {
                let mut words = Vec::new();
                for (k, w) in vocabulary.iter().enumerate() {
                    if i % (k * k + 1) == 0 {
                        words.push(*w);
                    }
                }
                words.push(if i % 300 == 0 { "rare" } else { "common" });
                words.join(" ")
            })
            .collect();
        let ix = WordIndex::build(texts.len(), |i| fold(&texts[i]));
        assert!(!ix.bitmaps.is_empty() && !ix.postings.is_empty());
        for query in ["alpha", "eta", "ta", "rare", "common", "kappa", "a", "beta gamma", "zeta eta"] {
            let scanned: Vec<usize> = (0..texts.len())
                .filter(|&i| {
                    let parts: Vec<&str> = query.split(' ').collect();
                    let text = &texts[i];
                    if parts.len() == 1 {
                        text.contains(query)
                    } else {
                        // As the index reads a phrase: first word's end, last word's start.
                        let words: Vec<&str> = text.split(' ').collect();
                        words.windows(parts.len()).any(|w| {
                            w[0].ends_with(parts[0])
                                && w[parts.len() - 1].starts_with(parts[parts.len() - 1])
                                && w[1..parts.len() - 1] == parts[1..parts.len() - 1]
                        })
                    }
                })
                .collect();
            assert_eq!(found(&ix, query), scanned, "{query}");
        }
    }

    #[test]
    fn postings_and_sequences_find_the_same_articles() {
        // The two ways of completing a lookup, on every run of words, with and without
        // articles already found.
        let texts: Vec<String> = (0..300usize).map(|i| format!("w{} w{} x{} common", i % 7, i % 13, i % 150)).collect();
        let ix = WordIndex::build(texts.len(), |i| texts[i].clone());
        let all: Vec<usize> = (0..ix.distinct_words()).collect();
        for from in 0..all.len() {
            for len in [1, 3, 40] {
                let words: Vec<usize> = all[from..(from + len).min(all.len())].to_vec();
                let (set, gapped) = ix.bitmapped(&words);
                let bytes = gapped.iter().map(|&w| ix.gap_range(w).len()).sum();
                let by_postings = ix.add_by_postings(set.clone(), &gapped, bytes);
                assert_eq!(by_postings, ix.add_by_sequences(set.clone(), &gapped), "{words:?}");
                let empty = ArticleSet::empty(ix.articles());
                assert_eq!(ix.add_by_postings(empty.clone(), &gapped, bytes), ix.add_by_sequences(empty, &gapped));
            }
        }
    }

    #[test]
    fn an_empty_library() {
        let ix = index(&[]);
        assert!(found(&ix, "anything").is_empty());
        assert_eq!(ix.articles(), 0);
    }
}
