//! `wrapper-cost WRAPPER N`: N pairs of mmap(one anonymous page) + munmap
//! through one wrapper library, for callgrind to count.
//!
//! `WRAPPER` is `ours` (the `mman` crate), `rustix` or `libc`. Each has its
//! own loop function with an unmangled name (`wrapper_cost_loop_ours`, ...)
//! so that `valgrind --tool=callgrind --toggle-collect=wrapper_cost_loop_ours`
//! counts the instructions executed inside that loop and nothing else:
//! not the process start, not argument parsing, not printing.
//!
//! The three loops are written the same way (same arguments, same error
//! check, same use of the result) so that the only difference between them
//! is the library call. Callgrind counts user-space instructions only: the
//! kernel's work for mmap and munmap, identical for all three, is invisible
//! to it, which is what we want when comparing wrappers.
//!
//! The counts are deterministic (callgrind simulates the CPU; nothing
//! depends on timing), so one run per N is enough. `cargo xtask bench` runs
//! two N and divides the difference by the difference in N, which cancels
//! whatever the loop function costs once (entry, exit, a first-call PLT
//! lookup for libc).

use std::hint::black_box;
use std::process::ExitCode;

/// Any failure ends the process: the loop must not go on quietly and count
/// something else. Kept out of line so it does not sit inside the loops.
#[cold]
#[inline(never)]
fn failed(what: &str) -> ! {
    eprintln!("wrapper-cost: {what} failed");
    std::process::abort()
}

/// N pairs through our `mman` crate.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn wrapper_cost_loop_ours(n: u64, len: usize) -> usize {
    use mman::{MapFlags, Prot};
    let mut seen = 0usize;
    for _ in 0..n {
        // SAFETY: no address hint and no MAP_FIXED: the kernel picks free
        // address space, touching nothing that exists.
        let ptr = unsafe {
            mman::mmap(
                core::ptr::null_mut(),
                black_box(len),
                Prot::READ | Prot::WRITE,
                MapFlags::PRIVATE | MapFlags::ANONYMOUS,
                -1,
                0,
            )
        }
        .unwrap_or_else(|_| failed("mman::mmap"));
        seen ^= ptr as usize;
        // SAFETY: the page was mapped just above and nothing refers to it.
        if unsafe { mman::munmap(ptr, len) }.is_err() {
            failed("mman::munmap");
        }
    }
    seen
}

/// N pairs through rustix (its raw-syscall backend, like ours).
#[unsafe(no_mangle)]
#[inline(never)]
pub fn wrapper_cost_loop_rustix(n: u64, len: usize) -> usize {
    use rustix::mm::{MapFlags, ProtFlags};
    let mut seen = 0usize;
    for _ in 0..n {
        // SAFETY: as in the `ours` loop: no hint, no MAP_FIXED.
        let ptr = unsafe {
            rustix::mm::mmap_anonymous(
                core::ptr::null_mut(),
                black_box(len),
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE,
            )
        }
        .unwrap_or_else(|_| failed("rustix::mm::mmap_anonymous"));
        seen ^= ptr as usize;
        // SAFETY: the page was mapped just above and nothing refers to it.
        if unsafe { rustix::mm::munmap(ptr, len) }.is_err() {
            failed("rustix::mm::munmap");
        }
    }
    seen
}

/// N pairs through the C library's mmap and munmap (a call through the PLT
/// into glibc, which sets `errno` on failure).
#[unsafe(no_mangle)]
#[inline(never)]
pub fn wrapper_cost_loop_libc(n: u64, len: usize) -> usize {
    let mut seen = 0usize;
    for _ in 0..n {
        // SAFETY: as in the `ours` loop: no hint, no MAP_FIXED.
        let ptr = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                black_box(len),
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            failed("libc::mmap");
        }
        seen ^= ptr as usize;
        // SAFETY: the page was mapped just above and nothing refers to it.
        if unsafe { libc::munmap(ptr, len) } != 0 {
            failed("libc::munmap");
        }
    }
    seen
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (wrapper, n) = match args.as_slice() {
        [wrapper, n] => match n.parse::<u64>() {
            Ok(n) => (wrapper.as_str(), n),
            Err(_) => return usage(),
        },
        _ => return usage(),
    };
    let n = black_box(n);
    // One page of the running kernel, from AT_PAGESZ (rustix reads it).
    let page = black_box(rustix::param::page_size());
    let seen = match wrapper {
        "ours" => wrapper_cost_loop_ours(n, page),
        "rustix" => wrapper_cost_loop_rustix(n, page),
        "libc" => wrapper_cost_loop_libc(n, page),
        _ => return usage(),
    };
    // Printing the XOR of the addresses keeps the results alive.
    println!("wrapper-cost: {wrapper}: {n} mmap+munmap pairs (address xor {seen:#x})");
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: wrapper-cost ours|rustix|libc N");
    ExitCode::from(2)
}
