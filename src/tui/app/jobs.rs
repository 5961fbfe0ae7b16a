//! Background work: the library's analysis, and a single article's analysis while the
//! library's is not done yet. Each job runs on its own thread and reports a [`JobEvent`]; the
//! event loop hands it to [`App::update_job`]. Nothing heavy runs on the thread that draws.

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use super::App;
use crate::analysis::{LibraryAnalysis, analyze_library_counting};
use crate::article::Article;
use crate::extract::{Analyzer, ArticleAnalysis};
use crate::library::Library;
use crate::query::{SearchIndex, search_index};
use rayon::prelude::*;

/// What a background job reports.
pub enum JobEvent {
    /// The library's analysis numbered so ([`Jobs::generation`]), what to tell the user about
    /// the cache, and the library read from its files when the reader started from a snapshot.
    LibraryAnalysed(u64, Arc<LibraryAnalysis>, Option<String>, Option<Arc<Library>>),
    /// The filter's data for the library of the analysis numbered so ([`Jobs::generation`]):
    /// made after the analysis is sent, so that the timeline and the entities do not wait
    /// for the words to be indexed.
    SearchIndexed(u64, Box<SearchIndex>),
    ArticleAnalysed(usize, Box<ArticleAnalysis>),
    /// Feeds were refreshed: what happened, and the library read again when anything is new.
    Refreshed {
        summary: String,
        library: Option<Box<Library>>,
    },
    /// A job failed (it panicked); the reader goes on without its result.
    Failed(String),
}

/// How `R` refreshes: what to fetch, and how to read the library again afterwards. Made by
/// the binary from the config; the reader has none when there is nothing to refresh into.
pub struct Refresher {
    pub feeds: Vec<String>,
    pub into: std::path::PathBuf,
    pub fetch: crate::fetch::FetchOptions,
    /// Reads the import rules, on the refresh's own thread: compiling them takes about a
    /// quarter of a second, which the reader's start should not wait for.
    pub rules: Box<dyn Fn() -> Result<crate::import::ImportRules, String> + Send + Sync>,
    pub reload: Box<dyn Fn() -> Option<Library> + Send + Sync>,
}

impl std::fmt::Debug for JobEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobEvent::LibraryAnalysed(..) => write!(f, "LibraryAnalysed"),
            JobEvent::SearchIndexed(g, _) => write!(f, "SearchIndexed({g})"),
            JobEvent::ArticleAnalysed(i, _) => write!(f, "ArticleAnalysed({i})"),
            JobEvent::Refreshed { summary, .. } => write!(f, "Refreshed({summary:?})"),
            JobEvent::Failed(why) => write!(f, "Failed({why:?})"),
        }
    }
}

pub(super) struct Jobs {
    analyzer: Arc<Analyzer>,
    send: mpsc::Sender<JobEvent>,
    /// Until the event loop takes it to listen itself (see [`App::take_job_receiver`]).
    receive: Option<mpsc::Receiver<JobEvent>>,
    /// The library's analysis under way: articles done so far, and the total.
    library: Option<(Arc<AtomicUsize>, usize)>,
    /// Articles analysed on their own: before the library's analysis arrived, or because
    /// their file changed since it was made (`stale`).
    single: HashMap<usize, ArticleAnalysis>,
    /// Articles whose body, read from the file again, is not the one the library's analysis
    /// was made of: their own analysis is shown instead.
    stale: HashSet<usize>,
    single_pending: HashSet<usize>,
    /// Prepared filter data, for the library's articles once the words are indexed.
    search: SearchIndex,
    /// The number of the latest library analysis started; its words are being indexed while
    /// `indexing`.
    generation: u64,
    indexing: bool,
    /// (article, date mention) -> milestone index.
    milestone_of: HashMap<(usize, usize), usize>,
    refresher: Option<Arc<Refresher>>,
    refreshing: bool,
    /// Where analyses are kept between starts; `None` analyses everything every time.
    pub(super) cache: Option<std::path::PathBuf>,
    /// Where the library's snapshot is kept ([`crate::library_snapshot`]), and how to read the
    /// library from its files when the reader started from one.
    pub(super) snapshot: Option<Arc<Snapshot>>,
}

/// Starting from a snapshot: where it is written, and how the library is read afresh.
pub struct Snapshot {
    pub path: std::path::PathBuf,
    /// The size limit of an article file, for an article read on its own.
    pub max_article_bytes: u64,
    /// Reads the library from its files, with the bodies or only the metadata.
    pub read_library:
        Box<dyn Fn(crate::article::Content) -> Result<Library, crate::library::LoadProblem> + Send + Sync>,
}

/// What to say when the library's snapshot could not be written.
fn snapshot_problem(path: &std::path::Path, e: &std::io::Error) -> String {
    format!(
        "could not write the library's snapshot {}: {e} (the next start reads every file; check the folder's permissions and free space)",
        path.display()
    )
}

/// What the analysis cache gave a library read again for a start from its snapshot.
enum FromCache {
    /// Its linked analysis; the library kept without its bodies, and what to tell the user.
    Analysed {
        analysis: Arc<LibraryAnalysis>,
        library: Arc<Library>,
        problem: Option<String>,
    },
    /// The cache is another library's: the library back, whole.
    NotThisLibrary(Arc<Library>),
    Failed(String),
}

/// When the cache at `path` holds the linked analysis of exactly `library` (read again from its
/// files for a start from the snapshot `shown`), the library is kept without its bodies: the
/// analysis, timeline and filter need none, and the open article is read from its file. The
/// bodies are let go before the analyses are read, so that the two are never held together.
fn cached_without_bodies(
    library: Arc<Library>,
    shown: &Library,
    snapshot: &Snapshot,
    path: &std::path::Path,
    analyzer: &Analyzer,
) -> FromCache {
    let hashes: Vec<u64> = library.articles.par_iter().map(crate::analysis_cache::content_hash).collect();
    let Some(cached) = crate::analysis_cache::linked_cache(&library.articles, &hashes, analyzer, path) else {
        return FromCache::NotThisLibrary(library);
    };
    let lean = Arc::try_unwrap(library).unwrap_or_else(|shared| (*shared).clone()).without_bodies();
    let Some(analysis) = cached.analysis(hashes) else {
        // Checked but not readable (its checksum held, so this should not happen): read whole
        // again, and the cache is rebuilt.
        return match (snapshot.read_library)(crate::article::Content::Whole) {
            Ok(whole) => FromCache::NotThisLibrary(Arc::new(whole)),
            Err(problem) => FromCache::Failed(format!("cannot read the library again: {problem}")),
        };
    };
    let mut problem = None;
    if !shown.same_metadata(&lean)
        && lean.articles.len() >= crate::library_snapshot::SNAPSHOT_FROM
        && let Err(e) = crate::library_snapshot::write(&snapshot.path, &lean)
    {
        problem = Some(snapshot_problem(&snapshot.path, &e));
    }
    FromCache::Analysed { analysis: Arc::new(analysis), library: Arc::new(lean), problem }
}

/// Runs `work` on a new thread and sends what it returns; a panic becomes [`JobEvent::Failed`].
fn spawn(name: &str, send: mpsc::Sender<JobEvent>, work: impl FnOnce() -> JobEvent + Send + 'static) {
    let what = name.to_string();
    let report = send.clone();
    let result = std::thread::Builder::new().name(format!("tidings-{name}")).spawn(move || {
        let event = std::panic::catch_unwind(AssertUnwindSafe(work))
            .unwrap_or_else(|_| JobEvent::Failed(format!("the {what} stopped unexpectedly")));
        // The reader may have quit meanwhile; then nobody listens, which is fine.
        let _ = report.send(event);
    });
    if let Err(e) = result {
        let _ = send.send(JobEvent::Failed(format!("cannot start the {name}: {e}")));
    }
}

impl Jobs {
    pub(super) fn new(analyzer: Arc<Analyzer>) -> Jobs {
        let (send, receive) = mpsc::channel();
        Jobs {
            analyzer,
            send,
            receive: Some(receive),
            library: None,
            single: HashMap::new(),
            stale: HashSet::new(),
            single_pending: HashSet::new(),
            search: SearchIndex::default(),
            generation: 0,
            indexing: false,
            milestone_of: HashMap::new(),
            refresher: None,
            refreshing: false,
            cache: None,
            snapshot: None,
        }
    }

    /// Fetches the feeds on another thread; `false` when a refresh is already under way.
    fn refresh(&mut self) -> bool {
        let Some(refresher) = self.refresher.clone() else { return false };
        if std::mem::replace(&mut self.refreshing, true) {
            return false;
        }
        spawn("refresh", self.send.clone(), move || {
            let rules = match (refresher.rules)() {
                Ok(rules) => rules,
                Err(e) => {
                    return JobEvent::Refreshed {
                        summary: format!("cannot refresh until the import rules are fixed: {e}"),
                        library: None,
                    };
                }
            };
            let fetcher = crate::fetch::Fetcher::new(refresher.fetch.clone());
            let results = crate::refresh::refresh(
                &refresher.feeds,
                &refresher.into,
                &fetcher,
                &rules,
                crate::commands::feeds::PARALLEL_FEEDS,
                &|_| {},
            );
            let new: usize = results
                .iter()
                .map(|(_, o)| match o {
                    crate::refresh::FeedOutcome::Imported { new, .. } => new.len(),
                    _ => 0,
                })
                .sum();
            let failed: Vec<&str> = results
                .iter()
                .filter_map(|(_, o)| match o {
                    crate::refresh::FeedOutcome::Failed(why) => Some(why.as_str()),
                    _ => None,
                })
                .collect();
            let mut summary = format!("refreshed {} feed(s): {new} new article(s)", results.len());
            if let Some(first) = failed.first() {
                summary.push_str(&format!("; {} failed — first: {first}", failed.len()));
            }
            let library = if new > 0 { (refresher.reload)().map(Box::new) } else { None };
            JobEvent::Refreshed { summary, library }
        });
        true
    }

    pub(super) fn analyse_library(&mut self, library: Arc<Library>) {
        self.generation += 1;
        self.indexing = true;
        let generation = self.generation;
        let send = self.send.clone();
        let done = Arc::new(AtomicUsize::new(0));
        self.library = Some((Arc::clone(&done), library.articles.len()));
        let analyzer = Arc::clone(&self.analyzer);
        let cache = self.cache.clone();
        let snapshot = self.snapshot.clone();
        spawn("analysis", self.send.clone(), move || {
            // A library shown from its snapshot is read from its files first: the analysis
            // needs the bodies, and the files are the truth.
            let shown = Arc::clone(&library);
            let (library, reread) = match (&snapshot, library.content) {
                (Some(s), crate::article::Content::Metadata) => {
                    // Held by `shown` alone from here, which goes as soon as it is compared.
                    drop(library);
                    match (s.read_library)(crate::article::Content::Whole) {
                        Ok(whole) => (Arc::new(whole), true),
                        Err(problem) => return JobEvent::Failed(format!("cannot read the library again: {problem}")),
                    }
                }
                _ => (library, false),
            };
            let library = match (reread, &snapshot, &cache) {
                (true, Some(s), Some(path)) => match cached_without_bodies(library, &shown, s, path, &analyzer) {
                    FromCache::Analysed { analysis, library, problem } => {
                        drop(shown);
                        done.fetch_add(library.articles.len(), Ordering::Relaxed);
                        let _ = send.send(JobEvent::LibraryAnalysed(
                            generation,
                            Arc::clone(&analysis),
                            problem,
                            Some(Arc::clone(&library)),
                        ));
                        let search =
                            crate::query::search_index_reading(&library, &analysis.articles, s.max_article_bytes);
                        return JobEvent::SearchIndexed(generation, Box::new(search));
                    }
                    FromCache::NotThisLibrary(library) => library,
                    FromCache::Failed(why) => return JobEvent::Failed(why),
                },
                _ => library,
            };
            // A snapshot that already says what the files hold is not written again.
            let snapshot_current = reread && shown.same_metadata(&library);
            drop(shown);
            let (analysis, mut problem) = match &cache {
                Some(path) => {
                    let (analysis, report) =
                        crate::analysis_cache::analyze_library_cached(&library.articles, &analyzer, path, Some(&done));
                    (analysis, report.problem)
                }
                None => (analyze_library_counting(&library.articles, &analyzer, Some(&done)), None),
            };
            if let Some(s) = &snapshot
                && !snapshot_current
                && library.articles.len() >= crate::library_snapshot::SNAPSHOT_FROM
                && let Err(e) = crate::library_snapshot::write(&s.path, &library)
            {
                problem.get_or_insert(snapshot_problem(&s.path, &e));
            }
            let analysis = Arc::new(analysis);
            let reread = reread.then(|| Arc::clone(&library));
            // The reader may have quit meanwhile; then nobody listens, which is fine.
            let _ = send.send(JobEvent::LibraryAnalysed(generation, Arc::clone(&analysis), problem, reread));
            let search = search_index(&library.articles, &analysis.articles);
            JobEvent::SearchIndexed(generation, Box::new(search))
        });
    }

    /// Analyses one article on its own, unless that is done or under way.
    pub(super) fn analyse_article(&mut self, article: &Arc<Article>, index: usize) {
        if self.single.contains_key(&index) || !self.single_pending.insert(index) {
            return;
        }
        let (article, analyzer) = (Arc::clone(article), Arc::clone(&self.analyzer));
        spawn("article analysis", self.send.clone(), move || {
            let x = analyzer.analyze(&article, article.meta.published.value.map(|p| p.date()));
            JobEvent::ArticleAnalysed(index, Box::new(x))
        });
    }

    pub(super) fn library_progress(&self) -> Option<(usize, usize)> {
        self.library.as_ref().map(|(done, total)| (done.load(Ordering::Relaxed).min(*total), *total))
    }

    pub(super) fn single(&self, index: usize) -> Option<&ArticleAnalysis> {
        self.single.get(&index)
    }

    /// Whether the article's file changed since the library's analysis was made.
    pub(super) fn is_stale(&self, index: usize) -> bool {
        self.stale.contains(&index)
    }

    pub(super) fn searchable_ready(&self, articles: usize) -> bool {
        self.search.articles.len() == articles
    }

    pub(super) fn indexing_words(&self) -> bool {
        self.indexing && self.library.is_none()
    }

    pub(super) fn search(&self) -> &SearchIndex {
        &self.search
    }

    pub(super) fn milestone_of(&self, article: usize, date: usize) -> Option<usize> {
        self.milestone_of.get(&(article, date)).copied()
    }
}

impl App {
    /// The one door for background results: installs what a job made.
    pub fn update_job(&mut self, event: JobEvent) {
        match event {
            // The analysis of a library replaced meanwhile (a refresh came first): its own is
            // on the way.
            JobEvent::LibraryAnalysed(generation, ..) if generation != self.jobs.generation => {}
            JobEvent::LibraryAnalysed(_, analysis, problem, reread) => {
                self.jobs.library = None;
                match reread {
                    // The files hold what the snapshot said: positions, marks and the open
                    // article stay as they are.
                    Some(whole) if whole.same_articles(&self.library) => {
                        self.library = whole;
                        // A library read without bodies keeps the open article's, read from its
                        // file; it must be the text the analysis was made of.
                        if self.library.content == crate::article::Content::Whole {
                            self.whole = None;
                        }
                        self.install(analysis);
                        if let Some((index, article)) = self.whole.clone() {
                            self.check_analysed_text(index, &article);
                        }
                    }
                    // Something changed since the snapshot: shown as after a refresh.
                    Some(whole) => self.replace_library(whole, Some(analysis)),
                    None => self.install(analysis),
                }
                if problem.is_some() {
                    self.message = problem;
                }
            }
            JobEvent::SearchIndexed(generation, search) => {
                // An index of a library replaced meanwhile is dropped; its own is on the way.
                if generation == self.jobs.generation {
                    self.jobs.indexing = false;
                    self.install_search(*search);
                }
            }
            JobEvent::ArticleAnalysed(index, x) => {
                self.jobs.single_pending.remove(&index);
                if self.analysis.articles.get(index).is_none() || self.jobs.stale.contains(&index) {
                    self.jobs.single.insert(index, *x);
                }
            }
            JobEvent::Refreshed { summary, library } => {
                self.jobs.refreshing = false;
                if let Some(library) = library {
                    self.replace_library(Arc::new(*library), None);
                }
                self.message = Some(summary);
            }
            JobEvent::Failed(why) => {
                self.jobs.refreshing = false;
                self.jobs.library = None;
                self.jobs.indexing = false;
                self.jobs.single_pending.clear();
                self.message = Some(format!("{why}; highlights and the timeline may be missing"));
            }
        }
    }

    /// Checks an article read from its file against the text the library's analysis was made
    /// of: when the file changed meanwhile, its spans would fall anywhere, so the article is
    /// analysed on its own and that analysis is shown.
    pub(super) fn check_analysed_text(&mut self, index: usize, article: &Arc<Article>) {
        let Some(&analysed) = self.analysis.content_hashes.get(index) else { return };
        if crate::analysis_cache::content_hash(article) != analysed && self.jobs.stale.insert(index) {
            self.jobs.single.remove(&index);
            self.jobs.analyse_article(article, index);
            self.message = Some(format!("{} changed since the library was read: analysed again", article.id));
        }
    }

    pub(super) fn install(&mut self, analysis: Arc<LibraryAnalysis>) {
        let jobs = &mut self.jobs;
        jobs.milestone_of.clear();
        for (m, milestone) in analysis.milestones.iter().enumerate() {
            for mention in &milestone.mentions {
                jobs.milestone_of.insert((mention.article, mention.date), m);
            }
        }
        self.analysis = analysis;
        jobs.single.clear();
        jobs.single_pending.clear();
        jobs.stale.clear();
    }

    /// Installs the filter's data, and applies a filter typed while it was being made.
    pub(super) fn install_search(&mut self, search: SearchIndex) {
        self.jobs.search = search;
        let filter = self.list.filter.clone();
        if !filter.is_empty() {
            self.apply_filter(&filter);
        }
    }

    /// Lets `R` refresh the feeds.
    pub fn set_refresher(&mut self, refresher: Refresher) {
        self.jobs.refresher = Some(Arc::new(refresher));
    }

    pub(super) fn start_refresh(&mut self) {
        if self.jobs.refresher.is_none() {
            self.message = Some("no subscriptions to refresh — add one with `tidings feeds add URL`".into());
        } else if self.jobs.refresh() {
            self.message = Some("refreshing the feeds in the background…".into());
        } else {
            self.message = Some("a refresh is already under way".into());
        }
    }

    pub fn refreshing(&self) -> bool {
        self.jobs.refreshing
    }

    /// Shows a new version of the library (after a refresh): the open article, the selection
    /// and the read marks follow their ids; positions in the old library are dropped; the
    /// analysis starts again, unless it comes with the library.
    fn replace_library(&mut self, library: Arc<Library>, analysed: Option<Arc<LibraryAnalysis>>) {
        self.remember_position();
        let id_of = |i: Option<usize>| i.and_then(|i| self.library.articles.get(i)).map(|a| a.id.clone());
        let (open, selected) = (id_of(self.reader.open), id_of(self.list.selected_article()));
        let filter = std::mem::take(&mut self.list.filter);
        self.library = library;
        self.whole = None;
        self.analysis = Arc::default();
        self.jobs.search = SearchIndex::default();
        self.jobs.milestone_of.clear();
        self.jobs.single.clear();
        self.jobs.single_pending.clear();
        self.jobs.stale.clear();
        match analysed {
            // Its words are indexed by the job that analysed it.
            Some(analysis) => self.install(analysis),
            None => self.jobs.analyse_library(Arc::clone(&self.library)),
        }
        self.jumps = super::jumps::JumpList::default();
        self.side = super::SidePanel { kind: self.side.kind, ..super::SidePanel::default() };
        self.list = super::ListState::new(self.library.articles.len());
        self.set_filter(&filter);
        self.reader = super::ReaderState::default();
        if let Some(index) = open.and_then(|id| self.library.position(&id)) {
            self.open_article(index);
        }
        if let Some(index) = selected.and_then(|id| self.library.position(&id)) {
            self.list.select_article(index);
        }
    }

    /// The channel background jobs report on, for an event loop that listens to several
    /// sources at once. Afterwards [`App::wait_for_analysis`] no longer works.
    pub fn take_job_receiver(&mut self) -> Option<mpsc::Receiver<JobEvent>> {
        self.jobs.receive.take()
    }

    /// Waits for the next background result and installs it; `false` when no job can send
    /// one. For tests that look between the steps.
    pub fn wait_for_job_event(&mut self) -> bool {
        let Some(event) = self.jobs.receive.as_ref().and_then(|r| r.recv().ok()) else { return false };
        self.update_job(event);
        true
    }

    /// Blocks until every job started so far has reported, applying what they report (for
    /// tests, benchmarks and the CLI; the reader's loop never blocks on a job).
    pub fn wait_for_analysis(&mut self) {
        while self.jobs.library.is_some() || self.jobs.indexing || !self.jobs.single_pending.is_empty() {
            if !self.wait_for_job_event() {
                return;
            }
        }
    }
}
