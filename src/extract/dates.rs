//! Dates: full dates, ranges, months, years, decades, weekdays and relative words, each with
//! an ISO start and end, a precision, whether anything was inferred, and the clause it
//! belongs to. Weekdays, relative words and dates without a year are resolved against the
//! reference date passed in (the article's publication date) — never the clock.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use super::anchored::{DIGITS, Found, Openers, Pattern, Starts};
use serde::Serialize;

use crate::text::{month_from_name, weekday_from_name};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    Decade,
    Century,
}

impl Precision {
    /// Every precision, in declaration order (`ALL[p as usize] == p`: stored by number on disk).
    pub const ALL: [Precision; 5] =
        [Precision::Day, Precision::Month, Precision::Year, Precision::Decade, Precision::Century];
}

/// When a mention is: resolved to dates, a day of the year whose year is unknown (printed
/// without one in an article with no publication date), or a date told relative to the day of
/// writing ("on Tuesday", "last week") in an article whose day of writing is unknown: the
/// mention is a date, which one is not guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    Dates { start: NaiveDate, end: NaiveDate },
    YearUnknown { start: (u32, u32), end: (u32, u32) },
    Unanchored,
}

impl When {
    /// For people, at the given precision: "2024-06-19", "2024-06-19 → 06-20", "2024-03",
    /// "2001", "1994–2024", "1990s", "1990–1993", "June 19 (year unknown)".
    pub fn display(&self, precision: Precision) -> String {
        let (start, end) = match self {
            When::Dates { start, end } => (*start, *end),
            When::Unanchored => return "day unknown (the article is undated)".to_string(),
            When::YearUnknown { start: (m, d), end: (m2, d2) } => {
                let name = crate::text::month_name(*m);
                return if precision == Precision::Month {
                    format!("{name} (year unknown)")
                } else if (m, d) == (m2, d2) {
                    format!("{name} {d} (year unknown)")
                } else {
                    format!("{name} {d} → {} {d2} (year unknown)", crate::text::month_name(*m2))
                };
            }
        };
        match precision {
            Precision::Day if start == end => start.format("%Y-%m-%d").to_string(),
            Precision::Day if start.year() == end.year() => {
                format!("{} → {}", start.format("%Y-%m-%d"), end.format("%m-%d"))
            }
            Precision::Day => format!("{} → {}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d")),
            Precision::Month => start.format("%Y-%m").to_string(),
            Precision::Year if start.year() == end.year() => start.year().to_string(),
            Precision::Decade if end.year() - start.year() == 9 => format!("{}s", start.year()),
            Precision::Century if end.year() - start.year() == 99 => {
                let n = start.year() / 100 + 1;
                let suffix = match (n % 10, n % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                format!("{n}{suffix} century")
            }
            Precision::Year | Precision::Decade | Precision::Century => format!("{}–{}", start.year(), end.year()),
        }
    }

    pub fn start_iso(&self) -> String {
        match self {
            When::Dates { start, .. } => start.format("%Y-%m-%d").to_string(),
            When::YearUnknown { start: (m, d), .. } => format!("--{m:02}-{d:02}"),
            When::Unanchored => String::new(),
        }
    }
    pub fn end_iso(&self) -> String {
        match self {
            When::Dates { end, .. } => end.format("%Y-%m-%d").to_string(),
            When::YearUnknown { end: (m, d), .. } => format!("--{m:02}-{d:02}"),
            When::Unanchored => String::new(),
        }
    }
    pub fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            When::Dates { start, end } => Some((*start, *end)),
            When::YearUnknown { .. } | When::Unanchored => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub span: Range<usize>,
    pub when: When,
    pub precision: Precision,
    /// The year or the day was not printed but worked out (from the reference date, a
    /// weekday, or another article).
    pub inferred: bool,
    /// Byte range of the clause the date belongs to: the event it dates.
    pub context: Range<usize>,
}

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?";

/// Word boundaries are ASCII: the anchors here (digits, English words) are ASCII, and an ASCII
/// `\b` lets the regex engine use its fast DFA on non-ASCII text too.
fn re(p: &str) -> Regex {
    Regex::new(&p.replace(r"\b", r"(?-u:\b)")).expect("date patterns are valid")
}

// What the words that open a date open (see `anchored`). Bits 8 to 17: the figures' are others
// (see `super::OPENING_WORDS`).
const MONTH_WORD: Openers = 1 << 8;
/// "first" (quarter), "Q3".
const QUARTER_WORD: Openers = 1 << 9;
/// "early", "mid", "late".
const PART_WORD: Openers = 1 << 10;
const SEASON_WORD: Openers = 1 << 11;
/// "the" (day after), "day" (before), "Christmas", "New" (Year) …
const HOLIDAY_WORD: Openers = 1 << 12;
/// "tenth" … "twentieth", "twenty"(-first) (century).
const CENTURY_WORD: Openers = 1 << 13;
/// "in", "since", "last" … (January).
const MONTH_RELATION: Openers = 1 << 14;
/// A weekday, or the word before one ("last", "on").
const WEEKDAY_WORD: Openers = 1 << 15;
/// "the" (past year), "tonight", "yesterday" …
const RELATIVE_WORD: Openers = 1 << 16;
/// "a", "three" (weeks ago).
const AGO_COUNT: Openers = 1 << 17;
/// Every bit a word may open a date with.
pub(super) const OPENERS: Openers = DIGITS
    | MONTH_WORD
    | QUARTER_WORD
    | PART_WORD
    | SEASON_WORD
    | HOLIDAY_WORD
    | CENTURY_WORD
    | MONTH_RELATION
    | WEEKDAY_WORD
    | RELATIVE_WORD
    | AGO_COUNT;

/// The words that open a date, with what each opens.
pub(super) fn opening_words() -> Vec<(String, Openers)> {
    // The month names and abbreviations of `MONTH`, as printed.
    let months = MONTH.trim_start_matches("(?:").trim_end_matches(r")\.?").replace('|', " ");
    let groups: [(&str, Openers); 10] = [
        (&months, MONTH_WORD),
        ("first second third fourth q1 q2 q3 q4", QUARTER_WORD),
        ("early mid late", PART_WORD),
        ("spring summer autumn fall winter", SEASON_WORD),
        ("the day christmas new boxing valentine halloween", HOLIDAY_WORD),
        (
            "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth \
             nineteenth twentieth twenty",
            CENTURY_WORD,
        ),
        ("in since until till by from during before after last next this through throughout", MONTH_RELATION),
        ("last next this on that monday tuesday wednesday thursday friday saturday sunday", WEEKDAY_WORD),
        ("later earlier the past last this next coming over at tonight yesterday tomorrow", RELATIVE_WORD),
        ("a an one two three four five six seven eight nine ten eleven twelve", AGO_COUNT),
    ];
    groups
        .iter()
        .flat_map(|&(words, openers)| words.split_whitespace().map(move |w| (w.to_string(), openers)))
        .collect()
}

/// Every pattern, most specific first. Named groups: m1 d1 y1 (start), m2 d2 y2 (end).
static PATTERNS: LazyLock<Vec<(Pattern, Shape)>> = LazyLock::new(|| {
    // Years 1800-2199: a four-digit number outside that is rarely a year in news ("1500 GMT").
    let y = r"(?:1[89]\d\d|20\d\d|21\d\d)";
    vec![
        // June 16, 1994 - June 16, 2024
        (
            Pattern::new(
                &format!(
                    r"\b(?P<m1>{MONTH}) (?P<d1>\d{{1,2}}),? (?P<y1>{y})\s?[-–—]\s?(?P<m2>{MONTH}) (?P<d2>\d{{1,2}}),? (?P<y2>{y})\b"
                ),
                MONTH_WORD,
            ),
            Shape::Days,
        ),
        // June 16, 1994-2024 (the same day, years apart)
        (
            Pattern::new(
                &format!(r"\b(?P<m1>{MONTH}) (?P<d1>\d{{1,2}}),? (?P<y1>{y})\s?[-–]\s?(?P<y2>{y})\b"),
                MONTH_WORD,
            ),
            Shape::Days,
        ),
        // from June 19 to June 20, 2024
        (
            Pattern::new(
                &format!(
                    r"\b(?P<m1>{MONTH}) (?P<d1>\d{{1,2}})\s+(?:to|until|through|-|–)\s+(?P<m2>{MONTH}) (?P<d2>\d{{1,2}})(?:,? (?P<y2>{y}))?\b"
                ),
                MONTH_WORD,
            ),
            Shape::Days,
        ),
        // June 19-20, 2024   /   June 19-20
        (
            Pattern::new(
                &format!(r"\b(?P<m1>{MONTH}) (?P<d1>\d{{1,2}})\s?[-–]\s?(?P<d2>\d{{1,2}})(?:,? (?P<y1>{y}))?\b"),
                MONTH_WORD,
            ),
            Shape::Days,
        ),
        // June 16, 1994   /   16 June 1994
        (Pattern::new(&format!(r"\b(?P<m1>{MONTH}) (?P<d1>\d{{1,2}}),? (?P<y1>{y})\b"), MONTH_WORD), Shape::Days),
        (Pattern::new(&format!(r"\b(?P<d1>\d{{1,2}}) (?P<m1>{MONTH}),? (?P<y1>{y})\b"), DIGITS), Shape::Days),
        // 22/06/2024   /   2025-01-30
        (Pattern::new(&format!(r"\b(?P<d1>\d{{1,2}})/(?P<m1>\d{{1,2}})/(?P<y1>{y})\b"), DIGITS), Shape::Days),
        (Pattern::new(&format!(r"\b(?P<y1>{y})-(?P<m1>\d{{2}})-(?P<d1>\d{{2}})\b"), DIGITS), Shape::Days),
        // May 3 to 7, 2024   /   May 3 to 7
        (
            Pattern::new(
                &format!(
                    r"\b(?P<m1>{MONTH}) (?P<d1>\d{{1,2}})\s+(?:to|until|through)\s+(?P<d2>\d{{1,2}})\b(?:,? (?P<y1>{y}))?"
                ),
                MONTH_WORD,
            ),
            Shape::Days,
        ),
        // the second quarter of 2021, Q3 2020, the first half of 2019
        (
            Pattern::new(
                &format!(
                    r"(?i)\b(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|(?P<h>first|second)\s+half)\s+of\s+(?P<y1>{y})\b|\bQ(?P<qn>[1-4])\s+(?P<y2>{y})\b"
                ),
                QUARTER_WORD | DIGITS,
            ),
            Shape::Quarter,
        ),
        // early March 2024, mid-March, late May
        (
            Pattern::new(
                &format!(r"(?i:\b(?P<part>early|mid|late))[-\s](?P<m1>{MONTH})(?:,? (?P<y1>{y}))?\b"),
                PART_WORD,
            ),
            Shape::PartOfMonth,
        ),
        // spring 2020, the summer of 2019
        (
            Pattern::new(
                &format!(r"(?i:\b(?P<season>spring|summer|autumn|fall|winter))\s+(?:of\s+)?(?P<y1>{y})\b"),
                SEASON_WORD,
            ),
            Shape::Season,
        ),
        // last autumn, this spring, next winter: a season without its year
        (
            Pattern::new(
                r"(?i:\b(?P<rel>last|this|next)\s+(?P<season>spring|summer|autumn|fall|winter))\b",
                RELATIVE_WORD,
            ),
            Shape::SeasonNear,
        ),
        // early 2024, mid-2019, late 2020
        (Pattern::new(&format!(r"(?i:\b(?P<part>early|mid|late))[-\s](?P<y1>{y})\b"), PART_WORD), Shape::PartOfYear),
        // the 2011-12 season: two years, the second printed short
        (Pattern::new(&format!(r"\b(?P<y1>{y})[-–/](?P<yy>\d{{2}})\b"), DIGITS), Shape::TwoYears),
        // Christmas, the day after Christmas, New Year's Eve 2019 (days of the year with a name)
        (
            Pattern::new(
                &format!(
                    r"(?i:\b(?:the\s+)?(?:day\s+(?P<hrel>after|before)\s+))?\b(?P<holiday>Christmas(?:\s+(?:Eve|Day))?|New\s+Year(?:['’]s\s+(?:Eve|Day))?|Boxing\s+Day|Valentine['’]s\s+Day|Halloween)\b(?:,?\s+(?P<y1>{y})\b)?"
                ),
                HOLIDAY_WORD,
            ),
            Shape::Holiday,
        ),
        // the 20th century, the early nineteenth century
        (
            Pattern::new(
                r"(?i)\b(?:(?P<part>early|mid|late)[-\s])?(?P<cent>1[0-9]th|2[0-2](?:st|nd|rd|th)|1st|2nd|3rd|[4-9]th|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[-\s]century\b",
                PART_WORD | CENTURY_WORD | DIGITS,
            ),
            Shape::Century,
        ),
        // March 2024
        (Pattern::new(&format!(r"\b(?P<m1>{MONTH}),? (?P<y1>{y})\b"), MONTH_WORD), Shape::Month),
        // June 20   /   20 June (year from context)
        (Pattern::new(&format!(r"\b(?P<m1>{MONTH}) (?P<d1>\d{{1,2}})\b(?:st|nd|rd|th)?"), MONTH_WORD), Shape::Days),
        (Pattern::new(&format!(r"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? (?P<m1>{MONTH})\b"), DIGITS), Shape::Days),
        // in January, since September, last November: a month without a day or a year
        (
            Pattern::new(
                r"(?i:\b(?P<rel>in|since|until|till|by|from|during|before|after|last|next|this|through|throughout))\s+(?P<m1>January|February|March|April|May|June|July|August|September|October|November|December)\b",
                MONTH_RELATION,
            ),
            Shape::MonthAlone,
        ),
        // the early 1990s, the 2000s, the early 90s
        (
            Pattern::new(
                r"\b(?:(?P<part>early|mid|late)[-\s])?(?P<decade>(?:1[5-9]|20)\d0|\d0)s\b",
                DIGITS | PART_WORD,
            ),
            Shape::Decade,
        ),
        // 1994-2024
        (Pattern::new(&format!(r"\b(?P<y1>{y})\s?[-–]\s?(?P<y2>{y})\b"), DIGITS), Shape::Years),
        // 2001
        (Pattern::new(&format!(r"\b(?P<y1>{y})\b"), DIGITS), Shape::Years),
        // on Wednesday
        (
            Pattern::new(
                r"(?:\b(?P<rel>(?i:last|next|this|on|that))\s+)?\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?:['’]s\b)?(?:\s+(?:morning|afternoon|evening|night)\b)?",
                WEEKDAY_WORD,
            ),
            Shape::Weekday,
        ),
        // the past year, this month, last week
        (
            Pattern::new(
                r"(?i)\b(?P<relword>(?:(?:later|earlier)\s+)?(?:the\s+)?(?:past|last|this|next|coming)\s+(?:year|month|weekend|week)|(?:over|at)\s+the\s+weekend|this\s+(?:morning|afternoon|evening)|tonight|last\s+night|yesterday|tomorrow)\b",
                RELATIVE_WORD,
            ),
            Shape::Relative,
        ),
        // three weeks ago
        (
            Pattern::new(
                r"(?i)\b(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b",
                AGO_COUNT | DIGITS,
            ),
            Shape::Ago,
        ),
    ]
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Days,
    Quarter,
    PartOfMonth,
    Season,
    SeasonNear,
    PartOfYear,
    TwoYears,
    Month,
    Years,
    Decade,
    Weekday,
    Relative,
    Holiday,
    Century,
    MonthAlone,
    Ago,
}

pub fn find(body: &str, reference: Option<NaiveDate>) -> Vec<DateMention> {
    find_from(body, reference, &Starts::of(body, &super::OPENING_WORDS))
}

/// [`find`], given the body's word starts (see `anchored`).
pub(super) fn find_from(body: &str, reference: Option<NaiveDate>, starts: &Starts) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    let mut taken = super::Taken::default();
    for (pattern, shape) in PATTERNS.iter() {
        for c in pattern.captures_iter(body, starts) {
            let mut span = c.whole();
            // "in January": the date is the month; "last November" keeps its word.
            if *shape == Shape::MonthAlone
                && !matches!(c["rel"].to_ascii_lowercase().as_str(), "last" | "next" | "this")
                && let Some(month) = c.name("m1")
            {
                span = month.range();
            }
            if taken.overlaps(&span) {
                continue;
            }
            // Figures own their numbers: "US$2001" or "2001 jobs" are not years.
            if *shape == Shape::Years && !year_stands_alone(body, &span) {
                continue;
            }
            // "Saturday, 22 June 2024": the weekday is the printed date's own.
            if *shape == Shape::Weekday && names_a_printed_date(body, &span, &found) {
                continue;
            }
            if let Some((when, precision, inferred)) = resolve(&c, *shape, body, &span, reference, &found) {
                let context = super::event_clause(body, &span);
                taken.insert(&span);
                found.push(DateMention { span, when, precision, inferred, context });
            }
        }
    }
    found.sort_by_key(|d| d.span.start);
    join_relative_years(body, &mut found);
    found
}

/// "August last year" is one date, August of the year before writing: the month takes the
/// "last year" printed after it (see [`year_of_unprinted`]) into its span, and that year is no
/// date of its own.
fn join_relative_years(body: &str, found: &mut Vec<DateMention>) {
    let mut k = 0;
    while k + 1 < found.len() {
        let (this, next) = (&found[k], &found[k + 1]);
        let joined = matches!(this.precision, Precision::Day | Precision::Month)
            && next.precision == Precision::Year
            && body
                .get(this.span.end..next.span.end)
                .is_some_and(|tail| RELATIVE_YEAR_AFTER.find(tail).is_some_and(|m| m.end() == tail.len()));
        if joined {
            let end = found[k + 1].span.end;
            found[k].span.end = end;
            found[k].context = super::event_clause(body, &found[k].span);
            found.remove(k + 1);
        }
        k += 1;
    }
}

fn names_a_printed_date(body: &str, span: &Range<usize>, found: &[DateMention]) -> bool {
    found.iter().any(|d| {
        let between = if d.span.start >= span.end {
            body.get(span.end..d.span.start)
        } else if d.span.end <= span.start {
            body.get(d.span.end..span.start)
        } else {
            None
        };
        between.is_some_and(|b| b.len() <= 16 && !b.chars().any(char::is_alphabetic))
    })
}

fn year_stands_alone(body: &str, span: &Range<usize>) -> bool {
    let before = &body[..span.start];
    let after = &body[span.end..];
    let glued_before =
        before.ends_with(|c: char| c == '$' || c == '£' || c == '€' || c == ',' || c == '.' || c.is_ascii_digit());
    let glued_after = after.starts_with(|c: char| c == '%' || c.is_ascii_digit())
        || after.starts_with(",0")
        || after.starts_with(".0");
    let counted = after.split_whitespace().next().is_some_and(|w| {
        let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        w.ends_with("s")
            && w.len() > 3
            && w.chars().all(|c| c.is_lowercase())
            && !matches!(w, "was" | "has" | "is" | "as" | "its" | "this" | "his")
    });
    // "kick-off 1500 GMT": a clock time.
    let clock = after
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .is_some_and(|w| matches!(w, "GMT" | "BST" | "UTC" | "CET" | "EST" | "PST" | "hrs" | "hours" | "local"));
    !glued_before && !glued_after && !counted && !clock
}

fn num(c: &Found, name: &str) -> Option<u32> {
    c.name(name)?.as_str().parse().ok()
}

fn month(c: &Found, name: &str) -> Option<u32> {
    let text = c.name(name)?.as_str();
    text.parse().ok().filter(|m| (1..=12).contains(m)).or_else(|| month_from_name(text))
}

/// A northern season's first and last day; winter runs into the next year ("winter 2019":
/// December 2019 to February 2020).
fn season_of(season: &str, y: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some(match season.to_ascii_lowercase().as_str() {
        "spring" => (NaiveDate::from_ymd_opt(y, 3, 1)?, end_of_month(y, 5)?),
        "summer" => (NaiveDate::from_ymd_opt(y, 6, 1)?, end_of_month(y, 8)?),
        "autumn" | "fall" => (NaiveDate::from_ymd_opt(y, 9, 1)?, end_of_month(y, 11)?),
        _ => (NaiveDate::from_ymd_opt(y, 12, 1)?, end_of_month(y + 1, 2)?),
    })
}

fn end_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
}

/// A year printed later in the same sentence completes a day printed without one:
/// "from June 19 to June 20, 2024".
fn year_later_in_sentence(body: &str, span: &Range<usize>) -> Option<i32> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b(1[89]\d\d|20\d\d|21\d\d)\b"));
    let clause = super::clause_around(body, span);
    let after = &body[span.end..clause.end];
    let c = YEAR.captures(after)?;
    let m = c.get(0)?;
    let at = span.end + m.start();
    (m.start() < 24 && year_stands_alone(body, &(at..at + m.len()))).then(|| c[1].parse().ok()).flatten()
}

fn resolve(
    c: &Found,
    shape: Shape,
    body: &str,
    span: &Range<usize>,
    reference: Option<NaiveDate>,
    earlier: &[DateMention],
) -> Option<(When, Precision, bool)> {
    match shape {
        Shape::Days => {
            let m1 = month(c, "m1")?;
            let d1 = num(c, "d1")?;
            let m2 = month(c, "m2").unwrap_or(m1);
            let d2 = num(c, "d2").unwrap_or(d1);
            let y1 = num(c, "y1").map(|y| y as i32);
            let y2 = num(c, "y2").map(|y| y as i32);
            let printed = y1.or(y2).or_else(|| year_later_in_sentence(body, span));
            let unprinted = || year_of_unprinted((m1, d1), (m2, d2), body, span, reference, earlier);
            let (year1, year2, inferred) = match (y1, y2, printed) {
                (Some(a), Some(b), _) => (a, b, false),
                (Some(a), None, _) => (a, a, false),
                (None, Some(b), _) => (b, b, false),
                (None, None, Some(p)) => (p, p, false),
                (None, None, None) if let Some(y) = unprinted() => (y, y, true),
                (None, None, None) => {
                    // Check the day exists in some year (Feb 29 does).
                    NaiveDate::from_ymd_opt(2000, m1, d1)?;
                    NaiveDate::from_ymd_opt(2000, m2, d2)?;
                    return Some((When::YearUnknown { start: (m1, d1), end: (m2, d2) }, Precision::Day, true));
                }
            };
            let start = NaiveDate::from_ymd_opt(year1, m1, d1)?;
            let end = NaiveDate::from_ymd_opt(year2, m2, d2)?;
            (end >= start).then_some((When::Dates { start, end }, Precision::Day, inferred))
        }
        Shape::Quarter => {
            let y = num(c, "y1").or_else(|| num(c, "y2"))? as i32;
            let (first, last) = if let Some(h) = c.name("h") {
                if h.as_str().eq_ignore_ascii_case("first") { (1, 6) } else { (7, 12) }
            } else {
                let q = match c.name("q").map(|m| m.as_str().to_ascii_lowercase()) {
                    Some(word) => {
                        ["first", "second", "third", "fourth"]
                            .iter()
                            .position(|w| *w == word)
                            .or_else(|| ["1st", "2nd", "3rd", "4th"].iter().position(|w| *w == word))?
                            as u32
                            + 1
                    }
                    None => num(c, "qn")?,
                };
                (3 * q - 2, 3 * q)
            };
            let start = NaiveDate::from_ymd_opt(y, first, 1)?;
            Some((When::Dates { start, end: end_of_month(y, last)? }, Precision::Month, false))
        }
        Shape::PartOfMonth => {
            let m = month(c, "m1")?;
            // "mid-May" or "early May" without a year: the year worked out as for "May 20".
            let (y, inferred) = match num(c, "y1") {
                Some(y) => (y as i32, false),
                None => (year_of_unprinted((m, 1), (m, 28), body, span, reference, earlier)?, true),
            };
            let last = end_of_month(y, m)?.day();
            let (from, to) = match c["part"].to_ascii_lowercase().as_str() {
                "early" => (1, 10),
                "mid" => (11, 20),
                _ => (21, last),
            };
            let when =
                When::Dates { start: NaiveDate::from_ymd_opt(y, m, from)?, end: NaiveDate::from_ymd_opt(y, m, to)? };
            Some((when, Precision::Month, inferred))
        }
        Shape::Season => {
            let (start, end) = season_of(&c["season"], num(c, "y1")? as i32)?;
            Some((When::Dates { start, end }, Precision::Month, false))
        }
        Shape::SeasonNear => {
            let Some(r) = reference else { return Some((When::Unanchored, Precision::Month, true)) };
            let season = &c["season"];
            // The seasons of the reference's year and the years around it, in order.
            let around: Vec<(NaiveDate, NaiveDate)> =
                (r.year() - 2..=r.year() + 1).filter_map(|y| season_of(season, y)).collect();
            let (start, end) = match c["rel"].to_ascii_lowercase().as_str() {
                // "last autumn": the latest one over before the reference ("last spring", said in
                // November, is that year's).
                "last" => around.iter().rev().find(|(_, end)| *end < r).copied()?,
                "next" => around.iter().find(|(start, _)| *start > r).copied()?,
                // "this spring": the one under way, else the one of the reference's year.
                _ => around
                    .iter()
                    .find(|(start, end)| *start <= r && r <= *end)
                    .or_else(|| around.iter().find(|(start, _)| start.year() == r.year()))
                    .copied()?,
            };
            Some((When::Dates { start, end }, Precision::Month, true))
        }
        Shape::PartOfYear => {
            let y = num(c, "y1")? as i32;
            let (first, last) = match c["part"].to_ascii_lowercase().as_str() {
                "early" => (1, 4),
                "mid" => (5, 8),
                _ => (9, 12),
            };
            let start = NaiveDate::from_ymd_opt(y, first, 1)?;
            Some((When::Dates { start, end: end_of_month(y, last)? }, Precision::Month, false))
        }
        Shape::TwoYears => {
            let y1 = num(c, "y1")? as i32;
            // Only a following year reads as a season: "2011-12", not "2011-15" or "2024-06".
            let short = num(c, "yy")? as i32;
            if short != (y1 + 1) % 100 {
                return None;
            }
            let end = NaiveDate::from_ymd_opt(y1 + 1, 12, 31)?;
            Some((When::Dates { start: NaiveDate::from_ymd_opt(y1, 1, 1)?, end }, Precision::Year, false))
        }
        Shape::Month => {
            let m = month(c, "m1")?;
            let y = num(c, "y1")? as i32;
            Some((
                When::Dates { start: NaiveDate::from_ymd_opt(y, m, 1)?, end: end_of_month(y, m)? },
                Precision::Month,
                false,
            ))
        }
        Shape::Years => {
            let y1 = num(c, "y1")? as i32;
            let y2 = num(c, "y2").map_or(y1, |y| y as i32);
            if y2 < y1 {
                return None;
            }
            Some((
                When::Dates { start: NaiveDate::from_ymd_opt(y1, 1, 1)?, end: NaiveDate::from_ymd_opt(y2, 12, 31)? },
                Precision::Year,
                false,
            ))
        }
        Shape::Decade => {
            let digits = &c["decade"];
            let mut decade: i32 = digits.parse().ok()?;
            if digits.len() == 2 {
                // "the 90s": the most recent such decade before the reference, else last century.
                let century = reference.map_or(1900, |r| r.year() / 100 * 100);
                decade +=
                    if century + decade > reference.map_or(i32::MAX, |r| r.year()) { century - 100 } else { century };
            }
            let (from, to) = match c.name("part").map(|m| m.as_str()) {
                Some("early") => (0, 3),
                Some("mid") => (4, 6),
                Some("late") => (7, 9),
                _ => (0, 9),
            };
            let start = NaiveDate::from_ymd_opt(decade + from, 1, 1)?;
            let end = NaiveDate::from_ymd_opt(decade + to, 12, 31)?;
            Some((When::Dates { start, end }, Precision::Decade, digits.len() == 2))
        }
        Shape::Weekday => {
            let weekday = weekday_from_name(&c["weekday"])?;
            let Some(reference) = reference else { return Some((When::Unanchored, Precision::Day, true)) };
            let rel = c.name("rel").map(|m| m.as_str().to_ascii_lowercase());
            let day = resolve_weekday(reference, weekday, rel.as_deref(), body, span);
            Some((When::Dates { start: day, end: day }, Precision::Day, true))
        }
        Shape::Holiday => {
            // Other calendars' new years fall on other days.
            let word_before = body[..span.start].split_whitespace().next_back().unwrap_or_default();
            if matches!(word_before, "Chinese" | "Lunar" | "Jewish" | "Persian" | "Islamic" | "Vietnamese" | "Tet") {
                return None;
            }
            let name = c["holiday"].split_whitespace().collect::<Vec<_>>().join(" ").replace('’', "'");
            let (m, d) = match name.as_str() {
                "Christmas Eve" => (12, 24),
                "Christmas" | "Christmas Day" => (12, 25),
                "Boxing Day" => (12, 26),
                "New Year's Eve" => (12, 31),
                "Valentine's Day" => (2, 14),
                "Halloween" => (10, 31),
                _ => (1, 1),
            };
            let shift = match c.name("hrel").map(|m| m.as_str().to_ascii_lowercase()) {
                Some(w) if w == "after" => 1,
                Some(_) => -1,
                None => 0,
            };
            // Shift within a leap year's calendar, so that every day of the year exists.
            let day = NaiveDate::from_ymd_opt(2000, m, d)? + Duration::days(shift);
            let (m, d) = (day.month(), day.day());
            let (y, inferred) = match num(c, "y1") {
                Some(y) => (y as i32, false),
                None => match year_of_unprinted((m, d), (m, d), body, span, reference, earlier) {
                    Some(y) => (y, true),
                    None => return Some((When::YearUnknown { start: (m, d), end: (m, d) }, Precision::Day, true)),
                },
            };
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            Some((When::Dates { start: date, end: date }, Precision::Day, inferred))
        }
        Shape::Century => {
            const WORDS: [&str; 21] = [
                "first",
                "second",
                "third",
                "fourth",
                "fifth",
                "sixth",
                "seventh",
                "eighth",
                "ninth",
                "tenth",
                "eleventh",
                "twelfth",
                "thirteenth",
                "fourteenth",
                "fifteenth",
                "sixteenth",
                "seventeenth",
                "eighteenth",
                "nineteenth",
                "twentieth",
                "twenty-first",
            ];
            let text = c["cent"].to_ascii_lowercase();
            let n = match text.trim_end_matches(|ch: char| ch.is_ascii_alphabetic()).parse::<i32>() {
                Ok(n) => n,
                Err(_) => WORDS.iter().position(|w| *w == text)? as i32 + 1,
            };
            // As people use it: the 20th century is the 1900s.
            let first = (n - 1) * 100;
            let (from, to) = match c.name("part").map(|m| m.as_str().to_ascii_lowercase()).as_deref() {
                Some("early") => (0, 29),
                Some("mid") => (30, 69),
                Some("late") => (70, 99),
                _ => (0, 99),
            };
            let start = NaiveDate::from_ymd_opt(first + from, 1, 1)?;
            let end = NaiveDate::from_ymd_opt(first + to, 12, 31)?;
            Some((When::Dates { start, end }, Precision::Century, false))
        }
        Shape::MonthAlone => {
            let m = month(c, "m1")?;
            let rel = c["rel"].to_ascii_lowercase();
            // "May" is also a verb and a name: only where it reads as the month.
            if m == 5 && !matches!(rel.as_str(), "in" | "since" | "until" | "last" | "next" | "this" | "during") {
                return None;
            }
            let last_day = end_of_month(2000, m)?.day();
            let year = match (rel.as_str(), reference) {
                ("last", Some(r)) => Some(if m < r.month() { r.year() } else { r.year() - 1 }),
                ("next", Some(r)) => Some(if m > r.month() { r.year() } else { r.year() + 1 }),
                ("this", Some(r)) => Some(r.year()),
                ("since", Some(r)) => Some(if m <= r.month() { r.year() } else { r.year() - 1 }),
                _ => year_of_unprinted((m, 1), (m, last_day), body, span, reference, earlier),
            };
            let Some(y) = year else {
                return Some((When::YearUnknown { start: (m, 1), end: (m, last_day) }, Precision::Month, true));
            };
            let (when, precision) = month_of(y, m)?;
            Some((when, precision, true))
        }
        Shape::Ago => {
            let Some(r) = reference else { return Some((When::Unanchored, Precision::Day, true)) };
            let n = match c["n"].to_ascii_lowercase().as_str() {
                "a" | "an" | "one" => 1,
                word => number_word(word).or_else(|| word.parse().ok())?,
            };
            let (when, precision) = match &c["unit"].to_ascii_lowercase()[..] {
                "day" => (When::Dates { start: r - Duration::days(n), end: r - Duration::days(n) }, Precision::Day),
                "week" => {
                    let day = r - Duration::days(7 * n);
                    (When::Dates { start: day, end: day }, Precision::Day)
                }
                "month" => {
                    let back = r.checked_sub_months(chrono::Months::new(n as u32))?;
                    month_of(back.year(), back.month())?
                }
                "year" => year_of(r.year() - n as i32)?,
                _ => {
                    let y = r.year() - 10 * n as i32;
                    (
                        When::Dates {
                            start: NaiveDate::from_ymd_opt(y, 1, 1)?,
                            end: NaiveDate::from_ymd_opt(y, 12, 31)?,
                        },
                        Precision::Year,
                    )
                }
            };
            Some((when, precision, true))
        }
        Shape::Relative => {
            let Some(r) = reference else { return Some((When::Unanchored, Precision::Day, true)) };
            let phrase = c["relword"].to_lowercase();
            let side = phrase.split_whitespace().next().filter(|w| matches!(*w, "later" | "earlier"));
            let words: Vec<&str> = phrase
                .split_whitespace()
                .filter(|w| !matches!(*w, "the" | "later" | "earlier" | "over" | "at"))
                .collect();
            let (when, precision) = match words.as_slice() {
                ["tonight"] | ["this", "morning" | "afternoon" | "evening"] => {
                    (When::Dates { start: r, end: r }, Precision::Day)
                }
                ["last", "night"] => {
                    (When::Dates { start: r - Duration::days(1), end: r - Duration::days(1) }, Precision::Day)
                }
                [.., "weekend"] => {
                    let relation = words.first().copied().filter(|w| *w != "weekend");
                    let saturday = weekend_of(r, relation, body, span);
                    (When::Dates { start: saturday, end: saturday + Duration::days(1) }, Precision::Day)
                }
                ["yesterday"] => {
                    (When::Dates { start: r - Duration::days(1), end: r - Duration::days(1) }, Precision::Day)
                }
                ["tomorrow"] => {
                    (When::Dates { start: r + Duration::days(1), end: r + Duration::days(1) }, Precision::Day)
                }
                ["past" | "last", "year"] if phrase.contains("past") => {
                    (When::Dates { start: r - Duration::days(365), end: r }, Precision::Year)
                }
                ["last", "year"] => year_of(r.year() - 1)?,
                ["this", "year"] => year_of(r.year())?,
                ["next" | "coming", "year"] => year_of(r.year() + 1)?,
                ["this", "month"] => month_of(r.year(), r.month())?,
                ["past" | "last", "month"] => {
                    let prev = r.with_day(1)? - Duration::days(1);
                    if phrase.contains("past") {
                        (When::Dates { start: r - Duration::days(30), end: r }, Precision::Month)
                    } else {
                        month_of(prev.year(), prev.month())?
                    }
                }
                ["next" | "coming", "month"] => {
                    let next = end_of_month(r.year(), r.month())? + Duration::days(1);
                    month_of(next.year(), next.month())?
                }
                ["past" | "last", "week"] => (When::Dates { start: r - Duration::days(7), end: r }, Precision::Day),
                ["this", "week"] => {
                    let monday = r - Duration::days(r.weekday().num_days_from_monday() as i64);
                    (When::Dates { start: monday, end: monday + Duration::days(6) }, Precision::Day)
                }
                ["next" | "coming", "week"] => {
                    (When::Dates { start: r + Duration::days(1), end: r + Duration::days(7) }, Precision::Day)
                }
                _ => return None,
            };
            // "later this year": from the day of writing on; "earlier this week": up to it.
            let when = match (side, when) {
                (Some("later"), When::Dates { start, end }) if start <= r && r < end => {
                    (When::Dates { start: r, end }, precision)
                }
                (Some(_), When::Dates { start, end }) if start < r && r <= end => {
                    (When::Dates { start, end: r }, precision)
                }
                (_, when) => (when, precision),
            };
            Some((when.0, when.1, true))
        }
    }
}

fn number_word(word: &str) -> Option<i64> {
    const WORDS: [&str; 12] =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    WORDS.iter().position(|w| *w == word).map(|i| i as i64 + 1)
}

/// Which way the clause of a date looks from the day of writing: ahead ("will meet on 2 May"),
/// back ("met on 2 May", "was held"), or no telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Ahead,
    Back,
}

fn tense_of(body: &str, span: &Range<usize>) -> Option<Tense> {
    let range = super::clause_around(body, span);
    let clause = &body[range.clone()];
    let ahead = |w: &str| {
        matches!(
            w,
            "will"
                | "shall"
                | "next"
                | "upcoming"
                | "due"
                | "scheduled"
                | "expected"
                | "plans"
                | "planned"
                | "begins"
                | "starts"
                | "until"
                | "coming"
                | "ll"
        )
    };
    let back = |w: &str| {
        matches!(w, "was" | "were" | "had" | "did" | "said" | "ago" | "last" | "since" | "earlier")
            || (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed"))
            // Irregular past forms news uses most, none of them also a present form ("set",
            // "cut", "hit" are both).
            || matches!(
                w,
                "rose" | "fell" | "grew" | "won" | "lost" | "took" | "made" | "came" | "went" | "saw" | "told"
                    | "met" | "began" | "became" | "gave" | "got" | "held" | "kept" | "led" | "paid" | "ran"
                    | "sold" | "sent" | "spent" | "stood" | "struck" | "thought" | "brought" | "bought" | "found"
                    | "broke" | "chose" | "fought" | "flew" | "knew" | "spoke" | "wrote" | "drew" | "fled"
                    | "sought" | "taught" | "caught" | "shook" | "swept" | "slid" | "sank" | "soared"
            )
    };
    // The tense word nearest the date says its side: in "approved the plan on Tuesday after a
    // debate, and work starts in May", Tuesday is past and May to come. A past participle after
    // "will be" is no past ("will be played on Tuesday"), and on a tie the future wins.
    let mut best: Option<(usize, Tense)> = None;
    // The two words before the current one.
    let mut previous: [String; 2] = Default::default();
    for (offset, raw) in clause.split_whitespace().map(|w| (w.as_ptr() as usize - clause.as_ptr() as usize, w)) {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        let (at, end) = (range.start + offset, range.start + offset + raw.len());
        let distance = if end <= span.start { span.start - end } else { at.saturating_sub(span.end) };
        let passive_to_come = previous.iter().any(|p| matches!(p.as_str(), "be" | "will" | "to"));
        let tense = if ahead(&w) || (back(&w) && passive_to_come) {
            Some(Tense::Ahead)
        } else if back(&w) {
            Some(Tense::Back)
        } else {
            None
        };
        if let Some(tense) = tense
            && best.is_none_or(|(d, t)| distance < d || (distance == d && tense == Tense::Ahead && t != Tense::Ahead))
        {
            best = Some((distance, tense));
        }
        previous = [std::mem::take(&mut previous[1]), w];
    }
    best.map(|(_, tense)| tense)
}

/// The year of a day or month printed without one ("on 24 December", "in March"):
/// - a date printed with its year earlier in the same or the previous paragraph anchors the
///   story's time ("on 3 May 2009 ... by 20 May"): that year;
/// - else, with the day of writing known, the year that puts it nearest to that day on the
///   side the clause looks to ("was held on 24 December" written on 5 January: last year's);
/// - else none: the year stays unknown.
fn year_of_unprinted(
    start: (u32, u32),
    end: (u32, u32),
    body: &str,
    span: &Range<usize>,
    reference: Option<NaiveDate>,
    earlier: &[DateMention],
) -> Option<i32> {
    // "August last year", "in March next year": the year said after it, from the day of writing.
    if let Some(r) = reference
        && let Some(c) = RELATIVE_YEAR_AFTER.captures(&body[span.end..])
    {
        return Some(r.year() + relative_year_offset(&c["rel"]));
    }
    // A date the text said relative to the day of writing ("last year", "yesterday") between
    // the anchor and this one brings the story back to its own time: "rates rose between
    // November 2003 and August last year ... Sales rose in January" is this January.
    let anchor = earlier
        .iter()
        .filter(|d| d.span.end <= span.start && !d.inferred && matches!(d.precision, Precision::Day | Precision::Month))
        .filter(|d| paragraph_breaks(&body[d.span.end..span.start]) <= 1)
        .max_by_key(|d| d.span.end)
        .filter(|d| !RELATIVE_TO_WRITING.is_match(&body[d.span.end..span.start]))
        .and_then(|d| d.when.dates());
    if let Some((anchor_start, _)) = anchor {
        return Some(anchor_start.year());
    }
    let r = reference?;
    let tense = tense_of(body, span);
    let slack = Duration::days(7);
    let candidates = (r.year() - 1..=r.year() + 1).filter_map(|y| {
        let from = NaiveDate::from_ymd_opt(y, start.0, start.1)?;
        let to = NaiveDate::from_ymd_opt(y, end.0, end.1).unwrap_or(from);
        let fits = match tense {
            Some(Tense::Back) => from <= r + slack,
            Some(Tense::Ahead) => to >= r - slack,
            None => true,
        };
        let distance = if r < from {
            (from - r).num_days()
        } else if r > to {
            (r - to).num_days()
        } else {
            0
        };
        fits.then_some((distance, y))
    });
    Some(candidates.min().map_or(r.year(), |(_, y)| y))
}

/// "last year", "this year", "next year" right after a date, perhaps after a comma.
static RELATIVE_YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"^,?\s+(?P<rel>(?i:last|this|next))\s+year\b"));

/// A date said relative to the day of writing.
static RELATIVE_TO_WRITING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i:\b(?:last|this|next)\s+(?:year|month|week)\b|\byesterday\b|\btoday\b|\btomorrow\b)"));

fn relative_year_offset(relation: &str) -> i32 {
    match relation.to_ascii_lowercase().as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    }
}

fn paragraph_breaks(text: &str) -> usize {
    text.split('\n').skip(1).filter(|line| !line.trim().is_empty()).count()
}

/// The Saturday of the weekend meant: "this weekend" is the one of the week of writing, "last"
/// the one before, "next" the one after; "over the weekend" looks back unless the clause looks
/// ahead.
fn weekend_of(r: NaiveDate, relation: Option<&str>, body: &str, span: &Range<usize>) -> NaiveDate {
    let from_monday = r.weekday().num_days_from_monday() as i64;
    let this_saturday = r + Duration::days(5 - from_monday);
    let last_saturday = this_saturday - Duration::days(7);
    match relation {
        Some("this") => this_saturday,
        Some("next" | "coming") => this_saturday + Duration::days(7),
        Some(_) => last_saturday,
        // Written on the weekend itself, "over the weekend" is this one.
        None if from_monday >= 5 || tense_of(body, span) == Some(Tense::Ahead) => this_saturday,
        None => last_saturday,
    }
}

fn year_of(y: i32) -> Option<(When, Precision)> {
    Some((
        When::Dates { start: NaiveDate::from_ymd_opt(y, 1, 1)?, end: NaiveDate::from_ymd_opt(y, 12, 31)? },
        Precision::Year,
    ))
}

fn month_of(y: i32, m: u32) -> Option<(When, Precision)> {
    Some((When::Dates { start: NaiveDate::from_ymd_opt(y, m, 1)?, end: end_of_month(y, m)? }, Precision::Month))
}

/// "on Wednesday" in an article of a given day: that day if it is a Wednesday; the coming one
/// if the sentence looks ahead ("will", "begins", "next"); otherwise the last one (news
/// reports what happened).
fn resolve_weekday(
    reference: NaiveDate,
    weekday: Weekday,
    rel: Option<&str>,
    body: &str,
    span: &Range<usize>,
) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() as i64 - reference.weekday().num_days_from_monday() as i64) % 7;
    let back = (7 - ahead) % 7;
    // The clause's tense nearest the day decides; with none, an infinitive looks ahead ("they
    // are to meet on Friday").
    let clause = &body[super::clause_around(body, span)];
    let looks_ahead = rel == Some("next")
        || match tense_of(body, span) {
            Some(tense) => tense == Tense::Ahead,
            None => clause
                .split_whitespace()
                .any(|w| matches!(w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric()), "begin" | "to")),
        };
    match (ahead, rel) {
        (0, Some("next")) => reference + Duration::days(7),
        (0, Some("last")) => reference - Duration::days(7),
        (0, _) => reference,
        (_, Some("last")) => reference - Duration::days(back),
        _ if looks_ahead => reference + Duration::days(ahead),
        _ => reference - Duration::days(back),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, reference: Option<&str>) -> Vec<(String, String, String, Precision, bool)> {
        let r = reference.map(|r| NaiveDate::parse_from_str(r, "%Y-%m-%d").unwrap());
        find(text, r)
            .into_iter()
            .map(|d| (text[d.span].to_string(), d.when.start_iso(), d.when.end_iso(), d.precision, d.inferred))
            .collect()
    }

    fn one(text: &str, reference: Option<&str>) -> (String, String, String, Precision, bool) {
        let found = dates(text, reference);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn displays_by_precision() {
        let d = |text: &str| {
            let m = find(text, NaiveDate::from_ymd_opt(2024, 6, 19)).remove(0);
            m.when.display(m.precision)
        };
        assert_eq!(d("on June 19-20"), "2024-06-19 → 06-20");
        assert_eq!(d("in 2001."), "2001");
        assert_eq!(d("the 1994-2024 period"), "1994–2024");
        assert_eq!(d("the 2000s"), "2000s");
        assert_eq!(d("the early 1990s"), "1990–1993");
        assert_eq!(d("in March 2024"), "2024-03");
        assert_eq!(find("June 19-20", None)[0].when.display(Precision::Day), "June 19 → June 20 (year unknown)");
    }

    #[test]
    fn full_dates_and_ranges() {
        assert_eq!(one("set up on January 30, 1950, have", None).1, "1950-01-30");
        let d = one("the Treaty (June 16, 1994 - June 16, 2024).", None);
        assert_eq!((d.1.as_str(), d.2.as_str()), ("1994-06-16", "2024-06-16"));
        let d = one("the Treaty (June 16, 1994-2024).", None);
        assert_eq!((d.1.as_str(), d.2.as_str()), ("1994-06-16", "2024-06-16"));
        let d = one("a visit from June 19 to June 20, 2024.", None);
        assert_eq!((d.1.as_str(), d.2.as_str(), d.4), ("2024-06-19", "2024-06-20", false));
        assert_eq!(one("Saturday- 19:08, 22/06/2024", None).1, "2024-06-22");
        assert_eq!(one("date 2025-01-30 MOSCOW", None).1, "2025-01-30");
        assert_eq!(one("re-election in March 2024.", None).3, Precision::Month);
    }

    #[test]
    fn dates_without_a_year_use_the_reference_or_stay_open() {
        let d = one("visit on June 19-20 at the invitation", Some("2024-06-19"));
        assert_eq!((d.1.as_str(), d.2.as_str(), d.4), ("2024-06-19", "2024-06-20", true));
        let d = one("visit to Vietnam from June 19-20, Khoi said", None);
        assert_eq!((d.1.as_str(), d.2.as_str(), d.4), ("--06-19", "--06-20", true));
    }

    #[test]
    fn quarters_halves_seasons_parts_and_day_ranges() {
        let span = |text: &str, reference: Option<&str>| {
            let d = one(text, reference);
            (d.0, d.1, d.2)
        };
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(
            span("profit in the second quarter of 2021 rose", None),
            s("second quarter of 2021", "2021-04-01", "2021-06-30")
        );
        assert_eq!(span("sales in Q4 2020 fell", None), s("Q4 2020", "2020-10-01", "2020-12-31"));
        assert_eq!(span("in the first half of 2019", None), s("first half of 2019", "2019-01-01", "2019-06-30"));
        assert_eq!(span("by early March 2024 the", None), s("early March 2024", "2024-03-01", "2024-03-10"));
        assert_eq!(span("talks in mid-May went", Some("2023-06-01")), s("mid-May", "2023-05-11", "2023-05-20"));
        assert_eq!(span("a deal in late 2020 was", None), s("late 2020", "2020-09-01", "2020-12-31"));
        assert_eq!(span("in the summer of 2019 the", None), s("summer of 2019", "2019-06-01", "2019-08-31"));
        assert_eq!(span("over winter 2019 prices", None), s("winter 2019", "2019-12-01", "2020-02-29"));
        assert_eq!(span("the 2011-12 season", None), s("2011-12", "2011-01-01", "2012-12-31"));
        // A season without its year, from the reference: the one over, under way, or to come.
        assert_eq!(span("Last autumn it began", Some("2021-11-10")), s("Last autumn", "2020-09-01", "2020-11-30"));
        assert_eq!(span("since last spring", Some("2021-11-10")), s("last spring", "2021-03-01", "2021-05-31"));
        assert_eq!(span("this spring it ends", Some("2021-04-02")), s("this spring", "2021-03-01", "2021-05-31"));
        assert_eq!(span("until next winter", Some("2021-11-10")), s("next winter", "2021-12-01", "2022-02-28"));
        assert_eq!(span("held May 3 to 7, 2024 in", None), s("May 3 to 7, 2024", "2024-05-03", "2024-05-07"));
        // Not a season of two years: a year and a month, or years that do not follow.
        assert!(dates("the 2011-15 plan", None).iter().all(|d| d.0 != "2011-15"));
    }

    #[test]
    fn years_decades_and_ranges() {
        let d = one("In 2001, the Declaration was signed.", None);
        assert_eq!((d.1.as_str(), d.2.as_str(), d.3), ("2001-01-01", "2001-12-31", Precision::Year));
        let d = one("in the early 1990s, both", None);
        assert_eq!((d.1.as_str(), d.2.as_str(), d.3), ("1990-01-01", "1993-12-31", Precision::Decade));
        let d = one("in the early 90s of the last century", Some("2024-06-20"));
        assert_eq!(d.1, "1990-01-01");
        assert_eq!(one("the 1994-2024 period", None).2, "2024-12-31");
        assert!(dates("profits of $2001 and 2003 jobs and 2004%", None).is_empty());
        assert!(dates("kick-off 1500 GMT, or 1930 BST", None).is_empty(), "clock times are not years");
    }

    #[test]
    fn the_clause_a_date_belongs_to() {
        let text = "In 2001, the Declaration on Strategic Partnership was signed in Hanoi.";
        let d = &find(text, None)[0];
        assert_eq!(&text[d.context.clone()], "the Declaration on Strategic Partnership was signed in Hanoi");
        let text = "the visit coincided with the 30th anniversary of the Treaty (June 16, 1994-2024).";
        let d = &find(text, None)[0];
        assert_eq!(&text[d.context.clone()], "the visit coincided with the 30th anniversary of the Treaty");
        let text = "Notably, he supported the Strategic Partnership in 2001, as well as its upgrade in 2012.";
        let d = &find(text, None)[0];
        assert_eq!(&text[d.context.clone()], "he supported the Strategic Partnership in 2001");
    }

    #[test]
    fn holidays_centuries_months_and_weekends() {
        // 2025-01-06 is a Monday.
        let r = Some("2025-01-06");
        assert_eq!(one("shops were busy over Christmas", r).1, "2024-12-25");
        assert_eq!(one("the day after Christmas the storm hit", r).1, "2024-12-26");
        assert_eq!(one("prices will rise in the New Year", Some("2024-12-20")).1, "2025-01-01");
        assert!(dates("for the Chinese New Year holiday", r).is_empty());
        let d = one("in the 19th century the town grew", None);
        assert_eq!((d.1.as_str(), d.2.as_str(), d.3), ("1800-01-01", "1899-12-31", Precision::Century));
        assert_eq!(one("by the late twentieth century", None).1, "1970-01-01");
        let d = one("sales fell last November", r);
        assert_eq!((d.0.as_str(), d.1.as_str(), d.3), ("last November", "2024-11-01", Precision::Month));
        let d = one("the vote will be held in March", r);
        assert_eq!((d.0.as_str(), d.1.as_str()), ("March", "2025-03-01"));
        assert_eq!(one("talks collapsed in December", r).1, "2024-12-01");
        assert!(dates("it may rain, said May", r).is_empty(), "May the name or the verb");
        assert_eq!(one("fans gathered over the weekend", r).1, "2025-01-04");
        assert_eq!(one("the match is this weekend", r).1, "2025-01-11");
        assert_eq!(one("results came out two weeks ago", r).1, "2024-12-23");
        let d = one("a vote later this week", r);
        assert_eq!((d.1.as_str(), d.2.as_str()), ("2025-01-06", "2025-01-12"));
    }

    #[test]
    fn a_printed_date_anchors_the_days_after_it() {
        let text = "The talks opened on 3 May 2009 in a hotel. They broke down by 20 May.";
        let found = find(text, Some("2024-06-19").map(|r| NaiveDate::parse_from_str(r, "%Y-%m-%d").unwrap()));
        assert_eq!(found[1].when.start_iso(), "2009-05-20");
        assert!(found[1].inferred);
        // With no anchor, the year is the one nearest the day of writing on the clause's side.
        assert_eq!(one("the fair was held on 24 December", Some("2025-01-06")).1, "2024-12-24");
        assert_eq!(one("the fair will open on 10 January", Some("2024-12-20")).1, "2025-01-10");
        // An irregular past form looks back too: March after November is the one before.
        assert_eq!(one("Sales rose in mid-March", Some("2021-11-10")).1, "2021-03-11");
        assert_eq!(one("Sales grow in mid-March", Some("2021-11-10")).1, "2022-03-11");
    }

    #[test]
    fn a_year_said_relative_to_the_writing_joins_its_month_and_ends_an_anchor() {
        let reference = NaiveDate::from_ymd_opt(2005, 2, 10);
        // "August last year" is one date.
        let found = find("Rates have been unchanged since August last year.", reference);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].when.start_iso(), "2004-08-01");
        // A printed "November 2003" anchors the months after it until the text comes back to
        // the day of writing.
        let text = "Rates rose five times from November 2003, the bank said last year. Sales rose in January.";
        let found = find(text, reference);
        assert_eq!(found.last().map(|d| d.when.start_iso()).as_deref(), Some("2005-01-01"), "{found:?}");
    }

    #[test]
    fn the_tense_nearest_a_date_says_its_side() {
        let r = Some("2021-03-03");
        let found = dates("The council approved the plan on Tuesday after a debate, and work starts in May.", r);
        assert_eq!((found[0].1.as_str(), found[1].1.as_str()), ("2021-03-02", "2021-05-01"), "{found:?}");
        // A past participle after "will be" is still to come.
        assert_eq!(one("The match will be played on Tuesday.", r).1, "2021-03-09");
        assert_eq!(one("Police arrested him on Monday.", r).1, "2021-03-01");
    }

    #[test]
    fn a_weekday_beside_a_printed_date_is_that_date() {
        assert_eq!(dates("Saturday, 22 June 2024", None).len(), 1);
        let d = one("they met that Wednesday afternoon", Some("2024-06-21"));
        assert_eq!((d.0.as_str(), d.1.as_str()), ("that Wednesday afternoon", "2024-06-19"));
        assert_eq!(one("Monday's vote", None).0, "Monday's");
    }

    #[test]
    fn weekdays_and_relative_words_use_the_reference() {
        // 2024-06-19 is a Wednesday.
        assert_eq!(one("Bezdetko on Wednesday said", Some("2024-06-19")).1, "2024-06-19");
        assert_eq!(one("the minister said on Monday", Some("2024-06-19")).1, "2024-06-17");
        assert_eq!(one("the leader will arrive on Friday", Some("2024-06-19")).1, "2024-06-21");
        let d = one("In the past year, ministers visited", Some("2024-06-19"));
        assert_eq!((d.1.as_str(), d.2.as_str(), d.3, d.4), ("2023-06-20", "2024-06-19", Precision::Year, true));
        assert_eq!(one("later this month", Some("2024-06-19")).2, "2024-06-30");
        // No reference, no guess: the mention is a date, its day stays unknown.
        let found = find("said on Monday", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].when, When::Unanchored);
    }
}
