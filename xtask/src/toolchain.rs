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

/// The version line of `arch`'s cross C compiler, if it needs one and it runs.
pub fn probe_cross_gcc(gcc: &str) -> Option<String> {
    let mut command = Command::new(gcc);
    command.arg("--version");
    first_line_of(command)
}

/// Stops with one line if `arch`'s tests need a cross C compiler that is
/// missing.
pub fn require_cross_gcc(arch: Arch) -> Result<(), Fail> {
    let Some(cross) = arch.cross_gcc() else {
        return Ok(());
    };
    if probe_cross_gcc(cross.gcc).is_some() {
        return Ok(());
    }
    Err(Fail::setup(format!(
        "{} not found: it links the {} test binaries against the target's C library. \
         Install it with: apt-get install {}",
        cross.gcc,
        arch.name(),
        cross.package
    )))
}

/// Whether the `rust-src` component is installed (needed to compile `core`
/// for targets rustup has no library for).
pub fn probe_rust_src() -> bool {
    let mut command = Command::new("rustc");
    command.args(["--print", "sysroot"]);
    first_line_of(command).is_some_and(|sysroot| {
        std::path::Path::new(&sysroot)
            .join("lib/rustlib/src/rust/library/core/Cargo.toml")
            .is_file()
    })
}

/// The command that installs `rust-src`.
pub const RUST_SRC_INSTALL: &str = "rustup component add rust-src";

/// Stops with one line if `arch` builds `core` from source and `rust-src`
/// is missing.
pub fn require_rust_src(arch: Arch) -> Result<(), Fail> {
    if arch.spec().core != crate::arch::CoreLibrary::FromSource || probe_rust_src() {
        return Ok(());
    }
    Err(Fail::setup(format!(
        "the rust-src component is missing: {} programs are built with a `core` compiled \
         from source, as rustup has no library for {}. Install it with: {RUST_SRC_INSTALL}",
        arch.name(),
        arch.lesson_triple()
    )))
}

/// Every check a run for `arch` needs, in order: stops at the first gap.
pub fn require_all(arch: Arch) -> Result<(), Fail> {
    require_targets(&arch.rustup_targets())?;
    require_rust_src(arch)?;
    require_qemu(arch)?;
    if let crate::arch::TestSuite::Nextest { .. } = arch.spec().tests {
        require_nextest()?;
        require_cross_gcc(arch)?;
    }
    Ok(())
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
