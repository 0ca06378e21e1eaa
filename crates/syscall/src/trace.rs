//! An optional observer of every system call made through this crate: the
//! basis of the lessons' `--trace`, which prints each call strace-style.
//!
//! This crate cannot print (printing is itself a system call, made by
//! crates above it), so it only hands each finished call to a hook that a
//! higher layer installs. With no hook installed the cost is one relaxed
//! atomic load per call.

use crate::Errno;
use core::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// One finished system call.
#[derive(Debug, Clone, Copy)]
pub struct Event {
    /// The call number.
    pub nr: usize,
    /// The arguments; only the first `nargs` were passed.
    pub args: [usize; 6],
    /// How many arguments the call was made with.
    pub nargs: usize,
    /// What the kernel answered.
    pub ret: Result<usize, Errno>,
}

/// The hook's type: called after each call returns.
pub type Hook = fn(&Event);

// The hook as a plain pointer (null: none). Only `set_hook` writes it, and
// only ever with a `Hook`.
static HOOK: AtomicPtr<()> = AtomicPtr::new(core::ptr::null_mut());
// True while the hook runs: its own system calls (the write that prints the
// line) must not be reported again, or printing would never end.
static IN_HOOK: AtomicBool = AtomicBool::new(false);

/// Installs `hook` (or removes it, with `None`).
pub fn set_hook(hook: Option<Hook>) {
    let ptr = hook.map_or(core::ptr::null_mut(), |h| h as *mut ());
    HOOK.store(ptr, Ordering::Release);
}

/// Is a hook installed? Checked before any work is done for it.
#[inline(always)]
pub(crate) fn is_on() -> bool {
    !HOOK.load(Ordering::Relaxed).is_null()
}

/// Hands a finished call to the hook, if there is one. Kept out of line:
/// it only runs while tracing.
#[inline(never)]
#[cold]
pub(crate) fn report(nr: usize, args: [usize; 6], nargs: usize, ret: Result<usize, Errno>) {
    let ptr = HOOK.load(Ordering::Acquire);
    if ptr.is_null() || IN_HOOK.swap(true, Ordering::Acquire) {
        return;
    }
    // SAFETY: a non-null HOOK was stored by `set_hook` from a `Hook`, and a
    // function pointer survives the round trip through `*mut ()`.
    let hook: Hook = unsafe { core::mem::transmute::<*mut (), Hook>(ptr) };
    hook(&Event {
        nr,
        args,
        nargs,
        ret,
    });
    IN_HOOK.store(false, Ordering::Release);
}
