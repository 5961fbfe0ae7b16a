//! Feeds (RSS 2.0, Atom, JSON Feed, parsed by `feed-rs`) -> one article per item, with the
//! item's link, date, author and text — the full content when the feed carries it, else its
//! summary (a fetching caller may replace that with the item's page).

use dom_query::Document;

use super::{ImportOptions, ImportRules, Imported};
use crate::article::{Article, BlockKind, Field, Metadata, Published};
use crate::text::slug;

/// What kind of input some bytes are, judged by their content, not a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Html,
    Feed,
    Text,
}

/// Sniffs the first kilobytes: an XML document whose root is `rss`, `feed` or `rdf:RDF`, or a
/// JSON Feed, is a feed; markup with `<html`, `<head` or `<body` is a page; anything else text.
pub fn sniff(bytes: &[u8]) -> InputKind {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') && head.contains("jsonfeed.org/version") {
        return InputKind::Feed;
    }
    if head.starts_with('<') {
        let root_is_feed = ["<rss", "<feed", "<rdf:rdf"].iter().any(|r| head.contains(r));
        let is_page = ["<html", "<!doctype html", "<head", "<body"].iter().any(|t| head.contains(t));
        if root_is_feed && !is_page {
            return InputKind::Feed;
        }
        if is_page {
            return InputKind::Html;
        }
    }
    InputKind::Text
}

/// One item of a feed, turned into an article; `summary_only` says the feed carried only a
/// summary, so a caller that can fetch the item's page may want it instead.
pub struct FeedItem {
    pub imported: Imported,
    pub link: Option<String>,
    pub summary_only: bool,
}

/// Paragraphs of an HTML fragment (a feed item's content): its block elements' text, or the
/// whole text when it has none.
pub fn fragment_paragraphs(html: &str) -> Vec<(BlockKind, String)> {
    let doc = Document::from(html);
    let mut out = Vec::new();
    for node in doc.select("p, h1, h2, h3, h4, li, blockquote, figcaption, pre").nodes() {
        // A block inside another one is read with its parent.
        if node.ancestors_it(None).any(|a| {
            a.node_name().is_some_and(|n| matches!(n.as_ref(), "p" | "li" | "blockquote" | "figcaption" | "pre"))
        }) {
            continue;
        }
        let text = clean_text(&node.text());
        if text.is_empty() {
            continue;
        }
        let kind = match node.node_name().as_deref() {
            Some("h1" | "h2" | "h3" | "h4") => BlockKind::Heading,
            Some("figcaption") => BlockKind::Caption,
            _ => BlockKind::Paragraph,
        };
        out.push((kind, text));
    }
    if out.is_empty() {
        let text = clean_text(&doc.select("body").text());
        let text = if text.is_empty() { clean_text(html) } else { text };
        out.extend(text.split("\n\n").map(|p| (BlockKind::Paragraph, p.to_string())).filter(|(_, p)| !p.is_empty()));
    }
    out
}

/// [`super::html::clean`] (entities, control characters, NFC, white space), empty for nothing.
fn clean_text(text: &str) -> String {
    super::html::clean(text).unwrap_or_default()
}

/// Every item of a feed. `feed_name` names the feed in `imported_from`; `feed_url` is where it
/// came from, when fetched.
pub fn import_feed(
    feed_name: &str,
    bytes: &[u8],
    rules: &ImportRules,
    options: &ImportOptions,
) -> Result<Vec<FeedItem>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a feed this reader understands: {e}"))?;
    let outlet = feed.title.as_ref().map(|t| clean_text(&t.content)).filter(|t| !t.is_empty());
    let mut items = Vec::new();
    for entry in feed.entries {
        let title = entry.title.as_ref().map(|t| clean_text(&t.content)).filter(|t| !t.is_empty());
        let link =
            entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).map(|l| l.href.clone());
        let content = entry.content.as_ref().and_then(|c| c.body.clone()).filter(|b| !b.trim().is_empty());
        let summary = entry.summary.as_ref().map(|s| s.content.clone()).filter(|s| !s.trim().is_empty());
        let summary_only = content.is_none();
        let paragraphs = content.or(summary).map(|html| fragment_paragraphs(&html)).unwrap_or_default();
        let published = entry.published.or(entry.updated).map(|d| Published::Zoned(d.fixed_offset()));
        let author: Vec<String> =
            entry.authors.iter().filter_map(|p| p.name.as_deref()).map(clean_text).filter(|n| !n.is_empty()).collect();
        let meta = Metadata {
            title: title.map_or_else(Field::empty, Field::printed),
            source: outlet
                .as_deref()
                .map_or_else(Field::empty, |o| Field::printed(rules.outlet(o).unwrap_or(o).to_string())),
            published: published.map_or_else(Field::empty, Field::printed),
            author: if author.is_empty() { Field::empty() } else { Field::printed(author.join(", ")) },
            translator: Field::empty(),
            dateline: Field::empty(),
            url: link.clone(),
            tags: options.tags.clone(),
            imported_from: Some(feed_name.to_string()),
        };
        let id = slug(meta.title_or_placeholder(), 6);
        let mut notes = Vec::new();
        if summary_only {
            notes.push("the feed carries only a summary of this item".to_string());
        }
        let imported = Imported { article: Article::from_blocks(id, meta, paragraphs), stripped: Vec::new(), notes };
        items.push(FeedItem { imported, link, summary_only });
    }
    Ok(items)
}

/// An item's page, with what the page does not state taken from the feed item (which states
/// it too: nothing here is deduced).
pub fn fill_from_feed(mut page: Imported, item: Imported) -> Imported {
    let (m, f) = (&mut page.article.meta, item.article.meta);
    if m.title.value.is_none() || m.title.is_inferred() {
        m.title = f.title;
    }
    if m.published.value.is_none() {
        m.published = f.published;
    }
    if m.author.value.is_none() {
        m.author = f.author;
    }
    if m.source.value.is_none() || m.source.is_inferred() {
        m.source = f.source;
    }
    m.imported_from = f.imported_from;
    page.article.id = slug(m.title_or_placeholder(), 6);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Dam opens after ten years</title><link>https://example.com/dam</link>
<pubDate>Tue, 19 Nov 2019 12:00:00 +0700</pubDate><author>desk@example.com (Ann Lee)</author>
<description>&lt;p&gt;The dam opened on Tuesday.&lt;/p&gt;&lt;p&gt;Officials cheered.&lt;/p&gt;</description></item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom News</title><id>urn:x</id><updated>2019-11-19T10:00:00Z</updated>
<entry><title>Rail line reopens</title><id>urn:1</id><link href="https://example.org/rail"/>
<updated>2019-11-19T10:00:00Z</updated><author><name>Bo Chen</name></author>
<content type="html">&lt;p&gt;Trains ran again on Monday, the operator said.&lt;/p&gt;</content></entry></feed>"#;

    const JSON_FEED: &str = r#"{"version":"https://jsonfeed.org/version/1.1","title":"JSON Daily",
"items":[{"id":"1","url":"https://example.net/a","title":"Bridge named","content_html":"<p>The bridge was named.</p>",
"date_published":"2019-11-19T08:00:00-05:00","authors":[{"name":"Cy Dow"}]}]}"#;

    #[test]
    fn inputs_are_told_apart_by_content() {
        assert_eq!(sniff(RSS.as_bytes()), InputKind::Feed);
        assert_eq!(sniff(ATOM.as_bytes()), InputKind::Feed);
        assert_eq!(sniff(JSON_FEED.as_bytes()), InputKind::Feed);
        assert_eq!(sniff(b"<!DOCTYPE html><html><body>x</body></html>"), InputKind::Html);
        assert_eq!(sniff(b"Headline\n\nA story."), InputKind::Text);
    }

    #[test]
    fn every_item_becomes_an_article() {
        let rules = ImportRules::bundled();
        let rss = import_feed("wire.xml", RSS.as_bytes(), &rules, &ImportOptions::default()).unwrap();
        let a = &rss[0].imported.article;
        assert_eq!(a.meta.title.value.as_deref(), Some("Dam opens after ten years"));
        assert_eq!(a.meta.url.as_deref(), Some("https://example.com/dam"));
        assert_eq!(a.meta.source.value.as_deref(), Some("Example Wire"));
        assert_eq!(a.body, "The dam opened on Tuesday.\n\nOfficials cheered.");
        assert!(rss[0].summary_only, "an RSS description is a summary");
        let atom = import_feed("atom.xml", ATOM.as_bytes(), &rules, &ImportOptions::default()).unwrap();
        assert_eq!(atom[0].imported.article.meta.author.value.as_deref(), Some("Bo Chen"));
        assert!(!atom[0].summary_only);
        let json = import_feed("j.json", JSON_FEED.as_bytes(), &rules, &ImportOptions::default()).unwrap();
        let published = json[0].imported.article.meta.published.value.unwrap();
        assert_eq!(published.date().to_string(), "2019-11-19");
        assert_eq!(json[0].imported.article.body, "The bridge was named.");
    }

    #[test]
    fn malformed_feeds_are_an_error_not_a_crash() {
        let e = import_feed(
            "bad.xml",
            b"<?xml version=\"1.0\"?><rss><channel><item><title>x",
            &ImportRules::bundled(),
            &ImportOptions::default(),
        );
        assert!(e.is_err());
    }
}
