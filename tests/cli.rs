//! The command-line side, run as a user would: output, exit codes, and what happens with bad
//! article files and bad config files.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::tidings;

use tempfile::TempDir;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const GOOD: &str = "+++\ntitle = \"A good article\"\nsource = \"VNS\"\npublished = 2024-06-20\n+++\n\nViệt Nam and Russia met in Hà Nội.\n";

#[test]
fn list_shows_the_bundled_articles_with_dates_and_inferred_marks() {
    let home = TempDir::new().unwrap();
    let o = tidings(&["list"], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(
        lines[0].starts_with("ID")
            && lines[0].contains("DATE")
            && lines[0].contains("SOURCE")
            && lines[0].contains("TITLE")
    );
    let row = |needle: &str| {
        *lines.iter().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no row with {needle}: {out}"))
    };
    assert!(row("Minister of Foreign Affairs").contains("2024-06-22 19:08 +07:00"));
    assert!(row("Minister of Foreign Affairs").contains("VAN"));
    assert!(row("Việt Nam – Russia relationship").contains("2025-01-30"));
    assert!(row("Việt Nam – Russia relationship").contains("~The Việt Nam"), "inferred title marked");
    assert!(row("Important milestones").contains("~2024-06-19"), "inferred date marked");
    assert!(row("Khoi said").contains("undated"));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn list_json_is_parseable_and_marks_inferred_fields() {
    let home = TempDir::new().unwrap();
    let o = tidings(&["list", "--format", "json"], home.path());
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let articles = v["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    let van = articles.iter().find(|a| a["source"] == "VAN").unwrap();
    assert_eq!(van["published"], "2024-06-22T19:08:00+07:00");
    assert_eq!(van["author"], "Tung Dinh");
    assert_eq!(van["translator"], "Nguyen Hai Long");
    assert!(van["published_inferred"].is_null());
    let vov = articles.iter().find(|a| a["source"] == "VOV World").unwrap();
    assert!(vov["published_inferred"].as_str().unwrap().contains("Wednesday"));
}

#[test]
fn show_wraps_the_body_and_accepts_an_id_prefix() {
    let home = TempDir::new().unwrap();
    let o = tidings(&["show", "important", "--width", "60"], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Important milestones in Vietnam-Russia relations\nVOV World · ~2024-06-19"));
    assert!(out.contains("published inferred:"));
    for line in out.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 60, "line wider than 60: {line:?}");
    }
    assert!(out.contains("  │ Russian President Vladimir Putin (photo:"), "captions are marked");
    assert!(!out.contains("Related News"));
}

#[test]
fn show_json_has_body_and_blocks() {
    let home = TempDir::new().unwrap();
    let o = tidings(&["show", "president-s-putin", "--format", "json"], home.path());
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let body = v["body"].as_str().unwrap();
    let blocks = v["blocks"].as_array().unwrap();
    let caption = blocks.iter().find(|b| b["kind"] == "caption").unwrap();
    let span = caption["span"].as_array().unwrap();
    let (s, e) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    assert_eq!(&body[s..e], caption["text"].as_str().unwrap());
    assert_eq!(v["dateline"], "HÀ NỘI");
}

#[test]
fn show_unknown_or_ambiguous_id_fails_on_stderr() {
    let home = TempDir::new().unwrap();
    let o = tidings(&["show", "no-such-article"], home.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("no article with id \"no-such-article\""));
    let lib = TempDir::new().unwrap();
    write(lib.path(), "visit-one.md", GOOD.as_bytes());
    write(lib.path(), "visit-two.md", GOOD.as_bytes());
    let o = tidings(&["show", "visit", "--articles", lib.path().to_str().unwrap()], home.path());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("matches 2 articles: visit-one, visit-two"), "{}", stderr(&o));
}

#[test]
fn help_and_version() {
    let home = TempDir::new().unwrap();
    let o = tidings(&["--help"], home.path());
    assert!(o.status.success());
    for cmd in ["list", "show", "import", "check"] {
        assert!(stdout(&o).contains(cmd), "{cmd} missing from --help");
    }
    let o = tidings(&["--version"], home.path());
    assert_eq!(stdout(&o).trim(), format!("tidings {}", env!("CARGO_PKG_VERSION")));
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn broken_article_files_are_located_and_the_rest_loads() {
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    let d = lib.path();
    write(d, "good.md", GOOD.as_bytes());
    write(d, "no-front-matter.md", b"Just text\n");
    write(d, "unterminated.md", b"+++\ntitle = \"x\"\n\nbody\n");
    write(d, "bad-toml.md", b"+++\ntitle = \"x\nsource = 1\n+++\nbody\n");
    write(d, "unknown-field.md", b"+++\ntitle = \"x\"\nauthr = \"me\"\n+++\nbody\n");
    write(d, "bad-date.md", b"+++\ntitle = \"x\"\npublished = 2024-13-45\n+++\nbody\n");
    write(d, "latin1.md", b"+++\ntitle = \"caf\xe9\"\n+++\nbody\n");
    write(d, "empty.md", b"");
    std::fs::create_dir(d.join("folder.md")).unwrap();
    let huge = std::fs::File::create(d.join("huge.md")).unwrap();
    huge.set_len(50 * 1024 * 1024).unwrap();
    write(d, "notes.txt", b"not an article, ignored");

    let dir = d.to_str().unwrap();
    let o = tidings(&["check", "--articles", dir], home.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let expect = [
        ("no-front-matter.md:1:", "does not start with front matter"),
        ("unterminated.md:1:", "never closed"),
        ("bad-toml.md:2:", "invalid front matter"),
        ("unknown-field.md:3:", "unknown field `authr`"),
        ("bad-date.md:3:", "invalid front matter"),
        ("latin1.md:2:", "not UTF-8"),
        ("empty.md:1:", "the file is empty"),
        ("folder.md:", "is a folder"),
        ("huge.md:", "over the limit of 10485760 bytes"),
    ];
    for (file, problem) in expect {
        let line =
            out.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("no problem reported for {file}:\n{out}"));
        assert!(line.contains(problem), "{file}: expected {problem:?} in {line:?}");
        assert!(line.contains(" — "), "{file}: no fix given in {line:?}");
    }
    assert!(out.contains("9 problem(s)"), "{out}");
    assert!(out.contains("1 article(s) load"), "{out}");

    let o = tidings(&["list", "--articles", dir], home.path());
    assert!(o.status.success());
    assert!(stdout(&o).contains("A good article"));
    assert_eq!(stdout(&o).lines().count(), 2, "only the good article is listed");
    assert!(stderr(&o).contains("9 file(s) skipped"), "{}", stderr(&o));
}

#[test]
fn missing_articles_folder_is_an_error_with_a_fix() {
    let home = TempDir::new().unwrap();
    let o = tidings(&["list", "--articles", "/no/such/folder"], home.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/no/such/folder: cannot open the articles folder"), "{}", stderr(&o));
}

#[test]
fn config_problems_quote_file_key_and_value() {
    let home = TempDir::new().unwrap();
    let cases: &[(&str, &str)] = &[
        ("reading_width = 70\nreadin_width = 3\n", "config.toml:2: unknown field `readin_width`"),
        ("reading_width = \"wide\"\n", "config.toml:1"),
        ("reading_width = [\n", "config.toml:"),
        ("[keys]\nfly = [\"x\"]\n", "[keys] \"fly\" is not an action"),
        ("[keys]\nhelp = [\"x\"]\nquit = [\"x\"]\n", "already has"),
        ("[keys]\nhelp = [\"ctrl-c\"]\n", "Ctrl-C always quits"),
        ("[theme]\nperson = \"chartreuse\"\n", "[theme] person = \"chartreuse\" is not a colour"),
    ];
    for (text, expected) in cases {
        let cfg = write(home.path(), "config.toml", text.as_bytes());
        let o = tidings(&["--config", cfg.to_str().unwrap(), "check"], home.path());
        assert_eq!(o.status.code(), Some(1), "{text}");
        assert!(stdout(&o).contains(expected), "config {text:?}: expected {expected:?} in\n{}", stdout(&o));
    }
    // A command other than `check` refuses to start on a broken config, on stderr, exit 2.
    let cfg = write(home.path(), "config.toml", b"reading_width = \"wide\"\n");
    let o = tidings(&["--config", cfg.to_str().unwrap(), "list"], home.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("config.toml:1"), "{}", stderr(&o));
}

#[test]
fn articles_dir_in_the_user_config_is_used() {
    let home = TempDir::new().unwrap();
    let cfg_dir = home.path().join("config/tidings");
    std::fs::create_dir_all(cfg_dir.join("news")).unwrap();
    write(&cfg_dir.join("news"), "a.md", GOOD.as_bytes());
    write(&cfg_dir, "config.toml", b"articles_dir = \"news\"\n");
    let o = tidings(&["list"], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("A good article"));
    assert_eq!(stdout(&o).lines().count(), 2);
}

#[test]
fn import_writes_never_overwrites_and_never_touches_its_input() {
    let home = TempDir::new().unwrap();
    let work = TempDir::new().unwrap();
    let capture = write(
        work.path(),
        "capture.txt",
        "Ad sales boost profit\n\nProfits jumped 76% to $1.13bn.\n\nMore.\n".as_bytes(),
    );
    let before = std::fs::read(&capture).unwrap();
    let into = work.path().join("lib");
    let into_s = into.to_str().unwrap();
    let cap = capture.to_str().unwrap();

    let o = tidings(&["import", cap, "--into", into_s, "--dry-run"], home.path());
    assert!(o.status.success());
    assert!(stdout(&o).contains("title = \"Ad sales boost profit\""));
    assert!(stdout(&o).contains("headline (moved to `title`)"));
    assert!(!into.exists(), "--dry-run wrote something");

    let o = tidings(&["import", cap, "--into", into_s], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let written = into.join("ad-sales-boost-profit.md");
    let first = std::fs::read_to_string(&written).unwrap();
    assert!(first.contains("imported_from = \"capture.txt\""));

    std::fs::write(&written, "+++\ntitle = \"edited by hand\"\n+++\nkeep me\n").unwrap();
    // Another text under that name: kept; the import goes to a distinct id.
    let o = tidings(&["import", cap, "--into", into_s], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&written).unwrap().contains("edited by hand"));
    assert_eq!(std::fs::read_to_string(into.join("ad-sales-boost-profit-2.md")).unwrap(), first);

    let o = tidings(&["import", cap, "--into", into_s, "--force"], home.path());
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&written).unwrap(), first);
    assert_eq!(std::fs::read(&capture).unwrap(), before, "the capture was changed");

    let o = tidings(&["list", "--articles", into_s], home.path());
    assert!(stdout(&o).contains("Ad sales boost profit"));
}

#[test]
fn import_reports_unreadable_inputs_and_goes_on() {
    let home = TempDir::new().unwrap();
    let work = TempDir::new().unwrap();
    let good = write(work.path(), "good.txt", b"Headline here\n\nBody text.\n");
    let bad = write(work.path(), "bad.txt", b"Head\n\ncaf\xe9\n");
    let into = work.path().join("out");
    let o = tidings(
        &["import", bad.to_str().unwrap(), "/no/such.txt", good.to_str().unwrap(), "--into", into.to_str().unwrap()],
        home.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.txt: line 3: bytes that are not UTF-8"), "{}", stderr(&o));
    assert!(stderr(&o).contains("/no/such.txt"));
    assert!(into.join("headline-here.md").exists());
}

#[test]
fn import_inflates_gzipped_files_and_refuses_bombs_and_broken_ones() {
    use std::io::Write;
    let gzip = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    };
    let home = TempDir::new().unwrap();
    let work = TempDir::new().unwrap();
    let page = b"<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>\
        <p>The harbour at Orsk reopened on Monday after a storm closed it for a week, officials said.</p>\
        <p>Ferries will sail on the usual timetable from Tuesday.</p></article></body></html>";
    let good = write(work.path(), "page.html.gz", &gzip(page));
    // 11 MB of zeros: a few kilobytes compressed, over the 10 MB limit inflated.
    let bomb = write(work.path(), "bomb.html.gz", &gzip(&vec![0u8; 11 * 1024 * 1024]));
    let mut cut = gzip(page);
    cut.truncate(cut.len() / 2);
    let broken = write(work.path(), "broken.html.gz", &cut);
    let into = work.path().join("out");
    let paths = [&bomb, &broken, &good].map(|p| p.to_str().unwrap().to_string());
    let mut args: Vec<&str> = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(["--into", into.to_str().unwrap()]);
    let o = tidings(&args, home.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("bomb.html.gz: inflates to over the limit of 10485760 bytes"), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken.html.gz: gzip-compressed but cannot be inflated"), "{}", stderr(&o));
    let written = std::fs::read_to_string(into.join("harbour-reopens.md")).unwrap();
    assert!(written.contains("title = \"Harbour reopens\""), "{written}");
    assert!(written.contains("Ferries will sail"), "{written}");
}

#[test]
fn import_never_overwrites_what_it_must_not() {
    let home = TempDir::new().unwrap();
    let dir = home.path().join("captures");
    std::fs::create_dir_all(&dir).unwrap();
    let a = write(&dir, "a.txt", b"Same headline here\n\nThe first story, about Hanoi.\n");
    let b = write(&dir, "b.txt", b"Same headline here\n\nA different story, about Moscow.\n");
    let into = home.path().join("lib");
    let into_s = into.to_str().unwrap();
    // Two captures of one batch with the same headline: both kept, under distinct ids.
    let o = tidings(&["import", "--force", "--into", into_s, a.to_str().unwrap(), b.to_str().unwrap()], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> =
        std::fs::read_dir(&into).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["same-headline-here-2.md", "same-headline-here.md"]);
    // The same text again is skipped; nothing new is written.
    let o = tidings(&["import", "--into", into_s, a.to_str().unwrap()], home.path());
    assert!(stdout(&o).contains("already imported"), "{}", stdout(&o));
    assert_eq!(std::fs::read_dir(&into).unwrap().count(), 2);
    // --force into the capture's own folder never replaces the capture itself.
    let own = write(&dir, "same-headline-here.md", b"Same headline here\n\nThe capture, named like its article.\n");
    let before = std::fs::read(&own).unwrap();
    let o = tidings(&["import", "--force", "--into", dir.to_str().unwrap(), own.to_str().unwrap()], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&own).unwrap(), before, "the input is untouched");
    // A headline of 300 characters still makes a file name the file system takes.
    let long = write(&dir, "long.txt", format!("{}\n\nBody text of the story.\n", "Longword".repeat(40)).as_bytes());
    let o = tidings(&["import", "--into", into_s, long.to_str().unwrap()], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // An empty capture is refused, and `check` does not call an empty article fine.
    let empty = write(&dir, "empty.txt", b"\n\n");
    let o = tidings(&["import", "--into", into_s, empty.to_str().unwrap()], home.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no article text"), "{}", stderr(&o));
    write(&into, "hollow.md", b"+++\ntitle = \"Hollow\"\n+++\n");
    let o = tidings(&["--articles", into_s, "check"], home.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("hollow: has no article text"), "{}", stdout(&o));
}

#[test]
fn import_refuses_fifos_and_devices_without_blocking() {
    let home = TempDir::new().unwrap();
    let fifo = home.path().join("pipe.txt");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let into = home.path().join("lib");
    let o = tidings(&["import", "--into", into.to_str().unwrap(), fifo.to_str().unwrap(), "/dev/zero"], home.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("pipe.txt: is not a regular file (a named pipe)"), "{}", stderr(&o));
    assert!(stderr(&o).contains("/dev/zero: is not a regular file (a device)"), "{}", stderr(&o));
}
