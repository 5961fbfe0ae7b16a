//! The open article laid out for the reader pane: headline and metadata lines, then the body
//! wrapped to a width, each body line keeping its byte range in the body so that highlights
//! (entities, figures, dates, search matches) are drawn by range with no re-parsing per frame.

use std::ops::Range;

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

pub use crate::text::wrap_ranges;

impl Document {
    /// `meta_lines`: the metadata line, then any lines saying why values were inferred; each
    /// wraps on its own.
    pub fn build(index: usize, article: &Article, meta_lines: &[String], width: u16) -> Document {
        let w = usize::from(width.max(1));
        let mut header_text = String::new();
        let mut lines = Vec::new();
        let title = article.meta.title_or_placeholder();
        header_text.push_str(title);
        for r in wrap_ranges(title, w, 0) {
            lines.push(DocLine { kind: LineKind::Title, range: r });
        }
        for meta_line in meta_lines {
            let meta_start = header_text.len() + 1;
            header_text.push('\n');
            header_text.push_str(meta_line);
            for r in wrap_ranges(meta_line, w, meta_start) {
                lines.push(DocLine { kind: LineKind::Meta, range: r });
            }
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

    /// The index of the line that shows body byte `offset` (the nearest line before it). The
    /// body's first byte is the top of the article, header and all: an article saved at its
    /// top opens there, headline in view.
    pub fn line_of_offset(&self, offset: usize) -> usize {
        if offset == 0 {
            return 0;
        }
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
