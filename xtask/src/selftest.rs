//! The freestanding self-test, for architectures without a Rust standard
//! library here (loongarch64, mips64el): the same system-call checks as the
//! test suite's, made by a `no_std` program built like a lesson.
//!
//! It prints each check as `[ok] ...` or `[FAILED] ...` and ends with
//! `claims: N confirmed, M refuted`; each line counts as one test
//! (`judge::selftest`, which judges its run in a VM too).

use std::time::Duration;

use crate::arch::Arch;
use crate::cargo_build::build_freestanding;
use crate::fail::Fail;
use crate::judge;
use crate::nextest::TestCounts;
use crate::run_with_timeout::run_with_timeout;
use crate::user_mode::UserMode;
use crate::workspace;

/// The package and binary name of the self-test.
const PACKAGE: &str = "selftest";

/// It makes a few dozen quick calls; a minute means it hangs.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Builds and runs the self-test for `arch` and counts its checks.
pub fn run_selftest(arch: Arch) -> Result<TestCounts, Fail> {
    println!("==> building the self-test for {}", arch.name());
    let binary = match build_freestanding(PACKAGE, PACKAGE, arch) {
        Ok(binary) => binary,
        Err(reason) => return Ok(failed_whole(format!("build failed: {reason}"))),
    };
    let work_dir = workspace::target_dir()
        .join("lesson-work")
        .join(arch.name())
        .join("selftest");
    let _ = std::fs::remove_dir_all(&work_dir);
    std::fs::create_dir_all(&work_dir).map_err(|error| {
        Fail::setup(format!("could not create {}: {error}", work_dir.display()))
    })?;
    let mut command = UserMode::freestanding(arch)?.command(&binary);
    command.arg(&work_dir).current_dir(&work_dir);
    println!("==> running the self-test ({})", arch.how_it_runs());
    let run = run_with_timeout(command, TIMEOUT)
        .map_err(|error| Fail::setup(format!("could not start the self-test: {error}")))?;

    Ok(judge::selftest(&run, TIMEOUT.as_secs()))
}

fn failed_whole(note: String) -> TestCounts {
    TestCounts {
        passed: 0,
        failed: 1,
        note: Some(note),
    }
}
