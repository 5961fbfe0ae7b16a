//! Key bindings: `[keys]` in the config (action name -> key specs) resolved into a lookup
//! from key to [`Action`]. The help overlay lists this same map, so it cannot disagree.

use std::collections::{BTreeMap, HashMap};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// A key as the terminal reports it, normalised so that `G` and `shift-g` are one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            // Shift is already in the character; BackTab already means shift-tab.
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        if code == KeyCode::BackTab {
            modifiers = KeyModifiers::NONE;
        }
        Key { code, modifiers }
    }

    /// Parses "j", "G", "ctrl-d", "alt-x", "enter", "pagedown", "space", "?".
    pub fn parse(spec: &str) -> Result<Key, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = spec;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if modifiers.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" => KeyCode::Delete,
                _ => {
                    return Err(format!(
                        "{spec:?} is not a key — use a character (\"j\"), a name (enter, esc, tab, up, pagedown, space ...) or ctrl-/alt- with one of them"
                    ));
                }
            },
        };
        Ok(Key { code, modifiers })
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            write!(f, "Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            write!(f, "Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => write!(f, "Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => write!(f, "Enter"),
            KeyCode::Esc => write!(f, "Esc"),
            KeyCode::Tab => write!(f, "Tab"),
            KeyCode::BackTab => write!(f, "Shift-Tab"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            KeyCode::PageUp => write!(f, "PgUp"),
            KeyCode::PageDown => write!(f, "PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    by_key: HashMap<Key, Action>,
    /// In the order of [`Action::ALL`], for help and hints.
    by_action: BTreeMap<Action, Vec<Key>>,
}

impl KeyMap {
    /// Resolves `[keys]`; every problem is reported, each naming the action and the key.
    pub fn from_config(keys: &BTreeMap<String, Vec<String>>) -> Result<KeyMap, Vec<String>> {
        let mut errors = Vec::new();
        let mut by_key: HashMap<Key, Action> = HashMap::new();
        let mut by_action: BTreeMap<Action, Vec<Key>> = BTreeMap::new();
        for (name, specs) in keys {
            let Some(action) = Action::from_name(name) else {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                errors.push(format!("[keys] {name:?} is not an action — the actions are: {}", names.join(", ")));
                continue;
            };
            for spec in specs {
                match Key::parse(spec) {
                    Ok(key) => {
                        if let Some(previous) = by_key.insert(key, action)
                            && previous != action
                        {
                            errors.push(format!(
                                "[keys] {} binds {spec:?}, which `{}` already has — a key can do one thing; remove it from one of them",
                                action.name(),
                                previous.name()
                            ));
                        }
                        by_action.entry(action).or_default().push(key);
                    }
                    Err(e) => errors.push(format!("[keys] {name}: {e}")),
                }
            }
        }
        if errors.is_empty() { Ok(KeyMap { by_key, by_action }) } else { Err(errors) }
    }

    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        self.by_key.get(&Key::from_event(event)).copied()
    }

    pub fn keys_for(&self, action: Action) -> &[Key] {
        self.by_action.get(&action).map_or(&[], Vec::as_slice)
    }

    /// "j/↓" — the keys of an action, for hints.
    pub fn label(&self, action: Action) -> String {
        self.keys_for(action).iter().map(Key::to_string).collect::<Vec<_>>().join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn default_bindings_resolve() {
        let map = KeyMap::from_config(&Config::defaults().keys).unwrap();
        assert_eq!(map.action_for(&press(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::MoveDown));
        assert_eq!(map.action_for(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::MoveBottom));
        assert_eq!(map.action_for(&press(KeyCode::Char('d'), KeyModifiers::CONTROL)), Some(Action::HalfPageDown));
        assert_eq!(map.action_for(&press(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::FocusPrev));
        assert_eq!(map.label(Action::MoveDown), "j/↓");
    }

    #[test]
    fn every_action_has_a_default_key() {
        let map = KeyMap::from_config(&Config::defaults().keys).unwrap();
        for &a in Action::ALL {
            assert!(!map.keys_for(a).is_empty(), "{} has no key", a.name());
        }
    }

    #[test]
    fn reports_unknown_actions_bad_keys_and_double_bindings() {
        let mut keys = BTreeMap::new();
        keys.insert("fly".to_string(), vec!["f".to_string()]);
        keys.insert("quit".to_string(), vec!["q".to_string(), "hyper-q".to_string()]);
        keys.insert("help".to_string(), vec!["q".to_string()]);
        let errors = KeyMap::from_config(&keys).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("\"fly\" is not an action")));
        assert!(errors.iter().any(|e| e.contains("already has")));
        assert!(errors.iter().any(|e| e.contains("\"hyper-q\" is not a key")));
    }
}
