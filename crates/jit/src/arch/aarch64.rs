//! aarch64: clean the data cache, invalidate the instruction cache.
//!
//! On Arm the instruction cache is not coherent with data stores. Code just
//! written may still be only in the data cache, while the instruction cache
//! (or the pipeline) holds whatever was at that address before. The Arm
//! Architecture Reference Manual gives the sequence to run after writing
//! code and before executing it, for each cache line of the range:
//!
//! 1. `dc cvau, x`: clean the data-cache line holding address x to the
//!    *point of unification*, the level where instruction and data sides
//!    see the same memory (usually L2);
//! 2. `dsb ish`: wait until those cleans are complete, for every CPU in the
//!    inner-shareable domain (the thread may migrate to another core);
//! 3. `ic ivau, x`: invalidate the instruction-cache line holding x, so the
//!    next fetch reads the new bytes from the point of unification;
//! 4. `dsb ish`: wait until the invalidations are complete;
//! 5. `isb`: flush this core's pipeline, which may have prefetched old
//!    instructions.
//!
//! The line sizes come from the CTR_EL0 register, which Linux lets user
//! mode read: DminLine (bits 16..19) and IminLine (bits 0..3) are the log2
//! of the smallest line size in 4-byte words. CTR_EL0 also has IDC (bit 28)
//! and DIC (bit 29): when set, step 1 or step 3 is not needed on this CPU.
//! We run all five steps regardless; they are correct on every CPU.

use core::arch::asm;
use core::fmt;

/// Return 42: two 32-bit instructions, each stored little-endian. The
/// result goes in `w0`; `ret` branches to the address in `x30`.
pub const RETURN_42: &[u8] = &[
    // mov w0, #42 is an alias of movz w0, #42: sf=0 (32-bit), opc=10, fixed
    // bits 100101, hw=00, imm16=42 at bits 5..20, Rd=0 at bits 0..4:
    // 0x52800000 | (42 << 5) | 0 = 0x52800540.
    0x40, 0x05, 0x80, 0x52, //
    // ret (to the address in x30): 0xd65f03c0.
    0xc0, 0x03, 0x5f, 0xd6,
];

/// Reads CTR_EL0, the cache type register.
fn ctr_el0() -> u64 {
    let ctr: u64;
    // SAFETY: reading CTR_EL0 has no side effects; Linux sets SCTLR_EL1.UCT
    // so that user mode may read it (or emulates the read on CPUs with
    // errata).
    unsafe { asm!("mrs {0}, ctr_el0", out(reg) ctr, options(nomem, nostack, preserves_flags)) };
    ctr
}

/// The smallest data- and instruction-cache line, in bytes.
fn line_sizes(ctr: u64) -> (usize, usize) {
    let words = |log2: u64| 4usize << log2;
    (words((ctr >> 16) & 0xf), words(ctr & 0xf))
}

/// Makes the bytes in `start..start+len` safe to execute after they were
/// written with ordinary stores.
///
/// # Safety
/// The range must be mapped and readable (`dc cvau` and `ic ivau` are
/// checked like loads; on an unmapped address they fault).
pub unsafe fn sync_for_execution(start: *const u8, len: usize) {
    let (dline, iline) = line_sizes(ctr_el0());
    let end = start as usize + len;

    let mut line = start as usize & !(dline - 1);
    while line < end {
        // SAFETY: `line` lies in the caller's readable range (rounded down
        // to its cache line, which is in the same page). No `nomem` option:
        // the compiler must not move the code's stores past this.
        unsafe { asm!("dc cvau, {0}", in(reg) line, options(nostack, preserves_flags)) };
        line += dline;
    }
    // SAFETY: a barrier; it changes no register or memory.
    unsafe { asm!("dsb ish", options(nostack, preserves_flags)) };

    let mut line = start as usize & !(iline - 1);
    while line < end {
        // SAFETY: as for `dc cvau` above.
        unsafe { asm!("ic ivau, {0}", in(reg) line, options(nostack, preserves_flags)) };
        line += iline;
    }
    // SAFETY: barriers; they change no register or memory.
    unsafe { asm!("dsb ish", "isb", options(nostack, preserves_flags)) };
}

/// What CTR_EL0 says about this CPU, for the lesson to print.
pub fn describe() -> impl fmt::Display {
    Ctr(ctr_el0())
}

struct Ctr(u64);

impl fmt::Display for Ctr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (dline, iline) = line_sizes(self.0);
        write!(
            f,
            "CTR_EL0 = {:#x}: data-cache line {dline} bytes, instruction-cache line {iline} \
             bytes, IDC = {}, DIC = {}; running dc cvau / dsb ish / ic ivau / dsb ish / isb \
             over the code",
            self.0,
            (self.0 >> 28) & 1,
            (self.0 >> 29) & 1
        )
    }
}
