//! Command-line entry point: parses arguments, loads config and library, and hands over to
//! the commands or the reader. All the work lives in the library crate.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tidings::Config;
use tidings::commands::{self, EXIT_PROBLEMS, EXIT_USAGE, ListFormat, ReportFormat, ShowFormat};
use tidings::safe_text::TerminalSafe;
use tidings::tui::{App, Ending, KeyMap, Theme};

/// A terminal news reader: articles with their entities, figures, dates and milestones.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Read articles from this folder instead of the configured or bundled ones.
    #[arg(long, global = true, value_name = "DIR")]
    articles: Option<PathBuf>,
    /// Use this config file instead of $XDG_CONFIG_HOME/tidings/config.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum FeedsAction {
    /// Subscribe to a feed (RSS, Atom or JSON Feed) by its address.
    Add { url: String },
    /// The feeds you are subscribed to.
    List,
    /// Unsubscribe from a feed.
    Remove { url: String },
}

#[derive(Subcommand)]
enum Command {
    /// List the articles: id, date, source, title (~ marks inferred values).
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Print one article: metadata and the wrapped body.
    Show {
        /// Article id, or a unique beginning of one.
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Wrap the body at this many columns.
        #[arg(long)]
        width: Option<u16>,
    },
    /// Bring articles into the library: saved web pages, feeds (RSS, Atom, JSON Feed), text
    /// captures, or http(s) addresses of pages and feeds — judged by content, not by name.
    #[command(visible_alias = "fetch")]
    Import {
        #[arg(required = true, value_name = "FILE|URL")]
        inputs: Vec<String>,
        /// Folder to write into (default: `articles_dir` from the config, else your library,
        /// $XDG_DATA_HOME/tidings/articles).
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// For feed items that carry only a summary, keep it rather than fetching the page.
        #[arg(long)]
        summaries: bool,
        /// Print what would be written and what was stripped; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace an existing article file of the same name.
        #[arg(long)]
        force: bool,
        /// Add a tag to every imported article (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
    /// Subscriptions: the feeds `refresh` fetches (kept in $XDG_CONFIG_HOME/tidings/feeds.txt).
    Feeds {
        #[command(subcommand)]
        action: FeedsAction,
    },
    /// Fetch every subscribed feed and import what is new into your library.
    Refresh,
    /// Validate the config and every article file; exit 1 if anything is wrong.
    Check,
    /// Entities, key figures, dates and milestones, for the library or some articles.
    Extract {
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        /// Article ids (or unique prefixes), article files, or raw captures (imported in
        /// memory, nothing written). None: the whole library.
        #[arg(value_name = "ID|PATH")]
        items: Vec<String>,
    },
    /// The milestones of the library in date order, with the articles that mention each.
    Timeline {
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Only the milestones involving this entity (named in the paragraph of a mention): "ASEAN"
        #[arg(long, value_name = "NAME")]
        entity: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Article text is data: printed to a terminal, its control characters are made visible.
    let (stdout, stderr) = (io::stdout(), io::stderr());
    // A report into a pipe or a file is written in blocks: std's stdout flushes at every line,
    // and `extract --format json` over a large library prints millions of them (a system call
    // each). A terminal, and an import or refresh that says what it did as it goes, see each
    // line as it is printed.
    let report = matches!(
        cli.command,
        Some(Command::List { .. } | Command::Show { .. } | Command::Extract { .. } | Command::Timeline { .. })
    );
    let mut out: Box<dyn Write> = match (stdout.is_terminal(), report) {
        (true, _) => Box::new(TerminalSafe::new(stdout.lock())),
        (false, true) => Box::new(io::BufWriter::with_capacity(64 * 1024, stdout.lock())),
        (false, false) => Box::new(stdout.lock()),
    };
    // Not locked for the whole run: background threads (a refresh's progress) write to it too.
    let mut err: Box<dyn Write> = match stderr.is_terminal() {
        true => Box::new(TerminalSafe::new(stderr)),
        false => Box::new(stderr),
    };
    let result = run(cli, &mut out, &mut err).and_then(|code| Ok(out.flush().map(|()| code)?));
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader of our output went away (`tidings list | head`): nothing left to say.
        Err(e) if e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            ExitCode::from(EXIT_PROBLEMS)
        }
    }
}

fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) if matches!(cli.command, Some(Command::Check)) => {
            writeln!(out, "problem: {e}")?;
            writeln!(out, "1 problem(s)")?;
            return Ok(EXIT_PROBLEMS);
        }
        Err(e) => {
            writeln!(
                err,
                "error: {e}\nFix the config file (see `tidings check`), or pass --config with another file."
            )?;
            return Ok(EXIT_USAGE);
        }
    };
    let articles = cli.articles.as_deref();
    match cli.command {
        Some(Command::Check) => Ok(commands::check(&config, articles, out)?),
        Some(Command::Import { inputs, into, dry_run, force, tags, summaries }) => {
            let rules = match commands::import_rules(&config) {
                Ok(r) => r,
                Err(e) => {
                    writeln!(err, "error: {e}")?;
                    return Ok(EXIT_USAGE);
                }
            };
            let Some(into) = into.or_else(|| articles.map(Path::to_path_buf)).or_else(|| config.library_dir()) else {
                writeln!(err, "error: no folder to import into — give one with --into (HOME is not set)")?;
                return Ok(EXIT_USAGE);
            };
            let fetcher = tidings::fetch::Fetcher::new(config.fetch_options());
            let request = commands::ImportRequest {
                inputs: &inputs,
                into: &into,
                dry_run,
                force,
                tags,
                max_bytes: config.max_article_bytes,
                summaries,
                fetcher: Some(&fetcher),
            };
            Ok(commands::import(&request, &rules, out, err)?)
        }
        Some(Command::Feeds { action }) => {
            let Some(path) = tidings::refresh::feeds_path() else {
                writeln!(err, "error: HOME is not set, so there is no config folder for the subscriptions")?;
                return Ok(EXIT_USAGE);
            };
            Ok(match action {
                FeedsAction::Add { url } => commands::feeds::add(&path, &url, out, err)?,
                FeedsAction::List => commands::feeds::list(&path, out, err)?,
                FeedsAction::Remove { url } => commands::feeds::remove(&path, &url, out, err)?,
            })
        }
        Some(Command::Refresh) => {
            let (Some(path), Some(into)) = (tidings::refresh::feeds_path(), config.library_dir()) else {
                writeln!(err, "error: HOME is not set, so there is no config folder or library")?;
                return Ok(EXIT_USAGE);
            };
            let rules = match commands::import_rules(&config) {
                Ok(r) => r,
                Err(e) => {
                    writeln!(err, "error: {e}")?;
                    return Ok(EXIT_USAGE);
                }
            };
            let fetcher = tidings::fetch::Fetcher::new(config.fetch_options());
            Ok(commands::feeds::run_refresh(&path, &into, &fetcher, &rules, out, err)?)
        }
        Some(Command::List { format }) => {
            // A listing shows metadata: bodies are checked but not kept.
            let library = commands::open_library_as(&config, articles, tidings::article::Content::Metadata)
                .map_err(|p| anyhow::anyhow!("{p}"))?;
            commands::warn_problems(&library, err);
            commands::list(&library, format, out)?;
            Ok(0)
        }
        Some(Command::Show { id, format, width }) => {
            let library = load(&config, articles, err)?;
            match library.find(&id) {
                Ok(article) => {
                    commands::show(article, format, commands::text_width(width), out)?;
                    Ok(0)
                }
                Err(message) => {
                    writeln!(err, "error: {message}")?;
                    Ok(EXIT_PROBLEMS)
                }
            }
        }
        Some(Command::Extract { format, items }) => {
            let mut library = load(&config, articles, err)?;
            let analyzer = analyzer(&config)?;
            let selected = match commands::select_for_extract(&mut library, &items, &config) {
                Ok(s) => s,
                Err(message) => {
                    writeln!(err, "error: {message}")?;
                    return Ok(EXIT_PROBLEMS);
                }
            };
            let analysis = tidings::analysis::analyze_library(&library.articles, &analyzer);
            commands::report::extract(&library.articles, &analysis, &selected, format, out)?;
            Ok(0)
        }
        Some(Command::Timeline { format, entity }) => {
            let library = load(&config, articles, err)?;
            let analysis = analyse_with_cache(&library, &analyzer(&config)?, err)?;
            let shown: Vec<usize> = match &entity {
                Some(name) => {
                    tidings::timeline::involving(&analysis.milestones, &library.articles, &analysis.articles, name)
                }
                None => (0..analysis.milestones.len()).collect(),
            };
            if let (Some(name), true) = (&entity, shown.is_empty()) {
                writeln!(err, "no milestone involves {name:?} — `tidings extract` lists the entities of each article")?;
            }
            commands::report::timeline(&library.articles, &analysis, &shown, format, out)?;
            Ok(0)
        }
        None => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let (keymap, theme) = match (KeyMap::from_config(&config), Theme::from_config(&config.theme, no_color)) {
                (Ok(k), Ok(t)) => (k, t),
                (k, t) => {
                    // A broken config stops the reader before it touches the terminal.
                    for e in k.err().into_iter().flatten().chain(t.err().into_iter().flatten()) {
                        writeln!(err, "error: {}", config.locate(&e))?;
                    }
                    writeln!(err, "Fix the config file (see `tidings check`), or pass --config with another file.")?;
                    return Ok(EXIT_USAGE);
                }
            };
            // The reader needs a terminal to draw on and read keys from; in a pipe or under
            // cron it says so instead of writing escape sequences into the output.
            if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
                writeln!(
                    err,
                    "error: the reader needs a terminal (standard input and output are not both one) — \
                     run `tidings` in a terminal, or use a command such as `tidings list` in scripts"
                )?;
                return Ok(EXIT_USAGE);
            }
            // A large library is shown from the snapshot of its metadata at once and read from
            // its files in the background (see `tidings::library_snapshot`).
            let origin = commands::library_origin(&config, articles);
            let snapshot_path = tidings::library_snapshot::path_for(&origin);
            let library = match snapshot_path.as_deref().and_then(|p| tidings::library_snapshot::read(p, &origin)) {
                Some(library) => library,
                None => load(&config, articles, err)?,
            };
            let state_key = library.state_key();
            let cache = tidings::analysis_cache::path_for(&library);
            let snapshot = snapshot_path.map(|path| {
                let (read_config, read_articles) = (config.clone(), articles.map(Path::to_path_buf));
                tidings::tui::app::Snapshot {
                    path,
                    max_article_bytes: config.max_article_bytes,
                    read_library: Box::new(move |content| {
                        commands::open_library_as(&read_config, read_articles.as_deref(), content)
                    }),
                }
            });
            let mut app = App::with_cached_background_analysis(
                library,
                analyzer(&config)?,
                keymap,
                theme,
                config.reading_width,
                cache,
                snapshot,
            );
            // R refreshes the subscriptions into the user's library and reads the library again.
            let feeds =
                tidings::refresh::feeds_path().and_then(|p| tidings::refresh::read_feeds(&p).ok()).unwrap_or_default();
            if let (false, Some(into)) = (feeds.is_empty(), config.library_dir()) {
                let (reload_config, reload_articles) = (config.clone(), articles.map(Path::to_path_buf));
                let rules_config = config.clone();
                app.set_refresher(tidings::tui::app::Refresher {
                    feeds,
                    into,
                    fetch: config.fetch_options(),
                    rules: Box::new(move || commands::import_rules(&rules_config).map_err(|e| e.to_string())),
                    reload: Box::new(move || commands::open_library(&reload_config, reload_articles.as_deref()).ok()),
                });
            }
            let state_path = tidings::tui::persist::default_path();
            if let Some(path) = &state_path {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
                let (state, message) = tidings::tui::persist::load(path, now);
                app.restore(&state.library(&state_key));
                if message.is_some() {
                    app.message = message;
                }
            }
            let mut save_problem = None;
            let ending = tidings::tui::run(app, |app| {
                if let Some(path) = &state_path
                    && let Err(e) = tidings::tui::persist::save(path, &state_key, &app.session_changes())
                {
                    save_problem = Some(format!("could not save the reading state to {}: {e}", path.display()));
                }
            })?;
            if let Some(problem) = save_problem {
                writeln!(err, "warning: {problem}")?;
            }
            match ending {
                Ending::Quit | Ending::Signal(_) => Ok(0),
                Ending::TerminalGone(_) => Ok(EXIT_PROBLEMS),
            }
        }
    }
}

fn analyzer(config: &Config) -> anyhow::Result<tidings::extract::Analyzer> {
    let lexicon =
        tidings::extract::Lexicon::with_user_dir(config.user_dir().as_deref()).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(tidings::extract::Analyzer::new(lexicon))
}

/// The whole library's analysis, through its cache file (see `tidings::analysis_cache`); a
/// cache that could not be used or written is said on stderr and changes nothing else.
fn analyse_with_cache(
    library: &tidings::Library,
    analyzer: &tidings::extract::Analyzer,
    err: &mut dyn Write,
) -> anyhow::Result<tidings::analysis::LibraryAnalysis> {
    let Some(path) = tidings::analysis_cache::path_for(library) else {
        return Ok(tidings::analysis::analyze_library(&library.articles, analyzer));
    };
    let (analysis, report) = tidings::analysis_cache::analyze_library_cached(&library.articles, analyzer, &path, None);
    if let Some(problem) = report.problem {
        writeln!(err, "warning: {problem}")?;
    }
    Ok(analysis)
}

fn load(config: &Config, articles: Option<&Path>, err: &mut dyn Write) -> anyhow::Result<tidings::Library> {
    let library = commands::open_library(config, articles).map_err(|p| anyhow::anyhow!("{p}"))?;
    commands::warn_problems(&library, err);
    Ok(library)
}
