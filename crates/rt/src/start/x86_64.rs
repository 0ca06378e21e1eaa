//! `_start` for x86_64.

/// The ELF entry point.
///
/// On entry `rsp` points at argc and is 16-byte aligned (the ABI promises
/// it). We pass it to `entry` in `rdi`, the first argument register of the C
/// calling convention. `rbp` is zeroed so that debuggers and backtraces see
/// the outermost frame. The `call` pushes an 8-byte return address, leaving
/// `rsp` at 16n+8 inside `entry`, which is exactly what the calling
/// convention expects of a function's first instruction; the `and` makes
/// sure of the alignment before that. `entry` never returns; `ud2` (an
/// undefined instruction) would trap if it ever did.
#[unsafe(naked)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start() -> ! {
    core::arch::naked_asm!(
        "xor ebp, ebp",  // outermost frame: no saved frame pointer
        "mov rdi, rsp",  // argument 1 of entry: the initial stack pointer
        "and rsp, -16",  // keep the ABI's 16-byte alignment before `call`
        "call {entry}",  // never returns
        "ud2",
        entry = sym super::entry,
    )
}
