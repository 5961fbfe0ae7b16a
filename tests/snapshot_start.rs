//! A large library starts from the snapshot of its metadata (`tidings::library_snapshot`):
//! the list is there at once, an article opened meanwhile is read from its file, and what the
//! files hold when they have been read replaces the snapshot — also when they changed.

mod common;

use common::reader::press;
use ratatui::layout::Rect;
use tidings::extract::Analyzer;
use tidings::library_snapshot::{self, SNAPSHOT_FROM};
use tidings::tui::app::Snapshot;
use tidings::tui::{App, KeyMap, Theme};
use tidings::{Config, Library, LoadOptions};

fn write_article(dir: &std::path::Path, name: &str, day: u32, title: &str) {
    let text = format!(
        "+++\ntitle = \"{title}\"\nsource = \"VNA\"\npublished = 2024-06-{day:02}\n+++\n\n{title}: the body of the story, which names Hà Nội.\n"
    );
    std::fs::write(dir.join(format!("{name}.md")), text).unwrap();
}

/// A folder of `SNAPSHOT_FROM` articles, its snapshot written from a first read.
fn library_with_snapshot() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..SNAPSHOT_FROM {
        write_article(dir.path(), &format!("a{i:05}"), 1 + (i % 28) as u32, &format!("Story {i}"));
    }
    let first = Library::load_folder(dir.path(), &LoadOptions::default()).unwrap();
    let path = dir.path().join(".cache/library.bin");
    library_snapshot::write(&path, &first).unwrap();
    (dir, path)
}

fn app_from_snapshot(dir: &std::path::Path, path: &std::path::Path) -> App {
    app_from_snapshot_with_cache(dir, path, None)
}

fn app_from_snapshot_with_cache(
    dir: &std::path::Path,
    path: &std::path::Path,
    cache: Option<std::path::PathBuf>,
) -> App {
    let folder = dir.to_path_buf();
    let library = library_snapshot::read(path, &tidings::library::LibraryOrigin::Folder(folder.clone()))
        .expect("the snapshot is read");
    assert_eq!(library.content, tidings::article::Content::Metadata);
    let config = Config::defaults();
    let snapshot = Snapshot {
        path: path.to_path_buf(),
        max_article_bytes: config.max_article_bytes,
        read_library: Box::new(move |content| {
            Library::load_folder(&folder, &LoadOptions { content, ..LoadOptions::default() })
        }),
    };
    let mut app = App::with_cached_background_analysis(
        library,
        Analyzer::bundled(),
        KeyMap::from_config(&config).unwrap(),
        Theme::from_config(&config.theme, false).unwrap(),
        config.reading_width,
        cache,
        Some(snapshot),
    );
    app.prepare(Rect::new(0, 0, 80, 24));
    app
}

#[test]
fn an_article_opened_before_the_files_are_read_has_its_text() {
    let (dir, path) = library_with_snapshot();
    let mut app = app_from_snapshot(dir.path(), &path);
    press(&mut app, &["Enter"]);
    let open = app.reader.open.expect("an article is open");
    let body = app.article(open).body.clone();
    assert!(body.contains("the body of the story"), "{body:?}");
    app.wait_for_analysis();
    // The files agreed with the snapshot: the same article stays open, now from the library.
    assert_eq!(app.library.content, tidings::article::Content::Whole);
    assert_eq!(app.reader.open, Some(open));
    assert_eq!(app.library.articles[open].body, body);
    assert!(app.analysis_ready() && app.article_analysis(open).is_some());
}

#[test]
fn files_changed_since_the_snapshot_replace_it() {
    let (dir, path) = library_with_snapshot();
    // Written after the snapshot: one article more (the newest), one gone.
    write_article(dir.path(), "new", 29, "Newest story");
    std::fs::remove_file(dir.path().join("a00003.md")).unwrap();
    let mut app = app_from_snapshot(dir.path(), &path);
    assert_eq!(app.library.articles.len(), SNAPSHOT_FROM, "the snapshot is shown first");
    assert!(app.library.position("new").is_none());
    app.wait_for_analysis();
    assert_eq!(app.library.articles.len(), SNAPSHOT_FROM);
    assert!(app.library.position("new").is_some(), "the new file is listed once read");
    assert!(app.library.position("a00003").is_none(), "the removed file is gone");
    // The next start's snapshot is the files as they are now.
    let again = library_snapshot::read(&path, &app.library.origin).unwrap();
    assert!(again.same_articles(&app.library));
    // Filters work on what was read.
    app.set_filter("hanoi");
    assert_eq!(app.list.visible.len(), SNAPSHOT_FROM);
}

/// A library started twice from its snapshot with an analysis cache: the first start reads the
/// files whole and writes the cache; the second, returned with the number of milestones the
/// first found, is analysed (from the cache) when it is returned.
fn second_start_from_the_cache() -> (tempfile::TempDir, App, usize) {
    let (dir, path) = library_with_snapshot();
    let cache = dir.path().join(".cache/analysis.bin");
    let mut first = app_from_snapshot_with_cache(dir.path(), &path, Some(cache.clone()));
    first.wait_for_analysis();
    assert_eq!(first.library.content, tidings::article::Content::Whole);
    assert!(cache.exists());
    let mut app = app_from_snapshot_with_cache(dir.path(), &path, Some(cache));
    app.wait_for_analysis();
    (dir, app, first.analysis.milestones.len())
}

#[test]
fn a_second_start_from_the_snapshot_and_the_cache_holds_no_bodies() {
    let (_dir, mut app, milestones) = second_start_from_the_cache();
    assert_eq!(app.library.content, tidings::article::Content::Metadata, "the bodies stay in their files");
    assert!(app.library.articles.iter().all(|a| a.body.is_empty()));
    assert_eq!(app.analysis.milestones.len(), milestones, "the timeline is the cache's");
    // The filter's words and names were read from the files.
    app.set_filter("hanoi");
    assert_eq!(app.list.visible.len(), SNAPSHOT_FROM);
    app.set_filter("entity:hanoi");
    assert_eq!(app.list.visible.len(), SNAPSHOT_FROM);
    app.set_filter("");
    // An article opened has its text and the library's analysis of it.
    press(&mut app, &["Enter"]);
    let open = app.reader.open.expect("an article is open");
    assert!(app.article(open).body.contains("the body of the story"));
    let analysis = app.article_analysis(open).expect("analysed");
    let body = &app.article(open).body;
    assert!(analysis.entities.iter().any(|e| &body[e.span.clone()] == "Hà Nội"), "{analysis:?}");
}

#[test]
fn an_article_whose_file_changed_after_the_cache_is_analysed_again_when_opened() {
    let (dir, mut app, _) = second_start_from_the_cache();
    assert_eq!(app.library.content, tidings::article::Content::Metadata);
    // The newest article's file is rewritten while the reader runs: longer, the name moved.
    let newest = app.library.articles[0].id.clone();
    let file = dir.path().join(format!("{newest}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    let longer =
        text.replace("the body of the story", "a much longer opening than before, and then the body of the story");
    std::fs::write(&file, longer).unwrap();
    press(&mut app, &["Enter"]);
    let open = app.reader.open.unwrap();
    assert_eq!(app.library.articles[open].id, newest);
    assert!(app.message.as_deref().is_some_and(|m| m.contains("changed since")), "{:?}", app.message);
    app.wait_for_analysis();
    let body = app.article(open).body.clone();
    assert!(body.contains("a much longer opening"));
    let analysis = app.article_analysis(open).expect("analysed again");
    assert!(analysis.entities.iter().any(|e| &body[e.span.clone()] == "Hà Nội"), "{analysis:?}");
}

#[test]
fn a_file_changed_between_two_starts_is_analysed_again_from_the_files() {
    let (dir, path) = library_with_snapshot();
    let cache = dir.path().join(".cache/analysis.bin");
    let mut first = app_from_snapshot_with_cache(dir.path(), &path, Some(cache.clone()));
    first.wait_for_analysis();
    let file = dir.path().join("a00007.md");
    let text = std::fs::read_to_string(&file).unwrap().replace("names Hà Nội", "names Hà Nội and Đà Nẵng");
    std::fs::write(&file, text).unwrap();
    let mut app = app_from_snapshot_with_cache(dir.path(), &path, Some(cache));
    app.wait_for_analysis();
    // The cache is not this library's any more: the files are read whole and analysed.
    assert_eq!(app.library.content, tidings::article::Content::Whole);
    let changed = app.library.position("a00007").unwrap();
    let analysis = app.article_analysis(changed).unwrap();
    let body = &app.library.articles[changed].body;
    assert!(analysis.entities.iter().any(|e| &body[e.span.clone()] == "Đà Nẵng"), "{analysis:?}");
}
