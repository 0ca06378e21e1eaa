//! `cargo xtask kernel --arch A [--kernel-release R]`: the distribution
//! kernel `--vm` boots, fetched into the target directory (see
//! `tools/kernel.rs`), and where it is.

use std::process::ExitCode;

use crate::fail::Fail;
use crate::tables::arch::Arch;
use crate::tables::machine::KernelRelease;
use crate::tools::kernel::resolve;

/// `cargo xtask kernel --arch A [--kernel-release R]`: fetch (or find in
/// the cache) the kernel and say where it is.
pub fn kernel(arch: Arch, release: KernelRelease) -> Result<ExitCode, Fail> {
    let kernel = resolve(arch, None, release)?;
    println!("{}: {}", arch.name(), kernel.description);
    println!("{}", kernel.image.display());
    if let Some(firmware) = &kernel.firmware {
        println!("{}", firmware.display());
    }
    Ok(ExitCode::SUCCESS)
}
