//! Where the programs of a command run: the one switch every runner and
//! command reads, made from `--vm`, `--kernel` and `--kernel-release`.

use std::path::PathBuf;

use crate::tables::machine::KernelRelease;

/// Where the programs run: under QEMU user mode (or natively), or in a VM.
pub enum How {
    /// QEMU user mode for foreign architectures, natively for the host's.
    User,
    /// A real kernel under qemu-system.
    Vm {
        /// The reader's own kernel image (`--kernel`); None for Debian's.
        kernel: Option<PathBuf>,
        /// Which Debian kernel to boot when `kernel` is None.
        release: KernelRelease,
    },
}

impl How {
    /// From the `--vm`, `--kernel` and `--kernel-release` switches.
    pub fn new(vm: bool, kernel: Option<PathBuf>, release: KernelRelease) -> How {
        if vm {
            How::Vm { kernel, release }
        } else {
            How::User
        }
    }
}
