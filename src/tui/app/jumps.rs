//! The jump list: places the reader jumped from, to go back and forth as in vim (Ctrl-o,
//! Ctrl-i).

use super::{App, Location};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JumpList {
    entries: Vec<Location>,
    /// Where `jump_back` goes from; `entries.len()` when at the newest place.
    index: usize,
}

impl App {
    /// Records where we are before a jump, dropping any forward history.
    pub(super) fn push_jump(&mut self) {
        if let Some(here) = self.location() {
            let jumps = &mut self.jumps;
            jumps.entries.truncate(jumps.index);
            if jumps.entries.last() != Some(&here) {
                jumps.entries.push(here);
            }
            jumps.index = jumps.entries.len();
        }
    }

    pub(super) fn jump(&mut self, delta: isize) {
        if delta < 0 {
            if self.jumps.index == 0 {
                self.message = Some("at the start of the jump list".into());
                return;
            }
            // Coming back from the newest position: remember it so Ctrl-i can return.
            if self.jumps.index == self.jumps.entries.len()
                && let Some(here) = self.location()
            {
                self.jumps.entries.push(here);
            }
            self.jumps.index -= 1;
        } else {
            if self.jumps.index + 1 >= self.jumps.entries.len() {
                self.message = Some("at the end of the jump list".into());
                return;
            }
            self.jumps.index += 1;
        }
        let loc = self.jumps.entries[self.jumps.index];
        self.side.milestone_cursor = None;
        self.go_to(loc);
        self.focus_reader_if_visible();
    }
}
