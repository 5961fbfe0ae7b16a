//! Colours from the `[theme]` config table, resolved into ratatui styles once.
//! With `NO_COLOR` set, colours are dropped and kinds are told apart by text attributes.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

/// Theme slots and the attribute each falls back to without colour.
const SLOTS: &[(&str, Modifier)] = &[
    ("person", Modifier::BOLD),
    ("place", Modifier::UNDERLINED),
    ("organization", Modifier::ITALIC),
    ("document", Modifier::BOLD.union(Modifier::ITALIC)),
    ("event", Modifier::BOLD.union(Modifier::UNDERLINED)),
    ("figure", Modifier::BOLD),
    ("date", Modifier::UNDERLINED),
    ("caption", Modifier::DIM),
    ("inferred", Modifier::ITALIC),
    ("search_match", Modifier::REVERSED),
    ("flash", Modifier::REVERSED.union(Modifier::BOLD)),
    ("selection", Modifier::REVERSED),
    ("cross_referenced", Modifier::BOLD),
];

#[derive(Debug, Clone)]
pub struct Theme {
    styles: BTreeMap<&'static str, Style>,
}

fn parse_color(text: &str) -> Option<Color> {
    let t = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() == 6 {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return None;
    }
    if let Ok(index) = t.parse::<u8>() {
        return Some(Color::Indexed(index));
    }
    Some(match t.as_str() {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "dark_gray" | "dark_grey" => Color::DarkGray,
        "light_red" => Color::LightRed,
        "light_green" => Color::LightGreen,
        "light_yellow" => Color::LightYellow,
        "light_blue" => Color::LightBlue,
        "light_magenta" => Color::LightMagenta,
        "light_cyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

/// "yellow", "black on yellow", "on blue", "reversed", "bold yellow".
fn parse_style(text: &str) -> Option<Style> {
    let mut style = Style::default();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        match word.to_ascii_lowercase().as_str() {
            "on" => style = style.bg(parse_color(words.next()?)?),
            "reversed" | "reverse" => style = style.add_modifier(Modifier::REVERSED),
            "bold" => style = style.add_modifier(Modifier::BOLD),
            "italic" => style = style.add_modifier(Modifier::ITALIC),
            "underlined" | "underline" => style = style.add_modifier(Modifier::UNDERLINED),
            "dim" => style = style.add_modifier(Modifier::DIM),
            _ => style = style.fg(parse_color(word)?),
        }
    }
    Some(style)
}

impl Theme {
    /// Resolves `[theme]`; `no_color` (from `NO_COLOR`) keeps only the attributes.
    pub fn from_config(table: &BTreeMap<String, String>, no_color: bool) -> Result<Theme, Vec<String>> {
        let mut errors = Vec::new();
        let mut styles = BTreeMap::new();
        for (key, value) in table {
            let Some(&(slot, fallback)) = SLOTS.iter().find(|(s, _)| s == key) else {
                let names: Vec<&str> = SLOTS.iter().map(|(s, _)| *s).collect();
                errors.push(format!("[theme] {key:?} is not a theme entry — the entries are: {}", names.join(", ")));
                continue;
            };
            match parse_style(value) {
                Some(style) if no_color => {
                    let keep = style.add_modifier & (Modifier::REVERSED | Modifier::BOLD | Modifier::ITALIC | Modifier::UNDERLINED);
                    styles.insert(slot, Style::default().add_modifier(fallback | keep));
                }
                Some(style) => {
                    styles.insert(slot, style);
                }
                None => errors.push(format!(
                    "[theme] {key} = {value:?} is not a colour — use a name (yellow, light_blue, dark_gray ...), \"#rrggbb\", a number 0-255, or \"FG on BG\""
                )),
            }
        }
        if errors.is_empty() { Ok(Theme { styles }) } else { Err(errors) }
    }

    /// The style of a slot ("person", "caption", ...); plain if the slot is unset.
    pub fn style(&self, slot: &str) -> Style {
        self.styles.get(slot).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn default_theme_resolves() {
        let theme = Theme::from_config(&Config::defaults().theme, false).unwrap();
        assert_eq!(theme.style("person").fg, Some(Color::LightYellow));
        assert_eq!(theme.style("search_match").bg, Some(Color::Yellow));
    }

    #[test]
    fn no_color_keeps_only_attributes() {
        let theme = Theme::from_config(&Config::defaults().theme, true).unwrap();
        assert_eq!(theme.style("person").fg, None);
        assert!(theme.style("caption").add_modifier.contains(Modifier::DIM));
    }

    #[test]
    fn bad_colours_and_slots_are_reported() {
        let mut table = BTreeMap::new();
        table.insert("person".to_string(), "chartreuse-ish".to_string());
        table.insert("persn".to_string(), "red".to_string());
        let errors = Theme::from_config(&table, false).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(parse_style("#ff8800").is_some());
        assert!(parse_style("200").is_some());
        assert!(parse_style("#ff88").is_none());
    }
}
