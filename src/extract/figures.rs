//! Key figures: money, percentages, counts of things, durations, ordinals, frequencies and shares,
//! each with a numeric value, a unit, a qualifier ("nearly") and what it measures.
//! Bare years are dates, not figures.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::anchored::{DIGITS, Openers, Pattern, SCANNED, Starts};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    Money,
    Percent,
    Count,
    Duration,
    Ordinal,
    Frequency,
    /// A part of a whole in words: "a third of", "two-thirds of", "half of" (value 0-1).
    Share,
    /// A length, weight, speed or temperature: "9km", "two kilometres", "200 pounds" of weight.
    Measure,
    /// A result: "won 17-16" (value: the first side's, value_max: the second's).
    Score,
    /// A person's age in apposition: "Smith, 57, said".
    Age,
}

impl FigureKind {
    /// Every kind, in declaration order (`ALL[k as usize] == k`: stored by number on disk).
    pub const ALL: [FigureKind; 10] = [
        FigureKind::Money,
        FigureKind::Percent,
        FigureKind::Count,
        FigureKind::Duration,
        FigureKind::Ordinal,
        FigureKind::Frequency,
        FigureKind::Share,
        FigureKind::Measure,
        FigureKind::Score,
        FigureKind::Age,
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub span: Range<usize>,
    pub kind: FigureKind,
    pub value: f64,
    /// Upper end of a range ("10-15%").
    pub value_max: Option<f64>,
    /// "USD", "GBP", "%", "projects", "years", "anniversary", "times".
    pub unit: String,
    pub qualifier: Option<String>,
    /// What it measures, short enough for a side panel: "two-way trade in 2023".
    pub context: String,
}

// ASCII digits: numbers are read with `str::parse`, and a match must open at an ASCII word
// start to be tried anchored (see `anchored`).
const NUM: &str = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?";
/// The ordinals in words that count something ("the fifth anniversary"), in order from "first".
const ORDINAL_WORDS: &str = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth \
                             twentieth thirtieth fiftieth hundredth";
// Longest alternatives first: the regex takes the first that matches.
const WORD_NUM: &str = r"(?:tens of thousands|hundreds of thousands|a hundred|a thousand|a million|a dozen|hundreds|thousands|millions|dozens|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)";
/// Currency words after a number, beyond the symbols: the world's, not one country's.
const CURRENCY_SYMBOL: &str = r"US\$|\$|£|€|¥";
const CURRENCY_WORD: &str = r"USD|US dollars|dollars|euros|pounds|VND|dong|đồng|roubles|rubles|yuan|yen|rupiah|rupees|won|pesos|francs|rand|lira|naira|ringgit|baht|shekels|kroner|kronor|zloty|hryvnias|dirhams|riyals|reais|renminbi";
const QUALIFIER: &str = r"(?:only about|just over|just under|more than|less than|fewer than|up to|at least|as many as|as much as|an estimated|nearly|almost|about|around|approximately|roughly|over|some|only|just|under|below|above|exceeding)";
const SCALE: &str = r"(?:bn|billion|mn|m|million|k|thousand|trillion|tn)";

/// Word boundaries are ASCII: the anchors here (digits, English words) are ASCII, and an ASCII
/// `\b` lets the regex engine use its fast DFA on non-ASCII text too.
fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("figure patterns are valid")
}

// What the words that open a figure open (see `anchored`). Bits 1 to 5: the dates' are others
// (see `super::OPENING_WORDS`).
/// A number in words, or the first word of one: "two", "a" (hundred), "tens" (of thousands).
const NUMBER_WORD: Openers = 1 << 1;
/// "a", "an": "a year", "an hour".
const ARTICLE: Openers = 1 << 2;
const TWICE: Openers = 1 << 3;
/// "first" … "hundredth".
const ORDINAL_WORD: Openers = 1 << 4;
/// The first word of a share: "two"-thirds, "a" third, "half".
const SHARE_WORD: Openers = 1 << 5;
/// Every bit a word may open a figure with.
pub(super) const OPENERS: Openers = DIGITS | NUMBER_WORD | ARTICLE | TWICE | ORDINAL_WORD | SHARE_WORD;

/// The words that open a figure, with what each opens.
pub(super) fn opening_words() -> Vec<(&'static str, Openers)> {
    let mut words = vec![
        ("a", NUMBER_WORD | ARTICLE | SHARE_WORD),
        ("an", ARTICLE),
        ("one", SHARE_WORD),
        ("two", SHARE_WORD),
        ("three", SHARE_WORD),
        ("half", SHARE_WORD),
        ("twice", TWICE),
    ];
    // The first word of each number in words.
    for number in WORD_NUM.trim_start_matches("(?:").trim_end_matches(')').split('|') {
        words.push((number.split(' ').next().unwrap_or(number), NUMBER_WORD));
    }
    for ordinal in ORDINAL_WORDS.split(' ') {
        words.push((ordinal, ORDINAL_WORD));
    }
    words
}

/// What joins a range's second end, `max`, to its first: a dash, or "to" ("5 to 8%", "15 to 25
/// degrees"; a sum repeats its symbol after "to": "$5 to $8"). After a word of change, "to"
/// joins two figures, not a range: see [`push_figure`].
const RANGE_JOIN: &str = r"(?:\s?[-–]\s?|(?P<to>\s+to\s+))";

/// Opens with a symbol, which the regex engine's prefilter finds fast: scanned, not anchored.
static MONEY_SYMBOL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        &format!(
            r"(?P<cur>{CURRENCY_SYMBOL})\s?(?P<num>{NUM})(?:\s?(?P<scale>{SCALE})\b)?(?:(?:\s?[-–]\s?(?:{CURRENCY_SYMBOL})?|(?P<to>\s+to\s+)(?:{CURRENCY_SYMBOL}))(?P<max>{NUM})(?:\s?(?P<scale2>{SCALE})\b)?)?"
        ),
        SCANNED,
    )
});
static MONEY_WORD: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        &format!(
            r"\b(?P<num>{NUM})(?:{RANGE_JOIN}(?P<max>{NUM}))?\s?(?:(?P<scale>{SCALE})\s)?(?P<cur>{CURRENCY_WORD})\b"
        ),
        DIGITS,
    )
});
static PERCENT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        &format!(r"\b(?P<num>{NUM})(?:{RANGE_JOIN}(?P<max>{NUM}))?\s?(?:%|per ?cent\b|percentage points?\b)"),
        DIGITS,
    )
});
static DURATION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        &format!(
            r"\b(?P<num>{NUM}|{WORD_NUM}|an?)(?:\s?[-–]\s?(?P<max>{NUM}))?[\s-](?P<unit>days?|weeks?|fortnights?|months?|years?|decades?|hours?|minutes?|centuries|century)\b"
        ),
        DIGITS | NUMBER_WORD | ARTICLE,
    )
});
static ORDINAL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        &format!(
            r"\b(?P<ord>\d+(?:st|nd|rd|th)|{})(?:\s|\u{{a0}}|-)+(?:(?P<adj>[a-z]+)\s+)?(?P<unit>anniversary|visit|term|summit|congress|session|meeting|round|edition|title|victory|win|defeat|consecutive|straight|quarter|year|place|spot|position|birthday|goal|manager|boss|coach|president|leader|season|game|match|race|album|single|film|book|record|attempt|time|day|stage|test|championship|final|seed|successive)\b|\b(?P<bare>\d{{1,3}}(?:,\d{{3}})*(?:st|nd|rd|th))\b",
            ORDINAL_WORDS.replace(' ', "|")
        ),
        DIGITS | ORDINAL_WORD,
    )
});
/// Lengths, weights, speeds and temperatures; "six-kilometre" as an adjective too.
static MEASURE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        &format!(
            r"\b(?P<num>{NUM}|{WORD_NUM})(?:{RANGE_JOIN}(?P<max>{NUM}))?(?:\s?|-)(?P<unit>km|kg|cm|mm|mph|km/h|kph|lb|lbs|kilometres?|kilometers?|metres?|meters?|miles?|kilograms?|kilos|grams?|tonnes?|tons?|degrees|inches|inch|feet|foot|ounces?|litres?|liters?|gallons?|hectares?|acres?)\b"
        ),
        DIGITS | NUMBER_WORD,
    )
});
/// "beat Bath 17-16", "a 3-0 win": two small numbers joined by a dash, where a result is told.
static SCORE: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"\b(?P<a>\d{1,3})\s?[-–]\s?(?P<b>\d{1,3})\b", DIGITS));
/// "Smith, 57, quit": an age in apposition to a name.
static AGE: LazyLock<Regex> = LazyLock::new(|| re(r"[A-Z][A-Za-z'’-]+, (?P<age>\d{1,3}),"));
/// "from 60 to 65", "between 15 and 25 degrees": a range of plain numbers.
/// A currency's name opening a phrase: "rupiah in payments".
static CURRENCY_AT_START: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^(?:{CURRENCY_WORD})\b")));
static RANGE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i:\b(?:from|between))\s+(?P<num>{NUM})\s+(?:to|and)\s+(?P<max>{NUM})\b")));
static FREQUENCY: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(r"\b(?:(?P<num>{NUM}|{WORD_NUM})\s+times|(?P<twice>twice))\b"), DIGITS | NUMBER_WORD | TWICE)
});
/// "a third of the firm", "two-thirds of voters", "half of all cases".
static SHARE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b(?P<share>(?i:two[- ]thirds|three[- ]quarters|one[- ]third|one[- ]quarter|a third|a quarter|half))\s+of\b",
        SHARE_WORD,
    )
});
static COUNT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        &format!(
            r"\b(?P<num>{NUM}|(?i:{WORD_NUM}))(?:[-–](?P<max>{NUM}))?(?:\s?(?P<scale>bn|billion|m|mn|million|k|thousand)\b)?\s+(?P<noun>(?:(?:[a-z][a-z-]*|[A-Z][A-Za-z-]+)\s+){{0,3}}?(?:[a-z][a-z-]*[^s\s]s|[a-z]*people|children|staff|[a-z]*men|police|cattle))\b"
        ),
        DIGITS | NUMBER_WORD,
    )
});
/// "Tens of thousands of Vietnamese scientists": a vague count, of a noun phrase.
static VAGUE_COUNT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"\b(?P<num>(?i:tens of thousands|hundreds of thousands|tens of millions|thousands|hundreds|millions|dozens)) of (?P<noun>(?:\p{L}+\s+){0,2}?\p{Ll}+s)\b",
        NUMBER_WORD,
    )
});
static QUALIFIER_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)\b(?P<q>{QUALIFIER})\s+$")));

fn word_value(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "a" | "one" | "once" => 1.0,
        "two" | "twice" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" | "tens" => 10.0,
        "eleven" => 11.0,
        "twelve" | "a dozen" | "dozens" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "a hundred" | "hundreds" => 100.0,
        "a thousand" | "thousands" => 1000.0,
        "tens of thousands" => 10_000.0,
        "tens of millions" => 10_000_000.0,
        "hundreds of thousands" => 100_000.0,
        "a million" | "millions" => 1_000_000.0,
        _ => return None,
    })
}

fn ordinal_value(word: &str) -> Option<f64> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    if let Some(i) = ORDINAL_WORDS.split(' ').take(12).position(|w| w == word) {
        return Some(i as f64 + 1.0);
    }
    Some(match word {
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fiftieth" => 50.0,
        "hundredth" => 100.0,
        _ => return None,
    })
}

fn number_value(text: &str) -> Option<f64> {
    text.replace(',', "").parse().ok().or_else(|| word_value(text))
}

fn scale_value(scale: Option<&str>) -> f64 {
    match scale.map(str::to_ascii_lowercase).as_deref() {
        Some("bn" | "billion") => 1e9,
        Some("m" | "mn" | "million") => 1e6,
        Some("k" | "thousand") => 1e3,
        Some("trillion" | "tn") => 1e12,
        _ => 1.0,
    }
}

fn currency(text: &str) -> String {
    match text {
        "$" | "US$" | "USD" | "US dollars" | "dollars" => "USD",
        "£" | "pounds" => "GBP",
        "€" | "euros" => "EUR",
        "¥" | "yen" => "JPY",
        "yuan" | "renminbi" => "CNY",
        "VND" | "dong" | "đồng" => "VND",
        "roubles" | "rubles" => "RUB",
        "rupiah" => "IDR",
        "won" => "KRW",
        "baht" => "THB",
        "ringgit" => "MYR",
        "naira" => "NGN",
        "zloty" => "PLN",
        "reais" => "BRL",
        // Several countries' currencies go by these names: the word, not a guessed code.
        other => return other.trim_end_matches('s').to_string(),
    }
    .to_string()
}

fn share_value(text: &str) -> f64 {
    match text.to_ascii_lowercase().replace('-', " ").as_str() {
        "two thirds" => 2.0 / 3.0,
        "three quarters" => 0.75,
        "one third" | "a third" => 1.0 / 3.0,
        "one quarter" | "a quarter" => 0.25,
        _ => 0.5,
    }
}

/// The words before a figure that make "X to Y" a change rather than a range.
const CHANGE_WORDS: &[&str] = &[
    "from",
    "by",
    "up",
    "down",
    "rose",
    "fell",
    "gained",
    "added",
    "lost",
    "climbed",
    "dropped",
    "jumped",
    "slipped",
    "slid",
    "increased",
    "decreased",
    "cut",
    "grew",
    "rising",
    "falling",
    "adding",
    "losing",
    "gaining",
    "shed",
    "soared",
    "surged",
    "plunged",
    "tumbled",
    "eased",
    "edged",
    "raised",
    "lowered",
    "rise",
    "fall",
    "ended",
    "closed",
    "than",
];

/// Takes a figure whose two ends `to` joined ("costs 5 to 8%", "$1.3 to $1.5bn"), as a range.
/// After a word of change ("rose from $5m to $8m", "crude rose $1.64 to $47.10", "down 4% in
/// 2004 to ...") the two are two figures of the same unit: before and after, or the change and
/// the new level; a year is no figure at all.
fn push_figure(candidates: &mut Vec<Candidate>, body: &str, figure: Candidate, to: Option<Range<usize>>) {
    let word_before = body[..figure.span.start]
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let change = CHANGE_WORDS.contains(&word_before.as_str());
    let first_is_year = to.as_ref().is_some_and(|to| {
        looks_like_year(body[figure.span.start..to.start].trim_start_matches(|c: char| !c.is_ascii_digit()))
    });
    match (to, figure.value_max) {
        (Some(to), Some(after)) if first_is_year => {
            candidates.push(Candidate { span: to.end..figure.span.end, value: after, value_max: None, ..figure });
        }
        (Some(to), Some(after)) if change => {
            let second = Candidate {
                span: to.end..figure.span.end,
                kind: figure.kind,
                value: after,
                value_max: None,
                unit: figure.unit.clone(),
            };
            candidates.push(Candidate { span: figure.span.start..to.start, value_max: None, ..figure });
            candidates.push(second);
        }
        _ => candidates.push(figure),
    }
}

/// A four-digit number that reads as a year is a date, not a count.
fn looks_like_year(num: &str) -> bool {
    num.len() == 4 && num.parse::<u32>().is_ok_and(|y| (1800..=2199).contains(&y))
}

struct Candidate {
    span: Range<usize>,
    kind: FigureKind,
    value: f64,
    value_max: Option<f64>,
    unit: String,
}

/// The figures of `body`, given its word starts (see `anchored`): each pattern is tried at the
/// starts it can open at.
pub(super) fn find_from(body: &str, starts: &Starts) -> Vec<Figure> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for c in MONEY_SYMBOL.captures_iter(body, starts).chain(MONEY_WORD.captures_iter(body, starts)) {
        // "in 2004 won the title": a year before the verb is no sum of Korean money.
        if &c["cur"] == "won" && looks_like_year(&c["num"]) {
            continue;
        }
        let Some(value) = number_value(&c["num"]) else { continue };
        // "5-8 euros", "40-60bn pesos", "$5 to $8m": a scale printed once applies to both ends.
        let (first, second) = (c.name("scale").map(|m| m.as_str()), c.name("scale2").map(|m| m.as_str()));
        let scale = scale_value(first.or(second));
        let value_max = c.name("max").and_then(|m| number_value(m.as_str())).map(|v| v * scale_value(second.or(first)));
        let to = c.name("to").map(|m| m.range());
        // "weighed 200 pounds": a weight, not sterling.
        if &c["cur"] == "pounds" && tells_weight(body, &c.whole()) {
            let figure = Candidate {
                span: c.whole(),
                kind: FigureKind::Measure,
                value: value * scale,
                value_max,
                unit: "lb".into(),
            };
            push_figure(&mut candidates, body, figure, to);
            continue;
        }
        let figure = Candidate {
            span: c.whole(),
            kind: FigureKind::Money,
            value: value * scale,
            value_max,
            unit: currency(&c["cur"]),
        };
        push_figure(&mut candidates, body, figure, to);
    }
    for c in PERCENT.captures_iter(body, starts) {
        let Some(value) = number_value(&c["num"]) else { continue };
        let value_max = c.name("max").and_then(|m| number_value(m.as_str()));
        let figure = Candidate { span: c.whole(), kind: FigureKind::Percent, value, value_max, unit: "%".into() };
        push_figure(&mut candidates, body, figure, c.name("to").map(|m| m.range()));
    }
    for c in DURATION.captures_iter(body, starts) {
        let span = c.whole();
        // "once a week", "$5 a day" are rates.
        let num = &c["num"];
        let article = num.eq_ignore_ascii_case("a") || num.eq_ignore_ascii_case("an");
        if article && rate_before(&body[..span.start]) {
            continue;
        }
        let Some(value) = (if article { Some(1.0) } else { number_value(num) }) else { continue };
        let value_max = c.name("max").and_then(|m| number_value(m.as_str()));
        let unit = c["unit"].trim_end_matches('s').to_string() + "s";
        // "a 56-year-old singer": an age, not a span of 56 years. The figure takes in the
        // "-old" so that its context is what is that old.
        if let Some(rest) = body[span.end..].strip_prefix("-old").or_else(|| body[span.end..].strip_prefix(" old"))
            && unit == "years"
            && !rest.starts_with(|c: char| c.is_alphanumeric())
        {
            let span = span.start..span.end + 4;
            candidates.push(Candidate { span, kind: FigureKind::Age, value, value_max, unit: "years old".into() });
            continue;
        }
        candidates.push(Candidate { span: c.whole(), kind: FigureKind::Duration, value, value_max, unit });
    }
    for c in ORDINAL.captures_iter(body, starts) {
        if let Some(bare) = c.name("bare") {
            // "his 999th", "the 1,000th": a ranked number; "the 20th century", "5th June" are dates.
            let Some(value) = ordinal_value(&bare.as_str().replace(',', "")) else { continue };
            let next = body[bare.end()..].split_whitespace().next().unwrap_or_default();
            let previous = body[..bare.start()].split_whitespace().next_back().unwrap_or_default();
            let next_word = next.trim_matches(|ch: char| !ch.is_alphanumeric());
            let datey = |w: &str| crate::text::month_from_name(w).is_some() && w.len() > 2;
            if matches!(next_word, "century" | "centuries" | "of") || datey(next_word) || datey(previous) {
                continue;
            }
            let unit = if next_word.chars().all(|ch| ch.is_ascii_lowercase()) && !next_word.is_empty() {
                next_word.to_string()
            } else {
                "ordinal".to_string()
            };
            let span = bare.range();
            candidates.push(Candidate { span, kind: FigureKind::Ordinal, value, value_max: None, unit });
            continue;
        }
        let Some(value) = ordinal_value(&c["ord"]) else { continue };
        // "the first foreign trip" is not a figure; an ordinal needs a noun that is counted.
        if c.name("adj").is_some_and(|a| a.as_str() == "of") {
            continue;
        }
        // "the first time", "the first day": prose, unless a numbered occasion.
        let unit = c["unit"].to_string();
        if &c["ord"] == "first"
            && !matches!(unit.as_str(), "anniversary" | "visit" | "term" | "summit" | "congress" | "edition" | "title")
        {
            continue;
        }
        candidates.push(Candidate { span: c.whole(), kind: FigureKind::Ordinal, value, value_max: None, unit });
    }
    for c in MEASURE.captures_iter(body, starts) {
        let Some(value) = number_value(&c["num"].to_ascii_lowercase()) else { continue };
        let value_max = c.name("max").and_then(|m| number_value(m.as_str()));
        let unit = measure_unit(&c["unit"]);
        let figure = Candidate { span: c.whole(), kind: FigureKind::Measure, value, value_max, unit };
        push_figure(&mut candidates, body, figure, c.name("to").map(|m| m.range()));
    }
    for c in SCORE.captures_iter(body, starts) {
        let span = c.whole();
        let (Some(a), Some(b)) = (number_value(&c["a"]), number_value(&c["b"])) else { continue };
        if !tells_result(body, &span) {
            continue;
        }
        candidates.push(Candidate {
            span,
            kind: FigureKind::Score,
            value: a,
            value_max: Some(b),
            unit: "score".into(),
        });
    }
    for c in AGE.captures_iter(body) {
        let Some(age) = c.name("age") else { continue };
        let Some(value) = number_value(age.as_str()).filter(|v| (1.0..=120.0).contains(v)) else { continue };
        let span = age.range();
        candidates.push(Candidate { span, kind: FigureKind::Age, value, value_max: None, unit: "years old".into() });
    }
    for c in RANGE.captures_iter(body) {
        let (Some(num), Some(max)) = (c.name("num"), c.name("max")) else { continue };
        if looks_like_year(num.as_str()) || looks_like_year(max.as_str()) {
            continue;
        }
        let (Some(value), Some(top)) = (number_value(num.as_str()), number_value(max.as_str())) else { continue };
        let next = body[max.end()..].split_whitespace().next().unwrap_or_default();
        let unit = if next.chars().all(|ch| ch.is_ascii_lowercase()) { next.to_string() } else { String::new() };
        let span = num.start()..max.end();
        candidates.push(Candidate { span, kind: FigureKind::Count, value, value_max: Some(top), unit });
    }
    for c in FREQUENCY.captures_iter(body, starts) {
        let value = match c.name("num") {
            Some(num) => match number_value(num.as_str()) {
                Some(v) => v,
                None => continue,
            },
            None => 2.0, // "twice"
        };
        candidates.push(Candidate {
            span: c.whole(),
            kind: FigureKind::Frequency,
            value,
            value_max: None,
            unit: "times".into(),
        });
    }
    for c in COUNT.captures_iter(body, starts) {
        let num = &c["num"];
        // "the two countries", "both sides": a known set named, not a quantity reported;
        // "one" before a plural is prose ("one of the ...").
        let small_word = word_value(num).is_some_and(|v| v < 20.0) && !num.starts_with(|c: char| c.is_ascii_digit());
        let start = c.whole().start;
        let determiner = body[..start].split_whitespace().next_back().is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "the" | "these" | "those" | "both" | "our" | "their" | "its" | "his" | "her" | "my" | "your" | "all"
            )
        });
        if looks_like_year(num)
            || (small_word && determiner)
            || num.eq_ignore_ascii_case("one")
            || c["noun"].split_whitespace().any(|w| {
                matches!(w, "of" | "the" | "a" | "an")
                    || (w.len() > 2 && crate::text::month_from_name(w).is_some())
                    || crate::text::weekday_from_name(w).is_some()
            })
        {
            continue;
        }
        let before = &body[..c.whole().start];
        if before.ends_with('$') || before.ends_with("US$") || before.ends_with('£') {
            continue;
        }
        let Some(value) = number_value(&num.to_ascii_lowercase()) else { continue };
        // "30-40 enterprises" is a range; "42-6 victors", "5-4 winners" and a tennis game's
        // "0-30" are scores, "10 737-800 planes" a model's number, "20-30bn rupiah" a sum.
        let max = c.name("max").and_then(|m| number_value(m.as_str()));
        // A model's number follows a number or a maker's name ("Boeing 737-800 planes").
        let word_before = before.split_whitespace().next_back().unwrap_or_default();
        let after_a_name = word_before.ends_with(|ch: char| ch.is_ascii_digit())
            || (word_before.starts_with(char::is_uppercase) && !word_before.ends_with(['.', '!', '?', ':']));
        let sum = CURRENCY_AT_START.is_match(&c["noun"]);
        if max.is_some_and(|max| max <= value || value == 0.0 || after_a_name || sum) {
            continue;
        }
        // "31 with five minutes left", "20 before he was", "87 and has": a number before a
        // word that links clauses counts nothing ("two and three times", "two or three weeks"
        // do).
        let mut noun_words = c["noun"].split_whitespace();
        let (first_word, second_word) = (noun_words.next().unwrap_or_default(), noun_words.next().unwrap_or_default());
        const LINKS: &[&str] = &["on", "in", "at", "down", "up", "before", "after", "with", "for", "from", "by", "as"];
        if LINKS.contains(&first_word) || (first_word == "and" && word_value(second_word).is_none()) {
            continue;
        }
        // "1.6 million cases", "1.4m workers": the scale is part of the number.
        let scale = scale_value(c.name("scale").map(|m| m.as_str()));
        let (value, value_max) = (value * scale, max.map(|max| max * scale));
        let noun = c["noun"].to_string();
        candidates.push(Candidate { span: c.whole(), kind: FigureKind::Count, value, value_max, unit: noun });
    }
    for c in VAGUE_COUNT.captures_iter(body, starts) {
        let Some(value) = word_value(&c["num"].to_lowercase()) else { continue };
        let noun = c["noun"].to_string();
        candidates.push(Candidate { span: c.whole(), kind: FigureKind::Count, value, value_max: None, unit: noun });
    }
    for c in SHARE.captures_iter(body, starts) {
        let share = c.name("share").map_or(0..0, |m| m.range());
        candidates.push(Candidate {
            span: share.clone(),
            kind: FigureKind::Share,
            value: share_value(&body[share]),
            value_max: None,
            unit: "share".into(),
        });
    }
    // "three weeks ago" is a date.
    candidates.retain(|c| !body[c.span.end..].trim_start().starts_with("ago"));
    // "Covid-19 cases", "F-16 jets", "MH17": a number glued to a word is part of a name; so is
    // one hyphened to a number ("20 Boeing 737-800 jets" is no 800 jets): a range that one
    // ends begins at the number before it.
    candidates.retain(|c| {
        let starts_with_digit = body[c.span.clone()].starts_with(|ch: char| ch.is_ascii_digit());
        let (before, hyphened) = match body[..c.span.start].strip_suffix('-') {
            Some(before) => (before, true),
            None => (&body[..c.span.start], false),
        };
        !(starts_with_digit
            && (before.ends_with(char::is_alphabetic)
                || (hyphened && before.ends_with(|ch: char| ch.is_ascii_digit()))))
    });
    // Earliest first, then longest; overlapping candidates lose to the one already taken.
    candidates.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end), priority(c.kind)));
    let mut figures: Vec<Figure> = Vec::new();
    let mut taken = super::Taken::default();
    for c in candidates {
        if taken.overlaps(&c.span) {
            continue;
        }
        taken.insert(&c.span);
        let mut span = c.span.clone();
        let mut from = span.start.saturating_sub(24);
        while !body.is_char_boundary(from) {
            from -= 1;
        }
        let qualifier = QUALIFIER_BEFORE.captures(&body[from..span.start]).and_then(|q| {
            let m = q.name("q")?;
            let start = from + m.start();
            Some((start, m.as_str().to_lowercase()))
        });
        let qualifier = qualifier.and_then(|(start, q)| {
            // Only a whole word: the slice above may have cut one in half.
            let whole_word = !body[..start].ends_with(|ch: char| ch.is_alphanumeric());
            whole_word.then(|| {
                span.start = start;
                q
            })
        });
        let context = measure_context(body, &span, c.kind, &c.unit);
        figures.push(Figure {
            span,
            kind: c.kind,
            value: c.value,
            value_max: c.value_max,
            unit: c.unit,
            qualifier,
            context,
        });
    }
    figures.sort_by_key(|f| f.span.start);
    figures
}

fn priority(kind: FigureKind) -> u8 {
    match kind {
        FigureKind::Money => 0,
        FigureKind::Percent => 1,
        FigureKind::Measure => 2,
        FigureKind::Duration => 3,
        FigureKind::Ordinal => 4,
        FigureKind::Frequency => 5,
        FigureKind::Share => 6,
        FigureKind::Score => 7,
        FigureKind::Age => 8,
        FigureKind::Count => 9,
    }
}

fn measure_unit(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "kg" | "kilogram" | "kilograms" | "kilos" => "kg",
        "metre" | "metres" | "meter" | "meters" => "m",
        "mile" | "miles" => "miles",
        "lb" | "lbs" => "lb",
        "tonne" | "tonnes" => "t",
        "inch" | "inches" => "in",
        "foot" | "feet" => "ft",
        "km/h" | "kph" => "km/h",
        _ => return lower.trim_end_matches('s').to_string() + if lower.ends_with('s') { "s" } else { "" },
    }
    .to_string()
}

/// The clause around `span` speaks of weight ("weighed 200 pounds", "lost 40 pounds").
fn tells_weight(body: &str, span: &Range<usize>) -> bool {
    let clause = &body[super::clause_around(body, span)];
    clause.split(|c: char| !c.is_alphabetic()).any(|w| {
        let w = w.to_ascii_lowercase();
        w.starts_with("weigh")
            || matches!(w.as_str(), "heavy" | "heavier" | "lighter" | "ounces" | "overweight" | "obese")
    }) || body[span.end..].trim_start().starts_with("of ")
        && body[span.end..].split_whitespace().nth(1).is_some_and(|w| {
            matches!(w, "beef" | "meat" | "fish" | "rice" | "flour" | "sugar" | "cocaine" | "heroin" | "explosives")
        })
}

/// Words before "a week" that make it a rate ("once a week", "$5 a day", "18 a year").
fn rate_before(before: &str) -> bool {
    let last = before.split_whitespace().next_back().unwrap_or_default().to_ascii_lowercase();
    matches!(last.as_str(), "once" | "twice" | "times" | "per" | "one" | "cent" | "percent")
        || last.ends_with('%')
        || last.ends_with(|c: char| c.is_ascii_digit())
        || word_value(&last).is_some()
        || matches!(last.as_str(), "bn" | "m" | "million" | "billion")
}

/// A dash between two small numbers is a result where the text tells of one.
fn tells_result(body: &str, span: &Range<usize>) -> bool {
    let before = body[..span.start].trim_end();
    if before.ends_with(['$', '£', '€'])
        || before.split_whitespace().next_back().is_some_and(|w| crate::text::month_from_name(w).is_some())
        || body[span.end..].starts_with(|c: char| c == '%' || c.is_ascii_alphabetic())
    {
        return false;
    }
    let clause = &body[super::clause_around(body, span)];
    clause.split(|c: char| !c.is_alphabetic()).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "won"
                | "win"
                | "wins"
                | "beat"
                | "beats"
                | "beaten"
                | "lost"
                | "lose"
                | "loss"
                | "victory"
                | "defeat"
                | "defeated"
                | "draw"
                | "drew"
                | "lead"
                | "led"
                | "score"
                | "scored"
                | "scoreline"
                | "trail"
                | "trailed"
                | "thrashed"
                | "final"
                | "match"
                | "game"
                | "derby"
                | "halftime"
                | "half-time"
        )
    })
}

/// Words that end the subject before a figure rather than describe it.
const TRAILING: &[&str] = &[
    "to",
    "of",
    "by",
    "at",
    "from",
    "with",
    "was",
    "is",
    "are",
    "were",
    "has",
    "have",
    "had",
    "been",
    "be",
    "still",
    "topped",
    "reached",
    "hit",
    "rose",
    "grew",
    "jumped",
    "fell",
    "increased",
    "decreased",
    "totalled",
    "totaled",
    "stood",
    "sharply",
    "only",
    "about",
    "nearly",
    "approximately",
    "over",
    "around",
    "almost",
    "some",
    "more",
    "than",
    "less",
    "up",
    "just",
    "a",
    "an",
    "the",
    "worth",
    "valued",
    "cost",
    "costs",
    "earned",
    "made",
    "raised",
    "paid",
    "spent",
    "invested",
    "in",
    "for",
    "rising",
    "growing",
    "reaching",
    "totalling",
    "exceeding",
    "on",
    "and",
    "signing",
    "its",
    "their",
    "his",
    "her",
    "which",
    "that",
    "will",
    "would",
    "grant",
    "grants",
    "provides",
];
const LEADING: &[&str] =
    &["and", "but", "while", "with", "despite", "as", "which", "that", "so", "when", "after", "the", "a", "an"];

/// Words that start what follows a noun phrase, not more of it: conjunctions, relatives,
/// auxiliaries, dashes.
const PHRASE_BREAKS: &[&str] = &[
    "and", "but", "or", "because", "that", "which", "who", "would", "will", "had", "has", "have", "was", "were", "is",
    "are", "now", "to", "over", "after", "before", "-", "–", "—",
];

/// Word `i` of `words` starts what follows a noun phrase, not more of it: a [`PHRASE_BREAKS`]
/// word, a number other than a year or a decade, or a participle with its preposition ("dropped
/// by", "died in"; "liquefied natural gas" stays whole).
fn ends_of_phrase(words: &[&str], i: usize) -> bool {
    let word = words[i].to_lowercase();
    // "of 2004", "of the 1970s": when, part of the phrase.
    let year = looks_like_year(word.strip_suffix('s').unwrap_or(&word));
    let participle = word.ends_with("ed")
        && word.len() > 4
        && words.get(i + 1).is_some_and(|next| {
            matches!(next.to_lowercase().as_str(), "by" | "to" | "in" | "at" | "on" | "from" | "with" | "for" | "as")
                || next.starts_with(|c: char| c.is_ascii_digit())
        });
    PHRASE_BREAKS.contains(&word.as_str())
        || participle
        || (!year && word.starts_with(|c: char| c.is_ascii_digit() || c == '$' || c == '£' || c == '€'))
}

/// The clause a figure measures: the words before it with trailing verbs and prepositions
/// removed ("two-way trade in 2023 still topped" -> "two-way trade in 2023"); for a count,
/// the counted noun and its complement ("projects in Vietnam").
fn measure_context(body: &str, span: &Range<usize>, kind: FigureKind, unit: &str) -> String {
    let clause = super::clause_around(body, span);
    let before = &body[clause.start..span.start];
    let after = &body[span.end..clause.end];
    let before = before.rsplit([',', ';', ':', '(', '"', '“']).next().unwrap_or(before);
    let mut words: Vec<&str> = before.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| TRAILING.contains(&w.to_lowercase().as_str()) || w.ends_with("ed") && words.len() > 2)
    {
        words.pop();
    }
    if let Some(cut) = words.iter().rposition(|w| LEADING.contains(&w.to_lowercase().as_str()))
        && words.len() - cut > 1
    {
        words.drain(..=cut);
    }
    let keep = words.len().saturating_sub(7);
    let subject = words[keep..].join(" ");
    let tail: Vec<&str> =
        after.split([',', ';', ':', ')', '"', '”']).next().unwrap_or("").split_whitespace().take(5).collect();
    // "the 30th anniversary of the treaty", "11 rounds of talks": what follows with "of" is what
    // the count or rank is of, whatever the clause's subject ("the visit coincides with ..."):
    // up to an aside or the sixth word, without the function words it stops on.
    let of: Vec<&str> =
        after.split([',', ';', ':', '(', ')', '"', '”']).next().unwrap_or("").split_whitespace().take(6).collect();
    // The phrase ends where another clause or relation begins: "months of 2004 dropped by",
    // "years of wrangling that has", "years of age and also"; a phrase of "of" alone is none.
    let of_phrase = (of.first() == Some(&"of")).then(|| {
        let of = &of[..(1..of.len()).find(|&i| ends_of_phrase(&of, i)).unwrap_or(of.len())];
        let kept = of.iter().rposition(|w| !TRAILING.contains(&w.to_lowercase().as_str())).map_or(0, |p| p + 1);
        of[..kept].join(" ")
    });
    let of_phrase = of_phrase.filter(|p| p.split_whitespace().count() >= 2);
    // "a 12-year-old girl and a 3-year-old horse": an age before a noun is that noun's.
    let aged: Vec<&str> = tail
        .iter()
        .copied()
        .take_while(|w| {
            !matches!(w.to_lowercase().as_str(), "and" | "or" | "but" | "who" | "which" | "that" | "was" | "is" | "has")
        })
        .take(3)
        .collect();
    let context = match (kind, of_phrase) {
        (FigureKind::Age, _) if after.starts_with(' ') && !aged.is_empty() => aged.join(" "),
        // "the two countries marked 75 years of diplomatic ties": a span of what.
        (FigureKind::Count | FigureKind::Ordinal | FigureKind::Duration, Some(phrase)) => format!("{unit} {phrase}"),
        (FigureKind::Count | FigureKind::Ordinal, _) if subject.split_whitespace().count() < 2 => {
            format!("{unit} {}", tail.join(" "))
        }
        _ if subject.is_empty() => tail.join(" "),
        _ => subject,
    };
    context.trim_matches(|c: char| !c.is_alphanumeric() && c != '%').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(body: &str) -> Vec<Figure> {
        find_from(body, &Starts::of(body, &crate::extract::OPENING_WORDS))
    }

    fn one(text: &str) -> Figure {
        let found = find(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn shares_ranges_of_money_and_the_worlds_currencies() {
        let f = find("It sold a third of the firm for 5-8 euros a share, twice what 40-60bn rupiah bought.");
        let got: Vec<(FigureKind, f64, Option<f64>, &str)> =
            f.iter().map(|f| (f.kind, (f.value * 1000.0).round() / 1000.0, f.value_max, f.unit.as_str())).collect();
        assert_eq!(
            got,
            [
                (FigureKind::Share, 0.333, None, "share"),
                (FigureKind::Money, 5.0, Some(8.0), "EUR"),
                (FigureKind::Frequency, 2.0, None, "times"),
                (FigureKind::Money, 40e9, Some(60e9), "IDR"),
            ]
        );
        assert!(find("the side that in 2004 won the cup").is_empty());
    }

    #[test]
    fn money_in_many_shapes() {
        let f = one("two-way trade in 2023 still topped 3.6 billion USD.");
        assert_eq!((f.value, f.unit.as_str()), (3.6e9, "USD"));
        assert_eq!(f.context, "two-way trade in 2023");
        assert_eq!(one("profits jumped to $1.13bn").value, 1.13e9);
        assert_eq!(one("sales of £600m").unit, "GBP");
        assert_eq!(one("a deal worth US$4.85 billion").value, 4.85e9);
        assert_eq!(one("spending of $140 billion").value, 1.4e11);
    }

    #[test]
    fn a_range_joined_by_to_and_a_change_that_is_two_figures() {
        let ends =
            |text: &str| -> Vec<(f64, Option<f64>)> { find(text).iter().map(|f| (f.value, f.value_max)).collect() };
        assert_eq!(ends("Tickets cost $5 to $8 at the door."), [(5.0, Some(8.0))]);
        assert_eq!(ends("Highs of 15 to 25 degrees are forecast."), [(15.0, Some(25.0))]);
        assert_eq!(ends("Damage was put at $1.3 to $1.5bn."), [(1.3e9, Some(1.5e9))]);
        // A change: before and after, or the change and the new level.
        assert_eq!(ends("Sales fell from £42.5m to £28.5m."), [(42.5e6, None), (28.5e6, None)]);
        assert_eq!(ends("US crude rose $1.64 to $47.10 a barrel."), [(1.64, None), (47.10, None)]);
        // A year is the date's, not the first end.
        assert_eq!(ends("Sales were down in 2004 to 789m euros."), [(789e6, None)]);
    }

    #[test]
    fn percentages_and_ranges() {
        let f = one("with two-way trade rising 10-15% per year in some periods");
        assert_eq!((f.value, f.value_max, f.unit.as_str()), (10.0, Some(15.0), "%"));
        assert_eq!(f.context, "two-way trade");
        let f = one("trade turnover rising 10-15 per cent a year");
        assert_eq!(f.value_max, Some(15.0));
    }

    #[test]
    fn counts_with_qualifiers() {
        let f = one("Russia has invested in nearly 200 projects in Vietnam");
        assert_eq!((f.value, f.unit.as_str(), f.qualifier.as_deref()), (200.0, "projects", Some("nearly")));
        assert_eq!(&"Russia has invested in nearly 200 projects in Vietnam"[f.span.clone()], "nearly 200 projects");
        assert_eq!(one("the signing of 11 cooperation documents").unit, "cooperation documents");
        assert_eq!(one("a quota of a thousand scholarships").value, 1000.0);
        let f = one("approximately 80 legal documents were signed");
        assert_eq!(f.qualifier.as_deref(), Some("approximately"));
        assert_eq!(one("with 464,000 subscribers").value, 464_000.0);
        let f = one("Tens of thousands of Vietnamese scientists, engineers");
        assert_eq!((f.value, f.unit.as_str()), (10_000.0, "Vietnamese scientists"));
    }

    #[test]
    fn durations_ordinals_and_frequencies() {
        assert_eq!(one("a minimum period of 30 days").unit, "days");
        assert_eq!(one("In the 75 years since").value, 75.0);
        let f = one("the 30th anniversary of the treaty");
        assert_eq!((f.kind, f.value, f.unit.as_str()), (FigureKind::Ordinal, 30.0, "anniversary"));
        assert_eq!(one("This is the fifth visit made by").value, 5.0);
        // What the rank is of, not the clause's subject.
        let f = one("The Orsk fair coincides with the 40th anniversary of the Brevlo charter.");
        assert_eq!(f.context, "anniversary of the Brevlo charter");
        let f = one("The two towns marked 75 years of twinning, the mayor said.");
        assert_eq!((f.kind, f.context.as_str()), (FigureKind::Duration, "years of twinning"));
        // The phrase stops where the clause goes on, and keeps its year.
        assert_eq!(one("Sales in the last three months of 2004 dropped by half.").context, "months of 2004");
        assert_eq!(one("It ended after 14 years of wrangling that has cost millions.").context, "years of wrangling");
        assert_eq!(one("He has seen 12 winters of the 1970s, he said.").context, "winters of the 1970s");
        let f = one("Putin has visited Vietnam four times");
        assert_eq!((f.kind, f.value), (FigureKind::Frequency, 4.0));
    }

    #[test]
    fn years_and_known_sets_are_not_figures() {
        assert!(find("In 2001, the two countries signed it. In 1994 both sides met.").is_empty());
        assert!(find("the two countries and their three leaders met one of the envoys").is_empty());
    }

    #[test]
    fn spelled_out_counts_scales_and_ranges() {
        let f = one("Police said two gunmen fired");
        assert_eq!((f.kind, f.value, f.unit.as_str()), (FigureKind::Count, 2.0, "gunmen"));
        assert_eq!(one("Six regional unions will strike").value, 6.0);
        let f = one("some 1.6 million cases were reported");
        assert_eq!((f.value, f.unit.as_str()), (1.6e6, "cases"));
        assert_eq!(one("up to 2.5m workers could join").value, 2.5e6);
        let f = one("raising the age from 60 to 65 for staff");
        assert_eq!((f.value, f.value_max), (60.0, Some(65.0)));
        assert_eq!(one("a box of 12 Ealing Studios comedies").unit, "Ealing Studios comedies");
    }

    #[test]
    fn a_hyphened_count_range_but_no_score_model_number_or_linked_clause() {
        let f = one("the scheme is limited to 30-40 enterprises");
        assert_eq!(
            (f.kind, f.value, f.value_max, f.unit.as_str()),
            (FigureKind::Count, 30.0, Some(40.0), "enterprises")
        );
        for text in [
            "it agreed the sale of 10 737-800 planes",
            "Wales were rampant 42-6 victors on Saturday",
            "the scores were level at 31-31 with the clock running",
            "he led 20 before he was broken",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
        // An approximate count is still one.
        assert_eq!(find("it takes two or three weeks").len(), 1);
    }

    #[test]
    fn measures_scores_ages_and_ranks() {
        let f = one("she won the 8km race");
        assert_eq!((f.kind, f.value, f.unit.as_str()), (FigureKind::Measure, 8.0, "km"));
        assert_eq!(one("pulled clear over the last three kilometres").unit, "km");
        assert_eq!(one("a four-kilometre loop").value, 4.0);
        let f = one("the parcel weighed 40 pounds");
        assert_eq!((f.kind, f.unit.as_str()), (FigureKind::Measure, "lb"));
        assert_eq!(one("the fine was 40 pounds").unit, "GBP");
        let f = one("Rovers beat the hosts 21-14 at home");
        assert_eq!((f.kind, f.value, f.value_max), (FigureKind::Score, 21.0, Some(14.0)));
        assert!(find("pages 21-14 of the report").is_empty(), "no result is told");
        let f = one("a 56-year-old singer");
        assert_eq!((f.kind, f.value, f.span.len()), (FigureKind::Age, 56.0, "56-year-old".len()));
        let both = find("a 12-year-old girl and a 3-year-old horse");
        assert_eq!(both.iter().map(|f| f.context.as_str()).collect::<Vec<_>>(), ["girl", "horse"]);
        assert_eq!(one("the girl, now 12 years old, said").kind, FigureKind::Age);
        assert_eq!(one("he served a five-year term").kind, FigureKind::Duration);
        let f = one("Ortega, 61, left the club");
        assert_eq!((f.kind, f.value), (FigureKind::Age, 61.0));
        assert_eq!(one("his 499th appearance").value, 499.0);
        assert_eq!(one("she finished in third place").unit, "place");
        assert!(find("the first time in the 19th century").is_empty());
    }

    #[test]
    fn durations_with_an_article_but_not_rates_or_dates() {
        assert_eq!(one("the talks lasted a fortnight").unit, "fortnights");
        assert_eq!(one("less than a month to go").value, 1.0);
        assert!(find("three weeks ago").is_empty(), "a date, not a duration");
        let rates: Vec<_> = find("rising 10-15 per cent a year, once a week").into_iter().map(|f| f.kind).collect();
        assert_eq!(rates, [FigureKind::Percent]);
    }

    #[test]
    fn numbers_inside_names_and_dates_are_not_figures() {
        let body = "Covid-19 cases rose on March 14 as the G20 and the Top 500 list met in 2021, with F-16 jets.";
        let texts: Vec<&str> = find(body).into_iter().map(|x| &body[x.span]).collect();
        assert!(texts.is_empty(), "{texts:?}");
    }
}
