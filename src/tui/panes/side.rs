//! The side panel: the open article's key figures and dates ("facts"), the library's
//! timeline of milestones, or the library's entities.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::extract::Precision;
use crate::tui::app::{App, Fact, Focus, Side};

pub struct SidePane<'a> {
    pub app: &'a App,
}

/// One screen row of the panel: text, style, and the item it belongs to (None for headers).
struct Row {
    line: Line<'static>,
    item: Option<usize>,
}

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
        Precision::Decade => "decade",
        Precision::Century => "century",
    }
}

fn fact_rows(app: &App) -> Vec<Row> {
    let Some((index, x)) = app.reader.open.and_then(|i| app.article_analysis(i).map(|x| (i, x))) else {
        return vec![Row {
            line: Line::styled(
                "Open an article to see its figures and dates.",
                Style::default().add_modifier(Modifier::DIM),
            ),
            item: None,
        }];
    };
    let body = &app.article(index).body;
    let facts = app.facts();
    let header = |text: &str| Row {
        line: Line::styled(text.to_string(), Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
        item: None,
    };
    let dim = Style::default().add_modifier(Modifier::DIM);
    let mut rows = vec![header("Key figures")];
    if x.figures.is_empty() {
        rows.push(Row { line: Line::styled("  none found", dim), item: None });
    }
    let mut dates_started = false;
    for (item, fact) in facts.iter().enumerate() {
        match *fact {
            Fact::Figure(i) => {
                let f = &x.figures[i];
                let value = &body[f.span.clone()];
                rows.push(Row {
                    line: Line::from(Span::styled(
                        value.to_string(),
                        app.theme.style("figure").add_modifier(Modifier::BOLD),
                    )),
                    item: Some(item),
                });
                rows.push(Row { line: Line::styled(format!("  {}", f.context), dim), item: Some(item) });
            }
            Fact::Date(i) => {
                if !dates_started {
                    dates_started = true;
                    rows.push(Row { line: Line::raw(""), item: None });
                    rows.push(header("Dates"));
                }
                let d = &x.dates[i];
                let when = d.when.display(d.precision);
                let mark = if d.inferred { "~" } else { "" };
                let style = if d.inferred { app.theme.style("inferred") } else { app.theme.style("date") };
                let milestone = app
                    .milestone_of(index, i)
                    .filter(|&m| app.analysis.milestones[m].is_cross_referenced())
                    .map_or("", |_| " ◆");
                rows.push(Row {
                    line: Line::from(vec![
                        Span::styled(format!("{mark}{when}"), style.add_modifier(Modifier::BOLD)),
                        Span::styled(format!(" {}", precision_name(d.precision)), dim),
                        Span::styled(milestone, app.theme.style("cross_referenced")),
                    ]),
                    item: Some(item),
                });
                rows.push(Row {
                    line: Line::styled(format!("  {}", crate::text::shorten(&body[d.context.clone()], 80)), dim),
                    item: Some(item),
                });
            }
        }
    }
    if !dates_started {
        rows.push(Row { line: Line::raw(""), item: None });
        rows.push(header("Dates"));
        rows.push(Row { line: Line::styled("  none found", dim), item: None });
    }
    rows
}

fn timeline_rows(app: &App) -> Vec<Row> {
    if let Some((done, total)) = app.analysis_progress() {
        let text = format!("Building the timeline: {done} of {total} articles analysed…");
        return vec![Row { line: Line::styled(text, Style::default().add_modifier(Modifier::DIM)), item: None }];
    }
    if app.analysis.milestones.is_empty() {
        return vec![Row {
            line: Line::styled("No dated events found.", Style::default().add_modifier(Modifier::DIM)),
            item: None,
        }];
    }
    let all: Vec<usize>;
    let shown: &[usize] = match &app.side.timeline_involving {
        Some((_, shown)) => shown,
        None => {
            all = (0..app.analysis.milestones.len()).collect();
            &all
        }
    };
    if shown.is_empty() {
        return vec![Row {
            line: Line::styled("No milestone involves it.", Style::default().add_modifier(Modifier::DIM)),
            item: None,
        }];
    }
    shown
        .iter()
        .map(|&i| (i, &app.analysis.milestones[i]))
        .map(|(i, m)| {
            let date = match m.precision {
                Precision::Day => m.start.format("%Y-%m-%d").to_string(),
                Precision::Month => m.start.format("%Y-%m").to_string(),
                _ => m.start.format("%Y").to_string(),
            };
            let count = m.articles.len();
            let (mark, style) = if m.is_cross_referenced() {
                ("◆", app.theme.style("cross_referenced").add_modifier(Modifier::BOLD))
            } else {
                (" ", Style::default().add_modifier(Modifier::DIM))
            };
            let line = Line::from(vec![
                Span::styled(format!("{mark}{date:<10} {count}× "), style),
                Span::styled(
                    m.label.clone(),
                    if m.is_cross_referenced() {
                        Style::default()
                    } else {
                        Style::default().add_modifier(Modifier::DIM)
                    },
                ),
            ]);
            Row { line, item: Some(i) }
        })
        .collect()
}

/// One row per entity: the count of mentions and of articles, the kind in three letters (the
/// colour alone says nothing on a monochrome terminal), then the name in its kind's colour.
fn entity_rows(app: &App) -> Vec<Row> {
    let dim = Style::default().add_modifier(Modifier::DIM);
    let mut rows = Vec::new();
    if !app.side.entity_filter.is_empty() {
        rows.push(Row { line: Line::styled(format!("/ {}", app.side.entity_filter), dim), item: None });
    }
    if app.side.entities_visible.is_empty() {
        let text = if app.side.entities.is_empty() { "No entities found." } else { "No entity matches the filter." };
        rows.push(Row { line: Line::styled(text, dim), item: None });
    }
    // Only the rows that can be on screen: a large library names tens of thousands of
    // entities, and this runs every frame. The window ends at the selection at the latest, as
    // `first_row` scrolls.
    let height = inner_height(app).saturating_sub(rows.len()).max(1);
    let first = (app.side.entities_selected + 1).saturating_sub(height);
    for (item, &i) in app.side.entities_visible.iter().enumerate().skip(first).take(height + 1) {
        let e = &app.side.entities[i];
        let line = Line::from(vec![
            Span::styled(format!("{:>4}× {:>3} {} ", e.mentions, e.articles, &e.kind.name()[..3]), dim),
            Span::styled(e.name.to_string(), app.theme.style(e.kind.name())),
        ]);
        rows.push(Row { line, item: Some(item) });
    }
    rows
}

fn rows(app: &App) -> Vec<Row> {
    match app.side.kind {
        Side::Facts => fact_rows(app),
        Side::Timeline => timeline_rows(app),
        Side::Entities => entity_rows(app),
    }
}

fn selected(app: &App) -> usize {
    match app.side.kind {
        Side::Facts => app.side.facts_selected,
        Side::Timeline => app.side.timeline_selected,
        Side::Entities => app.side.entities_selected,
    }
}

/// The first row shown, so that the selected item is in view.
fn first_row(rows: &[Row], selected: usize, height: usize) -> usize {
    let last = rows.iter().rposition(|r| r.item == Some(selected)).unwrap_or(0);
    (last + 1).saturating_sub(height.max(1))
}

fn inner_height(app: &App) -> usize {
    app.panes.side.map_or(1, |r| usize::from(r.height.saturating_sub(2)))
}

/// Which item a row inside the panel shows.
pub fn row_to_item(app: &App, row: usize) -> Option<usize> {
    let rows = rows(app);
    let first = first_row(&rows, selected(app), inner_height(app));
    rows.get(first + row).and_then(|r| r.item)
}

impl Widget for SidePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let title = match app.side.kind {
            Side::Facts => " Facts ".to_string(),
            Side::Timeline => match &app.side.timeline_involving {
                Some((what, shown)) => format!(" Timeline — {} {what} ", shown.len()),
                None => format!(" Timeline — {} milestones ", app.analysis.milestones.len()),
            },
            Side::Entities if app.side.entities_visible.len() == app.side.entities.len() => {
                format!(" Entities — {} · mentions, articles ", app.side.entities.len())
            }
            Side::Entities => {
                format!(" Entities — {} of {} ", app.side.entities_visible.len(), app.side.entities.len())
            }
        };
        let block = super::frame(app, Focus::Side, title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.is_empty() {
            return;
        }
        let rows = rows(app);
        let selected = selected(app);
        let first = first_row(&rows, selected, usize::from(inner.height));
        for (i, row) in rows.iter().skip(first).take(usize::from(inner.height)).enumerate() {
            let rect = Rect { y: inner.y + i as u16, height: 1, ..inner };
            row.line.clone().render(rect, buf);
            if row.item == Some(selected) && app.focus == Focus::Side {
                buf.set_style(rect, app.theme.style("selection"));
            }
        }
    }
}
