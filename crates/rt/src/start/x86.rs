//! `_start` for 32-bit x86 (i686).

/// The ELF entry point.
///
/// On entry `esp` points at argc. The i386 C convention passes arguments on
/// the stack, not in registers, so the initial stack pointer is copied to
/// `eax` and pushed as `entry`'s one argument. Before that the stack is
/// aligned so that, after the push and the `call`'s return address, `entry`
/// starts with `esp + 4` a multiple of 16, as the System V i386 ABI requires
/// (SSE code relies on it). `ebp` is zeroed so backtraces stop here; `ud2`
/// traps if `entry` ever returned.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        "xor ebp, ebp",   // outermost frame
        "mov eax, esp",   // the initial stack pointer
        "and esp, -16",   // align ...
        "sub esp, 12",    // ... so that after the push below esp is 16n
        "push eax",       // argument 1 of entry, on the stack
        "call {entry}",   // never returns
        "ud2",
        entry = sym super::entry,
    )
}
