//! Clocks: clock_gettime and nanosleep, for timing and pacing.

use linux_raw_sys::general as k;
use syscall::{Errno, nr};

/// Nanoseconds on the monotonic clock (`CLOCK_MONOTONIC`): it never jumps
/// when the wall clock is set, so differences are durations.
#[inline]
pub fn monotonic_ns() -> u64 {
    let mut ts = k::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: the kernel writes one timespec into `ts`.
    let _ = unsafe {
        syscall::syscall2(
            nr::CLOCK_GETTIME,
            k::CLOCK_MONOTONIC as usize,
            &mut ts as *mut k::timespec as usize,
        )
    };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// nanosleep(2): sleep for `ns` nanoseconds (less if a signal interrupts).
#[inline]
pub fn sleep_ns(ns: u64) -> Result<(), Errno> {
    let ts = k::timespec {
        tv_sec: (ns / 1_000_000_000) as _,
        tv_nsec: (ns % 1_000_000_000) as _,
    };
    // SAFETY: the kernel reads one timespec; no remainder is asked for.
    unsafe { syscall::syscall2(nr::NANOSLEEP, &ts as *const k::timespec as usize, 0) }.map(drop)
}
