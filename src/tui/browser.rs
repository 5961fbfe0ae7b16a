//! Opening an article's web address: which program, with which arguments, and whether it
//! takes the terminal. The choice is pure (tested here); the event loop runs it.

/// How to open an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserCommand {
    pub program: String,
    pub args: Vec<String>,
    /// A `$BROWSER` may be a terminal browser (w3m, lynx): it gets the terminal and the reader
    /// waits for it. The system's opener hands the address to a window and returns.
    pub foreground: bool,
}

/// The command for `url`: the first entry of `$BROWSER` (a `:`-separated list, as in
/// `sensible-browser`; `%s` stands for the address, else the address goes last), or the
/// platform's opener when `$BROWSER` is empty or unset.
pub fn command(browser: Option<&str>, url: &str) -> BrowserCommand {
    let chosen = browser.and_then(|b| b.split(':').map(str::trim).find(|entry| !entry.is_empty()));
    if let Some(entry) = chosen {
        let mut words: Vec<String> = entry.split_whitespace().map(String::from).collect();
        let program = words.remove(0);
        let mut args: Vec<String> = words.iter().map(|w| w.replace("%s", url)).collect();
        if !entry.contains("%s") {
            args.push(url.to_string());
        }
        return BrowserCommand { program, args, foreground: true };
    }
    let program = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    BrowserCommand { program: program.into(), args: vec![url.to_string()], foreground: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.org/a?b=1";

    #[test]
    fn browser_variable_first_entry_with_the_address() {
        let c = command(Some("w3m"), URL);
        assert_eq!((c.program.as_str(), c.args.as_slice(), c.foreground), ("w3m", &[URL.to_string()][..], true));
        let c = command(Some(" :lynx -accept_all_cookies:firefox"), URL);
        assert_eq!(c.program, "lynx");
        assert_eq!(c.args, ["-accept_all_cookies", URL]);
        let c = command(Some("firefox --new-tab %s"), URL);
        assert_eq!(c.args, ["--new-tab", URL]);
    }

    #[test]
    fn without_a_browser_the_system_opener_in_the_background() {
        for unset in [None, Some(""), Some(" : ")] {
            let c = command(unset, URL);
            assert!(["xdg-open", "open"].contains(&c.program.as_str()));
            assert_eq!(c.args, [URL]);
            assert!(!c.foreground);
        }
    }
}
