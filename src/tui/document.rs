//! The open article laid out for the reader pane: headline and metadata lines, then the body
//! wrapped to a width, each body line keeping its byte range in the body so that highlights
//! (entities, figures, dates, search matches) are drawn by range with no re-parsing per frame.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::article::{Article, BlockKind};

/// Indent of caption lines, in cells.
pub const CAPTION_INDENT: u16 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Headline, wrapped; `inferred` when the headline is not printed in the capture.
    Title,
    Meta,
    Blank,
    Body(BlockKind),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub kind: LineKind,
    /// For body lines, the byte range in the body; for header lines, in `Document::header_text`.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub article: usize,
    pub width: u16,
    /// Headline and metadata text that header lines index into.
    pub header_text: String,
    pub lines: Vec<DocLine>,
}

/// Greedy word wrap by display width; words wider than the line are broken by character.
/// Returns byte ranges into `text`, offset by `base`.
pub fn wrap_ranges(text: &str, width: usize, base: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line_start: Option<usize> = None;
    let mut line_end = 0;
    let mut line_width = 0;
    let mut words = text.char_indices().peekable();
    while let Some(&(start, c)) = words.peek() {
        if c.is_whitespace() {
            words.next();
            continue;
        }
        // One word: up to the next whitespace.
        let mut end = start;
        let mut w = 0;
        while let Some(&(i, c)) = words.peek() {
            if c.is_whitespace() {
                break;
            }
            end = i + c.len_utf8();
            w += c.width().unwrap_or(0);
            words.next();
        }
        let needed = if line_start.is_some() { line_width + 1 + w } else { w };
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
            let cw = c.width().unwrap_or(0);
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

impl Document {
    pub fn build(index: usize, article: &Article, meta_line: &str, width: u16) -> Document {
        let w = usize::from(width.max(1));
        let mut header_text = String::new();
        let mut lines = Vec::new();
        let title = article.meta.title_or_placeholder();
        header_text.push_str(title);
        for r in wrap_ranges(title, w, 0) {
            lines.push(DocLine { kind: LineKind::Title, range: r });
        }
        let meta_start = header_text.len() + 1;
        header_text.push('\n');
        header_text.push_str(meta_line);
        for r in wrap_ranges(meta_line, w, meta_start) {
            lines.push(DocLine { kind: LineKind::Meta, range: r });
        }
        for block in &article.blocks {
            lines.push(DocLine { kind: LineKind::Blank, range: 0..0 });
            let indent = if block.kind == BlockKind::Caption { usize::from(CAPTION_INDENT) } else { 0 };
            let text = article.block_text(block);
            for r in wrap_ranges(text, w.saturating_sub(indent).max(1), block.range.start) {
                lines.push(DocLine { kind: LineKind::Body(block.kind), range: r });
            }
        }
        Document { article: index, width, header_text, lines }
    }

    /// The index of the line that shows body byte `offset` (the nearest line before it).
    pub fn line_of_offset(&self, offset: usize) -> usize {
        let mut best = 0;
        for (i, l) in self.lines.iter().enumerate() {
            if matches!(l.kind, LineKind::Body(_)) {
                if l.range.start > offset {
                    break;
                }
                best = i;
            }
        }
        best
    }

    /// The body byte offset shown at line `index` (for saving the reading position).
    pub fn offset_of_line(&self, index: usize) -> usize {
        self.lines[index.min(self.lines.len().saturating_sub(1))..]
            .iter()
            .find(|l| matches!(l.kind, LineKind::Body(_)))
            .map_or(0, |l| l.range.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wraps_by_display_width_and_keeps_ranges() {
        let text = "Việt Nam and Russia have a rich common history";
        let lines = wrap_ranges(text, 12, 100);
        for r in &lines {
            let line = &text[r.start - 100..r.end - 100];
            assert!(line.width() <= 12, "{line:?}");
        }
        assert_eq!(&text[lines[0].start - 100..lines[0].end - 100], "Việt Nam and");
    }

    #[test]
    fn breaks_words_longer_than_the_line() {
        let text = "a verylongwordindeed b";
        let lines = wrap_ranges(text, 5, 0);
        assert!(lines.iter().all(|r| text[r.clone()].width() <= 5), "{lines:?}");
        let shown: Vec<&str> = lines.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["a", "veryl", "ongwo", "rdind", "eed b"]);
    }

    #[test]
    fn wide_characters_and_width_one() {
        let text = "日本語 テキスト";
        for width in 1..8 {
            for r in wrap_ranges(text, width, 0) {
                assert!(text[r.clone()].width() <= width.max(2), "{width}: {:?}", &text[r]);
            }
        }
    }
}
