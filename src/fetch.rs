//! Downloading pages and feeds over HTTP(S), politely and defensively: a clear User-Agent,
//! timeouts, a few retries on a transient failure, a size limit on every response (after
//! decompression, so a gzip bomb stops at the limit), a limit on redirects, and conditional GET
//! (ETag / Last-Modified) so an unchanged feed costs one small response. This is the shell's
//! network side; what comes back is handed to the pure importer.

use std::time::Duration;

/// How fetching behaves.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The whole exchange for one response, connection included.
    pub timeout: Duration,
    /// Retries after a transient failure (a dropped connection, a 5xx, a 429).
    pub retries: u32,
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions { timeout: Duration::from_secs(20), retries: 2, max_bytes: 10 * 1024 * 1024, max_redirects: 5 }
    }
}

/// What a server said about a response's version, for the next conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug)]
pub enum Fetched {
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
    /// 304: the copy we have is current.
    NotModified,
}

/// Why a URL could not be fetched: the URL, what went wrong, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url}: {problem} — {fix}")]
pub struct FetchError {
    pub url: String,
    pub problem: String,
    pub fix: String,
}

pub const USER_AGENT: &str =
    concat!("tidings/", env!("CARGO_PKG_VERSION"), " (terminal news reader; +https://crates.io/crates/tidings)");

/// Whether `text` is meant as a web address (rather than a file name).
pub fn looks_like_url(text: &str) -> bool {
    text.split_once("://")
        .is_some_and(|(scheme, _)| !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+'))
}

pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .max_redirects(options.max_redirects)
            .user_agent(USER_AGENT)
            .http_status_as_error(false)
            .build();
        Fetcher { agent: config.into(), options }
    }

    fn error(url: &str, problem: impl Into<String>, fix: &str) -> FetchError {
        FetchError { url: url.to_string(), problem: problem.into(), fix: fix.to_string() }
    }

    /// Fetches `url`; with `known` validators, a 304 comes back as [`Fetched::NotModified`].
    pub fn get(&self, url: &str, known: Option<&Validators>) -> Result<Fetched, FetchError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Self::error(
                url,
                "is not an http(s) address",
                "give a URL that starts with http:// or https://",
            ));
        }
        let mut attempt = 0;
        loop {
            match self.attempt(url, known) {
                Err((e, transient)) if transient && attempt < self.options.retries => {
                    attempt += 1;
                    // A short, growing pause: the server or the network may recover.
                    std::thread::sleep(Duration::from_millis(250 * u64::from(attempt)));
                    let _ = e;
                }
                Err((e, _)) => return Err(e),
                Ok(fetched) => return Ok(fetched),
            }
        }
    }

    /// One try; the error says whether trying again could help.
    fn attempt(&self, url: &str, known: Option<&Validators>) -> Result<Fetched, (FetchError, bool)> {
        let mut request = self.agent.get(url).header("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8");
        if let Some(v) = known {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header("If-Modified-Since", date);
            }
        }
        let mut response = request.call().map_err(|e| {
            let transient = matches!(e, ureq::Error::Io(_) | ureq::Error::ConnectionFailed | ureq::Error::Timeout(_));
            let (problem, fix) = match &e {
                ureq::Error::TooManyRedirects => (
                    "too many redirects (a redirect loop?)".to_string(),
                    "open the address in a browser to see where it leads",
                ),
                ureq::Error::Timeout(_) => ("timed out".to_string(), "try again later, or check the network"),
                ureq::Error::HostNotFound => {
                    ("the host was not found".to_string(), "check the address and the network")
                }
                ureq::Error::ConnectionFailed => ("could not connect".to_string(), "check the address and the network"),
                other => (other.to_string(), "check the address and the network"),
            };
            (Self::error(url, problem, fix), transient)
        })?;
        let status = response.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            let transient = status >= 500 || status == 429;
            let fix = if transient { "the server has a problem; try again later" } else { "check the address" };
            return Err((Self::error(url, format!("the server answered {status}"), fix), transient));
        }
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let validators = Validators { etag: header("etag"), last_modified: header("last-modified") };
        let bytes = response.body_mut().with_config().limit(self.options.max_bytes).read_to_vec().map_err(|e| {
            let problem = match e {
                ureq::Error::BodyExceedsLimit(limit) => {
                    format!("the response is larger than the limit of {limit} bytes")
                }
                other => format!("reading the response failed: {other}"),
            };
            (
                Self::error(
                    url,
                    problem,
                    "if the page is really that large, save it from a browser and import the file",
                ),
                false,
            )
        })?;
        Ok(Fetched::Body { bytes, validators })
    }
}
