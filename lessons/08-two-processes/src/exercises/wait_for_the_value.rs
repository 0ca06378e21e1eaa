//! Checks exercise 8.1 (`exercises/1-wait-for-the-value.rs`): a child calls
//! `wait_until(word, 2)` on a word in a `MAP_SHARED | MAP_ANONYMOUS` page,
//! and the parent plays the other process:
//!
//! ```text
//!   word  parent                                       a right answer
//!   0     futex_wake every 1 ms until it wakes 1  ->   asleep; wakes, sees 0, sleeps
//!   1     store 1; futex_wake until it wakes 1    ->   wakes, sees 1, sleeps
//!   1     futex_wake until it wakes 1 (no change) ->   wakes, sees 1, sleeps
//!   2     store 2; futex_wake                     ->   wakes, sees 2, returns
//! ```
//!
//! futex_wake returns how many sleepers it woke, so "it woke 1" is the
//! kernel saying that the waiter was queued on this word at that moment:
//! asleep in futex_wait, not spinning, not sleeping on a private futex
//! that a wake from another process cannot reach. No step waits for a
//! guessed time: each wake is repeated until it finds the sleeper, the
//! waiter ends, or 3 s pass. The child reports the value it saw when
//! `wait_until` returned through the shared page.

use crate::answers::wait_for_the_value::wait_until;
use crate::watched::Watched;
use core::ffi::CStr;
use core::fmt;
use core::sync::atomic::{AtomicU32, Ordering};
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};
use unistd::{Ended, WaitStatus};

/// The futex word `wait_until` waits on.
const WORD: usize = 0;
/// Where the child writes the word's value as it saw it once `wait_until`
/// returned ([`NOT_YET`] until then).
const SEEN: usize = 4;
/// Where the child writes the CPU time it used inside `wait_until`, in µs.
const CPU_US: usize = 8;
/// Where the child writes the wall-clock time `wait_until` took, in ms.
const WALL_MS: usize = 12;

/// [`SEEN`] before the child has written it.
const NOT_YET: u32 = u32::MAX;
/// The value the child waits for.
const TARGET: u32 = 2;
/// The value on the way to it.
const EARLIER: u32 = 1;

/// How long the parent keeps trying to find the waiter asleep (3 s).
const ASLEEP_WITHIN_NS: u64 = 3_000_000_000;
/// How long the waiter has to return once the word holds 2 (5 s).
const RETURN_WITHIN_NS: u64 = 5_000_000_000;

/// What repeated futex_wake calls found.
#[derive(Clone, Copy)]
enum Probe {
    /// A call woke the waiter, this many ms after the first call.
    Woke(u64),
    /// The waiter ended first: `wait_until` had returned (or crashed).
    Ended(WaitStatus),
    /// Nobody was asleep on the word for [`ASLEEP_WITHIN_NS`].
    Nobody,
    /// The step was skipped because an earlier one failed.
    NotTried,
}

impl Probe {
    fn woke(self) -> bool {
        matches!(self, Probe::Woke(_))
    }
}

impl fmt::Display for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Probe::Woke(ms) => write!(f, "futex_wake woke 1 after {ms} ms"),
            Probe::Ended(status) => write!(f, "the waiter had already ended (child {status})"),
            Probe::Nobody => f.write_str("futex_wake woke nobody for 3 s"),
            Probe::NotTried => f.write_str("(not tried)"),
        }
    }
}

pub fn check(_dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let map = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED | MapFlags::ANONYMOUS,
            -1,
            0,
        ),
        "mmap MAP_SHARED|MAP_ANONYMOUS",
    );
    let word = map.atomic_u32(WORD);
    let seen = map.atomic_u32(SEEN);
    seen.store(NOT_YET, Ordering::Relaxed);
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = {:#x}; \
         the word at offset {WORD} holds 0",
        map.addr()
    );

    // SAFETY: the child runs wait_until (plain atomics and futex calls) and
    // the bookkeeping below (getrusage, clock_gettime, stores into the
    // shared page), then exits.
    let waiter = unsafe {
        Watched::start(|| {
            let (cpu_before, wall_before) = (cpu_us(), unistd::monotonic_ns());
            wait_until(word, TARGET);
            let now = word.load(Ordering::Acquire);
            let wall_ms = (unistd::monotonic_ns() - wall_before) / 1_000_000;
            let cpu = cpu_us().saturating_sub(cpu_before);
            map.atomic_u32(CPU_US)
                .store(cpu.min(u64::from(u32::MAX)) as u32, Ordering::Relaxed);
            map.atomic_u32(WALL_MS)
                .store(wall_ms.min(u64::from(u32::MAX)) as u32, Ordering::Relaxed);
            seen.store(now, Ordering::Release);
            0
        })
    };
    let mut waiter = or_exit(waiter, "fork");
    println!(
        "forked child {}: it calls wait_until(word, {TARGET}) and reports what it saw",
        waiter.pid()
    );

    // Nothing in this function can exit or panic until `waiter` has been
    // collected (by `finish`, or by its Drop), so no child is left behind.
    println!("word = 0: futex_wake(word, 1) every 1 ms until it wakes somebody");
    let unchanged = wake_a_sleeper(word, &mut waiter);
    println!("   {unchanged}");
    let (mut changed, mut again) = (Probe::NotTried, Probe::NotTried);
    if unchanged.woke() {
        word.store(EARLIER, Ordering::Release);
        println!("word = {EARLIER}: futex_wake(word, 1) until it wakes somebody");
        changed = wake_a_sleeper(word, &mut waiter);
        println!("   {changed}");
        if changed.woke() {
            println!("word = {EARLIER}, unchanged: futex_wake(word, 1) until it wakes somebody");
            again = wake_a_sleeper(word, &mut waiter);
            println!("   {again}");
        }
    }
    word.store(TARGET, Ordering::Release);
    let woken = unistd::futex_wake(word, i32::MAX as u32);
    println!("word = {TARGET}: futex_wake(word, INT_MAX) = {woken:?}");
    let ended = waiter.finish(RETURN_WITHIN_NS);

    let saw = seen.load(Ordering::Acquire);
    let returned_right = match ended {
        Ok(Ended::By(WaitStatus::Exited(0))) => claim!(
            claims,
            saw == TARGET,
            "wait_until(word, {TARGET}) returned only once the word held {TARGET}: just after \
             it returned, the word held {saw}"
        ),
        Ok(Ended::By(status)) => claim!(
            claims,
            false,
            "wait_until(word, {TARGET}) returned only once the word held {TARGET}: the waiter \
             did not return normally, child {status}"
        ),
        Ok(Ended::Overdue) => claim!(
            claims,
            false,
            "wait_until(word, {TARGET}) returned only once the word held {TARGET}, and then \
             soon: it had not returned 5 s after the word became {TARGET} and the parent woke \
             it (killed)"
        ),
        Err(e) => claim!(
            claims,
            false,
            "wait_until(word, {TARGET}) returned only once the word held {TARGET}: waiting \
             for the child failed: {e}"
        ),
    };
    if !returned_right && saw != NOT_YET {
        println!(
            "   (futex_wait returned, and the word did not hold {TARGET}: a return from \
             futex_wait promises nothing about the word)"
        );
    }
    if ended.is_ok_and(Ended::exited_ok) {
        println!(
            "   (the waiter used {} ms of CPU time inside wait_until, which took {} ms)",
            map.atomic_u32(CPU_US).load(Ordering::Relaxed) / 1000,
            map.atomic_u32(WALL_MS).load(Ordering::Relaxed)
        );
    }

    let slept = claim!(
        claims,
        unchanged.woke(),
        "while the word still held 0, futex_wake found the waiter asleep in futex_wait on the \
         shared word, and woke it: {unchanged}"
    );
    if let Probe::Nobody = unchanged {
        println!(
            "   (wait_until never slept on this word: a loop that only loads it spins, \
             futex_wait with a value the word does not hold returns EAGAIN at once, and a \
             FUTEX_PRIVATE_FLAG sleeper cannot be woken from another process)"
        );
    }
    if slept {
        claim!(
            claims,
            changed.woke() && again.woke(),
            "after the word became {EARLIER} (not {TARGET}), the waiter went back to sleep \
             after each wake-up: {changed}, and then {again}"
        );
    }
}

/// Calls futex_wake(word, 1) every millisecond until it wakes somebody (the
/// waiter: nobody else waits on this word), the waiter ends, or
/// [`ASLEEP_WITHIN_NS`] passes.
fn wake_a_sleeper(word: &AtomicU32, waiter: &mut Watched) -> Probe {
    let start = unistd::monotonic_ns();
    loop {
        let elapsed = unistd::monotonic_ns() - start;
        if let Ok(1..) = unistd::futex_wake(word, 1) {
            return Probe::Woke(elapsed / 1_000_000);
        }
        if let Some(status) = waiter.ended() {
            return Probe::Ended(status);
        }
        if elapsed >= ASLEEP_WITHIN_NS {
            return Probe::Nobody;
        }
        let _ = unistd::sleep_ns(1_000_000);
    }
}

/// CPU time this process has used so far, user and system, in µs.
fn cpu_us() -> u64 {
    let Ok(usage) = unistd::getrusage(unistd::Who::Process) else {
        return 0;
    };
    let us = |t: linux_raw_sys::general::__kernel_old_timeval| {
        t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64
    };
    us(usage.ru_utime) + us(usage.ru_stime)
}
