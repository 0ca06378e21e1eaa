//! The freestanding self-test, for architectures without a Rust standard
//! library here (loongarch64, mips64el): the same system-call checks as the
//! test suite's, made by a `no_std` program built like a lesson.
//!
//! It prints each check as `[ok] ...` or `[FAILED] ...` and ends with
//! `claims: N confirmed, M refuted`; each line counts as one test.

use protocol::claims;
use std::process::Command;
use std::time::Duration;

use crate::arch::Arch;
use crate::cargo_build::build_freestanding;
use crate::fail::Fail;
use crate::nextest::TestCounts;
use crate::run_with_timeout::run_with_timeout;
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
    let mut command = match crate::tools::qemu_user::emulator(arch)? {
        Some(qemu) => {
            let mut command = qemu.command();
            command.arg(&binary);
            command
        }
        None => Command::new(&binary),
    };
    command.arg(&work_dir).current_dir(&work_dir);
    println!("==> running the self-test ({})", arch.how_it_runs());
    let run = run_with_timeout(command, TIMEOUT)
        .map_err(|error| Fail::setup(format!("could not start the self-test: {error}")))?;

    let passed = run
        .stdout
        .iter()
        .filter(|l| l.starts_with(claims::CONFIRMED))
        .count() as u64;
    // The self-test has no claim a machine may leave untried: a
    // `[not tried]` line there counts as a failure, not as nothing.
    let failed = run
        .stdout
        .iter()
        .filter(|l| l.starts_with(claims::REFUTED) || l.starts_with(claims::NOT_TRIED))
        .count() as u64;
    let closed = run.stdout.iter().any(|l| l.starts_with(claims::CLOSING));
    let note = if run.timed_out {
        Some(format!("timed out after {} s", TIMEOUT.as_secs()))
    } else if !run.status.success() && failed == 0 {
        Some(format!("ended with {} without a failed check", run.status))
    } else if !closed {
        Some("ended before its closing `claims:` line".to_string())
    } else {
        None
    };
    // An abnormal end counts as one more failure, so it cannot pass unseen.
    let failed = failed + u64::from(note.is_some());
    Ok(TestCounts {
        passed,
        failed,
        note: note.map(|n| format!("self-test: {n}")),
    })
}

fn failed_whole(note: String) -> TestCounts {
    TestCounts {
        passed: 0,
        failed: 1,
        note: Some(note),
    }
}
