//! `cargo xtask lesson [N] --arch A [--vm]`: list the lessons, or run one
//! (under QEMU user mode or natively, or with `--vm` on a real kernel).

use std::process::ExitCode;

use crate::commands::test::How;
use crate::fail::Fail;
use crate::judge::summary::Summary;
use crate::run::lesson_run::{Trace, run_lesson};
use crate::run::vm;
use crate::tables::arch::Arch;
use crate::tables::lessons;
use crate::tools::toolchain;

/// With a number, builds, runs and checks that lesson; without, lists all.
pub fn lesson(number: Option<u32>, arch: Arch, trace: Trace, how: &How) -> Result<ExitCode, Fail> {
    let Some(number) = number else {
        lessons::print_list();
        return Ok(ExitCode::SUCCESS);
    };
    let lesson = lessons::find_written(number)?;
    if let How::Vm(kernel, release) = how {
        return vm::lesson(lesson, arch, kernel.as_deref(), *release);
    }
    if arch.spec().core == crate::tables::arch::CoreLibrary::Rustup {
        toolchain::require_targets(&[arch.lesson_triple()])?;
    }
    toolchain::require_rust_src(arch)?;
    crate::tools::qemu_user::emulator(arch)?;

    let mut summary = Summary::default();
    summary.add_lesson(run_lesson(lesson, arch, trace)?);
    summary.print();
    Ok(summary.exit_code())
}
