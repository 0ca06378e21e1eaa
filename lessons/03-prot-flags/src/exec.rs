//! Part 4: PROT_EXEC, and mprotect changing a page's rights in place.
//!
//! A JIT compiler's life in four steps: get a writable page, write machine
//! code into it, make it executable (and, to keep W^X, no longer writable),
//! call it. Along the way:
//!
//! - the page's address never changes: mprotect rewrites the rights of the
//!   pages where they are, and /proc/self/maps shows the same line going from
//!   `rw-p` to `r--p` to `r-xp`;
//! - jumping into the page before it has PROT_EXEC raises SIGSEGV: on x86_64
//!   the page-table entry has NX set, on aarch64 UXN (user execute-never),
//!   and the MMU refuses the instruction fetch. Where the page-table format
//!   has no such bit (MIPS without RIXI), the code runs: see
//!   `exec_inhibit.rs`.

use core::fmt::Write;
use linux_raw_sys::general::SIGSEGV;
use mman::{Mapping, Prot};
use rt::{Claims, claim, or_exit, println};
use unistd::WaitStatus;

use crate::exec_inhibit::{ExecInhibit, exec_inhibit};
use jit::{RETURN_42, RETURNS};

/// Calls the code at `p` as a C function taking nothing and returning u32.
///
/// # Safety
/// `p` must point at machine code for this CPU that behaves as such a
/// function (here: [`RETURN_42`]). If its page is not executable, the call
/// raises SIGSEGV, which is why the lesson makes that call in a child.
unsafe fn call(p: *const u8) -> u32 {
    // SAFETY: a function pointer is an address, and `extern "C" fn() -> u32`
    // has the same size as `*const u8`. The caller guarantees that the bytes
    // at `p` are a complete function with exactly this C signature: it takes
    // no arguments, sets only the return register and returns.
    let f = unsafe { core::mem::transmute::<*const u8, extern "C" fn() -> u32>(p) };
    f()
}

/// The bytes of `code` as hex, for printing.
struct Hex<'a>(&'a [u8]);

impl core::fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

pub fn show(page: usize, claims: &mut Claims) {
    let map = or_exit(
        Mapping::anonymous(page, Prot::READ | Prot::WRITE),
        "mmap PROT_READ|PROT_WRITE",
    );
    let addr = map.addr();
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {addr:#x}"
    );
    map.write_from(0, RETURN_42);
    println!(
        "copied {} bytes of {} machine code into it: {} (\"return {RETURNS}\")",
        RETURN_42.len(),
        syscall::ARCH,
        Hex(RETURN_42)
    );
    println!("{}", jit::describe());
    // SAFETY: the range is mapped and readable (PROT_READ|PROT_WRITE).
    unsafe { jit::sync_for_execution(map.as_ptr(), RETURN_42.len()) };

    let perms = crate::maps::show(addr);
    claim!(
        claims,
        perms == Some(*b"rw-p"),
        "before: {} at {addr:#x}: readable and writable, not executable",
        crate::maps::text(&perms)
    );
    // Asked once: on MIPS the answer comes from reading /proc/cpuinfo.
    let inhibit = exec_inhibit();
    let cpu_loops = cpu_never_delivers_the_fault();
    try_exec_refused(claims, &inhibit, cpu_loops, &map, "rw-");

    or_exit(map.protect(Prot::READ), "mprotect PROT_READ");
    println!("mprotect({addr:#x}, {page}, PROT_READ) = 0");
    let perms = crate::maps::show(addr);
    claim!(
        claims,
        perms == Some(*b"r--p"),
        "the same page, same address {addr:#x}, is now {}: mprotect changed the rights in place",
        crate::maps::text(&perms)
    );
    try_exec_refused(claims, &inhibit, cpu_loops, &map, "r--");

    or_exit(
        map.protect(Prot::READ | Prot::EXEC),
        "mprotect PROT_READ|PROT_EXEC",
    );
    println!("mprotect({addr:#x}, {page}, PROT_READ|PROT_EXEC) = 0");
    let perms = crate::maps::show(addr);
    claim!(
        claims,
        perms == Some(*b"r-xp"),
        "the same page, same address {addr:#x}, is now {}",
        crate::maps::text(&perms)
    );
    // SAFETY: the page holds RETURN_42, made visible to instruction fetch
    // above, and is now executable.
    let got = unsafe { call(map.as_ptr()) };
    claim!(
        claims,
        got == RETURNS,
        "calling it (as extern \"C\" fn() -> u32) returns {got}: the bytes we wrote ran as code"
    );
    let status = run_code_in_child(&map);
    claim!(
        claims,
        status == WaitStatus::Exited(RETURNS as i32),
        "the same call in a child: {status}, the code's return value"
    );
}

/// Calls the code on a page without PROT_EXEC in a child and claims the
/// outcome, unless this machine's CPU would never deliver the fault.
fn try_exec_refused(
    claims: &mut Claims,
    inhibit: &ExecInhibit,
    cpu_loops: Option<&str>,
    map: &Mapping,
    perms: &str,
) {
    if let Some(why) = cpu_loops {
        claims.not_tried(format_args!(
            "calling the code on the {perms} page, in a child: {why}"
        ));
        return;
    }
    let status = run_code_in_child(map);
    claim_exec_refused(claims, inhibit, perms, status);
}

/// Why this machine's CPU never delivers the fault of a jump into a page
/// without PROT_EXEC, if it does not: QEMU's system emulation of LoongArch
/// (qemu-system-loongarch64; seen with 10.0.2, and QEMU's current source
/// has the same code). Its
/// exception entry fills the BADI register (the faulting instruction) by
/// fetching the instruction at the faulting address, from the same page;
/// that fetch faults again, and the emulated CPU re-enters the exception
/// forever without running a kernel instruction (QEMU's
/// target/loongarch/tcg/tcg_cpu.c, `loongarch_cpu_do_interrupt`:
/// `update_badinstr` stays set for EXCCODE_PNX). The kernel would answer
/// SIGSEGV: the fault address is the instruction's own and the mapping
/// lacks VM_EXEC (arch/loongarch/mm/fault.c, `__do_page_fault`). QEMU user
/// mode checks the page's rights itself and answers SIGSEGV too.
fn cpu_never_delivers_the_fault() -> Option<&'static str> {
    let machine = rt::emulator::machine().map(|name| name.to_bytes());
    let on_qemu_system = machine == Some(b"qemu-system-loongarch64".as_slice());
    (cfg!(target_arch = "loongarch64") && on_qemu_system).then_some(
        "this CPU is qemu-system-loongarch64's, whose exception entry re-reads the faulting \
         instruction from the same page, faults again and never reaches the kernel; \
         the kernel's answer, SIGSEGV, shows under QEMU user mode: \
         cargo xtask lesson 3 --arch loongarch64",
    )
}

/// The claim about a call into a page without PROT_EXEC: SIGSEGV where the
/// CPU can refuse (nearly everywhere), the code's return value where it
/// cannot (MIPS without RIXI on a real kernel).
fn claim_exec_refused(claims: &mut Claims, inhibit: &ExecInhibit, perms: &str, status: WaitStatus) {
    match *inhibit {
        ExecInhibit::Enforced(why) => {
            claim!(
                claims,
                status.signal() == Some(SIGSEGV),
                "calling the code on the {perms} page, in a child: {status}: {why}"
            );
        }
        ExecInhibit::Absent(why) => {
            claim!(
                claims,
                status == WaitStatus::Exited(RETURNS as i32),
                "calling the code on the {perms} page, in a child: {status}: the mapping has \
                 no PROT_EXEC, but {why}"
            );
        }
    }
}

/// Forks a child that calls the code in `map` and exits with its result.
fn run_code_in_child(map: &Mapping) -> WaitStatus {
    let p = map.as_ptr();
    // SAFETY: the child only jumps into the page (a fault ends it cleanly)
    // and exits with what the code returned.
    or_exit(unsafe { unistd::run_in_child(|| call(p) as i32) }, "fork")
}
