//! Part 3: why section 2.2 says sharing needs synchronisation.
//!
//! Parent and child each add 1 to a counter in shared memory n times. With
//! a plain increment, `*counter += 1` is three steps: load the value into a
//! register, add 1, store it back. Two processes running at the same time
//! can both load the same value, both add 1, and both store it: two
//! increments, one of them lost.
//!
//! ```text
//!   parent: load 41                 child: load 41
//!   parent: store 42                child: store 42      <- one update lost
//! ```
//!
//! Whether that happens depends on timing, and the lesson runs it three
//! ways:
//!
//! 1. the plain loop (load, store). Its result is printed, not claimed: on
//!    a fast machine the parent's whole loop can be over before the child
//!    has even woken from read(2), and then nothing is lost. A race that
//!    hides in a test is still a race.
//! 2. the same with a window: load, sched_yield(2), store. The system call
//!    between load and store makes each increment take long enough that the
//!    two loops surely overlap, and if both processes share one CPU the yield
//!    hands the CPU to the other one exactly inside the window. Here the loss
//!    is claimed, once observed (three runs, each reported).
//! 3. the fix: one indivisible read-modify-write, an atomic `fetch_add`, in
//!    the same loop with the same sched_yield. No update is lost: exactly
//!    2n, every run. On x86_64 it compiles to `lock incl (reg)`: the `lock`
//!    prefix keeps the cache line to this CPU from load to store. On aarch64
//!    it is a call to the compiler runtime's `__aarch64_ldadd4_relax`, which
//!    would use the single ARMv8.1 `ldadd` instruction had start-up code
//!    detected it (ours does not, see `rt::startup::getauxval`), and here
//!    runs a load-exclusive/store-exclusive loop that retries if any other
//!    CPU wrote the word in between.

use crate::child::Child;
use core::fmt;
use core::sync::atomic::Ordering;
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};
use unistd::WaitStatus;

/// Increments per process in the plain loop: many, so that the two loops
/// have a chance to overlap at all.
const N_PLAIN: u32 = 200_000;

/// Increments per process in the loops that call sched_yield(2) each time:
/// fewer, because each yield may hand the CPU to any other runnable process
/// on the machine for a whole time slice. With the window held open, a run
/// of this length loses about half its updates (measured natively and
/// under qemu-user), so the claim does not need more; and on a busy machine
/// ten times as many yields made the lesson take minutes.
const N_YIELDING: u32 = 20_000;

/// Offset of the child's "done" word, after the counter.
const DONE: usize = 4;

/// How many times each kind of loop is run.
const RUNS: u32 = 3;

/// The plain increment: a volatile load, then a volatile store. Volatile
/// makes the compiler do exactly one load and one store per increment (it
/// may not keep the counter in a register across iterations, or turn the
/// loop into a single `+= n`), as C code does with a `volatile int *`; but
/// the two steps are separate, and another CPU can store between them.
fn plain(map: &Mapping, n: u32) {
    let counter = counter_ptr(map);
    for _ in 0..n {
        // SAFETY: see `counter_ptr`.
        unsafe {
            let value = counter.read_volatile();
            counter.write_volatile(value.wrapping_add(1));
        }
    }
}

/// The plain increment with the window held open: load, yield, store.
fn windowed(map: &Mapping, n: u32) {
    let counter = counter_ptr(map);
    for _ in 0..n {
        // SAFETY: see `counter_ptr`.
        let value = unsafe { counter.read_volatile() };
        unistd::sched_yield();
        // SAFETY: see `counter_ptr`.
        unsafe { counter.write_volatile(value.wrapping_add(1)) };
    }
}

/// The fix: yield as before, then one atomic read-modify-write.
fn atomic(map: &Mapping, n: u32) {
    let counter = map.atomic_u32(0);
    for _ in 0..n {
        unistd::sched_yield();
        // Relaxed is enough: we only need no increment to be lost, not any
        // ordering of other memory around it.
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// Runs `f` with `--trace` paused: the loops make 240,000 sched_yield calls
/// and the plain one none, but a trace of either would bury every other
/// line.
fn untraced(f: impl FnOnce()) {
    rt::trace::disable();
    f();
    rt::trace::enable_from_env();
}

/// The counter's address: word 0 of the mapping.
///
/// `atomic_u32` checks that the word is inside the mapping and 4-byte
/// aligned, and the pointer is used only while `map` lives. An aligned
/// 32-bit load or store is one instruction on both architectures, so the
/// other process never sees half a store: it can only store in between,
/// which is the lost update this part demonstrates.
fn counter_ptr(map: &Mapping) -> *mut u32 {
    map.atomic_u32(0).as_ptr()
}

/// Runs `increments` in a forked child and in the parent at the same time,
/// `n` each, and returns the final count (or why there is none).
/// Why a race produced no count.
enum NoCount {
    /// The child did not exit with 0.
    Child(WaitStatus),
    /// The child's "done" mark never reached the parent.
    NotShared,
}

impl fmt::Display for NoCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoCount::Child(status) => write!(f, "child {status}"),
            NoCount::NotShared => f.write_str("the child's \"done\" mark never arrived"),
        }
    }
}

/// Returns the count and how long the parent's own loop took, in µs.
fn race(map: &Mapping, increments: fn(&Mapping, u32), n: u32) -> Result<(u32, u64), NoCount> {
    map.atomic_u32(0).store(0, Ordering::Relaxed);
    map.atomic_u32(DONE).store(0, Ordering::Relaxed);
    // The child waits at a pipe until the parent says "go", so both start
    // their loops at (nearly) the same moment: the child as it returns from
    // read(2), the parent right after its write(2).
    // SAFETY: the child only touches the mapping and its pipe ends.
    let (child, ends) = or_exit(
        unsafe {
            Child::start_linked(|ends| {
                if !ends.recv() {
                    return 2;
                }
                untraced(|| increments(map, n));
                // "Done", in word 1: the parent checks it, so that a count
                // below 2n can never come from a page that was not shared.
                map.atomic_u32(DONE).store(1, Ordering::Relaxed);
                0
            })
        },
        "fork",
    );
    ends.send();
    let started = unistd::monotonic_ns();
    untraced(|| increments(map, n));
    let took = (unistd::monotonic_ns() - started) / 1000;
    // wait4 returns after the child has exited, so all its stores are done
    // and visible to us: the count read below is final.
    let status = or_exit(child.wait(), "wait4");
    if status != WaitStatus::Exited(0) {
        return Err(NoCount::Child(status));
    }
    if map.atomic_u32(DONE).load(Ordering::Relaxed) != 1 {
        return Err(NoCount::NotShared);
    }
    Ok((map.atomic_u32(0).load(Ordering::Relaxed), took))
}

pub fn show(page: usize, claims: &mut Claims) {
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
    println!("parent and child each increment a shared counter n times: 2n if no update is lost");

    println!("1) plain load, add, store, n = {N_PLAIN} (reported, not claimed: timing decides):");
    runs(&map, plain, N_PLAIN);

    println!(
        "2) load, sched_yield(), store, n = {N_YIELDING}: the same race with the window held open:"
    );
    let want = 2 * N_YIELDING;
    let (lossy, least) = runs(&map, windowed, N_YIELDING);
    claim!(
        claims,
        lossy > 0,
        "with a separate load and store, updates were lost in {lossy} of {RUNS} runs \
         (lowest count {least} of {want})"
    );

    println!("3) sched_yield(), then an atomic fetch_add, n = {N_YIELDING}:");
    let (lossy, least) = runs(&map, atomic, N_YIELDING);
    claim!(
        claims,
        lossy == 0 && least == want,
        "with an atomic fetch_add on the shared word, no update was lost: exactly {want} in each \
         of {RUNS} runs"
    );
}

/// Runs the race `RUNS` times with `increments`, `n` each, printing each
/// result. Returns in how many runs the count fell short of 2n, and the
/// lowest count seen (0 if a child failed).
fn runs(map: &Mapping, increments: fn(&Mapping, u32), n: u32) -> (u32, u32) {
    let want = 2 * n;
    let mut lossy = 0;
    let mut least = u32::MAX;
    for run in 1..=RUNS {
        match race(map, increments, n) {
            Ok((count, took)) => {
                println!(
                    "   run {run}: counter = {count}, {} lost (the parent's loop took {took} us)",
                    want.saturating_sub(count)
                );
                lossy += u32::from(count < want);
                least = least.min(count);
            }
            Err(why) => {
                println!("   run {run}: no count: {why}");
                least = 0;
            }
        }
    }
    (lossy, least)
}
