//! Raw text capture -> [`Article`]: finds the headline, publication date, outlet, byline,
//! translator and dateline; strips page furniture; marks captions and sub-headings.
//!
//! Every decision comes from a pattern in [`ImportRules`] (`config/import.toml`). Whatever is
//! deduced rather than printed is recorded as inferred, with the reason, and every line removed
//! from the capture is listed in [`Imported::stripped`] so a `--dry-run` can show it.

mod block_model;
mod feed;
mod html;
mod page;
mod rules;

use std::sync::LazyLock;

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use regex::{Captures, Regex};

pub use block_model::{BlockModel, FEATURES as BLOCK_FEATURES, train as train_block_model};
pub use feed::{FeedItem, InputKind, fill_from_feed, fragment_paragraphs, import_feed, sniff};
pub use html::{PageMeta, decode_page, host_of, import_html, page_meta, parse_page_date};
pub use page::{capture_block_samples, is_whole_page};
pub use rules::{DEFAULT_IMPORT_RULES, ImportRules, RulesError};

use crate::article::{Article, BlockKind, Field, Metadata, Published};
use crate::text::{month_from_text, nfc, shorten, slug, weekday_from_name};

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Tags given to every imported article.
    pub tags: Vec<String>,
}

/// A line of the capture that did not become body text, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    pub line: usize,
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Imported {
    pub article: Article,
    pub stripped: Vec<Stripped>,
    /// How uncertain values were settled (printed by `--dry-run`).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
struct Line {
    number: usize,
    text: String,
}

#[derive(Debug, Clone)]
struct Para {
    kind: BlockKind,
    text: String,
    /// Line of the capture it came from, for the stripped-lines report.
    line: usize,
}

#[derive(Debug, Clone, Copy)]
struct DateParts {
    date: NaiveDate,
    time: Option<NaiveTime>,
    offset: Option<FixedOffset>,
}

impl DateParts {
    fn to_published(self) -> Published {
        match (self.time, self.offset) {
            (None, _) => Published::Date(self.date),
            (Some(t), None) => Published::LocalDateTime(self.date.and_time(t)),
            (Some(t), Some(off)) => match off.from_local_datetime(&self.date.and_time(t)).single() {
                Some(dt) => Published::Zoned(dt),
                None => Published::LocalDateTime(self.date.and_time(t)),
            },
        }
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match t.chars().next()? {
        '+' => (1, &t[1..]),
        '-' => (-1, &t[1..]),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if rest.len() == 4 => (rest[..2].parse().ok()?, rest[2..].parse().ok()?),
        None => (rest.parse().ok()?, 0),
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

fn date_from_captures(caps: &Captures) -> Option<DateParts> {
    let year: i32 = caps.name("year")?.as_str().parse().ok()?;
    let month = month_from_text(caps.name("month")?.as_str())?;
    let day: u32 = caps.name("day")?.as_str().parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = match (caps.name("hour"), caps.name("minute")) {
        (Some(h), Some(m)) => Some(NaiveTime::from_hms_opt(h.as_str().parse().ok()?, m.as_str().parse().ok()?, 0)?),
        _ => None,
    };
    let offset = caps.name("offset").and_then(|o| parse_offset(o.as_str()));
    Some(DateParts { date, time, offset })
}

fn match_date(patterns: &[Regex], line: &str) -> Option<DateParts> {
    patterns.iter().find_map(|r| r.captures(line).and_then(|c| date_from_captures(&c)))
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn ends_like_sentence(text: &str) -> bool {
    text.ends_with(['.', ';', ','])
}

/// Collapses runs of whitespace (including non-breaking spaces) into one space.
fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Takes the dateline and wire credit that open the story's first paragraph ("HANOI (Reuters) -
/// ", "LONDON, March 5 (AP) —") out of it: they are metadata. A credit in parentheses counts as
/// a wire's only when it is a known outlet or in capitals.
pub(crate) fn take_dateline(
    paragraphs: &mut [(BlockKind, String)],
    rules: &ImportRules,
) -> (Option<String>, Option<String>) {
    let Some((_, first)) = paragraphs.iter_mut().find(|(k, _)| *k == BlockKind::Paragraph) else {
        return (None, None);
    };
    for pattern in &rules.lead_prefixes {
        let Some(caps) = pattern.captures(first) else { continue };
        let (Some(whole), Some(place)) = (caps.get(0), caps.name("dateline")) else { continue };
        let source = caps.name("source").map(|s| s.as_str().trim().to_string());
        if source.as_deref().is_some_and(|s| rules.outlet(s).is_none() && s.chars().any(char::is_lowercase)) {
            continue;
        }
        let dateline = place.as_str().trim().to_string();
        *first = first[whole.end()..].to_string();
        return (Some(dateline), source);
    }
    (None, None)
}

/// The date of a header line that is a date with a label ("Published", "Updated:", "Posted
/// on") or a clock ("10:02 AM EST Nov 19, 2019", "19.11.2019 14.05"), in any form the page
/// reader knows: no sentence, a dozen words at most.
fn labelled_date_line(line: &str) -> Option<NaiveDate> {
    static LABEL_OR_CLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[•·*|-]\s*)?(?i:published|updated|posted|first published|last updated|last modified|modified|date)\b|\b\d{1,2}[:.]\d{2}\b",
        )
        .expect("a valid label-or-clock pattern")
    });
    (word_count(line) <= 12 && !ends_like_sentence(line) && LABEL_OR_CLOCK.is_match(line))
        .then(|| page::find_date(line))
        .flatten()
}

/// A title cut short ("Minister says the budget will..", "… will…"): another story's teaser.
pub(crate) fn trails_off(text: &str) -> bool {
    text.ends_with("..") || text.ends_with('…')
}

/// A short line that is not a sentence: a menu item, a label, another story's title.
pub(crate) fn teaser_shaped(text: &str) -> bool {
    text.split_whitespace().count() <= 16
        && (trails_off(text) || !text.ends_with(['.', '!', '?', '"', '”', '»', '。', '！', '？']))
}

/// Removes teasers after the story: a run of short, headline-like paragraphs at the end (no
/// sentence punctuation) with a "Related" / "More:" / "You may also like" label in it or right
/// before it, from the label on. Short lines without a label cut nothing: stories end in short
/// lines too. Inside the story, a label followed by such lines and then more story is a box of
/// links: the label and its lines go, the story around it stays.
pub(crate) fn trim_trailing_teasers(paragraphs: &mut Vec<(BlockKind, String)>, rules: &ImportRules) {
    let teaser = teaser_shaped;
    let truncated = trails_off;
    let label = |t: &str| ImportRules::any_match(&rules.related_markers, t.trim_end_matches(['.', '…', ':', ' ']));
    let mut k = paragraphs.len();
    while k > 0 && teaser(&paragraphs[k - 1].1) {
        k -= 1;
    }
    if k < paragraphs.len() {
        // The first label in the run, or right before it; without a label, two titles cut short
        // mark the list, which starts at the first of them or at the short lines (a label in a
        // language the rules do not know, "Print", "Back") right before it.
        let first_truncated = || {
            let run = &paragraphs[k..];
            if run.iter().filter(|(_, t)| truncated(t)).count() < 2 {
                return None;
            }
            let mut at = k + run.iter().position(|(_, t)| truncated(t))?;
            while at > k && paragraphs[at - 1].1.split_whitespace().count() <= 3 {
                at -= 1;
            }
            Some(at)
        };
        let first_label =
            (k.saturating_sub(1)..paragraphs.len()).find(|&i| label(&paragraphs[i].1)).or_else(first_truncated);
        if let Some(mut cut) = first_label {
            while cut > 0 && label(&paragraphs[cut - 1].1) {
                cut -= 1;
            }
            // Never the whole story.
            if cut > 0 {
                paragraphs.truncate(cut);
            }
        }
    }
    // Boxes of links inside the story: a label, then two or more teaser lines, then story.
    let mut i = 0;
    while i < paragraphs.len() {
        if label(&paragraphs[i].1) {
            let run = paragraphs[i + 1..].iter().take_while(|(_, t)| teaser(t) && !label(t)).count();
            let story_after = i + 1 + run < paragraphs.len();
            if run >= 2 && story_after && i > 0 {
                paragraphs.drain(i..i + 1 + run);
                continue;
            }
        }
        i += 1;
    }
}

/// Turns one raw capture into an article. `file_name` is recorded as `imported_from`.
pub fn import_capture(file_name: &str, raw_text: &str, rules: &ImportRules, options: &ImportOptions) -> Imported {
    let raw_text = &crate::safe_text::decode_numeric_references(raw_text);
    // A whole page pasted (menus and teasers around the story) is read by the story's shape.
    if let Some(imported) = page::import_page(file_name, &crate::safe_text::clean(raw_text), rules, options) {
        return imported;
    }
    // Escape sequences and bidirectional overrides are not text: they never reach the library.
    let text = nfc(&crate::safe_text::clean(raw_text));
    let lines: Vec<Line> = text.lines().enumerate().map(|(i, t)| Line { number: i + 1, text: clean_line(t) }).collect();
    let mut stripped = Vec::new();
    let mut notes = Vec::new();
    let strip = |stripped: &mut Vec<Stripped>, line: &Line, reason: &str| {
        stripped.push(Stripped { line: line.number, text: line.text.clone(), reason: reason.to_string() });
    };

    // Header: furniture, the capture clock, date lines and the headline, up to the first paragraph.
    let mut headline: Option<String> = None;
    let mut dates: Vec<(DateParts, String)> = Vec::new();
    let mut site_offset: Option<(FixedOffset, String)> = None;
    let mut url = None;
    let mut header_author: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let t = line.text.as_str();
        let next_is_blank = lines.get(i + 1).is_none_or(|l| l.text.is_empty());
        if t.is_empty() {
        } else if ImportRules::any_match(&rules.chrome_lines, t) {
            strip(&mut stripped, line, "page furniture");
        } else if let Some(stamp) = match_date(&rules.capture_stamps, t) {
            if let Some(off) = stamp.offset {
                site_offset = Some((off, t.to_string()));
            }
            strip(&mut stripped, line, "time the page was captured, not the publication date");
        } else if let Some(date) = match_date(&rules.date_lines, t) {
            dates.push((date, t.to_string()));
            strip(&mut stripped, line, "publication date (moved to `published`)");
        } else if let Some(date) = labelled_date_line(t) {
            // "Published 10:02 AM EST Nov 19, 2019", "Updated: 19.11.2019 14:05": a label or
            // a clock says the line is the story's date, whatever the form.
            dates.push((DateParts { date, time: None, offset: None }, t.to_string()));
            strip(&mut stripped, line, "publication date (moved to `published`)");
        } else if let Some(names) = page::byline(t).filter(|_| header_author.is_none()) {
            // "By Ann Lee", "Von Ann Lee publiziert am 25. September 2018": the byline.
            header_author = Some(names);
            strip(&mut stripped, line, "byline (moved to `author`)");
        } else if let Some(name) = page::name_and_outlet(t, rules).filter(|_| header_author.is_none()) {
            // "Tom Davies Associated Press": a byline without its "By"; the outlet is the
            // wire's, not the site's.
            header_author = Some(name);
            strip(&mut stripped, line, "byline (moved to `author`)");
        } else if t.starts_with("http://") || t.starts_with("https://") && !t.contains(' ') {
            url = Some(t.to_string());
            strip(&mut stripped, line, "address of the page (moved to `url`)");
        } else if headline.is_none()
            && next_is_blank
            && word_count(t) <= rules.headline_max_words
            && !ends_like_sentence(t)
            && !ImportRules::any_match(&rules.captions, t)
        {
            headline = Some(t.to_string());
            strip(&mut stripped, line, "headline (moved to `title`)");
        } else {
            break;
        }
        i += 1;
    }

    // Body: paragraphs and captions until a related-news marker or the sign-off.
    let mut paras: Vec<Para> = Vec::new();
    let mut source_line: Option<String> = None;
    let mut author = header_author;
    let mut translator = None;
    // The line the last paragraph ends on, to join a line the page wrapped.
    let mut last_para_line = 0;
    while i < lines.len() {
        let line = &lines[i];
        let t = line.text.as_str();
        i += 1;
        if t.is_empty() {
            continue;
        }
        if ImportRules::any_match(&rules.chrome_lines, t) {
            strip(&mut stripped, line, "page furniture");
            continue;
        }
        if ImportRules::any_match(&rules.related_markers, t) {
            // A "Read more" or "Related" label ends the story only when what follows is a run of
            // teasers; with more story after it, the label alone goes.
            let rest = &lines[i..];
            // Up to the next such label: teasers, or more story?
            let upto =
                rest.iter().position(|l| ImportRules::any_match(&rules.related_markers, &l.text)).unwrap_or(rest.len());
            let teasers = rest[..upto]
                .iter()
                .filter(|l| !l.text.is_empty())
                .all(|l| l.text.split_whitespace().count() <= 20 && !l.text.ends_with(['.', '!', '?', '"', '”']));
            if !teasers {
                strip(&mut stripped, line, "a related-news label inside the story");
                continue;
            }
            strip(&mut stripped, line, "start of the related-news block");
            for rest in rest {
                if !rest.text.is_empty() {
                    strip(&mut stripped, rest, "related news, not part of the article");
                }
            }
            break;
        }
        if !paras.is_empty()
            && let Some(caps) = rules.signoff_lines.iter().find_map(|r| r.captures(t))
        {
            take_signoff(&caps, &mut source_line, &mut author, &mut translator);
            strip(&mut stripped, line, "sign-off (moved to metadata)");
            // Further sign-off lines directly after it belong to the same block.
            while let Some(next) = lines.get(i) {
                if next.text.is_empty() {
                    i += 1;
                    continue;
                }
                match rules.signoff_lines.iter().find_map(|r| r.captures(&next.text)) {
                    Some(caps) => {
                        take_signoff(&caps, &mut source_line, &mut author, &mut translator);
                        strip(&mut stripped, next, "sign-off (moved to metadata)");
                        i += 1;
                    }
                    None => break,
                }
            }
            if rest_is_furniture(&lines[i..], rules) {
                for rest in &lines[i..] {
                    if !rest.text.is_empty() {
                        strip(&mut stripped, rest, "after the sign-off: related news, not part of the article");
                    }
                }
                break;
            }
            continue;
        }
        let para = match rules.captions.iter().find_map(|r| r.captures(t)) {
            Some(caps) => {
                let caption = caps.name("caption").map_or(t, |m| m.as_str()).trim().to_string();
                if caption.len() < t.len() {
                    stripped.push(Stripped {
                        line: line.number,
                        text: t[..t.len() - caption.len()].trim().to_string(),
                        reason: "image label before a caption".into(),
                    });
                }
                Para { kind: BlockKind::Caption, text: caption, line: line.number }
            }
            None => Para { kind: BlockKind::Paragraph, text: t.to_string(), line: line.number },
        };
        if paras.last().is_some_and(|p| p.text == para.text) {
            strip(&mut stripped, line, "repeats the previous paragraph");
            continue;
        }
        // A line the page wrapped goes on in lower case right under one that stops mid-sentence
        // ("... in a protest" / "that closed ..."): one paragraph.
        if let Some(last) = paras.last_mut()
            && last.kind == BlockKind::Paragraph
            && para.kind == BlockKind::Paragraph
            && last_para_line + 1 == line.number
            && last.text.ends_with(|c: char| c.is_alphanumeric() || c == ',')
            && para.text.starts_with(char::is_lowercase)
        {
            last.text.push(' ');
            last.text.push_str(&para.text);
            last_para_line = line.number;
            continue;
        }
        last_para_line = line.number;
        paras.push(para);
    }

    // The page's foot pasted with the story: a copyright line among the last paragraphs, with
    // the short unpunctuated lines around it ("Terms of Service Privacy Notice") and a repeated
    // date line. Only where a copyright line marks it: a short last line may be the story's.
    if let Some(at) = paras.iter().rposition(|p| is_copyright_line(&p.text))
        && paras.len() - at <= 4
    {
        let footer_like = |p: &Para| {
            is_copyright_line(&p.text)
                || labelled_date_line(&p.text).is_some()
                || ImportRules::any_match(&rules.chrome_lines, &p.text)
                || (word_count(&p.text) <= 8 && !ends_like_sentence(&p.text))
        };
        if paras[at..].iter().all(footer_like) {
            let mut from = at;
            while from > 1 && footer_like(&paras[from - 1]) {
                from -= 1;
            }
            for p in paras.drain(from..) {
                stripped.push(Stripped { line: p.line, text: p.text, reason: "the page's foot, not the story".into() });
            }
        }
    }

    // The outlet credit at the end of the last paragraph: "... partnership. — VNS".
    let mut source_suffix = None;
    if let Some(last) = paras.iter_mut().rev().find(|p| p.kind == BlockKind::Paragraph)
        && let Some(caps) = rules.signoff_suffixes.iter().find_map(|r| r.captures(&last.text))
        && let Some(src) = caps.name("source")
    {
        source_suffix = Some(src.as_str().to_string());
        let cut = caps.get(0).map_or(last.text.len(), |m| m.start());
        stripped.push(Stripped {
            line: last.line,
            text: last.text[cut..].trim().to_string(),
            reason: "outlet credit (moved to `source`)".into(),
        });
        last.text.truncate(cut);
    }

    // Labels at the start of the lead: date, outlet, dateline.
    let mut lead_date = None;
    let mut source_prefix = None;
    let mut dateline = None;
    let mut used = vec![false; rules.lead_prefixes.len()];
    for para in paras.iter_mut().filter(|p| p.kind == BlockKind::Paragraph).take(3) {
        'again: loop {
            for (k, pattern) in rules.lead_prefixes.iter().enumerate() {
                if used[k] {
                    continue;
                }
                let Some(caps) = pattern.captures(&para.text) else { continue };
                let whole = caps.get(0).map_or(0, |m| m.end());
                if whole == 0 || whole >= para.text.len() {
                    continue;
                }
                if let Some(src) = caps.name("source") {
                    let src = src.as_str().trim();
                    let known = rules.outlet(src).is_some();
                    let all_caps = src.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
                    if !known && !all_caps {
                        continue;
                    }
                    source_prefix.get_or_insert_with(|| src.to_string());
                }
                if let Some(d) = caps.name("date") {
                    lead_date = lead_date.or_else(|| NaiveDate::parse_from_str(d.as_str(), "%Y-%m-%d").ok());
                }
                // A dateline's date, when it prints the year: "HANOI, March 12, 2025 (VNA) –".
                lead_date = lead_date.or_else(|| date_from_captures(&caps).map(|parts| parts.date));
                if let Some(place) = caps.name("dateline") {
                    dateline.get_or_insert_with(|| place.as_str().trim().to_string());
                }
                used[k] = true;
                stripped.push(Stripped {
                    line: para.line,
                    text: para.text[..whole].trim().to_string(),
                    reason: "label at the start of the lead (moved to metadata)".into(),
                });
                para.text = para.text[whole..].trim_start().to_string();
                continue 'again;
            }
            break;
        }
    }

    // Short unpunctuated paragraphs inside the body are sub-headings.
    let count = paras.len();
    for (k, para) in paras.iter_mut().enumerate() {
        if k == 0 || k + 1 == count || para.kind != BlockKind::Paragraph {
            continue;
        }
        let t = &para.text;
        let starts_upper = t.chars().next().is_some_and(char::is_uppercase);
        let ends_plain = t.chars().last().is_some_and(char::is_alphanumeric);
        if starts_upper && ends_plain && word_count(t) <= rules.heading_max_words && !t.contains(':') {
            para.kind = BlockKind::Heading;
        }
    }

    let title = match headline {
        Some(h) => Field::printed(h),
        None => match infer_title(&paras, rules) {
            Some((t, false)) => Field::inferred(t, "no headline in the capture; first sentence shortened"),
            Some((t, true)) => {
                Field::inferred(t, "no headline in the capture; first sentence without its opening phrase, shortened")
            }
            None => Field::empty(),
        },
    };

    let published = pick_published(&dates, site_offset.as_ref(), lead_date, &paras, &mut notes);

    let source = match source_line.as_deref().or(source_suffix.as_deref()).or(source_prefix.as_deref()) {
        Some(printed) => Field::printed(rules.outlet(printed).unwrap_or(printed).to_string()),
        // No credit in the story: what the rest of the capture says, as a page would ("©
        // The Example News", "Welcome to Example Times").
        None => page::outlet_of_text(&text, rules),
    };

    let meta = Metadata {
        title,
        source,
        published,
        author: author.map_or_else(Field::empty, Field::printed),
        translator: translator.map_or_else(Field::empty, Field::printed),
        dateline: dateline.map_or_else(Field::empty, Field::printed),
        url,
        tags: options.tags.clone(),
        imported_from: Some(file_name.to_string()),
    };
    let id = slug(meta.title_or_placeholder(), 6);
    let article = Article::from_blocks(id, meta, paras.into_iter().map(|p| (p.kind, p.text)).collect());
    stripped.sort_by_key(|s| s.line);
    Imported { article, stripped, notes }
}

/// A short line that declares a copyright (see [`page::declares_copyright`]).
fn is_copyright_line(text: &str) -> bool {
    word_count(text) <= 30 && page::declares_copyright(text)
}

fn take_signoff(
    caps: &Captures,
    source: &mut Option<String>,
    author: &mut Option<String>,
    translator: &mut Option<String>,
) {
    let get = |name: &str| caps.name(name).map(|m| m.as_str().trim().to_string());
    if let Some(s) = get("source") {
        source.get_or_insert(s);
    }
    if let Some(a) = get("author") {
        author.get_or_insert(a);
    }
    if let Some(t) = get("translator") {
        translator.get_or_insert(t);
    }
}

/// Whether what follows a sign-off is page furniture (teasers for other stories) rather than
/// more of the story: it has a related-news marker, repeats a line (teaser headlines usually
/// appear twice), or is no more than two short lines.
fn rest_is_furniture(rest: &[Line], rules: &ImportRules) -> bool {
    let content: Vec<&str> = rest.iter().map(|l| l.text.as_str()).filter(|t| !t.is_empty()).collect();
    if content.is_empty() {
        return true;
    }
    let has_marker = content.iter().any(|t| ImportRules::any_match(&rules.related_markers, t));
    let has_repeat = content.windows(2).any(|w| w[0] == w[1]);
    let short_tail = content.len() <= 2 && content.iter().all(|t| t.len() < 100);
    has_marker || has_repeat || short_tail
}

/// The first sentence of the lead, without a long introductory phrase ("In an interview
/// granted to ..., Khoi said ..." -> "Khoi said ..."), shortened.
fn infer_title(paras: &[Para], rules: &ImportRules) -> Option<(String, bool)> {
    let first = paras.iter().find(|p| p.kind == BlockKind::Paragraph)?;
    let sentence_end = first.text.find(". ").map_or(first.text.len(), |i| i + 1);
    let mut sentence = first.text[..sentence_end].trim_end_matches('.');
    let first_word = sentence.split_whitespace().next().unwrap_or("");
    let mut skipped_intro = false;
    if rules.title_intro_words.iter().any(|w| w.eq_ignore_ascii_case(first_word))
        && let Some(comma) = sentence.find(", ")
        && comma > rules.inferred_title_max_chars / 2
        && sentence.len() - comma > 30
    {
        sentence = &sentence[comma + 2..];
        skipped_intro = true;
    }
    // A lead of only punctuation gives no title at all, not an empty one.
    if !sentence.chars().any(char::is_alphanumeric) {
        return None;
    }
    let mut title = shorten(sentence, rules.inferred_title_max_chars);
    if let Some(c) = title.chars().next() {
        title.replace_range(..c.len_utf8(), &c.to_uppercase().to_string());
    }
    Some((title, skipped_intro))
}

static WEEKDAY_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)((?:\S+\s+){0,6}?(?:on|this|next)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b")
        .expect("valid regex")
});
fn pick_published(
    dates: &[(DateParts, String)],
    site_offset: Option<&(FixedOffset, String)>,
    lead_date: Option<NaiveDate>,
    paras: &[Para],
    notes: &mut Vec<String>,
) -> Field<Published> {
    // A capture can print several dates (published, updated); publication is the earliest.
    if let Some((parts, printed)) = dates.iter().min_by_key(|(d, _)| (d.date, d.time)) {
        let mut parts = *parts;
        if parts.time.is_some()
            && parts.offset.is_none()
            && let Some((offset, stamp)) = site_offset
        {
            parts.offset = Some(*offset);
            notes.push(format!("published {printed:?}: UTC offset {offset} taken from the page's own clock {stamp:?}"));
        }
        if dates.len() > 1 {
            notes.push(format!(
                "{} date lines in the header; the earliest, {printed:?}, is taken as the publication date",
                dates.len()
            ));
        }
        return Field::printed(parts.to_published());
    }
    if let Some(date) = lead_date {
        return Field::printed(Published::Date(date));
    }
    // Not printed: a lead that says "on Wednesday" next to a full date gives the day.
    let Some(lead) = paras.iter().find(|p| p.kind == BlockKind::Paragraph) else {
        return Field::empty();
    };
    // The latest day the lead writes out in full (a range counts by its end).
    let anchor = crate::extract::find_dates(&lead.text, None)
        .iter()
        .filter(|d| d.precision == crate::extract::Precision::Day && !d.inferred)
        .filter_map(|d| d.when.dates().map(|(_, end)| end))
        .max();
    let (Some(reference), Some(anchor)) = (WEEKDAY_REF.captures(&lead.text), anchor) else {
        return Field::empty();
    };
    let Some(weekday) = reference.get(2).and_then(|w| weekday_from_name(w.as_str())) else {
        return Field::empty();
    };
    let days_ahead = (7 + weekday.num_days_from_monday() as i64 - anchor.weekday().num_days_from_monday() as i64) % 7;
    let day = anchor + Duration::days(days_ahead);
    let quote = reference.get(1).map_or("", |m| m.as_str()).trim();
    Field::inferred(
        Published::Date(day),
        format!(
            "not printed; the lead says \"…{quote}\" and the latest date it gives is {}, so taken as the {} on or after it",
            anchor.format("%B %-d, %Y"),
            reference.get(2).map_or("", |m| m.as_str()),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(text: &str) -> Imported {
        import_capture("x.txt", text, &ImportRules::bundled(), &ImportOptions::default())
    }

    const STORY: &str = "The council voted on Tuesday to rebuild the bridge, officials said.";

    /// The paragraphs `trim_trailing_teasers` leaves of these.
    fn trimmed(texts: &[&str]) -> Vec<String> {
        let mut paragraphs: Vec<(BlockKind, String)> =
            texts.iter().map(|t| (BlockKind::Paragraph, t.to_string())).collect();
        trim_trailing_teasers(&mut paragraphs, &ImportRules::bundled());
        paragraphs.into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn teaser_lists_go_and_the_story_around_them_stays() {
        let story = STORY;
        let texts = trimmed(&[
            story,
            "See more",
            "Flood waters recede in the valley",
            "Town counts the cost of the storm",
            "Work on the bridge is expected to begin next year, the engineers said.",
            "The last paragraph of the story ends here.",
            "Flood waters recede in the valley",
            "More:",
            "Town counts the cost of the storm",
            "Science & Technology",
        ]);
        assert_eq!(
            texts,
            [
                story,
                "Work on the bridge is expected to begin next year, the engineers said.",
                "The last paragraph of the story ends here.",
                "Flood waters recede in the valley",
            ],
            "the label inside the trailing run cuts from there; the box inside the story goes"
        );
        // Short lines at the end without a label are the story's.
        assert_eq!(trimmed(&[story, "Nothing more", "The end"]).len(), 3);
    }

    #[test]
    fn a_list_of_titles_cut_short_ends_the_story_without_a_label() {
        let texts = trimmed(&[
            STORY,
            "Ann Lee, city reporter",
            "Print",
            "Back",
            "Flood waters recede in the valley as the town..",
            "Minister says the budget will…",
            "Town counts the cost",
        ]);
        assert_eq!(texts, [STORY, "Ann Lee, city reporter"], "the list and the buttons above it go");
        // One line that trails off is the story's own.
        assert_eq!(trimmed(&[STORY, "And then…", "The end"]).len(), 3);
    }

    #[test]
    fn datelines_with_any_dash() {
        for (lead, place, outlet) in [
            ("HANOI (Reuters) - Vietnam said on Monday it would open new routes.", "HANOI", "Reuters"),
            ("LONDON, March 5 (AP) — Britain said on Tuesday it would open new routes.", "LONDON", "AP"),
            ("MOSCOW (TASS) — Russia said on Monday it would open new routes.", "MOSCOW", "TASS"),
        ] {
            let got = import(&format!("Trade routes open\n\n{lead}\n\nOfficials welcomed the move.\n"));
            let m = &got.article.meta;
            assert_eq!(m.dateline.value.as_deref(), Some(place), "{lead}");
            assert_eq!(m.source.value.as_deref(), Some(outlet), "{lead}");
            assert!(
                !got.article.body.contains(&format!("({outlet})")),
                "the credit leaves the text: {}",
                got.article.body
            );
        }
    }

    #[test]
    fn a_dateline_that_prints_its_year_dates_the_story() {
        for (lead, place, date) in [
            ("HANOI, March 12, 2025 (VNA) – Vietnam said on Tuesday it would open new routes.", "HANOI", "2025-03-12"),
            ("PARIS, 5 March 2025 — France said on Tuesday it would open new routes.", "PARIS", "2025-03-05"),
        ] {
            let got = import(&format!("Trade routes open\n\n{lead}\n\nOfficials welcomed the move.\n"));
            let m = &got.article.meta;
            assert_eq!(m.dateline.value.as_deref(), Some(place), "{lead}");
            assert_eq!(m.published.value.map(|p| p.date().to_string()).as_deref(), Some(date), "{lead}");
            assert!(!m.published.is_inferred(), "printed, not inferred: {lead}");
            assert!(got.article.body.ends_with("the move."), "{}", got.article.body);
            assert!(!got.article.body.contains(place) && !got.article.body.contains("2025"), "{}", got.article.body);
        }
        // Without the year, the day is not enough to date the story.
        let got = import("Trade routes open\n\nLONDON, March 5 (AP) — Britain said on Tuesday it would open routes.\n");
        assert_eq!(got.article.meta.published.value, None);
    }

    #[test]
    fn a_wire_s_reporting_by_line_is_the_byline() {
        let got = import(
            "Trade routes open\n\nVietnam said on Monday it would open new routes.\n\nOfficials welcomed the move.\n\nReporting by Ann Lee and Bo Chen; Editing by Cy Dow\n",
        );
        assert_eq!(got.article.meta.author.value.as_deref(), Some("Ann Lee and Bo Chen"));
        assert!(!got.article.body.contains("Editing by"), "{}", got.article.body);
    }

    #[test]
    fn a_read_more_label_inside_the_story_cuts_nothing() {
        let got = import(
            "Port strike ends after a week\n\nDock workers returned on Monday after a deal on pay was reached.\n\nRead more\n\nThe union said the deal raises wages by five percent over two years.\n\nRelated\n\nShipping rates climb\nPort traffic slows\n",
        );
        let body = &got.article.body;
        assert!(body.contains("The union said"), "the story goes on after the label: {body}");
        assert!(!body.contains("Read more") && !body.contains("Shipping rates climb"), "{body}");
    }

    #[test]
    fn a_byline_above_the_headline_is_no_headline_in_any_language() {
        for (byline, author) in [
            ("Von Anna Kelmar publiziert am 25. September 2018", "Anna Kelmar"),
            ("By Anna Kelmar", "Anna Kelmar"),
            ("Par Anna Kelmar", "Anna Kelmar"),
        ] {
            let got = import(&format!(
                "{byline}\n\nMillbrook council approves new bridge\n\nThe council voted on Friday to build it.\n\nWork starts soon.\n"
            ));
            let m = &got.article.meta;
            assert_eq!(m.title, Field::printed("Millbrook council approves new bridge".to_string()), "{byline}");
            assert_eq!(m.author, Field::printed(author.to_string()), "{byline}");
            assert_eq!(got.article.blocks.len(), 2, "{byline}");
        }
        // The same words open English headlines.
        for headline in ["Von Kelmar Signs With Millbrook", "Door Sales Rise Again"] {
            let got = import(&format!("{headline}\n\nThe club said so on Friday.\n\nMore follows.\n"));
            assert_eq!(got.article.meta.title, Field::printed(headline.to_string()));
            assert_eq!(got.article.meta.author, Field::empty(), "{headline}");
        }
    }

    #[test]
    fn a_text_with_a_credit_without_by_and_the_page_foot_reads_as_the_story() {
        // Made up, in the shape of a wire story on a local paper's page.
        let got = import(concat!(
            "Harbour plan wins council vote\n\n",
            "Anna Kelmar Associated Press\n",
            "Published 9:15 AM EST Mar 3, 2021\n\n",
            "MILLBROOK – The council approved the harbour plan on Tuesday after a debate that ran into\n",
            "the night, and work starts in May.\n\n",
            "\"We waited a long time,\" said Ivo Kral.\n\n",
            "Published 9:15 AM EST Mar 3, 2021\n",
            "Terms of Service Privacy Notice\n",
            "© The Millbrook Courier, a Kelvarsk Media Newspaper\n",
        ));
        let m = &got.article.meta;
        assert_eq!(m.author, Field::printed("Anna Kelmar".to_string()));
        assert_eq!(m.published.value.map(|p| p.date()), NaiveDate::from_ymd_opt(2021, 3, 3));
        assert_eq!(m.source.value.as_deref(), Some("The Millbrook Courier"));
        assert!(m.source.inferred.is_some(), "{:?}", m.source);
        let paragraphs: Vec<&str> = got.article.blocks.iter().map(|b| &got.article.body[b.range.clone()]).collect();
        assert_eq!(paragraphs.len(), 2, "{paragraphs:#?}");
        assert!(paragraphs[0].ends_with("ran into the night, and work starts in May."), "{paragraphs:#?}");
        assert!(paragraphs[1].ends_with("said Ivo Kral."), "{paragraphs:#?}");
    }

    #[test]
    fn a_labelled_or_clocked_date_line_in_any_form_dates_the_story() {
        for (line, date) in [
            ("Published 10:02 AM EST Nov 19, 2019", (2019, 11, 19)),
            ("Updated: 19.11.2019 14:05", (2019, 11, 19)),
            ("• Posted on 5 March 2021", (2021, 3, 5)),
            ("10:02 AM EST Nov 19, 2019", (2019, 11, 19)),
        ] {
            let got = import(&format!(
                "Millbrook council approves new bridge\n\nBy Anna Kelmar\n{line}\n\nThe council voted on Friday to build it.\n\nWork starts soon.\n"
            ));
            let m = &got.article.meta;
            let want = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
            assert_eq!(m.published, Field::printed(Published::Date(want)), "{line}");
            assert_eq!(m.author, Field::printed("Anna Kelmar".to_string()), "{line}");
            assert_eq!(got.article.blocks.len(), 2, "{line}");
        }
    }

    #[test]
    fn a_greeting_a_call_to_action_and_an_image_placeholder_are_no_headline() {
        let got = import(
            "Welcome to Example Daily's European Union experience\n\nLearn More\n[logo-example]\n\n\
             Millbrook council approves new bridge\n\nThe council voted on Friday to build it.\n\nWork starts soon.\n",
        );
        assert_eq!(got.article.meta.title, Field::printed("Millbrook council approves new bridge".to_string()));
        assert_eq!(got.article.blocks.len(), 2);
    }

    #[test]
    fn headline_and_body_without_metadata_stay_empty() {
        let got = import("Ad sales boost profit\n\nProfits jumped 76% to $1.13bn on Friday.\n\nThe firm said more.\n");
        let m = &got.article.meta;
        assert_eq!(m.title, Field::printed("Ad sales boost profit".to_string()));
        assert_eq!(m.published, Field::empty());
        assert_eq!(m.source, Field::empty());
        assert_eq!(m.author, Field::empty());
        assert_eq!(got.article.blocks.len(), 2);
    }

    #[test]
    fn capture_clock_is_not_the_publication_date_but_gives_the_zone() {
        let got = import(
            "September 28, 2024 | 07:44 GMT +7\n\n• Click to copy\nSaturday- 19:08, 22/06/2024\n\nA headline here\n\n(VAN) The lead.\n\nMore text.\n",
        );
        let m = &got.article.meta;
        assert_eq!(m.published.value.unwrap().to_string(), "2024-06-22 19:08 +07:00");
        assert!(!m.published.is_inferred());
        assert_eq!(m.source.value.as_deref(), Some("VAN"));
        assert_eq!(got.article.body, "The lead.\n\nMore text.");
    }

    #[test]
    fn time_without_zone_stays_local() {
        let got = import("Headline\n\nJune 19, 2024 - 18:10\nHÀ NỘI — Something happened.\n\nThe end. — VNS");
        let m = &got.article.meta;
        assert_eq!(m.published.value.unwrap().to_string(), "2024-06-19 18:10");
        assert_eq!(m.dateline.value.as_deref(), Some("HÀ NỘI"));
        assert_eq!(m.source.value.as_deref(), Some("VNS"));
        assert!(got.article.body.ends_with("The end."));
    }

    #[test]
    fn infers_title_and_weekday_date_and_says_why() {
        let got = import(
            "The leader begins a visit on Wednesday, marking the anniversary (June 16, 1994 – June 16, 2024). More.\n\nSecond.\n",
        );
        let m = &got.article.meta;
        assert!(m.title.is_inferred());
        assert_eq!(m.published.value.unwrap().to_string(), "2024-06-19");
        assert!(m.published.inferred.as_deref().unwrap().contains("on Wednesday"));
    }

    #[test]
    fn captions_and_related_news() {
        let got = import(
            "Head line\n\nFirst paragraph.\nA man speaks. Photo: Someone.\n\nA man speaks. Photo: Someone.\n\nLast paragraph.\n\nRelated News\n\nOther story\n",
        );
        let kinds: Vec<_> = got.article.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [BlockKind::Paragraph, BlockKind::Caption, BlockKind::Paragraph]);
        assert!(!got.article.body.contains("Other story"));
        assert!(got.stripped.iter().any(|s| s.reason.contains("repeats")));
    }

    #[test]
    fn a_mid_article_byline_does_not_cut_the_story() {
        let long = "This paragraph is long enough to be more story and not a teaser at all, clearly. ".repeat(3);
        let got = import(&format!("Head line\n\nLead.\n\nBy Jane Smith\n\n{long}\n\nAnd {long}\n"));
        assert_eq!(got.article.meta.author.value.as_deref(), Some("Jane Smith"));
        assert_eq!(got.article.blocks.len(), 3);
    }

    #[test]
    fn a_lead_of_punctuation_gives_no_title() {
        // Found by the long property-test run: an empty inferred title made an unloadable file.
        let got = import(".\n\n");
        assert_eq!(got.article.meta.title, Field::empty());
        assert!(crate::article::parse_article("x", &got.article.to_file_string()).is_ok());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+7"), FixedOffset::east_opt(7 * 3600));
        assert_eq!(parse_offset("+ 7"), FixedOffset::east_opt(7 * 3600));
        assert_eq!(parse_offset("-05:30"), FixedOffset::east_opt(-(5 * 3600 + 1800)));
        assert_eq!(parse_offset("+99"), None);
    }
}
