//! Loading a library of articles: the bundled set embedded in the binary, or a folder.
//! Every file either loads or yields a [`LoadProblem`] naming the file, the line and a fix;
//! one bad file never stops the rest from loading.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::article::{Article, Content, decode_text_borrowed, parse_article, parse_article_as};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Where a library was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryOrigin {
    Bundled,
    Folder(PathBuf),
    /// The bundled articles and the user's own library folder.
    BundledAnd(PathBuf),
}

impl fmt::Display for LibraryOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LibraryOrigin::Bundled => write!(f, "the bundled articles"),
            LibraryOrigin::Folder(p) => write!(f, "{}", p.display()),
            LibraryOrigin::BundledAnd(p) => write!(f, "the bundled articles and {}", p.display()),
        }
    }
}

/// A file that could not be loaded: which, where, what, and what to do.
pub type LoadProblem = crate::located::Located;

#[derive(Debug, Clone)]
pub struct Library {
    pub origin: LibraryOrigin,
    /// Newest first; undated articles last, by id.
    pub articles: Vec<Article>,
    pub problems: Vec<LoadProblem>,
    /// Ids already taken, to report duplicates without a scan per article.
    ids: HashSet<String>,
    /// Id -> position in `articles`, for lookups without a scan (rebuilt after sorting).
    positions: HashMap<String, usize>,
    /// Whether the articles hold their bodies, or only their metadata (read from a
    /// [`crate::library_snapshot`] or for a listing); then [`Library::whole_article`] reads one.
    pub content: Content,
    /// Id -> the file an article of a folder was read from (the bundled ones have none).
    pub files: HashMap<String, PathBuf>,
}

/// A file found by the folder walk, to be read and parsed (in parallel).
struct Pending {
    path: PathBuf,
    id: String,
}

/// How a folder is read.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// File extension of article files, without the dot.
    pub extension: String,
    /// Files larger than this are refused unread.
    pub max_article_bytes: u64,
    /// Whether bodies are kept, or only the metadata (for a listing).
    pub content: Content,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { extension: "md".into(), max_article_bytes: 10 * 1024 * 1024, content: Content::Whole }
    }
}

impl Library {
    /// The articles embedded in the binary.
    pub fn bundled() -> Library {
        let mut lib = Library {
            origin: LibraryOrigin::Bundled,
            articles: Vec::new(),
            problems: Vec::new(),
            ids: HashSet::new(),
            positions: HashMap::new(),
            content: Content::Whole,
            files: HashMap::new(),
        };
        for (name, text) in bundled::BUNDLED {
            let id = name.rsplit_once('.').map_or(*name, |(stem, _)| stem);
            lib.add_parsed(&|| format!("articles/{name}"), id, parse_article(id, text));
        }
        lib.sort();
        lib
    }

    /// The bundled articles with the user's library folder, when it exists: what the reader
    /// shows by default, so that what the user imported is there at the next start.
    pub fn bundled_and(dir: &Path, options: &LoadOptions) -> Library {
        let mut lib = Library::bundled();
        if !dir.is_dir() {
            return lib;
        }
        match Library::load_folder(dir, options) {
            Ok(own) => {
                lib.problems.extend(own.problems);
                lib.files = own.files;
                lib.content = own.content;
                for article in own.articles {
                    let id = article.id.clone();
                    let file = || dir.join(format!("{id}.{}", options.extension)).display().to_string();
                    lib.add_parsed(&file, &id, Ok(article));
                }
            }
            Err(problem) => lib.problems.push(problem),
        }
        lib.origin = LibraryOrigin::BundledAnd(dir.to_path_buf());
        lib.sort();
        lib
    }

    /// Every article file under `dir` (recursively). Fails only if `dir` itself is unreadable.
    pub fn load_folder(dir: &Path, options: &LoadOptions) -> Result<Library, LoadProblem> {
        let meta = std::fs::metadata(dir).map_err(|e| LoadProblem {
            file: dir.display().to_string(),
            line: None,
            problem: format!("cannot open the articles folder: {e}"),
            fix: "check the path given with --articles or `articles_dir` in the config".into(),
        })?;
        if !meta.is_dir() {
            return Err(LoadProblem {
                file: dir.display().to_string(),
                line: None,
                problem: "is not a folder".into(),
                fix: "point --articles or `articles_dir` at the folder that holds the article files".into(),
            });
        }
        let mut lib = Library {
            origin: LibraryOrigin::Folder(dir.to_path_buf()),
            articles: Vec::new(),
            problems: Vec::new(),
            ids: HashSet::new(),
            positions: HashMap::new(),
            content: options.content,
            files: HashMap::new(),
        };
        let mut pending = Vec::new();
        lib.walk(dir, options, &mut pending);
        // Reading and parsing dominate on large libraries and are independent per file.
        let parsed: Vec<(Pending, Result<Article, crate::article::ParseError>)> = pending
            .into_par_iter()
            .map(|p| {
                let result = crate::fsutil::read_listed_file(&p.path, options.max_article_bytes)
                    .map_err(|e| match e {
                        crate::fsutil::ReadError::Oversized { .. } => LoadProblem::new("", e.to_string(), e.fix()),
                        e => LoadProblem::new("", format!("cannot read: {e}"), e.fix()),
                    })
                    .and_then(|bytes| {
                        decode_text_borrowed(&bytes).and_then(|text| parse_article_as(&p.id, &text, options.content))
                    });
                (p, result)
            })
            .collect();
        for (p, result) in parsed {
            let loaded = result.is_ok();
            lib.add_parsed(&|| p.path.display().to_string(), &p.id, result);
            if loaded {
                lib.files.entry(p.id).or_insert(p.path);
            }
        }
        lib.sort();
        Ok(lib)
    }

    /// Finds the article files under `root` (`walkdir`: symlinks followed, loops detected,
    /// sorted by name, hidden files and folders skipped). Only regular files are queued: a
    /// FIFO named like an article would block the reader forever.
    fn walk(&mut self, root: &Path, options: &LoadOptions, pending: &mut Vec<Pending>) {
        const MAX_DEPTH: usize = 32;
        let problem = |path: &Path, problem: String, fix: &str| LoadProblem {
            file: path.display().to_string(),
            line: None,
            problem,
            fix: fix.to_string(),
        };
        let is_article_name =
            |path: &Path| path.extension().is_some_and(|x| x.eq_ignore_ascii_case(&options.extension));
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .max_depth(MAX_DEPTH)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // A symlink back to a folder already read.
                Err(e) if e.loop_ancestor().is_some() => continue,
                Err(e) => {
                    let Some(path) = e.path() else { continue };
                    let why = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                    if path.is_dir() {
                        self.problems.push(problem(
                            path,
                            format!("cannot list the folder: {why}"),
                            "check its permissions",
                        ));
                    } else if is_article_name(path) || path.is_symlink() {
                        self.problems.push(problem(
                            path,
                            format!("cannot read: {why}"),
                            "fix the permissions or remove the broken symlink",
                        ));
                    }
                    continue;
                }
            };
            let path = entry.path();
            let file_type = entry.file_type();
            if file_type.is_dir() {
                if entry.depth() > 0 && is_article_name(path) {
                    self.problems.push(problem(
                        path,
                        format!("is a folder, but its name ends in .{}", options.extension),
                        "rename the folder; articles inside it are still loaded",
                    ));
                }
                continue;
            }
            if !is_article_name(path) {
                continue;
            }
            if !file_type.is_file() {
                self.problems.push(problem(
                    path,
                    "is not a regular file (a named pipe, device or socket)".into(),
                    "articles are regular files; remove it or give it another name",
                ));
                continue;
            }
            self.queue_file(root, path, pending);
        }
    }

    /// Queues the file for reading and parsing. Its size is checked when it is opened (in
    /// parallel), before anything is read.
    fn queue_file(&mut self, root: &Path, path: &Path, pending: &mut Vec<Pending>) {
        let relative = path.strip_prefix(root).unwrap_or(path).with_extension("");
        let id = relative.to_string_lossy().replace('\\', "/");
        pending.push(Pending { path: path.to_path_buf(), id });
    }

    /// `file` names the file in a message, made only when there is one to give.
    fn add_parsed(&mut self, file: &dyn Fn() -> String, id: &str, parsed: Result<Article, crate::article::ParseError>) {
        match parsed {
            Ok(article) => {
                if !self.ids.insert(id.to_string()) {
                    self.problems.push(LoadProblem {
                        file: file(),
                        line: None,
                        problem: format!("another article already has the id {id:?}"),
                        fix: "rename one of the files".into(),
                    });
                } else {
                    self.articles.push(article);
                }
            }
            Err(e) => self.problems.push(e.in_file(file())),
        }
    }

    fn sort(&mut self) {
        self.articles.sort_by(|a, b| {
            let date = |x: &Article| x.meta.published.value.map(|p| (p.date(), p));
            date(b).cmp(&date(a)).then_with(|| a.id.cmp(&b.id))
        });
        self.positions = self.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
    }

    /// The library without the bodies of the articles it can read again from their files
    /// ([`Content::Metadata`]; [`Library::whole_article`] reads one). Articles without a file
    /// (the bundled ones) keep theirs.
    pub fn without_bodies(mut self) -> Library {
        for article in &mut self.articles {
            if self.files.contains_key(&article.id) {
                article.body = String::new();
                article.blocks = Vec::new();
            }
        }
        self.content = Content::Metadata;
        self
    }

    /// Where the article with this exact id is in [`Library::articles`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// The article at `index` with its body: read from its file again when the library holds
    /// only metadata ([`Content::Metadata`]), else a copy of the one held.
    pub fn whole_article(&self, index: usize, max_bytes: u64) -> Result<Article, LoadProblem> {
        let article = &self.articles[index];
        let Some(file) = self.files.get(&article.id).filter(|_| self.content == Content::Metadata) else {
            return Ok(article.clone());
        };
        let name = file.display().to_string();
        crate::fsutil::read_listed_file(file, max_bytes)
            .map_err(|e| LoadProblem::new(&name, format!("cannot read: {e}"), e.fix()))
            .and_then(|bytes| {
                decode_text_borrowed(&bytes).and_then(|t| parse_article(&article.id, &t)).map_err(|e| e.in_file(&name))
            })
    }

    /// Builds a library from articles read before (a snapshot), in that order.
    pub fn from_parts(
        origin: LibraryOrigin,
        articles: Vec<Article>,
        problems: Vec<LoadProblem>,
        content: Content,
        files: HashMap<String, PathBuf>,
    ) -> Library {
        let ids = articles.iter().map(|a| a.id.clone()).collect();
        let mut lib = Library { origin, articles, problems, ids, positions: HashMap::new(), content, files };
        lib.sort();
        lib
    }

    /// Whether `other` has the same articles in the same order (its bodies or metadata may
    /// differ): then a position in one is the same article in the other.
    pub fn same_articles(&self, other: &Library) -> bool {
        self.articles.len() == other.articles.len()
            && self.articles.iter().zip(&other.articles).all(|(a, b)| a.id == b.id)
    }

    /// Whether `other` holds the same metadata, problems and files as this library (its bodies
    /// aside): then a snapshot of one is a snapshot of the other.
    pub fn same_metadata(&self, other: &Library) -> bool {
        self.same_articles(other)
            && self.articles.iter().zip(&other.articles).all(|(a, b)| a.meta == b.meta)
            && self.problems == other.problems
            && self.files == other.files
    }

    /// The key under which this library's reading state is kept: `bundled`, or its folder.
    pub fn state_key(&self) -> String {
        match &self.origin {
            // The user's own folder joins the bundled set under the same key, so that read marks
            // made before it existed are kept.
            LibraryOrigin::Bundled | LibraryOrigin::BundledAnd(_) => "bundled".into(),
            LibraryOrigin::Folder(dir) => {
                dir.canonicalize().unwrap_or_else(|_| dir.clone()).to_string_lossy().into_owned()
            }
        }
    }

    /// Finds an article by exact id, else by a unique id prefix.
    pub fn find(&self, key: &str) -> Result<&Article, String> {
        if let Some(a) = self.position(key).and_then(|i| self.articles.get(i)).filter(|a| a.id == key) {
            return Ok(a);
        }
        let matches: Vec<&Article> = self.articles.iter().filter(|a| a.id.starts_with(key)).collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(format!("no article with id {key:?} (see `tidings list`)")),
            many => Err(format!(
                "{key:?} matches {} articles: {} — give more of the id",
                many.len(),
                many.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(", ")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_library_loads_cleanly() {
        let lib = Library::bundled();
        assert!(lib.problems.is_empty(), "{:?}", lib.problems);
        assert_eq!(lib.articles.len(), 5);
    }

    #[test]
    fn finds_by_unique_prefix() {
        let lib = Library::bundled();
        let first = &lib.articles[0].id;
        assert_eq!(&lib.find(first).unwrap().id, first);
        assert!(lib.find("zzz-no-such").is_err());
    }
}
