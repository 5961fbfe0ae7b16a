//! The extractor's word lists, read from `config/lexicon.toml`, `config/gazetteer.toml` and
//! `config/aliases.toml`, and indexed by folded key ("Hà Nội" and "Hanoi" share the key "hanoi").

/// The word lists are looked up for every capitalised word, and the keys are short, trusted
/// strings, so rustc's fast hash beats the default DoS-resistant one.
pub type FastSet = rustc_hash::FxHashSet<String>;
pub type FastMap<V> = rustc_hash::FxHashMap<String, V>;

use regex::Regex;
use serde::Deserialize;

use super::entities::EntityKind;
use crate::text::fold;

pub const DEFAULT_LEXICON: &str = include_str!("../../config/lexicon.toml");
pub const DEFAULT_GAZETTEER: &str = include_str!("../../config/gazetteer.toml");
pub const DEFAULT_ALIASES: &str = include_str!("../../config/aliases.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    titles: Vec<String>,
    organization_heads: Vec<String>,
    document_heads: Vec<String>,
    event_heads: Vec<String>,
    place_heads: Vec<String>,
    credit_patterns: Vec<String>,
    event_nouns: Vec<String>,
    connectors: Vec<String>,
    family_names: Vec<String>,
    given_names: Vec<String>,
    acronyms: Vec<String>,
    stop_capitals: Vec<String>,
    // Optional so that a user's lexicon written before they existed still reads.
    #[serde(default)]
    club_roles: Vec<String>,
    #[serde(default)]
    organisation_nouns: Vec<String>,
    #[serde(default)]
    organisation_nouns_after: Vec<String>,
    #[serde(default)]
    place_nouns_after: Vec<String>,
    #[serde(default)]
    opening_participles: Vec<String>,
    #[serde(default)]
    match_words: Vec<String>,
    #[serde(default)]
    match_particles: Vec<String>,
    #[serde(default)]
    body_heads: Vec<String>,
    #[serde(default)]
    compound_suffixes: Vec<String>,
    #[serde(default)]
    happening_nouns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGazetteer {
    #[serde(default)]
    countries: Vec<Vec<String>>,
    #[serde(default)]
    cities: Vec<Vec<String>>,
    #[serde(default)]
    regions: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAliases {
    #[serde(default)]
    alias: Vec<RawAlias>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlias {
    kind: EntityKind,
    forms: Vec<String>,
}

/// A name the lexicon knows: what it is and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownName {
    pub kind: EntityKind,
    pub display: String,
}

pub type LexiconError = crate::located::Located;

#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Folded key (letters and digits only) -> known name. Places and aliases.
    pub known: FastMap<KnownName>,
    /// Longest known name, in words, to bound the look-ahead.
    pub longest_known: usize,
    /// Title phrases as folded word sequences, by first word, longest first.
    pub titles: FastMap<Vec<Vec<String>>>,
    /// Head word -> the kind it makes a name (document over event over organisation over place).
    pub heads: FastMap<EntityKind>,
    pub credit_patterns: Vec<Regex>,
    pub event_nouns: FastSet,
    pub connectors: FastSet,
    pub family_names: FastSet,
    pub given_names: FastSet,
    pub acronyms: FastSet,
    pub stop_capitals: FastSet,
    /// Folded keys of the gazetteer's countries: national sides are their country, so a
    /// country is never re-read as a club.
    pub countries: FastSet,
    /// Words after a town's name that make it a club at play ("Portsmouth boss").
    pub club_roles: FastSet,
    /// Lower-case nouns right before a name that say it is an organisation: "oil firm Yukos",
    /// "the newspaper Vedomosti"; folded.
    pub organisation_nouns: FastSet,
    /// The same after a name: "the Yuganskneftegas unit"; folded.
    pub organisation_nouns_after: FastSet,
    /// Lower-case nouns right after a name that say it is a place: "Banda Aceh province",
    /// "Bauchi state"; folded.
    pub place_nouns_after: FastSet,
    /// Participles that open a sentence before a name and are not part of it: "Following World
    /// War II, ..."; folded.
    pub opening_participles: FastSet,
    /// Words between two names that make them sides of a match ("Minnesota beat Buffalo").
    pub match_words: FastSet,
    pub match_particles: FastSet,
    /// Heads of a public body's name, which may join two fields with "and" ("Transport and
    /// General Workers Union", "Ministry of Trade and Industry"); folded.
    pub body_heads: FastSet,
    /// Lower-case words that make a compound after a name and a hyphen ("Oslo-based"); folded.
    pub compound_suffixes: FastSet,
    /// Nouns for things that happen or are done ("death", "ceremony"), which may head a
    /// milestone's label; folded.
    pub happening_nouns: FastSet,
    /// A hash of the texts it was built from: analyses cached on disk are keyed by it, so a
    /// user's edited gazetteer makes them stale.
    pub fingerprint: u64,
}

/// The key two spellings of one name share: folded, letters and digits only.
pub fn name_key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn parse<'a, T: Deserialize<'a>>(text: &'a str, file: &str) -> Result<T, LexiconError> {
    toml::from_str(text).map_err(|e| LexiconError::from_toml(file, text, &e, "fix the TOML on that line"))
}

impl Lexicon {
    pub fn bundled() -> Lexicon {
        Lexicon::from_texts(
            (DEFAULT_LEXICON, "config/lexicon.toml"),
            &[(DEFAULT_GAZETTEER, "config/gazetteer.toml")],
            &[(DEFAULT_ALIASES, "config/aliases.toml")],
        )
        .expect("the bundled lexicon is valid (tested)")
    }

    /// Builds the lexicon from file texts (with names for messages). Later gazetteer and alias
    /// files win over earlier ones, so a user's file can correct a bundled entry.
    pub fn from_texts(
        lexicon: (&str, &str),
        gazetteers: &[(&str, &str)],
        aliases: &[(&str, &str)],
    ) -> Result<Lexicon, LexiconError> {
        let raw: RawLexicon = parse(lexicon.0, lexicon.1)?;
        let folded_set = |words: &[String]| words.iter().map(|w| fold(w)).collect::<FastSet>();
        let mut known = FastMap::default();
        let mut longest_known = 1;
        let mut add = |forms: &[String], kind: EntityKind, known: &mut FastMap<KnownName>| {
            let Some(display) = forms.first() else { return };
            for form in forms {
                let key = name_key(form);
                if key.is_empty() {
                    continue;
                }
                longest_known = longest_known.max(form.split(|c: char| c.is_whitespace() || c == '-').count());
                known.insert(key, KnownName { kind, display: display.clone() });
            }
        };
        let mut countries = FastSet::default();
        for (text, file) in gazetteers {
            let g: RawGazetteer = parse(text, file)?;
            countries.extend(g.countries.iter().flatten().map(|form| name_key(form)).filter(|k| !k.is_empty()));
            for forms in g.countries.iter().chain(&g.cities).chain(&g.regions) {
                add(forms, EntityKind::Place, &mut known);
            }
        }
        for (text, file) in aliases {
            let a: RawAliases = parse(text, file)?;
            for entry in &a.alias {
                if entry.forms.is_empty() {
                    return Err(LexiconError::new(
                        *file,
                        "an [[alias]] has no forms",
                        "give at least one name in `forms`",
                    ));
                }
                add(&entry.forms, entry.kind, &mut known);
            }
        }
        let mut titles: FastMap<Vec<Vec<String>>> = FastMap::default();
        for t in &raw.titles {
            let words: Vec<String> = t.split_whitespace().map(fold).collect();
            if let Some(first) = words.first() {
                let entry = titles.entry(first.clone()).or_default();
                if !entry.contains(&words) {
                    entry.push(words);
                }
            }
        }
        for phrases in titles.values_mut() {
            phrases.sort_by_key(|t| std::cmp::Reverse(t.len()));
        }
        let mut heads = FastMap::default();
        // Inserted weakest first, so a word in two lists gets the stronger kind.
        for (list, kind) in [
            (&raw.place_heads, EntityKind::Place),
            (&raw.organization_heads, EntityKind::Organization),
            (&raw.event_heads, EntityKind::Event),
            (&raw.document_heads, EntityKind::Document),
        ] {
            for w in list {
                heads.insert(fold(w), kind);
            }
        }
        let credit_patterns = raw
            .credit_patterns
            .iter()
            .map(|p| {
                Regex::new(p).map_err(|e| {
                    LexiconError::new(
                        lexicon.1,
                        format!("credit pattern {p:?} is not a valid regex: {e}"),
                        "fix the pattern (Rust regex syntax)",
                    )
                    .at_line(crate::text::toml_key_line(lexicon.0, "credit_patterns"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let fingerprint = std::iter::once(lexicon)
            .chain(gazetteers.iter().copied())
            .chain(aliases.iter().copied())
            .fold(crate::text::FNV_OFFSET, |h, (text, file)| {
                crate::text::fnv1a(crate::text::fnv1a(h, file.as_bytes()), text.as_bytes())
            });
        Ok(Lexicon {
            fingerprint,
            known,
            longest_known: longest_known.min(12),
            titles,
            heads,
            credit_patterns,
            event_nouns: folded_set(&raw.event_nouns),
            connectors: folded_set(&raw.connectors),
            family_names: folded_set(&raw.family_names),
            given_names: folded_set(&raw.given_names),
            acronyms: raw.acronyms.iter().cloned().collect(),
            // Kept as written: "May" the month is a stop word, "may" is not capitalised anyway.
            stop_capitals: raw.stop_capitals.iter().cloned().collect(),
            countries,
            club_roles: folded_set(&raw.club_roles),
            organisation_nouns: folded_set(&raw.organisation_nouns),
            organisation_nouns_after: folded_set(&raw.organisation_nouns_after),
            place_nouns_after: folded_set(&raw.place_nouns_after),
            opening_participles: folded_set(&raw.opening_participles),
            match_words: folded_set(&raw.match_words),
            match_particles: folded_set(&raw.match_particles),
            body_heads: folded_set(&raw.body_heads),
            compound_suffixes: folded_set(&raw.compound_suffixes),
            happening_nouns: folded_set(&raw.happening_nouns),
        })
    }

    /// Bundled files plus the user's copies found in `dir` (lexicon replaced; gazetteer and
    /// aliases added, the user's entries winning).
    pub fn with_user_dir(dir: Option<&std::path::Path>) -> Result<Lexicon, LexiconError> {
        let read = |name: &str| -> Result<Option<(String, String)>, LexiconError> {
            let Some(path) = dir.map(|d| d.join(name)).filter(|p| p.exists()) else { return Ok(None) };
            let file = path.display().to_string();
            let bytes = crate::fsutil::read_regular_file(&path, 16 << 20)
                .map_err(|e| LexiconError::new(&file, format!("cannot read: {e}"), e.fix()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| LexiconError::new(&file, "is not UTF-8", "save the file as UTF-8"))?;
            Ok(Some((text, path.display().to_string())))
        };
        let user_lexicon = read("lexicon.toml")?;
        let user_gazetteer = read("gazetteer.toml")?;
        let user_aliases = read("aliases.toml")?;
        let lexicon =
            user_lexicon.as_ref().map_or((DEFAULT_LEXICON, "config/lexicon.toml"), |(t, f)| (t.as_str(), f.as_str()));
        let mut gazetteers = vec![(DEFAULT_GAZETTEER, "config/gazetteer.toml")];
        gazetteers.extend(user_gazetteer.iter().map(|(t, f)| (t.as_str(), f.as_str())));
        let mut aliases = vec![(DEFAULT_ALIASES, "config/aliases.toml")];
        aliases.extend(user_aliases.iter().map(|(t, f)| (t.as_str(), f.as_str())));
        Lexicon::from_texts(lexicon, &gazetteers, &aliases)
    }

    pub fn head_kind(&self, folded_word: &str) -> Option<EntityKind> {
        self.heads.get(folded_word).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_loads_and_folds() {
        let lex = Lexicon::bundled();
        assert_eq!(lex.known.get("hanoi").unwrap().display, "Hà Nội");
        assert_eq!(lex.known.get("vietnam").unwrap().display, "Việt Nam");
        assert_eq!(lex.known.get("russianfederation").unwrap().display, "Russia");
        assert!(lex.family_names.contains("nguyen"));
        assert_eq!(lex.head_kind("treaty"), Some(EntityKind::Document));
    }

    #[test]
    fn user_aliases_win_and_bad_files_are_located() {
        let user = "[[alias]]\nkind = \"place\"\nforms = [\"Hanoi Capital\", \"Hà Nội\"]\n";
        let lex = Lexicon::from_texts(
            (DEFAULT_LEXICON, "l"),
            &[(DEFAULT_GAZETTEER, "g")],
            &[(DEFAULT_ALIASES, "a"), (user, "mine.toml")],
        )
        .unwrap();
        assert_eq!(lex.known.get("hanoi").unwrap().display, "Hanoi Capital");
        let e = Lexicon::from_texts(
            (DEFAULT_LEXICON, "l"),
            &[(DEFAULT_GAZETTEER, "g")],
            &[("[[alias]]\nkind = \"planet\"\nforms = [\"Mars\"]\n", "mine.toml")],
        )
        .unwrap_err();
        assert_eq!(e.file, "mine.toml");
        assert_eq!(e.line, Some(2));
    }
}
