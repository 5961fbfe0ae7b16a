//! Analyses stored on disk, so that an unchanged library is not analysed again at the next
//! start: one file (`$XDG_CACHE_HOME/tidings/analysis.bin`) holding each article's analysis
//! as the analyser made it (before the library-wide linking, which is cheap and redone),
//! keyed by the article's id and a hash of what the analysis reads (its body, blocks and
//! publication date), under a fingerprint of the analyser (its code, lexicon and model).
//!
//! Why one file rather than a database: the reader needs every article's analysis at start,
//! so the whole store is read in one go anyway, and one sequential read of a compact file is
//! the fastest way to do that; an embedded database (redb, SQLite) would add per-record
//! overhead and a dependency for look-ups that never happen one by one. The file is written
//! atomically ([`crate::fsutil::write_atomically`]: a temporary file renamed over the old),
//! so a crash or `kill -9` mid-write leaves the old file or the new, never a torn one; and a
//! checksum over the whole file catches anything else (a disk error, another program's
//! file): such a file is ignored with a message and rebuilt.
//!
//! Layout: `MAGIC`, the format version (u32), the analyser's fingerprint (u64), the string
//! table (names, units and contexts are stored once: a library names a few thousand entities
//! hundreds of thousands of times), the entries, and a CRC-32 of everything before it.
//! Numbers are LEB128 varints.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::analysis::{LibraryAnalysis, link_library};
use crate::article::Article;
use crate::extract::{
    Analyzer, ArticleAnalysis, DateMention, EntityKind, EntityMention, Figure, FigureKind, Precision, When,
};
use crate::library::{Library, LibraryOrigin};

const MAGIC: &[u8; 8] = b"TDCACHE\n";
/// The layout's version: bumped when the encoding changes.
const FORMAT: u32 = 2;

/// Where a library's analyses are kept: `$XDG_CACHE_HOME/tidings/analysis-HASH.bin`, one
/// file per library (the bundled set with the user's folder, or a folder given with
/// `--articles`), so that reading one library does not evict another's.
pub fn path_for(library: &Library) -> Option<PathBuf> {
    cache_file_for(&library.origin, "analysis")
}

/// `$XDG_CACHE_HOME/tidings/STEM-HASH.bin`, the hash naming the library (`origin`).
pub(crate) fn cache_file_for(origin: &LibraryOrigin, stem: &str) -> Option<PathBuf> {
    use etcetera::BaseStrategy as _;
    let origin = match origin {
        LibraryOrigin::Bundled => "bundled".to_string(),
        LibraryOrigin::Folder(dir) => {
            format!("folder:{}", dir.canonicalize().unwrap_or_else(|_| dir.clone()).display())
        }
        LibraryOrigin::BundledAnd(dir) => {
            format!("bundled+{}", dir.canonicalize().unwrap_or_else(|_| dir.clone()).display())
        }
    };
    let key = crate::text::fnv1a(crate::text::FNV_OFFSET, origin.as_bytes());
    etcetera::base_strategy::choose_base_strategy()
        .ok()
        .map(|d| d.cache_dir().join("tidings").join(format!("{stem}-{key:016x}.bin")))
}

/// What the cache did during one analysis of the library.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheReport {
    /// Articles whose stored analysis was used.
    pub reused: usize,
    /// Articles analysed now (new, changed, or all of them when the cache was unusable).
    pub analysed: usize,
    /// Why the stored file was not used, or could not be written: for the status line.
    pub problem: Option<String>,
}

/// The hash of what an article's analysis reads: its body, its blocks' kinds and places, its
/// publication date. Two CRC-32s (hardware-fast) with different starts make 64 bits.
pub fn content_hash(article: &Article) -> u64 {
    let mut meta = Vec::with_capacity(16 + article.blocks.len() * 9);
    if let Some(p) = article.meta.published.value {
        meta.extend_from_slice(&p.date().num_days_from_ce().to_le_bytes());
    }
    for b in &article.blocks {
        meta.push(b.kind as u8);
        meta.extend_from_slice(&(b.range.start as u32).to_le_bytes());
        meta.extend_from_slice(&(b.range.end as u32).to_le_bytes());
    }
    let mut first = crc32fast::Hasher::new();
    first.update(article.body.as_bytes());
    let mut second = crc32fast::Hasher::new_with_initial(0x7469_6469);
    second.update(&meta);
    second.update(article.body.as_bytes());
    (u64::from(first.finalize()) << 32) | u64::from(second.finalize())
}

/// A cache file whose linked library is exactly these articles (`hashes`: their
/// [`content_hash`]es, parallel to `articles`), written by this analyser, as its first bytes
/// say: nothing more is read yet, so that a caller can let go of the articles' bodies before
/// [`LinkedCache::analysis`] reads the analyses. `None` when the file holds another library or
/// none; nothing is written: [`analyze_library_cached`] does the rest.
pub fn linked_cache(articles: &[Article], hashes: &[u64], analyzer: &Analyzer, path: &Path) -> Option<LinkedCache> {
    use std::io::Read as _;
    let mut header = [0u8; HEADER];
    std::fs::File::open(path).ok()?.read_exact(&mut header).ok()?;
    let header = Header::of(&header).ok()?;
    let digest = library_digest(articles, hashes);
    (header.fingerprint == analyzer.fingerprint() && header.linked == Some(digest)).then(|| LinkedCache {
        path: path.to_path_buf(),
        fingerprint: header.fingerprint,
        digest,
    })
}

/// See [`linked_cache`].
pub struct LinkedCache {
    path: PathBuf,
    fingerprint: u64,
    digest: u64,
}

impl LinkedCache {
    /// The library's linked analysis, with the content hashes it was made of; `None` when the
    /// file changed or is damaged after all (its checksum is checked now).
    pub fn analysis(self, hashes: Vec<u64>) -> Option<LibraryAnalysis> {
        let bytes = std::fs::read(&self.path).ok()?;
        match decode(&bytes, self.fingerprint, self.digest) {
            Ok(Stored::Linked(mut analysis)) if analysis.articles.len() == hashes.len() => {
                analysis.content_hashes = hashes;
                Some(analysis)
            }
            _ => None,
        }
    }
}

/// Analyses the library like [`crate::analysis::analyze_library_counting`], taking each
/// unchanged article's analysis from the cache file at `path` and writing the file again
/// when anything was analysed (or the file was unusable).
pub fn analyze_library_cached(
    articles: &[Article],
    analyzer: &Analyzer,
    path: &Path,
    progress: Option<&AtomicUsize>,
) -> (LibraryAnalysis, CacheReport) {
    let fingerprint = analyzer.fingerprint();
    let mut report = CacheReport::default();
    let hashes: Vec<u64> = articles.par_iter().map(content_hash).collect();
    let digest = library_digest(articles, &hashes);
    let mut stored = match std::fs::read(path) {
        Ok(bytes) => match decode(&bytes, fingerprint, digest) {
            Ok(Stored::Linked(analysis)) if analysis.articles.len() == articles.len() => {
                if let Some(p) = progress {
                    p.fetch_add(articles.len(), Ordering::Relaxed);
                }
                report.reused = articles.len();
                return (analysis, report);
            }
            Ok(Stored::Linked(_)) => HashMap::new(),
            Ok(Stored::Articles(entries)) => entries,
            Err(Stale::OtherAnalyser) => HashMap::new(),
            Err(Stale::Damaged(why)) => {
                report.problem = Some(format!("analysis cache rebuilt: {} was unusable ({why})", path.display()));
                HashMap::new()
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
        Err(e) => {
            report.problem =
                Some(format!("could not read the analysis cache {}: {e}; analysing again", path.display()));
            HashMap::new()
        }
    };
    // Moved out of the stored entries, not copied: the library's analyses are held once.
    let cached: Vec<Option<ArticleAnalysis>> = articles
        .iter()
        .zip(&hashes)
        .map(|(article, hash)| stored.remove(article.id.as_str()).filter(|(h, _)| h == hash).map(|(_, x)| x))
        .collect();
    drop(stored);
    let names = crate::analysis::SharedNames::default();
    let analyses: Vec<(ArticleAnalysis, bool)> = articles
        .par_iter()
        .zip(cached)
        .map(|(article, cached)| {
            let result = match cached {
                Some(x) => (x, true),
                None => {
                    let mut x = analyzer.analyze(article, article.meta.published.value.map(|p| p.date()));
                    names.share(&mut x);
                    (x, false)
                }
            };
            if let Some(p) = progress {
                p.fetch_add(1, Ordering::Relaxed);
            }
            result
        })
        .collect();
    report.reused = analyses.iter().filter(|(_, cached)| *cached).count();
    report.analysed = articles.len() - report.reused;
    let raw: Vec<ArticleAnalysis> = analyses.into_iter().map(|(x, _)| x).collect();
    // Linking changes the analyses (names shared across articles, years worked out from
    // others), so the articles' own analyses are kept for the next change of the library.
    let entries = encode_entries(articles.iter().zip(&hashes).zip(&raw));
    let linked = link_library(articles, raw);
    let bytes = encode_linked(fingerprint, entries, Some(Linked { digest, analysis: &linked }));
    let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| {
        remove_leftover_temporaries(path);
        crate::fsutil::write_atomically(path, &bytes)
    });
    if let Err(e) = written {
        report.problem.get_or_insert(format!(
            "could not write the analysis cache {}: {e} (the next start analyses again; check the folder's permissions and free space)",
            path.display()
        ));
    }
    (linked, report)
}

/// Temporary files of writes that were killed before their rename (`.NAME.*.tmp` beside the
/// cache): nothing else removes them. A write under way in another process loses its file
/// and reports that it could not write; the cache is then the old one, which is still whole.
pub(crate) fn remove_leftover_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else { return };
    let prefix = format!(".{name}.");
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with(&prefix) && file.ends_with(".tmp") && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

enum Stale {
    /// Written by another build or another lexicon: silently rebuilt.
    OtherAnalyser,
    Damaged(String),
}

type Entries = HashMap<String, (u64, ArticleAnalysis)>;

// ---- encoding ------------------------------------------------------------------------------

pub(crate) struct Writer {
    pub(crate) out: Vec<u8>,
}

impl Writer {
    pub(crate) fn uint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }
    pub(crate) fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.uint(b.len() as u64);
        self.out.extend_from_slice(b);
    }
}

/// Strings stored once; an entry refers to them by number.
#[derive(Default)]
struct Strings {
    index: HashMap<Arc<str>, u64>,
    list: Vec<Arc<str>>,
}

impl Strings {
    fn id(&mut self, s: &Arc<str>) -> u64 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.list.len() as u64;
        self.list.push(Arc::clone(s));
        self.index.insert(Arc::clone(s), i);
        i
    }
    fn id_of(&mut self, s: &str) -> u64 {
        match self.index.get(s) {
            Some(&i) => i,
            None => self.id(&Arc::from(s)),
        }
    }
}

fn range(w: &mut Writer, r: &std::ops::Range<usize>) {
    w.uint(r.start as u64);
    w.uint((r.end - r.start) as u64);
}

fn put_analysis(w: &mut Writer, strings: &mut Strings, x: &ArticleAnalysis) {
    w.uint(x.entities.len() as u64);
    for e in &x.entities {
        range(w, &e.span);
        w.uint(e.kind as u64);
        let (key, name) = (strings.id(&e.key), strings.id(&e.canonical));
        w.uint(key);
        w.uint(name);
    }
    w.uint(x.figures.len() as u64);
    for f in &x.figures {
        range(w, &f.span);
        w.uint(f.kind as u64);
        w.out.extend_from_slice(&f.value.to_bits().to_le_bytes());
        match f.value_max {
            Some(v) => {
                w.uint(1);
                w.out.extend_from_slice(&v.to_bits().to_le_bytes());
            }
            None => w.uint(0),
        }
        let unit = strings.id_of(&f.unit);
        w.uint(unit);
        let qualifier = f.qualifier.as_deref().map_or(0, |q| strings.id_of(q) + 1);
        w.uint(qualifier);
        let context = strings.id_of(&f.context);
        w.uint(context);
    }
    w.uint(x.dates.len() as u64);
    for d in &x.dates {
        range(w, &d.span);
        match d.when {
            When::Dates { start, end } => {
                w.uint(0);
                w.int(i64::from(start.num_days_from_ce()));
                w.int(i64::from(end.num_days_from_ce()) - i64::from(start.num_days_from_ce()));
            }
            When::YearUnknown { start, end } => {
                w.uint(1);
                for v in [start.0, start.1, end.0, end.1] {
                    w.uint(u64::from(v));
                }
            }
            When::Unanchored => w.uint(2),
        }
        w.uint(d.precision as u64);
        w.uint(u64::from(d.inferred));
        range(w, &d.context);
    }
}

/// The library as linked, stored beside the articles' own analyses: a second start of an
/// unchanged library (same `digest`) takes it whole and links nothing.
struct Linked<'a> {
    digest: u64,
    analysis: &'a LibraryAnalysis,
}

/// Which articles, in which order, with which contents: the linked result holds for exactly
/// this sequence.
fn library_digest(articles: &[Article], hashes: &[u64]) -> u64 {
    articles.iter().zip(hashes).fold(crate::text::FNV_OFFSET, |h, (a, hash)| {
        crate::text::fnv1a(crate::text::fnv1a(h, a.id.as_bytes()), &hash.to_le_bytes())
    })
}

#[cfg(test)]
fn encode<'a>(
    fingerprint: u64,
    entries: impl Iterator<Item = ((&'a Article, &'a u64), &'a ArticleAnalysis)>,
    linked: Option<Linked<'_>>,
) -> Vec<u8> {
    encode_linked(fingerprint, encode_entries(entries), linked)
}

/// The articles' own analyses, encoded: the string table so far, the entries, their number.
struct EncodedEntries {
    strings: Strings,
    raw: Writer,
    count: u64,
}

/// The first half of [`encode`]: the articles' own analyses can then be linked in place
/// rather than copied, which would hold the whole library's analyses twice.
fn encode_entries<'a>(entries: impl Iterator<Item = ((&'a Article, &'a u64), &'a ArticleAnalysis)>) -> EncodedEntries {
    let mut strings = Strings::default();
    let mut raw = Writer { out: Vec::new() };
    let mut count = 0u64;
    for ((article, hash), x) in entries {
        count += 1;
        raw.bytes(article.id.as_bytes());
        raw.out.extend_from_slice(&hash.to_le_bytes());
        put_analysis(&mut raw, &mut strings, x);
    }
    EncodedEntries { strings, raw, count }
}

fn encode_linked(fingerprint: u64, entries: EncodedEntries, linked: Option<Linked<'_>>) -> Vec<u8> {
    let EncodedEntries { mut strings, raw, count } = entries;
    let mut link = Writer { out: Vec::new() };
    let linked_digest = linked.as_ref().map(|l| l.digest);
    if let Some(Linked { analysis, .. }) = linked {
        link.uint(analysis.articles.len() as u64);
        for x in &analysis.articles {
            put_analysis(&mut link, &mut strings, x);
        }
        link.uint(analysis.milestones.len() as u64);
        for m in &analysis.milestones {
            link.int(i64::from(m.start.num_days_from_ce()));
            link.int(i64::from(m.end.num_days_from_ce()) - i64::from(m.start.num_days_from_ce()));
            link.uint(m.precision as u64);
            let label = strings.id_of(&m.label);
            link.uint(label);
            link.uint(m.mentions.len() as u64);
            for mention in &m.mentions {
                link.uint(mention.article as u64);
                link.uint(mention.date as u64);
            }
            link.uint(m.articles.len() as u64);
            for a in &m.articles {
                link.uint(*a as u64);
            }
        }
    }
    let mut w = Writer { out: Vec::with_capacity(raw.out.len() + link.out.len() + 64) };
    w.out.extend_from_slice(MAGIC);
    w.out.extend_from_slice(&FORMAT.to_le_bytes());
    w.out.extend_from_slice(&fingerprint.to_le_bytes());
    // Which library is linked at the end, in the fixed header: a reader can tell from the first
    // bytes whether the file holds its library's analysis ([`linked_cache`]).
    w.out.push(u8::from(linked_digest.is_some()));
    w.out.extend_from_slice(&linked_digest.unwrap_or(0).to_le_bytes());
    w.uint(strings.list.len() as u64);
    for s in &strings.list {
        w.bytes(s.as_bytes());
    }
    // The articles' own analyses, with their length so that a reader who wants only the
    // linked library skips them.
    w.uint(raw.out.len() as u64);
    w.uint(count);
    w.out.extend_from_slice(&raw.out);
    w.out.extend_from_slice(&link.out);
    let crc = crc32fast::hash(&w.out);
    w.out.extend_from_slice(&crc.to_le_bytes());
    w.out
}

// ---- decoding ------------------------------------------------------------------------------

pub(crate) struct Reader<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) at: usize,
}

pub(crate) const TRUNCATED: &str = "it ends early";

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        let piece = self.data.get(self.at..self.at.checked_add(n).ok_or(TRUNCATED)?).ok_or(TRUNCATED)?;
        self.at += n;
        Ok(piece)
    }
    pub(crate) fn u64_le(&mut self) -> Result<u64, &'static str> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().map_err(|_| TRUNCATED)?))
    }
    pub(crate) fn uint(&mut self) -> Result<u64, &'static str> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.take(1)?.first().ok_or(TRUNCATED)?;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a number is too long")
    }
    pub(crate) fn int(&mut self) -> Result<i64, &'static str> {
        let v = self.uint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }
    pub(crate) fn usize(&mut self) -> Result<usize, &'static str> {
        usize::try_from(self.uint()?).map_err(|_| "a number is too large")
    }
    pub(crate) fn range(&mut self) -> Result<std::ops::Range<usize>, &'static str> {
        let start = self.usize()?;
        let len = self.usize()?;
        Ok(start..start.checked_add(len).ok_or("a span overflows")?)
    }
    pub(crate) fn str(&mut self) -> Result<&'a str, &'static str> {
        let n = self.usize()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| "a name is not UTF-8")
    }
    fn date(days: i64) -> Result<NaiveDate, &'static str> {
        i32::try_from(days).ok().and_then(NaiveDate::from_num_days_from_ce_opt).ok_or("a date is out of range")
    }
}

/// What a cache file gives for a library.
enum Stored {
    /// The library is unchanged: its linked analysis, whole.
    Linked(LibraryAnalysis),
    /// Each article's own analysis, by id: new and changed articles are analysed, then all linked.
    Articles(Entries),
}

fn decode(bytes: &[u8], fingerprint: u64, digest: u64) -> Result<Stored, Stale> {
    let sections = Sections::read(bytes, fingerprint)?;
    let damaged = |why: &str| Stale::Damaged(why.to_string());
    if sections.linked == Some(digest) {
        return sections.linked_analysis(bytes).map(Stored::Linked).map_err(damaged);
    }
    sections.entries(bytes).map(Stored::Articles).map_err(damaged)
}

/// The fixed start of a cache file: its mark, format, analyser, and the library linked in it.
const HEADER: usize = 8 + 4 + 8 + 1 + 8;

struct Header {
    format: u32,
    fingerprint: u64,
    linked: Option<u64>,
}

impl Header {
    /// The header `bytes` open with; checked for the mark, not for the checksum.
    fn of(bytes: &[u8]) -> Result<Header, &'static str> {
        if bytes.len() < HEADER || &bytes[..MAGIC.len()] != MAGIC {
            return Err("not a tidings analysis cache");
        }
        let mut r = Reader { data: bytes, at: MAGIC.len() };
        let format = u32::from_le_bytes(r.take(4)?.try_into().map_err(|_| TRUNCATED)?);
        let fingerprint = r.u64_le()?;
        let linked = match r.take(1)?[0] {
            0 => None,
            1 => Some(r.u64_le()?),
            _ => return Err("an unknown section"),
        };
        Ok(Header { format, fingerprint, linked })
    }
}

/// A cache file checked (its mark, checksum, format and analyser) and read up to its analyses:
/// the string table, where the articles' own analyses are, and the library linked after them.
/// Positions are into the file's bytes, which the reading methods are given again.
struct Sections {
    strings: Vec<Arc<str>>,
    /// The articles' own analyses, and how many.
    entries: std::ops::Range<usize>,
    count: usize,
    /// The digest of the library linked in the file, if it holds one, and where it starts.
    linked: Option<u64>,
    linked_at: usize,
}

impl Sections {
    fn read(bytes: &[u8], fingerprint: u64) -> Result<Sections, Stale> {
        let damaged = |why: &str| Stale::Damaged(why.to_string());
        if bytes.len() < MAGIC.len() + 16 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(damaged("not a tidings analysis cache"));
        }
        let (content, crc) = bytes.split_at(bytes.len() - 4);
        if crc32fast::hash(content).to_le_bytes() != crc {
            return Err(damaged("its checksum does not match: the file is damaged"));
        }
        let header = Header::of(content).map_err(damaged)?;
        if header.format != FORMAT || header.fingerprint != fingerprint {
            return Err(Stale::OtherAnalyser);
        }
        Sections::read_parts(&mut Reader { data: content, at: HEADER }, header.linked).map_err(damaged)
    }

    fn read_parts(r: &mut Reader<'_>, linked: Option<u64>) -> Result<Sections, &'static str> {
        let n_strings = r.usize()?;
        let mut strings: Vec<Arc<str>> = Vec::with_capacity(n_strings.min(r.data.len()));
        for _ in 0..n_strings {
            strings.push(Arc::from(r.str()?));
        }
        let raw_len = r.usize()?;
        let count = r.usize()?;
        let raw_start = r.at;
        // The linked library first: when it is this library's, the articles' section is skipped.
        r.take(raw_len)?;
        Ok(Sections { strings, entries: raw_start..raw_start + raw_len, count, linked, linked_at: r.at })
    }

    /// The file's bytes without the checksum after them, which the positions are into.
    fn content(bytes: &[u8]) -> &[u8] {
        &bytes[..bytes.len() - 4]
    }

    fn linked_analysis(&self, bytes: &[u8]) -> Result<LibraryAnalysis, &'static str> {
        if self.linked.is_none() {
            return Err("it holds no linked library");
        }
        let strings = &self.strings;
        let r = &mut Reader { data: Sections::content(bytes), at: self.linked_at };
        let count = r.usize()?;
        let mut articles = Vec::with_capacity(count.min(r.data.len()));
        for _ in 0..count {
            articles.push(get_analysis(r, strings)?);
        }
        let n_milestones = r.usize()?;
        let mut milestones = Vec::with_capacity(n_milestones.min(r.data.len()));
        for _ in 0..n_milestones {
            let start = r.int()?;
            let end = start.checked_add(r.int()?).ok_or("a date is out of range")?;
            let precision = *Precision::ALL.get(r.usize()?).ok_or("an unknown precision")?;
            let label = strings.get(r.usize()?).ok_or("a label's number is out of range")?.to_string();
            let n_mentions = r.usize()?;
            let mut mentions = Vec::with_capacity(n_mentions.min(r.data.len()));
            for _ in 0..n_mentions {
                let (article, date) = (r.usize()?, r.usize()?);
                if article >= count {
                    return Err("a milestone names an article that is not there");
                }
                mentions.push(crate::timeline::MilestoneMention { article, date });
            }
            let n_articles = r.usize()?;
            let mut in_articles = Vec::with_capacity(n_articles.min(r.data.len()));
            for _ in 0..n_articles {
                in_articles.push(r.usize()?);
            }
            milestones.push(crate::timeline::Milestone {
                start: Reader::date(start)?,
                end: Reader::date(end)?,
                precision,
                label,
                mentions,
                articles: in_articles,
            });
        }
        if r.at != r.data.len() {
            return Err("there is more after the last milestone");
        }
        Ok(LibraryAnalysis { articles, milestones, content_hashes: Vec::new() })
    }

    fn entries(&self, bytes: &[u8]) -> Result<Entries, &'static str> {
        let content = Sections::content(bytes);
        let mut raw = Reader { data: &content[..self.entries.end], at: self.entries.start };
        let mut entries = HashMap::with_capacity(self.count.min(content.len()));
        for _ in 0..self.count {
            let id = raw.str()?.to_string();
            let hash = raw.u64_le()?;
            entries.insert(id, (hash, get_analysis(&mut raw, &self.strings)?));
        }
        if raw.at != raw.data.len() {
            return Err("there is more after the last entry");
        }
        Ok(entries)
    }
}

fn get_analysis(r: &mut Reader<'_>, strings: &[Arc<str>]) -> Result<ArticleAnalysis, &'static str> {
    let string = |i: usize| strings.get(i).cloned().ok_or("a name's number is out of range");
    let mut x = ArticleAnalysis::default();
    let n_entities = r.usize()?;
    x.entities.reserve_exact(n_entities.min(r.data.len()));
    for _ in 0..n_entities {
        let span = r.range()?;
        let kind = *EntityKind::ALL.get(r.usize()?).ok_or("an unknown entity kind")?;
        let key = string(r.usize()?)?;
        let canonical = string(r.usize()?)?;
        x.entities.push(EntityMention { span, kind, key, canonical });
    }
    let n_figures = r.usize()?;
    x.figures.reserve_exact(n_figures.min(r.data.len()));
    for _ in 0..n_figures {
        let span = r.range()?;
        let kind = *FigureKind::ALL.get(r.usize()?).ok_or("an unknown figure kind")?;
        let value = f64::from_bits(r.u64_le()?);
        let value_max = match r.uint()? {
            0 => None,
            _ => Some(f64::from_bits(r.u64_le()?)),
        };
        let unit = string(r.usize()?)?.to_string();
        let qualifier = match r.usize()? {
            0 => None,
            i => Some(string(i - 1)?.to_string()),
        };
        let context = string(r.usize()?)?.to_string();
        x.figures.push(Figure { span, kind, value, value_max, unit, qualifier, context });
    }
    let n_dates = r.usize()?;
    x.dates.reserve_exact(n_dates.min(r.data.len()));
    for _ in 0..n_dates {
        let span = r.range()?;
        let when = match r.uint()? {
            0 => {
                let start = r.int()?;
                let end = start.checked_add(r.int()?).ok_or("a date is out of range")?;
                When::Dates { start: Reader::date(start)?, end: Reader::date(end)? }
            }
            1 => {
                let mut v = [0u32; 4];
                for slot in &mut v {
                    *slot = u32::try_from(r.uint()?).map_err(|_| "a day is out of range")?;
                }
                When::YearUnknown { start: (v[0], v[1]), end: (v[2], v[3]) }
            }
            2 => When::Unanchored,
            _ => return Err("an unknown kind of date"),
        };
        let precision = *Precision::ALL.get(r.usize()?).ok_or("an unknown precision")?;
        let inferred = r.uint()? != 0;
        let context = r.range()?;
        x.dates.push(DateMention { span, when, precision, inferred, context });
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> Library {
        Library::bundled()
    }

    /// The bundled library, its content hashes and each article's own analysis.
    fn analysed() -> (Library, Vec<u64>, Vec<ArticleAnalysis>) {
        let lib = library();
        let analyzer = Analyzer::bundled();
        let hashes = lib.articles.iter().map(content_hash).collect();
        let analyses =
            lib.articles.iter().map(|a| analyzer.analyze(a, a.meta.published.value.map(|p| p.date()))).collect();
        (lib, hashes, analyses)
    }

    #[test]
    fn a_second_analysis_reuses_every_article_and_gives_the_same_result() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/analysis.bin");
        let lib = library();
        let analyzer = Analyzer::bundled();
        let (first, report) = analyze_library_cached(&lib.articles, &analyzer, &path, None);
        assert_eq!((report.reused, report.analysed, report.problem), (0, lib.articles.len(), None));
        let (second, report) = analyze_library_cached(&lib.articles, &analyzer, &path, None);
        assert_eq!((report.reused, report.analysed, report.problem), (lib.articles.len(), 0, None));
        assert_eq!(first, second, "the linked library comes back as it was");
        let direct = crate::analysis::analyze_library(&lib.articles, &analyzer);
        assert_eq!(direct.articles, second.articles, "the cache changes nothing the analysis finds");
    }

    #[test]
    fn kinds_are_stored_by_their_place_in_all() {
        assert!(EntityKind::ALL.iter().enumerate().all(|(i, k)| *k as usize == i));
        assert!(FigureKind::ALL.iter().enumerate().all(|(i, k)| *k as usize == i));
        assert!(Precision::ALL.iter().enumerate().all(|(i, k)| *k as usize == i));
    }

    #[test]
    fn a_changed_article_alone_is_analysed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("analysis.bin");
        let mut lib = library();
        let analyzer = Analyzer::bundled();
        analyze_library_cached(&lib.articles, &analyzer, &path, None);
        lib.articles[0].body.push_str(" Hanoi.");
        let (changed, report) = analyze_library_cached(&lib.articles, &analyzer, &path, None);
        assert_eq!((report.reused, report.analysed), (lib.articles.len() - 1, 1));
        assert_eq!(
            changed,
            crate::analysis::analyze_library(&lib.articles, &analyzer),
            "linked again, as from scratch"
        );
    }

    #[test]
    fn a_damaged_or_foreign_file_is_rebuilt_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("analysis.bin");
        let lib = library();
        let analyzer = Analyzer::bundled();
        analyze_library_cached(&lib.articles, &analyzer, &path, None);
        let good = std::fs::read(&path).unwrap();
        let mut flipped = good.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x40;
        for bad in [flipped, good[..good.len() / 3].to_vec(), b"not a cache at all".to_vec(), vec![0xff; 5000]] {
            std::fs::write(&path, &bad).unwrap();
            let (x, report) = analyze_library_cached(&lib.articles, &analyzer, &path, None);
            assert_eq!(report.analysed, lib.articles.len());
            let problem = report.problem.expect("a message");
            assert!(problem.contains("analysis.bin") && problem.contains("rebuilt"), "{problem}");
            assert_eq!(x.articles.len(), lib.articles.len());
            // Rewritten: the next start reuses it.
            let (_, again) = analyze_library_cached(&lib.articles, &analyzer, &path, None);
            assert_eq!((again.reused, again.problem), (lib.articles.len(), None));
        }
    }

    #[test]
    fn another_analyser_s_file_is_not_used() {
        let (lib, hashes, analyses) = analysed();
        let bytes = encode(1234, lib.articles.iter().zip(&hashes).zip(&analyses), None);
        assert!(matches!(decode(&bytes, 1234, 0), Ok(Stored::Articles(e)) if e.len() == lib.articles.len()));
        assert!(matches!(decode(&bytes, 999, 0), Err(Stale::OtherAnalyser)));
    }

    #[test]
    fn every_truncation_is_refused_not_misread() {
        let (lib, hashes, analyses) = analysed();
        let linked = link_library(&lib.articles, analyses.clone());
        let digest = library_digest(&lib.articles, &hashes);
        let bytes =
            encode(7, lib.articles.iter().zip(&hashes).zip(&analyses), Some(Linked { digest, analysis: &linked }));
        assert!(matches!(decode(&bytes, 7, digest), Ok(Stored::Linked(x)) if x == linked));
        for cut in (0..bytes.len()).step_by(97) {
            assert!(matches!(decode(&bytes[..cut], 7, digest), Err(Stale::Damaged(_))), "cut at {cut}");
        }
    }

    #[test]
    fn an_unwritable_cache_is_reported_and_the_analysis_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the cache's folder should be.
        std::fs::write(dir.path().join("blocked"), "x").unwrap();
        let path = dir.path().join("blocked/analysis.bin");
        let lib = library();
        let (x, report) = analyze_library_cached(&lib.articles, &Analyzer::bundled(), &path, None);
        assert_eq!(x.articles.len(), lib.articles.len());
        assert!(report.problem.is_some_and(|p| p.contains("could not") && p.contains("blocked/analysis.bin")));
    }
}
