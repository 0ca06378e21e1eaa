//! How each architecture boots under `qemu-system-*`: one table.
//!
//! A row names the emulator and its Debian package, the machine model, the
//! console the kernel writes to, where a kernel comes from, and which kind
//! of test programs go into the initramfs. Some architectures boot another
//! one's kernel: a 64-bit kernel runs the 32-bit programs of its family
//! (arm64's `CONFIG_COMPAT`, x86_64's `CONFIG_IA32_EMULATION`), so armv7
//! and i686 are tested on the arm64 and amd64 kernels.

use crate::arch::Arch;

/// Which generation of Debian kernel `--vm` boots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KernelRelease {
    /// The machine's own Debian release (6.1 on Debian 12).
    Stable,
    /// Debian unstable's (sid), the newest Debian builds.
    Newest,
}

impl KernelRelease {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            KernelRelease::Stable => "stable",
            KernelRelease::Newest => "newest",
        }
    }
}

/// The Debian suite a kernel comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suite {
    /// The release this machine runs.
    System,
    /// A suite by name (`trixie`, `sid`).
    Named(&'static str),
}

impl Suite {
    /// For reports: `(this machine's release)` or the name.
    pub fn describe(self) -> String {
        match self {
            Suite::System => "(this machine's release)".to_string(),
            Suite::Named(name) => name.to_string(),
        }
    }
}

/// Where the kernel for a row comes from.
#[derive(Clone, Copy, Debug)]
pub enum KernelSource {
    /// A Debian kernel package of dpkg architecture `deb_arch`, found
    /// through the metapackage `meta` (which depends on the current image
    /// package), from `suite`, through a private apt configuration
    /// (`tools/private_apt.rs`).
    Debian {
        /// dpkg's name for the architecture (`arm64`, `ppc64el`).
        deb_arch: &'static str,
        /// The metapackage that always depends on the newest image.
        meta: &'static str,
        /// The suite.
        suite: Suite,
    },
    /// Debian has none: why, and what works instead.
    None(&'static str),
}

/// Firmware a machine needs besides the kernel (QEMU's `-bios`), from a
/// Debian package.
#[derive(Clone, Copy, Debug)]
pub struct Firmware {
    /// The package (fetched from the kernel's suite).
    pub package: &'static str,
    /// The file in it.
    pub file: &'static str,
}

/// Which test programs the initramfs gets.
#[derive(Clone, Copy, Debug)]
pub enum VmTests {
    /// The nextest suite built for a static (musl) triple: the executables
    /// need nothing else in the initramfs.
    Static(&'static str),
    /// The nextest suite built for a glibc triple, with the target's C
    /// library copied in from the Debian cross sysroot.
    Glibc(&'static str),
    /// No Rust standard library for this CPU: the freestanding self-test.
    SelfTest,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Machine {
    /// The system emulator.
    pub qemu: &'static str,
    /// The Debian package holding it.
    pub qemu_package: &'static str,
    /// Machine model and CPU: `-M ...`, `-cpu ...`, and anything else the
    /// model needs.
    pub args: &'static [&'static str],
    /// The console device the kernel writes to (`console=` on its command
    /// line), which QEMU connects to our stdout with `-serial stdio`.
    pub console: &'static str,
    /// Guest memory. The initramfs is unpacked into it, and /tmp is a tmpfs.
    pub memory: &'static str,
    /// Virtual CPUs. Two where the board has them: QEMU then emulates each
    /// on a host thread of its own, so the tests' two racing processes
    /// really run at once, as on the hardware, and a test that yields the
    /// CPU 20000 times does not wait for the other process each time.
    pub cpus: &'static str,
    /// Where its kernel comes from, for `--kernel-release stable`.
    pub stable: KernelSource,
    /// And for `--kernel-release newest`.
    pub newest: KernelSource,
    /// Firmware to load with `-bios`, if the machine needs one.
    pub firmware: Option<Firmware>,
    /// The test programs.
    pub tests: VmTests,
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

/// x86_64: q35, a modern PC. QEMU's minimal `microvm` boots barely
/// faster here (5.1 s against 5.3 s) and is fragile: a distribution
/// kernel calibrates its clock against the legacy timer (PIT), and on a
/// busy host under software emulation that can fail and stop the boot
/// with nothing on the console. q35 also has the HPET and ACPI PM timer.
/// `-nodefaults` leaves out the network card and graphics nobody uses.
///
/// i686's machine is this one, with other tests.
const X86_64: Machine = Machine {
    qemu: "qemu-system-x86_64",
    qemu_package: "qemu-system-x86",
    args: &["-M", "q35", "-nodefaults", "-cpu", "max"],
    console: "ttyS0",
    memory: "512M",
    cpus: "2",
    stable: debian("amd64", "linux-image-amd64"),
    newest: sid("amd64", "linux-image-amd64"),
    firmware: None,
    tests: VmTests::Static("x86_64-unknown-linux-musl"),
};

/// aarch64: a Cortex-A72 (ARMv8.0), not QEMU's `max` CPU. Under software
/// emulation `max` is slow to boot: its pointer authentication, which
/// Debian's kernel uses in every function, costs about a second of the
/// boot in QEMU's emulation of the QARMA algorithm (3.3 s to the first
/// result with `max`, 2.2 s with `max,pauth=off`, 1.8 s with the A72;
/// 1.5 s with the kernel's crypto self-tests off too, see mod.rs).
///
/// armv7's machine is this one, with other tests.
const AARCH64: Machine = Machine {
    qemu: "qemu-system-aarch64",
    qemu_package: "qemu-system-arm",
    args: &["-M", "virt", "-cpu", "cortex-a72"],
    console: "ttyAMA0",
    memory: "512M",
    cpus: "2",
    stable: debian("arm64", "linux-image-arm64"),
    newest: sid("arm64", "linux-image-arm64"),
    firmware: None,
    tests: VmTests::Static("aarch64-unknown-linux-musl"),
};

/// riscv64's machine.
const RISCV64: Machine = Machine {
    qemu: "qemu-system-riscv64",
    qemu_package: "qemu-system-riscv",
    args: &["-M", "virt", "-cpu", "rv64"],
    console: "ttyS0",
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
    tests: VmTests::Glibc("riscv64gc-unknown-linux-gnu"),
};

/// armv7 programs on the arm64 kernel: an AArch64 CPU runs AArch32 code
/// at EL0, and the kernel's compat layer takes its system calls.
const ARMV7: Machine = Machine {
    tests: VmTests::Glibc("armv7-unknown-linux-gnueabihf"),
    ..AARCH64
};

/// i686 programs on the amd64 kernel (IA-32 emulation): x86_64's
/// machine, with the 32-bit tests.
const I686: Machine = Machine {
    tests: VmTests::Static("i686-unknown-linux-musl"),
    ..X86_64
};

/// powerpc64le's machine.
const POWERPC64LE: Machine = Machine {
    qemu: "qemu-system-ppc64",
    qemu_package: "qemu-system-ppc",
    args: &["-M", "pseries", "-cpu", "power9"],
    console: "hvc0",
    memory: "1G",
    cpus: "2",
    stable: debian("ppc64el", "linux-image-powerpc64le"),
    newest: sid("ppc64el", "linux-image-powerpc64le"),
    firmware: None,
    tests: VmTests::Glibc("powerpc64le-unknown-linux-gnu"),
};

/// s390x's machine.
const S390X: Machine = Machine {
    qemu: "qemu-system-s390x",
    qemu_package: "qemu-system-s390x",
    args: &["-M", "s390-ccw-virtio", "-cpu", "max"],
    console: "ttysclp0",
    memory: "512M",
    cpus: "2",
    stable: debian("s390x", "linux-image-s390x"),
    newest: sid("s390x", "linux-image-s390x"),
    firmware: None,
    tests: VmTests::Glibc("s390x-unknown-linux-gnu"),
};

/// loongarch64's machine.
const LOONGARCH64: Machine = Machine {
    qemu: "qemu-system-loongarch64",
    qemu_package: "qemu-system-misc",
    args: &["-M", "virt", "-cpu", "la464"],
    console: "ttyS0",
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
    tests: VmTests::SelfTest,
};

/// mips64el: Malta, the board Debian's 5kc-malta flavour is built for (its memory
/// map stops at 256 MiB without highmem), with a MIPS64 release 2 CPU:
/// Rust's mips64el target compiles for release 2, while the 5KEc the
/// flavour is named after is release 1 (our programs happened to pass on
/// it too, but nothing promises that).
const MIPS64EL: Machine = Machine {
    qemu: "qemu-system-mips64el",
    qemu_package: "qemu-system-mips",
    args: &["-M", "malta", "-cpu", "MIPS64R2-generic"],
    console: "ttyS0",
    memory: "256M",
    cpus: "1", // with -smp 2 this kernel hung before starting PID 1
    stable: debian("mips64el", "linux-image-5kc-malta"),
    newest: KernelSource::None(
        "Debian dropped mips64el after bookworm, so unstable has no kernel for it",
    ),
    firmware: None,
    tests: VmTests::SelfTest,
};

impl Machine {
    /// Where this row's kernel of `release` comes from.
    pub fn kernel_source(&self, release: KernelRelease) -> KernelSource {
        match release {
            KernelRelease::Stable => self.stable,
            KernelRelease::Newest => self.newest,
        }
    }
}

/// `arch`'s row.
pub fn machine(arch: Arch) -> &'static Machine {
    match arch {
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
