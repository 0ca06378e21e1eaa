//! The architectures the course runs on, and what each one needs: one table.
//!
//! Tests and lessons are different kinds of program, so each architecture
//! names two things:
//!
//! - how its **tests** run. The test suite uses `std` (the harness, threads,
//!   `std::fs`), so it needs a Rust standard library for the target and a way
//!   to link against a C library. Where rustup supplies a `-musl` standard
//!   library, the tests link statically with `rust-lld` and QEMU runs them as
//!   they are. Where only a `-gnu` one exists, Debian's cross compiler links
//!   them against the target's glibc, and QEMU finds that glibc (the dynamic
//!   loader and libc.so) under the cross sysroot given with `-L`. Where
//!   rustup has no standard library at all for the CPU (loongarch64 and
//!   mips64el here), a freestanding self-test binary makes the same checks
//!   (see `tests/selftest`).
//! - how its **lessons** build. Lessons are freestanding (`no_std`, their own
//!   `_start`) and link nothing but our own crates, so any triple for the CPU
//!   will do; `core` comes from rustup where it can, or is compiled from
//!   source (`-Zbuild-std=core`) where rustup has nothing for the target.

mod rows;

use clap::ValueEnum;

use crate::tables::machine::Machine;

/// An architecture a test or lesson can be built for.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Arch {
    /// 64-bit x86.
    #[value(name = "x86_64")]
    X86_64,
    /// 64-bit ARM.
    #[value(name = "aarch64")]
    Aarch64,
    /// 64-bit RISC-V (RV64GC).
    #[value(name = "riscv64")]
    Riscv64,
    /// 32-bit ARM (ARMv7-A, hard float).
    #[value(name = "armv7")]
    Armv7,
    /// 32-bit x86.
    #[value(name = "i686")]
    I686,
    /// 64-bit POWER, little-endian.
    #[value(name = "powerpc64le")]
    Powerpc64le,
    /// IBM Z.
    #[value(name = "s390x")]
    S390x,
    /// 64-bit LoongArch.
    #[value(name = "loongarch64")]
    Loongarch64,
    /// 64-bit MIPS, little-endian, n64 ABI.
    #[value(name = "mips64el")]
    Mips64el,
}

/// How an architecture's tests run.
#[derive(Clone, Copy, Debug)]
pub enum TestSuite {
    /// The nextest suite, built for `triple`; `cross` says how to link it
    /// when a C cross toolchain is needed (None: `rust-lld`, static musl).
    Nextest {
        /// The Rust target triple of the test binaries.
        triple: &'static str,
        /// The Debian cross toolchain, for `-gnu` triples.
        cross: Option<CrossGcc>,
    },
    /// No standard library for this CPU: the freestanding self-test.
    SelfTest,
}

/// A Debian cross C toolchain: the linker for std test binaries and the
/// sysroot QEMU loads the target's glibc from.
#[derive(Clone, Copy, Debug)]
pub struct CrossGcc {
    /// The compiler driver used as linker.
    pub gcc: &'static str,
    /// The Debian package that provides it.
    pub package: &'static str,
    /// The Debian package with the target's C library and start files,
    /// which the compiler's package only recommends.
    pub libc_package: &'static str,
    /// Where the target's glibc is installed.
    pub sysroot: &'static str,
}

/// Where a lesson's `core` library comes from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CoreLibrary {
    /// rustup's prebuilt standard library for the lesson triple.
    Rustup,
    /// Compiled from source (`-Zbuild-std=core`, needs the `rust-src`
    /// component), because rustup has no prebuilt library for the triple.
    FromSource,
}

/// Everything the table says about one architecture.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// The name on the command line and in reports.
    pub name: &'static str,
    /// `std::env::consts::ARCH` on a machine of this architecture.
    pub host_arch: &'static str,
    /// How the tests run.
    pub tests: TestSuite,
    /// The triple lessons (and the self-test) are built for.
    pub lesson_triple: &'static str,
    /// Where the lessons' `core` comes from.
    pub core: CoreLibrary,
    /// The QEMU user-mode emulator for this architecture.
    pub qemu_user: &'static str,
    /// The machine `--vm` boots programs of this architecture on.
    pub vm: Machine,
}

impl Arch {
    /// Every architecture, in the order reports list them.
    pub const ALL: [Arch; 9] = [
        Arch::X86_64,
        Arch::Aarch64,
        Arch::Riscv64,
        Arch::Armv7,
        Arch::I686,
        Arch::Powerpc64le,
        Arch::S390x,
        Arch::Loongarch64,
        Arch::Mips64el,
    ];

    /// The machine `--vm` boots for this architecture.
    pub fn machine(self) -> &'static Machine {
        &self.spec().vm
    }

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The triple lesson binaries are built for.
    pub fn lesson_triple(self) -> &'static str {
        self.spec().lesson_triple
    }

    /// The rustup targets this architecture needs, each once.
    pub fn rustup_targets(self) -> Vec<&'static str> {
        let mut targets = Vec::new();
        if let TestSuite::Nextest { triple, .. } = self.spec().tests {
            targets.push(triple);
        }
        if self.spec().core == CoreLibrary::Rustup {
            targets.push(self.lesson_triple());
        }
        targets.dedup();
        targets
    }

    /// The QEMU user-mode emulator that runs this architecture's programs
    /// on another host: it translates the instructions and hands most
    /// system calls to the host kernel. Not all of them unchanged: QEMU keeps
    /// its own map of the guest's pages and partly reimplements mmap,
    /// munmap and mprotect on top of the host's, so what a test sees here is
    /// strong evidence of the kernel's behaviour, not a real kernel of this
    /// architecture.
    pub fn qemu_binary(self) -> &'static str {
        self.spec().qemu_user
    }

    /// The architecture of the machine xtask runs on, if it is one of ours.
    pub fn host() -> Option<Arch> {
        Arch::ALL
            .into_iter()
            .find(|arch| arch.spec().host_arch == std::env::consts::ARCH)
    }

    /// Whether programs of this architecture run natively here.
    pub fn is_native(self) -> bool {
        Arch::host() == Some(self)
    }

    /// The emulator needed to run this architecture here; `None` if native.
    pub fn runner(self) -> Option<&'static str> {
        if self.is_native() {
            None
        } else {
            Some(self.qemu_binary())
        }
    }

    /// How programs of this architecture run here, for reports.
    pub fn how_it_runs(self) -> &'static str {
        self.runner().unwrap_or("native")
    }

    /// The cross C toolchain the tests need here, if any (none when native:
    /// the system's own `cc` links for the host).
    pub fn cross_gcc(self) -> Option<CrossGcc> {
        match self.spec().tests {
            TestSuite::Nextest { cross, .. } if !self.is_native() => cross,
            _ => None,
        }
    }
}

/// The environment variable through which cargo (and so nextest) learns to
/// start each test executable of `triple` through a runner such as QEMU.
pub fn runner_env_var(triple: &str) -> String {
    target_env_var(triple, "RUNNER")
}

/// `CARGO_TARGET_<TRIPLE>_<WHAT>`, cargo's per-target settings by
/// environment (`RUNNER`, `LINKER`).
pub fn target_env_var(triple: &str, what: &str) -> String {
    format!(
        "CARGO_TARGET_{}_{what}",
        triple.to_uppercase().replace('-', "_")
    )
}

/// What `--arch` accepts: one architecture, or `all` of them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ArchArg {
    /// Every architecture in the table, one after another.
    All,
    /// Just this one.
    One(Arch),
}

/// The values `--arch` lists in help and errors: `all`, then every name.
const ARCH_ARGS: [ArchArg; 10] = [
    ArchArg::All,
    ArchArg::One(Arch::X86_64),
    ArchArg::One(Arch::Aarch64),
    ArchArg::One(Arch::Riscv64),
    ArchArg::One(Arch::Armv7),
    ArchArg::One(Arch::I686),
    ArchArg::One(Arch::Powerpc64le),
    ArchArg::One(Arch::S390x),
    ArchArg::One(Arch::Loongarch64),
    ArchArg::One(Arch::Mips64el),
];

impl ValueEnum for ArchArg {
    fn value_variants<'a>() -> &'a [Self] {
        &ARCH_ARGS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self {
            ArchArg::All => Some(clap::builder::PossibleValue::new("all")),
            ArchArg::One(arch) => arch.to_possible_value(),
        }
    }
}
