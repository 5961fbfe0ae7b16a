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
    fn from_lines(line: usize, lines: Vec<String>) -> Block {
        let text = lines.iter().flat_map(|l| l.split_whitespace()).collect::<Vec<_>>().join(" ");
        let words = words_in(&text);
        Block { line, lines, text, words }
    }

    fn is_prose(&self) -> bool {
        prose_score(self) > 0.0
    }

    /// Lines that start like a list's items (bullets, pipes, indentation).
    fn bullet_lines(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| l.trim_start().starts_with(['•', '*', '·', '|', '-', '[']) || l.starts_with("   "))
            .count()
    }

    /// The share of its words that start in lower case. Sentences are mostly such words;
    /// scripts without case (Korean, Chinese, Arabic …) count as lower case, or their prose
    /// would read as a menu.
    fn lower_case_share(&self) -> f64 {
        let caseless = |c: char| c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase();
        let lower: usize = self
            .text
            .split_whitespace()
            .filter(|w| w.chars().next().is_some_and(|c| c.is_lowercase() || caseless(c)))
            .map(words_in)
            .sum();
        lower as f64 / self.words.max(1) as f64
    }
}

/// Whether text ends as a sentence does (or on a closing quote, bracket or colon).
fn ends_a_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', '"', '”', '’', ')', ':', '。', '！', '？', '」'])
}

/// How much a block looks like story text: its words when it reads as sentences, a cost when
/// it reads as page furniture (menus, bullet lists, share rows).
fn prose_score(block: &Block) -> f64 {
    let text = block.text.trim();
    let bullets = block.bullet_lines();
    let sentence_end = ends_a_sentence(text) || text.matches(". ").count() >= 1;
    let lower_share = block.lower_case_share();
    // Items run together on one line ("• Share on Facebook • Share on Reddit") are a menu too.
    let listed = text.matches(['•', '□']).count() >= 2;
    if block.words >= 12 && sentence_end && lower_share > 0.4 && bullets * 2 <= block.lines.len() && !listed {
        block.words as f64
    } else if block.words >= 25 && lower_share > 0.5 && !listed {
        block.words as f64 * 0.5
    } else {
        // Furniture costs per line, so a long menu costs more than a short label.
        -3.0 * block.lines.len() as f64 - 1.0
    }
}

/// Words in a line. Chinese and Japanese write no spaces between words: there, two characters
/// count as one word (their average word length), so their sentences weigh as sentences.
fn words_in(line: &str) -> usize {
    let ideographic =
        |c: &char| matches!(*c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF);
    line.split_whitespace().map(|w| (w.chars().filter(ideographic).count() / 2).max(1)).sum()
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
        b.words += words_in(&line);
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

/// The blocks' features for the learned scorer ([`super::block_model::FEATURES`], in order).
fn block_features(blocks: &[Block], i: usize, rules: &ImportRules) -> Vec<f64> {
    let b = &blocks[i];
    let text = b.text.trim();
    let lines = b.lines.len().max(1) as f64;
    let words = b.words.max(1) as f64;
    let rule_prose = |k: usize| blocks.get(k).is_some_and(Block::is_prose);
    let ln_words = |k: Option<usize>| k.and_then(|k| blocks.get(k)).map_or(0.0, |b| (1.0 + b.words as f64).ln());
    let bullets = b.bullet_lines();
    let punctuated = ends_a_sentence;
    let sentences = text.matches(". ").count() + usize::from(punctuated(text));
    let chars = text.chars().count().max(1) as f64;
    let digits = text.chars().filter(char::is_ascii_digit).count() as f64;
    let letters: usize = text.split_whitespace().map(|w| w.chars().filter(|c| c.is_alphanumeric()).count()).sum();
    let furniture = ImportRules::any_match(&rules.chrome_lines, text)
        || ImportRules::any_match(&rules.html_furniture_lines, text)
        || ImportRules::any_match(&rules.related_markers, text.trim_end_matches([':', '.', '…']))
        || ImportRules::any_match(&rules.comment_markers, text);
    let total_lines = blocks.last().map_or(1, |l| l.line + l.lines.len()).max(1) as f64;
    let near: usize =
        blocks[i.saturating_sub(3)..(i + 4).min(blocks.len())].iter().filter(|b| b.is_prose()).map(|b| b.words).sum();
    let flag = |v: bool| f64::from(u8::from(v));
    vec![
        (1.0 + b.words as f64).ln(),
        lines.ln(),
        (words / lines).ln(),
        b.lower_case_share(),
        flag(punctuated(text) || text.matches(". ").count() >= 1),
        sentences as f64 / lines,
        b.lines.iter().filter(|l| punctuated(l)).count() as f64 / lines,
        bullets as f64 / lines,
        flag(text.matches(['•', '□']).count() >= 2),
        digits / chars,
        text.matches([',', '，', '、']).count() as f64 / words,
        (letters as f64 / words).min(20.0) / 10.0,
        flag(find_date(text).is_some()),
        flag(byline_in(&b.lines).is_some()),
        flag(furniture),
        flag(text.contains(['|', '©'])),
        b.line as f64 / total_lines,
        flag(b.is_prose()),
        flag(i > 0 && rule_prose(i - 1)),
        flag(rule_prose(i + 1)),
        ln_words(i.checked_sub(1)),
        ln_words(Some(i + 1)),
        flag(b.words <= 5),
        flag(b.words >= 40),
        (1.0 + near as f64).ln() / 5.0,
    ]
}

/// Each block's features and text, as the importer reads a whole-page capture: for training
/// the block scorer (`examples/train_capture_blocks.rs`).
#[doc(hidden)]
pub fn capture_block_samples(raw_text: &str, rules: &ImportRules) -> Vec<(String, Vec<f64>)> {
    let blocks = blocks_of(&nfc(raw_text));
    (0..blocks.len()).map(|i| (blocks[i].text.clone(), block_features(&blocks, i, rules))).collect()
}

/// How sure the block scorer must be to keep a block inside the story that does not read as
/// prose by the rule (chosen on the dev part's halves, each measured with the other's model).
const INNER_SURE: f64 = 0.5;

/// The run of blocks with the highest total by the learned scorer: each block weighs its
/// words (plus the model's base) times how far its probability is from the threshold.
fn learned_story_span(blocks: &[Block], story_odds: &[f64], rules: &ImportRules) -> Option<(usize, usize)> {
    let model = rules.block_model();
    let mut best: Option<(f64, usize, usize)> = None;
    let (mut sum, mut start) = (0.0, 0);
    for (i, &p) in story_odds.iter().enumerate().take(blocks.len()) {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += (p - model.threshold) * (blocks[i].words as f64 + model.base_words);
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
    (lines_before > 8 && start >= 2).then_some((start, end))
}

/// Month names in French, Spanish, Portuguese, German, Italian, Dutch and Indonesian, as pages
/// print them (accents optional); `month_in_other_languages` gives their numbers.
const OTHER_MONTHS: &str = r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro|januari?|februari?|m[äa]e?rz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|maret|mei|agustus|desember|maart|augustus|december";

static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &r"(?x)
        (?:\b|[a-z])(?P<mon>(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December))\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)(?:\b|\d{1,2}:\d\d)
        | \b(?P<day2>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?P<mon2>(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December))\.?,?\s+(?P<year2>(?:19|20)\d\d)(?:\b|\d{1,2}:\d\d)
        | \b(?P<day3>\d{1,2})\.?\s+(?:de\s+)?(?P<mon3>(?i:{other}))\s+(?:de\s+|del\s+)?(?P<year3>(?:19|20)\d\d)\b
        | \b(?P<mon4>(?i:{other}))\s+(?P<day4>\d{1,2}),?\s+(?P<year4>(?:19|20)\d\d)\b
        | \b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)(?:T|\b)
        | \b(?P<n1>\d{1,2})(?P<sep>[/.])(?P<n2>\d{1,2})[/.](?P<ny>(?:19|20)?\d\d)(?:\b|\p{Lu})"
            .replace("{other}", OTHER_MONTHS),
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
        } else if let (Some(mon), Some(day), Some(year)) = (c.name("mon3"), c.name("day3"), c.name("year3")) {
            (year.as_str().parse().ok(), month_in_other_languages(mon.as_str()), day.as_str().parse().ok())
        } else if let (Some(mon), Some(day), Some(year)) = (c.name("mon4"), c.name("day4"), c.name("year4")) {
            (year.as_str().parse().ok(), month_in_other_languages(mon.as_str()), day.as_str().parse().ok())
        } else if let (Some(y), Some(m), Some(d)) = (c.name("iy"), c.name("im"), c.name("id")) {
            (y.as_str().parse().ok(), m.as_str().parse().ok(), d.as_str().parse().ok())
        } else if let (Some(a), Some(b), Some(y)) = (c.name("n1"), c.name("n2"), c.name("ny")) {
            let (a, b): (u32, u32) = (a.as_str().parse().ok()?, b.as_str().parse().ok()?);
            let year: i32 = y.as_str().parse().ok()?;
            let year = if year < 100 { 2000 + year } else { year };
            // With slashes, month first unless it cannot be (13/11/2019): the order most such
            // dates use; with dots ("18.11.2019"), the day comes first wherever they are written.
            let day_first = c.name("sep").is_some_and(|s| s.as_str() == ".");
            let (m, d) = if (day_first && b <= 12) || a > 12 { (b, a) } else { (a, b) };
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

/// A month named in French, Spanish, Portuguese, German, Italian, Dutch or Indonesian (the
/// forms `DATE_WORDS` takes), folded: "outubro" is 10.
fn month_in_other_languages(name: &str) -> Option<u32> {
    let folded = crate::text::fold(name);
    const MONTHS: [&[&str]; 12] = [
        &["janvier", "enero", "janeiro", "januar", "gennaio", "januari"],
        &["fevrier", "febrero", "fevereiro", "februar", "febbraio", "februari"],
        &["mars", "marzo", "marco", "marz", "maerz", "maret", "maart"],
        &["avril", "abril", "aprile", "april"],
        &["mai", "mayo", "maio", "maggio", "mei"],
        &["juin", "junio", "junho", "juni", "giugno"],
        &["juillet", "julio", "julho", "juli", "luglio"],
        &["aout", "agosto", "agustus", "augustus"],
        &["septembre", "septiembre", "setiembre", "setembro", "settembre", "september"],
        &["octobre", "octubre", "outubro", "oktober", "ottobre"],
        &["novembre", "noviembre", "novembro", "november"],
        &["decembre", "diciembre", "dezembro", "dezember", "dicembre", "desember", "december"],
    ];
    MONTHS.iter().position(|forms| forms.contains(&folded.as_str())).map(|i| i as u32 + 1)
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?i:by|written by|words by|reporting by)|(?P<other>Von|Por|Par|Door|Oleh))\s*:?\s+(?P<names>\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|del|bin|al|and|&|,)){0,12})")
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
                // A picture's credit line ("Image copyright @handle") names no author.
                | "image"
                | "copyright"
                | "picture"
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
            // "McDonald", "LeBron", "MacKenzie" are names; "LeeEXAMPLENews" is two words.
            .find(|&(i, c)| {
                c.is_uppercase()
                    && word[..i].chars().last().is_some_and(char::is_lowercase)
                    && word[..i].chars().count() >= 4
            });
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
    let found = c.name("names")?;
    // Another language's "by" ("Von", "Par", "Por", "Door", "Oleh") also opens English headlines
    // ("Von Miller Signs With Bills", "Door Sales Rise"): the names must go on in lower case or
    // with a date ("Von Ann Lee publiziert am 25. September 2018"), or be a short name that opens
    // with a given name ("Par Anna Kelmar").
    if c.name("other").is_some() {
        let rest = text[found.end()..].trim_start();
        let words: Vec<&str> = found.as_str().split_whitespace().collect();
        let goes_on = rest.starts_with(|ch: char| ch.is_lowercase() || ch == ',') || find_date(rest).is_some();
        let short_name = rest.is_empty()
            && words.len() <= 3
            && words.first().is_some_and(|w| crate::extract::ner::is_listed_given_name(w));
        if !goes_on && !short_name {
            return None;
        }
    }
    let names = clean_names(found.as_str());
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

/// A credit line of a person and the outlet they write for, without "By": "Tom Davies
/// Associated Press", "Ann Lee, Reuters", "Ann Lee | CNN". The person, when the name is two or
/// three capitalised words that open with a listed given name and a known outlet ends the line.
pub(super) fn name_and_outlet(text: &str, rules: &ImportRules) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 8 || text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    (1..=4.min(words.len().saturating_sub(2))).find_map(|k| {
        let (name, outlet) = words.split_at(words.len() - k);
        let outlet = outlet.join(" ");
        rules.outlet(outlet.trim_start_matches(['|', '-', '–', '—', ' ']))?;
        let name: Vec<&str> = name
            .iter()
            .map(|w| w.trim_end_matches([',', '|']))
            .filter(|w| !w.is_empty() && !matches!(*w, "-" | "–" | "—"))
            .collect();
        let capitalised = |w: &&str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        };
        ((2..=3).contains(&name.len())
            && name.iter().all(capitalised)
            && crate::extract::ner::is_listed_given_name(name[0]))
        .then(|| name.join(" "))
    })
}

/// A byline that names an outlet rather than people ("By Reuters", "By The Associated Press"):
/// the story is that outlet's, under its usual name. [`byline`] takes names of two words and
/// more, so that "By Ann Lee, Cleveland.com" leaves the outlet out.
fn outlet_byline(line: &str, rules: &ImportRules) -> Option<String> {
    rules.outlet(named_by(line)?).map(str::to_string)
}

/// What a line that is "By" and a name names: "By Reuters." -> "Reuters".
fn named_by(line: &str) -> Option<&str> {
    let line = line.trim();
    let rest = line.strip_prefix("By ").or_else(|| line.strip_prefix("BY "))?;
    Some(rest.trim().trim_end_matches('.'))
}

/// A byline in the forms pages print above a story: "By Ann Lee", "By" on a line of its own with
/// the names on the next, a name glued to a repeated "By" ("Ann LeeBy Ann Lee, Example Staff"),
/// or names followed on their line by a date or a handle ("Ann Lee - Nov 19, 2019",
/// "Ann Lee @annlee / 2 days").
fn byline_in<S: AsRef<str>>(lines: &[S]) -> Option<String> {
    static NAMES_THEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<names>\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]*){1,3})\s*(?:[-–—|•/]\s*|@\w)(?P<rest>.*)$")
            .expect("a valid names-then-date pattern")
    });
    static GLUED_BY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{Ll}By\s").expect("a valid pattern"));
    for (j, raw) in lines.iter().enumerate() {
        let raw = raw.as_ref();
        let line = raw.trim();
        if let Some(names) = byline(line) {
            return Some(names);
        }
        if matches!(line, "By" | "by" | "BY")
            && let Some(next) = lines.get(j + 1)
            && let Some(names) = byline(&format!("By {}", next.as_ref().trim()))
        {
            return Some(names);
        }
        if let Some(m) = GLUED_BY.find(line)
            && let Some(names) = byline(&line[m.start() + 1..])
        {
            return Some(names);
        }
        if let Some(c) = NAMES_THEN_DATE.captures(line) {
            let rest = &c["rest"];
            let dated = find_date(rest).is_some() || rest.contains(" ago") || raw.contains('@');
            if dated && let Some(names) = byline(&format!("By {}", &c["names"])) {
                return Some(names);
            }
        }
    }
    None
}

/// A byline printed as a name alone on its line, with the date on the next line or the one
/// after ("Ann Lee" / "Nov 13, 2019 4:26 pm", "Ann Lee" / "Ideas" / "11.14.2019", "ANN LEE,
/// EXAMPLE NEWS" / "18 NOV 2019", "Ann Lee" / "Yesterday 2:45PM"). What follows a comma is an
/// affiliation; a name of the outlets list is not a person.
fn name_over_date(lines: &[&str], rules: &ImportRules) -> Option<String> {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}[\p{L}.'’-]+(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|del|bin|al|le|la)){1,3}$")
            .expect("a valid name pattern")
    });
    static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:updated:?\s+)?(?:today|yesterday|\d+\s+(?:min(?:ute)?s?|hours?|hrs?|days?)\s+ago\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+\d{1,2}:\d{2})")
            .expect("a valid relative-date pattern")
    });
    let dated = |l: &str| l.split_whitespace().count() <= 12 && (find_date(l).is_some() || RELATIVE.is_match(l));
    for (i, line) in lines.iter().enumerate() {
        let (name, affiliation) = line.split_once(',').unwrap_or((line, ""));
        let name = name.trim();
        if !NAME.is_match(name)
            || affiliation.split_whitespace().count() > 5
            || rules.outlet(name).is_some()
            || name.split_whitespace().any(ends_a_name)
            || !lines.get(i + 1..(i + 3).min(lines.len())).is_some_and(|next| {
                next.first().is_some_and(|l| dated(l))
                    || next.len() == 2 && next[0].split_whitespace().count() <= 2 && dated(next[1])
            })
        {
            continue;
        }
        let name = if name.chars().any(char::is_lowercase) { name.to_string() } else { title_case(name) };
        return Some(name);
    }
    None
}

/// "ANN LEE" as "Ann Lee".
fn title_case(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| first.to_string() + &chars.as_str().to_lowercase())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a line belongs to an article's header rather than its story: a byline (of people,
/// or of one name: "By Reuters"), or little more than a date ("Monday November 18, 2019 7:45 am
/// PST by Ann Lee").
fn is_header_line(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let one_name_byline = named_by(line).is_some_and(|name| {
        !name.contains(' ')
            && name.chars().next().is_some_and(char::is_uppercase)
            && name.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-')
    });
    words <= 16 && (one_name_byline || byline_in(&[line]).is_some() || words <= 12 && find_date(line).is_some())
}

/// The last header line (block, line) among the story's opening: its first blocks, before a
/// hundred words of prose have gone by.
fn header_line_in_opening(blocks: &[Block], start: usize, end: usize) -> Option<(usize, usize)> {
    let mut found = None;
    let mut prose_words = 0;
    for (i, block) in blocks.iter().enumerate().take((start + 10).min(end)).skip(start) {
        for (j, line) in block.lines.iter().enumerate() {
            if is_header_line(line) {
                found = Some((i, j));
            } else if block.is_prose() {
                prose_words += line.split_whitespace().count();
            }
            if prose_words >= 100 {
                return found;
            }
        }
    }
    found
}

/// The name a whole page gives itself, by vote: lines of its navigation and copyright that name
/// the site (`site_name_lines`: "Follow X online", "Back to X", "© 2019 X"), plus lines that
/// are that name alone (a logo's text). A company behind the site ("… Media", "… Holdings")
/// counts for less than the site's own name. `None` unless some name is printed twice.
fn site_name(blocks: &[Block], rules: &ImportRules) -> Option<String> {
    let key = |name: &str| {
        let folded = crate::text::fold(name);
        let folded = folded.trim_start_matches("the ");
        let folded = folded.split('.').next().unwrap_or("");
        folded.chars().filter(|c| c.is_alphanumeric()).collect::<String>()
    };
    let mut votes: std::collections::HashMap<String, (f64, String)> = std::collections::HashMap::new();
    let lines = || {
        blocks.iter().flat_map(|b| b.lines.iter()).map(|l| l.trim().trim_start_matches(['•', '□', '☆', '○', '*', ' ']))
    };
    for line in lines() {
        for pattern in &rules.site_name_lines {
            let Some(found) = pattern.captures(line).and_then(|c| c.name("name")) else { continue };
            let name = found.as_str().trim().trim_end_matches("’s").trim_end_matches("'s");
            // "©The Example Blog 2011-2019": the years are not the name.
            let name = name.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '–' | ' ' | ','));
            let words = name.split_whitespace().count();
            // Navigation words ("Search Close", "Follow Us", "Sign up for our …") are not names.
            let generic = name.split_whitespace().any(|w| {
                matches!(
                    crate::text::fold(w).as_str(),
                    "us" | "me"
                        | "our"
                        | "your"
                        | "my"
                        | "this"
                        | "it"
                        | "all"
                        | "more"
                        | "close"
                        | "menu"
                        | "search"
                        | "home"
                        | "senior"
                        | "staff"
                        | "special"
                        | "guest"
                        | "contributing"
                        | "chief"
                )
            });
            if !(1..=5).contains(&words)
                || name.len() > 40
                || generic
                || name.contains(['/', '@', '#'])
                || !name.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                continue;
            }
            // "… Media", or "Example Holdings, LLC" (the company word after the name, left out of it).
            let after_name = &line[found.end()..];
            let company = name.split_whitespace().last().is_some_and(|w| rules.is_company_word(w))
                || after_name.split([' ', ',']).find(|w| !w.is_empty()).is_some_and(|w| rules.is_company_word(w));
            // The copyright line is the page's own declaration: it counts twice.
            let declared = declares_copyright(line);
            let weight = if company { 0.5 } else { 1.0 } * if declared { 2.0 } else { 1.0 };
            let entry = votes.entry(key(name)).or_insert((0.0, name.to_string()));
            entry.0 += weight;
            break;
        }
    }
    if votes.is_empty() {
        return None;
    }
    // A line that is the name alone (a logo's alternative text, a masthead) also counts.
    for line in lines() {
        if line.split_whitespace().count() <= 5
            && let Some(entry) = votes.get_mut(&key(line))
        {
            entry.0 += 0.5;
        }
    }
    // A page names itself again and again ("Example Staff", "Example's Daily Deals", "Browse Example"); the
    // company that owns it, once in the small print.
    let text: String = lines().collect::<Vec<_>>().join("\n");
    for (score, name) in votes.values_mut() {
        let mentions =
            text.match_indices(name.as_str()).filter(|&(at, _)| whole_word_at(&text, at, name.len())).count();
        *score += 0.25 * mentions.saturating_sub(1).min(8) as f64;
    }
    votes
        .into_values()
        .filter(|(score, _)| *score >= 2.0)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        .map(|(_, name)| rules.outlet(&name).unwrap_or(&name).to_string())
}

/// When the name a page gives itself is its owner's ("Example Interactive", "EXAMPLE UNIVERSAL"),
/// the known outlet of the same brand that the page prints most often ("Example News" in its
/// credits and navigation): an owner's pages carry the owner's copyright, the outlet's name in
/// the story's credit line. `None` when the name is no company's or no outlet shares its brand.
fn outlet_of_company<'r>(name: &str, blocks: &[Block], rules: &'r ImportRules) -> Option<&'r str> {
    let mut words = name.split_whitespace();
    let brand = crate::text::fold(words.next()?);
    if !name.split_whitespace().skip(1).any(|w| rules.is_company_word(w)) || brand.len() < 2 {
        return None;
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in blocks.iter().flat_map(|b| b.lines.iter()) {
        if let Some(outlet) = rules.outlet_in(line)
            && outlet.split_whitespace().next().is_some_and(|w| crate::text::fold(w) == brand)
            && !outlet.split_whitespace().skip(1).any(|w| rules.is_company_word(w))
        {
            *counts.entry(outlet).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0))).map(|(outlet, _)| outlet)
}

/// Whether `text[at..at + len]` is whole words, not part of longer ones.
fn whole_word_at(text: &str, at: usize, len: usize) -> bool {
    !text[..at].ends_with(char::is_alphanumeric) && !text[at + len..].starts_with(char::is_alphanumeric)
}

/// The story's last block when a "More in …" / "Trending" label in its second half starts a
/// list of teasers (a numbered list, bullets, or headline-shaped lines, not more story). Teasers
/// with a line of description read as prose, so the story's shape alone would keep them; one
/// label followed by story cuts nothing.
fn end_before_teasers(blocks: &[Block], start: usize, end: usize, rules: &ImportRules) -> usize {
    let prose_words: usize = blocks[start..=end].iter().filter(|b| b.is_prose()).map(|b| b.words).sum();
    let mut words_before = 0;
    for i in start..=end {
        let b = &blocks[i];
        let label = b.words <= 8
            && b.lines.len() == 1
            && ImportRules::any_match(&rules.related_markers, b.text.trim().trim_end_matches([':', '.', '…']));
        if label && i > start && words_before * 10 >= prose_words * 6 {
            // A list ("1. …", bullets), or two teaser-shaped blocks in a row: not the story going on.
            let listed =
                |n: &Block| n.text.trim_start().starts_with("1.") || n.text.trim_start().starts_with(['•', '*', '□']);
            let teaser = |n: &Block| !n.is_prose() || n.lines.len() == 1 && n.words <= 16;
            let after: Vec<&Block> = blocks[i + 1..=end].iter().take(2).collect();
            let teasers =
                after.first().is_some_and(|n| listed(n)) || after.len() == 2 && after.iter().all(|n| teaser(n));
            if teasers {
                return i - 1;
            }
        }
        if b.is_prose() {
            words_before += b.words;
        }
    }
    end
}

/// The story's last block when it ends in a list of other stories without a label: headlines,
/// each followed by at most one short blurb. A story's own sections have paragraphs of more
/// than forty words, or several in a row, and the cut is only ever in the story's second half.
fn end_before_teaser_tail(blocks: &[Block], start: usize, end: usize) -> usize {
    let headline_like = |b: &Block| {
        b.lines.len() == 1
            && (2..=16).contains(&b.words)
            && !b.text.trim_end().ends_with(['.', '!', '?', '"', '”', ':', ','])
    };
    let blurb = |b: &Block| b.is_prose() && b.words < 45;
    let mut k = end + 1;
    let mut headlines = 0;
    while k > start + 1 {
        let b = &blocks[k - 1];
        if headline_like(b) {
            headlines += 1;
        } else if blurb(b) {
            // Two prose blocks in a row are story, not a blurb each.
            if blocks.get(k).is_some_and(|next| k <= end && next.is_prose()) {
                break;
            }
        } else if b.is_prose() {
            break;
        }
        k -= 1;
    }
    // The tail starts at its first headline.
    while k <= end && !headline_like(&blocks[k]) {
        k += 1;
    }
    let prose = |range: std::ops::Range<usize>| -> usize {
        blocks[range].iter().filter(|b| b.is_prose()).map(|b| b.words).sum()
    };
    if headlines >= 3 && k <= end && prose(start..k) >= prose(k..end + 1) * 2 { k - 1 } else { end }
}

const SITE_NAME_WHY: &str = "the name the page gives itself in its links, credits and copyright line";

/// The `size` blocks above `start` where the header is looked for. A row of like blocks (a
/// share bar: "• Share this with Facebook", "• Share this with Email" …) counts as one and a
/// lone button's label as none, so that a page's buttons between its headline and story do not
/// push the headline out of reach.
fn header_window(blocks: &[Block], start: usize, size: usize) -> std::ops::Range<usize> {
    let opening = |b: &Block| {
        let mut words = b.text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric));
        (words.next().map(crate::text::fold), words.next().map(crate::text::fold))
    };
    let mut from = start;
    let mut counted = 0;
    while from > 0 && counted < size {
        from -= 1;
        let repeats = blocks.get(from + 1).filter(|_| from + 1 < start).is_some_and(|next| {
            let (a, b) = opening(&blocks[from]);
            a.is_some() && b.is_some() && (a, b) == opening(next)
        });
        // A lone button's label ("Email", "Close share panel") is no more than a row's item.
        let button = blocks[from].text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() <= 3
            && blocks[from].lines.len() == 1;
        if !repeats && !button {
            counted += 1;
        }
    }
    from..start
}

/// The latest year a copyright line of the page names ("© 2019 Example", "Copyright 2011-2019").
fn copyright_year(blocks: &[Block]) -> Option<i32> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d\b").expect("a valid year pattern"));
    blocks
        .iter()
        .flat_map(|b| b.lines.iter())
        .filter(|l| l.contains(['©', 'ⓒ']) || l.to_lowercase().contains("copyright"))
        .flat_map(|l| YEAR.find_iter(l).filter_map(|m| m.as_str().parse().ok()))
        .max()
}

/// A date a label introduces without its year ("Posted Nov 18, 8:19 PM", "Updated: 19 November"),
/// in `year`. `None` when the line gives a year: those are read by [`find_date`].
/// A label is needed: a bare "Nov 18" is as often an event's date as the story's.
fn labelled_date_without_year(line: &str, year: i32) -> Option<chrono::NaiveDate> {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:posted|published|updated|first published)\s*(?:on|:)?\s*(?:(?P<mon>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<mon2>[a-z]{3,9}))\b")
            .expect("a valid labelled-date pattern")
    });
    // Of several ("Updated Nov 19 … Posted Nov 18"), the earliest: the later ones are updates.
    LABELLED
        .captures_iter(line)
        .filter_map(|c| {
            let (mon, day) = match (c.name("mon"), c.name("day")) {
                (Some(m), Some(d)) => (m, d),
                _ => (c.name("mon2")?, c.name("day2")?),
            };
            // A year right after the day is a full date, not one without its year.
            let end = c.get(0).map_or(line.len(), |m| m.end());
            let rest = line[end..].trim_start_matches([',', ' ']);
            if rest.len() >= 4 && rest[..4].chars().all(|ch| ch.is_ascii_digit()) {
                return None;
            }
            let month = crate::text::month_from_text(mon.as_str())?;
            chrono::NaiveDate::from_ymd_opt(year, month, day.as_str().parse().ok()?)
        })
        .min()
}

/// A word for comparing: letters and digits, folded.
fn content_word(word: &str) -> String {
    crate::text::fold(word).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn headline_shaped(text: &str, rules: &ImportRules) -> bool {
    let words = text.split_whitespace().count();
    // A headline ends without a full stop, unless it ends on a quotation ("… ‘Rain. We’re ready.’ …").
    let quoted = text.contains(['‘', '’', '“', '”', '"']) && text.ends_with('.');
    (3..=rules.headline_max_words).contains(&words)
        && (quoted || !text.ends_with(['.', ':', ',', ';']))
        // A breadcrumb ("Home » Column »") is navigation, not a headline.
        && !text.contains(['|', '•', '©', '[', ']', '»', '›'])
        && !text.to_lowercase().contains("copyright")
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '\''))
        && BYLINE.captures(text).is_none()
        && find_date(text).is_none()
        && !ImportRules::any_match(&rules.chrome_lines, text)
        && !ImportRules::any_match(&rules.html_furniture_lines, text)
}

/// A line that opens with a copyright mark or the word: "© 2019 Example News", "Copyright
/// 2019 Example Media. All rights reserved."
pub(super) fn declares_copyright(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with(['©', 'ⓒ']) || line.to_lowercase().starts_with("copyright")
}

/// The outlet a text names the way a page does (a copyright line, the site's own name, an
/// address it prints), for a capture of an article's text that prints no credit of its own.
pub(crate) fn outlet_of_text(text: &str, rules: &ImportRules) -> Field<String> {
    outlet(&blocks_of(text), &[], rules)
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
    for b in &copyright {
        for line in &b.lines {
            if let Some(name) = rules.outlet_in(line) {
                return Field::printed(name.to_string());
            }
        }
    }
    // Before a known outlet named in the header: that is often a wire's credit on a story
    // another site republished.
    if let Some(name) = site_name(blocks, rules) {
        if let Some(brand) = outlet_of_company(&name, blocks, rules) {
            return Field::inferred(
                brand.to_string(),
                format!("the outlet the page names most often under its owner's name, {name}"),
            );
        }
        return Field::inferred(name, SITE_NAME_WHY);
    }
    for b in header {
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
    // A company behind the site ("… Communications, Inc.", "… Media LLC") is a last resort:
    // the address the page prints says more about the outlet.
    let mut company = None;
    if let Some((holder, line)) = copyright
        .iter()
        .flat_map(|b| b.lines.iter())
        .find_map(|l| HOLDER.captures(l).map(|c| (c["holder"].trim().to_string(), l.as_str())))
    {
        let holder =
            holder.trim_end_matches(" Ltd").trim_end_matches(" Inc").trim_end_matches(" Limited").trim().to_string();
        if let Some(brand) = outlet_of_company(&holder, blocks, rules) {
            return Field::inferred(
                brand.to_string(),
                format!("the outlet the page names most often under its owner's name, {holder}"),
            );
        }
        if holder.split_whitespace().count() <= 6 && holder.len() >= 2 {
            let shown = rules.outlet(&holder).unwrap_or(&holder).to_string();
            let field = Field::inferred(shown, format!("the copyright holder the page prints, \"{holder}\""));
            if rules.outlet(&holder).is_some() || !line.split_whitespace().any(|w| rules.is_company_word(w)) {
                return field;
            }
            company = Some(field);
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
        None => company.unwrap_or_else(Field::empty),
    }
}

/// Reads a whole-page capture; `None` when the capture is not one (see [`is_whole_page`]).
pub fn import_page(file_name: &str, raw_text: &str, rules: &ImportRules, options: &ImportOptions) -> Option<Imported> {
    let text = nfc(raw_text);
    let mut blocks = blocks_of(&text);
    let (rule_start, rule_end) = story_after_furniture(&blocks)?;
    // The learned scorer finds the story's extent. The header (headline, date, byline) is read
    // above the start the prose rule finds, which those rules were written against: where the
    // learned run reaches above it, that is the headline and standfirst; where it starts
    // below it, the blocks between are header too. A learned run elsewhere on the page is
    // taken whole.
    // Each block's probability of being story text, computed once: the span below and the
    // keep-or-drop decision inside the story both read it.
    let model = rules.block_model();
    let odds_of = |blocks: &[Block]| -> Vec<f64> {
        (0..blocks.len()).map(|i| model.probability(&block_features(blocks, i, rules))).collect()
    };
    let mut story_odds = odds_of(&blocks);
    let (learned_start, mut end) = learned_story_span(&blocks, &story_odds, rules).unwrap_or((rule_start, rule_end));
    let overlaps = learned_start <= rule_end.max(rule_start) && end >= rule_start;
    let mut start = if overlaps { rule_start } else { learned_start };
    let mut body_start = learned_start.max(start);
    // A headline, standfirst and byline that read as prose may open the story's run: the story
    // starts after the last byline or date line among its first lines (before much prose).
    if let Some((i, j)) = header_line_in_opening(&blocks, start, end) {
        let block = &blocks[i];
        if j + 1 < block.lines.len() {
            // The story goes on in the same block: split it there.
            let rest = Block::from_lines(block.line + j + 1, block.lines[j + 1..].to_vec());
            blocks[i] = Block::from_lines(block.line, block.lines[..=j].to_vec());
            blocks.insert(i + 1, rest);
            end += 1;
            // The split blocks and their neighbours read differently now.
            story_odds = odds_of(&blocks);
            // The rest of the split block opens the story when the learned run started just
            // after the block; later starts shift with the insertion.
            if body_start > i + 1 {
                body_start += 1;
            }
        }
        start = i + 1;
    }
    let body_start = body_start.max(start);
    let blocks = blocks;
    // Readers' comments are not the story, however much they read like it.
    let end = (start + 1..=end)
        .find(|&i| blocks[i].words <= 6 && ImportRules::any_match(&rules.comment_markers, blocks[i].text.trim()))
        .map_or(end, |i| i - 1);
    let end = end_before_teasers(&blocks, start, end, rules);
    let end = end_before_teaser_tail(&blocks, start, end);
    // The header: the blocks just above the story, up to the headline. A byline or a date
    // there comes after the headline and before any photo and its caption, so the headline is
    // looked for above the first of them.
    let window = header_window(&blocks, start, 20);
    let window_start = window.start;
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
    // The header region dates are read from: the window's top (or the headline, if it is
    // higher) down to the story's first blocks.
    let dated = window_start.min(around)..(start + 3).min(end + 1);
    let published = dated
        .clone()
        .filter_map(|i| blocks[i].lines.iter().find_map(|l| find_date(l)).map(|d| (i.abs_diff(around), i, d)))
        .min_by_key(|(distance, i, _)| (*distance, std::cmp::Reverse(*i)))
        .map(|(_, _, d)| (d, None));
    // Else a labelled date without its year ("Posted Nov 18, 8:19 PM") in the header, in the
    // year of the page's copyright line: a page prints its current year there.
    let published = published.or_else(|| {
        let year = copyright_year(&blocks)?;
        blocks[dated].iter().flat_map(|b| b.lines.iter()).find_map(|l| {
            let date = labelled_date_without_year(l, year)?;
            Some((date, Some(format!("the page prints {}; the year is its copyright line's", l.trim()))))
        })
    });
    // A byline in the header, else a wire's closing "Reporting by …" line in the story.
    // A byline may also follow a date on one line ("Nov 18, 2019 7:45 am by Ann Lee").
    let after_by = |l: &str| l.find(" by ").or_else(|| l.find(" By ")).and_then(|i| byline(&l[i + 1..]));
    let author = header
        .iter()
        .find_map(|b| byline_in(&b.lines))
        .or_else(|| blocks[window_start..start].iter().rev().find_map(|b| byline_in(&b.lines)))
        .or_else(|| {
            blocks[window_start..start]
                .iter()
                .find_map(|b| b.lines.iter().filter(|l| find_date(l).is_some()).find_map(|l| after_by(l)))
        })
        .or_else(|| {
            let lines: Vec<&str> = blocks[header_from..start]
                .iter()
                .flat_map(|b| b.lines.iter().map(|l| l.trim()))
                .filter(|l| !l.is_empty())
                .collect();
            name_over_date(&lines, rules)
        })
        .or_else(|| blocks[start..=end].iter().rev().take(6).find_map(|b| rules.signoff_author(b.text.trim())))
        .or_else(|| {
            blocks[window_start..start].iter().flat_map(|b| b.lines.iter()).find_map(|l| outlet_byline(l, rules))
        });
    let mut paragraphs = Vec::new();
    for (i, b) in blocks.iter().enumerate().take(end + 1).skip(body_start) {
        // A block the scorer is sure of is story text even when it does not read as prose by
        // the rule (a short paragraph, a line of a table).
        let sure = story_odds[i] >= INNER_SURE;
        let t = b.text.trim();
        let is_heading =
            !b.is_prose() && b.words <= rules.heading_max_words && b.lines.len() == 1 && headline_shaped(t, rules);
        let furniture = ImportRules::any_match(&rules.chrome_lines, t)
            || ImportRules::any_match(&rules.html_furniture_lines, t)
            || ImportRules::any_match(&rules.related_markers, t)
            || byline(t).is_some() && b.words < 20
            || outlet_byline(t, rules).is_some()
            || headline.as_ref().is_some_and(|(_, h)| h == t);
        if furniture || (!b.is_prose() && !is_heading && !sure) {
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
    let (dateline, credit) = super::take_dateline(&mut paragraphs, rules);
    // Drop a trailing heading with nothing after it (a "Related" title, a section label), and
    // a run of teaser headlines.
    while paragraphs.last().is_some_and(|(k, _)| *k == BlockKind::Heading) {
        paragraphs.pop();
    }
    super::trim_trailing_teasers(&mut paragraphs, rules);
    let before: usize = blocks[..body_start].iter().map(|b| b.lines.len()).sum();
    let after: usize = blocks[end + 1..].iter().map(|b| b.lines.len()).sum();
    stripped.push(Stripped {
        line: 0,
        text: format!("{before} lines before the story, {after} after"),
        reason: "page furniture around the story".into(),
    });
    notes.push(format!(
        "a whole-page capture: the story is blocks {}..{} of {}",
        body_start + 1,
        end + 1,
        blocks.len()
    ));
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
    // A story with no byline whose dateline credits a wire ("HANOI (Reuters) -") is that wire's
    // story: the page that carries it names itself as the outlet, the wire as the author.
    let author = match (author, &credit) {
        (Some(name), _) => Field::printed(name),
        (None, Some(credit)) => Field::inferred(
            rules.outlet(credit).unwrap_or(credit).to_string(),
            format!("no byline is printed; the story's dateline credits {credit}"),
        ),
        (None, None) => Field::empty(),
    };
    let source = match (outlet(&blocks, &header, rules), credit) {
        (found, Some(credit))
            if found.value.is_none()
                || found.inferred.as_deref().is_some_and(|why| !why.starts_with(SITE_NAME_WHY)) =>
        {
            Field::printed(rules.outlet(&credit).unwrap_or(&credit).to_string())
        }
        (found, _) => found,
    };
    let meta = Metadata {
        title,
        source,
        published: published.map_or_else(Field::empty, |(d, why)| match why {
            Some(why) => Field::inferred(Published::Date(d), crate::text::shorten(&why, 120)),
            None => Field::printed(Published::Date(d)),
        }),
        author,
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
    fn an_owner_s_copyright_gives_way_to_its_outlet_the_page_names() {
        let rules = ImportRules::bundled();
        let owned = page()
            .replace(
                "© 2019 Daily Example. All rights reserved.",
                "© 2019 FOX Interactive Network. All rights reserved.",
            )
            .replace("www.dailyexample.com", "")
            .replace("  • Video\n", "  • Video\n  • Fox Business\n");
        let imported = import_page("p.txt", &owned, &rules, &ImportOptions::default()).expect("a whole page");
        let source = &imported.article.meta.source;
        assert_eq!(source.value.as_deref(), Some("Fox Business"));
        assert!(source.inferred.as_deref().is_some_and(|why| why.contains("FOX Interactive Network")), "{source:?}");
        // An owner with no outlet of its brand in the page stays the last resort.
        let unbranded = owned.replace("  • Fox Business\n", "");
        let imported = import_page("p.txt", &unbranded, &rules, &ImportOptions::default()).expect("a whole page");
        assert_eq!(imported.article.meta.source.value.as_deref(), Some("FOX Interactive Network"));
    }

    #[test]
    fn a_share_bar_between_headline_and_story_does_not_hide_the_headline() {
        let buttons: String = (0..12).map(|i| format!("  • Share this with App{i}\n\n  □\n\nEmail\n\n")).collect();
        let page = page().replace("By Ana Ruiz and Tom Berg - Nov. 19, 2019 11:04 PM EST\n\n", &format!(
            "19 November 2019\n\n{buttons}These are external links and will open in a new window\n\nClose share panel\n\n"
        ));
        let imported = import_whole_page(&page);
        assert_eq!(
            imported.article.meta.title.value.as_deref(),
            Some("River town votes to rebuild its old stone bridge")
        );
        assert_eq!(header_window(&[], 0, 20), 0..0);
    }

    #[test]
    fn a_labelled_date_without_its_year_takes_the_copyright_line_s() {
        let rules = ImportRules::bundled();
        let page = page().replace(
            "By Ana Ruiz and Tom Berg - Nov. 19, 2019 11:04 PM EST",
            "Updated Nov 19, 6:55 AM;Posted Nov 18, 8:51 AM",
        );
        let imported = import_page("p.txt", &page, &rules, &ImportOptions::default()).expect("a whole page");
        let published = &imported.article.meta.published;
        assert_eq!(published.value.map(|p| p.to_string()).as_deref(), Some("2019-11-18"), "posted, not updated");
        assert!(published.is_inferred(), "the year is a deduction: {published:?}");
        // Without a copyright year there is no year to give it.
        let no_year = page.replace("© 2019 Daily Example.", "© Daily Example.");
        let imported = import_page("p.txt", &no_year, &rules, &ImportOptions::default()).expect("a whole page");
        assert_eq!(imported.article.meta.published.value, None);
        // A line that gives its year is a full date, read elsewhere; a label is needed.
        assert_eq!(labelled_date_without_year("Posted Nov 18, 2019 8:19 PM", 2020), None);
        assert_eq!(labelled_date_without_year("Nov 18, 8:19 PM", 2019), None);
        assert_eq!(labelled_date_without_year("Published: 4 March", 2021), chrono::NaiveDate::from_ymd_opt(2021, 3, 4));
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
            ("18 NOV 2019", "2019-11-18"),
            ("Published Wed, Nov 20 20194:29 AM EST", "2019-11-20"),
            ("sexta-feira, 22 de outubro de 2010 às 20:13", "2010-10-22"),
            ("Mardi 19 novembre 2019", "2019-11-19"),
            ("19. März 2019, 10:00 Uhr", "2019-03-19"),
            ("21:17 18.11.2019Get short URL", "2019-11-18"),
            ("Posted on Maret 30, 2015 by Admin", "2015-03-30"),
            ("30 maart 2015", "2015-03-30"),
        ] {
            assert_eq!(find_date(text).map(|d| d.to_string()).as_deref(), Some(date), "{text}");
        }
    }

    /// `page` imported as a whole-page capture with the bundled rules.
    fn import_whole_page(page: &str) -> Imported {
        import_page("p.txt", page, &ImportRules::bundled(), &ImportOptions::default()).expect("a whole page")
    }

    /// A page whose masthead, links and copyright line name it, and whose story is a wire's.
    fn republished_page(byline: &str) -> String {
        let menu = "Example Daily homepage\n\n  • News\n  • Sport\n  • Opinion\n  • Weather\n\nFollow Example Daily online:\n  • Facebook\n  • Twitter\n\n";
        format!(
            "{menu}World\n\nRiver town votes to rebuild its old stone bridge\n\n{byline}\n\n\
             MILLBROOK (Reuters) - Residents of the river town voted on Tuesday to rebuild the old stone bridge that collapsed in the floods, the council said.\n\n\
             The vote passed by a wide margin, and work is expected to begin next year once the engineers have finished their survey of the banks.\n\n\
             Council members said the bridge had carried traffic for more than two centuries and was part of the town's identity, which many residents cited.\n\n\
             © 2019 Example Daily. All rights reserved.\n"
        )
    }

    #[test]
    fn the_outlet_is_the_name_the_page_gives_itself_not_a_wire_credit() {
        let page = republished_page("By Ana Ruiz");
        let imported = import_whole_page(&page);
        let m = &imported.article.meta;
        assert_eq!(m.source.value.as_deref(), Some("Example Daily"));
        assert!(m.source.is_inferred(), "a deduction, marked with why");
        assert_eq!(m.dateline.value.as_deref(), Some("MILLBROOK"));
        assert_eq!(m.author, Field::printed("Ana Ruiz".to_string()));
    }

    #[test]
    fn a_wire_story_without_a_byline_is_by_the_wire_its_dateline_credits() {
        let page = republished_page("Share this story");
        let imported = import_whole_page(&page);
        let m = &imported.article.meta;
        assert_eq!(m.source.value.as_deref(), Some("Example Daily"), "the page's own name stays the outlet");
        assert_eq!(m.author.value.as_deref(), Some("Reuters"));
        assert!(m.author.inferred.as_deref().is_some_and(|why| why.contains("dateline")), "{:?}", m.author);
    }

    #[test]
    fn a_byline_naming_an_outlet_is_the_author_and_not_story() {
        // As a page printed it: a newsletter box, then the date and the byline in one block.
        let header = "Breaking News Emails\n\nGet breaking news alerts and special reports. The news and stories that \
                      matter, delivered weekday mornings.\nSUBSCRIBE\nNov. 20, 2019, 9:28 AM UTC\nBy Reuters";
        let page = republished_page(header).replace("MILLBROOK (Reuters) - ", "");
        let imported = import_whole_page(&page);
        assert_eq!(imported.article.meta.author, Field::printed("Reuters".to_string()));
        let body = &imported.article.body;
        assert!(!body.contains("By Reuters") && body.starts_with("Residents of the river town"), "{body}");
    }

    #[test]
    fn a_list_of_other_stories_after_the_story_is_not_story() {
        let teasers = "Flood waters recede in the valley\n\nResidents returned home on Sunday after a week of rain, officials said.\n\n\
            Town counts the cost of the storm\n\nThe council will meet next week to decide on repairs to the roads.\n\n\
            Farmers fear for the harvest\n\nMany fields are still under water, and the crop may be lost.\n\n";
        let page = republished_page("By Ana Ruiz").replace("© 2019", &format!("{teasers}© 2019"));
        let imported = import_whole_page(&page);
        let body = &imported.article.body;
        assert!(body.contains("Council members said"), "{body}");
        assert!(!body.contains("Flood waters") && !body.contains("harvest"), "{body}");
    }

    #[test]
    fn a_company_holding_the_copyright_is_the_outlet_only_as_a_last_resort() {
        let rules = ImportRules::bundled();
        let page = page().replace("© 2019 Daily Example.", "© 2019 Example Holdings LLC.");
        let imported = import_page("p.txt", &page, &rules, &ImportOptions::default()).expect("a whole page");
        assert_eq!(imported.article.meta.source.value.as_deref(), Some("dailyexample.com"));
        let without_address = page.replace("www.dailyexample.com", "");
        let imported = import_page("p.txt", &without_address, &rules, &ImportOptions::default()).expect("a whole page");
        assert_eq!(imported.article.meta.source.value.as_deref(), Some("Example Holdings LLC"));
    }

    #[test]
    fn bylines_in_the_forms_pages_print() {
        for (byline, author) in [
            ("By\nAna Ruiz", "Ana Ruiz"),
            ("Ana Ruiz - Nov 19, 2019, 10:31 pm CST", "Ana Ruiz"),
            ("Ana RuizBy Ana Ruiz, Example Staff\nUpdated: 18 Nov 2019 9:38 pm", "Ana Ruiz"),
            ("By Tom McDonald | Special to the Example", "Tom McDonald"),
            ("Ana Ruiz\n\nNov 13, 2019 4:26 pm", "Ana Ruiz"),
            ("Ana Ruiz\nIdeas\n11.14.2019 09:00 AM", "Ana Ruiz"),
            ("ANA RUIZ, EXAMPLE DAILY\n18 NOV 2019", "Ana Ruiz"),
            ("Ana Ruiz, Example Auto Writer\n\nUpdated 1:39 am EST, Wednesday, November 20, 2019", "Ana Ruiz"),
        ] {
            let page = republished_page(byline);
            let imported = import_whole_page(&page);
            assert_eq!(imported.article.meta.author.value.as_deref(), Some(author), "{byline:?}");
        }
    }

    #[test]
    fn a_header_glued_to_the_story_s_first_lines_is_split_off() {
        let page = republished_page("").replace(
            "\n\n\nMILLBROOK (Reuters) - ",
            "\nMonday November 18, 2019 7:45 am PST by Ana Ruiz\nMILLBROOK (Reuters) - ",
        );
        let imported = import_whole_page(&page);
        let m = &imported.article.meta;
        assert_eq!(m.author.value.as_deref(), Some("Ana Ruiz"));
        assert_eq!(m.published.value.map(|p| p.to_string()).as_deref(), Some("2019-11-18"));
        assert!(imported.article.body.starts_with("Residents of the river town"), "{}", imported.article.body);
    }

    #[test]
    fn a_name_over_a_date_is_a_byline_only_when_it_is_a_name() {
        let rules = ImportRules::bundled();
        // A headline cut at its comma, a known outlet, a line that is no name: no author.
        for header in [
            "Nollywood Actress, Kate Henshaw Is Looking Stunning In New Photos\nNov 13, 2019",
            "Reuters\nNov 13, 2019",
            "Updated Tuesday\nNov 13, 2019",
            "Ana Ruiz\nRead the full story on the election results\nand more\nNov 13, 2019",
        ] {
            let lines: Vec<&str> = header.lines().collect();
            assert_eq!(name_over_date(&lines, &rules), None, "{header:?}");
        }
        // A picture's credit before a handle is no byline either.
        assert_eq!(byline_in(&["Image Copyright @ExampleLabel @ExampleLabel"]), None);
        assert_eq!(name_over_date(&["Ana Ruiz", "Yesterday 2:45PM"], &rules).as_deref(), Some("Ana Ruiz"));
    }

    #[test]
    fn the_site_s_own_name_outvotes_the_company_in_the_small_print() {
        let page = republished_page("By Ana Ruiz - Example Science Contributor")
            .replace("Example Daily homepage", "Example Science")
            .replace("Follow Example Daily online:", "Example Science is supported by its readers.")
            .replace(
                "© 2019 Example Daily. All rights reserved.",
                "Originally published on Example Science.\n\nExample Science is part of Future Example Inc, a publisher.\n\n©2019 Future Example, LLC. All rights reserved.",
            );
        let imported = import_whole_page(&page);
        assert_eq!(imported.article.meta.source.value.as_deref(), Some("Example Science"));
    }

    #[test]
    fn stories_in_scripts_without_case_or_spaces_are_prose() {
        let menu = "Example Daily homepage\n\n  • News\n  • Sport\n  • Opinion\n  • Weather\n\nFollow Example Daily online:\n  • Facebook\n  • Twitter\n\n";
        for (headline, paragraph) in [
            (
                "川の町が古い石橋の再建を決めた",
                "川の町の住民は火曜日、洪水で崩れた古い石橋を再建することを投票で決めたと町議会が発表した。工事は技術者が川岸の調査を終える来年に始まる見込みだという。",
            ),
            (
                "강변 마을이 옛 돌다리 재건을 결정했다",
                "강변 마을 주민들은 화요일 홍수로 무너진 옛 돌다리를 다시 짓기로 투표로 결정했다고 마을 의회가 밝혔다. 공사는 기술자들이 강둑 조사를 마치는 내년에 시작될 것으로 보인다.",
            ),
        ] {
            let page = format!(
                "{menu}{headline}\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n\n© 2019 Example Daily. All rights reserved.\n"
            );
            let imported = import_whole_page(&page);
            let body = &imported.article.body;
            assert_eq!(body.matches(paragraph).count(), 3, "{body}");
            assert!(!body.contains("Sport"), "{body}");
        }
    }

    #[test]
    fn a_headline_may_end_on_a_quotation_not_on_a_sentence() {
        let rules = ImportRules::bundled();
        assert!(headline_shaped("River town bets on ‘Rain. We’re ready.’ It just might be.", &rules));
        assert!(!headline_shaped("The council said the work would begin next year.", &rules));
        assert!(headline_shaped("River town votes to rebuild its old stone bridge", &rules));
        assert!(!headline_shaped("Home » Column » Politics", &rules), "a breadcrumb");
    }
}
