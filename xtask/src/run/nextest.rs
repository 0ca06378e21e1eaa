//! Running the `tests` crate under cargo-nextest for one architecture.
//!
//! nextest runs each test in its own process, so a test can let a child die
//! of SIGSEGV or SIGBUS and watch. For a foreign architecture it starts each
//! test executable through cargo's target runner (here `qemu-aarch64`), the
//! same mechanism `cargo test` uses.

use std::process::Stdio;
use std::time::SystemTime;

use crate::fail::Fail;
use crate::judge::junit;
use crate::judge::outcome::TestCounts;
use crate::run::user_mode::UserMode;
use crate::tables::arch::{Arch, target_env_var};
use crate::workspace;

/// Runs `cargo nextest run -p tests` for `arch`, its output going straight
/// to the terminal, and returns the counts from its JUnit report.
pub fn run_tests(arch: Arch, triple: &str) -> Result<TestCounts, Fail> {
    let target_dir = workspace::target_dir();
    let mut cargo = crate::tools::cargo_tool::NEXTEST.command()?;
    cargo
        .args(["run", "-p", "tests", "--target", triple])
        .arg("--no-fail-fast")
        .env("CARGO_TARGET_DIR", &target_dir)
        .stdin(Stdio::null());
    // The short wait is for `cargo xtask mutants`; one left in the shell
    // must not shorten the waits a slow emulator needs.
    cargo.env_remove(protocol::env::TEST_WAIT);
    if std::env::var(protocol::env::INJECT_HANG).as_deref() == Ok("1") {
        // The fault tests' hanging test (tests/tests/inject_hang.rs).
        cargo.args(["--features", "tests/inject-hang"]);
    }
    if let Some(cross) = arch.cross_gcc() {
        // Linked by the target's C compiler against the target's glibc.
        cargo.env(target_env_var(triple, "LINKER"), cross.gcc);
    }
    let place = UserMode::tests(arch)?;
    if let Some((variable, runner)) = place.runner_setting(triple)? {
        cargo.env(variable, runner);
    }
    // Tell the tests which emulator runs them, by its path: the few checks
    // where QEMU answers differently from a kernel say so (see
    // tests/src/lib.rs), and the execve test runs a foreign executable
    // through it, as a binfmt_misc rule would (tests/tests/two_processes.rs).
    // QEMU_LD_PREFIX is `-L` for that second emulator, which the runner
    // setting does not reach.
    match place.emulator() {
        Some(path) => cargo.env(protocol::env::TESTS_EMULATOR, path),
        None => cargo.env_remove(protocol::env::TESTS_EMULATOR),
    };
    match place.sysroot() {
        Some(sysroot) => cargo.env("QEMU_LD_PREFIX", sysroot),
        None => cargo.env_remove("QEMU_LD_PREFIX"),
    };

    println!(
        "==> cargo nextest run -p tests --target {triple} ({})",
        crate::tools::qemu_user::describe(arch)
    );
    // Taken before the start: a report older than this is a previous run's.
    let started = SystemTime::now();
    let status = cargo
        .status()
        .map_err(|error| Fail::could_not("start", "`cargo nextest`", error))?;

    // The path `.config/nextest.toml` sets, under the default profile.
    // nextest keeps its store (and so the JUnit report) in `target/nextest`
    // under the workspace root, whatever CARGO_TARGET_DIR says (its
    // `store.dir` setting, relative to the workspace).
    let report = workspace::root()
        .join("target")
        .join("nextest")
        .join("default")
        .join("junit.xml");
    let counts = match junit::read_counts(&report, started) {
        Ok(counts) => counts,
        Err(why) => {
            // No counts (typically a build error): the exit status is all
            // there is. One pass or one failure stands for the whole run.
            let (passed, failed) = if status.success() { (1, 0) } else { (0, 1) };
            return Ok(TestCounts {
                passed,
                failed,
                note: Some(format!(
                    "{why}; judged by nextest's exit status ({status}) alone"
                )),
            });
        }
    };

    let mut result = TestCounts {
        passed: counts.passed(),
        failed: counts.failed(),
        note: None,
    };
    if !status.success() && result.failed == 0 {
        // Something went wrong that no test case records (e.g. a test
        // binary that could not be listed): count it rather than hide it.
        result.failed = 1;
        result.note = Some(format!(
            "nextest ended with {status} though its report shows no failed test; counted as 1 failure"
        ));
    }
    Ok(result)
}
