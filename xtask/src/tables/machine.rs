//! What a row of the architecture table (`arch/rows.rs`) says about
//! booting under `qemu-system-*`: the emulator and its Debian package, the
//! machine model, the console the kernel writes to, command-line words for
//! its kernel alone, where a kernel comes from, and which kind of test
//! programs go into the initramfs. Some architectures boot another
//! one's kernel: a 64-bit kernel runs the 32-bit programs of its family
//! (arm64's `CONFIG_COMPAT`, x86_64's `CONFIG_IA32_EMULATION`), so armv7
//! and i686 are tested on the arm64 and amd64 kernels.

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

/// The accelerator QEMU runs a machine with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Accel {
    /// QEMU's own translator: any guest on any host, slower.
    Tcg,
    /// The host kernel's virtual machines: a guest of the host's family at
    /// nearly native speed, where `/dev/kvm` works.
    Kvm,
}

impl Accel {
    /// The name QEMU's `-accel` takes, and the table shows.
    pub fn name(self) -> &'static str {
        match self {
            Accel::Tcg => "tcg",
            Accel::Kvm => "kvm",
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
    /// Kernel command-line words for this machine's kernel only, after the
    /// ones every machine gets (`run/vm/mod.rs`'s `kernel_command_line`): an
    /// option of one architecture's kernel (arm64's `kpti=`) is unknown to
    /// the others, which pass an unknown `NAME=value` word to PID 1.
    pub kernel_args: &'static [&'static str],
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
    /// For x86: boot the ELF kernel inside Debian's `bzImage` through its
    /// PVH entry point (`vm/vmlinux.rs`), with this firmware from QEMU's own
    /// data files instead of the default BIOS. Where either is missing the
    /// machine boots the `bzImage` as it is, and says why.
    pub pvh_firmware: Option<&'static str>,
    /// The host architecture (`uname -m`) on which KVM can run this machine
    /// (with `-cpu host`); None where xtask only uses TCG for it.
    pub kvm_host: Option<&'static str>,
    /// The test programs.
    pub tests: VmTests,
}

impl Machine {
    /// Where this row's kernel of `release` comes from.
    pub fn kernel_source(&self, release: KernelRelease) -> KernelSource {
        match release {
            KernelRelease::Stable => self.stable,
            KernelRelease::Newest => self.newest,
        }
    }
}
