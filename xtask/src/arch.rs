//! The architectures the course runs on, and what each one needs.
//!
//! Two target triples per architecture, because tests and lessons are
//! different kinds of program:
//!
//! - tests use `std` (the test harness, its threads, `std::fs`),
//!   so on the host they use the ordinary `-gnu` target; for aarch64 they use
//!   `-musl`, whose statically linked executables QEMU user mode can run
//!   without an aarch64 sysroot (no dynamic loader, no shared libc to find);
//! - lessons are freestanding (`no_std`, their own `_start`), built as static
//!   `-musl` executables that do not link musl at all: the triple only picks
//!   the instruction set and the static-executable defaults.

use clap::ValueEnum;

/// An architecture a test or lesson can be built for.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Arch {
    /// 64-bit x86: the usual host.
    #[value(name = "x86_64")]
    X86_64,
    /// 64-bit ARM: run under `qemu-aarch64` on an x86_64 host.
    #[value(name = "aarch64")]
    Aarch64,
}

impl Arch {
    /// Every architecture, in the order reports list them.
    pub const ALL: [Arch; 2] = [Arch::X86_64, Arch::Aarch64];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Aarch64 => "aarch64",
        }
    }

    /// The triple the `tests` crate is built for.
    pub fn test_triple(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64-unknown-linux-gnu",
            Arch::Aarch64 => "aarch64-unknown-linux-musl",
        }
    }

    /// The triple lesson binaries are built for.
    pub fn lesson_triple(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64-unknown-linux-musl",
            Arch::Aarch64 => "aarch64-unknown-linux-musl",
        }
    }

    /// The rustup targets this architecture needs, each once.
    pub fn rustup_targets(self) -> Vec<&'static str> {
        let mut targets = vec![self.test_triple(), self.lesson_triple()];
        targets.dedup();
        targets
    }

    /// The QEMU user-mode emulator that runs this architecture's programs
    /// on another host: it translates the instructions and hands most
    /// system calls to the host kernel. Not all of them unchanged: QEMU keeps
    /// its own map of the guest's pages and partly reimplements mmap,
    /// munmap and mprotect on top of the host's, so what a test sees here is
    /// strong evidence of the kernel's behaviour, not a real aarch64 kernel.
    pub fn qemu_binary(self) -> &'static str {
        match self {
            Arch::X86_64 => "qemu-x86_64",
            Arch::Aarch64 => "qemu-aarch64",
        }
    }

    /// The architecture of the machine xtask runs on, if it is one of ours.
    pub fn host() -> Option<Arch> {
        Arch::ALL
            .into_iter()
            .find(|arch| arch.name() == std::env::consts::ARCH)
    }

    /// The emulator needed to run this architecture here; `None` if native.
    pub fn runner(self) -> Option<&'static str> {
        if Arch::host() == Some(self) {
            None
        } else {
            Some(self.qemu_binary())
        }
    }

    /// How programs of this architecture run here, for reports.
    pub fn how_it_runs(self) -> &'static str {
        self.runner().unwrap_or("native")
    }
}

/// The environment variable through which cargo (and so nextest) learns to
/// start each test executable of `triple` through a runner such as QEMU.
pub fn runner_env_var(triple: &str) -> String {
    format!(
        "CARGO_TARGET_{}_RUNNER",
        triple.to_uppercase().replace('-', "_")
    )
}
