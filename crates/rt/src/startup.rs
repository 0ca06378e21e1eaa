//! What the kernel hands a new program on its stack: arguments, environment
//! and the auxiliary vector.
//!
//! The auxiliary vector ("auxv") is how the kernel tells a program facts
//! about the machine and the process that no system call is needed for: the
//! page size (`AT_PAGESZ`), where the program headers are, the hardware
//! capabilities, 16 random bytes for stack canaries. libc's `getauxval` and
//! `sysconf(_SC_PAGESIZE)` read this same vector; here we read it ourselves.

use core::ffi::{CStr, c_char};
use core::sync::atomic::{AtomicUsize, Ordering};
use linux_raw_sys::auxvec::{AT_NULL, AT_PAGESZ};

// Written once by `record` before the lesson's code runs, read after. Atomics
// rather than `static mut` so that no unsafe is needed to read them; a lesson
// is single-threaded, so Relaxed ordering is enough.
static ARGC: AtomicUsize = AtomicUsize::new(0);
static ARGV: AtomicUsize = AtomicUsize::new(0);
static ENVP: AtomicUsize = AtomicUsize::new(0);
static AUXV: AtomicUsize = AtomicUsize::new(0);
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(0);

/// Reads the initial stack: argc, then argv, then envp, then auxv.
///
/// # Safety
/// `sp` must be the stack pointer the kernel gave `_start`.
pub(crate) unsafe fn record(sp: *const usize) {
    // SAFETY: the kernel's layout (see `start`): argc, argc argv pointers and
    // a NULL, envp pointers and a NULL, then (type, value) pairs up to
    // AT_NULL. Every read below stays inside that layout.
    unsafe {
        let argc = *sp;
        let argv = sp.add(1);
        let envp = argv.add(argc + 1); // skip argv and its NULL
        ENVP.store(envp as usize, Ordering::Relaxed);
        let mut p = envp;
        while *p != 0 {
            p = p.add(1); // skip envp
        }
        p = p.add(1); // skip envp's NULL: auxv starts here
        AUXV.store(p as usize, Ordering::Relaxed);
        loop {
            let (kind, value) = (*p, *p.add(1));
            if kind == AT_NULL as usize {
                break;
            }
            if kind == AT_PAGESZ as usize {
                PAGE_SIZE.store(value, Ordering::Relaxed);
            }
            p = p.add(2);
        }
        ARGC.store(argc, Ordering::Relaxed);
        ARGV.store(argv as usize, Ordering::Relaxed);
    }
}

/// The value of auxiliary-vector entry `kind` (an `AT_*` constant), or 0 if
/// the kernel supplied none: what libc's `getauxval` does, from the vector
/// recorded at start-up.
pub fn auxv(kind: usize) -> usize {
    let mut p = AUXV.load(Ordering::Relaxed) as *const usize;
    if p.is_null() {
        return 0;
    }
    loop {
        // SAFETY: the vector recorded by `record` is a list of (type, value)
        // pairs ending with AT_NULL, and stays on the initial stack, which
        // lives as long as the process.
        let (k, value) = unsafe { (*p, *p.add(1)) };
        if k == AT_NULL as usize {
            return 0;
        }
        if k == kind {
            return value;
        }
        // SAFETY: not yet at AT_NULL, so another pair follows.
        p = unsafe { p.add(2) };
    }
}

/// libc's `getauxval`, for code compiled to call it. On aarch64 the
/// compiler's runtime library does: its "outline atomics" ask
/// `getauxval(AT_HWCAP)` whether the CPU has the LSE atomic instructions.
/// (It asks from a constructor that only libc's start-up code would run, so
/// here the answer is never requested and the portable load-linked /
/// store-conditional sequences are used; the symbol must exist all the same.)
#[cfg(not(test))]
#[unsafe(no_mangle)]
pub extern "C" fn getauxval(kind: core::ffi::c_ulong) -> core::ffi::c_ulong {
    auxv(kind as usize) as core::ffi::c_ulong
}

/// The page size of the running kernel, from the auxiliary vector's
/// `AT_PAGESZ` entry (4096 on most machines, 16 KiB or 64 KiB on some).
///
/// Linux always supplies `AT_PAGESZ`; if it were missing the program could
/// not do page arithmetic correctly, so that is a panic, not a guess.
pub fn page_size() -> usize {
    match PAGE_SIZE.load(Ordering::Relaxed) {
        0 => panic!("the kernel supplied no AT_PAGESZ in the auxiliary vector"),
        size => size,
    }
}

/// Argument `i` (`arg(0)` is the program's name), if there is one.
pub fn arg(i: usize) -> Option<&'static CStr> {
    if i >= ARGC.load(Ordering::Relaxed) {
        return None;
    }
    let argv = ARGV.load(Ordering::Relaxed) as *const *const c_char;
    // SAFETY: i < argc, and the kernel's argv strings are NUL-terminated and
    // live, unchanged, for the life of the process.
    unsafe { Some(CStr::from_ptr(*argv.add(i))) }
}

/// All arguments, the program's name first.
pub fn args() -> impl Iterator<Item = &'static CStr> {
    (0..ARGC.load(Ordering::Relaxed)).filter_map(arg)
}

/// The value of environment variable `name`, if set.
pub fn env(name: &str) -> Option<&'static CStr> {
    let mut p = ENVP.load(Ordering::Relaxed) as *const *const c_char;
    if p.is_null() {
        return None;
    }
    loop {
        // SAFETY: envp is a NULL-terminated array of NUL-terminated
        // "NAME=value" strings that live as long as the process.
        let entry = unsafe { *p };
        if entry.is_null() {
            return None;
        }
        // SAFETY: as above.
        let entry = unsafe { CStr::from_ptr(entry) };
        let bytes = entry.to_bytes_with_nul();
        if bytes.len() > name.len()
            && bytes.starts_with(name.as_bytes())
            && bytes[name.len()] == b'='
        {
            return CStr::from_bytes_with_nul(&bytes[name.len() + 1..]).ok();
        }
        // SAFETY: not yet at the terminating NULL, so the next slot exists.
        p = unsafe { p.add(1) };
    }
}
