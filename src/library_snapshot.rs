//! The library's metadata as it was last read, so that the reader's first frame of a large
//! library does not wait for every file to be read and parsed (at 100,000 articles that is
//! most of a second; the snapshot reads in a fraction of it). The reader shows the snapshot at
//! once and reads the files in the background as before; what it reads then replaces the
//! snapshot, so a file changed, added or removed meanwhile shows up a moment later, never not
//! at all. An article opened before that is read from its own file.
//!
//! Only libraries of at least [`SNAPSHOT_FROM`] articles are shown from a snapshot: smaller
//! ones read their files in milliseconds, and are then never shown a moment out of date.
//!
//! One file per library (`$XDG_CACHE_HOME/tidings/library-HASH.bin`), written atomically (a
//! temporary file renamed over the old) and checked whole by a CRC-32: a torn, damaged or
//! foreign file is ignored, and the library is read from its files.
//!
//! Layout: `MAGIC`, the format version (u32), the article count, per article its id, its file
//! (empty for a bundled article, which is taken from the binary) and metadata; the load
//! problems; a CRC-32 of everything before it. Numbers are LEB128 varints.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::analysis_cache::{Reader, TRUNCATED, Writer};
use crate::article::{Article, Content, Field, Metadata, Published};
use crate::library::{Library, LibraryOrigin, LoadProblem};

const MAGIC: &[u8; 8] = b"TDLIBSN\n";
const FORMAT: u32 = 1;

/// Libraries smaller than this are read from their files at every start.
pub const SNAPSHOT_FROM: usize = 1000;

/// Where the snapshot of the library read from `origin` is kept.
pub fn path_for(origin: &LibraryOrigin) -> Option<PathBuf> {
    crate::analysis_cache::cache_file_for(origin, "library")
}

/// Writes the snapshot of `library` (with or without its bodies: only metadata is kept).
pub fn write(path: &Path, library: &Library) -> std::io::Result<()> {
    let mut w = Writer { out: Vec::with_capacity(library.articles.len() * 256) };
    w.out.extend_from_slice(MAGIC);
    w.out.extend_from_slice(&FORMAT.to_le_bytes());
    w.uint(library.articles.len() as u64);
    for a in &library.articles {
        w.bytes(a.id.as_bytes());
        let file = library.files.get(&a.id).map_or(String::new(), |f| f.to_string_lossy().into_owned());
        w.bytes(file.as_bytes());
        put_meta(&mut w, &a.meta);
    }
    w.uint(library.problems.len() as u64);
    for p in &library.problems {
        w.bytes(p.file.as_bytes());
        w.uint(p.line.map_or(0, |l| l as u64 + 1));
        w.bytes(p.problem.as_bytes());
        w.bytes(p.fix.as_bytes());
    }
    let crc = crc32fast::hash(&w.out);
    w.out.extend_from_slice(&crc.to_le_bytes());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::analysis_cache::remove_leftover_temporaries(path);
    crate::fsutil::write_atomically(path, &w.out)
}

/// The library of `origin` as the snapshot at `path` holds it: metadata only
/// ([`Content::Metadata`]). `None` when there is no usable snapshot (none, another format,
/// damaged, or fewer than [`SNAPSHOT_FROM`] articles).
pub fn read(path: &Path, origin: &LibraryOrigin) -> Option<Library> {
    let bytes = std::fs::read(path).ok()?;
    let (content, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(content).to_le_bytes() != crc {
        return None;
    }
    decode(content, origin).ok().filter(|lib| lib.articles.len() >= SNAPSHOT_FROM)
}

fn decode(content: &[u8], origin: &LibraryOrigin) -> Result<Library, &'static str> {
    if !content.starts_with(MAGIC) {
        return Err("not a snapshot");
    }
    let mut r = Reader { data: content, at: MAGIC.len() };
    if u32::from_le_bytes(r.take(4)?.try_into().map_err(|_| TRUNCATED)?) != FORMAT {
        return Err("another format");
    }
    let bundled: HashMap<String, Article> = match origin {
        LibraryOrigin::BundledAnd(_) | LibraryOrigin::Bundled => {
            Library::bundled().articles.into_iter().map(|a| (a.id.clone(), a)).collect()
        }
        LibraryOrigin::Folder(_) => HashMap::new(),
    };
    let count = r.usize()?;
    // Every entry takes several bytes: a count larger than the file is damage, not a reason
    // to reserve gigabytes.
    let mut articles = Vec::with_capacity(count.min(content.len()));
    let mut files = HashMap::with_capacity(count.min(content.len()));
    for _ in 0..count {
        let id = r.str()?.to_string();
        let file = r.str()?;
        let meta = get_meta(&mut r)?;
        if file.is_empty() {
            // A bundled article: whole, from the binary (it may have changed with the binary).
            articles.push(bundled.get(&id).ok_or("a bundled article that is not in this build")?.clone());
        } else {
            files.insert(id.clone(), PathBuf::from(file));
            articles.push(Article { id, meta, body: String::new(), blocks: Vec::new() });
        }
    }
    let mut problems = Vec::new();
    for _ in 0..r.usize()? {
        let file = r.str()?;
        let line = r.usize()?.checked_sub(1);
        let problem = r.str()?;
        let fix = r.str()?;
        problems.push(LoadProblem::new(file, problem, fix).at_line(line));
    }
    if r.at != content.len() {
        return Err("bytes after the end");
    }
    Ok(Library::from_parts(origin.clone(), articles, problems, Content::Metadata, files))
}

fn put_opt(w: &mut Writer, value: Option<&str>) {
    match value {
        None => w.uint(0),
        Some(v) => {
            w.uint(1);
            w.bytes(v.as_bytes());
        }
    }
}

fn get_opt(r: &mut Reader<'_>) -> Result<Option<String>, &'static str> {
    Ok(match r.uint()? {
        0 => None,
        1 => Some(r.str()?.to_string()),
        _ => return Err("a field is damaged"),
    })
}

fn put_meta(w: &mut Writer, m: &Metadata) {
    for f in [&m.title, &m.source] {
        put_opt(w, f.value.as_deref());
        put_opt(w, f.inferred.as_deref());
    }
    put_opt(w, m.published.value.map(|p| p.to_toml_literal()).as_deref());
    put_opt(w, m.published.inferred.as_deref());
    for f in [&m.author, &m.translator, &m.dateline] {
        put_opt(w, f.value.as_deref());
        put_opt(w, f.inferred.as_deref());
    }
    put_opt(w, m.url.as_deref());
    w.uint(m.tags.len() as u64);
    for t in &m.tags {
        w.bytes(t.as_bytes());
    }
    put_opt(w, m.imported_from.as_deref());
}

fn get_meta(r: &mut Reader<'_>) -> Result<Metadata, &'static str> {
    let field = |r: &mut Reader<'_>| -> Result<Field<String>, &'static str> {
        Ok(Field { value: get_opt(r)?, inferred: get_opt(r)? })
    };
    let title = field(r)?;
    let source = field(r)?;
    let published = match get_opt(r)? {
        None => None,
        Some(text) => Some(Published::parse(&text).ok_or("a date is damaged")?),
    };
    let published = Field { value: published, inferred: get_opt(r)? };
    let (author, translator, dateline) = (field(r)?, field(r)?, field(r)?);
    let url = get_opt(r)?;
    let tags = (0..r.usize()?).map(|_| r.str().map(str::to_string)).collect::<Result<_, _>>()?;
    let imported_from = get_opt(r)?;
    Ok(Metadata { title, source, published, author, translator, dateline, url, tags, imported_from })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder library of `n` articles with varied metadata, read whole.
    fn folder(n: usize) -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..n {
            let extra = match i % 3 {
                0 => "published = 2024-06-22\nauthor = \"A. Writer\"\n".to_string(),
                1 => "published = 2024-06-19T18:10:00+07:00\nsource = \"VNA\"\nsource_inferred = \"from the URL\"\ntags = [\"x\", \"y\"]\n".into(),
                _ => "url = \"https://example.com/a\"\n".into(),
            };
            let text = format!("+++\ntitle = \"Article {i}\"\n{extra}+++\n\nBody {i}.\n");
            std::fs::write(dir.path().join(format!("a{i:04}.md")), text).unwrap();
        }
        std::fs::write(dir.path().join("broken.md"), "no front matter").unwrap();
        let lib = Library::load_folder(dir.path(), &crate::library::LoadOptions::default()).unwrap();
        (dir, lib)
    }

    #[test]
    fn a_snapshot_gives_back_the_metadata_and_the_problems() {
        let (dir, lib) = folder(SNAPSHOT_FROM + 5);
        let path = dir.path().join("cache/library.bin");
        write(&path, &lib).unwrap();
        let back = read(&path, &lib.origin).expect("snapshot read");
        assert_eq!(back.content, Content::Metadata);
        assert!(back.same_articles(&lib));
        for (a, b) in lib.articles.iter().zip(&back.articles) {
            assert_eq!(a.meta, b.meta, "{}", a.id);
            assert!(b.body.is_empty());
        }
        assert_eq!(back.problems, lib.problems);
        // So it need not be written again; an article whose metadata changed makes it stale.
        assert!(back.same_metadata(&lib));
        let mut changed = back.clone();
        changed.articles[3].meta.title.value = Some("Another headline".into());
        assert!(!changed.same_metadata(&lib));
        // An article read on demand is the one the files hold.
        let i = back.position("a0007").unwrap();
        assert_eq!(back.whole_article(i, 1 << 20).unwrap(), lib.articles[lib.position("a0007").unwrap()]);
    }

    #[test]
    fn a_small_library_or_a_damaged_snapshot_is_read_from_the_files() {
        let (dir, small) = folder(10);
        let path = dir.path().join("library.bin");
        write(&path, &small).unwrap();
        assert!(read(&path, &small.origin).is_none(), "under SNAPSHOT_FROM articles");
        let (dir, lib) = folder(SNAPSHOT_FROM);
        let path = dir.path().join("library.bin");
        write(&path, &lib).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        // Any truncation, and any flipped byte, is refused rather than misread.
        for cut in [0, 3, 8, 12, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(read(&path, &lib.origin).is_none(), "cut at {cut}");
        }
        for at in [0, 9, bytes.len() / 3, bytes.len() - 2] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x55;
            std::fs::write(&path, &damaged).unwrap();
            assert!(read(&path, &lib.origin).is_none(), "byte {at} flipped");
        }
        std::fs::write(&path, &bytes).unwrap();
        assert!(read(&path, &lib.origin).is_some());
    }
}
