//! uname(2): which kernel answers, and for which machine.

use syscall::{Errno, nr};

/// `__NEW_UTS_LEN + 1`: each field's size, its NUL included.
const FIELD: usize = 65;

/// The kernel's `struct new_utsname`: six NUL-terminated fields (sysname,
/// nodename, release, version, machine, domainname). linux-raw-sys defines
/// it only in a module this project does not build.
pub struct Utsname([[u8; FIELD]; 6]);

impl Utsname {
    /// `Linux`.
    pub fn sysname(&self) -> &[u8] {
        up_to_nul(&self.0[0])
    }

    /// The release, as `uname -r` shows it (`7.2.13+deb14-arm64`).
    pub fn release(&self) -> &[u8] {
        up_to_nul(&self.0[2])
    }

    /// The machine, as `uname -m` shows it (`aarch64`, `x86_64`).
    pub fn machine(&self) -> &[u8] {
        up_to_nul(&self.0[4])
    }
}

/// A field up to its NUL.
fn up_to_nul(field: &[u8]) -> &[u8] {
    field.split(|&b| b == 0).next().unwrap_or(field)
}

/// uname(2).
pub fn uname() -> Result<Utsname, Errno> {
    let mut uts = Utsname([[0; FIELD]; 6]);
    // SAFETY: the kernel writes one `struct new_utsname` (390 bytes) at the
    // pointer; `uts` is exactly that size and lives across the call.
    unsafe { syscall::syscall1(nr::UNAME, uts.0.as_mut_ptr() as usize) }?;
    Ok(uts)
}

/// True when a 64-bit kernel answers this program: always for a 64-bit
/// program; for a 32-bit one, under QEMU user mode (`emulated`, on the
/// 64-bit hosts `cargo xtask` supports) or on a kernel whose machine ends
/// in `64` (i686 on x86_64, armv7 on aarch64, through the compat layer).
/// Such a kernel adds addresses in 64 bits, so a 32-bit range does not
/// wrap there.
pub fn kernel_is_64bit(emulated: bool) -> bool {
    let uts = uname();
    // A kernel that refused uname is taken for a 32-bit one.
    let machine = uts.as_ref().map_or(&b""[..], Utsname::machine);
    answered_in_64_bits(cfg!(target_pointer_width = "64"), emulated, machine)
}

/// [`kernel_is_64bit`]'s rule, apart from where its inputs come from, so
/// that a 64-bit host's tests check the 32-bit cases too.
fn answered_in_64_bits(program_is_64bit: bool, emulated: bool, machine: &[u8]) -> bool {
    program_is_64bit || emulated || machine.ends_with(b"64")
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn fields_end_at_their_nul() {
        assert_eq!(up_to_nul(b"x86_64\0\0junk"), b"x86_64");
        assert_eq!(up_to_nul(b"no nul"), b"no nul");
    }

    #[test]
    fn a_32bit_program_is_answered_in_64_bits_by_a_64bit_kernel_or_qemu() {
        assert!(answered_in_64_bits(true, false, b"x86_64"));
        assert!(answered_in_64_bits(true, false, b""), "a 64-bit program");
        assert!(
            answered_in_64_bits(false, false, b"x86_64"),
            "i686 on x86_64"
        );
        assert!(
            answered_in_64_bits(false, false, b"aarch64"),
            "armv7 on arm64"
        );
        assert!(
            answered_in_64_bits(false, true, b"armv7l"),
            "under QEMU user mode"
        );
        assert!(
            !answered_in_64_bits(false, false, b"armv7l"),
            "a 32-bit kernel"
        );
        assert!(!answered_in_64_bits(false, false, b"i686"));
    }
}
