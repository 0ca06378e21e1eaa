//! apt pointed at chosen Debian suites and one architecture, for
//! downloads only, without root and without touching the system's apt
//! configuration.
//!
//! xtask fetches three kinds of package this way: a QEMU newer than the
//! system's, another architecture's kernel, and (for riscv64) a kernel from a
//! newer release than the machine runs. Adding a suite to the system's
//! sources would offer every package of it to `apt-get upgrade`, and
//! `dpkg --add-architecture` changes what dpkg manages; both need root.
//! Instead xtask writes a private apt configuration under the target
//! directory:
//!
//! - one sources file: the system's own Debian (or Ubuntu) archive address
//!   and signing keyring, read from /etc/apt, with the suites replaced;
//! - its own package lists and cache directories, so that `apt-get update`
//!   runs as any user and leaves /var/lib/apt alone;
//! - the wanted architecture as apt's only one, so that another
//!   architecture's packages are visible without `dpkg --add-architecture`.
//!
//! The system's dpkg status (what is installed) stays visible: a simulated
//! install then lists exactly what this machine lacks for a package. The
//! system's apt settings (a proxy, say) still apply, except two kinds that
//! would reach beyond the private directory or fetch more than packages:
//! hooks run after `update` (PackageKit's, AppStream's cache refresh) and
//! extra index files (AppStream metadata, icons, translations).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::fail::Fail;
use crate::tools::system_source::SystemSource;

/// A private apt configuration for some suites and one architecture.
pub struct PrivateApt {
    root: PathBuf,
    deb_arch: String,
    suites: Vec<String>,
    /// How the last `update` failed, if it did, for messages about a
    /// package apt then cannot find.
    update_failure: Option<String>,
}

impl PrivateApt {
    /// Writes the configuration under `root` for `suites` of the system's
    /// archive (`source`). Its package index is not loaded yet: call
    /// [`PrivateApt::update`].
    pub fn prepare(
        source: &SystemSource,
        root: &Path,
        suites: &[String],
        deb_arch: &str,
    ) -> Result<PrivateApt, Fail> {
        let sources = root.join("sources.list.d");
        for dir in [
            sources.clone(),
            root.join("lists").join("partial"),
            root.join("cache").join("archives").join("partial"),
        ] {
            std::fs::create_dir_all(&dir)
                .map_err(|error| Fail::could_not("create", dir.display(), error))?;
        }
        let write = |file: PathBuf, text: String| {
            std::fs::write(&file, text)
                .map_err(|error| Fail::could_not("write", file.display(), error))
        };
        write(sources.join("private.sources"), source.stanza_for(suites))?;
        write(root.join("apt.conf"), restrictions())?;
        Ok(PrivateApt {
            root: root.to_path_buf(),
            deb_arch: deb_arch.to_string(),
            suites: suites.to_vec(),
            update_failure: None,
        })
    }

    /// The `-o` options that make apt use this configuration.
    fn options(&self) -> Vec<String> {
        let dir = |name: &str| self.root.join(name).display().to_string();
        let mut options = vec![
            "Dir::Etc::SourceList=/dev/null".to_string(),
            format!("Dir::Etc::SourceParts={}", dir("sources.list.d")),
            format!("Dir::State::Lists={}", dir("lists")),
            format!("Dir::Cache={}", dir("cache")),
            format!("APT::Architecture={}", self.deb_arch),
            // `::=` adds a list element: apt's architecture list.
            format!("APT::Architectures::={}", self.deb_arch),
        ];
        if running_as_root() {
            // As root, apt downloads as the `_apt` user, who cannot write
            // into a directory of ours; it then falls back to root with a
            // warning. Saying so up front keeps the output clean.
            options.push("APT::Sandbox::User=root".to_string());
        }
        let mut args: Vec<String> = options
            .into_iter()
            .flat_map(|option| ["-o".to_string(), option])
            .collect();
        // Read after the system's files, so its settings win.
        args.push("-c".to_string());
        args.push(dir("apt.conf"));
        args
    }

    /// `apt-get` with this configuration.
    pub fn apt_get(&self) -> Command {
        let mut command = Command::new("apt-get");
        command.args(self.options()).stdin(Stdio::null());
        command
    }

    /// `apt-cache` with this configuration.
    pub fn apt_cache(&self) -> Command {
        let mut command = Command::new("apt-cache");
        command.args(self.options()).stdin(Stdio::null());
        command
    }

    /// Loads the package index. Its exit code does not stop the run: a
    /// suite the archive lacks (a release without backports) makes `update`
    /// fail while the others load, and the next look-up says soon enough
    /// whether the package is there; [`PrivateApt::update_failure`] then
    /// explains a package that is not.
    pub fn update(&mut self) {
        println!(
            "==> apt-get update for {} {} (a private apt configuration in {}; the system's is untouched)",
            self.suites.join(" "),
            self.deb_arch,
            crate::workspace::shown(&self.root)
        );
        self.update_failure = match self.apt_get().args(["update", "-q"]).status() {
            Ok(status) if status.success() => None,
            Ok(status) => Some(format!("apt-get update failed ({status}; see above)")),
            Err(error) => Some(format!("apt-get update could not run ({error})")),
        };
    }

    /// `; <how update failed>` if it did, to end a message with.
    pub fn update_failure(&self) -> String {
        self.update_failure
            .as_ref()
            .map(|why| format!("; {why}"))
            .unwrap_or_default()
    }

    /// The versions of `package` the loaded index offers, newest first as
    /// apt lists them, each with the suite it comes from.
    pub fn versions_of(&self, package: &str) -> Vec<Offer> {
        let Ok(output) = self.apt_cache().args(["madison", package]).output() else {
            return Vec::new();
        };
        parse_madison(&String::from_utf8_lossy(&output.stdout), package)
    }
}

/// The private apt.conf: no hooks around `update`, and no index files but
/// the package lists. Which extra index targets the system defines is read
/// from `apt-config dump`, so that each can be switched off by name.
fn restrictions() -> String {
    let mut text = String::from(
        "#clear APT::Update::Pre-Invoke;\n\
         #clear APT::Update::Post-Invoke;\n\
         #clear APT::Update::Post-Invoke-Success;\n\
         Acquire::Languages \"none\";\n",
    );
    let dump = Command::new("apt-config")
        .arg("dump")
        .stdin(Stdio::null())
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default();
    for target in extra_index_targets(&dump) {
        text.push_str(&format!(
            "Acquire::IndexTargets::deb::{target}::DefaultEnabled \"false\";\n"
        ));
    }
    text
}

/// The `deb` index targets in an `apt-config dump` other than the package
/// lists: `Acquire::IndexTargets::deb::DEP-11 "";` names `DEP-11`.
fn extra_index_targets(dump: &str) -> Vec<String> {
    let mut targets: Vec<String> = dump
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("Acquire::IndexTargets::deb::")?;
            let (name, value) = rest.split_once(' ')?;
            (value == "\"\";" && !name.contains("::")).then(|| name.to_string())
        })
        .filter(|name| name != "Packages")
        .collect();
    targets.dedup();
    targets
}

/// One version of a package, and the suite that offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    /// The Debian version (`1:10.0.2+ds-2+deb13u1~bpo12+1`).
    pub version: String,
    /// The suite (`bookworm-backports`).
    pub suite: String,
}

/// `apt-cache madison` lines:
/// ` qemu-user | 1:10.0.2+ds-2+deb13u1~bpo12+1 | <archive> bookworm-backports/main amd64 Packages`.
fn parse_madison(stdout: &str, package: &str) -> Vec<Offer> {
    stdout
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('|').map(str::trim);
            (fields.next()? == package).then_some(())?;
            let version = fields.next()?.to_string();
            let from = fields.next()?;
            // The archive's address, then `suite/component`.
            let suite = from
                .split_whitespace()
                .nth(1)?
                .split('/')
                .next()?
                .to_string();
            Some(Offer { version, suite })
        })
        .collect()
}

/// Whether xtask runs as root: the owner of /proc/self is the process's
/// user.
pub fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|meta| meta.uid() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_index_targets_are_all_but_the_package_lists() {
        let dump = "Acquire::IndexTargets::deb::Packages \"\";\n\
                    Acquire::IndexTargets::deb::Packages::MetaKey \"x\";\n\
                    Acquire::IndexTargets::deb::Translations \"\";\n\
                    Acquire::IndexTargets::deb::DEP-11 \"\";\n\
                    Acquire::IndexTargets::deb::DEP-11::DefaultEnabled \"false\";\n\
                    Acquire::IndexTargets::deb-src::Sources \"\";\n";
        assert_eq!(extra_index_targets(dump), vec!["Translations", "DEP-11"]);
    }

    #[test]
    fn madison_lines_give_versions_and_suites() {
        let out = " qemu-user | 1:10.0.2+ds-2+deb13u1~bpo12+1 | http://archive.example/debian bookworm-backports/main amd64 Packages\n \
                   qemu-user | 1:7.2+dfsg-7+deb12u18 | http://archive.example/debian bookworm/main amd64 Packages\n";
        assert_eq!(
            parse_madison(out, "qemu-user"),
            vec![
                Offer {
                    version: "1:10.0.2+ds-2+deb13u1~bpo12+1".to_string(),
                    suite: "bookworm-backports".to_string()
                },
                Offer {
                    version: "1:7.2+dfsg-7+deb12u18".to_string(),
                    suite: "bookworm".to_string()
                },
            ]
        );
    }
}
