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
    /// Keys of each bound action, for help and hints.
    by_action: BTreeMap<&'static str, Vec<Key>>,
}

/// Ctrl-C quits whatever the config says (inside a prompt it closes the prompt first).
pub const CTRL_C: Key = Key { code: KeyCode::Char('c'), modifiers: KeyModifiers::CONTROL };

/// One layer of `[keys]`: resolved bindings, and every problem found.
fn resolve(keys: &BTreeMap<String, Vec<String>>, errors: &mut Vec<String>) -> Vec<(Action, Vec<(Key, String)>)> {
    let mut out = Vec::new();
    for (name, specs) in keys {
        let Some(action) = Action::from_name(name) else {
            let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
            errors.push(format!("[keys] {name:?} is not an action — the actions are: {}", names.join(", ")));
            continue;
        };
        let mut parsed = Vec::new();
        for spec in specs {
            match Key::parse(spec) {
                Ok(key) if key == CTRL_C && action != Action::Quit => errors.push(format!(
                    "[keys] {name} binds {spec:?}, but Ctrl-C always quits — bind another key to {name}"
                )),
                Ok(key) => parsed.push((key, spec.clone())),
                Err(e) => errors.push(format!("[keys] {name}: {e}")),
            }
        }
        out.push((action, parsed));
    }
    out
}

impl KeyMap {
    /// The config's key map: the built-in bindings with the user's layered over them per key.
    pub fn from_config(config: &crate::config::Config) -> Result<KeyMap, Vec<String>> {
        KeyMap::layered(&config.keys, &config.user_keys)
    }

    /// `user` over `defaults`: an action the user lists gets exactly the user's keys (an empty
    /// list unbinds it), and a key the user binds leaves whatever action had it by default.
    /// Within one layer a key may do one thing. Every problem is reported, each naming the
    /// action and the key.
    pub fn layered(
        defaults: &BTreeMap<String, Vec<String>>,
        user: &BTreeMap<String, Vec<String>>,
    ) -> Result<KeyMap, Vec<String>> {
        let mut errors = Vec::new();
        let base = resolve(defaults, &mut errors);
        let over = resolve(user, &mut errors);
        let mut by_key: HashMap<Key, Action> = HashMap::new();
        let user_actions: Vec<&Action> = over.iter().map(|(a, _)| a).collect();
        let user_keys: Vec<Key> = over.iter().flat_map(|(_, keys)| keys.iter().map(|(k, _)| *k)).collect();
        for (action, keys) in &base {
            if user_actions.contains(&action) {
                continue;
            }
            for (key, _) in keys {
                if !user_keys.contains(key) {
                    by_key.insert(*key, action.clone());
                }
            }
        }
        let mut mine: HashMap<Key, &Action> = HashMap::new();
        for (action, keys) in &over {
            for (key, spec) in keys {
                if let Some(previous) = mine.insert(*key, action)
                    && previous != action
                {
                    errors.push(format!(
                        "[keys] {} binds {spec:?}, which `{}` already has — a key can do one thing; remove it from one of them",
                        action.name(),
                        previous.name()
                    ));
                }
                by_key.insert(*key, action.clone());
            }
        }
        by_key.insert(CTRL_C, Action::Quit);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut by_action: BTreeMap<&'static str, Vec<Key>> = BTreeMap::new();
        for (key, action) in &by_key {
            by_action.entry(action.name()).or_default().push(*key);
        }
        // A stable order for hints: as written in the config, Ctrl-C last.
        let order = |action: &str, key: &Key| -> (usize, usize) {
            let spec_position = |layer: &Vec<(Action, Vec<(Key, String)>)>| {
                layer
                    .iter()
                    .find(|(a, _)| a.name() == action)
                    .and_then(|(_, keys)| keys.iter().position(|(k, _)| k == key))
            };
            let at = spec_position(&over).or_else(|| spec_position(&base));
            (usize::from(at.is_none()), at.unwrap_or(0))
        };
        for (name, keys) in &mut by_action {
            keys.sort_by_key(|k| order(name, k));
        }
        Ok(KeyMap { by_key, by_action })
    }

    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        self.by_key.get(&Key::from_event(event)).cloned()
    }

    pub fn keys_for(&self, action: &Action) -> &[Key] {
        self.by_action.get(action.name()).map_or(&[], Vec::as_slice)
    }

    /// "j/↓" — the keys of an action, for hints; "unbound" when it has none.
    pub fn label(&self, action: &Action) -> String {
        let keys = self.keys_for(action);
        if keys.is_empty() {
            return "unbound".into();
        }
        keys.iter().map(Key::to_string).collect::<Vec<_>>().join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn user(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs.iter().map(|(a, keys)| (a.to_string(), keys.iter().map(|k| k.to_string()).collect())).collect()
    }

    fn char_key(c: char) -> KeyEvent {
        press(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn default_bindings_resolve() {
        let map = KeyMap::from_config(&Config::defaults()).unwrap();
        assert_eq!(map.action_for(&char_key('j')), Some(Action::MoveDown));
        assert_eq!(map.action_for(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::MoveBottom));
        assert_eq!(map.action_for(&press(KeyCode::Char('d'), KeyModifiers::CONTROL)), Some(Action::HalfPageDown));
        assert_eq!(map.action_for(&press(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::FocusPrev));
        assert_eq!(map.label(&Action::MoveDown), "j/↓");
        assert_eq!(map.label(&Action::Quit), "q/Ctrl-c");
    }

    #[test]
    fn every_action_has_a_default_key() {
        let map = KeyMap::from_config(&Config::defaults()).unwrap();
        for a in Action::ALL {
            assert!(!map.keys_for(a).is_empty(), "{} has no key", a.name());
        }
    }

    #[test]
    fn user_bindings_layer_per_key() {
        let defaults = Config::defaults().keys;
        // help = ["q"] takes q from quit instead of conflicting with it.
        let map = KeyMap::layered(&defaults, &user(&[("help", &["q"])])).unwrap();
        assert_eq!(map.action_for(&char_key('q')), Some(Action::Help));
        assert_eq!(map.action_for(&char_key('?')), None, "help's own keys are replaced");
        assert_eq!(map.label(&Action::Quit), "Ctrl-c");
        // An empty list unbinds; the other defaults stay.
        let map = KeyMap::layered(&defaults, &user(&[("toggle_read", &[])])).unwrap();
        assert_eq!(map.action_for(&char_key('m')), None);
        assert_eq!(map.label(&Action::ToggleRead), "unbound");
        assert_eq!(map.action_for(&char_key('j')), Some(Action::MoveDown));
    }

    #[test]
    fn ctrl_c_always_quits() {
        let defaults = Config::defaults().keys;
        // Rebinding quit keeps Ctrl-C; unbinding it too.
        for keys in [&["x"][..], &[]] {
            let map = KeyMap::layered(&defaults, &user(&[("quit", keys)])).unwrap();
            assert_eq!(map.action_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        }
        // The only way to leave no way out would be to give Ctrl-C away: refused.
        let errors = KeyMap::layered(&defaults, &user(&[("quit", &[]), ("help", &["ctrl-c"])])).unwrap_err();
        assert!(errors[0].contains("Ctrl-C always quits"), "{errors:?}");
    }

    #[test]
    fn reports_unknown_actions_bad_keys_and_double_bindings() {
        let errors = KeyMap::layered(
            &Config::defaults().keys,
            &user(&[("fly", &["f"]), ("quit", &["x", "hyper-q"]), ("help", &["x"])]),
        )
        .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("\"fly\" is not an action")));
        assert!(errors.iter().any(|e| e.contains("already has")));
        assert!(errors.iter().any(|e| e.contains("\"hyper-q\" is not a key")));
    }
}
