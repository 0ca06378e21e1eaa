//! The freestanding self-test, for architectures without a Rust standard
//! library here (loongarch64, mips64el): the same system-call checks as the
//! test suite's, made by a `no_std` program built like a lesson.
//!
//! It prints each check as `[ok] ...` or `[FAILED] ...` and ends with
//! `claims: N confirmed, M refuted`; each line counts as one test
//! (`judge::selftest`, which judges its run in a VM too).

use crate::build::cargo_build::build_freestanding;
use crate::fail::Fail;
use crate::judge;
use crate::judge::outcome::TestCounts;
use crate::run::lesson_run::{TIMEOUT_SECS, Trace, empty_dir, run_in_work_dir};
use crate::tables::arch::Arch;
use crate::workspace;

/// The package and binary name of the self-test.
const PACKAGE: &str = "selftest";

/// Builds and runs the self-test for `arch` and counts its checks.
pub fn run_selftest(arch: Arch) -> Result<TestCounts, Fail> {
    println!("==> building the self-test for {}", arch.name());
    let binary = match build_freestanding(PACKAGE, PACKAGE, arch) {
        Ok(binary) => binary,
        Err(reason) => return Ok(failed_whole(format!("build failed: {reason}"))),
    };
    let work_dir = empty_dir(
        workspace::target_dir()
            .join("lesson-work")
            .join(arch.name())
            .join("selftest"),
    )?;
    // Started as a lesson is, with the same deadline (a few dozen quick
    // calls: a minute means it hangs).
    let run = run_in_work_dir(&binary, arch, &work_dir, Trace::Off, None, "the self-test")?
        .0
        .map_err(|error| Fail::could_not("start", "the self-test", error))?;
    Ok(judge::selftest(&run, TIMEOUT_SECS))
}

fn failed_whole(note: String) -> TestCounts {
    TestCounts {
        passed: 0,
        failed: 1,
        note: Some(note),
    }
}
