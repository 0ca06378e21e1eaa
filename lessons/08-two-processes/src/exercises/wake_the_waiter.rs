//! Checks exercise 8.2 (`exercises/2-wake-the-waiter.rs`): a child waits
//! for a message the way the exercise describes (asleep in
//! `futex_wait(ready, 0)` while the word is 0), and `publish` runs in a
//! second child once the first is asleep:
//!
//! ```text
//!   waiter (child 1)                 parent                     child 2
//!   pipe: "about to wait" -------->  read(2) returns
//!   futex_wait(ready, 0): asleep     /proc/<waiter>/stat says S
//!                                    fork ------------------->  trace hook on, then
//!                                                               publish(page, message)
//!                                    wait4 (5 s at most) <----  exit 0
//!   woken: Acquire load, copy  --->  wait4 (3 s at most, then SIGKILL)
//! ```
//!
//! Both children have deadlines, so a publish that never wakes anybody (or
//! never returns, or panics) shows up as a refuted claim, not as a hang or
//! a crash of the check.
//!
//! The waiter being asleep before publish runs is what makes the check
//! mean something: a waiter that arrived late would find the length
//! without any wake. "Asleep" is the kernel's word for it: after the pipe
//! write, the only call left in which the waiter can sleep (state `S` in
//! /proc/<pid>/stat) is futex_wait. The parent then allows 100 ms more.
//!
//! A waiter that wakes and reads the message still does not prove the
//! order inside publish. Waking first and storing second is the bug the
//! exercise is about: the waiter, woken, loads the word, and if the store
//! has not happened yet it finds 0 and goes back to sleep for good. But the
//! woken waiter needs time to be scheduled, and publish's very next step is
//! the store, so the waiter nearly always finds the length anyway, and the
//! bug hides. So the publisher child watches its own system calls through
//! the syscall crate's trace hook (as lesson 06's checker watches msync):
//! at each futex(ready, FUTEX_WAKE) that publish makes, the hook reads the
//! ready word. A 0 there at the first wake is the bug, however the
//! scheduler happened to hide it this time.

use crate::answers::wake_the_waiter::publish;
use crate::watched::Watched;
use core::ffi::CStr;
use core::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use linux_raw_sys::general::{self as k, O_CLOEXEC};
use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, Claims, Escaped, claim, or_exit, println};
use syscall::nr;
use unistd::{Ended, Errno};

/// The layout the exercise's header describes: the ready word...
const READY: usize = 0;
/// ... and the message.
const MESSAGE: usize = 64;

/// What the check publishes.
const SAID: &[u8] = b"the length came last, and then the wake";

/// In the checker's own page (not the exercise's): the length the waiter
/// found in the ready word.
const GOT_LEN: usize = 0;
/// How many times the waiter's futex_wait returned 0 (it was woken).
const GOT_SLEEPS: usize = 4;
/// Written by the publisher's trace hook: how many futex(ready, FUTEX_WAKE)
/// calls publish made...
const WAKES: usize = 8;
/// ... and what the ready word held at the first of them.
const READY_AT_WAKE: usize = 12;
/// The bytes the waiter copied from MESSAGE (up to [`GOT_MAX`]).
const GOT_TEXT: usize = 64;
/// The most the waiter copies.
const GOT_MAX: usize = 128;

/// How long the parent looks for the waiter asleep (3 s).
const ASLEEP_WITHIN_NS: u64 = 3_000_000_000;
/// Margin after the waiter was seen asleep (100 ms).
const MARGIN_NS: u64 = 100_000_000;
/// How long publish may take (5 s: it makes two or three calls).
const PUBLISH_WITHIN_NS: u64 = 5_000_000_000;
/// How long the waiter has, after publish returned, to wake and read (3 s).
const WAKE_WITHIN_NS: u64 = 3_000_000_000;

pub fn check(_dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let shared = || {
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED | MapFlags::ANONYMOUS,
            -1,
            0,
        )
    };
    let map = or_exit(shared(), "mmap MAP_SHARED|MAP_ANONYMOUS");
    let report = or_exit(shared(), "mmap MAP_SHARED|MAP_ANONYMOUS");
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = {:#x}: \
         ready word at offset {READY} (0), message at offset {MESSAGE}",
        map.addr()
    );
    let (rx, tx) = or_exit(unistd::pipe(O_CLOEXEC), "pipe");

    // SAFETY: the child writes to the pipe, loads and futex-waits on the
    // ready word, copies bytes between the two shared pages, and exits.
    let waiter = unsafe {
        Watched::start(|| {
            // The read end stays open here too; only the write ends decide
            // when the parent's read(2) sees end of file.
            if unistd::write_all(tx.raw(), b"!").is_err() {
                return 2;
            }
            wait_and_copy(&map, &report)
        })
    };
    let mut waiter = or_exit(waiter, "fork");
    // Ours closed, the waiter's is the only write end left: if the waiter
    // dies without writing, read(2) returns 0 instead of blocking.
    drop(tx);
    println!(
        "forked waiter {}: it says so through a pipe, then sleeps in futex_wait(ready, 0)",
        waiter.pid()
    );
    // From here on nothing may exit or panic before `waiter` is collected
    // (by `finish`, or by its Drop): it could be asleep for ever.
    if !announced(&rx) {
        let ended = waiter.finish(WAKE_WITHIN_NS);
        claim!(
            claims,
            false,
            "the waiter got as far as waiting (it ended first: {})",
            Outcome(&ended)
        );
        return;
    }
    match asleep(&mut waiter) {
        Some(ms) => println!(
            "/proc/{}/stat: state S (asleep in the kernel) after {ms} ms; 100 ms more, then \
             publish",
            waiter.pid()
        ),
        None => println!(
            "(/proc/{}/stat did not show the waiter asleep within 3 s; publishing anyway)",
            waiter.pid()
        ),
    }
    let _ = unistd::sleep_ns(MARGIN_NS);

    // SAFETY: the child arms the trace hook (stores into statics), runs
    // publish (stores into the shared page and futex calls), during which
    // the hook loads the ready word and stores into the report page, and
    // exits.
    let publisher = unsafe {
        Watched::start(|| {
            publish_watched(&map, &report);
            0
        })
    };
    let published = match publisher {
        Ok(publisher) => {
            println!(
                "forked child {}: publish(page, \"{}\")",
                publisher.pid(),
                Escaped(SAID)
            );
            publisher.finish(PUBLISH_WITHIN_NS)
        }
        Err(e) => Err(e),
    };
    claim!(
        claims,
        published.is_ok_and(Ended::exited_ok),
        "publish returned, in a process of its own: {}",
        Outcome(&published)
    );

    let woke = waiter.finish(WAKE_WITHIN_NS);
    let read = claim!(
        claims,
        woke.is_ok_and(Ended::exited_ok),
        "the waiter, asleep in futex_wait(ready, 0), woke and read the message within 3 s of \
         publish returning: {}",
        Outcome(&woke)
    );
    let ready = map.atomic_u32(READY).load(Ordering::Acquire);
    if !read {
        let mut text = [0u8; GOT_MAX];
        let n = (ready as usize).min(GOT_MAX);
        map.read_into(MESSAGE, &mut text[..n]);
        println!(
            "   (yet the page holds ready = {ready} and \"{}\": published, but a sleeping waiter \
             does not look at the word until a futex_wake on it wakes it)",
            Escaped(&text[..n])
        );
        claim_stored_before_wake(claims, &report, false);
        return;
    }
    let len = report.atomic_u32(GOT_LEN).load(Ordering::Acquire);
    let mut text = [0u8; GOT_MAX];
    let n = (len as usize).min(GOT_MAX);
    report.read_into(GOT_TEXT, &mut text[..n]);
    println!(
        "   (the waiter was woken {} time(s) by futex_wait returning 0)",
        report.atomic_u32(GOT_SLEEPS).load(Ordering::Relaxed)
    );
    claim_stored_before_wake(claims, &report, true);
    claim!(
        claims,
        len as usize == SAID.len() && text[..n] == *SAID,
        "the waiter found the message's length ({len}, of {}) in the ready word and the message \
         at offset {MESSAGE}: \"{}\"",
        SAID.len(),
        Escaped(&text[..n])
    );
}

/// The claim about the order inside publish, from what the publisher's
/// trace hook wrote into the report page. It comes after the claim that
/// the waiter woke and read the message, which is what an answer that
/// never wakes anybody fails first. `read`: whether the waiter did.
fn claim_stored_before_wake(claims: &mut Claims, report: &Mapping, read: bool) {
    let wakes = report.atomic_u32(WAKES).load(Ordering::Acquire);
    let held = report.atomic_u32(READY_AT_WAKE).load(Ordering::Acquire);
    if wakes == 0 {
        claim!(
            claims,
            false,
            "the length was stored before the wake: publish made no futex(ready, FUTEX_WAKE) \
             call at all"
        );
        return;
    }
    let stored_first = claim!(
        claims,
        held != 0,
        "the length was stored before the wake: at the first of publish's {wakes} \
         futex(ready, FUTEX_WAKE) call(s), the ready word held {held}"
    );
    if !stored_first {
        // With a single wake, a waiter that read the message anyway was
        // saved by the scheduler, not by the answer.
        let lucky = if read && wakes == 1 {
            "; this waiter read the message only because it was slower to run than publish \
             was to store the length"
        } else {
            ""
        };
        println!(
            "   (a waiter woken then loads 0 and goes back to sleep: only a wake made after \
             the store is sure to find the length{lucky})"
        );
    }
}

/// The publisher's side, in the child: publish, with the trace hook
/// watching its futex calls.
fn publish_watched(map: &Mapping, report: &Mapping) {
    let watch = Watch {
        ready: map.atomic_u32(READY),
        wakes: report.atomic_u32(WAKES),
        held: report.atomic_u32(READY_AT_WAKE),
    };
    // The pointer outlives `watch` only as null: it is cleared below, and
    // a panic in publish ends the process without unwinding (the
    // workspace builds with panic = "abort").
    WATCH.store(
        (&raw const watch).cast_mut().cast::<Watch<'static>>(),
        Ordering::Release,
    );
    // The syscall crate has room for one hook, and `--trace` uses it to
    // print every call: in this child, ours takes its place, so publish's
    // own calls are not printed; the claim reports its wakes instead.
    syscall::trace::set_hook(Some(note_wake));
    publish(map, SAID);
    syscall::trace::set_hook(None);
    WATCH.store(core::ptr::null_mut(), Ordering::Release);
}

/// What the publisher's trace hook works with; it lives on the publisher
/// child's stack while publish runs.
struct Watch<'a> {
    /// The ready word: a wake counts if it names this address, and the
    /// hook reads the value the word holds.
    ready: &'a AtomicU32,
    /// In the report page: how many wakes on the ready word publish made...
    wakes: &'a AtomicU32,
    /// ... and what the word held at the first.
    held: &'a AtomicU32,
}

/// The [`Watch`] in use, or null. A trace hook is a plain `fn`, with
/// nothing captured, so this is how it finds what to watch.
static WATCH: AtomicPtr<Watch<'static>> = AtomicPtr::new(core::ptr::null_mut());

/// The syscall crate's trace hook, in the publisher child: called after
/// every system call made through the crate, which is every call publish
/// can make. It notes each FUTEX_WAKE on the ready word and, at the first,
/// the word's value.
fn note_wake(event: &syscall::trace::Event) {
    // On 32-bit systems futex_time64 is the same call with a 64-bit
    // timeout (which FUTEX_WAKE does not use); an answer may use either.
    #[cfg(target_pointer_width = "32")]
    let futex = event.nr == nr::FUTEX || event.nr == k::__NR_futex_time64 as usize;
    #[cfg(target_pointer_width = "64")]
    let futex = event.nr == nr::FUTEX;
    // The operation without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME. A
    // private wake is counted too: it wakes no shared waiter, which the
    // claim that the waiter woke already shows.
    let op = event.args[1] as u32 & k::FUTEX_CMD_MASK as u32;
    let watch = WATCH.load(Ordering::Acquire);
    if !futex || op != k::FUTEX_WAKE || watch.is_null() {
        return;
    }
    // SAFETY: a non-null WATCH points at the `Watch` in `publish_watched`,
    // stored before this hook was installed and cleared after it was
    // removed, in this same one-thread process, so the `Watch` is alive.
    let watch = unsafe { &*watch };
    if event.args[0] != watch.ready.as_ptr() as usize {
        return;
    }
    // The hook runs just after the call returned: in a process of one
    // thread, nothing ran in between, and no other process stores to the
    // word (the waiter and the parent only load it), so this is what it
    // held when the wake was made. (FUTEX_WAKE itself never reads the
    // word: it wakes whoever sleeps on the address, whatever the word
    // holds, which is why waking first is not refused by the kernel.)
    let held = watch.ready.load(Ordering::Acquire);
    // The value before the count: a child killed in between leaves a count
    // of 0, not a count of 1 with a value never written.
    if watch.wakes.load(Ordering::Relaxed) == 0 {
        watch.held.store(held, Ordering::Relaxed);
    }
    watch.wakes.fetch_add(1, Ordering::Release);
}

/// The waiter's side, in the child: the loop of exercise 8.1 on the ready
/// word, then a copy of what it found into the checker's page. Exits 0 once
/// it has copied, 3 if futex_wait failed in an unexpected way.
fn wait_and_copy(map: &Mapping, report: &Mapping) -> i32 {
    let word = map.atomic_u32(READY);
    let mut sleeps = 0u32;
    let len = loop {
        let len = word.load(Ordering::Acquire);
        if len != 0 {
            break len;
        }
        match unistd::futex_wait(word, 0) {
            Ok(()) => sleeps += 1,
            Err(Errno::EAGAIN | Errno::EINTR) => {}
            Err(_) => return 3,
        }
    };
    let n = (len as usize).min(GOT_MAX).min(map.len() - MESSAGE);
    for i in 0..n {
        report.write(GOT_TEXT + i, map.read(MESSAGE + i));
    }
    report
        .atomic_u32(GOT_SLEEPS)
        .store(sleeps, Ordering::Relaxed);
    // Release: the copied bytes are in the report page before the parent
    // can see the length (it reads them only after wait4, anyway).
    report.atomic_u32(GOT_LEN).store(len, Ordering::Release);
    0
}

/// Blocks until the waiter's one byte arrives; false if the pipe reached
/// end of file instead (the waiter ended without sending it).
fn announced(rx: &unistd::Fd) -> bool {
    let mut byte = [0u8; 1];
    loop {
        match unistd::read(rx, &mut byte) {
            Ok(1) => return true,
            Err(Errno::EINTR) => continue,
            _ => return false,
        }
    }
}

/// Polls /proc/<pid>/stat every millisecond until the waiter's state is
/// `S`; the milliseconds that took, or None after 3 s (or if the waiter
/// ended, or /proc cannot be read).
fn asleep(waiter: &mut Watched) -> Option<u64> {
    let path = stat_path(waiter.pid())?;
    let start = unistd::monotonic_ns();
    loop {
        let elapsed = unistd::monotonic_ns() - start;
        match state_of(&path) {
            Some(b'S') => return Some(elapsed / 1_000_000),
            None => return None,
            Some(_) => {}
        }
        if waiter.ended().is_some() || elapsed >= ASLEEP_WITHIN_NS {
            return None;
        }
        let _ = unistd::sleep_ns(1_000_000);
    }
}

/// `/proc/<pid>/stat`.
fn stat_path(pid: i32) -> Option<CPath> {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = pid.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let pid = core::str::from_utf8(&digits[at..]).ok()?;
    let dir = CPath::join(c"/proc", pid)?;
    CPath::join(dir.as_cstr(), "stat")
}

/// The state letter of /proc/<pid>/stat: the field after the command name,
/// which is in parentheses and may itself hold spaces and parentheses, so
/// the letter is found after the *last* `)`.
fn state_of(path: &CPath) -> Option<u8> {
    let mut state = None;
    rt::for_each_line_in::<512>(path.as_cstr(), |line| {
        if let Some(close) = line.iter().rposition(|&b| b == b')') {
            state = line.get(close + 2).copied();
        }
        false
    });
    state
}

/// How a child ended, or why waiting for it failed, as one phrase.
struct Outcome<'a>(&'a Result<Ended, Errno>);

impl core::fmt::Display for Outcome<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Ok(ended) => write!(f, "child {ended}"),
            Err(e) => write!(f, "waiting for the child failed: {e}"),
        }
    }
}
