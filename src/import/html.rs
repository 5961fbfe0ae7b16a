//! A web page (HTML) -> [`Article`]. The article body comes from `rs-trafilatura` (chosen by
//! measurement on the article-extraction benchmark; README's import table), with lines of page
//! furniture it keeps removed by the patterns in `config/import.toml` (`html_furniture_lines`).
//! The metadata comes from the page's own structured data, in order of trust: JSON-LD
//! (`NewsArticle`, `Article` ...), OpenGraph and `article:*` meta tags, `<meta name=author|date>`,
//! `<time datetime>`, the canonical URL; only what none of them states is deduced, and marked
//! so with the reason.

use dom_query::Document;
use serde_json::Value;

use super::{ImportOptions, ImportRules, Imported};
use crate::article::{Article, BlockKind, Field, Metadata, Published};
use crate::text::{nfc, slug};

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub published: Option<Published>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// The `<title>` element, as a fallback for the headline.
    pub html_title: Option<String>,
    /// The story's text as the structured data gives it (JSON-LD `articleBody`), markup removed.
    pub article_body: Option<String>,
}

/// JSON-LD types that describe the article on the page.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "ScholarlyArticle",
    "TechArticle",
    "Report",
    "PressRelease",
];

/// Text as stored: entities decoded, control characters dropped, NFC, white space folded.
pub(super) fn clean(text: &str) -> Option<String> {
    let text = nfc(&crate::safe_text::clean(&html_unescape(text)));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Entities left in attribute values and JSON-LD strings by sites that escape twice.
fn html_unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    // Numeric references ("&#8220;", "&#x2019;") first, then the named ones sites leave.
    let decoded = crate::safe_text::decode_numeric_references_where(text, |_| true);
    [
        ("&amp;", "&"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#039;", "'"),
        ("&apos;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", " "),
    ]
    .iter()
    .fold(decoded.into_owned(), |t, (from, to)| t.replace(from, to))
}

/// A date as pages write it: RFC 3339 / ISO 8601 with or without a zone, or a bare day.
pub fn parse_page_date(text: &str) -> Option<Published> {
    let text = text.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(Published::Zoned(dt));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%.f%:z"] {
        if let Ok(dt) = chrono::DateTime::parse_from_str(text, fmt) {
            return Some(Published::Zoned(dt));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(text, fmt) {
            return Some(Published::LocalDateTime(dt));
        }
    }
    // "2019-11-19" alone, or the date part of something longer that failed above.
    let day = text.get(..10).unwrap_or(text);
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok().map(Published::Date)
}

/// The names in a JSON-LD `author` / `publisher` value: a string, an object with `name`, or a
/// list of either. `people_only` drops organisations (an author that is the outlet is no byline).
fn names(value: &Value, people_only: bool) -> Vec<String> {
    match value {
        Value::String(s) if !s.starts_with("http") => clean(without_by(s)).into_iter().collect(),
        Value::Array(items) => items.iter().flat_map(|v| names(v, people_only)).collect(),
        Value::Object(o) => {
            let is_org = o.get("@type").and_then(Value::as_str).is_some_and(|t| t.contains("Organization"));
            if people_only && is_org {
                return Vec::new();
            }
            o.get("name").map(|n| names(n, people_only)).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// A byline's name without the "By" that pages print before it, in any case ("By GREG LEE, AP
/// Writer" in a JSON-LD author read "by By GREG LEE" in the reader).
fn without_by(name: &str) -> &str {
    let trimmed = name.trim_start();
    match trimmed.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => trimmed[3..].trim_start(),
        _ => name,
    }
}

fn has_article_type(o: &serde_json::Map<String, Value>) -> bool {
    match o.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(|t| ARTICLE_TYPES.contains(&t)),
        _ => false,
    }
}

/// Every object of an article type in a JSON-LD value (top level, lists, `@graph`).
fn article_objects<'v>(value: &'v Value, out: &mut Vec<&'v serde_json::Map<String, Value>>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| article_objects(v, out)),
        Value::Object(o) => {
            if has_article_type(o) {
                out.push(o);
            }
            if let Some(graph) = o.get("@graph") {
                article_objects(graph, out);
            }
        }
        _ => {}
    }
}

fn meta_content(doc: &Document, selectors: &[&str]) -> Option<String> {
    selectors
        .iter()
        .find_map(|sel| doc.select(sel).iter().find_map(|node| node.attr("content").and_then(|c| clean(&c))))
}

/// The page's metadata, each field from the most trusted source that states it.
pub fn page_meta(doc: &Document) -> PageMeta {
    let mut meta = PageMeta::default();
    let mut objects_json = Vec::new();
    for script in doc.select("script[type='application/ld+json']").iter() {
        if let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) {
            objects_json.push(value);
        }
    }
    let mut articles = Vec::new();
    for value in &objects_json {
        article_objects(value, &mut articles);
    }
    if let Some(a) = articles.first() {
        meta.title = a.get("headline").and_then(Value::as_str).and_then(clean);
        meta.published = ["datePublished", "dateCreated"]
            .iter()
            .find_map(|k| a.get(*k).and_then(Value::as_str).and_then(parse_page_date));
        meta.authors = a.get("author").map(|v| names(v, true)).unwrap_or_default();
        meta.publisher = a.get("publisher").map(|v| names(v, false)).and_then(|n| n.into_iter().next());
        meta.url = a.get("url").and_then(Value::as_str).filter(|u| u.starts_with("http")).map(str::to_string);
        meta.article_body = articles.iter().find_map(|a| a.get("articleBody").and_then(Value::as_str)).and_then(|b| {
            // Some sites put HTML in it: its text is what counts.
            let text = if b.contains('<') { Document::from(b).root().text().to_string() } else { b.to_string() };
            clean(&text)
        });
    }
    if meta.title.is_none() {
        meta.title = meta_content(doc, &["meta[property='og:title']", "meta[name='twitter:title']"]);
    }
    if meta.published.is_none() {
        let from_meta = meta_content(
            doc,
            &[
                "meta[property='article:published_time']",
                "meta[itemprop='datePublished']",
                "meta[name='article:published_time']",
                "meta[name='pubdate']",
                "meta[name='publishdate']",
                "meta[name='date']",
                "meta[name='dc.date']",
                "meta[name='DC.date.issued']",
                "meta[name='parsely-pub-date']",
                "meta[name='sailthru.date']",
            ],
        );
        meta.published = from_meta.as_deref().and_then(parse_page_date).or_else(|| {
            doc.select("time[datetime]").iter().find_map(|t| t.attr("datetime").and_then(|d| parse_page_date(&d)))
        });
    }
    if meta.authors.is_empty() {
        let author = meta_content(doc, &["meta[name='author']", "meta[property='article:author']", "meta[name='byl']"]);
        meta.authors = author
            .map(|a| without_by(&a).to_string())
            .filter(|a| !a.starts_with("http") && !a.contains('@'))
            .into_iter()
            .collect();
    }
    if meta.publisher.is_none() {
        meta.publisher = meta_content(doc, &["meta[property='og:site_name']", "meta[name='application-name']"]);
    }
    if meta.url.is_none() {
        meta.url = doc
            .select("link[rel='canonical']")
            .iter()
            .find_map(|l| l.attr("href").map(|h| h.to_string()))
            .or_else(|| meta_content(doc, &["meta[property='og:url']"]))
            .filter(|u| u.starts_with("http"));
    }
    meta.html_title = doc.select("title").iter().next().and_then(|t| clean(&t.text()));
    meta
}

/// The host of a URL without `www.`: "https://www.bbc.co.uk/news/x" -> "bbc.co.uk".
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// A page title without the site's name appended ("Headline | Outlet", "Headline - Outlet").
fn strip_site_suffix(title: &str, publisher: Option<&str>) -> Option<String> {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let is_site =
                publisher.is_some_and(|p| tail.eq_ignore_ascii_case(p)) || tail.split_whitespace().count() <= 4;
            if is_site && head.split_whitespace().count() >= 3 {
                return Some(head.trim().to_string());
            }
        }
    }
    None
}

/// Paragraphs of the article body, from the extractor's text, furniture lines removed and
/// captions marked.
fn body_paragraphs(doc: &Document, text: &str, title: Option<&str>, rules: &ImportRules) -> Vec<(BlockKind, String)> {
    let captions: Vec<String> =
        doc.select("figcaption").iter().filter_map(|c| clean(&c.text())).filter(|c| c.len() > 3).collect();
    // A paragraph that is one link and nothing else is a teaser for another page ("SEE FULL
    // GALLERY", another story's headline), not a sentence of this one.
    let links: rustc_hash::FxHashSet<String> = doc
        .select("a")
        .iter()
        .filter_map(|a| clean(&a.text()))
        .filter(|t| t.split_whitespace().count() >= 3 && !t.ends_with(['.', '!', '?']))
        .collect();
    // The headline as the page shows it may differ from the one in its metadata.
    let shown_headlines: Vec<String> = doc.select("h1").iter().filter_map(|h| clean(&h.text())).collect();
    let is_headline =
        |line: &str| title.is_some_and(|t| t.eq_ignore_ascii_case(line)) || shown_headlines.iter().any(|h| h == line);
    let lines: Vec<String> = text.lines().filter_map(clean).collect();
    let mut out = Vec::new();
    let menu_above = lines_before_the_headline(&lines, is_headline);
    for line in lines.into_iter().skip(menu_above) {
        if out.is_empty() && is_headline(&line) {
            continue;
        }
        if links.contains(&line) {
            continue;
        }
        // A line that is only a date ("20 Nov, 2019 05:47") is the page's header, not story.
        let only_a_date = line.split_whitespace().count() <= 6 && super::page::find_date(&line).is_some();
        if ImportRules::any_match(&rules.html_furniture_lines, &line) || only_a_date {
            continue;
        }
        let kind = if captions.contains(&line) { BlockKind::Caption } else { BlockKind::Paragraph };
        out.push((kind, line));
    }
    super::trim_trailing_teasers(&mut out, rules);
    out
}

/// How many of the extractor's first lines are menus and teasers printed above the headline: when
/// every line before the headline is short and not a sentence (column names, section labels,
/// other stories' titles) and prose follows it, the story starts after it.
fn lines_before_the_headline(lines: &[String], is_headline: impl Fn(&str) -> bool) -> usize {
    let menu_like = |l: &String| super::teaser_shaped(l);
    let Some(at) = lines.iter().position(|l| is_headline(l) || !menu_like(l)) else { return 0 };
    let story_follows = lines[at + 1..].iter().any(|l| !menu_like(l));
    if at > 0 && is_headline(&lines[at]) && story_follows { at } else { 0 }
}

/// A wire's closing line ("Reporting by Ann Lee; Editing by Bo Chen") near the end of the body
/// is credits, not story: it is removed, and gives the author when the page states none.
fn take_signoff(paragraphs: &mut Vec<(BlockKind, String)>, rules: &ImportRules) -> Option<String> {
    let from = paragraphs.len().saturating_sub(3);
    let (i, author) = paragraphs.iter().enumerate().skip(from).find_map(|(i, (_, text))| {
        let text = text.trim().trim_start_matches('(').trim_end_matches(')').trim();
        rules.signoff_author(text).map(|author| (i, author))
    })?;
    // Only when it is not the whole story.
    (i > 0).then(|| {
        paragraphs.remove(i);
        author
    })
}

/// Decodes a page's bytes: UTF-8 when they are; else the charset the page declares (or
/// Windows-1252, what browsers assume), with undecodable bytes replaced.
pub fn decode_page(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.trim_start_matches('\u{feff}').to_string();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").map(|i| {
        head[i + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    });
    let encoding = declared
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::WINDOWS_1252);
    encoding.decode(bytes).0.into_owned()
}

/// The story's text, by the extraction library. Every page imported is read as an article: the
/// library's page-type classifier is skipped (a quarter of the time per page, and on the benchmark's
/// dev part it changed no body). One step of its article profile does harm on news pages: when the
/// story is short (under 3,000 characters) it merges every high-scoring block of the page into one
/// run-on line, sidebars and category lists included. The library offers no switch for that step, so
/// when it reports the merge the page is read again with the same profile less that step (the
/// "category" profile differs from the article one only there and in an unused density setting).
fn extract_story(html: &str, url: Option<&str>) -> Result<String, rs_trafilatura::Error> {
    use rs_trafilatura::page_type::PageType;
    let options = rs_trafilatura::Options {
        url: url.map(str::to_string),
        page_type: Some(PageType::Article),
        ..rs_trafilatura::Options::default()
    };
    let result = rs_trafilatura::extract_with_options(html, &options)?;
    if !result.warnings.iter().any(|w| w.contains("multi-candidate merge")) {
        return Ok(result.content_text);
    }
    let unmerged = rs_trafilatura::Options { page_type: Some(PageType::Category), ..options };
    Ok(rs_trafilatura::extract_with_options(html, &unmerged).map_or(result.content_text, |r| r.content_text))
}

/// Turns a web page into an article. `url` is where it came from, when known (a fetched page);
/// the page's own canonical URL wins over it.
pub fn import_html(
    file_name: &str,
    html: &str,
    url: Option<&str>,
    rules: &ImportRules,
    options: &ImportOptions,
) -> Imported {
    let doc = Document::from(html);
    let page = page_meta(&doc);
    let mut notes = Vec::new();
    let text = match extract_story(html, url) {
        Ok(text) => text,
        Err(e) => {
            notes.push(format!("the article extractor found no body ({e}); nothing kept"));
            String::new()
        }
    };
    let title = match (&page.title, &page.html_title) {
        (Some(t), _) => Field::printed(t.clone()),
        (None, Some(t)) => match strip_site_suffix(t, page.publisher.as_deref()) {
            Some(head) => {
                Field::inferred(head, format!("from the page's <title> \"{t}\", the site name after it removed"))
            }
            None => Field::printed(t.clone()),
        },
        (None, None) => Field::empty(),
    };
    let mut paragraphs = body_paragraphs(&doc, &text, title.value.as_deref(), rules);
    drop_standfirst(&doc, &mut paragraphs, rules);
    if let Some(story) = &page.article_body {
        let before = paragraphs.len();
        keep_the_stated_story(&mut paragraphs, story);
        if paragraphs.len() < before {
            notes.push(format!(
                "{} paragraphs the page's structured data (articleBody) does not have were left out",
                before - paragraphs.len()
            ));
        }
    }
    let (printed_author, printed_day) = take_byline(&mut paragraphs);
    let signoff_author = take_signoff(&mut paragraphs, rules);
    let (dateline, _credit) = super::take_dateline(&mut paragraphs, rules);
    let printed_author = printed_author.or(signoff_author);
    let page_url = page.url.clone().or_else(|| url.map(str::to_string));
    let source = match (&page.publisher, page_url.as_deref().and_then(host_of)) {
        (Some(p), _) => Field::printed(rules.outlet(p).unwrap_or(p).to_string()),
        (None, Some(host)) => match rules.outlet(&host) {
            Some(known) => {
                Field::inferred(known.to_string(), format!("not stated by the page; its address is on {host}"))
            }
            None => Field::inferred(host.clone(), format!("not stated by the page; the host of its address ({host})")),
        },
        (None, None) => Field::empty(),
    };
    let meta = Metadata {
        title,
        source,
        published: match (page.published, printed_day) {
            (Some(p), _) => Field::printed(p),
            (None, Some(day)) => Field::printed(Published::Date(day)),
            (None, None) => Field::empty(),
        },
        author: match (page.authors.is_empty(), printed_author) {
            (false, _) => Field::printed(join_names(&page.authors)),
            (true, Some(a)) => Field::printed(a),
            (true, None) => Field::empty(),
        },
        translator: Field::empty(),
        dateline: dateline.map_or_else(Field::empty, Field::printed),
        url: page_url,
        tags: options.tags.clone(),
        imported_from: Some(file_name.to_string()),
    };
    let id = slug(meta.title_or_placeholder(), 6);
    Imported { article: Article::from_blocks(id, meta, paragraphs), stripped: Vec::new(), notes }
}

/// The standfirst under the headline (`<h2 class="sub-head" itemprop="description">`, a "dek")
/// summarises the story; it is not the story's first paragraph. Removed from the top of the
/// body when the page marks it so.
fn drop_standfirst(doc: &Document, paragraphs: &mut Vec<(BlockKind, String)>, rules: &ImportRules) {
    if rules.standfirst_selectors.is_empty() {
        return;
    }
    let standfirsts: Vec<String> =
        doc.select(&rules.standfirst_selectors).iter().filter_map(|e| clean(&e.text())).collect();
    if standfirsts.is_empty() || paragraphs.len() < 3 {
        return;
    }
    if let Some(i) =
        paragraphs.iter().take(2).position(|(kind, text)| *kind != BlockKind::Caption && standfirsts.contains(text))
    {
        paragraphs.remove(i);
    }
}

/// Word pairs of a text, folded, for comparing a paragraph with the page's stated story.
fn word_pairs(text: &str) -> Vec<(String, String)> {
    let words: Vec<String> = crate::text::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect()
}

/// Trims the extracted paragraphs to the story the page's structured data states
/// (`articleBody`): the extractor keeps teasers, notes and boxes that sit in the article's
/// element, while `articleBody` is the publisher's own text of the story. A paragraph stays
/// when most of its word pairs are in that text. Only when the stated text is the whole story
/// (not a paywall's teaser): it must hold most of what the extractor found, else nothing is
/// trimmed. Captions stay: `articleBody` never has them.
fn keep_the_stated_story(paragraphs: &mut Vec<(BlockKind, String)>, story: &str) {
    let stated: rustc_hash::FxHashSet<(String, String)> = word_pairs(story).into_iter().collect();
    if stated.len() < 40 {
        return;
    }
    // Per paragraph: its word pairs, and how many of them the stated text has.
    let counts: Vec<(usize, usize)> = paragraphs
        .iter()
        .map(|(_, text)| {
            let pairs = word_pairs(text);
            (pairs.len(), pairs.iter().filter(|p| stated.contains(*p)).count())
        })
        .collect();
    let keep: Vec<bool> = paragraphs
        .iter()
        .zip(&counts)
        .map(|((kind, _), &(pairs, stated))| *kind == BlockKind::Caption || pairs == 0 || stated * 2 >= pairs)
        .collect();
    let all: usize = counts.iter().map(|(pairs, _)| pairs).sum();
    let kept: usize = counts.iter().zip(&keep).filter(|(_, k)| **k).map(|((pairs, _), _)| pairs).sum();
    // The stated text covers at most part of the page's story: a teaser, not the story.
    if kept * 10 < all * 6 {
        return;
    }
    let mut keep = keep.into_iter();
    paragraphs.retain(|_| keep.next().unwrap_or(true));
}

/// A byline paragraph at the top of the text ("By Ann Lee - 2019-04-10") is metadata, not
/// story: it is removed, and gives the author and the day for when the structured data does not.
fn take_byline(paragraphs: &mut Vec<(BlockKind, String)>) -> (Option<String>, Option<chrono::NaiveDate>) {
    let Some(k) = paragraphs
        .iter()
        .take(3)
        .position(|(_, p)| p.split_whitespace().count() < 20 && super::page::byline(p).is_some())
    else {
        return (None, None);
    };
    let (_, line) = paragraphs.remove(k);
    (super::page::byline(&line), super::page::find_date(&line))
}

fn join_names(names: &[String]) -> String {
    let mut unique: Vec<&String> = Vec::new();
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    match unique.as_slice() {
        [] => String::new(),
        [one] => (*one).clone(),
        [rest @ .., last] => format!("{} and {last}", rest.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byline_name_loses_the_by_printed_before_it() {
        assert_eq!(without_by("By ANN LEE, Sports Writer"), "ANN LEE, Sports Writer");
        assert_eq!(without_by("BY Ann Lee"), "Ann Lee");
        assert_eq!(without_by("Byron Lee"), "Byron Lee");
        assert_eq!(names(&serde_json::json!({"@type": "Person", "name": "by Cy Dow"}), true), ["Cy Dow"]);
    }

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Quake hits the coast | Example News</title>
<link rel="canonical" href="https://www.example.com/world/quake">
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
 {"@type":"NewsArticle","headline":"Quake hits the coast","datePublished":"2019-11-19T12:34:56-05:00",
  "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}],
  "publisher":{"@type":"Organization","name":"Example News"}}]}</script>
</head><body><article><h1>Quake hits the coast</h1>
<p>A strong earthquake struck the coast on Tuesday, officials said, damaging roads and homes across three provinces.</p>
<figure><img src="a.jpg"><figcaption>Rescuers search the rubble in the port city.</figcaption></figure>
<p>ADVERTISEMENT</p>
<p>The quake was felt hundreds of kilometres away, and aftershocks continued through the night, the agency reported.</p>
<p>Schools were closed on Wednesday while engineers inspected their buildings for damage, the ministry said in a statement.</p>
</article></body></html>"#;

    #[test]
    fn metadata_comes_from_the_page_s_structured_data() {
        let imported = import_html("quake.html", PAGE, None, &ImportRules::bundled(), &ImportOptions::default());
        let m = &imported.article.meta;
        assert_eq!(m.title.value.as_deref(), Some("Quake hits the coast"));
        assert!(!m.title.is_inferred());
        assert_eq!(m.published.value.map(|p| p.to_string()).as_deref(), Some("2019-11-19 12:34:56 -05:00"));
        assert_eq!(m.author.value.as_deref(), Some("Ann Lee and Bo Chen"));
        assert_eq!(m.source.value.as_deref(), Some("Example News"));
        assert_eq!(m.url.as_deref(), Some("https://www.example.com/world/quake"));
        let body = &imported.article.body;
        assert!(body.contains("A strong earthquake struck"), "{body}");
        assert!(!body.contains("ADVERTISEMENT"), "{body}");
    }

    #[test]
    fn the_stated_story_trims_what_the_extractor_kept_around_it() {
        let story = "A strong earthquake struck the coast on Tuesday, officials said, damaging roads and homes across three provinces. \
            The quake was felt hundreds of kilometres away, and aftershocks continued through the night, the agency reported. \
            Schools were closed on Wednesday while engineers inspected their buildings for damage, the ministry said in a statement.";
        let page = PAGE
            .replace("\"publisher\"", &format!("\"articleBody\":\"{story}\",\"publisher\""))
            .replace(
                "</article>",
                "<p>Our newsroom has won three regional awards this year for its coverage of the province and its people.</p>\
                 <p>Reporting by Ann Lee; Editing by Bo Chen</p></article>",
            );
        let imported = import_html("quake.html", &page, None, &ImportRules::bundled(), &ImportOptions::default());
        let body = &imported.article.body;
        assert!(!body.contains("regional awards"), "not in the page's own text of the story: {body}");
        assert!(body.contains("Schools were closed"), "{body}");

        // A paywall's teaser as articleBody trims nothing.
        let teaser = PAGE.replace(
            "\"publisher\"",
            "\"articleBody\":\"A strong earthquake struck the coast on Tuesday, officials said, damaging roads and homes across three provinces.\",\"publisher\"",
        );
        let imported = import_html("quake.html", &teaser, None, &ImportRules::bundled(), &ImportOptions::default());
        assert!(imported.article.body.contains("Schools were closed"), "{}", imported.article.body);
    }

    #[test]
    fn the_standfirst_and_links_to_other_stories_are_not_story() {
        let page = PAGE
            .replace(
                "<h1>Quake hits the coast</h1>",
                "<h1>Quake hits the coast</h1><h2 class=\"sub-head\" itemprop=\"description\">Roads and homes are damaged across three provinces, and schools stay shut.</h2>",
            )
            .replace(
                "<p>Schools were closed",
                "<p><a href=\"/other\">Flood waters recede in the valley after a week of rain</a></p><p>Schools were closed",
            );
        let imported = import_html("quake.html", &page, None, &ImportRules::bundled(), &ImportOptions::default());
        let body = &imported.article.body;
        assert!(body.starts_with("A strong earthquake struck"), "{body}");
        assert!(!body.contains("Flood waters recede"), "{body}");
        assert!(body.contains("Schools were closed"), "{body}");
    }

    #[test]
    fn a_wire_s_closing_credits_are_metadata() {
        let page = PAGE
            .replace(r#""author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}],"#, "")
            .replace("</article>", "<p>Reporting by Cy Dow; Editing by Di Eno</p></article>");
        let imported = import_html("quake.html", &page, None, &ImportRules::bundled(), &ImportOptions::default());
        assert!(!imported.article.body.contains("Reporting by"), "{}", imported.article.body);
        assert_eq!(imported.article.meta.author.value.as_deref(), Some("Cy Dow"));
    }

    #[test]
    fn character_references_left_in_structured_data_are_decoded() {
        assert_eq!(html_unescape("&#8220;We won&#x201D; &amp; more &#1;"), "“We won” & more \u{1}");
        assert_eq!(html_unescape("&#99999999; stays"), "&#99999999; stays");
    }

    #[test]
    fn a_dateline_opening_the_story_is_metadata() {
        let page = PAGE.replace("<p>A strong earthquake", "<p>PORT CITY (Reuters) - A strong earthquake");
        let imported = import_html("quake.html", &page, None, &ImportRules::bundled(), &ImportOptions::default());
        assert_eq!(imported.article.meta.dateline.value.as_deref(), Some("PORT CITY"));
        assert!(imported.article.body.starts_with("A strong earthquake"), "{}", imported.article.body);
        let page = PAGE.replace("<p>A strong earthquake", "<p>HAYWARD, Calif. (AP) — A strong earthquake");
        let imported = import_html("quake.html", &page, None, &ImportRules::bundled(), &ImportOptions::default());
        assert_eq!(imported.article.meta.dateline.value.as_deref(), Some("HAYWARD, Calif."));
        assert!(imported.article.body.starts_with("A strong earthquake"), "{}", imported.article.body);
    }

    #[test]
    fn a_byline_paragraph_at_the_top_is_metadata() {
        let mut paragraphs = vec![
            (BlockKind::Paragraph, "By Maria Rossi - 2019-04-10".to_string()),
            (BlockKind::Paragraph, "Thousands of paper lanterns lit up the old port on Saturday night.".to_string()),
        ];
        let (author, day) = take_byline(&mut paragraphs);
        assert_eq!(author.as_deref(), Some("Maria Rossi"));
        assert_eq!(day.map(|d| d.to_string()).as_deref(), Some("2019-04-10"));
        assert_eq!(paragraphs.len(), 1, "the byline leaves the text");
        // A story that begins "By the river …" keeps its first paragraph.
        let mut story = vec![(
            BlockKind::Paragraph,
            "By the river, hundreds gathered on Saturday to watch the lanterns rise over the old port.".to_string(),
        )];
        assert_eq!(take_byline(&mut story), (None, None));
        assert_eq!(story.len(), 1);
    }

    #[test]
    fn page_dates_in_their_forms() {
        let cases = [
            ("2019-11-19T12:34:56Z", "2019-11-19 12:34:56 +00:00"),
            ("2019-11-19T12:34:56.000-0500", "2019-11-19 12:34:56 -05:00"),
            ("2019-11-19T12:34:56", "2019-11-19 12:34:56"),
            ("2019-11-19", "2019-11-19"),
        ];
        for (text, shown) in cases {
            assert_eq!(parse_page_date(text).map(|p| p.to_string()).as_deref(), Some(shown), "{text}");
        }
        assert_eq!(parse_page_date("yesterday"), None);
    }

    #[test]
    fn without_structured_data_the_host_names_the_outlet_as_a_deduction() {
        let page = "<html><head><title>Town fair opens with record crowds - Daily Bugle</title></head><body><p>The annual town fair opened on Saturday with record crowds, the organisers said, as thousands queued at the gates.</p></body></html>";
        let imported = import_html(
            "x.html",
            page,
            Some("https://www.dailybugle.example/local/fair"),
            &ImportRules::bundled(),
            &ImportOptions::default(),
        );
        let m = &imported.article.meta;
        assert_eq!(m.title.value.as_deref(), Some("Town fair opens with record crowds"));
        assert!(m.title.is_inferred());
        assert_eq!(m.source.value.as_deref(), Some("dailybugle.example"));
        assert!(m.source.is_inferred());
        assert_eq!(m.published.value, None, "no date is invented");
        assert_eq!(m.author.value, None);
    }

    #[test]
    fn a_page_in_a_declared_charset() {
        let bytes = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9</p></body></html>";
        assert!(decode_page(bytes).contains("Café"));
    }

    /// Paragraphs about another subject, many of them, in side boxes around a short story.
    fn page_with_side_boxes() -> String {
        let story: String = (0..6)
            .map(|i| format!("<p>The council voted on Tuesday to close the old bridge for repairs, number {i}, after engineers found deep cracks in two of its supports and warned that heavy lorries could no longer cross it safely.</p>"))
            .collect();
        let side = |name: &str| {
            let items: String = (0..8)
                .map(|j| format!("<p>Another long paragraph about a different subject {j} in the {name} box, which talks about gardens, markets, weather and the football results of last weekend in some detail.</p>"))
                .collect();
            format!("<div class='widget-{name}'><h3>{name}</h3>{items}</div>")
        };
        format!(
            "<html><head><title>Bridge closed</title></head><body><div class='content'><div class='post'><h1>Bridge closed</h1>{story}</div></div><div class='col2'>{}{}</div><div class='col3'>{}</div></body></html>",
            side("alpha"),
            side("beta"),
            side("gamma")
        )
    }

    #[test]
    fn a_short_story_is_not_merged_with_the_boxes_beside_it() {
        let imported = import_html(
            "bridge.html",
            &page_with_side_boxes(),
            None,
            &ImportRules::bundled(),
            &ImportOptions::default(),
        );
        let body = &imported.article.body;
        assert_eq!(body.matches("The council voted").count(), 6, "{body}");
        assert!(!body.contains("gardens"), "{body}");
    }

    #[test]
    fn menus_and_teasers_above_the_headline_are_not_story() {
        let lines: Vec<String> = [
            "Columns",
            "Ann Lee's column",
            "Top stories",
            "Flood waters recede in the valley as the town..",
            "Bridge closed",
            "The council voted on Tuesday to close the old bridge for repairs, officials said.",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(lines_before_the_headline(&lines, |l| l == "Bridge closed"), 4);
        // A sentence before the headline: the extractor's order is kept as it is.
        let mut with_prose = lines.clone();
        with_prose.insert(1, "The bridge was built in 1901 and carried ten thousand cars a day.".to_string());
        assert_eq!(lines_before_the_headline(&with_prose, |l| l == "Bridge closed"), 0);
        // No story after it: nothing to start.
        assert_eq!(lines_before_the_headline(&lines[..5], |l| l == "Bridge closed"), 0);
    }
}
