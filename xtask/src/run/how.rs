//! Where the programs of a command run: the one switch every runner and
//! command reads, made from `--vm`, `--kernel` and `--kernel-release`.

use std::path::PathBuf;

use crate::tables::machine::{Accel, KernelRelease};

/// Where the programs run: under QEMU user mode (or natively), or in a VM.
pub enum How {
    /// QEMU user mode for foreign architectures, natively for the host's.
    User,
    /// A real kernel under qemu-system.
    Vm(VmSpec),
}

/// Which kernel a VM boots, and how QEMU runs it.
pub struct VmSpec {
    /// The reader's own kernel image (`--kernel`); None for Debian's.
    pub kernel: Option<PathBuf>,
    /// Which Debian kernel to boot when `kernel` is None.
    pub release: KernelRelease,
    /// `--accel`: the accelerator asked for; None lets xtask choose (KVM
    /// where it works for the machine, else TCG).
    pub accel: Option<Accel>,
}

impl How {
    /// From the `--vm`, `--kernel`, `--kernel-release` and `--accel` switches.
    pub fn new(
        vm: bool,
        kernel: Option<PathBuf>,
        release: KernelRelease,
        accel: Option<Accel>,
    ) -> How {
        if vm {
            How::Vm(VmSpec {
                kernel,
                release,
                accel,
            })
        } else {
            How::User
        }
    }
}
