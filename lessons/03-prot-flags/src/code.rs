//! The smallest useful function in machine code: return 42.
//!
//! It follows the C calling convention, so Rust can call it as
//! `extern "C" fn() -> u32`: the result goes in the first integer return
//! register (`eax` on x86_64, `w0` on aarch64), and `ret` jumps back to the
//! return address (on the stack on x86_64, in register x30 on aarch64).

/// What the code returns.
pub const RETURNS: u32 = 42;

/// x86_64, 6 bytes.
#[cfg(target_arch = "x86_64")]
pub const RETURN_42: &[u8] = &[
    // mov eax, 42: opcode B8+r is "mov r32, imm32" and eax is register 0,
    // so B8; then the 32-bit immediate, little-endian: 2A 00 00 00.
    // (Writing eax also clears the top half of rax.)
    0xb8, 0x2a, 0x00, 0x00, 0x00, //
    // ret (near return): C3.
    0xc3,
];

/// aarch64, two 32-bit instructions, each stored little-endian.
#[cfg(target_arch = "aarch64")]
pub const RETURN_42: &[u8] = &[
    // mov w0, #42 is an alias of movz w0, #42: sf=0 (32-bit), opc=10, fixed
    // bits 100101, hw=00, imm16=42 at bits 5..20, Rd=0 at bits 0..4:
    // 0x52800000 | (42 << 5) | 0 = 0x52800540.
    0x40, 0x05, 0x80, 0x52, //
    // ret (to the address in x30): 0xd65f03c0.
    0xc0, 0x03, 0x5f, 0xd6,
];
