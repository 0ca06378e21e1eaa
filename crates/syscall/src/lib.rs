//! The system-call instruction itself, one architecture per file.
//!
//! Everything above this crate (mmap, munmap, msync, files, processes) ends
//! in one of the seven functions re-exported here: `syscall0` .. `syscall6`,
//! named after how many arguments they pass. Each takes the call's number and
//! its arguments as plain machine words (`usize`) and gives back either the
//! kernel's result word or the [`Errno`] it reported.
//!
//! Why machine words? At the instruction level there are no types: a pointer,
//! a length, a flag set and a file descriptor all travel in general-purpose
//! registers. The typed wrappers in the `mman` and `unistd` crates put the
//! types back.
//!
//! Open `src/arch/<your architecture>.rs` to see which instruction enters the
//! kernel, which register carries what, what the kernel may overwrite, and how
//! an error comes back. This is the only crate in the project that contains
//! syscall assembly.
#![no_std]
// Inline assembly for MIPS is not yet stable in Rust; the mips64el build
// already needs a nightly feature set (it builds `core` from source).
#![cfg_attr(target_arch = "mips64", feature(asm_experimental_arch))]

mod abi;
mod errno;
pub mod nr;
#[cfg(feature = "trace")]
pub mod trace;

#[cfg_attr(target_arch = "x86_64", path = "arch/x86_64.rs")]
#[cfg_attr(target_arch = "aarch64", path = "arch/aarch64.rs")]
#[cfg_attr(target_arch = "riscv64", path = "arch/riscv64.rs")]
#[cfg_attr(target_arch = "arm", path = "arch/arm.rs")]
#[cfg_attr(target_arch = "x86", path = "arch/x86.rs")]
#[cfg_attr(target_arch = "powerpc64", path = "arch/powerpc64.rs")]
#[cfg_attr(target_arch = "s390x", path = "arch/s390x.rs")]
#[cfg_attr(target_arch = "loongarch64", path = "arch/loongarch64.rs")]
#[cfg_attr(target_arch = "mips64", path = "arch/mips64.rs")]
mod arch;

#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "arm",
    target_arch = "x86",
    target_arch = "powerpc64",
    target_arch = "s390x",
    target_arch = "loongarch64",
    target_arch = "mips64"
)))]
compile_error!(
    "this architecture has no syscall file yet: add crates/syscall/src/arch/<arch>.rs \
     with its ABI table and syscall0..syscall6"
);

/// Every architecture's system-call file, whatever machine built this
/// documentation: one page each, with its ABI table and its annotated
/// `syscall0`..`syscall6` (a program compiles only its own target's file).
/// The page names are the course's architecture names.
#[cfg(doc)]
pub mod architectures {
    include!(concat!(env!("OUT_DIR"), "/architectures.rs"));
}

pub use abi::Abi;

pub use errno::Errno;

/// A C `int` argument (a file descriptor, a process id, `AT_FDCWD` = -100,
/// an exit code) as the register word the kernel reads: sign-extended to
/// the register's full width, so that -1 arrives as all ones, not as
/// 0xffff_ffff with the upper half of a 64-bit register zero. (Rust's `as`
/// from a signed integer to a wider unsigned one does sign-extend; the name
/// says why it must.)
#[inline(always)]
pub const fn int_arg(value: i32) -> usize {
    value as isize as usize
}

/// This architecture's register convention (see `src/arch/<arch>.rs`).
pub const ABI: Abi = arch::ABI;

/// The architecture these wrappers were built for, as the lessons print it.
pub const ARCH: &str = arch::ABI.arch;

// The public entry points: the architecture's instruction, then the trace
// hook. Generated, because the seven differ only in their argument count.
// The hook exists only with the `trace` feature (which the lessons' runtime
// and the tests turn on): without it a call is the bare instruction, which
// is what `cargo xtask bench` measures against rustix and libc.
macro_rules! entry_points {
    ($($name:ident($($arg:ident),*) = $n:literal;)*) => {$(
        #[doc = concat!("Makes system call `nr` with ", stringify!($n), " argument(s).")]
        ///
        /// # Safety
        /// The arguments must be what call `nr` expects: any pointer among
        /// them must be valid for what the kernel will read or write there,
        /// and the call's effects (unmapping memory, ending the process)
        /// must be acceptable to the caller.
        #[inline(always)]
        pub unsafe fn $name(nr: usize $(, $arg: usize)*) -> Result<usize, Errno> {
            // SAFETY: passed on from the caller.
            let ret = unsafe { arch::$name(nr $(, $arg)*) };
            #[cfg(feature = "trace")]
            if trace::is_on() {
                let mut args = [0usize; 6];
                let given: [usize; $n] = [$($arg),*];
                args[..$n].copy_from_slice(&given);
                trace::report(nr, args, $n, ret);
            }
            ret
        }
    )*};
}

entry_points! {
    syscall0() = 0;
    syscall1(a1) = 1;
    syscall2(a1, a2) = 2;
    syscall3(a1, a2, a3) = 3;
    syscall4(a1, a2, a3, a4) = 4;
    syscall5(a1, a2, a3, a4, a5) = 5;
    syscall6(a1, a2, a3, a4, a5, a6) = 6;
}
