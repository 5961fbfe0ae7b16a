//! `tidings import URL` against a server these tests start on 127.0.0.1: pages, feeds whose
//! items carry only summaries, and every way a server can fail. Nothing reaches further.

mod common;

use std::time::Duration;

use common::http::{Reply, Server, ok};
use common::tidings;
use tempfile::TempDir;

const PAGE: &str = r#"<!doctype html><html><head><title>Harbour bridge reopens | Coast Times</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour bridge reopens after repairs",
"datePublished":"2024-03-05T09:30:00+01:00","author":{"@type":"Person","name":"Mara Voss"},
"publisher":{"@type":"Organization","name":"Coast Times"}}</script></head>
<body><article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Tuesday after eight months of repairs, the city said.</p>
<p>Engineers replaced the cables and resurfaced the deck, and the work came in under budget.</p>
<p>Commuters who had faced long detours welcomed the news, though some said tolls were too high.</p>
</article></body></html>"#;

fn feed(base: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Times</title>
<item><title>Harbour bridge reopens after repairs</title><link>{base}/bridge.html</link>
<pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate><description>The bridge is open again.</description></item>
</channel></rss>"#
    )
}

fn config(home: &std::path::Path, extra: &str) -> String {
    let path = home.join("test-config.toml");
    std::fs::write(&path, format!("fetch_timeout_seconds = 2\n{extra}")).unwrap();
    path.display().to_string()
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_page_and_a_feed_by_address() {
    let server = Server::start(vec![("/bridge.html", ok("text/html", PAGE))]);
    let feed_server = Server::start(vec![("/feed.xml", ok("application/rss+xml", feed(&server.base)))]);
    let home = TempDir::new().unwrap();
    let cfg = config(home.path(), "");
    let into = home.path().join("lib");
    let o = tidings(
        &["--config", &cfg, "import", "--into", into.to_str().unwrap(), &server.url("/bridge.html")],
        home.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(into.join("harbour-bridge-reopens-after-repairs.md")).unwrap();
    assert!(text.contains("published = 2024-03-05T09:30:00+01:00"), "{text}");
    assert!(text.contains("author = \"Mara Voss\""), "{text}");
    assert!(text.contains(&format!("url = \"{}\"", server.url("/bridge.html"))), "{text}");
    assert!(text.contains("Engineers replaced the cables"), "{text}");

    // A feed whose item carries only a summary: the item's page is fetched for the full text.
    let into2 = home.path().join("lib2");
    let o = tidings(
        &["--config", &cfg, "fetch", "--into", into2.to_str().unwrap(), &feed_server.url("/feed.xml")],
        home.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(into2.join("harbour-bridge-reopens-after-repairs.md")).unwrap();
    assert!(text.contains("Engineers replaced the cables"), "the page's text, not the summary: {text}");
    // --summaries keeps the feed's text.
    let into3 = home.path().join("lib3");
    let o = tidings(
        &["--config", &cfg, "import", "--summaries", "--into", into3.to_str().unwrap(), &feed_server.url("/feed.xml")],
        home.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(into3.join("harbour-bridge-reopens-after-repairs.md")).unwrap();
    assert!(text.contains("The bridge is open again.") && !text.contains("Engineers"), "{text}");
}

#[test]
fn every_failure_is_located_and_the_rest_goes_on() {
    let big = vec![b'x'; 300_000];
    // A gzip bomb: 50 MB of zeros in about 50 KB.
    let bomb = {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![0u8; 50 * 1024 * 1024]).unwrap();
        gz.finish().unwrap()
    };
    let server = Server::start(vec![
        ("/good.html", ok("text/html", PAGE)),
        ("/missing", Reply::Fixed(404, vec![], b"no".to_vec())),
        ("/broken", Reply::Fixed(500, vec![], b"oops".to_vec())),
        ("/loop", Reply::Redirect("/loop".into())),
        ("/huge", ok("text/html", big)),
        ("/bomb", Reply::Fixed(200, vec![("Content-Type".into(), "text/html".into()), ("Content-Encoding".into(), "gzip".into())], bomb)),
        ("/slow", Reply::Slow(Duration::from_secs(5), PAGE.as_bytes().to_vec())),
        ("/bad-feed.xml", ok("application/rss+xml", "<?xml version=\"1.0\"?><rss><channel><item><title>cut")),
        (
            "/latin1.html",
            ok("text/html", b"<html><head><meta charset=\"utf-8\"><title>Caf\xe9 owners protest new rules</title></head><body><p>Caf\xe9 owners marched on the town hall on Monday to protest against new opening hours, they said.</p></body></html>".to_vec()),
        ),
    ]);
    let home = TempDir::new().unwrap();
    let cfg = config(home.path(), "max_article_bytes = 100000\n");
    let into = home.path().join("lib");
    let urls: Vec<String> =
        ["/missing", "/broken", "/loop", "/huge", "/bomb", "/slow", "/bad-feed.xml", "/latin1.html", "/good.html"]
            .iter()
            .map(|p| server.url(p))
            .collect();
    let mut args = vec!["--config", cfg.as_str(), "import", "--into", into.to_str().unwrap(), "ftp://example.com/x"];
    args.extend(urls.iter().map(String::as_str));
    let o = tidings(&args, home.path());
    assert_eq!(o.status.code(), Some(1), "exit 1: some inputs failed");
    let err = String::from_utf8_lossy(&o.stderr);
    for expected in [
        "ftp://example.com/x: is not an http(s) address".to_string(),
        format!("{}: the server answered 404", server.url("/missing")),
        format!("{}: the server answered 500", server.url("/broken")),
        format!("{}: too many redirects", server.url("/loop")),
        format!("{}: the response is larger than the limit of 100000 bytes", server.url("/huge")),
        format!("{}: the response is larger than the limit of 100000 bytes", server.url("/bomb")),
        format!("{}: timed out", server.url("/slow")),
        format!("{}: not a feed", server.url("/bad-feed.xml")),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    // A 500 is tried again (twice), a 404 is not.
    let hits = server.hits.lock().unwrap().clone();
    assert_eq!(hits.iter().filter(|p| *p == "/broken").count(), 3, "{hits:?}");
    assert_eq!(hits.iter().filter(|p| *p == "/missing").count(), 1, "{hits:?}");
    // The good page and the page whose declared charset is wrong still came in.
    let names = files_in(&into);
    assert!(names.contains(&"harbour-bridge-reopens-after-repairs.md".to_string()), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("caf")), "{names:?}");
}

#[test]
fn imported_articles_are_in_the_library_at_the_next_start() {
    let server = Server::start(vec![("/bridge.html", ok("text/html", PAGE))]);
    let home = TempDir::new().unwrap();
    let cfg = config(home.path(), "");
    // No --into: the user's library, $XDG_DATA_HOME/tidings/articles.
    let o = common::tidings_with_env(
        &["--config", &cfg, "import", &server.url("/bridge.html")],
        home.path(),
        &[("XDG_DATA_HOME", home.path().join("data").to_str().unwrap())],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(files_in(&home.path().join("data/tidings/articles")), ["harbour-bridge-reopens-after-repairs.md"]);
    let o = common::tidings_with_env(
        &["--config", &cfg, "list"],
        home.path(),
        &[("XDG_DATA_HOME", home.path().join("data").to_str().unwrap())],
    );
    let list = String::from_utf8_lossy(&o.stdout);
    assert!(list.contains("Harbour bridge reopens after repairs"), "{list}");
    assert_eq!(list.lines().count(), 7, "a header, the five bundled articles and the imported one:\n{list}");
}

#[test]
fn subscriptions_and_refresh_with_conditional_get() {
    let pages = Server::start(vec![("/bridge.html", ok("text/html", PAGE))]);
    let feeds = Server::start(vec![("/feed.xml", Reply::Conditional("\"v1\"".into(), feed(&pages.base).into_bytes()))]);
    let home = TempDir::new().unwrap();
    let cfg = config(home.path(), "");
    let data = home.path().join("data");
    let env = [("XDG_DATA_HOME", data.to_str().unwrap())];
    let run = |args: &[&str]| {
        let mut all = vec!["--config", cfg.as_str()];
        all.extend_from_slice(args);
        common::tidings_with_env(&all, home.path(), &env)
    };
    let feed_url = feeds.url("/feed.xml");
    let o = run(&["feeds", "add", &feed_url]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&run(&["feeds", "add", &feed_url]).stdout).contains("already subscribed"));
    assert_eq!(String::from_utf8_lossy(&run(&["feeds", "list"]).stdout).trim(), feed_url);
    let o = run(&["refresh"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("1 new"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("[1/1]"), "plain progress lines when not on a terminal");
    assert_eq!(files_in(&data.join("tidings/articles")), ["harbour-bridge-reopens-after-repairs.md"]);
    // Again: the server answers 304 to the ETag it gave; nothing is imported twice.
    let o = run(&["refresh"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("unchanged"), "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(files_in(&data.join("tidings/articles")).len(), 1);
    let o = run(&["feeds", "remove", &feed_url]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&run(&["feeds", "list"]).stdout).contains("no subscriptions"));
}

#[test]
fn r_in_the_reader_refreshes_in_the_background_and_the_list_updates() {
    let pages = Server::start(vec![("/bridge.html", ok("text/html", PAGE))]);
    let feeds = Server::start(vec![("/feed.xml", ok("application/rss+xml", feed(&pages.base)))]);
    let home = TempDir::new().unwrap();
    let config_dir = home.path().join("config/tidings");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("feeds.txt"), format!("{}\n", feeds.url("/feed.xml"))).unwrap();
    let mut s = common::Session::start(&[], 120, 30, home.path());
    s.wait_for_text(" LIST ");
    assert!(!s.screen().contains("Harbour bridge"));
    s.send("R");
    s.wait_for_text("refreshed 1 feed(s): 1 new article(s)");
    let screen = s.wait_for_text("Harbour bridge");
    assert!(screen.contains("Articles"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}
