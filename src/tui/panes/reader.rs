//! The reader: headline, metadata, and the body with entities coloured by kind, figures and
//! dates marked, search matches and the current mention on top; captions dimmed.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget, Wrap};

use crate::article::BlockKind;
use crate::extract::EntityKind;
use crate::tui::app::{App, Focus};
use crate::tui::document::{CAPTION_INDENT, LineKind};

pub struct ReaderPane<'a> {
    pub app: &'a App,
}

/// The column where text starts: the text column is centred when narrower than the pane.
pub fn text_left(app: &App, area: Rect) -> u16 {
    let inner = area.inner(Margin { horizontal: 2, vertical: 1 });
    let width = app.reader.doc.as_ref().map_or(inner.width, |d| d.width.min(inner.width));
    inner.x + (inner.width - width) / 2
}

/// Styled ranges of the body, lowest layer first.
struct Layers<'a> {
    kinds: Vec<(Range<usize>, Style)>,
    search: &'a [Range<usize>],
    current: Option<Range<usize>>,
    flash: Option<Range<usize>>,
}

fn style_at(layers: &Layers, app: &App, a: usize, b: usize, base: Style) -> Style {
    let covers = |r: &Range<usize>| r.start <= a && b <= r.end;
    let mut style = base;
    for (r, s) in &layers.kinds {
        if covers(r) {
            style = style.patch(*s);
        }
    }
    if layers.search.iter().any(covers) {
        style = style.patch(app.theme.style("search_match"));
    }
    if layers.current.as_ref().is_some_and(covers) {
        style = style.patch(app.theme.style("selection"));
    }
    if layers.flash.as_ref().is_some_and(covers) {
        style = style.patch(app.theme.style("flash"));
    }
    style
}

fn body_line<'b>(app: &App, layers: &Layers, body: &'b str, range: Range<usize>, base: Style) -> Vec<Span<'b>> {
    let mut cuts = vec![range.start, range.end];
    let mut add = |r: &Range<usize>| {
        for p in [r.start, r.end] {
            if p > range.start && p < range.end && body.is_char_boundary(p) {
                cuts.push(p);
            }
        }
    };
    layers.kinds.iter().for_each(|(r, _)| add(r));
    layers.search.iter().for_each(&mut add);
    layers.current.iter().for_each(&mut add);
    layers.flash.iter().for_each(&mut add);
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2).map(|w| Span::styled(&body[w[0]..w[1]], style_at(layers, app, w[0], w[1], base))).collect()
}

impl Widget for ReaderPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let (Some(index), Some(doc)) = (app.reader.open, app.reader.doc.as_ref()) else {
            let block = super::frame(app, Focus::Reader, " Reader ".into());
            let inner = block.inner(area);
            block.render(area, buf);
            let open = app.keymap.label(&crate::tui::Action::Open);
            let help = app.keymap.label(&crate::tui::Action::Help);
            Paragraph::new(format!(
                "Choose an article in the list and press {open} to read it.\n\n{help} shows every key."
            ))
            .wrap(Wrap { trim: true })
            .style(Style::default().add_modifier(Modifier::DIM))
            .render(inner.inner(Margin { horizontal: 1, vertical: 0 }), buf);
            return;
        };
        let article = app.article(index);
        // While the article is being analysed, its text shows without highlights.
        let empty = crate::extract::ArticleAnalysis::default();
        let x = app.article_analysis(index).unwrap_or(&empty);
        let height = app.reader_height();
        let total = doc.lines.len();
        // As less shows it: Top, Bot, or how far down the last line in view is.
        let position_in_text = if total <= height {
            "All".to_string()
        } else if app.reader.scroll == 0 {
            "Top".to_string()
        } else if app.reader.scroll + height >= total {
            "Bot".to_string()
        } else {
            format!("{}%", (app.reader.scroll + height) * 100 / total)
        };
        let position = app
            .list
            .visible
            .iter()
            .position(|&i| i == index)
            .map_or(String::new(), |p| format!("{}/{} ", p + 1, app.list.visible.len()));
        // The pane is named by the article's headline (the id is for scripts: `tidings show`).
        let room = usize::from(area.width).saturating_sub(position.chars().count() + 6);
        let headline = crate::text::shorten(article.meta.title_or_placeholder(), room);
        let mut block = super::frame(app, Focus::Reader, format!(" {position}{headline} "));
        block = block.title_bottom(Line::from(format!(" {position_in_text} ")).right_aligned());
        let legend: Vec<Span> = EntityKind::ALL
            .iter()
            .flat_map(|k| [Span::styled(format!(" {} ", k.name()), app.theme.style(k.name())), Span::raw("")])
            .collect();
        block = block.title_bottom(Line::from(legend).left_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.width < 2 || inner.height == 0 {
            return;
        }
        let left = text_left(app, area);
        let width = doc.width.min(inner.width.saturating_sub(2).max(1));

        let mut kinds: Vec<(Range<usize>, Style)> = Vec::new();
        kinds.extend(x.entities.iter().map(|e| (e.span.clone(), app.theme.style(e.kind.name()))));
        kinds.extend(x.figures.iter().map(|f| (f.span.clone(), app.theme.style("figure"))));
        kinds.extend(x.dates.iter().map(|d| (d.span.clone(), app.theme.style("date"))));
        let current = app.reader.current.and_then(|m| app.mention_span(m));
        let search = app.reader.search.as_ref().map_or(&[][..], |s| &s.matches[..]);
        let layers = Layers { kinds, search, current, flash: app.reader.flash.as_ref().map(|(r, _)| r.clone()) };

        for (row, line) in doc.lines.iter().skip(app.reader.scroll).take(usize::from(inner.height)).enumerate() {
            let y = inner.y + row as u16;
            let mut rect = Rect { x: left, y, width, height: 1 };
            let spans: Vec<Span> = match &line.kind {
                LineKind::Title => {
                    let style =
                        if article.meta.title.is_inferred() { app.theme.style("inferred") } else { Style::default() };
                    vec![Span::styled(&doc.header_text[line.range.clone()], style.add_modifier(Modifier::BOLD))]
                }
                LineKind::Meta => vec![Span::styled(
                    &doc.header_text[line.range.clone()],
                    Style::default().add_modifier(Modifier::DIM),
                )],
                LineKind::Blank => continue,
                LineKind::Body(kind) => {
                    let base = match kind {
                        BlockKind::Caption => {
                            rect.x += CAPTION_INDENT.min(rect.width);
                            rect.width = rect.width.saturating_sub(CAPTION_INDENT);
                            app.theme.style("caption")
                        }
                        BlockKind::Heading => Style::default().add_modifier(Modifier::BOLD),
                        BlockKind::Paragraph => Style::default(),
                    };
                    body_line(app, &layers, &article.body, line.range.clone(), base)
                }
            };
            let rect = rect.intersection(inner);
            if !rect.is_empty() {
                Line::from(spans).render(rect, buf);
            }
        }
        if total > height && area.height > 2 {
            let mut state = ScrollbarState::new(total.saturating_sub(height)).position(app.reader.scroll);
            Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(None).end_symbol(None).render(
                area.inner(Margin { horizontal: 0, vertical: 1 }),
                buf,
                &mut state,
            );
        }
    }
}
