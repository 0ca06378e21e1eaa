//! The QEMU user-mode emulator for a foreign architecture: the system's if
//! it is at or above the floor, else Debian's statically linked build,
//! fetched once into `target/tools/qemu-user/`.
//!
//! Debian's `qemu-user` package (from trixie, and in bookworm-backports) is
//! statically linked: it runs on any Linux of the same CPU, needs no
//! library, and holds every guest architecture's emulator. (Ubuntu, and
//! Debian before trixie, ship the static build as `qemu-user-static`, with
//! `-static` names; both are tried.)

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::fail::Fail;
use crate::tables::arch::Arch;
use crate::tools::deb_fetch::{self, require_package_tools};
use crate::tools::qemu_version::{FLOOR, QemuVersion, below_floor_line};
use crate::tools::{
    Choice, Tool, choice, host_apt, on_path, read_origin, tools_dir, version_line, write_origin,
};
use crate::workspace;

/// The packages that hold a static QEMU user mode, in the order tried, and
/// the suffix of their programs' names.
const PACKAGES: [(&str, &str); 2] = [("qemu-user", ""), ("qemu-user-static", "-static")];

/// The emulator `arch` needs here, or `None` when it runs natively. Found
/// (or fetched) once per run.
pub fn emulator(arch: Arch) -> Result<Option<Tool>, Fail> {
    if arch.is_native() {
        return Ok(None);
    }
    static FOUND: Mutex<BTreeMap<&'static str, Tool>> = Mutex::new(BTreeMap::new());
    let name = arch.qemu_binary();
    if let Some(tool) = FOUND.lock().ok().and_then(|found| found.get(name).cloned()) {
        return Ok(Some(tool));
    }
    let tool = resolve(arch)?;
    if let Ok(mut found) = FOUND.lock() {
        found.insert(name, tool.clone());
    }
    Ok(Some(tool))
}

/// How `arch`'s programs run here, for reports: `native`, or the
/// emulator's version and origin (`qemu-aarch64 10.0.2, fetched`).
pub fn describe(arch: Arch) -> String {
    match emulator(arch) {
        Ok(Some(tool)) => {
            let version = QemuVersion::from_version_line(&tool.version)
                .map_or_else(|| tool.version.clone(), |v| v.to_string());
            let origin = tool.origin.split(':').next().unwrap_or("");
            format!("{} {version}, {origin}", arch.qemu_binary())
        }
        _ => arch.how_it_runs().to_string(),
    }
}

/// What the system offers for `arch`.
pub enum SystemEmulator {
    /// An emulator at or above the floor.
    Trusted(Tool),
    /// One that must not be used: the line that says why.
    Untrusted(String),
    /// None on `PATH`.
    Missing,
}

/// The system's emulator for `arch` and whether it may be used; the one
/// judgement both a run and `doctor` make.
pub fn system_emulator(arch: Arch) -> SystemEmulator {
    let Some(path) = on_path(arch.qemu_binary()) else {
        return SystemEmulator::Missing;
    };
    let what = path.display().to_string();
    let Some(line) = version_line(std::process::Command::new(&path)) else {
        return SystemEmulator::Untrusted(format!("{what} --version failed"));
    };
    match QemuVersion::from_version_line(&line) {
        Some(version) if version.is_trusted() => SystemEmulator::Trusted(Tool {
            path,
            version: line,
            origin: "system".to_string(),
            library_dirs: Vec::new(),
            data_dirs: Vec::new(),
        }),
        Some(version) => SystemEmulator::Untrusted(below_floor_line(&what, version)),
        None => SystemEmulator::Untrusted(format!(
            "{what} printed no QEMU version xtask can read ({line:?})"
        )),
    }
}

/// The fetched emulator for `arch`, if a previous run fetched it.
pub fn fetched_emulator(arch: Arch) -> Option<Tool> {
    let dir = tools_dir().join("qemu-user");
    let origin = read_origin(&dir)?;
    PACKAGES.iter().find_map(|(_, suffix)| {
        let path = dir
            .join("root/usr/bin")
            .join(format!("{}{suffix}", arch.qemu_binary()));
        let version = version_line(std::process::Command::new(&path))?;
        Some(Tool {
            path,
            version,
            origin: format!("fetched: {origin}"),
            library_dirs: Vec::new(),
            data_dirs: Vec::new(),
        })
    })
}

fn resolve(arch: Arch) -> Result<Tool, Fail> {
    let choice = choice()?;
    let name = arch.qemu_binary();
    if choice != Choice::Fetched {
        match system_emulator(arch) {
            SystemEmulator::Trusted(tool) => return Ok(tool),
            SystemEmulator::Untrusted(why) if choice == Choice::System => {
                return Err(Fail::setup(format!(
                    "{why}. Install QEMU {FLOOR} or newer, or let xtask fetch one \
                     (unset {var})",
                    var = super::CHOICE_VAR
                )));
            }
            SystemEmulator::Untrusted(why) => {
                println!("xtask: {why}; using a fetched one instead");
            }
            SystemEmulator::Missing if choice == Choice::System => {
                return Err(Fail::missing(
                    name,
                    format!(
                        "it runs {} programs on this {} machine, and {var}=system forbids \
                         fetching it. Install QEMU {FLOOR} or newer (Debian: apt-get install \
                         qemu-user; on bookworm from bookworm-backports)",
                        arch.name(),
                        std::env::consts::ARCH,
                        var = super::CHOICE_VAR
                    ),
                ));
            }
            SystemEmulator::Missing => {}
        }
    }
    if let Some(tool) = fetched_emulator(arch) {
        return Ok(tool);
    }
    super::while_locked(|| match fetched_emulator(arch) {
        Some(_) => Ok(()),
        None => fetch(),
    })?;
    fetched_emulator(arch).ok_or_else(|| {
        Fail::setup(format!(
            "the fetched QEMU has no {name} that runs here (see {})",
            workspace::shown(&tools_dir().join("qemu-user"))
        ))
    })
}

/// Fetches the newest static QEMU user mode at or above the floor that the
/// system's release (or its backports) offers.
fn fetch() -> Result<(), Fail> {
    require_package_tools("QEMU")?;
    let apt = host_apt()?;
    let candidate = PACKAGES.iter().find_map(|(package, _)| {
        apt.versions_of(package).into_iter().find_map(|offer| {
            let upstream = QemuVersion::from_debian_version(&offer.version)?;
            upstream.is_trusted().then_some((*package, offer))
        })
    });
    let Some((package, offer)) = candidate else {
        return Err(Fail::setup(format!(
            "this machine's release offers no QEMU user mode at or above {FLOOR} (neither \
             qemu-user nor qemu-user-static, nor in its backports{}); install QEMU {FLOOR} or \
             newer yourself",
            apt.update_failure()
        )));
    };
    let dir = tools_dir().join("qemu-user");
    println!(
        "xtask: fetching QEMU user mode: Debian package {package} {} from {} into {} \
         (once; about 60 MB; nothing is installed)",
        offer.version,
        offer.suite,
        workspace::shown(&dir)
    );
    let root = dir.join("root");
    let unpacked = deb_fetch::fetch_into(apt, package, &offer, &root)?;
    keep_only_our_emulators(&root);
    let mut origin = format!(
        "{} {} ({})",
        unpacked.package, unpacked.version, offer.suite
    );
    if !unpacked.dependencies.is_empty() {
        origin.push_str(&format!(" with {}", unpacked.dependencies.join(", ")));
    }
    write_origin(&dir, &origin)?;
    println!(
        "xtask: QEMU user mode {origin} is in {}",
        workspace::shown(&dir.join("root/usr/bin"))
    );
    Ok(())
}

/// Deletes the emulators for CPUs the course does not target (the package
/// has some forty, 330 MB unpacked), and the documentation.
fn keep_only_our_emulators(root: &std::path::Path) {
    let ours: Vec<String> = Arch::ALL
        .iter()
        .flat_map(|arch| {
            PACKAGES
                .iter()
                .map(move |(_, suffix)| format!("{}{suffix}", arch.qemu_binary()))
        })
        .collect();
    let bin = root.join("usr/bin");
    if let Ok(entries) = std::fs::read_dir(&bin) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !ours.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let _ = std::fs::remove_dir_all(root.join("usr/share"));
}
