//! Starting a program of some architecture on this machine: natively when
//! it is the host's, else under QEMU user mode. The one place that builds
//! that command, for every program xtask runs outside a VM (lessons,
//! exercise checkers, the self-test, test executables listing their tests)
//! and for nextest, which is told it as cargo's target runner.
//!
//! A `--vm` run starts programs differently: they go into an initramfs and
//! the VM's PID 1 runs them (`vm/`). What the two share is what comes
//! after: a [`RunOutput`](crate::process::run_with_timeout::RunOutput) per program,
//! judged by `judge/`.

use std::path::Path;
use std::process::Command;

use crate::fail::Fail;
use crate::tables::arch::{Arch, runner_env_var};
use crate::tools::Tool;

/// How `arch`'s programs start here.
pub struct UserMode {
    /// The emulator; `None` natively.
    qemu: Option<Tool>,
    /// Where QEMU finds the target's dynamic loader and C library (`-L`),
    /// for the glibc-linked test executables; `None` for static programs.
    sysroot: Option<&'static str>,
}

impl UserMode {
    /// For freestanding programs (lessons, checkers, the self-test), which
    /// are static and need no sysroot. Finds or fetches the emulator.
    pub fn freestanding(arch: Arch) -> Result<UserMode, Fail> {
        Ok(UserMode {
            qemu: crate::tools::qemu_user::emulator(arch)?,
            sysroot: None,
        })
    }

    /// For the test executables, which a `-gnu` triple links against the
    /// target's glibc in the cross sysroot.
    pub fn tests(arch: Arch) -> Result<UserMode, Fail> {
        let qemu = crate::tools::qemu_user::emulator(arch)?;
        let sysroot = qemu
            .as_ref()
            .and(arch.cross_gcc())
            .map(|cross| cross.sysroot);
        Ok(UserMode { qemu, sysroot })
    }

    /// The emulator's absolute path; `None` natively. Programs are told it
    /// (`MMAP_LESSON_EMULATOR`, `MMAP_TESTS_EMULATOR`): a program that execs
    /// a copy of itself must exec the emulator, as the host kernel refuses
    /// the foreign binary without a binfmt_misc rule, and the few checks
    /// where QEMU answers differently from a kernel name it.
    pub fn emulator(&self) -> Option<&Path> {
        self.qemu.as_ref().map(|qemu| qemu.path.as_path())
    }

    /// The sysroot given to QEMU with `-L`, if any.
    pub fn sysroot(&self) -> Option<&'static str> {
        self.sysroot
    }

    /// A command that runs `binary`: `qemu-aarch64 [-L sysroot] <binary>`,
    /// or the binary itself. The caller adds the program's arguments.
    pub fn command(&self, binary: &Path) -> Command {
        match &self.qemu {
            Some(qemu) => {
                let mut command = qemu.command();
                if let Some(sysroot) = self.sysroot {
                    command.args(["-L", sysroot]);
                }
                command.arg(binary);
                command
            }
            None => Command::new(binary),
        }
    }

    /// The same command as cargo's target-runner setting
    /// (`CARGO_TARGET_<TRIPLE>_RUNNER`, which nextest uses too), for
    /// `triple`: the variable and its value, or `None` natively. Cargo
    /// splits the value at spaces, so a path with one is refused.
    pub fn runner_setting(&self, triple: &str) -> Result<Option<(String, String)>, Fail> {
        let Some(qemu) = &self.qemu else {
            return Ok(None);
        };
        let path = qemu.path.display().to_string();
        if path.contains(' ') {
            return Err(Fail::setup(format!(
                "the emulator's path has a space ({path}), which cargo's runner setting \
                 cannot hold; move the checkout to a path without one"
            )));
        }
        let value = match self.sysroot {
            Some(sysroot) => format!("{path} -L {sysroot}"),
            None => path,
        };
        Ok(Some((runner_env_var(triple), value)))
    }
}
