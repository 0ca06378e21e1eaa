//! `cargo xtask mutants`: do the tests notice when the wrappers are wrong?
//!
//! cargo-mutants changes the code one small way at a time (a `|` becomes
//! `^`, a function returns 0, a `<` becomes `<=`), builds, and runs the test
//! suite against each change. A change no test notices ("missed") is code
//! the tests do not really check. This runs it natively over the crates
//! whose behaviour the suite is about: `mman`, `unistd`, and `syscall`'s
//! errno decoding and argument conversion (its asm is another matter: a
//! mutated register constraint does not build, or crashes everything).
//!
//! Some mutants cannot be caught, and are skipped by name, each with its
//! reason, which the report prints: an equivalent mutant computes the same
//! thing (`|` and `^` of bits that never overlap), and a mutant in code
//! compiled only for other architectures changes nothing in this build.
//!
//! Tests that wait (for a child, a pipe, a futex) get 10 seconds here
//! (`MMAP_TEST_WAIT`), not the 60 that slow emulated machines need, and
//! nextest kills any test still running after 10 s, so a mutant that loses
//! a wake-up or makes a loop spin fails a test in seconds. cargo-mutants
//! counts a suite still running after its own timeout (60 s) as a timeout,
//! which this command reports as missed.

use std::path::Path;
use std::process::ExitCode;

use crate::fail::Fail;
use crate::judge::summary::Total;
use crate::tools::cargo_tool::{MUTANTS, NEXTEST};
use crate::workspace;

/// The packages whose code is mutated, and the files in them.
const PACKAGES: [&str; 3] = ["mman", "unistd", "syscall"];
/// The tests run against each mutant: the suite, and the mutated crates'
/// own unit tests.
fn test_packages() -> impl Iterator<Item = &'static str> {
    std::iter::once("tests").chain(PACKAGES)
}
const FILES: [&str; 4] = [
    "crates/mman/src/*.rs",
    "crates/unistd/src/*.rs",
    "crates/syscall/src/errno.rs",
    "crates/syscall/src/lib.rs",
];

/// How long a waiting test waits under a mutant, in seconds.
const TEST_WAIT_SECS: &str = "10";

/// The environment of every test run here: the short wait; nextest's
/// `mutants` profile (.config/nextest.toml), which kills a test still
/// running after 10 s; and 300 random sequences per model test (as under
/// QEMU) rather than 1,000, so that no healthy test comes near that limit.
const TEST_ENV: [(&str, &str); 3] = [
    (protocol::env::TEST_WAIT, TEST_WAIT_SECS),
    ("NEXTEST_PROFILE", "mutants"),
    (protocol::env::MODEL_CASES, "300"),
];

/// A mutant left out, by a regular expression over cargo-mutants' names
/// for mutants (`file:line:col: replace ...`), and why.
struct Skipped {
    pattern: &'static str,
    why: &'static str,
}

const SKIPPED: &[Skipped] = &[
    Skipped {
        pattern: r"^crates/mman/src/mapping\.rs:\d+:\d+: replace \| with \^ in Mapping::anonymous$",
        why: "equivalent: MAP_PRIVATE and MAP_ANONYMOUS share no bit, so `^` gives what `|` \
              gives (written with `|` as C writes it)",
    },
    Skipped {
        pattern: r"^crates/mman/src/mapping\.rs:\d+:\d+: replace Mapping::is_empty -> bool with false$",
        why: "equivalent: a Mapping is never empty (mmap refuses length 0 with EINVAL, and \
              the tests check that), so is_empty always answers false; it exists because \
              clippy asks for it beside len",
    },
    Skipped {
        pattern: r"^crates/mman/src/mapping\.rs:\d+:\d+: replace Mapping::unmap -> Result<\(\), Errno> with Ok\(\(\)\)$",
        why: "equivalent: with the body gone, `self` is dropped at the end and Drop unmaps \
              the same range; munmap of a range mmap gave cannot fail, so Ok(()) is what \
              the real body returns too",
    },
    Skipped {
        pattern: r"^crates/unistd/src/uname\.rs:\d+:\d+: replace kernel_is_64bit -> bool with true$",
        why: "equivalent on a 64-bit host, where a 64-bit kernel always answers; the rule for \
              32-bit programs is answered_in_64_bits, whose own tests check every case",
    },
];

/// A test run under a mutant that has not ended after this many seconds
/// is stopped and counted as a timeout. The suite takes about 5 s natively
/// and a waiting test gives up after `TEST_WAIT_SECS`, so only a wait with
/// no deadline of its own comes near it.
const TIMEOUT_SECS: &str = "60";

/// Runs cargo-mutants and reports; exit 0 only if nothing was missed.
/// With `iterate`, only the mutants the last run did not catch are tried
/// again (cargo-mutants' `--iterate`, from `target/mutants`).
pub fn mutants(iterate: bool) -> Result<ExitCode, Fail> {
    let mut command = MUTANTS.command_with(&[&NEXTEST])?;
    unmutated_suite_passes()?;
    let output = workspace::target_dir().join("mutants");
    for package in PACKAGES {
        command.args(["--package", package]);
    }
    for file in FILES {
        command.args(["--file", file]);
    }
    for package in test_packages() {
        command.args(["--test-package", package]);
    }
    for skipped in SKIPPED {
        command.args(["--exclude-re", skipped.pattern]);
    }
    if iterate {
        command.arg("--iterate");
    }
    command
        .args(["--test-tool", "nextest", "--timeout", TIMEOUT_SECS])
        .arg("--output")
        .arg(&output)
        .envs(TEST_ENV)
        .current_dir(workspace::root());
    println!("==> {command:?}");
    let status = command
        .status()
        .map_err(|error| Fail::could_not("start", "cargo mutants", error))?;
    // 0: all caught; 2: some missed; 3: some timed out. Anything else means
    // cargo-mutants could not do its job (1: usage, 4: the unmutated tree
    // failed its tests), and it has said why.
    if !matches!(status.code(), Some(0 | 2 | 3)) {
        return Err(Fail::command_failed(
            "cargo mutants",
            status,
            "; its message is above",
        ));
    }
    report(&output.join("mutants.out"))
}

/// The suite and the mutated crates' own tests, unmutated, with the short
/// wait: they must pass first, or every mutant would count as caught.
/// (cargo-mutants' own unmutated run tests only the mutated packages.)
fn unmutated_suite_passes() -> Result<(), Fail> {
    let mut command = NEXTEST.command()?;
    command.arg("run");
    for package in test_packages() {
        command.args(["--package", package]);
    }
    command.envs(TEST_ENV).current_dir(workspace::root());
    println!("==> the unmutated code first: {command:?}");
    let status = command
        .status()
        .map_err(|error| Fail::could_not("start", "cargo nextest", error))?;
    if status.success() {
        Ok(())
    } else {
        Err(Fail::setup(format!(
            "the tests fail on the unmutated code ({status}; above): mutants would mean nothing"
        )))
    }
}

/// Prints the skipped mutants with their reasons, what was missed, the
/// slowest test run, and the closing line.
fn report(out: &Path) -> Result<ExitCode, Fail> {
    let path = out.join("outcomes.json");
    if !path.exists() {
        // cargo-mutants writes no report when no mutant is left to test.
        println!("no mutant left to test (with --iterate: the last runs caught them all)");
        println!("0 passed, 0 failed");
        return Ok(ExitCode::SUCCESS);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Fail::could_not("read", path.display(), error))?;
    let outcomes: serde_json::Value = serde_json::from_str(&text)
        .map_err(|error| Fail::setup(format!("{}: {error}", path.display())))?;
    let count = |key: &str| outcomes[key].as_u64().unwrap_or(0);
    let (caught, unviable, missed, timeout) = (
        count("caught"),
        count("unviable"),
        count("missed"),
        count("timeout"),
    );

    println!("skipped, by name (cargo xtask mutants's list):");
    for skipped in SKIPPED {
        println!("  {}\n      {}", skipped.pattern, skipped.why);
    }
    let mut slowest: Option<(f64, String)> = None;
    let mut not_caught = Vec::new();
    for outcome in outcomes["outcomes"].as_array().into_iter().flatten() {
        let Some(name) = outcome["scenario"]["Mutant"]["name"].as_str() else {
            continue; // the baseline
        };
        let summary = outcome["summary"].as_str().unwrap_or("");
        if matches!(summary, "MissedMutant" | "Timeout") {
            not_caught.push(format!("{summary}: {name}"));
        }
        for phase in outcome["phase_results"].as_array().into_iter().flatten() {
            let seconds = phase["duration"].as_f64().unwrap_or(0.0);
            if phase["phase"] == "Test" && slowest.as_ref().is_none_or(|(most, _)| seconds > *most)
            {
                slowest = Some((seconds, name.to_string()));
            }
        }
    }
    if let Some((seconds, name)) = slowest {
        println!("slowest test run under a mutant: {seconds:.1} s ({name})");
    }
    for line in &not_caught {
        println!("  {line}");
    }
    println!(
        "{} mutants: {caught} caught by a test, {unviable} did not build, {missed} missed, \
         {timeout} timed out (logs in {})",
        caught + unviable + missed + timeout,
        workspace::shown(out)
    );
    Ok(Total {
        passed: caught + unviable,
        failed: missed + timeout,
    }
    .print())
}
