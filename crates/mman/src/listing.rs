//! What /proc/self/maps lists for a mapping made with PROT_WRITE alone,
//! which depends on who answers: the lesson and the tests both state it,
//! so the answer, and the kernel source behind it, is written once, here.
//!
//! /proc/self/maps prints a mapping's `vm_flags`, which mmap computes from
//! `prot` with `calc_vm_prot_bits` (include/linux/mman.h). That function
//! copies PROT_READ, PROT_WRITE and PROT_EXEC one for one, then adds
//! `arch_calc_vm_prot_bits`. Mainline Linux 7.0 changed this for RISC-V,
//! with user-space control-flow integrity: a RISC-V page-table entry that
//! is writable but not readable now means a shadow-stack page, so an
//! ordinary PROT_WRITE request is made readable too, twice over: RISC-V's
//! mmap entry point adds PROT_READ (`riscv_sys_mmap`,
//! arch/riscv/kernel/sys_riscv.c), and its `arch_calc_vm_prot_bits`
//! (arch/riscv/include/asm/mman.h) turns PROT_WRITE into VM_READ|VM_WRITE,
//! for mprotect as well. Such a mapping is listed `rw-p`. Everywhere else,
//! and on RISC-V from 6.1 to 6.x, it is listed `-w-p`, whatever the page
//! tables can hold (x86 makes the page readable anyway; the listing still
//! says what was asked). Older RISC-V kernels refused PROT_WRITE alone with
//! EINVAL, until "riscv: Allow PROT_WRITE-only mmap()" (2022, in 6.1 and
//! backported); no kernel this course boots is one of them. A vendor kernel
//! may differ from mainline either way: the release number is a rule for
//! mainline kernels, which Debian's are.

/// Who answers the program's system calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answerer {
    /// A Linux kernel of this release (major, minor).
    Kernel(u32, u32),
    /// QEMU user mode, which keeps its own record of a mapping's rights
    /// and prints /proc/self/maps from it: the rights asked for.
    QemuUser,
}

/// The expected permission field, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listing {
    /// The four characters of the permission field.
    pub perms: &'static str,
    /// The reason, for a claim's message.
    pub why: &'static str,
}

/// The first mainline Linux release whose RISC-V mmap turns PROT_WRITE
/// into VM_READ|VM_WRITE.
pub const RISCV_WRITE_IMPLIES_READ: (u32, u32) = (7, 0);

/// What /proc/self/maps lists for a private PROT_WRITE-only mapping made by
/// this program's architecture, answered by `answerer`.
pub fn write_only_listing(answerer: Answerer) -> Listing {
    write_only_listing_on(cfg!(target_arch = "riscv64"), answerer)
}

/// [`write_only_listing`] for a RISC-V program (`riscv`) or another, so
/// that both rules are checked on any host.
pub fn write_only_listing_on(riscv: bool, answerer: Answerer) -> Listing {
    let riscv_adds_read = match answerer {
        Answerer::Kernel(major, minor) => riscv && (major, minor) >= RISCV_WRITE_IMPLIES_READ,
        Answerer::QemuUser => false,
    };
    if riscv_adds_read {
        Listing {
            perms: "rw-p",
            why: "Linux 7.0 and later on RISC-V make PROT_WRITE readable too \
                  (riscv_sys_mmap, arch_calc_vm_prot_bits): a writable, unreadable \
                  page-table entry now marks a shadow-stack page (before 7.0: -w-p)",
        }
    } else if answerer == Answerer::QemuUser {
        Listing {
            perms: "-w-p",
            why: "QEMU user mode records exactly the rights asked for",
        }
    } else {
        Listing {
            perms: "-w-p",
            why: "the kernel records exactly the rights asked for",
        }
    }
}

/// The (major, minor) of a kernel release string such as
/// `7.2.13+deb14-riscv64` or `6.1.0-40-arm64`.
pub fn release_version(release: &[u8]) -> Option<(u32, u32)> {
    let mut numbers = release.split(|&b| !b.is_ascii_digit());
    let major = number(numbers.next()?)?;
    let minor = number(numbers.next()?)?;
    // The separator after the major must be a dot, not "7-" or "7+".
    let dot = release.iter().position(|&b| !b.is_ascii_digit())?;
    (release[dot] == b'.').then_some((major, minor))
}

/// A run of decimal digits as a number.
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &d| {
        n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_strings_give_major_and_minor() {
        assert_eq!(release_version(b"7.2.13+deb14-riscv64"), Some((7, 2)));
        assert_eq!(release_version(b"6.1.0-40-arm64"), Some((6, 1)));
        assert_eq!(release_version(b"6.18.44-fc-v657"), Some((6, 18)));
        assert_eq!(release_version(b"7"), None);
        assert_eq!(release_version(b"x7.2"), None);
    }

    #[test]
    fn only_risc_v_from_7_0_lists_write_only_as_read_write() {
        for riscv in [false, true] {
            let perms = |answerer| write_only_listing_on(riscv, answerer).perms;
            assert_eq!(perms(Answerer::Kernel(6, 12)), "-w-p");
            let from_7_0 = if riscv { "rw-p" } else { "-w-p" };
            assert_eq!(perms(Answerer::Kernel(7, 0)), from_7_0);
            assert_eq!(perms(Answerer::Kernel(7, 2)), from_7_0);
            assert_eq!(perms(Answerer::QemuUser), "-w-p");
        }
    }

    #[test]
    fn the_reason_names_who_answered() {
        for riscv in [false, true] {
            let why = |answerer| write_only_listing_on(riscv, answerer).why;
            assert!(why(Answerer::QemuUser).contains("QEMU"));
            assert!(why(Answerer::Kernel(6, 1)).contains("kernel"));
            assert!(!why(Answerer::Kernel(6, 1)).contains("QEMU"));
        }
        assert!(
            write_only_listing_on(true, Answerer::Kernel(7, 0))
                .why
                .contains("RISC-V")
        );
    }
}
