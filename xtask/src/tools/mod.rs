//! The programs a run needs besides cargo and rustup: found on the system
//! or fetched, never installed.
//!
//! For each tool (QEMU user mode, `qemu-system-*`, cargo-nextest,
//! cargo-mutants) xtask
//! first looks on `PATH`; a tool there is used if it runs (and, for QEMU
//! user mode, is at or above the floor of `qemu_version.rs`). If it is
//! missing or too old, xtask fetches one into `target/tools/` without
//! root and without touching the system's configuration: Debian packages
//! through a private apt configuration, unpacked with `dpkg-deb -x`
//! (`private_apt.rs`, `deb_fetch.rs`), and cargo subcommands with
//! `cargo install --root` (`cargo_tool.rs`). Each fetch says what it fetched, which version,
//! and where it put it, once; later runs find it there.
//!
//! `MMAP_TOOLS` chooses: `auto` (the default: the system's if good enough,
//! else fetched), `system` (only the system's; a missing or too-old tool
//! stops the run with one line), `fetched` (always ours, even where the
//! system has one).

pub mod callgrind;
pub mod cargo_tool;
pub mod deb_fetch;
pub mod kernel;
pub mod private_apt;
pub mod qemu_system;
pub mod qemu_user;
pub mod qemu_version;
pub mod system_source;
pub mod toolchain;
mod vmlinux;
pub mod wheel;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::fail::Fail;
use crate::workspace;
use private_apt::PrivateApt;
use system_source::system_source;

/// The environment variable that chooses system or fetched tools.
pub const CHOICE_VAR: &str = "MMAP_TOOLS";

/// Which tools to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The system's when present and recent enough, else fetched.
    Auto,
    /// Only the system's.
    System,
    /// Only fetched ones.
    Fetched,
}

impl Choice {
    /// The value of `MMAP_TOOLS` that selects it.
    pub fn name(self) -> &'static str {
        match self {
            Choice::Auto => "auto",
            Choice::System => "system",
            Choice::Fetched => "fetched",
        }
    }
}

/// `MMAP_TOOLS`; an unknown value stops the run with one line.
pub fn choice() -> Result<Choice, Fail> {
    match std::env::var(CHOICE_VAR).as_deref() {
        Err(_) | Ok("") | Ok("auto") => Ok(Choice::Auto),
        Ok("system") => Ok(Choice::System),
        Ok("fetched") => Ok(Choice::Fetched),
        Ok(other) => Err(Fail::bad_input(format!(
            "{CHOICE_VAR}={other}: expected auto, system or fetched"
        ))),
    }
}

/// A tool ready to run, and where it came from.
#[derive(Clone, Debug)]
pub struct Tool {
    /// Its absolute path.
    pub path: PathBuf,
    /// Its version line.
    pub version: String,
    /// `system` or `fetched (Debian package qemu-user 1:10.0.2...)`.
    pub origin: String,
    /// Directories of shared libraries it needs that the system lacks
    /// (fetched `qemu-system-*` only), for `LD_LIBRARY_PATH`.
    pub library_dirs: Vec<PathBuf>,
    /// Directories of firmware and data files that a fetched
    /// `qemu-system-*` is to search (its `-L` option).
    pub data_dirs: Vec<PathBuf>,
}

impl Tool {
    /// A command that runs the tool, with its libraries found.
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.path);
        if !self.library_dirs.is_empty() {
            let mut dirs = self.library_dirs.clone();
            if let Some(old) = std::env::var_os("LD_LIBRARY_PATH") {
                dirs.extend(std::env::split_paths(&old));
            }
            if let Ok(joined) = std::env::join_paths(dirs) {
                command.env("LD_LIBRARY_PATH", joined);
            }
        }
        command
    }

    /// The firmware or data file `name` from the directories a `qemu-system-*`
    /// searches: its `-L` directories, then its built-in ones, which it
    /// lists itself for `-L help`.
    pub fn data_file(&self, name: &str) -> Option<PathBuf> {
        let mut command = self.command();
        for dir in &self.data_dirs {
            command.arg("-L").arg(dir);
        }
        command.args(["-L", "help"]);
        let output = command
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|dir| Path::new(dir.trim()).join(name))
            .find(|path| path.is_file())
    }
}

/// Where fetched tools live: `target/tools/` under the workspace root,
/// whatever `CARGO_TARGET_DIR` says, so that a build in another target
/// directory still finds what was fetched once.
pub fn tools_dir() -> PathBuf {
    workspace::root().join("target").join("tools")
}

/// Runs `fetch` while holding `target/tools/fetch.lock`, so that two xtask
/// runs at once (tests run in parallel) never fetch into the same directory
/// or share apt's private lists at the same time. The caller checks again,
/// inside, whether another run fetched it meanwhile.
pub fn while_locked<T>(fetch: impl FnOnce() -> Result<T, Fail>) -> Result<T, Fail> {
    let dir = tools_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|error| Fail::could_not("create", workspace::shown(&dir), error))?;
    let path = dir.join("fetch.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|error| Fail::could_not("open", workspace::shown(&path), error))?;
    // flock(2): released when `file` is closed, even if this process dies.
    if let Err(std::fs::TryLockError::WouldBlock) = file.try_lock() {
        println!(
            "xtask: waiting for another xtask run to finish fetching (it holds {})",
            workspace::shown(&path)
        );
    }
    file.lock()
        .map_err(|error| Fail::could_not("lock", workspace::shown(&path), error))?;
    let result = fetch();
    drop(file);
    result
}

/// `program`'s absolute path, found the way a shell finds it: the first
/// directory in `$PATH` that holds it.
pub fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .and_then(|found| std::path::absolute(found).ok())
}

/// The first line `command --version` prints, if it runs and succeeds.
pub fn version_line(mut command: Command) -> Option<String> {
    command.arg("--version");
    first_line(command)
}

/// The first line `command` prints, if it runs and succeeds.
pub fn first_line(mut command: Command) -> Option<String> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Some(stdout.lines().next().unwrap_or("").trim().to_string())
}

/// This machine's dpkg architecture (`amd64`, `arm64`).
pub fn host_deb_arch() -> Result<String, Fail> {
    let output = Command::new("dpkg")
        .arg("--print-architecture")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| Fail::could_not("run", "dpkg", error))?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The private apt configuration for this machine's own architecture,
/// with its release and that release's backports, index loaded once per
/// run.
pub fn host_apt() -> Result<&'static PrivateApt, Fail> {
    static APT: OnceLock<PrivateApt> = OnceLock::new();
    if let Some(apt) = APT.get() {
        return Ok(apt);
    }
    let source = system_source()?;
    let mut apt = PrivateApt::prepare(
        &source,
        &tools_dir().join("apt"),
        &source.release_and_backports(),
        &host_deb_arch()?,
    )?;
    apt.update();
    Ok(APT.get_or_init(|| apt))
}

/// Records what was fetched into `dir`, for later runs and `doctor`.
pub fn write_origin(dir: &Path, origin: &str) -> Result<(), Fail> {
    let file = dir.join("origin");
    std::fs::write(&file, format!("{origin}\n"))
        .map_err(|error| Fail::could_not("write", workspace::shown(&file), error))
}

/// What `write_origin` recorded in `dir`, if anything.
pub fn read_origin(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join("origin"))
        .ok()
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
}
