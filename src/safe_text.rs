//! Text from articles is data, never terminal commands. An article (or a crafted page) can hold
//! escape sequences that set the window title, clear the screen or write the clipboard, and
//! bidirectional overrides that make one name display as another. Imported text is cleaned of
//! them ([`clean`]); everything printed to a terminal goes through [`TerminalSafe`], which
//! makes them visible instead.

use std::borrow::Cow;
use std::io::{self, Write};

/// Bidirectional embeddings, overrides and isolates: they reorder what follows them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` can act on a terminal or reorder text (tab and newline are text).
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// A visible stand-in: the control pictures for C0 controls (ESC shows as ␛), else U+FFFD.
fn visible(c: char) -> char {
    match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7f}' => '␡',
        _ => '\u{FFFD}',
    }
}

/// `text` with every unsafe character made visible.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_unsafe(c) { visible(c) } else { c }).collect())
}

/// Whether `bytes` (UTF-8) may hold a character [`clean`] changes: a C0 control other than
/// tab and newline (a carriage return included), DEL, a C1 control (U+0080-U+009F, encoded
/// C2 80-9F) or a bidirectional control (U+202A-202E: E2 80 AA-AE; U+2066-2069: E2 81 A6-A9).
/// Byte by byte rather than char by char: a library's load runs this over every file, and
/// decoding every character cost more than the rest of reading the metadata.
fn may_need_cleaning(bytes: &[u8]) -> bool {
    // A cheap test every byte passes through first (branch-free, so the compiler vectorises
    // it): the bytes that can start such a character. Only a chunk holding one is looked at
    // closely — news text has curly quotes (E2 80 9C) but rarely anything to clean.
    let suspect = |b: u8| ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2);
    let mut start = 0;
    for chunk in bytes.chunks(64) {
        if chunk.iter().fold(false, |acc, &b| acc | suspect(b)) && needs_cleaning_at(bytes, start..start + chunk.len())
        {
            return true;
        }
        start += chunk.len();
    }
    false
}

/// Whether a character [`clean`] changes starts in `range` of `bytes`.
fn needs_cleaning_at(bytes: &[u8], range: std::ops::Range<usize>) -> bool {
    range.into_iter().any(|i| match bytes[i] {
        b'\n' | b'\t' => false,
        0..0x20 | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xe2 => match bytes.get(i + 1) {
            Some(0x80) => bytes.get(i + 2).is_some_and(|n| (0xaa..=0xae).contains(n)),
            Some(0x81) => bytes.get(i + 2).is_some_and(|n| (0xa6..=0xa9).contains(n)),
            _ => false,
        },
        _ => false,
    })
}

/// `text` with unsafe characters dropped (a carriage return becomes a line break), for text
/// that is stored: imported articles.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !may_need_cleaning(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(text.chars().filter(|&c| !is_unsafe(c)).collect())
}

/// `text` with numeric character references decoded ("&#163;1.8m" is "£1.8m"): text copied
/// out of a page's source keeps them, and no news text means them literally. Named references
/// ("&lt;") stay, as a technical story may print one; so does a reference to a control
/// character or to no character at all.
pub fn decode_numeric_references(text: &str) -> Cow<'_, str> {
    decode_numeric_references_where(text, |c| !c.is_control())
}

/// [`decode_numeric_references`] for the characters `wanted` accepts; the others stay as
/// written. Decimal references have up to 7 digits, hexadecimal ones up to 6.
pub fn decode_numeric_references_where(text: &str, wanted: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.contains("&#") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let (digits, radix, most) = match after.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6),
            None => (after, 10, 7),
        };
        let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
        let decoded = Some(len)
            .filter(|len| (1..=most).contains(len) && digits[*len..].starts_with(';'))
            .and_then(|len| u32::from_str_radix(&digits[..len], radix).ok())
            .and_then(char::from_u32)
            .filter(|&c| wanted(c));
        if let Some(c) = decoded {
            out.push(c);
            let consumed = 2 + (after.len() - digits.len()) + len + 1;
            rest = &rest[at + consumed..];
        } else {
            out.push_str("&#");
            rest = &rest[at + 2..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A writer for a terminal: whatever passes through has its unsafe characters made visible.
/// Bytes that are not UTF-8 show as U+FFFD; a character split across two writes is joined.
pub struct TerminalSafe<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> TerminalSafe<W> {
        TerminalSafe { inner, pending: Vec::new() }
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut at = 0;
        while at < self.pending.len() {
            match std::str::from_utf8(&self.pending[at..]) {
                Ok(text) => {
                    self.inner.write_all(for_terminal(text).as_bytes())?;
                    at = self.pending.len();
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    let text = std::str::from_utf8(&self.pending[at..at + valid]).unwrap_or_default();
                    self.inner.write_all(for_terminal(text).as_bytes())?;
                    match e.error_len() {
                        Some(bad) => {
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            at += valid + bad;
                        }
                        // The rest of a character comes with the next write.
                        None => {
                            at += valid;
                            break;
                        }
                    }
                }
            }
        }
        self.pending.drain(..at);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_agrees_with_the_characters() {
        // Every character of the first planes that matter, alone and between letters.
        for code in (0..0x3000u32).chain(0xfe00..0x10000) {
            let Some(c) = char::from_u32(code) else { continue };
            let text = format!("a{c}b");
            let expected = is_unsafe(c) || c == '\r';
            assert_eq!(may_need_cleaning(text.as_bytes()), expected, "U+{code:04X}");
            assert_eq!(may_need_cleaning(c.to_string().as_bytes()), expected, "U+{code:04X} alone");
            // Across the check's chunks of 64 bytes.
            let long = format!("{}{c}{}", "x".repeat(63), "y".repeat(70));
            assert_eq!(may_need_cleaning(long.as_bytes()), expected, "U+{code:04X} at a chunk's edge");
        }
    }

    #[test]
    fn numeric_references_are_decoded_and_the_rest_kept() {
        assert_eq!(decode_numeric_references("&#163;1.8m fine for Caf&#233; &#x2014; a"), "£1.8m fine for Café — a");
        assert_eq!(
            decode_numeric_references("a &lt;b&gt; &#; &#12 &#0; &#x110000; &#"),
            "a &lt;b&gt; &#; &#12 &#0; &#x110000; &#"
        );
        assert!(matches!(decode_numeric_references("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_and_overrides_are_made_visible() {
        let title = "Set title\u{1b}]0;pwned\u{7}, clipboard \u{1b}]52;c;ZXZpbA==\u{7} \u{202e}evil\u{2069}";
        let shown = for_terminal(title);
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{202e}'), "{shown}");
        assert!(shown.contains("␛]0;pwned␇"), "{shown}");
        assert_eq!(for_terminal("Hà Nội\tok\n"), "Hà Nội\tok\n", "ordinary text is untouched");
    }

    #[test]
    fn the_writer_joins_characters_split_across_writes() {
        let mut out = TerminalSafe::new(Vec::new());
        let bytes = "é\u{1b}[2J".as_bytes();
        out.write_all(&bytes[..1]).unwrap();
        out.write_all(&bytes[1..]).unwrap();
        out.write_all(b"\xff!").unwrap();
        assert_eq!(String::from_utf8(out.inner).unwrap(), "é␛[2J\u{FFFD}!");
    }

    #[test]
    fn stored_text_is_cleaned() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m\r\nb\u{202e}c"), "a[31mred[0m\nbc");
    }
}
