//! The one-line prompt at the bottom: the list filter (narrowing as you type) or a search in
//! the open article. Its keys become [`Edit`] actions in [`edit_for_key`].

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Focus};
use crate::query::Query;
pub use crate::tui::action::Edit;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// The list filter; `previous` is restored on Esc.
    Filter { input: String, previous: String },
    /// Search in the open article.
    Search { input: String },
    /// The entity view's filter; `previous` is restored on Esc. While `prefilled` holds, the
    /// text is the name the view opened on (often the entity under the reader's cursor), and the
    /// first character typed replaces it rather than being appended to it; any other edit keeps it.
    Entities { input: String, previous: String, prefilled: bool },
}

impl Prompt {
    pub fn input(&self) -> &str {
        match self {
            Prompt::Filter { input, .. } | Prompt::Search { input } | Prompt::Entities { input, .. } => input,
        }
    }
}

/// What a key does while a prompt is open: edits it, or nothing (`None`).
pub fn edit_for_key(key: &KeyEvent) -> Option<Edit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Esc => Edit::Cancel,
        KeyCode::Char('c') if ctrl => Edit::Cancel,
        KeyCode::Enter => Edit::Submit,
        KeyCode::Backspace => Edit::DeleteBack,
        KeyCode::Char('u') if ctrl => Edit::Clear,
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => Edit::Insert(c.to_string()),
        _ => return None,
    })
}

/// Text typed or pasted into a prompt is one line, with no control characters.
fn printable(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).filter(|c| !c.is_control())
}

impl App {
    pub(super) fn open_prompt(&mut self) {
        self.prompt = Some(match self.focus {
            Focus::Reader if self.reader.open.is_some() => Prompt::Search { input: String::new() },
            Focus::Side if self.side.kind == super::Side::Entities => {
                let current = self.side.entity_filter.clone();
                Prompt::Entities { prefilled: !current.is_empty(), input: current.clone(), previous: current }
            }
            _ => Prompt::Filter { input: self.list.filter.clone(), previous: self.list.filter.clone() },
        });
    }

    pub(super) fn edit_prompt(&mut self, edit: Edit) {
        let Some(prompt) = self.prompt.as_mut() else { return };
        let (input, prefilled) = match prompt {
            Prompt::Entities { input, prefilled, .. } => (input, std::mem::take(prefilled)),
            Prompt::Filter { input, .. } | Prompt::Search { input } => (input, false),
        };
        match edit {
            Edit::Insert(text) => {
                if prefilled {
                    input.clear();
                }
                input.extend(printable(&text))
            }
            Edit::DeleteBack => {
                input.pop();
            }
            Edit::Clear => input.clear(),
            Edit::Cancel => {
                match self.prompt.take() {
                    Some(Prompt::Filter { previous, .. }) => self.set_filter(&previous),
                    Some(Prompt::Entities { previous, .. }) => self.set_entity_filter(&previous),
                    _ => {}
                }
                return;
            }
            Edit::Submit => {
                match self.prompt.take() {
                    Some(Prompt::Filter { input, previous }) => {
                        if Query::parse(&input).is_ok() {
                            self.set_filter(&input);
                            if self.panes.list.is_some() {
                                self.focus = Focus::List;
                            }
                        } else {
                            // Keep the prompt open on a bad query: the message says what is wrong.
                            self.prompt = Some(Prompt::Filter { input, previous });
                        }
                    }
                    Some(Prompt::Search { input }) => self.run_search(&input),
                    Some(Prompt::Entities { input, .. }) => self.set_entity_filter(&input),
                    None => {}
                }
                return;
            }
        }
        // Narrow the list, or the entities, as the user types.
        match &self.prompt {
            Some(Prompt::Filter { input, .. }) => {
                let text = input.clone();
                self.set_filter(&text);
            }
            Some(Prompt::Entities { input, .. }) => {
                let text = input.clone();
                self.set_entity_filter(&text);
            }
            _ => {}
        }
    }
}
