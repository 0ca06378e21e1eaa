//! `--trace`: every system call a lesson makes, printed strace-style on
//! standard error, so the lesson's own output on stdout stays as it is.
//!
//! The switch is the environment variable `MMAP_TRACE`: `calls` for one line
//! per call, `regs` to add the registers that carried it. `cargo xtask
//! lesson N --trace [--regs]` sets it. It is read once, at start-up.
//!
//! The same hook feeds the address-space snapshots
//! ([`crate::map_snapshots`]), so it is installed when either is on, and
//! [`disable`] pauses both.

use core::fmt;
use core::sync::atomic::{AtomicBool, Ordering};
use syscall::trace::Event;

/// The environment variable that turns tracing on.
pub const ENV_VAR: &str = protocol::env::TRACE;

static TRACING: AtomicBool = AtomicBool::new(false);
static SHOW_REGS: AtomicBool = AtomicBool::new(false);

/// Turns tracing (and the snapshots) on if the environment asks for it:
/// at start-up, and again after a lesson has put a hook of its own in the
/// trace's place.
pub fn enable_from_env() {
    let snapshots = crate::map_snapshots::enable_from_env();
    let value = crate::env(ENV_VAR).map(|v| v.to_bytes());
    if value == Some(protocol::env::TRACE_CALLS.as_bytes()) {
        enable(false);
    } else if value == Some(protocol::env::TRACE_REGS.as_bytes()) {
        enable(true);
    } else if snapshots {
        syscall::trace::set_hook(Some(on_call));
    }
}

/// Starts printing every system call; with `regs`, the registers as well.
pub fn enable(regs: bool) {
    SHOW_REGS.store(regs, Ordering::Relaxed);
    TRACING.store(true, Ordering::Relaxed);
    syscall::trace::set_hook(Some(on_call));
}

/// Stops printing (the trace and the snapshots).
pub fn disable() {
    syscall::trace::set_hook(None);
}

fn on_call(event: &Event) {
    if TRACING.load(Ordering::Relaxed) {
        print_event(event);
    }
    crate::map_snapshots::after_call(event);
}

fn print_event(event: &Event) {
    // One line per call (two with registers), each gathered and written with
    // one write(2). The pid tells parent and forked child apart, as
    // `strace -f` does.
    crate::print_to(
        2,
        format_args!("[pid {}] {}\n", unistd::getpid(), Call(event)),
    );
    if SHOW_REGS.load(Ordering::Relaxed) {
        crate::print_to(2, format_args!("           {}\n", Registers(event)));
    }
}

/// An event written as a call, for `format_args!`.
struct Call<'a>(&'a Event);

impl fmt::Display for Call<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: a `Call` is made and written inside the hook, while the
        // call it reports is under way, so its pointer arguments are valid.
        unsafe { trace::write_call(f, self.0) }
    }
}

/// An event's registers, for `format_args!`.
struct Registers<'a>(&'a Event);

impl fmt::Display for Registers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        trace::write_registers(f, self.0)
    }
}
