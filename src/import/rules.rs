//! The importer's rules, read from `config/import.toml` (embedded) or the user's copy.

use std::collections::BTreeMap;

use rayon::prelude::*;
use regex::Regex;
use serde::Deserialize;

pub const DEFAULT_IMPORT_RULES: &str = include_str!("../../config/import.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    chrome_lines: Vec<String>,
    related_markers: Vec<String>,
    capture_stamps: Vec<String>,
    date_lines: Vec<String>,
    lead_prefixes: Vec<String>,
    signoff_lines: Vec<String>,
    signoff_suffixes: Vec<String>,
    captions: Vec<String>,
    /// Optional, so that a user's copy from before it existed still loads.
    #[serde(default)]
    html_furniture_lines: Vec<String>,
    headline_max_words: usize,
    heading_max_words: usize,
    inferred_title_max_chars: usize,
    title_intro_words: Vec<String>,
    outlets: BTreeMap<String, String>,
    #[serde(default)]
    platform_domains: Vec<String>,
    #[serde(default)]
    comment_markers: Vec<String>,
    #[serde(default)]
    site_name_lines: Vec<String>,
    #[serde(default)]
    company_words: Vec<String>,
    #[serde(default)]
    standfirst_selectors: Vec<String>,
}

/// Compiled importer rules.
#[derive(Debug, Clone)]
pub struct ImportRules {
    pub chrome_lines: Vec<Regex>,
    pub related_markers: Vec<Regex>,
    /// A short block that opens the readers' comments: in a whole-page capture, the story
    /// ends before it (comments are prose too, so the story's shape alone would keep them).
    pub comment_markers: Vec<Regex>,
    /// Lines in which a page names itself ("Follow X online", "Back to X", "© 2019 X"): the
    /// `name` group is a candidate for the outlet of a whole-page capture.
    pub site_name_lines: Vec<Regex>,
    /// CSS selectors of the standfirst under an HTML page's headline, joined with commas.
    pub standfirst_selectors: String,
    /// Whole lines of page furniture that an HTML page's extracted text may still hold.
    pub html_furniture_lines: Vec<Regex>,
    pub capture_stamps: Vec<Regex>,
    pub date_lines: Vec<Regex>,
    pub lead_prefixes: Vec<Regex>,
    pub signoff_lines: Vec<Regex>,
    pub signoff_suffixes: Vec<Regex>,
    pub captions: Vec<Regex>,
    pub headline_max_words: usize,
    pub heading_max_words: usize,
    pub inferred_title_max_chars: usize,
    pub title_intro_words: Vec<String>,
    /// Lower-cased printed form -> display name.
    outlets: BTreeMap<String, String>,
    /// Printed forms as written (for finding them in a line), longest first.
    outlet_forms: Vec<(String, String)>,
    /// Domains of platforms (social networks, app stores) that pages link to but that are not
    /// the outlet.
    platform_domains: Vec<String>,
    /// Words that make a name a company's ("Holdings", "LLC"), folded.
    company_words: Vec<String>,
    /// The whole-page capture's block scorer; `None` is the bundled one.
    block_model: Option<std::sync::Arc<super::block_model::BlockModel>>,
}

pub type RulesError = crate::located::Located;

impl ImportRules {
    /// The rules shipped with tidings.
    pub fn bundled() -> ImportRules {
        // The bundled file is tested (`bundled_rules_compile`), so this cannot fail at run time.
        ImportRules::parse(DEFAULT_IMPORT_RULES, "config/import.toml (built in)")
            .expect("bundled import rules are valid")
    }

    /// Parses rules text; `origin` names the file in error messages.
    pub fn parse(text: &str, origin: &str) -> Result<ImportRules, RulesError> {
        let raw: RawRules = toml::from_str(text).map_err(|e| {
            RulesError::from_toml(origin, text, &e, "fix the TOML on that line; config/import.toml shows every rule")
        })?;
        // Compiling the patterns takes about a quarter of a second on one core (bounded Unicode
        // classes make large automata), paid by every import: they are compiled on every core
        // first, then taken list by list, so that the first bad pattern in that order is the one
        // reported.
        let compiled: std::collections::HashMap<&str, Result<Regex, regex::Error>> = [
            &raw.chrome_lines,
            &raw.related_markers,
            &raw.html_furniture_lines,
            &raw.comment_markers,
            &raw.site_name_lines,
            &raw.capture_stamps,
            &raw.date_lines,
            &raw.lead_prefixes,
            &raw.signoff_lines,
            &raw.signoff_suffixes,
            &raw.captions,
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<&String>>()
        .into_par_iter()
        .map(|p| (p.as_str(), Regex::new(p)))
        .collect();
        let compile = |key: &str, patterns: &[String]| -> Result<Vec<Regex>, RulesError> {
            patterns
                .iter()
                .map(|p| {
                    compiled[p.as_str()].clone().map_err(|e| {
                        RulesError::new(
                            origin,
                            format!("pattern {p:?} in `{key}` is not a valid regex: {e}"),
                            "fix the pattern (Rust regex syntax)",
                        )
                        .at_line(crate::text::toml_key_line(text, key))
                    })
                })
                .collect()
        };
        Ok(ImportRules {
            chrome_lines: compile("chrome_lines", &raw.chrome_lines)?,
            related_markers: compile("related_markers", &raw.related_markers)?,
            html_furniture_lines: compile("html_furniture_lines", &raw.html_furniture_lines)?,
            comment_markers: compile("comment_markers", &raw.comment_markers)?,
            site_name_lines: compile("site_name_lines", &raw.site_name_lines)?,
            standfirst_selectors: raw.standfirst_selectors.join(", "),
            company_words: raw.company_words.iter().map(|w| crate::text::fold(w)).collect(),
            capture_stamps: compile("capture_stamps", &raw.capture_stamps)?,
            date_lines: compile("date_lines", &raw.date_lines)?,
            lead_prefixes: compile("lead_prefixes", &raw.lead_prefixes)?,
            signoff_lines: compile("signoff_lines", &raw.signoff_lines)?,
            signoff_suffixes: compile("signoff_suffixes", &raw.signoff_suffixes)?,
            captions: compile("captions", &raw.captions)?,
            headline_max_words: raw.headline_max_words,
            heading_max_words: raw.heading_max_words,
            inferred_title_max_chars: raw.inferred_title_max_chars,
            title_intro_words: raw.title_intro_words,
            outlet_forms: {
                let mut forms: Vec<(String, String)> =
                    raw.outlets.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                forms.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
                forms
            },
            outlets: raw.outlets.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect(),
            platform_domains: raw.platform_domains.iter().map(|d| d.to_lowercase()).collect(),
            block_model: None,
        })
    }

    /// These rules with another block scorer for whole-page captures (to measure a freshly
    /// trained one without rebuilding).
    pub fn with_block_model(mut self, model: super::block_model::BlockModel) -> ImportRules {
        self.block_model = Some(std::sync::Arc::new(model));
        self
    }

    pub fn block_model(&self) -> &super::block_model::BlockModel {
        match &self.block_model {
            Some(model) => model,
            None => super::block_model::BlockModel::bundled(),
        }
    }

    /// The display name of a printed outlet credit, if it is a known outlet.
    pub fn outlet(&self, printed: &str) -> Option<&str> {
        self.outlets.get(&printed.trim().to_lowercase()).map(String::as_str)
    }

    /// A known outlet printed in `line` (as written, as a whole word), the longest if several;
    /// a web address counts when its name is the outlet's ("TheHill.com" is The Hill).
    pub fn outlet_in(&self, line: &str) -> Option<&str> {
        let whole_word = |at: usize, len: usize| {
            !line[..at].ends_with(|c: char| c.is_alphanumeric())
                && !line[at + len..].starts_with(|c: char| c.is_alphanumeric())
        };
        for (form, display) in &self.outlet_forms {
            if let Some(at) = line.find(form.as_str())
                && whole_word(at, form.len())
            {
                return Some(display);
            }
        }
        line.split_whitespace().find_map(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            let label = word.strip_prefix("www.").unwrap_or(&word).split('.').next().filter(|_| word.contains('.'))?;
            self.outlet_for_label(label)
        })
    }

    /// The outlet whose name, squeezed, is this domain label ("thehill" -> The Hill,
    /// "washingtonpost" -> The Washington Post), or whose listed address it is ("nytimes").
    pub fn outlet_for_label(&self, label: &str) -> Option<&str> {
        let squeeze = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
        let label = label.to_lowercase();
        let names_it = |form: &str, display: &str| {
            // An address listed for an outlet of another name ("nytimes.com"); an outlet whose
            // name is an address ("news.com.au") is not named by its first label ("news").
            let is_address = form.contains('.') && !form.contains(' ') && !form.eq_ignore_ascii_case(display);
            if is_address {
                return form.split('.').next().is_some_and(|first| first.eq_ignore_ascii_case(&label));
            }
            squeeze(form) == label || form.strip_prefix("The ").is_some_and(|rest| squeeze(rest) == label)
        };
        self.outlet_forms.iter().find(|(form, display)| names_it(form, display)).map(|(_, d)| d.as_str())
    }

    /// Whether a domain's first label is a platform's (facebook, twitter ...), not an outlet's.
    pub fn is_platform_domain(&self, label: &str) -> bool {
        self.platform_domains.iter().any(|d| d == label)
    }

    /// Whether a word marks a company rather than a publication ("Media", "LLC", "Inc.").
    pub fn is_company_word(&self, word: &str) -> bool {
        let word = crate::text::fold(word.trim_matches(|c: char| !c.is_alphanumeric()));
        !word.is_empty() && self.company_words.contains(&word)
    }

    /// The author a wire's closing credits name ("Reporting by Ann Lee; Editing by Bo Chen").
    pub fn signoff_author(&self, text: &str) -> Option<String> {
        let caps = self.signoff_lines.iter().find_map(|r| r.captures(text))?;
        caps.name("author").map(|a| a.as_str().to_string())
    }

    pub fn any_match(patterns: &[Regex], line: &str) -> bool {
        patterns.iter().any(|r| r.is_match(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_compile() {
        let rules = ImportRules::parse(DEFAULT_IMPORT_RULES, "builtin").unwrap();
        assert_eq!(rules.outlet("vovworld"), Some("VOV World"));
        assert_eq!(rules.outlet("Nobody"), None);
    }

    #[test]
    fn bad_rules_are_located() {
        let e = ImportRules::parse("chrome_lines = [", "mine.toml").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("mine.toml", Some(1)), "{e}");
        // An error at the start of a line is on that line (the first version said the one above).
        let e = ImportRules::parse("headline_max_words = 12\nchrome_linez = []\n", "mine.toml").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let text = DEFAULT_IMPORT_RULES.replacen("chrome_lines = [", "chrome_lines = ['(unclosed',", 1);
        let e = ImportRules::parse(&text, "mine.toml").unwrap_err();
        assert!(e.problem.contains("not a valid regex"), "{e}");
        // Two bad patterns: the earlier one is reported, though all compile at once.
        let text = text.replacen("captions = [", "captions = ['(second',", 1);
        for _ in 0..5 {
            let e = ImportRules::parse(&text, "mine.toml").unwrap_err();
            assert!(e.problem.contains("(unclosed") && e.problem.contains("chrome_lines"), "{e}");
        }
    }

    #[test]
    fn a_domain_label_names_its_outlet() {
        let rules = ImportRules::bundled();
        assert_eq!(rules.outlet_for_label("thehill"), Some("The Hill"));
        assert_eq!(rules.outlet_for_label("washingtonpost"), Some("The Washington Post"));
        assert_eq!(rules.outlet_for_label("nytimes"), Some("The New York Times"));
        assert_eq!(rules.outlet_for_label("example"), None);
        assert_eq!(rules.outlet_for_label("news"), None, "news.com.au is named by its whole address");
    }
}
