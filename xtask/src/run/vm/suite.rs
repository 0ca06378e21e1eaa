//! The test executables for a VM run, and the name of every test in them.
//!
//! On the host, cargo-nextest finds and runs the tests. In the VM our PID 1
//! does, so xtask gives it the list: `cargo test --no-run` builds the
//! executables and names them, and each one's `--list --format terse` (the
//! libtest harness's own listing, run here through QEMU user mode if the
//! executable is foreign) names its tests.
//!
//! They are built in a target directory of their own, without debug
//! information or symbol tables: the initramfs is loaded into guest memory
//! as a whole, and a dozen test executables with debug info are over 100 MB.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::fail::Fail;
use crate::run::user_mode::UserMode;
use crate::tables::arch::{Arch, target_env_var};
use crate::workspace;

/// One test executable.
pub struct TestBinary {
    /// Its name in the VM's /bin: cargo's file name without the hash
    /// (`abi`, and `tests` for the library's own unit tests).
    pub name: String,
    /// Where cargo put it.
    pub path: PathBuf,
    /// The full name of every test in it.
    pub tests: Vec<String>,
}

/// Builds the suite for `triple` and lists every test.
pub fn build_and_list(arch: Arch, triple: &str) -> Result<Vec<TestBinary>, Fail> {
    println!("==> cargo test -p tests --target {triple} --no-run (for the VM)");
    // `json-render-diagnostics`: the artifacts as JSON on stdout, where
    // they are read below, and every compiler and linker message rendered
    // on stderr, as cargo shows it to a person. (Plain `json` would turn
    // those messages into JSON on stdout, and a failed build would show
    // nothing.)
    let output = suite_build(arch, triple)
        .args(["--message-format", "json-render-diagnostics"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| Fail::could_not("start", "cargo", error))?;
    if !output.status.success() {
        return Err(Fail::command_failed(
            format!("building the tests for {triple}"),
            output.status,
            "; cargo's message is above",
        ));
    }
    let mut binaries = Vec::new();
    for path in executables(&String::from_utf8_lossy(&output.stdout)) {
        let file_name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("test");
        let name = file_name
            .rsplit_once('-')
            .map_or(file_name, |(name, _hash)| name)
            .to_string();
        let tests = list_tests(arch, &path)?;
        binaries.push(TestBinary { name, path, tests });
    }
    // The model-based tests (`model_*`) last: each runs 150 random
    // sequences and takes 5 to 30 s in a VM, while most others take a
    // fraction of a second. First, the console shows results within a
    // second of PID 1 starting, and "boot to first result" measures the
    // boot, not whichever test cargo happened to list first.
    binaries.sort_by_key(|binary| (binary.name.starts_with("model_"), binary.name.clone()));
    Ok(binaries)
}

/// `cargo test -p tests --no-run` for `triple`, as the VM needs it.
fn suite_build(arch: Arch, triple: &str) -> Command {
    let mut cargo = workspace::cargo();
    cargo
        .args(["test", "-p", "tests", "--no-run", "--target", triple])
        .env(
            "CARGO_TARGET_DIR",
            workspace::target_dir().join("vm").join("tests"),
        )
        // Tests build with the `test` profile, which inherits from `dev`.
        // No debug information and no symbol table: the machine runs the
        // executables and never reads either (a panic message names its
        // file and line without them). Every byte is copied into the
        // guest's memory at boot, before PID 1 starts: stripped, aarch64's
        // initramfs shrank from 33.1 to 21.0 MiB and its boot to the first
        // result by 0.09 s (medians of eight alternating boots).
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
        .env("CARGO_PROFILE_DEV_STRIP", "symbols")
        .env("CARGO_PROFILE_TEST_STRIP", "symbols")
        .stdin(Stdio::null());
    if let Some(cross) = arch.cross_gcc() {
        cargo.env(target_env_var(triple, "LINKER"), cross.gcc);
    }
    cargo
}

/// The test executables in cargo's JSON messages: the `compiler-artifact`
/// lines of test targets, whose `"executable"` is a path (it is `null` for
/// libraries). Paths under the target directory need no JSON unescaping.
fn executables(messages: &str) -> Vec<PathBuf> {
    const KEY: &str = "\"executable\":\"";
    messages
        .lines()
        .filter(|line| line.contains("\"reason\":\"compiler-artifact\""))
        .filter(|line| line.contains("\"test\":true"))
        .filter_map(|line| {
            let start = line.find(KEY)? + KEY.len();
            let end = start + line[start..].find('"')?;
            Some(PathBuf::from(&line[start..end]))
        })
        .collect()
}

/// `<binary> --list --format terse`: one `name: test` line per test.
fn list_tests(arch: Arch, binary: &std::path::Path) -> Result<Vec<String>, Fail> {
    let output = UserMode::tests(arch)?
        .command(binary)
        .args(["--list", "--format", "terse"])
        .stdin(Stdio::null())
        .output()
        .map_err(|error| Fail::could_not("list", binary.display(), error))?;
    if !output.status.success() {
        return Err(Fail::command_failed(
            format!("{} --list", binary.display()),
            output.status,
            "",
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}
