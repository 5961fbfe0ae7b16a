//! Small text helpers shared by the importer, the analysis and the filter: diacritic folding,
//! slugs, English calendar words.

use chrono::Weekday;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases and removes diacritics, for matching only ("Việt Nam" -> "viet nam").
/// Never shown to a reader: display text keeps its diacritics.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] into an existing buffer (cleared first), to reuse its allocation.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    // Each character decomposed on its own: the string's NFD would also put combining marks
    // in canonical order, which does not matter once they are dropped. The ASCII runs between
    // accented letters (most of a Latin-script text) are copied lower-cased as bytes.
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let (run, after) = rest.split_at(ascii);
        let from = out.len();
        out.push_str(run);
        out[from..].make_ascii_lowercase();
        let mut chars = after.chars();
        if let Some(c) = chars.next() {
            unicode_normalization::char::decompose_canonical(c, |d| push_folded(d, out));
        }
        rest = chars.as_str();
    }
}

/// One character of a decomposition, folded.
fn push_folded(c: char, out: &mut String) {
    if is_combining_mark(c) {
        return;
    }
    match c {
        // Letters with a stroke do not decompose in Unicode.
        'đ' | 'Đ' => out.push('d'),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        _ => out.extend(c.to_lowercase()),
    }
}

/// The 1-based line of `text` (TOML) on which `key = ...` is set, bare or quoted.
pub fn toml_key_line(text: &str, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let rest = line.strip_prefix(quoted.as_str()).or_else(|| line.strip_prefix(key));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// NFC form, so that precomposed and decomposed Vietnamese compare equal.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// The longest slug, in bytes: well inside any file system's limit on a name.
pub const MAX_SLUG_BYTES: usize = 80;

/// A file-name-safe slug of at most `max_words` words and [`MAX_SLUG_BYTES`]:
/// "Việt Nam's visit" -> "viet-nam-s-visit". Any script is transliterated (`deunicode`), so a
/// Cyrillic or Chinese headline gives a readable id rather than none.
pub fn slug(text: &str, max_words: usize) -> String {
    let latin = deunicode::deunicode(text).to_ascii_lowercase();
    let mut out = String::new();
    for word in latin.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(max_words) {
        let room = MAX_SLUG_BYTES.saturating_sub(out.len() + usize::from(!out.is_empty()));
        if room == 0 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word[..word.len().min(room)]);
    }
    if out.is_empty() { "article".to_string() } else { out }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month number from an English name or common abbreviation ("June", "Jun", "Sept").
pub fn month_from_name(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    if lower == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| *m == lower || (lower.len() == 3 && m.starts_with(&lower))).map(|i| i as u32 + 1)
}

/// Month number from digits or a name.
pub fn month_from_text(text: &str) -> Option<u32> {
    match text.parse::<u32>() {
        Ok(n) if (1..=12).contains(&n) => Some(n),
        Ok(_) => None,
        Err(_) => month_from_name(text),
    }
}

pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

pub fn weekday_from_name(name: &str) -> Option<Weekday> {
    name.parse::<Weekday>().ok().filter(|_| name.len() >= 3)
}

/// The longest prefix of `text` that fits in `max_chars` characters, cut at a word boundary,
/// with an ellipsis when anything was cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut = text.char_indices().nth(max_chars).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ', '-', '–', '—']))
}

/// Greedy word wrap by display width; words wider than the line are broken by character.
/// Returns byte ranges into `text`, offset by `base`. The one wrapper of tidings: the reader
/// styles these ranges, `tidings show` prints them, so both break lines alike.
pub fn wrap_ranges(text: &str, width: usize, base: usize) -> Vec<std::ops::Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line_start: Option<usize> = None;
    let mut line_end = 0;
    let mut line_width = 0;
    // A no-break space joins what it separates: "(w\u{a0}why\u{a0}~)" stays on one line.
    let breaks = |c: char| c.is_whitespace() && c != '\u{a0}';
    let mut words = text.char_indices().peekable();
    while let Some(&(start, c)) = words.peek() {
        if breaks(c) {
            words.next();
            continue;
        }
        // One word: up to the next whitespace.
        let mut end = start;
        let mut w = 0;
        while let Some(&(i, c)) = words.peek() {
            if breaks(c) {
                break;
            }
            end = i + c.len_utf8();
            w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            words.next();
        }
        // The range keeps the text's own spacing ("MOSCOW  (w why ~)"), so the gap counts as
        // printed, not as one space.
        let needed = if line_start.is_some() { line_width + text[line_end..start].chars().count() + w } else { w };
        if needed <= width {
            if line_start.is_none() {
                line_start = Some(start);
            }
            line_end = end;
            line_width = needed;
            continue;
        }
        if let Some(s) = line_start.take() {
            lines.push(base + s..base + line_end);
        }
        if w <= width {
            line_start = Some(start);
            line_end = end;
            line_width = w;
            continue;
        }
        // A word wider than the line: break it into pieces that fit.
        let mut piece_start = start;
        let mut piece_width = 0;
        for (i, c) in text[start..end].char_indices() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if piece_width + cw > width && piece_width > 0 {
                lines.push(base + piece_start..base + start + i);
                piece_start = start + i;
                piece_width = 0;
            }
            piece_width += cw;
        }
        line_start = Some(piece_start);
        line_end = end;
        line_width = piece_width;
    }
    if let Some(s) = line_start {
        lines.push(base + s..base + line_end);
    }
    lines
}

/// The FNV-1a offset basis (64 bits), where [`fnv1a`] hashes start.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `hash`: a hash that stays the same across builds and
/// machines (std's hasher does not), for keys stored on disk.
pub fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_line_counts_the_spaces_it_keeps() {
        // Two spaces between words are two columns: "ab  cd" is 6 wide and cannot fit 5.
        let text = "ab  cd ef";
        let lines: Vec<&str> = wrap_ranges(text, 5, 0).into_iter().map(|r| &text[r]).collect();
        assert_eq!(lines, ["ab", "cd ef"]);
        for width in 1..12 {
            for r in wrap_ranges("VNA · 2025  (w why ~)", width, 0) {
                assert!("VNA · 2025  (w why ~)"[r].chars().count() <= width, "{width}");
            }
        }
    }

    #[test]
    fn a_no_break_space_keeps_its_words_on_one_line() {
        let text = "MOSCOW  (w\u{a0}why\u{a0}~)";
        let lines: Vec<&str> = wrap_ranges(text, 12, 0).into_iter().map(|r| &text[r]).collect();
        assert_eq!(lines, ["MOSCOW", "(w\u{a0}why\u{a0}~)"]);
        // Wider than the line, the joined run is still broken rather than overflowing.
        assert!(wrap_ranges(text, 5, 0).into_iter().all(|r| text[r].chars().count() <= 5));
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Việt Nam"), "viet nam");
        assert_eq!(fold("HÀ NỘI"), "ha noi");
        assert_eq!(fold("Nguyễn Phú Trọng"), "nguyen phu trong");
        assert_eq!(fold("Đà Nẵng"), "da nang");
        assert_eq!(fold("Tô Lâm"), "to lam");
    }

    /// Folding through the whole string's NFD, as it was first written.
    fn fold_by_nfd(text: &str) -> String {
        let mut out = String::new();
        text.nfd().for_each(|c| push_folded(c, &mut out));
        out
    }

    #[test]
    fn folding_by_character_agrees_with_the_string_nfd() {
        // Every character of the Latin, Greek, Cyrillic and Vietnamese ranges and the Hangul
        // syllables, alone and between letters and combining marks.
        let ranges = [0x20u32..0x3000, 0xAC00..0xAC00 + 2000, 0x1E00..0x1F00];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}\u{301}b"), format!("{c}\u{323}\u{302}")] {
                assert_eq!(fold(&text), fold_by_nfd(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn folding_decomposed_and_precomposed_agree() {
        let decomposed: String = "Việt".nfd().collect();
        assert_eq!(fold(&decomposed), fold("Việt"));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("President’s Putin visit impetus for further cooperation", 6),
            "president-s-putin-visit-impetus-for"
        );
        assert_eq!(slug("!!!", 6), "article");
        assert_eq!(slug("Путин посетил Ханой", 6), "putin-posetil-khanoi");
        assert_eq!(slug("Việt Nam – Đà Nẵng", 6), "viet-nam-da-nang");
        let long = slug(&"x".repeat(300), 6);
        assert_eq!(long.len(), MAX_SLUG_BYTES);
        assert!(slug(&"word ".repeat(100), 60).len() <= MAX_SLUG_BYTES);
    }

    #[test]
    fn months_and_weekdays() {
        assert_eq!(month_from_name("June"), Some(6));
        assert_eq!(month_from_name("Sept."), Some(9));
        assert_eq!(month_from_name("Ju"), None);
        assert_eq!(month_from_text("06"), Some(6));
        assert_eq!(month_from_text("13"), None);
        assert_eq!(weekday_from_name("Wednesday"), Some(Weekday::Wed));
        assert_eq!(weekday_from_name("Saturday"), Some(Weekday::Sat));
    }

    #[test]
    fn shortens_at_word_boundaries() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("The relationship, set up on January", 20), "The relationship…");
        assert_eq!(shorten("The relationship, set up on January", 22), "The relationship, set…");
    }
}
