//! The article list: read mark, date, outlet, headline; the filter above it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::{App, Focus, Prompt};

pub struct ListPane<'a> {
    pub app: &'a App,
}

/// Rows used above the articles by the filter line.
fn filter_rows(app: &App) -> usize {
    usize::from(!app.list.filter.is_empty() || matches!(app.prompt, Some(Prompt::Filter { .. })))
}

fn rows_for_items(app: &App) -> usize {
    app.panes.list.map_or(1, |r| usize::from(r.height.saturating_sub(2))).saturating_sub(filter_rows(app)).max(1)
}

/// The first article row shown, so that the selection stays in view.
pub fn first_row(app: &App) -> usize {
    let height = rows_for_items(app);
    (app.list.selected + 1).saturating_sub(height)
}

/// Which list item (position in `visible`) a row inside the pane shows.
pub fn row_to_item(app: &App, row: usize, first: usize) -> Option<usize> {
    let item = (row.checked_sub(filter_rows(app))?) + first;
    (item < app.list.visible.len()).then_some(item)
}

impl Widget for ListPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let total = app.library.articles.len();
        let unread = app.list.visible.iter().filter(|&&i| !app.marks.is_read(&app.library.articles[i].id)).count();
        let mut title = if app.list.visible.len() == total {
            format!(" Articles · {unread} unread ")
        } else {
            format!(" Articles {} of {total} · {unread} unread ", app.list.visible.len())
        };
        if app.list.sort != crate::tui::app::SortOrder::Newest {
            title.push_str(&format!("· {} ", app.list.sort.label()));
        }
        let block = super::frame(app, Focus::List, title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let mut y = inner.y;
        if filter_rows(app) == 1 {
            let style = if app.list.filter_error.is_some() {
                app.theme.style("inferred")
            } else {
                Style::default().add_modifier(Modifier::BOLD)
            };
            Line::from(vec![Span::raw("/ "), Span::styled(app.list.filter.clone(), style)])
                .render(Rect { y, height: 1, ..inner }, buf);
            y += 1;
        }
        if app.list.visible.is_empty() {
            let text = match &app.list.filter_error {
                Some(error) => format!("{error} (Esc clears the filter)"),
                None => "no article matches — Esc clears the filter".to_string(),
            };
            let wrapped = ratatui::widgets::Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .style(Style::default().add_modifier(Modifier::DIM));
            if y < inner.bottom() {
                wrapped.render(Rect { y, height: inner.bottom() - y, ..inner }, buf);
            }
            return;
        }
        let first = first_row(app);
        for (row, &index) in app.list.visible.iter().enumerate().skip(first) {
            if y >= inner.bottom() {
                break;
            }
            let a = &app.library.articles[index];
            let unread = !app.marks.is_read(&a.id);
            let inferred = app.theme.style("inferred");
            let date = crate::article::date_cell(a);
            let date = date.split(' ').next().unwrap_or("").to_string();
            let date_style = if a.meta.published.is_inferred() { inferred } else { Style::default() };
            let title_style = if a.meta.title.is_inferred() { inferred } else { Style::default() };
            let source = a.meta.source.value.as_deref().unwrap_or("—");
            let date = if date == "undated" { "—".to_string() } else { date };
            let dim = Style::default().add_modifier(Modifier::DIM);
            let mut spans = vec![
                Span::styled(if unread { "● " } else { "  " }, Style::default().add_modifier(Modifier::BOLD)),
                Span::styled(format!("{date:<11} "), date_style),
            ];
            // The headline comes first: on a wide list the outlet has its column, on a narrower
            // one it follows the headline.
            let title = a.meta.title_or_placeholder().to_string();
            if inner.width >= 100 {
                spans.push(Span::styled(format!("{source:<12.12} "), dim));
                spans.push(Span::styled(title, title_style));
            } else {
                spans.push(Span::styled(title, title_style));
                if inner.width >= 40 {
                    spans.push(Span::styled(format!(" · {source}"), dim));
                }
            }
            let row_area = Rect { y, height: 1, ..inner };
            Line::from(spans).render(row_area, buf);
            if row == app.list.selected {
                buf.set_style(row_area, app.theme.style("selection"));
            }
            y += 1;
        }
    }
}
