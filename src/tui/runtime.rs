//! The one event loop. Three kinds of source feed one channel: the input thread (keys, mouse,
//! pastes, and the news that the terminal is gone), the signal thread, and background jobs.
//! The loop owns the state: it turns each event into an action, applies it, and draws once
//! the queue is empty — so a burst of a thousand keys is applied in one go, and a signal or a
//! dead terminal always gets control back.

use std::io::{self, Write};
use std::os::fd::OwnedFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};

use super::input::{self, Input};
use super::{Action, App};
use crate::tui::app::JobEvent;

/// Everything the loop waits for.
enum Event {
    Input(crossterm::event::Event),
    /// The terminal went away: nobody can see or type any more.
    TerminalGone(String),
    Signal(i32),
    Job(JobEvent),
}

/// How often the screen refreshes while something animates (the flash, analysis progress).
const TICK: Duration = Duration::from_millis(120);
/// Two clicks on one cell within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Where a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A signal asked the process to end (its name).
    Signal(&'static str),
    /// The terminal went away (why).
    TerminalGone(String),
}

/// Leaves raw mode, the alternate screen, mouse capture and bracketed paste. Errors are
/// ignored, and nothing is printed: the terminal may be gone (ratatui's own `restore` prints
/// with `eprintln!`, which panics when standard error is a closed terminal).
fn restore_terminal() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = crossterm::terminal::disable_raw_mode();
}

fn enter_terminal() -> io::Result<DefaultTerminal> {
    crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste)?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
}

/// Debug builds only: `TIDINGS_DEBUG_PANIC_IN_RENDER=1` panics while drawing, so that tests can
/// check the terminal is restored after a crash. Release builds cannot be made to do this.
#[cfg(debug_assertions)]
fn panic_if_asked() {
    if std::env::var_os("TIDINGS_DEBUG_PANIC_IN_RENDER").is_some() {
        panic!("panic inside rendering, as asked by TIDINGS_DEBUG_PANIC_IN_RENDER");
    }
}

/// Starts the sources: input from `tty` (a duplicate of standard input; not read while
/// `input_paused` is set), signals, jobs.
fn start_sources(
    tty: OwnedFd,
    input_paused: Arc<AtomicBool>,
    jobs: Option<Receiver<JobEvent>>,
) -> io::Result<Receiver<Event>> {
    let (send, receive) = mpsc::channel();
    let to_loop = send.clone();
    input::spawn_reader(tty, input_paused, move |input| {
        let event = match input {
            Input::Events(events) => return events.into_iter().all(|e| to_loop.send(Event::Input(e)).is_ok()),
            Input::Closed(why) => Event::TerminalGone(why),
        };
        to_loop.send(event).is_ok()
    })?;
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT, SIGWINCH])?;
    let to_loop = send.clone();
    std::thread::Builder::new().name("tidings-signals".into()).spawn(move || {
        for signal in signals.forever() {
            if to_loop.send(Event::Signal(signal)).is_err() {
                return;
            }
        }
    })?;
    if let Some(jobs) = jobs {
        forward_jobs(jobs, send)?;
    }
    Ok(receive)
}

fn forward_jobs(jobs: Receiver<JobEvent>, to_loop: Sender<Event>) -> io::Result<()> {
    std::thread::Builder::new().name("tidings-jobs".into()).spawn(move || {
        for job in jobs {
            if to_loop.send(Event::Job(job)).is_err() {
                return;
            }
        }
    })?;
    Ok(())
}

/// Runs the reader until the user quits, a signal ends it, or the terminal goes away. The
/// terminal is restored on every way out, panics included (the hook restores it before the
/// panic message prints). `save` is called with the app at the end, whatever the ending.
pub fn run(mut app: App, save: impl FnOnce(&mut App)) -> io::Result<Ending> {
    let tty = rustix::io::dup(rustix::stdio::stdin())?;
    let input_paused = Arc::new(AtomicBool::new(false));
    let events = start_sources(tty, Arc::clone(&input_paused), app.take_job_receiver())?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A background job's panic is caught and reported in the status bar; only a panic of
        // the loop itself ends the reader.
        if std::thread::current().name() == Some("main") {
            restore_terminal();
            previous(info);
        }
    }));
    let mut terminal = match enter_terminal() {
        Ok(terminal) => terminal,
        Err(e) => {
            restore_terminal();
            return Err(e);
        }
    };
    let ending = event_loop(&mut app, &mut terminal, &events, &input_paused);
    restore_terminal();
    // Not dropped: ratatui's drop shows the cursor and prints with `eprintln!` when that fails,
    // which panics on a terminal that is gone. `restore_terminal` has shown the cursor.
    std::mem::forget(terminal);
    save(&mut app);
    ending
}

fn event_loop(
    app: &mut App,
    terminal: &mut DefaultTerminal,
    events: &Receiver<Event>,
    input_paused: &AtomicBool,
) -> io::Result<Ending> {
    let mut last_click: Option<(Instant, u16, u16)> = None;
    loop {
        // Draw; a terminal that cannot be written to any more is gone.
        if let Err(e) = draw(app, terminal) {
            return Ok(Ending::TerminalGone(format!("cannot draw: {e}")));
        }
        let first = if app.wants_ticks() {
            match events.recv_timeout(TICK) {
                Ok(event) => Some(event),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return Ok(Ending::TerminalGone("no input".into())),
            }
        } else {
            match events.recv() {
                Ok(event) => Some(event),
                Err(_) => return Ok(Ending::TerminalGone("no input".into())),
            }
        };
        let Some(first) = first else {
            app.update(Action::Tick);
            continue;
        };
        // Apply everything queued before drawing again.
        for event in std::iter::once(first).chain(events.try_iter()) {
            let action = match event {
                Event::Input(input) => app.action_for(&input),
                Event::Job(job) => {
                    app.update_job(job);
                    None
                }
                Event::TerminalGone(why) => return Ok(Ending::TerminalGone(why)),
                Event::Signal(SIGTERM) => return Ok(Ending::Signal("SIGTERM")),
                Event::Signal(SIGHUP) => return Ok(Ending::Signal("SIGHUP")),
                Event::Signal(SIGINT) => return Ok(Ending::Signal("SIGINT")),
                Event::Signal(SIGTSTP) => Some(Action::Suspend),
                Event::Signal(_) => None, // SIGWINCH, SIGCONT: the next draw takes the new size
            };
            let Some(mut action) = action else { continue };
            if let Action::Click { column, row, double } = &mut action {
                let now = Instant::now();
                *double = last_click.is_some_and(|(t, c, r)| now - t < DOUBLE_CLICK && (c, r) == (*column, *row));
                last_click = Some((now, *column, *row));
            }
            app.update(action);
            if app.should_quit {
                return Ok(Ending::Quit);
            }
            if app.suspend_requested {
                app.suspend_requested = false;
                suspend(terminal)?;
            }
            if let Some(url) = app.open_url_requested.take() {
                app.message = Some(open_url(terminal, &url, input_paused)?);
            }
        }
    }
}

fn draw(app: &mut App, terminal: &mut DefaultTerminal) -> io::Result<()> {
    let size = terminal.size()?;
    app.prepare(Rect::new(0, 0, size.width, size.height));
    terminal.draw(|frame| {
        #[cfg(debug_assertions)]
        panic_if_asked();
        frame.render_widget(&*app, frame.area())
    })?;
    Ok(())
}

/// Opens `url` in the browser ([`crate::tui::browser::command`]) and says how it went. A
/// `$BROWSER` gets the terminal while it runs — the input thread pauses so that its keys are
/// its own — and the reader redraws after it; the system's opener runs in the background.
fn open_url(terminal: &mut DefaultTerminal, url: &str, input_paused: &AtomicBool) -> io::Result<String> {
    let browser = std::env::var("BROWSER").ok();
    let command = crate::tui::browser::command(browser.as_deref(), url);
    let mut process = std::process::Command::new(&command.program);
    process.args(&command.args);
    if !command.foreground {
        process
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        return Ok(match process.spawn() {
            Ok(mut child) => {
                // Reaped off the loop, so that no zombie is left behind.
                std::thread::spawn(move || child.wait());
                format!("opened {url} with {}", command.program)
            }
            Err(e) => format!("cannot run {} ({e}) — set $BROWSER to your browser", command.program),
        });
    }
    input_paused.store(true, Ordering::Release);
    restore_terminal();
    let _ = io::stdout().flush();
    let status = process.status();
    *terminal = enter_terminal()?;
    execute!(io::stdout(), crossterm::terminal::Clear(crossterm::terminal::ClearType::All))?;
    input_paused.store(false, Ordering::Release);
    Ok(match status {
        Ok(s) if s.success() => format!("back from {}", command.program),
        Ok(s) => format!("{} ended with {s} on {url}", command.program),
        Err(e) => format!("cannot run $BROWSER ({}: {e}) — check the variable", command.program),
    })
}

/// Hands the terminal back to the shell and stops the process (as Ctrl-Z does elsewhere);
/// when the shell continues it (`fg`), takes the terminal back and redraws everything.
fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    restore_terminal();
    let _ = io::stdout().flush();
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    // Continued. A new terminal has an empty previous frame, so the next draw paints all of
    // it; the screen is cleared here because `Terminal::clear` asks the terminal for the cursor
    // position, whose answer would arrive at the input thread instead.
    *terminal = enter_terminal()?;
    execute!(io::stdout(), crossterm::terminal::Clear(crossterm::terminal::ClearType::All))?;
    Ok(())
}
