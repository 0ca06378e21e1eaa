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

/// True if /proc/cpuinfo names the `rixi` option as a whole word.
#[cfg(target_arch = "mips64")]
fn cpu_has_rixi() -> bool {
    use linux_raw_sys::general::{O_CLOEXEC, O_RDONLY};
    let Ok(fd) = unistd::open(c"/proc/cpuinfo", O_RDONLY | O_CLOEXEC, 0) else {
        return false;
    };
    // Words are compared as they stream past, so no line has to fit in a
    // buffer: `word` holds the current word's first bytes.
    let mut word = [0u8; 8];
    let mut len = 0;
    let mut chunk = [0u8; 512];
    loop {
        let n = match unistd::read(&fd, &mut chunk) {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        for &b in &chunk[..n] {
            if b.is_ascii_whitespace() {
                if &word[..len] == b"rixi" {
                    return true;
                }
                len = 0;
            } else if len < word.len() {
                word[len] = b;
                len += 1;
            } else {
                // Longer than any word we look for: make it unmatchable.
                len = word.len();
            }
        }
    }
}
