//! The status bar: mode, the prompt or a message, key hints for the focused pane, counts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::Action;
use crate::tui::app::{App, Focus, Prompt, Side};

pub struct StatusBar<'a> {
    pub app: &'a App,
}

fn hints(app: &App) -> String {
    let k = |a: &Action| app.keymap.label(a);
    let mut parts = match app.focus {
        Focus::List => vec![
            format!("{} open", k(&Action::Open)),
            format!("{} filter", k(&Action::Search)),
            format!("{} next unread", k(&Action::NextUnread)),
        ],
        Focus::Reader => vec![
            format!("{} list", k(&Action::Back)),
            format!("{}/{} next/prev", k(&Action::NextArticle), k(&Action::PrevArticle)),
            format!("{} search", k(&Action::Search)),
            format!("{}/{} entities", k(&Action::NextEntity), k(&Action::PrevEntity)),
            format!("{}/{} milestone mentions", k(&Action::NextMention), k(&Action::PrevMention)),
        ],
        Focus::Side if app.side.kind == Side::Entities => vec![
            format!("{} articles", k(&Action::Open)),
            format!("{} filter", k(&Action::Search)),
            format!("{} facts", k(&Action::ToggleEntities)),
        ],
        Focus::Side if app.side.kind == Side::Timeline => vec![
            format!("{} go", k(&Action::Open)),
            format!("{}/{} hop", k(&Action::NextMention), k(&Action::PrevMention)),
        ],
        Focus::Side => {
            vec![format!("{} go to it", k(&Action::Open)), format!("{} timeline", k(&Action::ToggleTimeline))]
        }
    };
    // A panel over the open article (too narrow for both): Esc is the way back to it.
    if app.focus == Focus::Side && app.side_covers_reader() {
        parts.insert(1, format!("{} article", k(&Action::Back)));
    }
    parts.push(format!("{} help", k(&Action::Help)));
    parts.push(format!("{} quit", k(&Action::Quit)));
    parts.join(" · ")
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let reversed = Style::default().add_modifier(Modifier::REVERSED);
        let mode = match (&app.prompt, app.help, app.focus, app.side.kind) {
            (Some(Prompt::Filter { .. }), ..) => "FILTER",
            (Some(Prompt::Search { .. }), ..) => "SEARCH",
            (Some(Prompt::Entities { .. }), ..) => "ENTITIES",
            (None, true, ..) => "HELP",
            (None, false, Focus::List, _) => "LIST",
            (None, false, Focus::Reader, _) => "READER",
            (None, false, Focus::Side, Side::Facts) => "FACTS",
            (None, false, Focus::Side, Side::Timeline) => "TIMELINE",
            (None, false, Focus::Side, Side::Entities) => "ENTITIES",
        };
        let mut spans = vec![Span::styled(format!(" {mode} "), reversed), Span::raw(" ")];
        let right = match (&app.reader.search, app.prompt.is_none()) {
            _ if app.refreshing() => "refreshing… ".to_string(),
            _ if app.analysis_progress().is_some() => {
                let (done, total) = app.analysis_progress().unwrap_or((0, 1));
                format!("analysing {}% ", done * 100 / total.max(1))
            }
            _ if app.indexing_words() => "indexing words… ".to_string(),
            (Some(s), true) if s.unvisited && !s.matches.is_empty() => format!("{} matches · n ", s.matches.len()),
            (Some(s), true) if !s.matches.is_empty() => format!("match {} of {} ", s.current + 1, s.matches.len()),
            _ if app.list.visible.len() != app.library.articles.len() => {
                format!("{} of {} ", app.list.visible.len(), app.library.articles.len())
            }
            _ => String::new(),
        };
        match &app.prompt {
            Some(Prompt::Filter { input, .. }) => {
                spans.push(Span::raw(format!("/{input}▏")));
                if let Some(e) = &app.list.filter_error {
                    spans
                        .push(Span::styled(format!("  {e}"), app.theme.style("inferred").add_modifier(Modifier::BOLD)));
                } else {
                    spans.push(Span::styled(
                        "  Enter keeps · Esc cancels",
                        Style::default().add_modifier(Modifier::DIM),
                    ));
                }
            }
            Some(Prompt::Entities { input, prefilled, .. }) => {
                spans.push(Span::raw("entities: "));
                // Shown selected, as a text field shows text that typing replaces.
                let style = if *prefilled { reversed } else { Style::default() };
                spans.push(Span::styled(input.clone(), style));
                spans.push(Span::raw("▏"));
                let shown = format!(
                    "  {} of {} · Enter keeps · Esc cancels",
                    app.side.entities_visible.len(),
                    app.side.entities.len()
                );
                spans.push(Span::styled(shown, Style::default().add_modifier(Modifier::DIM)));
            }
            Some(Prompt::Search { input }) => {
                spans.push(Span::raw(format!("search: {input}▏")));
                spans.push(Span::styled("  Enter finds · Esc cancels", Style::default().add_modifier(Modifier::DIM)));
            }
            None => match &app.message {
                Some(m) => spans.push(Span::styled(m.clone(), Style::default().add_modifier(Modifier::BOLD))),
                None => spans.push(Span::styled(hints(app), Style::default().add_modifier(Modifier::DIM))),
            },
        }
        let w = right.chars().count() as u16;
        let shows_right = !right.is_empty() && w < area.width / 2;
        // The left part gets the room the right part leaves, so neither cuts into the other.
        let left = if shows_right { Rect { width: area.width - w - 1, ..area } } else { area };
        Line::from(spans).render(left, buf);
        if shows_right {
            Line::styled(right, reversed).render(Rect { x: area.right() - w, width: w, ..area }, buf);
        }
    }
}
