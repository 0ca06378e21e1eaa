//! How mmap's six arguments travel to the kernel, in both directions:
//! packed into the words the kernel reads ([`pack`], used by `calls.rs`),
//! and read back out of what a system-call hook saw ([`unpack`],
//! [`offset_bytes`], used by the `trace` crate to show what the kernel got).
//! One module, so the two directions cannot drift apart.
//!
//! | architectures | call | the six words | the offset word |
//! |---|---|---|---|
//! | x86_64, aarch64, riscv64, powerpc64le, loongarch64, mips64el | `mmap` | six registers | bytes |
//! | s390x | `mmap` (the old form) | one register, pointing at the six words in memory | bytes |
//! | i686, armv7 | `mmap2` | six registers | 4096-byte units, whatever the page size |
//!
//! mmap2's unit arithmetic is written as plain functions compiled on every
//! target ([`mmap2_units`], [`mmap2_offset_bytes`]), so that a 64-bit host's
//! tests check it too, not only the 32-bit builds that use it.

use syscall::Errno;

/// The unit of mmap2's offset argument on the 32-bit systems this project
/// supports (arm, i686): 4096 bytes, fixed by the system-call ABI, whatever
/// the page size of the running kernel. It is not the page size.
pub const MMAP2_OFFSET_UNIT: u64 = 4096;

/// mmap2's offset word for a byte `offset`: the count of 4096-byte units,
/// which must fit the 32-bit register (so a file can be reached up to
/// 16 TiB). An offset mmap2 cannot express (negative, not a multiple of
/// 4096, or too far) is `EINVAL`, the error a 64-bit kernel gives for an
/// unaligned offset, returned before any call.
pub fn mmap2_units(offset: i64) -> Result<u32, Errno> {
    let offset = u64::try_from(offset).map_err(|_| Errno::EINVAL)?;
    if offset % MMAP2_OFFSET_UNIT != 0 {
        return Err(Errno::EINVAL);
    }
    u32::try_from(offset / MMAP2_OFFSET_UNIT).map_err(|_| Errno::EINVAL)
}

/// The byte offset an mmap2 offset word of `units` stands for.
pub fn mmap2_offset_bytes(units: u32) -> u64 {
    u64::from(units) * MMAP2_OFFSET_UNIT
}

/// The six words the kernel reads for `mmap(addr, len, prot, flags, fd,
/// offset)` on this architecture, in order. The descriptor is sign-extended
/// (`syscall::int_arg`): -1 must arrive as -1.
pub fn pack(
    addr: usize,
    len: usize,
    prot: u32,
    flags: u32,
    fd: i32,
    offset: i64,
) -> Result<[usize; 6], Errno> {
    let offset_word = if cfg!(target_pointer_width = "32") {
        mmap2_units(offset)? as usize
    } else {
        offset as usize
    };
    Ok([
        addr,
        len,
        prot as usize,
        flags as usize,
        syscall::int_arg(fd),
        offset_word,
    ])
}

/// The six words of an mmap call, from the argument registers `args` a
/// system-call hook saw (`nargs` of them used): the registers themselves,
/// or on s390x the block the one register points at.
///
/// # Safety
/// On s390x, when `nargs` is 1, `args[0]` must point at the six-word block
/// of an mmap call still in progress (a hook runs inside the call, while
/// [`pack`]'s block is alive).
pub unsafe fn unpack(nargs: usize, args: &[usize; 6]) -> [usize; 6] {
    #[cfg(target_arch = "s390x")]
    if nargs == 1 && args[0] != 0 {
        // SAFETY: the caller guarantees the block is alive; `pack`'s caller
        // exposed its address (`expose_provenance`) when passing it.
        return unsafe { *core::ptr::with_exposed_provenance::<[usize; 6]>(args[0]) };
    }
    let _ = nargs;
    *args
}

/// The byte offset the offset word stands for: the word itself, or on
/// 32-bit systems mmap2's count of 4096-byte units (strace, too, shows the
/// bytes).
pub fn offset_bytes(word: usize) -> u64 {
    if cfg!(target_pointer_width = "32") {
        mmap2_offset_bytes(word as u32)
    } else {
        word as u64
    }
}
