//! The table: one row per architecture, holding everything xtask knows
//! about it — its test and lesson triples, how the tests link, its QEMU
//! user-mode emulator, and (`vm`) the machine `--vm` boots, with its
//! emulator package, kernel packages and firmware. Adding an architecture
//! is one row here, plus its asm files (`crates/syscall/src/arch/`,
//! `crates/rt/src/start/`, `crates/jit/src/arch/`).
//!
//! [`Arch::spec`] (below) picks the row with a `match`, so no order has
//! to be kept in step with the enum; it is defined here, beside the rows,
//! so that `arch.rs` (the types) does not import this file, which imports
//! them. Triples were chosen by what
//! rustup can supply here: it has `-musl` standard libraries for x86_64,
//! aarch64 and i686 only, `-gnu` ones for riscv64, armv7, powerpc64le and
//! s390x, and none for loongarch64 or mips64el.

use super::{Arch, CoreLibrary, CrossGcc, Spec, TestSuite};
use crate::tables::machine::{Firmware, KernelSource, Machine, Suite, VmTests};

impl Arch {
    /// This architecture's row of the table.
    pub fn spec(self) -> &'static Spec {
        match self {
            Arch::X86_64 => &X86_64,
            Arch::Aarch64 => &AARCH64,
            Arch::Riscv64 => &RISCV64,
            Arch::Armv7 => &ARMV7,
            Arch::I686 => &I686,
            Arch::Powerpc64le => &POWERPC64LE,
            Arch::S390x => &S390X,
            Arch::Loongarch64 => &LOONGARCH64,
            Arch::Mips64el => &MIPS64EL,
        }
    }
}

/// A Debian cross C toolchain, for the rows that need one.
const fn cross(
    gcc: &'static str,
    package: &'static str,
    libc_package: &'static str,
    sysroot: &'static str,
) -> Option<CrossGcc> {
    Some(CrossGcc {
        gcc,
        package,
        libc_package,
        sysroot,
    })
}

/// Debian's kernel from the machine's own release.
const fn debian(deb_arch: &'static str, meta: &'static str) -> KernelSource {
    KernelSource::Debian {
        deb_arch,
        meta,
        suite: Suite::System,
    }
}

/// Debian unstable's kernel: the newest generation Debian builds.
const fn sid(deb_arch: &'static str, meta: &'static str) -> KernelSource {
    KernelSource::Debian {
        deb_arch,
        meta,
        suite: Suite::Named("sid"),
    }
}

/// x86_64's row.
///
/// Under `--vm`: q35, a modern PC. QEMU's minimal `microvm` boots barely
/// faster here (5.1 s against 5.3 s) and is fragile: a distribution
/// kernel calibrates its clock against the legacy timer (PIT), and on a
/// busy host under software emulation that can fail and stop the boot
/// with nothing on the console. q35 also has the HPET and ACPI PM timer.
/// `-nodefaults` leaves out the network card and graphics nobody uses.
///
/// i686's machine is this one, with other tests.
pub(super) const X86_64: Spec = Spec {
    name: "x86_64",
    host_arch: "x86_64",
    tests: TestSuite::Nextest {
        triple: "x86_64-unknown-linux-gnu",
        cross: None,
    },
    lesson_triple: "x86_64-unknown-linux-musl",
    core: CoreLibrary::Rustup,
    qemu_user: "qemu-x86_64",
    vm: Machine {
        qemu: "qemu-system-x86_64",
        qemu_package: "qemu-system-x86",
        args: &["-M", "q35", "-nodefaults", "-cpu", "max"],
        console: "ttyS0",
        kernel_args: &[],
        memory: "512M",
        cpus: "2",
        stable: debian("amd64", "linux-image-amd64"),
        newest: sid("amd64", "linux-image-amd64"),
        firmware: None,
        pvh_firmware: Some("qboot.rom"),
        kvm_host: Some("x86_64"),
        tests: VmTests::Static("x86_64-unknown-linux-musl"),
    },
};

/// aarch64's row.
///
/// Under `--vm`: a Cortex-A72 (ARMv8.0), not QEMU's `max` CPU. Under software
/// emulation `max` is slow to boot: its pointer authentication, which
/// Debian's kernel uses in every function, costs about a second of the
/// boot in QEMU's emulation of the QARMA algorithm (3.3 s to the first
/// result with `max`, 1.8 s with the A72; `max,pauth=off` took 2.2 s when
/// first tried, and as long as the A72 within the noise when measured
/// again with the crypto self-tests off). book/src/reference/vm.md, "Boot time", says
/// what else went into the boot's time.
///
/// armv7's machine is this one, with other tests.
pub(super) const AARCH64: Spec = Spec {
    name: "aarch64",
    host_arch: "aarch64",
    tests: TestSuite::Nextest {
        triple: "aarch64-unknown-linux-musl",
        cross: None,
    },
    lesson_triple: "aarch64-unknown-linux-musl",
    core: CoreLibrary::Rustup,
    qemu_user: "qemu-aarch64",
    vm: Machine {
        qemu: "qemu-system-aarch64",
        qemu_package: "qemu-system-arm",
        args: &["-M", "virt", "-cpu", "cortex-a72"],
        console: "ttyAMA0",
        // kpti=0: Debian's arm64 kernel unmaps itself while user space runs
        // (kernel page-table isolation) whenever KASLR has moved it (the
        // `virt` board hands it a seed) and the CPU has no E0PD, an ARMv8.5
        // feature the A72 lacks, so that user space cannot find out where
        // it is. Every entry from user space (system call, fault, interrupt)
        // then switches TTBR1_EL1 to another ASID, and every return switches
        // it back; QEMU's TLB keeps no ASIDs, so it flushes the emulated TLB
        // at each switch (target/arm/helper.c, vmsa_ttbr_write). The option
        // turns the isolation off (arch/arm64/kernel/cpufeature.c,
        // unmap_kernel_at_el0): a whole aarch64 run, 235 tests and 9
        // lessons, took 33 s instead of 48 s. The mappings the tests look at
        // are the same either way.
        kernel_args: &["kpti=0"],
        memory: "512M",
        cpus: "2",
        stable: debian("arm64", "linux-image-arm64"),
        newest: sid("arm64", "linux-image-arm64"),
        firmware: None,
        pvh_firmware: None,
        kvm_host: None,
        tests: VmTests::Static("aarch64-unknown-linux-musl"),
    },
};

/// riscv64's row.
pub(super) const RISCV64: Spec = Spec {
    name: "riscv64",
    host_arch: "riscv64",
    tests: TestSuite::Nextest {
        triple: "riscv64gc-unknown-linux-gnu",
        cross: cross(
            "riscv64-linux-gnu-gcc",
            "gcc-riscv64-linux-gnu",
            "libc6-dev-riscv64-cross",
            "/usr/riscv64-linux-gnu",
        ),
    },
    lesson_triple: "riscv64gc-unknown-linux-gnu",
    core: CoreLibrary::Rustup,
    qemu_user: "qemu-riscv64",
    vm: Machine {
        qemu: "qemu-system-riscv64",
        qemu_package: "qemu-system-riscv",
        args: &["-M", "virt", "-cpu", "rv64"],
        console: "ttyS0",
        // Two start-up functions of the riscv64 kernel that took 0.35 s of
        // its boot under TCG (initcall_debug): jent_mod_init, the jitter
        // entropy source's self-test (crypto/jitterentropy-kcapi.c;
        // nothing here uses the kernel's crypto), and mip6_init, IPv6
        // mobility, which fails anyway with IPv6 off. Skipped, PID 1 started
        // about 0.3 s sooner (medians of five alternating boots, twice). On
        // amd64 the same words changed nothing measurable, so only this
        // machine has them.
        kernel_args: &["initcall_blacklist=jent_mod_init,mip6_init"],
        memory: "512M",
        cpus: "2",
        // riscv64 is an official Debian architecture from trixie on:
        // bookworm has no kernel for it, so it comes from trixie.
        stable: KernelSource::Debian {
            deb_arch: "riscv64",
            meta: "linux-image-riscv64",
            suite: Suite::Named("trixie"),
        },
        newest: sid("riscv64", "linux-image-riscv64"),
        firmware: None,
        pvh_firmware: None,
        kvm_host: None,
        tests: VmTests::Glibc("riscv64gc-unknown-linux-gnu"),
    },
};

/// armv7's row.
///
/// Under `--vm`: armv7 programs on the arm64 kernel: an AArch64 CPU runs AArch32 code
/// at EL0, and the kernel's compat layer takes its system calls.
pub(super) const ARMV7: Spec = Spec {
    name: "armv7",
    host_arch: "arm",
    tests: TestSuite::Nextest {
        triple: "armv7-unknown-linux-gnueabihf",
        cross: cross(
            "arm-linux-gnueabihf-gcc",
            "gcc-arm-linux-gnueabihf",
            "libc6-dev-armhf-cross",
            "/usr/arm-linux-gnueabihf",
        ),
    },
    lesson_triple: "armv7-unknown-linux-gnueabihf",
    core: CoreLibrary::Rustup,
    qemu_user: "qemu-arm",
    vm: Machine {
        tests: VmTests::Glibc("armv7-unknown-linux-gnueabihf"),
        ..AARCH64.vm
    },
};

/// i686's row.
///
/// Under `--vm`: i686 programs on the amd64 kernel (IA-32 emulation): x86_64's
/// machine, with the 32-bit tests.
pub(super) const I686: Spec = Spec {
    name: "i686",
    host_arch: "x86",
    tests: TestSuite::Nextest {
        triple: "i686-unknown-linux-musl",
        cross: None,
    },
    lesson_triple: "i686-unknown-linux-musl",
    core: CoreLibrary::Rustup,
    qemu_user: "qemu-i386",
    vm: Machine {
        tests: VmTests::Static("i686-unknown-linux-musl"),
        ..X86_64.vm
    },
};

/// powerpc64le's row.
pub(super) const POWERPC64LE: Spec = Spec {
    name: "powerpc64le",
    host_arch: "powerpc64",
    tests: TestSuite::Nextest {
        triple: "powerpc64le-unknown-linux-gnu",
        cross: cross(
            "powerpc64le-linux-gnu-gcc",
            "gcc-powerpc64le-linux-gnu",
            "libc6-dev-ppc64el-cross",
            "/usr/powerpc64le-linux-gnu",
        ),
    },
    lesson_triple: "powerpc64le-unknown-linux-gnu",
    core: CoreLibrary::Rustup,
    qemu_user: "qemu-ppc64le",
    vm: Machine {
        qemu: "qemu-system-ppc64",
        qemu_package: "qemu-system-ppc",
        // x-vof=on: QEMU's own Virtual Open Firmware instead of SLOF. SLOF
        // initialises itself and scans every device (vSCSI, PCI, USB, NVRAM)
        // before it loads the kernel, which took about 4 s of a 7 s boot
        // under TCG; VOF only gives the kernel the device tree and the few
        // client-interface calls a kernel booted with -kernel makes. Its
        // property is marked experimental (`x-`) in QEMU 10.0; the kernel then
        // finds no NVRAM partition for its oops log, which it says at boot
        // and nothing here uses.
        args: &["-M", "pseries,x-vof=on", "-cpu", "power9"],
        console: "hvc0",
        kernel_args: &[],
        memory: "1G",
        cpus: "2",
        stable: debian("ppc64el", "linux-image-powerpc64le"),
        newest: sid("ppc64el", "linux-image-powerpc64le"),
        firmware: None,
        pvh_firmware: None,
        kvm_host: None,
        tests: VmTests::Glibc("powerpc64le-unknown-linux-gnu"),
    },
};

/// s390x's row.
pub(super) const S390X: Spec = Spec {
    name: "s390x",
    host_arch: "s390x",
    tests: TestSuite::Nextest {
        triple: "s390x-unknown-linux-gnu",
        cross: cross(
            "s390x-linux-gnu-gcc",
            "gcc-s390x-linux-gnu",
            "libc6-dev-s390x-cross",
            "/usr/s390x-linux-gnu",
        ),
    },
    lesson_triple: "s390x-unknown-linux-gnu",
    core: CoreLibrary::Rustup,
    qemu_user: "qemu-s390x",
    vm: Machine {
        qemu: "qemu-system-s390x",
        qemu_package: "qemu-system-s390x",
        args: &["-M", "s390-ccw-virtio", "-cpu", "max"],
        console: "ttysclp0",
        kernel_args: &[],
        memory: "512M",
        cpus: "2",
        stable: debian("s390x", "linux-image-s390x"),
        newest: sid("s390x", "linux-image-s390x"),
        firmware: None,
        pvh_firmware: None,
        kvm_host: None,
        tests: VmTests::Glibc("s390x-unknown-linux-gnu"),
    },
};

/// loongarch64's row.
pub(super) const LOONGARCH64: Spec = Spec {
    name: "loongarch64",
    host_arch: "loongarch64",
    tests: TestSuite::SelfTest,
    lesson_triple: "loongarch64-unknown-linux-gnu",
    core: CoreLibrary::FromSource,
    qemu_user: "qemu-loongarch64",
    vm: Machine {
        qemu: "qemu-system-loongarch64",
        qemu_package: "qemu-system-misc",
        args: &["-M", "virt", "-cpu", "la464"],
        console: "ttyS0",
        kernel_args: &[],
        memory: "1G",
        cpus: "2",
        // No Debian release has loong64 yet; unstable does, so both
        // generations are unstable's kernel.
        stable: sid("loong64", "linux-image-loong64"),
        newest: sid("loong64", "linux-image-loong64"),
        // The virt board starts through UEFI (EDK2 built for QEMU).
        firmware: Some(Firmware {
            package: "qemu-efi-loongarch64",
            file: "usr/share/qemu-efi-loongarch64/QEMU_EFI.fd",
        }),
        pvh_firmware: None,
        kvm_host: None,
        tests: VmTests::SelfTest,
    },
};

/// mips64el's row.
///
/// Under `--vm`: mips64el: Malta, the board Debian's 5kc-malta flavour is built for (its memory
/// map stops at 256 MiB without highmem), with a MIPS64 release 2 CPU:
/// Rust's mips64el target compiles for release 2, while the 5KEc the
/// flavour is named after is release 1 (our programs happened to pass on
/// it too, but nothing promises that).
pub(super) const MIPS64EL: Spec = Spec {
    name: "mips64el",
    host_arch: "mips64",
    tests: TestSuite::SelfTest,
    lesson_triple: "mips64el-unknown-linux-gnuabi64",
    core: CoreLibrary::FromSource,
    qemu_user: "qemu-mips64el",
    vm: Machine {
        qemu: "qemu-system-mips64el",
        qemu_package: "qemu-system-mips",
        args: &["-M", "malta", "-cpu", "MIPS64R2-generic"],
        console: "ttyS0",
        kernel_args: &[],
        memory: "256M",
        cpus: "1", // with -smp 2 this kernel hung before starting PID 1
        stable: debian("mips64el", "linux-image-5kc-malta"),
        newest: KernelSource::None(
            "Debian dropped mips64el after bookworm, so unstable has no kernel for it",
        ),
        firmware: None,
        pvh_firmware: None,
        kvm_host: None,
        tests: VmTests::SelfTest,
    },
};
