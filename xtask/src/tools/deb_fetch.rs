//! Fetching a Debian package, with whatever it needs that this machine
//! lacks, into a directory of ours: `apt-get download` and `dpkg-deb -x`,
//! never `dpkg -i`. Nothing is installed; no root is needed.
//!
//! Which dependencies are missing is apt's own answer: a simulated install
//! (`apt-get -s install`) against the system's dpkg status lists exactly
//! the packages an install would add. Those are downloaded and unpacked
//! beside the package; a program from them finds their libraries through
//! `LD_LIBRARY_PATH` (see `qemu_system.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::fail::Fail;
use crate::tools::private_apt::{Offer, PrivateApt};
use crate::workspace;

/// A package unpacked into a directory.
pub struct Unpacked {
    /// The package asked for.
    pub package: String,
    /// Its version.
    pub version: String,
    /// The other packages unpacked with it (what this machine lacked).
    pub dependencies: Vec<String>,
}

/// Stops with one line if Debian's package tools are missing.
pub fn require_package_tools(what: &str) -> Result<(), Fail> {
    for tool in ["apt-get", "apt-cache", "dpkg-deb"] {
        let runs = Command::new(tool)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !runs {
            return Err(Fail::missing(
                tool,
                format!(
                    "xtask fetches {what} through Debian's or Ubuntu's package tools, which \
                     this machine lacks"
                ),
            ));
        }
    }
    Ok(())
}

/// Downloads `package` as `offer` has it and the packages it needs that
/// this machine lacks, and unpacks them all into `root` (made anew).
pub fn fetch_into(
    apt: &PrivateApt,
    package: &str,
    offer: &Offer,
    root: &Path,
) -> Result<Unpacked, Fail> {
    let version = &offer.version;
    let wanted = format!("{package}={version}");
    // The marker that says a fetch is complete goes first, and is written
    // again only at the end: an interrupted fetch is never taken for one.
    if let Some(dir) = root.parent() {
        let _ = std::fs::remove_file(dir.join("origin"));
    }
    let plan = simulated_install(apt, &wanted, &offer.suite)?;
    let download = root.with_extension("download");
    fresh_dir(&download)?;
    fresh_dir(root)?;
    let specs: Vec<String> = plan
        .iter()
        .map(|(name, version)| format!("{name}={version}"))
        .collect();
    println!("==> apt-get download {}", specs.join(" "));
    let status = apt
        .apt_get()
        .args(["download", "-q"])
        .args(&specs)
        .current_dir(&download)
        .status()
        .map_err(|error| Fail::could_not("run", "apt-get", error))?;
    if !status.success() {
        return Err(Fail::command_failed(
            format!("apt-get download {wanted}"),
            status,
            "; see apt's message above",
        ));
    }
    for deb in debs_in(&download)? {
        unpack(&deb, root)?;
    }
    let _ = std::fs::remove_dir_all(&download);
    Ok(Unpacked {
        package: package.to_string(),
        version: version.to_string(),
        dependencies: plan
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| name != package)
            .collect(),
    })
}

/// What `apt-get -s install --no-install-recommends -t <suite> <wanted>`
/// would install: (package, version) pairs, `wanted` among them. The
/// target release makes apt take the dependencies from the same suite
/// where it must (a backported QEMU needs its backported data package).
fn simulated_install(
    apt: &PrivateApt,
    wanted: &str,
    suite: &str,
) -> Result<Vec<(String, String)>, Fail> {
    let output = apt
        .apt_get()
        .args([
            "-s",
            "-q",
            "install",
            "--no-install-recommends",
            "-t",
            suite,
            wanted,
        ])
        .output()
        .map_err(|error| Fail::could_not("run", "apt-get", error))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let why = stderr
            .lines()
            .chain(stdout.lines())
            .filter(|line| line.starts_with("E:") || line.contains("Depends:"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("; ");
        return Err(Fail::setup(format!(
            "apt cannot work out what {wanted} needs here: {why}"
        )));
    }
    let plan = parse_simulation(&stdout);
    // The unpacked libraries are found through LD_LIBRARY_PATH, next to the
    // system's dynamic loader. A newer C library there would not match that
    // loader: refuse rather than run a program that may crash.
    if let Some((_, version)) = plan.iter().find(|(name, _)| name == "libc6") {
        return Err(Fail::setup(format!(
            "{wanted} needs a newer C library (libc6 {version}) than this machine has; \
             install it with apt instead"
        )));
    }
    if plan.is_empty() {
        return Err(Fail::setup(format!(
            "apt's simulated install of {wanted} lists nothing to install"
        )));
    }
    Ok(plan)
}

/// The `Inst` lines of a simulated install:
/// `Inst libfdt1 (1.6.1-4+b1 Debian:12.12/stable [amd64])`, or, for an
/// upgrade, `Inst qemu-utils [1:7.2+dfsg-7] (1:10.0.2+ds-2 ...)`.
fn parse_simulation(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("Inst ")?;
            let name = rest.split_whitespace().next()?;
            let version = rest.split_once('(')?.1.split_whitespace().next()?;
            Some((name.to_string(), version.to_string()))
        })
        .collect()
}

/// The .deb files in `dir`.
fn debs_in(dir: &Path) -> Result<Vec<PathBuf>, Fail> {
    let mut debs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|error| Fail::could_not("list", dir.display(), error))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "deb"))
        .collect();
    debs.sort();
    Ok(debs)
}

/// Points every absolute symbolic link under `root` at the same path
/// inside `root`, where that exists. Debian's packages link across
/// packages by absolute path (QEMU's data directory links to the firmware
/// in `/usr/share/seabios`); unpacked elsewhere, such a link would lead to
/// the system's file, or nowhere.
pub fn relink_absolute_symlinks(root: &Path) -> Result<(), Fail> {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(path);
                continue;
            }
            if !kind.is_symlink() {
                continue;
            }
            let Ok(target) = std::fs::read_link(&path) else {
                continue;
            };
            let Ok(inside) = target.strip_prefix("/") else {
                continue;
            };
            let moved = root.join(inside);
            if moved.exists() {
                std::fs::remove_file(&path)
                    .and_then(|()| std::os::unix::fs::symlink(&moved, &path))
                    .map_err(|error| Fail::could_not("relink", workspace::shown(&path), error))?;
            }
        }
    }
    Ok(())
}

/// `dpkg-deb -x deb into`: the package's files, nothing installed.
pub fn unpack(deb: &Path, into: &Path) -> Result<(), Fail> {
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(deb)
        .arg(into)
        .stdin(std::process::Stdio::null())
        .status()
        .map_err(|error| Fail::could_not("run", "dpkg-deb", error))?;
    if !status.success() {
        return Err(Fail::command_failed(
            format!("dpkg-deb -x {}", deb.display()),
            status,
            "",
        ));
    }
    Ok(())
}

/// Removes `dir` if it exists and creates it empty.
pub fn fresh_dir(dir: &Path) -> Result<(), Fail> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)
        .map_err(|error| Fail::could_not("create", workspace::shown(dir), error))
}

#[cfg(test)]
mod tests {
    use super::parse_simulation;

    #[test]
    fn inst_lines_give_names_and_versions() {
        let out = "NOTE: This is only a simulation!\n\
                   Inst libfdt1 (1.6.1-4+b1 Debian:12.12/stable [amd64])\n\
                   Inst qemu-utils [1:7.2+dfsg-7] (1:10.0.2+ds-2+deb13u1~bpo12+1 Debian Backports:stable-backports [amd64])\n\
                   Conf libfdt1 (1.6.1-4+b1 Debian:12.12/stable [amd64])\n";
        assert_eq!(
            parse_simulation(out),
            vec![
                ("libfdt1".to_string(), "1.6.1-4+b1".to_string()),
                (
                    "qemu-utils".to_string(),
                    "1:10.0.2+ds-2+deb13u1~bpo12+1".to_string()
                ),
            ]
        );
    }
}
