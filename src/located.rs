//! One error type for every problem in a file the user can fix — the config, the key map and
//! theme in it, the lexicon and import rules, article files: which file, which line, what is
//! wrong, and what to do. One helper turns a byte offset (a TOML span) into a line number.

use std::fmt;

/// A problem in a file, located and explained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Located {
    /// The file, as the user would name it; empty while not known yet (see [`Located::in_file`]).
    pub file: String,
    /// 1-based.
    pub line: Option<usize>,
    pub problem: String,
    /// What to do about it; may be empty.
    pub fix: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.file.is_empty(), self.line) {
            (false, Some(line)) => write!(f, "{}:{line}: ", self.file)?,
            (false, None) => write!(f, "{}: ", self.file)?,
            (true, Some(line)) => write!(f, "line {line}: ")?,
            (true, None) => {}
        }
        write!(f, "{}", self.problem)?;
        if !self.fix.is_empty() {
            write!(f, " — {}", self.fix)?;
        }
        Ok(())
    }
}

impl Located {
    pub fn new(file: impl Into<String>, problem: impl Into<String>, fix: impl Into<String>) -> Located {
        Located { file: file.into(), line: None, problem: problem.into(), fix: fix.into() }
    }

    pub fn at_line(mut self, line: Option<usize>) -> Located {
        self.line = line;
        self
    }

    /// The same problem, in `file`.
    pub fn in_file(mut self, file: impl Into<String>) -> Located {
        self.file = file.into();
        self
    }

    /// A TOML error in `text` (the contents of `file`), located by its span.
    pub fn from_toml(file: &str, text: &str, error: &toml::de::Error, fix: impl Into<String>) -> Located {
        Located::new(file, error.message().trim(), fix).at_line(error.span().map(|s| line_at(text, s.start)))
    }
}

/// The 1-based line of `text` that byte `offset` is on.
pub fn line_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets() {
        let text = "a = 1\nb = [\nc = 3\n";
        for (offset, line) in [(0, 1), (5, 1), (6, 2), (12, 3), (100, 4)] {
            assert_eq!(line_at(text, offset), line, "offset {offset}");
        }
    }

    #[test]
    fn display_names_what_is_known() {
        let e = Located::new("a.toml", "bad", "fix it").at_line(Some(3));
        assert_eq!(e.to_string(), "a.toml:3: bad — fix it");
        assert_eq!(Located::new("", "bad", "").at_line(Some(2)).to_string(), "line 2: bad");
        assert_eq!(Located::new("a", "bad", "").to_string(), "a: bad");
    }

    #[test]
    fn a_toml_error_at_the_start_of_a_line_is_on_that_line() {
        // The import rules' copy of this helper said line 1 here (it counted the lines before).
        let text = "x = 1\ny = [\n";
        let e = toml::from_str::<toml::Table>(text).unwrap_err();
        let located = Located::from_toml("r.toml", text, &e, "");
        assert_eq!(located.line, Some(2), "{located}");
    }
}
