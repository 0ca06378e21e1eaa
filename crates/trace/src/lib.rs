//! A finished system call written out as strace writes it:
//!
//! ```text
//! mmap(NULL, 40, PROT_READ|PROT_WRITE, MAP_SHARED, 3, 0) = 0x7f3a2c1d5000
//! ```
//!
//! and, on request, the registers that carried it on this architecture:
//!
//! ```text
//! rax=9 rdi=0 rsi=0x28 rdx=0x3 r10=0x1 r8=0x3 r9=0 -> rax=0x7f3a2c1d5000
//! ```
//!
//! Only formatting lives here (into any `core::fmt::Write`); the lessons'
//! runtime (`rt`) installs the hook that prints it, and the test suite
//! checks the text.
#![no_std]

mod decode;

use core::fmt::{self, Write};
use syscall::trace::Event;

/// Writes `name(args...) = result` for `event`, without a newline.
///
/// # Safety
/// The pointers among `event`'s arguments must still be valid: a path
/// (a NUL-terminated string) and, on s390x, the six-word block an mmap
/// call points at. That holds inside the system-call hook, which runs
/// before the call returns to its caller, and for an event made by hand
/// whose pointers are alive.
pub unsafe fn write_call(out: &mut impl Write, event: &Event) -> fmt::Result {
    // SAFETY: our caller's guarantee is `call`'s.
    unsafe { decode::call(out, event) }?;
    match event.ret {
        Ok(value) if decode::returns_address(event.nr) => write!(out, " = {value:#x}"),
        Ok(value) => write!(out, " = {value}"),
        Err(e) => write!(out, " = -1 {e}"),
    }
}

/// Writes the registers that carried `event` on this architecture, from
/// the `syscall` crate's ABI table: `rax=9 rdi=0 ... -> rax=0x7f..`.
pub fn write_registers(out: &mut impl Write, event: &Event) -> fmt::Result {
    let abi = syscall::ABI;
    write!(out, "{}={}", abi.number, event.nr)?;
    for (reg, value) in abi.args.iter().zip(event.args).take(event.nargs) {
        write!(out, " {reg}={value:#x}")?;
    }
    // What the register really held: an error travels as -errno.
    let raw = match event.ret {
        Ok(value) => value,
        Err(e) => (e.raw() as usize).wrapping_neg(),
    };
    write!(out, " -> {}={raw:#x}", abi.result)
}
