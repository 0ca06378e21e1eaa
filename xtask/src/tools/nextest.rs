//! cargo-nextest: the system's `cargo nextest` if it runs, else one built
//! once with `cargo install --locked` into `target/tools/cargo-nextest/`.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::fail::Fail;
use crate::tools::{CHOICE_VAR, Choice, choice, read_origin, tools_dir, write_origin};
use crate::workspace;

/// Where a fetched cargo-nextest is installed (`bin/cargo-nextest` inside).
fn install_root() -> PathBuf {
    tools_dir().join("cargo-nextest")
}

/// `cargo nextest`, run by the cargo that runs xtask, with the fetched
/// nextest first on `PATH` when that is the one to use. Found or built once
/// per run.
pub fn cargo_nextest() -> Result<Command, Fail> {
    static BIN_DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    let bin_dir = match BIN_DIR.get() {
        Some(dir) => dir.clone(),
        None => {
            let dir = resolve()?;
            BIN_DIR.get_or_init(|| dir).clone()
        }
    };
    let mut command = workspace::cargo();
    if let Some(dir) = bin_dir {
        // cargo finds `cargo-nextest` for `cargo nextest` on PATH.
        let mut dirs = vec![dir];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        if let Ok(path) = std::env::join_paths(dirs) {
            command.env("PATH", path);
        }
    }
    command.arg("nextest");
    Ok(command)
}

/// The version line of the system's `cargo nextest`, if it runs.
pub fn system_version() -> Option<String> {
    let mut command = workspace::cargo();
    command.args(["nextest", "--version"]);
    super::version_line(command)
}

/// The fetched nextest's version line and origin, if a run built it.
pub fn fetched_version() -> Option<(String, String)> {
    let root = install_root();
    let origin = read_origin(&root)?;
    Some((nextest_version(&root)?, origin))
}

/// `None`: the system's nextest; `Some(dir)`: the fetched one's bin dir.
fn resolve() -> Result<Option<PathBuf>, Fail> {
    let choice = choice()?;
    if choice != Choice::Fetched && system_version().is_some() {
        return Ok(None);
    }
    if choice == Choice::System {
        return Err(Fail::setup(format!(
            "cargo-nextest not found: it runs every test in its own process, and \
             {CHOICE_VAR}=system forbids building it here. Install it with: \
             cargo install cargo-nextest --locked"
        )));
    }
    let root = install_root();
    if fetched_version().is_none() {
        super::while_locked(|| match fetched_version() {
            Some(_) => Ok(()),
            None => install(&root),
        })?;
    }
    Ok(Some(root.join("bin")))
}

/// `cargo install cargo-nextest --locked --root <root>`, without the
/// self-update feature (which brings an HTTP client and is of no use here).
fn install(root: &std::path::Path) -> Result<(), Fail> {
    println!(
        "xtask: cargo-nextest not found; building it with `cargo install --locked` into {} \
         (a few minutes, once; nothing is installed system-wide)",
        workspace::shown(root)
    );
    let status = workspace::cargo()
        .args(["install", "cargo-nextest", "--locked"])
        .args(["--no-default-features", "--features", "default-no-update"])
        .arg("--root")
        .arg(root)
        // cargo install builds in a temporary directory of its own unless
        // told otherwise; the workspace's target directory is not for it.
        .env_remove("CARGO_TARGET_DIR")
        .stdin(Stdio::null())
        .status()
        .map_err(|error| Fail::setup(format!("could not start cargo install: {error}")))?;
    if !status.success() {
        return Err(Fail::setup(format!(
            "cargo install cargo-nextest failed ({status}); its message is above"
        )));
    }
    let line = nextest_version(root).unwrap_or_else(|| "cargo-nextest".to_string());
    write_origin(root, &format!("{line}, built by cargo install --locked"))?;
    // (cargo install's advice to add the directory to PATH is for people;
    // xtask puts it on the PATH of the cargo it starts.)
    println!(
        "xtask: {line} is in {}; xtask runs it from there, nothing to add to PATH",
        workspace::shown(&root.join("bin"))
    );
    Ok(())
}

/// The version line of the nextest installed under `root`. The program
/// expects cargo's calling convention, `cargo-nextest nextest ARGS`.
fn nextest_version(root: &std::path::Path) -> Option<String> {
    let mut command = Command::new(root.join("bin").join("cargo-nextest"));
    command.arg("nextest");
    super::version_line(command)
}
