//! Terminal input: the bytes a terminal sends, parsed into key, mouse and paste events.
//!
//! tidings reads the terminal itself instead of through crossterm's event reader, for three
//! reasons that each made the reader misbehave: crossterm keeps polling a terminal that has gone
//! away (a closed window spun at 100% CPU), it cannot tell us the terminal is gone, and a stray
//! bracketed-paste start (`ESC [ 200 ~`) makes it swallow every later key until an end marker
//! that never comes. Here the reading thread sees end-of-file and errors directly, and a paste
//! ends at its end marker, at a control byte that pasted text cannot contain, or when the input
//! pauses.
//!
//! The parser is pure (bytes in, events out) and tested on its own; [`spawn_reader`] runs it on
//! a thread over a file descriptor and sends what it finds down a channel.

use std::os::fd::{AsFd, OwnedFd};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// How long a lone ESC (or the start of a sequence) waits for the rest before it counts as the
/// Esc key. Terminals send a whole sequence in one write; people cannot type that fast.
pub const ESCAPE_TIMEOUT: Duration = Duration::from_millis(30);

/// Pasted text beyond this many bytes is dropped (the prompt it goes into is one line).
const MAX_PASTE: usize = 1 << 20;

/// A CSI sequence longer than this is garbage, not a key.
const MAX_SEQUENCE: usize = 64;

const PASTE_END: &[u8] = b"\x1b[201~";

/// Turns terminal input bytes into events. Feed it what arrives; when input pauses while it
/// [`is_waiting`](InputParser::is_waiting), call [`flush`](InputParser::flush).
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
    /// Inside a bracketed paste: the text so far.
    paste: Option<Vec<u8>>,
}

/// What the start of the pending bytes holds.
enum Parsed {
    Event(Event, usize),
    /// Not an event (an unknown sequence, a focus report): skip this many bytes.
    Skip(usize),
    /// The start of something longer: wait for more bytes.
    Incomplete,
    PasteStart(usize),
}

impl InputParser {
    pub fn new() -> InputParser {
        InputParser::default()
    }

    /// Whether bytes are held back waiting for the rest of a sequence (or a paste's end).
    pub fn is_waiting(&self) -> bool {
        !self.pending.is_empty() || self.paste.is_some()
    }

    /// Parses `bytes` (appended to anything held back) into events.
    pub fn feed(&mut self, bytes: &[u8], events: &mut Vec<Event>) {
        self.pending.extend_from_slice(bytes);
        self.parse(false, events);
    }

    /// Input paused: what is held back is taken as it is (a lone ESC is the Esc key, a paste
    /// with no end marker ends here).
    pub fn flush(&mut self, events: &mut Vec<Event>) {
        self.parse(true, events);
        if let Some(text) = self.paste.take() {
            events.push(paste_event(&text));
        }
    }

    fn parse(&mut self, input_paused: bool, events: &mut Vec<Event>) {
        let mut at = 0;
        while at < self.pending.len() {
            let rest = &self.pending[at..];
            if let Some(paste) = &mut self.paste {
                match scan_paste(rest) {
                    PasteScan::Text(n) => {
                        let room = MAX_PASTE.saturating_sub(paste.len());
                        paste.extend_from_slice(&rest[..n.min(room)]);
                        at += n;
                    }
                    PasteScan::End(n) => {
                        let text = self.paste.take().unwrap_or_default();
                        events.push(paste_event(&text));
                        at += n;
                    }
                    // Pasted text holds no control bytes but tab and newlines: this is a key
                    // typed after a paste whose end marker was lost. End the paste here.
                    PasteScan::Interrupted => {
                        let text = self.paste.take().unwrap_or_default();
                        events.push(paste_event(&text));
                    }
                    PasteScan::MaybeEnd if input_paused => {
                        let text = self.paste.take().unwrap_or_default();
                        events.push(paste_event(&text));
                    }
                    PasteScan::MaybeEnd => break,
                }
                continue;
            }
            match parse_one(rest, input_paused) {
                Parsed::Event(event, n) => {
                    events.push(event);
                    at += n;
                }
                Parsed::Skip(n) => at += n,
                Parsed::PasteStart(n) => {
                    self.paste = Some(Vec::new());
                    at += n;
                }
                Parsed::Incomplete => break,
            }
        }
        self.pending.drain(..at);
    }
}

enum PasteScan {
    /// This many bytes are pasted text.
    Text(usize),
    /// The end marker, this many bytes from the start.
    End(usize),
    /// The start of what may be the end marker: wait.
    MaybeEnd,
    /// A control byte: the paste is over.
    Interrupted,
}

fn scan_paste(bytes: &[u8]) -> PasteScan {
    if bytes[0] == 0x1b {
        if bytes.starts_with(PASTE_END) {
            return PasteScan::End(PASTE_END.len());
        }
        if PASTE_END.starts_with(bytes) {
            return PasteScan::MaybeEnd;
        }
        return PasteScan::Interrupted;
    }
    let text = bytes.iter().position(|&b| b == 0x1b || is_paste_breaking(b)).unwrap_or(bytes.len());
    if text == 0 { PasteScan::Interrupted } else { PasteScan::Text(text) }
}

fn is_paste_breaking(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
}

fn paste_event(bytes: &[u8]) -> Event {
    Event::Paste(String::from_utf8_lossy(bytes).replace("\r\n", "\n").replace('\r', "\n"))
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn parse_one(bytes: &[u8], input_paused: bool) -> Parsed {
    match bytes[0] {
        0x1b => parse_escape(bytes, input_paused),
        b'\r' | b'\n' => Parsed::Event(key(KeyCode::Enter, KeyModifiers::NONE), 1),
        b'\t' => Parsed::Event(key(KeyCode::Tab, KeyModifiers::NONE), 1),
        0x7f | 0x08 => Parsed::Event(key(KeyCode::Backspace, KeyModifiers::NONE), 1),
        0x00 => Parsed::Event(key(KeyCode::Char(' '), KeyModifiers::CONTROL), 1),
        c @ 0x01..=0x1a => Parsed::Event(key(KeyCode::Char((c - 1 + b'a') as char), KeyModifiers::CONTROL), 1),
        c @ 0x1c..=0x1f => Parsed::Event(key(KeyCode::Char((c - 0x1c + b'4') as char), KeyModifiers::CONTROL), 1),
        _ => parse_char(bytes, input_paused),
    }
}

fn parse_char(bytes: &[u8], input_paused: bool) -> Parsed {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Parsed::Skip(1),
    };
    if bytes.len() < len {
        // A character split across two reads: wait, unless nothing more is coming.
        return if input_paused { Parsed::Skip(bytes.len()) } else { Parsed::Incomplete };
    }
    match std::str::from_utf8(&bytes[..len]).ok().and_then(|s| s.chars().next()) {
        Some(c) => {
            let modifiers = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            Parsed::Event(key(KeyCode::Char(c), modifiers), len)
        }
        None => Parsed::Skip(1),
    }
}

fn parse_escape(bytes: &[u8], input_paused: bool) -> Parsed {
    let Some(&second) = bytes.get(1) else {
        return if input_paused { Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1) } else { Parsed::Incomplete };
    };
    match second {
        b'[' => parse_csi(bytes, input_paused),
        b'O' => match bytes.get(2) {
            None if input_paused => Parsed::Event(key(KeyCode::Char('O'), KeyModifiers::ALT), 2),
            None => Parsed::Incomplete,
            Some(&c) => match ss3_key(c) {
                Some(code) => Parsed::Event(key(code, KeyModifiers::NONE), 3),
                None => Parsed::Skip(3),
            },
        },
        0x1b => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        _ => match parse_one(&bytes[1..], input_paused) {
            // Alt+key arrives as ESC then the key.
            Parsed::Event(Event::Key(mut k), n) => {
                k.modifiers |= KeyModifiers::ALT;
                Parsed::Event(Event::Key(k), n + 1)
            }
            Parsed::Incomplete => Parsed::Incomplete,
            _ => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        },
    }
}

fn ss3_key(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(1 + c - b'P'),
        _ => return None,
    })
}

fn parse_csi(bytes: &[u8], input_paused: bool) -> Parsed {
    // ESC [ M and three bytes: the old X10 mouse report.
    if bytes.get(2) == Some(&b'M') {
        if bytes.len() < 6 {
            return if input_paused { Parsed::Skip(bytes.len()) } else { Parsed::Incomplete };
        }
        let (b, x, y) = (bytes[3].wrapping_sub(32), bytes[4].saturating_sub(33), bytes[5].saturating_sub(33));
        return match mouse_event(u16::from(b), u16::from(x), u16::from(y), true) {
            Some(event) => Parsed::Event(event, 6),
            None => Parsed::Skip(6),
        };
    }
    // Parameter and intermediate bytes, then one final byte.
    let Some(end) = bytes.iter().skip(2).position(|b| (0x40..=0x7e).contains(b)).map(|p| p + 2) else {
        if bytes.len() > MAX_SEQUENCE || bytes[2..].iter().any(|b| !(0x20..=0x3f).contains(b)) {
            // Not a sequence after all: the ESC was a key, the rest is typed text.
            return Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1);
        }
        return if input_paused { Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1) } else { Parsed::Incomplete };
    };
    let len = end + 1;
    let params = std::str::from_utf8(&bytes[2..end]).unwrap_or("");
    let final_byte = bytes[end];
    if let Some(sgr) = params.strip_prefix('<') {
        let mut numbers = sgr.split(';').map(|n| n.parse::<u16>().ok());
        return match (numbers.next().flatten(), numbers.next().flatten(), numbers.next().flatten()) {
            (Some(b), Some(x), Some(y)) if x > 0 && y > 0 => match mouse_event(b, x - 1, y - 1, final_byte == b'M') {
                Some(event) => Parsed::Event(event, len),
                None => Parsed::Skip(len),
            },
            _ => Parsed::Skip(len),
        };
    }
    let mut fields = params.split(';');
    let first: Option<u16> = fields.next().and_then(|n| n.parse().ok());
    let modifiers =
        fields.next().and_then(|m| m.split(':').next()?.parse::<u8>().ok()).map_or(KeyModifiers::NONE, modifiers_of);
    let code = match final_byte {
        b'Z' => return Parsed::Event(key(KeyCode::BackTab, KeyModifiers::SHIFT), len),
        b'~' => match first {
            Some(200) => return Parsed::PasteStart(len),
            Some(1 | 7) => KeyCode::Home,
            Some(2) => KeyCode::Insert,
            Some(3) => KeyCode::Delete,
            Some(4 | 8) => KeyCode::End,
            Some(5) => KeyCode::PageUp,
            Some(6) => KeyCode::PageDown,
            Some(n @ 11..=15) => KeyCode::F((n - 10) as u8),
            Some(n @ 17..=21) => KeyCode::F((n - 11) as u8),
            Some(n @ 23..=24) => KeyCode::F((n - 12) as u8),
            _ => return Parsed::Skip(len),
        },
        // Arrows, Home/End and F1-F4 end a CSI sequence with the same letters as SS3.
        letter => match ss3_key(letter) {
            Some(code) => code,
            None => return Parsed::Skip(len),
        },
    };
    Parsed::Event(key(code, modifiers), len)
}

/// Shift, Alt and Ctrl from the bits of `mask` that stand for each.
fn modifiers_from(mask: u16, [shift, alt, ctrl]: [u16; 3]) -> KeyModifiers {
    [(shift, KeyModifiers::SHIFT), (alt, KeyModifiers::ALT), (ctrl, KeyModifiers::CONTROL)]
        .into_iter()
        .filter(|(bit, _)| mask & bit != 0)
        .fold(KeyModifiers::NONE, |all, (_, m)| all | m)
}

/// xterm's modifier parameter: 1 + a bit mask of shift, alt, ctrl.
fn modifiers_of(parameter: u8) -> KeyModifiers {
    modifiers_from(u16::from(parameter.saturating_sub(1)), [1, 2, 4])
}

/// A mouse report: button bits `b` (xterm's encoding), 0-based cell.
fn mouse_event(b: u16, column: u16, row: u16, pressed: bool) -> Option<Event> {
    let modifiers = modifiers_from(b, [4, 8, 16]);
    let button = match b & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        2 => MouseButton::Right,
        _ => MouseButton::Left,
    };
    let kind = if b & 64 != 0 {
        match b & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if b & 32 != 0 {
        if b & 3 == 3 { MouseEventKind::Moved } else { MouseEventKind::Drag(button) }
    } else if !pressed || b & 3 == 3 {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    Some(Event::Mouse(MouseEvent { kind, column, row, modifiers }))
}

/// What the reading thread reports.
#[derive(Debug)]
pub enum Input {
    Events(Vec<Event>),
    /// The terminal is gone (end of file, an I/O error, a hang-up): nobody is there to read.
    Closed(String),
}

/// Reads `fd` on a new thread until it closes, sending what it parses through `send`, which
/// returns false once nobody listens any more (the thread then ends).
/// While `paused` is set, the thread reads nothing: a program the reader runs in the
/// foreground (a terminal browser) has the terminal's input to itself.
pub fn spawn_reader(
    fd: OwnedFd,
    paused: std::sync::Arc<std::sync::atomic::AtomicBool>,
    send: impl Fn(Input) -> bool + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new().name("tidings-input".into()).spawn(move || read_loop(&fd, &paused, &send))?;
    Ok(())
}

fn read_loop(fd: &OwnedFd, paused: &std::sync::atomic::AtomicBool, send: &dyn Fn(Input) -> bool) {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use rustix::io::Errno;
    let mut parser = InputParser::new();
    let mut buf = vec![0u8; 16 * 1024];
    let wait = Timespec { tv_sec: 0, tv_nsec: ESCAPE_TIMEOUT.as_nanos() as i64 };
    loop {
        if paused.load(std::sync::atomic::Ordering::Acquire) {
            // Not even a poll that could wake on the other program's keys and race it.
            std::thread::sleep(std::time::Duration::from_millis(50));
            continue;
        }
        let mut fds = [PollFd::new(fd, PollFlags::IN)];
        let timeout = if parser.is_waiting() { Some(&wait) } else { None };
        match poll(&mut fds, timeout) {
            Ok(0) => {
                let mut events = Vec::new();
                parser.flush(&mut events);
                if !events.is_empty() && !send(Input::Events(events)) {
                    return;
                }
                continue;
            }
            Ok(_) => {}
            Err(Errno::INTR | Errno::AGAIN) => continue,
            Err(e) => {
                send(Input::Closed(format!("cannot wait for input: {e}")));
                return;
            }
        }
        // Paused while this thread waited: what was typed is the other program's.
        if paused.load(std::sync::atomic::Ordering::Acquire) {
            continue;
        }
        let revents = fds[0].revents();
        if !revents.contains(PollFlags::IN) && revents.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            send(Input::Closed("the terminal hung up".into()));
            return;
        }
        match rustix::io::read(fd.as_fd(), &mut buf) {
            Ok(0) => {
                send(Input::Closed("end of input".into()));
                return;
            }
            Ok(n) => {
                let mut events = Vec::new();
                parser.feed(&buf[..n], &mut events);
                if !events.is_empty() && !send(Input::Events(events)) {
                    return;
                }
            }
            Err(Errno::INTR | Errno::AGAIN) => {}
            Err(e) => {
                send(Input::Closed(format!("cannot read the terminal: {e}")));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Vec<Event> {
        let mut parser = InputParser::new();
        let mut events = Vec::new();
        parser.feed(bytes, &mut events);
        parser.flush(&mut events);
        events
    }

    fn k(code: KeyCode) -> Event {
        key(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> Event {
        key(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn keys_from_bytes() {
        let cases: &[(&[u8], Vec<Event>)] = &[
            (b"jq", vec![k(KeyCode::Char('j')), k(KeyCode::Char('q'))]),
            (b"G", vec![key(KeyCode::Char('G'), KeyModifiers::SHIFT)]),
            (b"\r", vec![k(KeyCode::Enter)]),
            (b"\x03", vec![ctrl('c')]),
            (b"\x1a", vec![ctrl('z')]),
            (b"\x7f", vec![k(KeyCode::Backspace)]),
            (b"\x1b", vec![k(KeyCode::Esc)]),
            (b"\x1b[A\x1bOB", vec![k(KeyCode::Up), k(KeyCode::Down)]),
            (b"\x1b[5~\x1b[6~", vec![k(KeyCode::PageUp), k(KeyCode::PageDown)]),
            (b"\x1b[Z", vec![key(KeyCode::BackTab, KeyModifiers::SHIFT)]),
            (b"\x1b[1;5C", vec![key(KeyCode::Right, KeyModifiers::CONTROL)]),
            (b"\x1bx", vec![key(KeyCode::Char('x'), KeyModifiers::ALT)]),
            ("é✓".as_bytes(), vec![k(KeyCode::Char('é')), k(KeyCode::Char('✓'))]),
            // Unknown sequences and focus reports are skipped, not typed.
            (b"\x1b[?25hx\x1b[I", vec![k(KeyCode::Char('x'))]),
        ];
        for (bytes, expected) in cases {
            assert_eq!(&parse(bytes), expected, "{bytes:?}");
        }
    }

    #[test]
    fn sequences_and_characters_split_across_reads() {
        let mut parser = InputParser::new();
        let mut events = Vec::new();
        for chunk in [&b"\x1b"[..], b"[", b"B", "é".as_bytes().split_at(1).0] {
            parser.feed(chunk, &mut events);
        }
        parser.feed(&"é".as_bytes()[1..], &mut events);
        assert_eq!(events, [k(KeyCode::Down), k(KeyCode::Char('é'))]);
        assert!(!parser.is_waiting());
    }

    #[test]
    fn mouse_reports() {
        let click = Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 9,
            row: 4,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(parse(b"\x1b[<0;10;5M"), [click]);
        let Event::Mouse(wheel) = &parse(b"\x1b[<65;1;1M")[0] else { panic!() };
        assert_eq!(wheel.kind, MouseEventKind::ScrollDown);
        let Event::Mouse(up) = &parse(b"\x1b[<0;3;3m")[0] else { panic!() };
        assert_eq!(up.kind, MouseEventKind::Up(MouseButton::Left));
    }

    #[test]
    fn bracketed_paste_is_text() {
        assert_eq!(
            parse(b"\x1b[200~hello\r\nworld\x1b[201~q"),
            [Event::Paste("hello\nworld".into()), k(KeyCode::Char('q'))]
        );
    }

    #[test]
    fn a_stray_paste_start_does_not_swallow_later_keys() {
        // A control key ends the would-be paste and counts as a key.
        assert_eq!(parse(b"\x1b[200~abc\x03"), [Event::Paste("abc".into()), ctrl('c')]);
        // An escape sequence too.
        assert_eq!(parse(b"\x1b[200~\x1b[A"), [Event::Paste(String::new()), k(KeyCode::Up)]);
        // And a pause in the input ends it, so the next key is a key.
        let mut parser = InputParser::new();
        let mut events = Vec::new();
        parser.feed(b"\x1b[200~", &mut events);
        assert!(parser.is_waiting());
        parser.flush(&mut events);
        parser.feed(b"q", &mut events);
        assert_eq!(events, [Event::Paste(String::new()), k(KeyCode::Char('q'))]);
    }

    #[test]
    fn a_burst_of_keys_is_parsed_whole() {
        let mut bytes = vec![b'j'; 5000];
        bytes.push(b'q');
        let events = parse(&bytes);
        assert_eq!(events.len(), 5001);
        assert_eq!(events.last(), Some(&k(KeyCode::Char('q'))));
    }

    #[test]
    fn garbage_never_panics() {
        let samples: &[&[u8]] =
            &[b"\x1b[", b"\x1b[<", b"\x1b[<1;2", b"\x1b[M", b"\xff\xfe", b"\x1b[99999999~", b"\x1bO"];
        for s in samples {
            let _ = parse(s);
        }
        let noise: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let _ = parse(&noise);
    }

    #[test]
    fn the_reader_reports_end_of_input() {
        let (read, write) = rustix::pipe::pipe().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        spawn_reader(read, Default::default(), move |input| tx.send(input).is_ok()).unwrap();
        rustix::io::write(&write, b"jk").unwrap();
        drop(write);
        let mut keys = 0;
        loop {
            match rx.recv_timeout(Duration::from_secs(10)).expect("the reader reports") {
                Input::Events(events) => keys += events.len(),
                Input::Closed(why) => {
                    assert!(why == "end of input" || why == "the terminal hung up", "{why}");
                    break;
                }
            }
        }
        assert_eq!(keys, 2);
    }
}
