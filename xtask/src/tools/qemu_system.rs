//! The full-system emulator `--vm` boots a kernel with: the system's
//! `qemu-system-*` if it runs, else Debian's package from the system's
//! release or its backports, fetched once into `target/tools/<package>/`.
//!
//! Unlike QEMU user mode, `qemu-system-*` is linked dynamically against
//! some twenty libraries and needs firmware files (the PC BIOS, network
//! boot ROMs). Debian's package tools say which of those this machine
//! lacks (`deb_fetch.rs`); they are unpacked beside the emulator, found
//! through `LD_LIBRARY_PATH`, and the firmware through QEMU's `-L`. That
//! works where the packages come from the machine's own release (so that
//! they were built against the C library it has): a package from a newer
//! release would need a newer glibc, which cannot be swapped in this way.
//!
//! The floor of `qemu_version.rs` is about user mode's reimplementation of
//! memory management; under `qemu-system-*` the guest's own kernel does
//! that work, so any version that boots the machine is used.

use std::path::{Path, PathBuf};

use crate::fail::Fail;
use crate::tools::deb_fetch::{self, require_package_tools};
use crate::tools::qemu_version::QemuVersion;
use crate::tools::{
    CHOICE_VAR, Choice, Tool, choice, host_apt, on_path, read_origin, tools_dir, version_line,
    write_origin,
};
use crate::workspace;

/// The system emulator `program` (from Debian package `package`): the
/// system's or a fetched one.
pub fn emulator(program: &str, package: &str) -> Result<Tool, Fail> {
    let choice = choice()?;
    if choice != Choice::Fetched
        && let Some(tool) = system_emulator(program)
    {
        return Ok(tool);
    }
    if choice == Choice::System {
        return Err(Fail::missing(
            program,
            format!(
                "it boots the kernel for --vm, and {CHOICE_VAR}=system forbids fetching it. \
                 Install it with: apt-get install {package}"
            ),
        ));
    }
    if let Some(tool) = fetched_emulator(program, package) {
        return Ok(tool);
    }
    super::while_locked(|| match fetched_emulator(program, package) {
        Some(_) => Ok(()),
        None => fetch(package),
    })?;
    fetched_emulator(program, package).ok_or_else(|| {
        Fail::setup(format!(
            "the fetched {package} has no {program} that runs here (see {}); install it with: \
             apt-get install {package}",
            workspace::shown(&tools_dir().join(package))
        ))
    })
}

/// The system's `program`, if it runs.
pub fn system_emulator(program: &str) -> Option<Tool> {
    let path = on_path(program)?;
    let version = version_line(std::process::Command::new(&path))?;
    Some(Tool {
        path,
        version,
        origin: "system".to_string(),
        library_dirs: Vec::new(),
        data_dirs: Vec::new(),
    })
}

/// The fetched `program`, if a previous run fetched `package` and it runs.
pub fn fetched_emulator(program: &str, package: &str) -> Option<Tool> {
    let dir = tools_dir().join(package);
    let origin = read_origin(&dir)?;
    let root = dir.join("root");
    let mut tool = Tool {
        path: root.join("usr/bin").join(program),
        version: String::new(),
        origin: format!("fetched: {origin}"),
        library_dirs: library_dirs(&root),
        data_dirs: data_dirs(&root),
    };
    tool.version = version_line(tool.command())?;
    Some(tool)
}

/// Fetches the newest `package` the system's release or its backports
/// offer, with what it needs that this machine lacks.
fn fetch(package: &str) -> Result<(), Fail> {
    require_package_tools("qemu-system")?;
    let apt = host_apt()?;
    let newest = apt
        .versions_of(package)
        .into_iter()
        .max_by_key(|offer| QemuVersion::from_debian_version(&offer.version));
    let Some(offer) = newest else {
        return Err(Fail::setup(format!(
            "this machine's release offers no {package}{}; install it yourself: apt-get \
             install {package}",
            apt.update_failure()
        )));
    };
    let dir = tools_dir().join(package);
    println!(
        "xtask: fetching {package} {} from {} and what it needs into {} (once; nothing is \
         installed)",
        offer.version,
        offer.suite,
        workspace::shown(&dir)
    );
    let root = dir.join("root");
    let unpacked = deb_fetch::fetch_into(apt, package, &offer, &root)?;
    deb_fetch::relink_absolute_symlinks(&root)?;
    let mut origin = format!(
        "{} {} ({})",
        unpacked.package, unpacked.version, offer.suite
    );
    if !unpacked.dependencies.is_empty() {
        println!(
            "xtask: with {} package(s) this machine lacked: {}",
            unpacked.dependencies.len(),
            unpacked.dependencies.join(", ")
        );
        origin.push_str(&format!(
            " and {} package(s) it needs",
            unpacked.dependencies.len()
        ));
    }
    write_origin(&dir, &origin)?;
    println!("xtask: {origin}, in {}", workspace::shown(&root));
    Ok(())
}

/// The multiarch library directories under `root` (`usr/lib/x86_64-linux-gnu`
/// and the like), where the fetched libraries are.
fn library_dirs(root: &Path) -> Vec<PathBuf> {
    ["usr/lib", "lib"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(root.join(dir)).ok())
        .flat_map(|entries| entries.filter_map(Result::ok))
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_dir()
                && path
                    .file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.contains("-linux-"))
        })
        .collect()
}

/// Where QEMU looks for firmware (`-L`): its own data directory and those
/// its firmware packages install into.
fn data_dirs(root: &Path) -> Vec<PathBuf> {
    ["usr/share/qemu", "usr/share/seabios", "usr/lib/ipxe/qemu"]
        .iter()
        .map(|dir| root.join(dir))
        .filter(|dir| dir.is_dir())
        .collect()
}
