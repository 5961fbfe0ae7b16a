//! Every kind of bad input, each with the exact message a user sees (file, line, what to do),
//! the exit code, and proof that everything else still loads. Article and config cases are
//! fixture files in tests/fixtures/bad/; cases that cannot be committed (50 MB, 10,000 files,
//! symlink loops, permissions, a folder) are made at test time.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::tidings;
use tempfile::TempDir;
use tidings::query::Query;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// The fixture articles plus the generated cases, in a temporary library folder.
fn library_with_every_bad_case() -> TempDir {
    let dir = TempDir::new().unwrap();
    for entry in std::fs::read_dir(fixtures().join("articles")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let d = dir.path();
    // 50 MB: refused by size before a byte is read.
    std::fs::File::create(d.join("huge.md")).unwrap().set_len(50 * 1024 * 1024).unwrap();
    // A 1 MB single line: under the limit, so it loads.
    let line = "word ".repeat(200_000);
    std::fs::write(d.join("long-line.md"), format!("+++\ntitle = \"One very long line\"\n+++\n\n{line}\n")).unwrap();
    // A folder named like an article; the article inside it still loads.
    std::fs::create_dir(d.join("folder.md")).unwrap();
    std::fs::write(d.join("folder.md/inside.md"), "+++\ntitle = \"Inside a folder\"\n+++\n\nBody.\n").unwrap();
    // Symlinks that loop: two files pointing at each other, and a folder pointing at its parent.
    std::os::unix::fs::symlink("loop-b.md", d.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", d.join("loop-b.md")).unwrap();
    std::os::unix::fs::symlink("..", d.join("folder.md/up")).unwrap();
    dir
}

fn shown(dir: &Path, text: &str) -> String {
    text.replace(&dir.display().to_string(), "DIR")
}

#[test]
fn check_reports_every_bad_article_with_file_line_and_fix() {
    let home = TempDir::new().unwrap();
    let lib = library_with_every_bad_case();
    let o = tidings(&["check", "--articles", lib.path().to_str().unwrap()], home.path());
    assert_eq!(o.status.code(), Some(1), "check exits 1 when anything is wrong");
    let out = shown(lib.path(), &String::from_utf8_lossy(&o.stdout));
    let expected = [
        "problem: DIR/empty.md:1: the file is empty — add front matter between `+++` lines and a body, or delete the file",
        "problem: DIR/folder.md: is a folder, but its name ends in .md — rename the folder; articles inside it are still loaded",
        "problem: DIR/huge.md: is 52428800 bytes, over the limit of 10485760 bytes — split the article, or raise `max_article_bytes` in the config",
        "problem: DIR/impossible-date.md:3: invalid front matter: invalid date, expected month between 01 and 12 — write a real date: published = 2024-06-22, 2024-06-19T18:10:00 or 2024-06-22T19:08:00+07:00",
        "problem: DIR/invalid-toml.md:2: invalid front matter: invalid basic string, expected `\"` — fix the TOML syntax on that line (text in double quotes, dates as 2024-06-22)",
        "problem: DIR/latin1.md:2: bytes that are not UTF-8 at column 13 (byte 16) — save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        "problem: DIR/loop-a.md: cannot read: Too many levels of symbolic links (os error 40) — fix the permissions or remove the broken symlink",
        "problem: DIR/loop-b.md: cannot read: Too many levels of symbolic links (os error 40) — fix the permissions or remove the broken symlink",
        "problem: DIR/no-front-matter.md:1: the file does not start with front matter (found \"Just a paragraph, no metadata.\") — begin the file with a `+++` line, the TOML metadata (title = \"...\"), and another `+++` line",
        "problem: DIR/nul-byte.md:5: a NUL byte (this looks like a binary file) — remove the NUL bytes or the file",
        "problem: DIR/truncated-utf8.md:5: bytes that are not UTF-8 at column 5 (byte 27) — save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        "problem: DIR/unknown-field.md:3: invalid front matter: unknown field `authr`, expected one of `title`, `title_inferred`, `source`, `source_inferred`, `published`, `published_inferred`, `author`, `author_inferred`, `translator`, `translator_inferred`, `dateline`, `dateline_inferred`, `url`, `tags`, `imported_from` — fix the spelling or remove the key (allowed: title, source, published, author, translator, dateline, url, tags, imported_from and <field>_inferred)",
        "problem: DIR/unterminated.md:1: the front matter opened on line 1 is never closed — add a line containing only `+++` after the metadata",
        "problem: DIR/whitespace.md:1: the file is empty — add front matter between `+++` lines and a body, or delete the file",
        "problem: DIR/word-date.md:3: `published = \"yesterday\"` is not a date — write published = 2024-06-22, 2024-06-19T18:10:00 or 2024-06-22T19:08:00+07:00",
        "problem: DIR/wrong-type.md:3: invalid front matter: invalid type: string \"news\", expected a sequence — write tags as a list: tags = [\"news\", \"asia\"]",
    ];
    let problems: Vec<&str> = out.lines().filter(|l| l.starts_with("problem:")).collect();
    for line in expected {
        assert!(problems.contains(&line), "missing or different:\n  {line}\ngot:\n{}", problems.join("\n"));
    }
    assert_eq!(problems.len(), expected.len(), "unexpected problems:\n{out}");
    assert!(out.contains(&format!("{} problem(s)", expected.len())));
    // good, CRLF, BOM, the 1 MB line and the article inside folder.md.
    assert!(out.contains("— 5 article(s) load"), "{out}");
}

#[test]
fn everything_else_still_loads_and_lists() {
    let home = TempDir::new().unwrap();
    let lib = library_with_every_bad_case();
    let o = tidings(&["list", "--format", "json", "--articles", lib.path().to_str().unwrap()], home.path());
    assert_eq!(o.status.code(), Some(0), "list works despite broken files");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut titles: Vec<&str> =
        v["articles"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["A good article", "Inside a folder", "One very long line", "Starts with a BOM", "Windows line endings"]
    );
    let err = shown(lib.path(), &String::from_utf8_lossy(&o.stderr));
    assert!(err.contains("warning: 16 file(s) skipped; run `tidings check` for the full list"), "{err}");
    // CRLF and BOM files read exactly like clean ones.
    let o = tidings(&["show", "crlf", "--format", "json", "--articles", lib.path().to_str().unwrap()], home.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["body"], "First paragraph.\n\nSecond paragraph.");
    assert_eq!(v["source"], "VNA");
    // The 1 MB line wraps.
    let o = tidings(&["show", "long-line", "--width", "60", "--articles", lib.path().to_str().unwrap()], home.path());
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).lines().all(|l| l.chars().count() <= 60));
}

#[test]
fn an_unreadable_file_is_reported_and_skipped() {
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    std::fs::copy(fixtures().join("articles/good.md"), lib.path().join("good.md")).unwrap();
    let locked = lib.path().join("locked.md");
    std::fs::copy(fixtures().join("articles/good.md"), &locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Root reads any file whatever its mode, so there is nothing to observe here.
        let _ = writeln!(std::io::stderr(), "SKIPPED: running as root, mode 000 does not make a file unreadable");
        return;
    }
    let o = tidings(&["check", "--articles", lib.path().to_str().unwrap()], home.path());
    let out = shown(lib.path(), &String::from_utf8_lossy(&o.stdout));
    assert!(
        out.contains(
            "problem: DIR/locked.md: cannot read: Permission denied (os error 13) — check the file's permissions"
        ),
        "{out}"
    );
    assert!(out.contains("1 article(s) load"));
}

#[test]
fn ten_thousand_tiny_files_all_load() {
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    for i in 0..10_000 {
        std::fs::write(lib.path().join(format!("t{i:05}.md")), format!("+++\ntitle = \"Tiny {i}\"\n+++\n\nx\n"))
            .unwrap();
    }
    let o = tidings(&["check", "--articles", lib.path().to_str().unwrap()], home.path());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("10000 article(s) load"));
}

#[test]
fn a_configured_size_limit_is_obeyed() {
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    std::fs::copy(fixtures().join("articles/good.md"), lib.path().join("good.md")).unwrap();
    let big = format!("+++\ntitle = \"Big\"\n+++\n\n{}\n", "x".repeat(5000));
    std::fs::write(lib.path().join("big.md"), &big).unwrap();
    let cfg = home.path().join("limit.toml");
    std::fs::write(&cfg, "max_article_bytes = 1000\n").unwrap();
    let o =
        tidings(&["--config", cfg.to_str().unwrap(), "check", "--articles", lib.path().to_str().unwrap()], home.path());
    let out = shown(lib.path(), &String::from_utf8_lossy(&o.stdout));
    let expected = format!(
        "problem: DIR/big.md: is {} bytes, over the limit of 1000 bytes — split the article, or raise `max_article_bytes` in the config",
        big.len()
    );
    assert!(out.contains(&expected), "{out}");
    assert!(out.contains("1 article(s) load"));
}

#[test]
fn bad_config_files_are_located_and_explained() {
    let home = TempDir::new().unwrap();
    let cases = [
        (
            "bad-toml.toml",
            "bad-toml.toml:2: unclosed table, expected `]` — fix the TOML syntax on that line (text in double quotes, [tables] closed with ])",
        ),
        (
            "unknown-key.toml",
            "unknown-key.toml:2: unknown field `readingwidth`, expected one of `articles_dir`, `article_extension`, `max_article_bytes`, `fetch_timeout_seconds`, `reading_width`, `theme`, `keys` — remove it or fix its spelling; every setting is listed in `config/default.toml`",
        ),
        (
            "wrong-type.toml",
            "wrong-type.toml:1: invalid type: string \"wide\", expected u16 — give `reading_width` a value of the type `config/default.toml` shows for it",
        ),
        (
            "unknown-action.toml",
            "unknown-action.toml:2: [keys] \"scroll_sideways\" is not an action — the actions are: quit, back, help,",
        ),
        (
            "double-bound.toml",
            "double-bound.toml:3: [keys] quit binds \"x\", which `help` already has — a key can do one thing; remove it from one of them",
        ),
        (
            "bad-colour.toml",
            "bad-colour.toml:2: [theme] person = \"chartreuse\" is not a colour — use a name (yellow, light_blue, dark_gray ...), \"#rrggbb\", a number 0-255, or \"FG on BG\"",
        ),
    ];
    for (file, message) in cases {
        let path = fixtures().join("config").join(file);
        let o = tidings(&["--config", path.to_str().unwrap(), "check"], home.path());
        assert_eq!(o.status.code(), Some(1), "{file}");
        let out = String::from_utf8_lossy(&o.stdout).replace(&fixtures().join("config").display().to_string(), "");
        assert!(
            out.lines().any(|l| l.starts_with(&format!("problem: /{message}"))),
            "{file}: expected\n  {message}\ngot\n{out}"
        );
        // The reader refuses to start on a bad config, before touching the terminal: exit 2.
        let o = tidings(&["--config", path.to_str().unwrap()], home.path());
        assert_eq!(o.status.code(), Some(2), "{file}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stderr).contains(file), "{file}");
    }
}

#[test]
fn malformed_filter_queries_say_what_is_wrong() {
    let cases = [
        ("entity:\"unclosed", "a quote is not closed — add the closing \""),
        ("after:notadate", "after:notadate is not a date — use 2024-06-20, 2024-06 or 2024"),
        ("~", "~ needs a term after it, as in ~sport or ~source:VNS"),
        ("before:", "before: needs a value, as in before:2025"),
        ("kind:planet", "kind:planet is not a kind — use person, place, organization, document or event"),
        ("colour:red", "colour: is not a filter — use source:, entity:, kind:, tag:, after: or before:"),
        ("(putin OR lam", "a parenthesis is not closed — add the closing )"),
        ("putin OR", "OR needs a term on each side, as in putin OR lam"),
    ];
    for (query, message) in cases {
        assert_eq!(Query::parse(query).unwrap_err().0, message, "{query}");
    }
}

#[test]
fn a_fifo_named_like_an_article_does_not_block_loading() {
    let home = TempDir::new().unwrap();
    let lib = TempDir::new().unwrap();
    std::fs::write(lib.path().join("good.md"), "+++\ntitle = \"Good\"\n+++\n\nBody.\n").unwrap();
    nix::unistd::mkfifo(&lib.path().join("pipe.md"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["check", "--articles", lib.path().to_str().unwrap()])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("loading a folder with a FIFO blocked");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text = shown(lib.path(), &String::from_utf8_lossy(&out.stdout));
    assert!(text.contains("problem: DIR/pipe.md: is not a regular file"), "{text}");
    assert!(text.contains("1 article(s) load"), "{text}");
}
