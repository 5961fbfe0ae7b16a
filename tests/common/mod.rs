//! Drives the real `tidings` binary in a pseudo-terminal and reads its screen with vt100,
//! the way a person at a terminal would see it. Waits poll for a condition with a deadline;
//! nothing waits a fixed time.

#![allow(dead_code)] // each test file uses a different part

pub mod http;
pub mod reader;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::process::{Command, Output};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Session {
    master: Option<Box<dyn MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    /// Tells the output thread to stop and drop its copy of the terminal.
    stop: Arc<std::sync::atomic::AtomicBool>,
    output_thread: Option<std::thread::JoinHandle<()>>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, escape sequences included.
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set once the program's side of the terminal is closed and all output has been read.
    drained: Arc<std::sync::atomic::AtomicBool>,
}

pub const TIMEOUT: Duration = Duration::from_secs(20);

impl Session {
    /// Starts `tidings ARGS` in a `cols`x`rows` terminal with a private home.
    pub fn start(args: &[&str], cols: u16, rows: u16, home: &Path) -> Session {
        Session::start_with_env(args, cols, rows, home, &[])
    }

    /// [`Session::start`] with extra environment variables.
    pub fn start_with_env(args: &[&str], cols: u16, rows: u16, home: &Path, env: &[(&str, &str)]) -> Session {
        let pty =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tidings"));
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_CACHE_HOME", home.join("cache"));
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("XDG_DATA_HOME");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn tidings");
        drop(pty.slave);
        // The output is read from a duplicate of the master side, polled with a timeout, so
        // that `close_terminal` can stop the thread and close every copy of the master.
        let master_fd = pty.master.as_raw_fd().expect("a master fd");
        let reader = nix::unistd::dup(master_fd).expect("dup the master");
        // SAFETY: `dup` returned a new descriptor that nothing else owns.
        let reader: std::os::fd::OwnedFd = unsafe { std::os::fd::FromRawFd::from_raw_fd(reader) };
        let mut reader = std::fs::File::from(reader);
        let writer = pty.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).expect("rows > 0"),
            NonZeroU16::new(cols).expect("cols > 0"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (screen2, raw2) = (Arc::clone(&screen), Arc::clone(&raw));
        let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let drained2 = Arc::clone(&drained);
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop2 = Arc::clone(&stop);
        let output_thread = std::thread::spawn(move || {
            use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
            use std::os::fd::AsFd;
            let mut buf = [0u8; 8192];
            while !stop2.load(std::sync::atomic::Ordering::SeqCst) {
                let mut fds = [PollFd::new(reader.as_fd(), PollFlags::POLLIN)];
                match poll(&mut fds, PollTimeout::from(50u16)) {
                    Ok(0) | Err(nix::errno::Errno::EINTR) => continue,
                    Ok(_) => {}
                    Err(_) => break,
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        screen2.lock().unwrap().process(&buf[..n]);
                        raw2.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
            drained2.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Session {
            master: Some(pty.master),
            child,
            writer: Some(writer),
            stop,
            output_thread: Some(output_thread),
            screen,
            raw,
            drained,
        }
    }

    pub fn send(&mut self, bytes: &str) {
        self.send_bytes(bytes.as_bytes());
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(bytes).unwrap();
        writer.flush().unwrap();
    }

    /// Closes the terminal, as closing the window or dropping the ssh connection does: every
    /// copy of the master side is closed, and the program's side hangs up.
    pub fn close_terminal(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(thread) = self.output_thread.take() {
            thread.join().unwrap();
        }
        self.writer = None;
        self.master = None;
    }

    /// Waits for the program to exit within `limit`; None if it is still running then.
    pub fn exit_within(&mut self, limit: Duration) -> Option<u32> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.exit_code());
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Kills the program (cleanup after a failed expectation).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
    }

    pub fn screen(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until the screen satisfies `ready`; panics with the last screen after the timeout.
    pub fn wait_for(&self, ready: impl Fn(&str) -> bool) -> String {
        self.wait_until("the expected screen", ready)
    }

    fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    /// Waits for the program to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while !self.drained.load(std::sync::atomic::Ordering::SeqCst) && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(5));
                }
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("tidings did not exit; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the terminal is in cooked mode (`true`) or raw mode (`false`).
    pub fn wait_for_cooked(&self, cooked: bool) {
        let deadline = Instant::now() + TIMEOUT;
        while self.terminal_is_cooked() != cooked {
            assert!(
                Instant::now() < deadline,
                "the terminal did not go to {} mode",
                if cooked { "cooked" } else { "raw" }
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Starts the reader on the bundled articles and opens the first one.
    pub fn reading(cols: u16, rows: u16, home: &Path) -> Session {
        let mut s = Session::start(&[], cols, rows, home);
        s.wait_for_text(" LIST ");
        s.send("\r");
        s.wait_for_text("1/5 ");
        s
    }

    /// Whether the terminal is in cooked mode (line editing and echo on), as a shell needs it.
    pub fn terminal_is_cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let termios = self.master.as_ref().expect("the terminal is open").get_termios().expect("termios of the pty");
        termios.local_flags.contains(LocalFlags::ICANON) && termios.local_flags.contains(LocalFlags::ECHO)
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Sends a signal to the program.
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = nix::unistd::Pid::from_raw(self.pid().expect("a pid") as i32);
        nix::sys::signal::kill(pid, signal).expect("send the signal");
    }

    /// Everything the program wrote, as text.
    pub fn output_text(&self) -> String {
        String::from_utf8_lossy(&self.raw_output()).into_owned()
    }
}

/// Whether the output left the alternate screen after entering it.
pub fn left_alternate_screen(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(raw);
    match (text.find("\x1b[?1049h"), text.rfind("\x1b[?1049l")) {
        (Some(enter), Some(leave)) => leave > enter,
        _ => false,
    }
}

/// Runs `tidings ARGS` to completion with a private, empty config and state home, so the
/// user's own files never leak into a test.
pub fn tidings(args: &[&str], home: &Path) -> Output {
    tidings_with_env(args, home, &[])
}

/// [`tidings`] with extra environment variables.
pub fn tidings_with_env(args: &[&str], home: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tidings"));
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("XDG_DATA_HOME")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run tidings")
}
