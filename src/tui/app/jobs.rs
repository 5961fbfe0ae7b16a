//! Background work: the library's analysis, and a single article's analysis while the
//! library's is not done yet. Each job runs on its own thread and reports a [`JobEvent`]; the
//! event loop hands it to [`App::update_job`]. Nothing heavy runs on the thread that draws.

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use rayon::prelude::*;

use super::App;
use crate::analysis::{LibraryAnalysis, analyze_library_counting};
use crate::extract::{Analyzer, ArticleAnalysis};
use crate::library::Library;
use crate::query::{Searchable, searchable};

/// What a background job reports.
pub enum JobEvent {
    LibraryAnalysed(Box<(LibraryAnalysis, Vec<Searchable>)>),
    ArticleAnalysed(usize, Box<ArticleAnalysis>),
    /// A job failed (it panicked); the reader goes on without its result.
    Failed(String),
}

impl std::fmt::Debug for JobEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobEvent::LibraryAnalysed(_) => write!(f, "LibraryAnalysed"),
            JobEvent::ArticleAnalysed(i, _) => write!(f, "ArticleAnalysed({i})"),
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
    /// Articles analysed on their own before the library's analysis arrived.
    single: HashMap<usize, ArticleAnalysis>,
    single_pending: HashSet<usize>,
    /// Prepared filter data, parallel to the library's articles once the analysis is in.
    searchables: Vec<Searchable>,
    /// (article, date mention) -> milestone index.
    milestone_of: HashMap<(usize, usize), usize>,
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

pub(super) fn searchables(library: &Library, analysis: &LibraryAnalysis) -> Vec<Searchable> {
    library.articles.par_iter().zip(&analysis.articles).map(|(a, x)| searchable(a, x)).collect()
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
            single_pending: HashSet::new(),
            searchables: Vec::new(),
            milestone_of: HashMap::new(),
        }
    }

    pub(super) fn analyse_library(&mut self, library: Arc<Library>) {
        let done = Arc::new(AtomicUsize::new(0));
        self.library = Some((Arc::clone(&done), library.articles.len()));
        let analyzer = Arc::clone(&self.analyzer);
        spawn("analysis", self.send.clone(), move || {
            let analysis = analyze_library_counting(&library.articles, &analyzer, Some(&done));
            let searchables = searchables(&library, &analysis);
            JobEvent::LibraryAnalysed(Box::new((analysis, searchables)))
        });
    }

    /// Analyses one article on its own, unless that is done or under way.
    pub(super) fn analyse_article(&mut self, library: &Arc<Library>, index: usize) {
        if self.single.contains_key(&index) || !self.single_pending.insert(index) {
            return;
        }
        let (library, analyzer) = (Arc::clone(library), Arc::clone(&self.analyzer));
        spawn("article analysis", self.send.clone(), move || {
            let article = &library.articles[index];
            let x = analyzer.analyze(article, article.meta.published.value.map(|p| p.date()));
            JobEvent::ArticleAnalysed(index, Box::new(x))
        });
    }

    pub(super) fn library_progress(&self) -> Option<(usize, usize)> {
        self.library.as_ref().map(|(done, total)| (done.load(Ordering::Relaxed).min(*total), *total))
    }

    pub(super) fn single(&self, index: usize) -> Option<&ArticleAnalysis> {
        self.single.get(&index)
    }

    pub(super) fn searchable_ready(&self, articles: usize) -> bool {
        self.searchables.len() == articles
    }

    pub(super) fn searchables_slice(&self) -> &[Searchable] {
        &self.searchables
    }

    pub(super) fn milestone_of(&self, article: usize, date: usize) -> Option<usize> {
        self.milestone_of.get(&(article, date)).copied()
    }
}

impl App {
    /// The one door for background results: installs what a job made.
    pub fn update_job(&mut self, event: JobEvent) {
        match event {
            JobEvent::LibraryAnalysed(result) => {
                let (analysis, searchables) = *result;
                self.jobs.library = None;
                self.install(analysis, searchables);
            }
            JobEvent::ArticleAnalysed(index, x) => {
                self.jobs.single_pending.remove(&index);
                if self.analysis.articles.get(index).is_none() {
                    self.jobs.single.insert(index, *x);
                }
            }
            JobEvent::Failed(why) => {
                self.jobs.library = None;
                self.jobs.single_pending.clear();
                self.message = Some(format!("{why}; highlights and the timeline may be missing"));
            }
        }
    }

    pub(super) fn install(&mut self, analysis: LibraryAnalysis, searchables: Vec<Searchable>) {
        let jobs = &mut self.jobs;
        jobs.milestone_of.clear();
        for (m, milestone) in analysis.milestones.iter().enumerate() {
            for mention in &milestone.mentions {
                jobs.milestone_of.insert((mention.article, mention.date), m);
            }
        }
        self.analysis = analysis;
        jobs.searchables = searchables;
        jobs.single.clear();
        jobs.single_pending.clear();
        let filter = self.list.filter.clone();
        if !filter.is_empty() {
            self.apply_filter(&filter);
        }
    }

    /// The channel background jobs report on, for an event loop that listens to several
    /// sources at once. Afterwards [`App::wait_for_analysis`] no longer works.
    pub fn take_job_receiver(&mut self) -> Option<mpsc::Receiver<JobEvent>> {
        self.jobs.receive.take()
    }

    /// Blocks until every job started so far has reported, applying what they report (for
    /// tests, benchmarks and the CLI; the reader's loop never blocks on a job).
    pub fn wait_for_analysis(&mut self) {
        while self.jobs.library.is_some() || !self.jobs.single_pending.is_empty() {
            let Some(event) = self.jobs.receive.as_ref().and_then(|r| r.recv().ok()) else { return };
            self.update_job(event);
        }
    }
}
