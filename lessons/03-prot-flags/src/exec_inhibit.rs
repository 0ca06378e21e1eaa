//! Can this CPU refuse to run code from a readable page?
//!
//! PROT_EXEC is only as strong as the page-table format under it. x86_64
//! has the NX bit, aarch64 UXN, and so on: without PROT_EXEC the MMU refuses
//! the instruction fetch and the kernel turns that into SIGSEGV. Classic
//! MIPS has no such bit. Only CPUs with the RIXI extension (read-inhibit,
//! execute-inhibit) can mark a page "not executable"; on the others the
//! kernel still records the rights in the mapping (/proc/self/maps shows
//! `rw-p`, no `x`), but every readable page can be executed. The kernel lists `rixi` among the
//! CPU's options in /proc/cpuinfo when the CPU has it.
//!
//! QEMU user mode differs again: it translates guest code itself and
//! checks PROT_EXEC in its own page table, so under `qemu-mips64el` a jump
//! into a page without PROT_EXEC raises SIGSEGV whatever the emulated CPU.

/// Whether a jump into a readable page without PROT_EXEC faults, and why.
pub enum ExecInhibit {
    /// It faults; the reason names the mechanism.
    Enforced(&'static str),
    /// It runs; the reason says why nothing stops it.
    #[cfg_attr(
        not(target_arch = "mips64"),
        expect(dead_code, reason = "only MIPS CPUs without RIXI lack the bit")
    )]
    Absent(&'static str),
}

#[cfg(not(target_arch = "mips64"))]
pub fn exec_inhibit() -> ExecInhibit {
    ExecInhibit::Enforced("without PROT_EXEC the CPU refused to fetch instructions from it")
}

#[cfg(target_arch = "mips64")]
pub fn exec_inhibit() -> ExecInhibit {
    if rt::emulator::emulator().is_some() {
        return ExecInhibit::Enforced(
            "QEMU translates the code itself, checks PROT_EXEC in its own page table, and \
             refused",
        );
    }
    if cpu_has_rixi() {
        ExecInhibit::Enforced(
            "this MIPS CPU has RIXI, and its execute-inhibit bit refused the fetch",
        )
    } else {
        ExecInhibit::Absent(
            "this MIPS CPU has no RIXI (no `rixi` in /proc/cpuinfo), so its page tables \
             cannot forbid execution: every readable page runs",
        )
    }
}

/// True if /proc/cpuinfo names the `rixi` option as a whole word (on the
/// `Options implemented` line, which is a few hundred bytes long).
#[cfg(target_arch = "mips64")]
fn cpu_has_rixi() -> bool {
    let mut found = false;
    rt::for_each_line_in::<1024>(c"/proc/cpuinfo", |line| {
        found = line
            .split(|b| b.is_ascii_whitespace())
            .any(|word| word == b"rixi");
        !found
    });
    found
}
