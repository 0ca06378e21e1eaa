//! Snapshots of the address space: after each call that may change this
//! process's mappings, the kernel's own list of them (/proc/self/maps), read
//! right after the call and printed on standard error between two frame
//! lines (`protocol::maps` spells them out). A renderer outside the program
//! (the `mapview` crate) draws the pictures; the program only reports.
//!
//! The switch is the environment variable `MMAP_MAP_SNAPSHOTS=on`, read at
//! start-up. The snapshots ride on the same system-call hook as `--trace`
//! (see [`crate::trace`]), which hands over every finished call:
//!
//! - mmap (mmap2), munmap, mprotect, mremap: the calls that make, remove,
//!   move or re-protect mappings;
//! - madvise, mlock, munlock: these change flags the kernel keeps per
//!   mapping, so advice or a lock on part of a mapping splits it, and the
//!   split shows in /proc/self/maps as two lines with the same permissions;
//! - clone without CLONE_VM, in the child (where it returns 0): the child's
//!   first view of its copy of the address space, once, so that a picture can
//!   set it beside the parent's; and in the parent, its view at the fork,
//!   which that picture sets it beside (the parent's previous snapshot may
//!   be long past, or there may be none). Which of the two is written first
//!   is up to the scheduler.
//!
//! When the switch is read at start-up, one snapshot more is printed at
//! once, its call written as `(start)`: the address space as execve left
//! it, so that the first call's picture has a before too.
//!
//! Failed calls are snapshotted too, with their error in the frame's call:
//! most change nothing, but not all. mprotect walks the mappings of its
//! range in order and stops with ENOMEM at the first hole, and the
//! mappings it changed before the hole keep their new protection (the
//! kernel's mm/mprotect.c); mlock stops the same way. A picture that shows
//! "nothing changed" for a failed call is then a fact, not an assumption.
//!
//! The hook's own calls (getpid, and openat, read and close of the maps
//! file, and the writes) are not seen by the hook again: the `syscall`
//! crate does not report calls made while its hook runs. So they neither
//! recurse nor appear in a `--trace` printed alongside. The file is read
//! once per call.
//!
//! Under QEMU user mode the file is QEMU's: it writes the guest's mappings
//! from its own records, not the host kernel's, so the lines show the
//! guest's view (its page size, its stack, no mapping of QEMU itself), and
//! names such as `[vdso]` appear only where QEMU gives the guest one.

use core::fmt::{self, Write};
use core::sync::atomic::{AtomicBool, Ordering};
use linux_raw_sys::general as k;
use protocol::maps as frame;
use syscall::{nr, trace::Event};

static ON: AtomicBool = AtomicBool::new(false);

/// Whether the start-up snapshot has been printed (the switch is read again
/// after a lesson has used the hook itself).
static STARTED: AtomicBool = AtomicBool::new(false);

/// The most of a snapshot gathered before it is written: Linux's PIPE_BUF,
/// the size up to which one write(2) to a pipe is never interleaved with
/// another process's (pipe(7)). A parent and its forked child share the
/// pipe of standard error, and a whole snapshot of a lesson (about twenty
/// lines) fits in one such write; a longer one is written in pieces that
/// each end at a line's end.
const GATHER: usize = 4096;

/// The longest maps line kept whole: a path longer than this is cut.
const LINE: usize = 1024;

/// Turns the snapshots on if `MMAP_MAP_SNAPSHOTS` asks for it; returns
/// whether they are on.
pub(crate) fn enable_from_env() -> bool {
    let value = crate::env(protocol::env::MAP_SNAPSHOTS).map(|v| v.to_bytes());
    let on = value == Some(protocol::env::MAP_SNAPSHOTS_ON.as_bytes());
    ON.store(on, Ordering::Relaxed);
    if on && !STARTED.swap(true, Ordering::Relaxed) {
        let nothing = Touched {
            ranges: [None, None],
            forked_from: None,
        };
        print_snapshot(&frame::START, &nothing);
    }
    on
}

/// Called by the system-call hook after every call: prints a snapshot if
/// the snapshots are on and `event` is a call that may have changed the
/// address space.
pub(crate) fn after_call(event: &Event) {
    if !ON.load(Ordering::Relaxed) {
        return;
    }
    let Some(what) = Touched::of(event) else {
        return;
    };
    print_snapshot(&Call(event), &what);
}

/// What a call was about: the pages it named, and whether it made a child.
struct Touched {
    ranges: [Option<(usize, usize)>; 2],
    forked_from: Option<i32>,
}

impl Touched {
    /// `None` for a call that cannot change the address space.
    fn of(event: &Event) -> Option<Touched> {
        let a = event.args;
        let page = crate::page_size();
        let span = |start: usize, len: usize| {
            let end = start.saturating_add(len).saturating_add(page - 1) & !(page - 1);
            Some((start & !(page - 1), end))
        };
        let mut touched = Touched {
            ranges: [None, None],
            forked_from: None,
        };
        match event.nr {
            n if n == nr::MMAP => {
                // SAFETY: called from the hook, while the call's arguments
                // (on s390x, the block of six words they point at) are alive.
                let a = unsafe { mman::mmap_abi::unpack(event.nargs, &event.args) };
                touched.ranges[0] = match event.ret {
                    Ok(addr) => span(addr, a[1]),
                    // A failed MAP_FIXED call may have been about an address.
                    Err(_) if a[0] != 0 => span(a[0], a[1]),
                    Err(_) => None,
                };
            }
            n if n == nr::MUNMAP
                || n == nr::MPROTECT
                || n == nr::MADVISE
                || n == nr::MLOCK
                || n == nr::MUNLOCK =>
            {
                touched.ranges[0] = span(a[0], a[1]);
            }
            n if n == nr::MREMAP => {
                // mremap(old, old_len, new_len, flags, new): the old pages,
                // and where the mapping is now.
                touched.ranges[0] = span(a[0], a[1]);
                if let Ok(addr) = event.ret {
                    touched.ranges[1] = span(addr, a[2]);
                }
            }
            n if n == nr::CLONE => {
                // Not first everywhere (unistd's CLONE_FLAGS_ARG).
                let flags = a[unistd::CLONE_FLAGS_ARG];
                // Only a child with an address space of its own: with
                // CLONE_VM (a thread, vfork) there is nothing new to see.
                if event.ret.is_err() || flags & k::CLONE_VM as usize != 0 {
                    return None;
                }
                if event.ret == Ok(0) {
                    touched.forked_from = Some(unistd::getppid());
                }
            }
            _ => return None,
        }
        Some(touched)
    }
}

/// Prints one frame: `call` (as `--trace` writes it), then the maps.
fn print_snapshot(call: &dyn fmt::Display, what: &Touched) {
    let pid = unistd::getpid();
    let mut out = Gather {
        buf: [0; GATHER],
        len: 0,
    };
    // Everything is gathered before it is written; a formatting error can
    // only come from a failed write, which has nowhere to be reported (as
    // with `print!`).
    let _ = write!(
        out,
        "{} {}{pid} {}{}",
        frame::BEGIN,
        frame::PID,
        frame::PAGE_SIZE,
        crate::page_size()
    );
    if let Some(parent) = what.forked_from {
        let _ = write!(out, " {}{parent}", frame::FORKED_FROM);
    }
    let mut ranges = what.ranges.iter().flatten();
    if let Some((start, end)) = ranges.next() {
        let _ = write!(out, " {}{start:x}-{end:x}", frame::RANGE);
        for (start, end) in ranges {
            let _ = write!(out, ",{start:x}-{end:x}");
        }
    }
    let _ = writeln!(out, " {call}");
    let readable = crate::for_each_line_in::<LINE>(c"/proc/self/maps", |line| {
        out.line(line);
        true
    });
    let _ = write!(out, "{} {}{pid}", frame::END, frame::PID);
    if !readable {
        let _ = write!(out, " {}", frame::UNREADABLE);
    }
    let _ = out.write_str("\n");
    out.flush();
}

/// An event written as `--trace` writes it, for `write!`.
struct Call<'a>(&'a Event);

impl fmt::Display for Call<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: a `Call` is made and written inside the hook, while the
        // call it reports is under way, so its pointer arguments are valid.
        unsafe { trace::write_call(f, self.0) }
    }
}

/// A snapshot gathered for standard error, written whole lines at a time.
struct Gather {
    buf: [u8; GATHER],
    len: usize,
}

impl Gather {
    /// Writes what has been gathered (a failed write is dropped: there is
    /// nowhere to report it).
    fn flush(&mut self) {
        let _ = unistd::write_all(2, &self.buf[..self.len]);
        self.len = 0;
    }

    /// Adds one maps line and its newline, writing out what came before
    /// first if the line would not fit.
    fn line(&mut self, line: &[u8]) {
        if self.len + line.len() + 1 > GATHER {
            self.flush();
        }
        self.append(line);
        self.append(b"\n");
    }

    fn append(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.len == GATHER {
                self.flush();
            }
            self.buf[self.len] = b;
            self.len += 1;
        }
    }
}

impl fmt::Write for Gather {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.append(s.as_bytes());
        Ok(())
    }
}
