//! Key figures: money, percentages, counts of things, durations, ordinals, frequencies and shares,
//! each with a numeric value, a unit, a qualifier ("nearly") and what it measures.
//! Bare years are dates, not figures.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};
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

const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
// Longest alternatives first: the regex takes the first that matches.
const WORD_NUM: &str = r"(?:tens of thousands|hundreds of thousands|a hundred|a thousand|a million|a dozen|hundreds|thousands|millions|dozens|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)";
/// Currency words after a number, beyond the symbols: the world's, not one country's.
const CURRENCY_WORD: &str = r"USD|US dollars|dollars|euros|pounds|VND|dong|đồng|roubles|rubles|yuan|yen|rupiah|rupees|won|pesos|francs|rand|lira|naira|ringgit|baht|shekels|kroner|kronor|zloty|hryvnias|dirhams|riyals|reais|renminbi";
const QUALIFIER: &str = r"(?:only about|just over|just under|more than|less than|fewer than|up to|at least|as many as|as much as|an estimated|nearly|almost|about|around|approximately|roughly|over|some|only|just|under|below|above|exceeding)";
const SCALE: &str = r"(?:bn|billion|mn|m|million|k|thousand|trillion|tn)";

/// Word boundaries are ASCII: the anchors here (digits, English words) are ASCII, and an ASCII
/// `\b` lets the regex engine use its fast DFA on non-ASCII text too.
fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("figure patterns are valid")
}

static MONEY_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?P<cur>US\$|\$|£|€|¥)\s?(?P<num>{NUM})(?:\s?(?P<scale>{SCALE})\b)?")));
static MONEY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"\b(?P<num>{NUM})(?:\s?[-–]\s?(?P<max>{NUM}))?\s?(?:(?P<scale>{SCALE})\s)?(?P<cur>{CURRENCY_WORD})\b"))
});
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"\b(?P<num>{NUM})(?:\s?[-–]\s?(?P<max>{NUM}))?\s?(?:%|per ?cent\b|percentage points?\b)"))
});
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?P<num>{NUM}|{WORD_NUM})(?:\s?[-–]\s?(?P<max>{NUM}))?[\s-](?P<unit>days?|weeks?|months?|years?|decades?|hours?|minutes?|centuries|century)\b"
    ))
});
static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?P<ord>\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|twentieth|thirtieth|fiftieth|hundredth)(?:\s|\u{a0})+(?:(?P<adj>[a-z]+)\s+)?(?P<unit>anniversary|visit|term|summit|congress|session|meeting|round|edition|title|victory|win|defeat|consecutive|straight|quarter|year)\b",
    )
});
static FREQUENCY: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b(?:(?P<num>{NUM}|{WORD_NUM})\s+times|(?P<twice>twice))\b")));
/// "a third of the firm", "two-thirds of voters", "half of all cases".
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?P<share>(?i:two[- ]thirds|three[- ]quarters|one[- ]third|one[- ]quarter|a third|a quarter|half))\s+of\b")
});
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?P<num>{NUM}|{WORD_NUM})\s+(?P<noun>(?:[a-z][a-z-]*\s+){{0,2}}?(?:[a-z][a-z-]*[^s\s]s|people|children|staff|men|women|police|cattle))\b"
    ))
});
/// "Tens of thousands of Vietnamese scientists": a vague count, of a noun phrase.
static VAGUE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?P<num>(?i:tens of thousands|hundreds of thousands|tens of millions|thousands|hundreds|millions|dozens)) of (?P<noun>(?:\p{L}+\s+){0,2}?\p{Ll}+s)\b",
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
    const WORDS: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
        "twelfth",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == word) {
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

/// All patterns at once: one pass says which can match, so only those scan the body.
static ANY: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    let all =
        [&*MONEY_SYMBOL, &*MONEY_WORD, &*PERCENT, &*DURATION, &*ORDINAL, &*FREQUENCY, &*COUNT, &*VAGUE_COUNT, &*SHARE];
    regex::RegexSet::new(all.iter().map(|r| r.as_str())).expect("figure patterns are valid")
});

pub fn find(body: &str) -> Vec<Figure> {
    let mut candidates: Vec<Candidate> = Vec::new();
    let present = ANY.matches(body);
    let run = |i: usize, r: &'static Regex| present.matched(i).then(|| r.captures_iter(body)).into_iter().flatten();
    let whole = |c: &Captures| c.get(0).map_or(0..0, |m| m.range());
    for c in run(0, &MONEY_SYMBOL).chain(run(1, &MONEY_WORD)) {
        // "in 2004 won the title": a year before the verb is no sum of Korean money.
        if &c["cur"] == "won" && looks_like_year(&c["num"]) {
            continue;
        }
        let Some(value) = number_value(&c["num"]) else { continue };
        let scale = scale_value(c.name("scale").map(|m| m.as_str()));
        // "5-8 euros", "40-60bn pesos": the scale applies to both ends.
        let value_max = c.name("max").and_then(|m| number_value(m.as_str())).map(|v| v * scale);
        candidates.push(Candidate {
            span: whole(&c),
            kind: FigureKind::Money,
            value: value * scale,
            value_max,
            unit: currency(&c["cur"]),
        });
    }
    for c in run(2, &PERCENT) {
        let Some(value) = number_value(&c["num"]) else { continue };
        let value_max = c.name("max").and_then(|m| number_value(m.as_str()));
        candidates.push(Candidate { span: whole(&c), kind: FigureKind::Percent, value, value_max, unit: "%".into() });
    }
    for c in run(3, &DURATION) {
        let Some(value) = number_value(&c["num"]) else { continue };
        let value_max = c.name("max").and_then(|m| number_value(m.as_str()));
        let unit = c["unit"].trim_end_matches('s').to_string() + "s";
        candidates.push(Candidate { span: whole(&c), kind: FigureKind::Duration, value, value_max, unit });
    }
    for c in run(4, &ORDINAL) {
        let Some(value) = ordinal_value(&c["ord"]) else { continue };
        // "the first foreign trip" is not a figure; an ordinal needs a noun that is counted.
        if c.name("adj").is_some_and(|a| a.as_str() == "of") {
            continue;
        }
        candidates.push(Candidate {
            span: whole(&c),
            kind: FigureKind::Ordinal,
            value,
            value_max: None,
            unit: c["unit"].to_string(),
        });
    }
    for c in run(5, &FREQUENCY) {
        let value = match c.name("num") {
            Some(num) => match number_value(num.as_str()) {
                Some(v) => v,
                None => continue,
            },
            None => 2.0, // "twice"
        };
        candidates.push(Candidate {
            span: whole(&c),
            kind: FigureKind::Frequency,
            value,
            value_max: None,
            unit: "times".into(),
        });
    }
    for c in run(6, &COUNT) {
        let num = &c["num"];
        // Small numbers in words ("two countries") are prose, not key figures.
        let small_word = word_value(num).is_some_and(|v| v < 11.0) && !num.starts_with('a');
        if looks_like_year(num) || small_word {
            continue;
        }
        let before = &body[..c.get(0).map_or(0, |m| m.start())];
        if before.ends_with('$') || before.ends_with("US$") || before.ends_with('£') {
            continue;
        }
        let Some(value) = number_value(num) else { continue };
        let noun = c["noun"].to_string();
        candidates.push(Candidate { span: whole(&c), kind: FigureKind::Count, value, value_max: None, unit: noun });
    }
    for c in run(7, &VAGUE_COUNT) {
        let Some(value) = word_value(&c["num"].to_lowercase()) else { continue };
        let noun = c["noun"].to_string();
        candidates.push(Candidate { span: whole(&c), kind: FigureKind::Count, value, value_max: None, unit: noun });
    }
    for c in run(8, &SHARE) {
        let share = c.name("share").map_or(0..0, |m| m.range());
        candidates.push(Candidate {
            span: share.clone(),
            kind: FigureKind::Share,
            value: share_value(&body[share]),
            value_max: None,
            unit: "share".into(),
        });
    }
    // "Covid-19 cases", "F-16 jets", "MH17": a number glued to a word is part of a name.
    candidates.retain(|c| {
        let starts_with_digit = body[c.span.clone()].starts_with(|ch: char| ch.is_ascii_digit());
        let before = body[..c.span.start].strip_suffix('-').unwrap_or(&body[..c.span.start]);
        !(starts_with_digit && before.ends_with(char::is_alphabetic))
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
        FigureKind::Duration => 2,
        FigureKind::Ordinal => 3,
        FigureKind::Frequency => 4,
        FigureKind::Share => 5,
        FigureKind::Count => 6,
    }
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
    let context = match kind {
        FigureKind::Count | FigureKind::Ordinal if subject.split_whitespace().count() < 2 => {
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
        let f = one("Putin has visited Vietnam four times");
        assert_eq!((f.kind, f.value), (FigureKind::Frequency, 4.0));
    }

    #[test]
    fn years_and_small_words_are_not_figures() {
        assert!(find("In 2001, the two countries signed it. In 1994 two sides met.").is_empty());
        assert!(find("the two countries and three sides").is_empty());
    }

    #[test]
    fn numbers_inside_names_and_dates_are_not_figures() {
        let body = "Covid-19 cases rose on March 14 as the G20 and the Top 500 list met in 2021, with F-16 jets.";
        let texts: Vec<&str> = find(body).into_iter().map(|x| &body[x.span]).collect();
        assert!(texts.is_empty(), "{texts:?}");
    }
}
