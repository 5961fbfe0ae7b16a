//! Reader state and the one place it changes: [`App::update`].

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::{Action, KeyMap, Theme};
use crate::library::Library;

pub struct App {
    pub library: Library,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub selected: usize,
    pub should_quit: bool,
}

impl App {
    pub fn new(library: Library, keymap: KeyMap, theme: Theme) -> App {
        App { library, keymap, theme, selected: 0, should_quit: false }
    }

    pub fn update(&mut self, action: Action) {
        let count = self.library.articles.len();
        match action {
            Action::Quit => self.should_quit = true,
            Action::MoveDown if count > 0 => self.selected = (self.selected + 1).min(count - 1),
            Action::MoveUp => self.selected = self.selected.saturating_sub(1),
            _ => {}
        }
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [main, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
        let [list, reader] = Layout::horizontal([Constraint::Percentage(35), Constraint::Min(0)]).areas(main);
        let lines: Vec<Line> = self
            .library
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let style = if i == self.selected {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default()
                };
                Line::styled(a.meta.title_or_placeholder().to_string(), style)
            })
            .collect();
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title("Articles")).render(list, buf);
        let body = self.library.articles.get(self.selected).map_or(String::new(), |a| a.body.clone());
        Paragraph::new(body)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL))
            .render(reader, buf);
        Line::from(format!(" {} quit · {} move", self.keymap.label(Action::Quit), self.keymap.label(Action::MoveDown)))
            .render(status, buf);
    }
}
