//! Reading frames from a program's output line by line, as it runs: each
//! line is either the program's own (passed on) or part of a frame (taken
//! out), and a frame's last line completes a snapshot, whose picture can be
//! drawn at once, in its place among the program's other lines.
//!
//! A program's snapshot is one write(2) of at most PIPE_BUF bytes (rt's
//! `map_snapshots`), so on a pipe another process's lines cannot land
//! inside it. A longer one is written in pieces, and a forked child's line
//! may then fall between them. Such a line is not a maps line, so it is
//! passed on as the program's own; a frame that another begins inside, or
//! that a stranger's end line closes, cannot be told apart from its
//! neighbour's lines (maps lines carry no pid) and is dropped, counted in
//! [`Stream::dropped`].

use crate::parse::{Snapshot, parse_line, parse_snapshots};
use protocol::maps as frame;

/// What became of one line fed to a [`Stream`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fed {
    /// Not part of a frame: the program's own line.
    Passed,
    /// Part of a frame not yet complete.
    Taken,
    /// The last line of a frame: snapshot number `n` (from 0) is complete.
    Snapshot(usize),
}

/// Frames read so far, and the one being read.
#[derive(Default, Debug)]
pub struct Stream {
    snapshots: Vec<Snapshot>,
    open: Option<Vec<String>>,
    frames: Vec<String>,
    dropped: usize,
}

impl Stream {
    /// An empty stream.
    pub fn new() -> Stream {
        Stream::default()
    }

    /// Takes one line of the program's output (without its line end).
    pub fn feed(&mut self, line: &str) -> Fed {
        let is = |word: &str| {
            line.strip_prefix(word)
                .is_some_and(|rest| rest.starts_with(' '))
        };
        if is(frame::BEGIN) {
            if self.open.is_some() {
                self.dropped += 1;
            }
            self.open = Some(vec![line.to_string()]);
            return Fed::Taken;
        }
        let Some(open) = self.open.as_mut() else {
            // An end line with no begin is a frame whose begin was lost:
            // taken, so that it does not pass as the program's own.
            return if is(frame::END) {
                self.dropped += 1;
                Fed::Taken
            } else {
                Fed::Passed
            };
        };
        if is(frame::END) {
            open.push(line.to_string());
            let text = open.join("\n");
            self.open = None;
            return match parse_snapshots(&text) {
                Ok(mut one) if one.len() == 1 => {
                    self.frames.extend(text.lines().map(str::to_string));
                    self.snapshots.append(&mut one);
                    Fed::Snapshot(self.snapshots.len() - 1)
                }
                _ => {
                    self.dropped += 1;
                    Fed::Taken
                }
            };
        }
        if parse_line(line, 0).is_ok() {
            open.push(line.to_string());
            Fed::Taken
        } else {
            Fed::Passed
        }
    }

    /// The snapshots completed so far, in order.
    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    /// The lines of the completed frames, in order: a text
    /// [`parse_snapshots`] reads back.
    pub fn frames(&self) -> &[String] {
        &self.frames
    }

    /// Frames that could not be read (cut by another process's lines), and
    /// one still open if the output ended inside it.
    pub fn dropped(&self) -> usize {
        self.dropped + usize::from(self.open.is_some())
    }
}

/// Splits a whole output into the program's own lines and the snapshots
/// of its frames, as a [`Stream`] would.
pub fn split(lines: &[String]) -> (Vec<String>, Stream) {
    let mut stream = Stream::new();
    let own = lines
        .iter()
        .filter(|line| stream.feed(line) == Fed::Passed)
        .cloned()
        .collect();
    (own, stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEGIN: &str =
        "MMAPMAPS BEGIN pid=7 pagesize=4096 range=1000-2000 munmap(0x1000, 4096) = 0";
    const MAPS: &str = "00002000-00003000 rw-p 00000000 00:00 0";
    const END: &str = "MMAPMAPS END pid=7";

    #[test]
    fn frames_are_taken_and_other_lines_passed() {
        let mut s = Stream::new();
        assert_eq!(s.feed("[ok] before"), Fed::Passed);
        assert_eq!(s.feed(BEGIN), Fed::Taken);
        assert_eq!(s.feed(MAPS), Fed::Taken);
        // A forked child's line between two pieces of a long frame.
        assert_eq!(s.feed("[ok] the child's line"), Fed::Passed);
        assert_eq!(s.feed(END), Fed::Snapshot(0));
        assert_eq!(s.feed("[ok] after"), Fed::Passed);
        assert_eq!(s.snapshots()[0].maps.as_ref().unwrap().len(), 1);
        assert_eq!(s.frames(), [BEGIN, MAPS, END]);
        assert_eq!(s.dropped(), 0);
    }

    #[test]
    fn a_frame_cut_by_another_is_dropped_not_misread() {
        let mut s = Stream::new();
        s.feed(BEGIN);
        s.feed(MAPS);
        s.feed(&BEGIN.replace("pid=7", "pid=8"));
        s.feed(MAPS);
        assert_eq!(s.feed("MMAPMAPS END pid=8"), Fed::Snapshot(0));
        assert_eq!(s.feed(END), Fed::Taken);
        assert_eq!(s.snapshots().len(), 1);
        assert_eq!(s.snapshots()[0].pid, 8);
        assert_eq!(s.dropped(), 2);
    }

    #[test]
    fn split_keeps_the_programs_lines_in_order() {
        let lines: Vec<String> = ["a", BEGIN, MAPS, END, "b", BEGIN]
            .map(str::to_string)
            .to_vec();
        let (own, stream) = split(&lines);
        assert_eq!(own, ["a", "b"]);
        assert_eq!(stream.snapshots().len(), 1);
        assert_eq!(stream.dropped(), 1);
    }
}
