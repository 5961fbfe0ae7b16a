//! Whole-page text captures: what a person gets by selecting a whole web page and pasting it —
//! menus, share rows, teasers and footers, with the story somewhere in between (and lines
//! wrapped by the browser or the terminal that rendered it).
//!
//! The story is found by its shape, not by any site's labels: text is cut into blocks at blank
//! lines, each block scores by how much prose it holds (long, punctuated sentences gain; short
//! menu-like lines cost), and the story is the run of blocks with the highest total — one
//! "Read more" or byline inside it cannot end it, because it costs less than the prose after it
//! gains. The headline is the nearest headline-shaped line above the story; the date, byline
//! and outlet are looked for in that header and in the page's copyright lines.

use std::sync::LazyLock;

use regex::Regex;

use super::{ImportOptions, ImportRules, Imported, Stripped};
use crate::article::{Article, BlockKind, Field, Metadata, Published};
use crate::text::{month_from_text, nfc, slug};

/// A block of the capture: consecutive non-blank lines (a wrapped paragraph, a menu).
#[derive(Debug, Clone)]
struct Block {
    /// 1-based line of its first line.
    line: usize,
    lines: Vec<String>,
    /// The lines joined: the paragraph as written.
    text: String,
    words: usize,
}

impl Block {
    fn is_prose(&self) -> bool {
        prose_score(self) > 0.0
    }
}

/// How much a block looks like story text: its words when it reads as sentences, a cost when
/// it reads as page furniture (menus, bullet lists, share rows).
fn prose_score(block: &Block) -> f64 {
    let text = block.text.trim();
    let bullets = block
        .lines
        .iter()
        .filter(|l| l.trim_start().starts_with(['•', '*', '·', '|', '-', '[']) || l.starts_with("   "))
        .count();
    let sentence_end = text.ends_with(['.', '!', '?', '"', '”', '’', ')', ':']) || text.matches(". ").count() >= 1;
    let lower = text.split_whitespace().filter(|w| w.chars().next().is_some_and(char::is_lowercase)).count();
    let lower_share = lower as f64 / block.words.max(1) as f64;
    if block.words >= 12 && sentence_end && lower_share > 0.4 && bullets * 2 <= block.lines.len() {
        block.words as f64
    } else if block.words >= 25 && lower_share > 0.5 {
        block.words as f64 * 0.5
    } else {
        // Furniture costs per line, so a long menu costs more than a short label.
        -3.0 * block.lines.len() as f64 - 1.0
    }
}

fn blocks_of(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.replace('\u{a0}', " ");
        if line.trim().is_empty() {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            continue;
        }
        let b = current.get_or_insert_with(|| Block { line: i + 1, lines: Vec::new(), text: String::new(), words: 0 });
        if !b.text.is_empty() {
            b.text.push(' ');
        }
        b.text.push_str(line.trim());
        b.words += line.split_whitespace().count();
        b.lines.push(line);
    }
    blocks.extend(current);
    for b in &mut blocks {
        b.text = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    blocks
}

/// The run of blocks with the highest total score (Kadane's maximum subarray).
fn story_span(blocks: &[Block]) -> Option<(usize, usize)> {
    let mut best: Option<(f64, usize, usize)> = None;
    let (mut sum, mut start) = (0.0, 0);
    for (i, b) in blocks.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += prose_score(b);
        if best.is_none_or(|(s, _, _)| sum > s) {
            best = Some((sum, start, i));
        }
    }
    best.filter(|(s, _, _)| *s > 0.0).map(|(_, a, b)| (a, b))
}

/// Whether a capture is a whole page (furniture before the story) rather than an article's text
/// alone, which the line-by-line importer reads.
pub fn is_whole_page(text: &str) -> bool {
    story_after_furniture(&blocks_of(text)).is_some()
}

/// The story's blocks when page furniture comes before it (more than a few lines and blocks);
/// `None` for an article's text alone.
fn story_after_furniture(blocks: &[Block]) -> Option<(usize, usize)> {
    let (start, end) = story_span(blocks)?;
    let lines_before: usize = blocks[..start].iter().map(|b| b.lines.len()).sum();
    (lines_before > 8 && start > 3).then_some((start, end))
}

static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:\b|[a-z])(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b
        | \b(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?,?\s+(?P<year2>(?:19|20)\d\d)\b
        | \b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)(?:T|\b)
        | \b(?P<n1>\d{1,2})[/.](?P<n2>\d{1,2})[/.](?P<ny>(?:19|20)?\d\d)\b",
    )
    .expect("a valid date pattern")
});

/// The first full date (day, month, year) in `text`.
pub(super) fn find_date(text: &str) -> Option<chrono::NaiveDate> {
    for c in DATE_WORDS.captures_iter(text) {
        let (y, m, d) = if let (Some(mon), Some(day), Some(year)) = (c.name("mon"), c.name("day"), c.name("year")) {
            (year.as_str().parse().ok(), month_from_text(mon.as_str()), day.as_str().parse().ok())
        } else if let (Some(mon), Some(day), Some(year)) = (c.name("mon2"), c.name("day2"), c.name("year2")) {
            (year.as_str().parse().ok(), month_from_text(mon.as_str()), day.as_str().parse().ok())
        } else if let (Some(y), Some(m), Some(d)) = (c.name("iy"), c.name("im"), c.name("id")) {
            (y.as_str().parse().ok(), m.as_str().parse().ok(), d.as_str().parse().ok())
        } else if let (Some(a), Some(b), Some(y)) = (c.name("n1"), c.name("n2"), c.name("ny")) {
            let (a, b): (u32, u32) = (a.as_str().parse().ok()?, b.as_str().parse().ok()?);
            let year: i32 = y.as_str().parse().ok()?;
            let year = if year < 100 { 2000 + year } else { year };
            // Month first unless it cannot be (13/11/2019): the order most such dates use.
            let (m, d) = if a > 12 { (b, a) } else { (a, b) };
            (Some(year), Some(m), Some(d))
        } else {
            continue;
        };
        if let (Some(y), Some(m), Some(d)) = (y, m, d)
            && let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d)
        {
            return Some(date);
        }
    }
    None
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|written by|words by|reporting by)\s*:?\s+(?P<names>\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|del|bin|al|and|&|,)){0,12})")
        .expect("a valid byline pattern")
});

/// Words that end a name in a byline: what pages print right after it.
fn ends_a_name(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    month_from_text(&w).is_some()
        || crate::text::weekday_from_name(&w).is_some()
        || matches!(
            w.as_str(),
            "updated"
                | "published"
                | "posted"
                | "staff"
                | "writer"
                | "reporter"
                | "correspondent"
                | "editor"
                | "contributor"
                | "senior"
                | "chief"
                | "political"
                | "news"
                | "photos"
                | "photo"
                | "video"
                | "last"
                | "on"
                | "at"
                | "for"
                | "in"
                | "with"
                | "from"
        )
}

/// The names of a byline: up to the first word that is not part of one; a word glued to the
/// next ("JamesStaff") is cut where the capital starts.
fn clean_names(names: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for word in names.split_whitespace() {
        if ends_a_name(word) {
            break;
        }
        let glued = word
            .char_indices()
            .skip(1)
            .find(|&(i, c)| c.is_uppercase() && word[..i].chars().last().is_some_and(char::is_lowercase));
        match glued {
            Some((i, _)) => {
                out.push(word[..i].to_string());
                break;
            }
            None => out.push(word.to_string()),
        }
    }
    out.join(" ")
}

pub(super) fn byline(text: &str) -> Option<String> {
    let c = BYLINE.captures(text)?;
    let names = clean_names(c.name("names")?.as_str());
    let names = names.as_str();
    // "By Troy L. Smith, Cleveland.com": a trailing outlet is not a name.
    let names: Vec<&str> = names
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|n| n.split_whitespace().count() >= 2 && !n.contains('.') || n.split_whitespace().count() >= 3)
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// A word for comparing: letters and digits, folded.
fn content_word(word: &str) -> String {
    crate::text::fold(word).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn headline_shaped(text: &str, rules: &ImportRules) -> bool {
    let words = text.split_whitespace().count();
    (3..=rules.headline_max_words).contains(&words)
        && !text.ends_with(['.', ':', ',', ';'])
        && !text.contains(['|', '•', '©', '[', ']'])
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '“' || c == '"' || c == '‘')
        && BYLINE.captures(text).is_none()
        && find_date(text).is_none()
        && !ImportRules::any_match(&rules.chrome_lines, text)
        && !ImportRules::any_match(&rules.html_furniture_lines, text)
}

/// Outlets named in the page: a known outlet's name or address in the header or in a
/// copyright line, else the address printed most often (marked as a deduction).
fn outlet(blocks: &[Block], header: &[&Block], rules: &ImportRules) -> Field<String> {
    static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:www\.)?(?P<d>[a-z0-9-]{2,40})\.(?:com|co\.uk|org|net|co|news|tv|info|us|ca|com\.au|co\.nz|ie|in|ng|jm|gy)\b").expect("a valid domain pattern")
    });
    let copyright: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.words < 30 && (b.text.contains('©') || b.text.to_lowercase().contains("copyright")))
        .collect();
    for b in header.iter().chain(copyright.iter()) {
        for line in &b.lines {
            if let Some(name) = rules.outlet_in(line) {
                return Field::printed(name.to_string());
            }
        }
    }
    // The holder a copyright line names ("© 2019 CityAM Ltd. All rights reserved").
    static HOLDER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?(?P<holder>\p{Lu}[\p{L}\p{N}&.'’ -]{1,50}?)\s*(?:\.|,|\||-|–|All rights|$)")
            .expect("a valid copyright pattern")
    });
    if let Some(holder) = copyright
        .iter()
        .flat_map(|b| b.lines.iter())
        .find_map(|l| HOLDER.captures(l).map(|c| c["holder"].trim().to_string()))
    {
        let holder =
            holder.trim_end_matches(" Ltd").trim_end_matches(" Inc").trim_end_matches(" Limited").trim().to_string();
        if holder.split_whitespace().count() <= 6 && holder.len() >= 2 {
            let shown = rules.outlet(&holder).unwrap_or(&holder).to_string();
            return Field::inferred(shown, format!("the copyright holder the page prints, \"{holder}\""));
        }
    }
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for b in blocks {
        for m in DOMAIN.captures_iter(&b.text.to_lowercase()) {
            let d = m["d"].to_string();
            if !rules.is_platform_domain(&d) {
                *counts.entry(m[0].trim_start_matches("www.").to_string()).or_default() += 1;
            }
        }
    }
    match counts.into_iter().max_by_key(|(d, n)| (*n, std::cmp::Reverse(d.clone()))) {
        Some((domain, _)) => match rules.outlet_for_label(domain.split('.').next().unwrap_or("")) {
            Some(known) => Field::inferred(known.to_string(), format!("the page prints its address, {domain}")),
            None => Field::inferred(domain.clone(), format!("the address the page prints most often, {domain}")),
        },
        None => Field::empty(),
    }
}

/// Reads a whole-page capture; `None` when the capture is not one (see [`is_whole_page`]).
pub fn import_page(file_name: &str, raw_text: &str, rules: &ImportRules, options: &ImportOptions) -> Option<Imported> {
    let text = nfc(raw_text);
    let blocks = blocks_of(&text);
    let (start, end) = story_after_furniture(&blocks)?;
    // Readers' comments are not the story, however much they read like it.
    let end = (start + 1..=end)
        .find(|&i| blocks[i].words <= 6 && ImportRules::any_match(&rules.comment_markers, blocks[i].text.trim()))
        .map_or(end, |i| i - 1);
    // The header: the blocks just above the story, up to the headline. A byline or a date
    // there comes after the headline and before any photo and its caption, so the headline is
    // looked for above the first of them.
    let window = start.saturating_sub(12)..start;
    let anchor = window
        .clone()
        .find(|&i| {
            blocks[i].lines.iter().any(|l| byline(l.trim()).is_some() || find_date(l).is_some()) && blocks[i].words < 40
        })
        .unwrap_or(start);
    // Each headline-shaped line of the window is a candidate; the best shares words with the
    // story's opening, sits above the byline or date, close to the story, at a headline's length.
    let opening: std::collections::HashSet<String> = blocks[start..=end]
        .iter()
        .flat_map(|b| b.text.split_whitespace())
        .take(150)
        .map(content_word)
        .filter(|w| w.len() > 3)
        .collect();
    let mut headline: Option<(f64, usize, String)> = None;
    for i in window {
        for line in blocks[i].lines.iter().map(|l| l.trim()).filter(|l| headline_shaped(l, rules)) {
            let words: Vec<String> = line.split_whitespace().map(content_word).filter(|w| w.len() > 3).collect();
            let shared = words.iter().filter(|w| opening.contains(*w)).count() as f64 / words.len().max(1) as f64;
            let n = line.split_whitespace().count();
            let score = 2.0 * shared
                + if i < anchor { 0.6 } else { 0.0 }
                + 0.5 / (1.0 + (start - i) as f64)
                + if (5..=25).contains(&n) { 0.4 } else { 0.0 };
            if headline.as_ref().is_none_or(|(best, _, _)| score > *best) {
                headline = Some((score, i, line.split_whitespace().collect::<Vec<_>>().join(" ")));
            }
        }
    }
    let headline = headline.map(|(_, i, h)| (i, h));
    let header_from = headline.as_ref().map_or(start.saturating_sub(3), |(i, _)| *i);
    let header: Vec<&Block> = blocks[header_from..start].iter().chain(blocks[start..=end].iter().take(2)).collect();
    let mut stripped = Vec::new();
    let mut notes = Vec::new();
    // The date printed nearest the headline (above or below it), within the header and the
    // story's first blocks.
    let around = headline.as_ref().map_or(start, |(i, _)| *i);
    let published = (start.saturating_sub(16)..(start + 3).min(end + 1))
        .filter_map(|i| blocks[i].lines.iter().find_map(|l| find_date(l)).map(|d| (i.abs_diff(around), i, d)))
        .min_by_key(|(distance, i, _)| (*distance, std::cmp::Reverse(*i)))
        .map(|(_, _, d)| d);
    // A byline in the header, else a wire's closing "Reporting by …" line in the story.
    // A byline may also follow a date on one line ("Nov 18, 2019 7:45 am by Ann Lee").
    let after_by = |l: &str| l.find(" by ").or_else(|| l.find(" By ")).and_then(|i| byline(&l[i + 1..]));
    let author = header
        .iter()
        .find_map(|b| b.lines.iter().find_map(|l| byline(l.trim())))
        .or_else(|| {
            blocks[start.saturating_sub(12)..start]
                .iter()
                .find_map(|b| b.lines.iter().filter(|l| find_date(l).is_some()).find_map(|l| after_by(l)))
        })
        .or_else(|| {
            blocks[start..=end].iter().rev().take(6).find_map(|b| {
                rules
                    .signoff_lines
                    .iter()
                    .find_map(|r| r.captures(b.text.trim()))
                    .and_then(|c| c.name("author").map(|a| a.as_str().to_string()))
            })
        });
    let mut paragraphs = Vec::new();
    for b in &blocks[start..=end] {
        let t = b.text.trim();
        let is_heading =
            !b.is_prose() && b.words <= rules.heading_max_words && b.lines.len() == 1 && headline_shaped(t, rules);
        let furniture = ImportRules::any_match(&rules.chrome_lines, t)
            || ImportRules::any_match(&rules.html_furniture_lines, t)
            || ImportRules::any_match(&rules.related_markers, t)
            || byline(t).is_some() && b.words < 20
            || headline.as_ref().is_some_and(|(_, h)| h == t);
        if furniture || (!b.is_prose() && !is_heading) {
            stripped.push(Stripped {
                line: b.line,
                text: t.to_string(),
                reason: "page furniture inside the story's region".into(),
            });
            continue;
        }
        let kind = if is_heading { BlockKind::Heading } else { BlockKind::Paragraph };
        paragraphs.push((kind, crate::safe_text::clean(t).into_owned()));
    }
    // A dateline and wire credit opening the story ("HANOI (Reuters) - ") go to the metadata.
    let mut dateline = None;
    let mut credit = None;
    if let Some((_, first)) = paragraphs.iter_mut().find(|(k, _)| *k == BlockKind::Paragraph) {
        for pattern in &rules.lead_prefixes {
            let Some(caps) = pattern.captures(first) else { continue };
            let (Some(whole), Some(place)) = (caps.get(0), caps.name("dateline")) else { continue };
            let source = caps.name("source").map(|s| s.as_str().trim().to_string());
            // A credit in parentheses is a wire's only when it is known or in capitals.
            if source.as_deref().is_some_and(|s| rules.outlet(s).is_none() && s.chars().any(char::is_lowercase)) {
                continue;
            }
            dateline = Some(place.as_str().trim().to_string());
            credit = source;
            *first = first[whole.end()..].to_string();
            break;
        }
    }
    // Drop a trailing heading with nothing after it (a "Related" title, a section label), and
    // a run of teaser headlines.
    while paragraphs.last().is_some_and(|(k, _)| *k == BlockKind::Heading) {
        paragraphs.pop();
    }
    super::trim_trailing_teasers(&mut paragraphs, rules);
    let before: usize = blocks[..start].iter().map(|b| b.lines.len()).sum();
    let after: usize = blocks[end + 1..].iter().map(|b| b.lines.len()).sum();
    stripped.push(Stripped {
        line: 0,
        text: format!("{before} lines before the story, {after} after"),
        reason: "page furniture around the story".into(),
    });
    notes.push(format!("a whole-page capture: the story is blocks {}..{} of {}", start + 1, end + 1, blocks.len()));
    let title = match headline {
        Some((_, h)) => Field::printed(h),
        // No headline-shaped line above the story: its first sentence, shortened, as a deduction.
        None => paragraphs
            .iter()
            .find(|(k, _)| *k == BlockKind::Paragraph)
            .map(|(_, p)| p.find(". ").map_or(p.as_str(), |i| &p[..i]))
            .filter(|s| s.chars().any(char::is_alphanumeric))
            .map_or_else(Field::empty, |s| {
                Field::inferred(
                    crate::text::shorten(s, rules.inferred_title_max_chars),
                    "no headline found above the story; its first sentence, shortened",
                )
            }),
    };
    let source = match (outlet(&blocks, &header, rules), credit) {
        (found, Some(credit)) if found.value.is_none() || found.is_inferred() => {
            Field::printed(rules.outlet(&credit).unwrap_or(&credit).to_string())
        }
        (found, _) => found,
    };
    let meta = Metadata {
        title,
        source,
        published: published.map_or_else(Field::empty, |d| Field::printed(Published::Date(d))),
        author: author.map_or_else(Field::empty, Field::printed),
        translator: Field::empty(),
        dateline: dateline.map_or_else(Field::empty, Field::printed),
        url: None,
        tags: options.tags.clone(),
        imported_from: Some(file_name.to_string()),
    };
    let id = slug(meta.title_or_placeholder(), 6);
    Some(Imported { article: Article::from_blocks(id, meta, paragraphs), stripped, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> String {
        let menu = "Home\nWorld\nBusiness\nSport\nCulture\nOpinion\n\n  • Latest News\n  • Video\n  • Podcasts\n\nSearch []\n[Search]\n\n";
        format!(
            "{menu}Opinion\n\nRiver town votes to rebuild its old stone bridge\n\nBy Ana Ruiz and Tom Berg - Nov. 19, 2019 11:04 PM EST\n\n\
             Residents of the river town voted on Tuesday to rebuild the old stone bridge that collapsed in last spring's floods, the council said.\n\n\
             The vote passed by a wide margin, and work is expected to begin next year once the engineers have finished their survey of the banks.\n\n\
             Read more\n\n\
             Council members said the bridge had carried traffic for more than two centuries and was part of the town's identity, which many residents cited.\n\n\
             Related stories\n\n  • Flood waters recede\n  • Town counts the cost\n\n© 2019 Daily Example. All rights reserved.\nwww.dailyexample.com\n"
        )
    }

    #[test]
    fn the_story_is_the_prose_between_the_furniture() {
        let rules = ImportRules::bundled();
        let imported = import_page("p.txt", &page(), &rules, &ImportOptions::default()).expect("a whole page");
        let m = &imported.article.meta;
        assert_eq!(
            m.title.value.as_deref(),
            Some("River town votes to rebuild its old stone bridge"),
            "not the section label"
        );
        assert_eq!(m.published.value.map(|p| p.to_string()).as_deref(), Some("2019-11-19"));
        assert_eq!(m.author.value.as_deref(), Some("Ana Ruiz, Tom Berg"));
        let body = &imported.article.body;
        assert!(body.starts_with("Residents of the river town"), "{body}");
        assert!(body.contains("Council members said"), "a 'Read more' inside the story cuts nothing: {body}");
        assert!(!body.contains("Flood waters recede") && !body.contains("Read more"), "{body}");
    }

    #[test]
    fn an_article_s_text_alone_is_not_a_whole_page() {
        assert!(!is_whole_page(
            "Headline here\n\nFirst paragraph of the story, which is long enough to count as prose for sure.\n"
        ));
        assert!(is_whole_page(&page()));
    }

    #[test]
    fn dates_in_the_forms_pages_print() {
        for (text, date) in [
            ("Published 5:09 PM EST Nov 19, 2019", "2019-11-19"),
            ("19 November 2019 | 10:30", "2019-11-19"),
            ("11/18/19 11:04 PM EST", "2019-11-18"),
            ("2019-11-19T12:48:14Z", "2019-11-19"),
            ("ReutersMay 4, 2018", "2018-05-04"),
        ] {
            assert_eq!(find_date(text).map(|d| d.to_string()).as_deref(), Some(date), "{text}");
        }
    }
}
