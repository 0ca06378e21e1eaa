//! The experiment every part of this lesson runs, on a different kind of
//! memory each time.
//!
//! Sixteen bytes at some address `at` hold a value. Then:
//!
//! 1. the parent forks: the child starts with a copy of the parent's whole
//!    address space, so `at` is a valid address in both processes;
//! 2. the parent writes "parent wrote" at `at`, then sends one byte down a
//!    pipe to say so;
//! 3. the child, which has been blocked in read(2) on that pipe, reads `at`
//!    (does it see the parent's write?), writes "child wrote" there, reads it
//!    back, looks up its own /proc/self/maps line for `at`, sends all of
//!    that to the parent through a second pipe, and exits;
//! 4. the parent waits for it with wait4, then reads `at` (does it see the
//!    child's write?) and its own maps line.
//!
//! The two pipes and wait4 are the only coordination: each step starts only
//! after the other process has finished the step before, so no sleeping and
//! no guessing. What the two processes see at `at` depends only on the kind
//! of mapping `at` lies in.

use core::fmt;
use linux_raw_sys::general::O_CLOEXEC;
use rt::{Claims, Escaped, MapsLine, claim, or_exit, println};
use unistd::{ForkResult, WaitStatus};

/// How many bytes each side writes.
pub const LEN: usize = 16;
/// Sixteen bytes, NUL-padded text.
pub type Value = [u8; LEN];

/// What the memory holds before the fork.
pub const ORIGINAL: Value = label(b"original");
/// What the parent writes after the fork.
pub const BY_PARENT: Value = label(b"parent wrote");
/// What the child writes after the fork.
pub const BY_CHILD: Value = label(b"child wrote");

const fn label(text: &[u8]) -> Value {
    let mut value = [0; LEN];
    let mut i = 0;
    while i < text.len() {
        value[i] = text[i];
        i += 1;
    }
    value
}

/// A value printed as its text, without the NUL padding.
pub struct Shown<'a>(pub &'a [u8]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = self.0.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        write!(f, "\"{}\"", Escaped(&self.0[..end]))
    }
}

/// The longest maps line the child sends back.
const LINE: usize = 256;

/// Everything one round observed.
pub struct Round {
    /// The address both processes used.
    pub at: usize,
    /// The child's process id.
    pub child_pid: i32,
    /// How the child ended.
    pub status: WaitStatus,
    /// The address the child says it wrote to (its own copy of `at`).
    pub child_at: usize,
    /// What the child read at `at` before writing, and after.
    pub child_before: Value,
    /// What the child read back after its own write.
    pub child_after: Value,
    child_line: [u8; LINE],
    child_line_len: usize,
    /// What the parent reads at `at` once the child is gone.
    pub parent_after: Value,
    /// The parent's /proc/self/maps line for `at`.
    pub parent_line: Option<MapsLine>,
}

/// Reads `LEN` bytes at `at`, one volatile access each.
///
/// # Safety
/// `at..at + LEN` must be mapped readable.
pub unsafe fn read_value(at: *const u8) -> Value {
    let mut value = [0; LEN];
    for (i, byte) in value.iter_mut().enumerate() {
        // SAFETY: the caller's promise; volatile, because after the fork
        // another process may be the one that changed these bytes.
        *byte = unsafe { at.add(i).read_volatile() };
    }
    value
}

/// Writes `value` at `at`, one volatile access each.
///
/// # Safety
/// `at..at + LEN` must be mapped writable, and no Rust reference may point
/// into it.
pub unsafe fn write_value(at: *mut u8, value: &Value) {
    for (i, &byte) in value.iter().enumerate() {
        // SAFETY: the caller's promise.
        unsafe { at.add(i).write_volatile(byte) };
    }
}

/// Runs the round described at the top of this file on the bytes at `at`.
///
/// # Safety
/// `at..at + LEN` must be mapped readable and writable, no Rust reference
/// may point into it, and it must stay mapped until this returns.
pub unsafe fn run(at: *mut u8) -> Round {
    // O_CLOEXEC: good habit; neither process execs here.
    let (go_read, go_write) = or_exit(unistd::pipe(O_CLOEXEC), "pipe");
    let (report_read, report_write) = or_exit(unistd::pipe(O_CLOEXEC), "pipe");

    // SAFETY: the lesson is single-threaded, so the child inherits no lock
    // held by another thread; it makes raw system calls only and exits.
    match or_exit(unsafe { unistd::fork() }, "fork") {
        ForkResult::Child => {
            // Each side closes the pipe ends it does not use. Above all, the
            // parent must not keep the report pipe's write end open, or its
            // read would never see end-of-file.
            drop(go_write);
            drop(report_read);
            // SAFETY: passed on from the caller; this process has its own
            // copy of the whole address space, `at` included.
            unsafe { child(at, &go_read, report_write.raw()) };
            unistd::exit(0)
        }
        ForkResult::Parent(child_pid) => {
            drop(go_read);
            drop(report_write);
            // SAFETY: the caller's promise.
            unsafe { write_value(at, &BY_PARENT) };
            // Tell the child the parent's write is done. If this failed, the
            // child would see end-of-file when go_write is closed just
            // below, and carry on: the claims would then report it.
            let _ = unistd::write_all(go_write.raw(), b"w");
            drop(go_write);
            let status = or_exit(unistd::wait4(child_pid), "wait4");

            let mut report = [0u8; 8 + 2 * LEN + 2 + LINE];
            let got = read_full(&report_read, &mut report);
            let mut round = Round {
                at: at as usize,
                child_pid,
                status,
                child_at: 0,
                child_before: [0; LEN],
                child_after: [0; LEN],
                child_line: [0; LINE],
                child_line_len: 0,
                // SAFETY: the caller's promise.
                parent_after: unsafe { read_value(at) },
                parent_line: rt::maps_line(at as usize),
            };
            if got >= 8 + 2 * LEN + 2 {
                let (addr, rest) = report.split_at(8);
                round.child_at = u64::from_ne_bytes(addr.try_into().unwrap_or([0; 8])) as usize;
                round.child_before.copy_from_slice(&rest[..LEN]);
                round.child_after.copy_from_slice(&rest[LEN..2 * LEN]);
                let len = usize::from(u16::from_ne_bytes([rest[2 * LEN], rest[2 * LEN + 1]]));
                let line = &rest[2 * LEN + 2..got - 8];
                round.child_line_len = len.min(line.len());
                round.child_line[..round.child_line_len]
                    .copy_from_slice(&line[..round.child_line_len]);
            }
            round
        }
    }
}

/// The child's side of the round.
///
/// # Safety
/// As for [`run`].
unsafe fn child(at: *mut u8, go: &unistd::Fd, report: i32) {
    let mut byte = [0u8; 1];
    // Blocks until the parent has written (or has closed the pipe).
    let _ = unistd::read(go, &mut byte);
    // SAFETY: passed on from `run`'s caller.
    let before = unsafe { read_value(at) };
    // SAFETY: as above.
    unsafe { write_value(at, &BY_CHILD) };
    // SAFETY: as above.
    let after = unsafe { read_value(at) };

    let mut message = [0u8; 8 + 2 * LEN + 2 + LINE];
    message[..8].copy_from_slice(&(at as u64).to_ne_bytes());
    message[8..8 + LEN].copy_from_slice(&before);
    message[8 + LEN..8 + 2 * LEN].copy_from_slice(&after);
    let mut len = 0;
    if let Some(line) = rt::maps_line(at as usize) {
        len = line.as_bytes().len().min(LINE);
        message[8 + 2 * LEN + 2..][..len].copy_from_slice(&line.as_bytes()[..len]);
    }
    message[8 + 2 * LEN..8 + 2 * LEN + 2].copy_from_slice(&(len as u16).to_ne_bytes());
    let _ = unistd::write_all(report, &message[..8 + 2 * LEN + 2 + len]);
}

/// Reads until `buf` is full or the writer has closed its end.
fn read_full(fd: &unistd::Fd, buf: &mut [u8]) -> usize {
    let mut got = 0;
    while got < buf.len() {
        match unistd::read(fd, &mut buf[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    got
}

/// The first two fields of a maps line: `start-end perms`.
fn range_and_perms(line: &[u8]) -> &[u8] {
    let mut spaces = 0;
    for (i, &b) in line.iter().enumerate() {
        if b == b' ' {
            spaces += 1;
            if spaces == 2 {
                return &line[..i];
            }
        }
    }
    line
}

impl Round {
    /// The child's /proc/self/maps line for `at`, as it sent it.
    pub fn child_line(&self) -> &[u8] {
        &self.child_line[..self.child_line_len]
    }

    /// The parent's line, or nothing.
    pub fn parent_line(&self) -> &[u8] {
        self.parent_line.as_ref().map_or(&[], MapsLine::as_bytes)
    }

    /// `p` or `s`: the fourth letter of the parent's permission field.
    pub fn sharing(&self) -> u8 {
        self.parent_line
            .as_ref()
            .and_then(|line| line.perms().get(3).copied())
            .unwrap_or(b'?')
    }

    /// Prints what each process saw, and checks that both used the same
    /// address inside the same mapping.
    pub fn claim_same_address(&self, claims: &mut Claims) {
        println!(
            "parent (pid {}): at {:#x}, reads {} after the child has exited",
            unistd::getpid(),
            self.at,
            Shown(&self.parent_after)
        );
        println!(
            "child  (pid {}): at {:#x}, read {} before its write, {} after",
            self.child_pid,
            self.child_at,
            Shown(&self.child_before),
            Shown(&self.child_after)
        );
        println!("  parent's maps: {}", Escaped(self.parent_line()));
        println!("  child's maps:  {}", Escaped(self.child_line()));
        let same_line = !self.child_line().is_empty()
            && range_and_perms(self.child_line()) == range_and_perms(self.parent_line());
        claim!(
            claims,
            self.status == WaitStatus::Exited(0) && self.child_at == self.at && same_line,
            "the child ({}) used the same virtual address {:#x}, inside a mapping with the same \
             range and permissions in its own /proc/self/maps",
            self.status,
            self.at
        );
    }

    /// Private memory: neither process saw the other's write.
    pub fn claim_private(&self, claims: &mut Claims) {
        claim!(
            claims,
            self.child_before == ORIGINAL
                && self.child_after == BY_CHILD
                && self.parent_after == BY_PARENT,
            "same address, different contents: the child never saw {}, the parent never saw {} \
             (copy-on-write gave each its own copy of the page)",
            Shown(&BY_PARENT),
            Shown(&BY_CHILD)
        );
        claim!(
            claims,
            self.sharing() == b'p',
            "/proc/self/maps marks the mapping '{}': private",
            self.sharing() as char
        );
    }

    /// Shared memory: each process saw the other's write.
    pub fn claim_shared(&self, claims: &mut Claims) {
        claim!(
            claims,
            self.child_before == BY_PARENT && self.parent_after == BY_CHILD,
            "the child read the parent's {} and the parent reads the child's {}: one copy of \
             the page, in both address spaces",
            Shown(&BY_PARENT),
            Shown(&BY_CHILD)
        );
        claim!(
            claims,
            self.sharing() == b's',
            "/proc/self/maps marks the mapping '{}': shared",
            self.sharing() as char
        );
    }
}
