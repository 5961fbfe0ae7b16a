//! Configuration: the embedded, commented `config/default.toml` with the user's file layered
//! over it. Raw TOML is read with unknown keys refused, then resolved once into [`Config`].
//! Key bindings and colours are validated by the reader's key map and theme
//! ([`crate::tui::KeyMap`], [`crate::tui::Theme`]) so that `tidings check` reports them too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const DEFAULT_CONFIG: &str = include_str!("../config/default.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    articles_dir: Option<String>,
    article_extension: Option<String>,
    max_article_bytes: Option<u64>,
    fetch_timeout_seconds: Option<u64>,
    reading_width: Option<u16>,
    theme: Option<BTreeMap<String, String>>,
    keys: Option<BTreeMap<String, KeySpecs>>,
}

/// The keys of one action: a list, or one string (`""` unbinds).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeySpecs {
    One(String),
    Many(Vec<String>),
}

impl KeySpecs {
    fn into_list(self) -> Vec<String> {
        match self {
            KeySpecs::One(s) => vec![s],
            KeySpecs::Many(v) => v,
        }
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect()
    }
}

/// A problem in a config file: which file, which line and key, and what to do.
pub type ConfigError = crate::located::Located;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `None`: the bundled articles.
    pub articles_dir: Option<PathBuf>,
    pub article_extension: String,
    pub max_article_bytes: u64,
    /// How long one download may take, in seconds.
    pub fetch_timeout_seconds: u64,
    /// 0 fills the pane.
    pub reading_width: u16,
    /// Colour per theme slot, as written (validated by the theme).
    pub theme: BTreeMap<String, String>,
    /// The built-in keys per action name (validated by the key map).
    pub keys: BTreeMap<String, Vec<String>>,
    /// The user's `[keys]`, layered over `keys` per key by the key map; an empty list unbinds.
    pub user_keys: BTreeMap<String, Vec<String>>,
    /// The user file that was layered over the defaults, if any, and its text.
    pub user_file: Option<PathBuf>,
    pub user_text: Option<String>,
}

fn parse_raw(text: &str, file: &str) -> Result<RawConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let located = ConfigError::from_toml(file, text, &e, "");
        let key = located
            .line
            .and_then(|l| text.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim().to_string());
        let fix = if located.problem.contains("unknown field") {
            "remove it or fix its spelling; every setting is listed in `config/default.toml`".to_string()
        } else if located.problem.contains("invalid type") {
            let key = key.unwrap_or_else(|| "this setting".into());
            format!("give `{key}` a value of the type `config/default.toml` shows for it")
        } else {
            "fix the TOML syntax on that line (text in double quotes, [tables] closed with ])".to_string()
        };
        ConfigError { fix, ..located }
    })
}

/// The XDG base directories, from `etcetera`: it ignores a relative `XDG_*_HOME` as the
/// spec says (the first version used one relative to the current folder).
fn base_dirs() -> Option<etcetera::base_strategy::Xdg> {
    etcetera::base_strategy::choose_base_strategy().ok()
}

/// `$XDG_CONFIG_HOME/tidings` (else `~/.config/tidings`).
pub fn config_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy as _;
    base_dirs().map(|d| d.config_dir().join("tidings"))
}

/// `$XDG_STATE_HOME/tidings` (else `~/.local/state/tidings`): read marks and positions.
pub fn state_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy as _;
    base_dirs().and_then(|d| d.state_dir()).map(|d| d.join("tidings"))
}

/// `$XDG_DATA_HOME/tidings` (else `~/.local/share/tidings`).
pub fn data_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy as _;
    base_dirs().map(|d| d.data_dir().join("tidings"))
}

/// Where the user's config file is looked for when `--config` is not given.
pub fn default_user_config_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.toml"))
}

fn expand_dir(value: &str, relative_to: Option<&Path>) -> PathBuf {
    let path = match value.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME").map_or_else(|| PathBuf::from(value), |h| PathBuf::from(h).join(rest)),
        None => PathBuf::from(value),
    };
    match relative_to {
        Some(base) if path.is_relative() => base.join(path),
        _ => path,
    }
}

impl Config {
    /// The built-in defaults alone.
    pub fn defaults() -> Config {
        Config::layered(None).expect("the built-in config is valid (tested)")
    }

    /// Defaults with the user's file (text and path) over them.
    pub fn layered(user: Option<(&str, &Path)>) -> Result<Config, ConfigError> {
        let base = parse_raw(DEFAULT_CONFIG, "config/default.toml (built in)")?;
        let (over, user_file) = match user {
            Some((text, path)) => (parse_raw(text, &path.display().to_string())?, Some(path.to_path_buf())),
            None => (RawConfig::default(), None),
        };
        let mut theme = base.theme.unwrap_or_default();
        theme.extend(over.theme.unwrap_or_default());
        let keys = base.keys.unwrap_or_default().into_iter().map(|(k, v)| (k, v.into_list())).collect();
        let user_keys = over.keys.unwrap_or_default().into_iter().map(|(k, v)| (k, v.into_list())).collect();
        let articles_dir = match over.articles_dir {
            Some(dir) if !dir.trim().is_empty() => {
                Some(expand_dir(dir.trim(), user_file.as_deref().and_then(Path::parent)))
            }
            Some(_) => None,
            None => base.articles_dir.filter(|d| !d.trim().is_empty()).map(|d| expand_dir(&d, None)),
        };
        let article_extension = over.article_extension.or(base.article_extension).unwrap_or_else(|| "md".into());
        let config = Config {
            articles_dir,
            article_extension: article_extension.trim_start_matches('.').to_string(),
            max_article_bytes: over.max_article_bytes.or(base.max_article_bytes).unwrap_or(10 * 1024 * 1024),
            fetch_timeout_seconds: over.fetch_timeout_seconds.or(base.fetch_timeout_seconds).unwrap_or(20).max(1),
            reading_width: over.reading_width.or(base.reading_width).unwrap_or(80),
            theme,
            keys,
            user_keys,
            user_file,
            user_text: user.map(|(text, _)| text.to_string()),
        };
        if config.article_extension.is_empty() {
            return Err(ConfigError::new(
                config.user_file.as_ref().map_or("config/default.toml".into(), |p| p.display().to_string()),
                "`article_extension = \"\"` is empty",
                "give an extension such as \"md\"",
            )
            .at_line(user.and_then(|(text, _)| crate::text::toml_key_line(text, "article_extension"))));
        }
        Ok(config)
    }

    /// Reads the config: `explicit` (from `--config`, must exist) or the default user path
    /// (used when it exists).
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => default_user_config_path().filter(|p| p.exists()),
        };
        let Some(path) = path else {
            return Config::layered(None);
        };
        let file = path.display().to_string();
        let bytes = crate::fsutil::read_regular_file(&path, 1 << 20).map_err(|e| {
            ConfigError::new(&file, format!("cannot read the config file: {e}"), "check the path given with --config")
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            ConfigError::new(
                &file,
                format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
                "save the file as UTF-8",
            )
        })?;
        Config::layered(Some((&text, &path)))
    }

    /// How downloads behave, from the config.
    pub fn fetch_options(&self) -> crate::fetch::FetchOptions {
        crate::fetch::FetchOptions {
            timeout: std::time::Duration::from_secs(self.fetch_timeout_seconds),
            max_bytes: self.max_article_bytes,
            ..crate::fetch::FetchOptions::default()
        }
    }

    /// The folder the user's own articles live in: `articles_dir`, else
    /// `$XDG_DATA_HOME/tidings/articles`. Imports go there, and the reader shows it together
    /// with the bundled articles.
    pub fn library_dir(&self) -> Option<PathBuf> {
        self.articles_dir.clone().or_else(|| data_dir().map(|d| d.join("articles")))
    }

    /// Where user data files (import rules, aliases) are looked for: next to the config file.
    pub fn user_dir(&self) -> Option<PathBuf> {
        match &self.user_file {
            Some(f) => f.parent().map(Path::to_path_buf),
            None => default_user_config_path().and_then(|p| p.parent().map(Path::to_path_buf)),
        }
    }

    /// The line of the user's file on which `key` is set inside `[table]`, for messages about
    /// values that parsed but mean nothing ("[keys] fly = ...").
    pub fn line_of(&self, table: &str, key: &str) -> Option<usize> {
        let text = self.user_text.as_deref()?;
        let header = format!("[{table}]");
        let start = text.lines().position(|l| l.trim() == header)?;
        let in_table: String = text
            .lines()
            .skip(start + 1)
            .take_while(|l| !l.trim_start().starts_with('['))
            .collect::<Vec<_>>()
            .join("\n");
        crate::text::toml_key_line(&in_table, key).map(|l| l + start + 1)
    }

    /// A key-map or theme message ("[keys] \"fly\" is not an action — …") located in the
    /// user's file: the line of the first name it mentions that the file sets.
    pub fn locate(&self, message: &str) -> ConfigError {
        let line = message.strip_prefix('[').and_then(|m| m.split_once("] ")).and_then(|(table, rest)| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .find_map(|w| self.line_of(table, w))
        });
        ConfigError::new(self.file_for_messages(), message, "").at_line(line)
    }

    /// The user file's name, or the built-in default's, for messages.
    pub fn file_for_messages(&self) -> String {
        self.user_file
            .as_ref()
            .map_or_else(|| "config/default.toml (built in)".to_string(), |p| p.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        let c = Config::defaults();
        assert_eq!(c.articles_dir, None);
        assert_eq!(c.article_extension, "md");
        assert!(c.keys.contains_key("quit"));
    }

    #[test]
    fn user_file_overrides_and_is_relative_to_itself() {
        let c = Config::layered(Some((
            "articles_dir = \"news\"\nreading_width = 60\n[keys]\nquit = [\"x\"]\n",
            Path::new("/home/u/.config/tidings/config.toml"),
        )))
        .unwrap();
        assert_eq!(c.articles_dir, Some(PathBuf::from("/home/u/.config/tidings/news")));
        assert_eq!(c.reading_width, 60);
        assert_eq!(c.user_keys["quit"], vec!["x".to_string()]);
        assert_eq!(c.keys["move_down"], vec!["j".to_string(), "down".to_string()]);
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_located() {
        let e = Config::layered(Some(("reading_width = 60\nreadng_width = 3\n", Path::new("u.toml")))).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.problem.contains("readng_width"), "{e}");
        let e = Config::layered(Some(("reading_width = \"wide\"\n", Path::new("u.toml")))).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert_eq!(e.file, "u.toml");
        let e = Config::layered(Some(("reading_width = [", Path::new("u.toml")))).unwrap_err();
        assert_eq!(e.file, "u.toml");
    }
}
