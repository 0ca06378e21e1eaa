//! The tools a run needs besides cargo: rustup targets, QEMU, cargo-nextest.
//!
//! Each check has two faces: a `probe_*` that only looks (for `doctor`) and
//! a `require_*` that stops the run with one clear line when the tool is
//! missing, instead of letting a later step fail with a confusing message.

use std::process::{Command, Stdio};

use crate::arch::Arch;
use crate::fail::Fail;
use crate::workspace;

/// The command that installs the QEMU user-mode emulators on Debian/Ubuntu.
pub const QEMU_INSTALL: &str = "apt-get install qemu-user";

/// The command that installs cargo-nextest from crates.io.
pub const NEXTEST_INSTALL: &str = "cargo install cargo-nextest --locked";

/// Runs `command` and returns its first line of stdout if it exits with 0.
fn first_line_of(mut command: Command) -> Option<String> {
    let output = command.stdin(Stdio::null()).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Some(stdout.lines().next().unwrap_or("").trim().to_string())
}

/// The rustup targets installed for the active toolchain.
pub fn installed_targets() -> Result<Vec<String>, Fail> {
    let output = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .stdin(Stdio::null())
        .output()
        .map_err(|error| {
            Fail::setup(format!(
                "could not run `rustup target list --installed` ({error}); \
                 xtask installs cross targets with rustup, see https://rustup.rs"
            ))
        })?;
    if !output.status.success() {
        return Err(Fail::setup(format!(
            "`rustup target list --installed` failed ({})",
            output.status
        )));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout.lines().map(|line| line.trim().to_string()).collect())
}

/// Installs each of `triples` that rustup does not have yet, saying so.
pub fn require_targets(triples: &[&str]) -> Result<(), Fail> {
    let installed = installed_targets()?;
    for triple in triples {
        if installed.iter().any(|target| target == triple) {
            continue;
        }
        println!("xtask: rustup target {triple} is missing; running `rustup target add {triple}`");
        let status = Command::new("rustup")
            .args(["target", "add", triple])
            .stdin(Stdio::null())
            .status();
        if !matches!(status, Ok(status) if status.success()) {
            return Err(Fail::setup(format!(
                "could not install the rust standard library for {triple}; \
                 run it yourself to see why: rustup target add {triple}"
            )));
        }
    }
    Ok(())
}

/// The version line of the QEMU user-mode binary `arch` needs, if it runs.
pub fn probe_qemu(arch: Arch) -> Option<String> {
    let mut command = Command::new(arch.qemu_binary());
    command.arg("--version");
    first_line_of(command)
}

/// Stops with one line if `arch` needs an emulator here and it is missing.
pub fn require_qemu(arch: Arch) -> Result<(), Fail> {
    let Some(qemu) = arch.runner() else {
        return Ok(());
    };
    if probe_qemu(arch).is_some() {
        return Ok(());
    }
    Err(Fail::setup(format!(
        "{qemu} not found: it runs {} programs on this {} machine. Install it with: {QEMU_INSTALL}",
        arch.name(),
        std::env::consts::ARCH
    )))
}

/// The version line of cargo-nextest, if `cargo nextest` runs.
pub fn probe_nextest() -> Option<String> {
    let mut command = workspace::cargo();
    command.args(["nextest", "--version"]);
    first_line_of(command)
}

/// Stops with one line if cargo-nextest is missing.
pub fn require_nextest() -> Result<(), Fail> {
    if probe_nextest().is_some() {
        return Ok(());
    }
    Err(Fail::setup(format!(
        "cargo-nextest not found: it runs every test in its own process. Install it with: {NEXTEST_INSTALL}"
    )))
}
