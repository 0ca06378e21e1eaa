//! `cargo xtask test --arch A`: the whole check for one architecture, the
//! tests and then every written lesson, closing with one summary.

use std::process::ExitCode;

use crate::arch::Arch;
use crate::fail::Fail;
use crate::lesson_run::{Trace, run_lesson};
use crate::lessons;
use crate::nextest::run_tests;
use crate::summary::Summary;
use crate::toolchain;

/// Runs the tests and the lessons for `arch`; exit code 0 if all passed.
pub fn test(arch: Arch) -> Result<ExitCode, Fail> {
    // Every setup check first, so a missing tool stops the run in a second
    // rather than after minutes of building.
    toolchain::require_targets(&arch.rustup_targets())?;
    toolchain::require_qemu(arch)?;
    toolchain::require_nextest()?;

    let mut summary = Summary::default();
    let counts = run_tests(arch)?;
    summary.add_tests(arch, &counts);

    let mut any_lesson = false;
    for lesson in lessons::written() {
        any_lesson = true;
        summary.add_lesson(run_lesson(lesson, arch, Trace::Off)?);
    }
    if !any_lesson {
        summary.add_note("lessons: none written yet".to_string());
    }

    summary.print();
    Ok(summary.exit_code())
}
