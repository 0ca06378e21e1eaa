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
//! install then lists exactly what this machine lacks for a package.

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
            std::fs::create_dir_all(&dir).map_err(|error| {
                Fail::setup(format!("could not create {}: {error}", dir.display()))
            })?;
        }
        let file = sources.join("private.sources");
        std::fs::write(&file, source.stanza_for(suites))
            .map_err(|error| Fail::setup(format!("could not write {}: {error}", file.display())))?;
        Ok(PrivateApt {
            root: root.to_path_buf(),
            deb_arch: deb_arch.to_string(),
            suites: suites.to_vec(),
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
        options
            .into_iter()
            .flat_map(|option| ["-o".to_string(), option])
            .collect()
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

    /// Loads the package index. Its exit code is not the test: a suite the
    /// archive lacks (a release without backports) makes `update` fail
    /// while the others load, and the next look-up says soon enough
    /// whether the package is there.
    pub fn update(&self) {
        println!(
            "==> apt-get update for {} {} (a private apt configuration in {}; the system's is untouched)",
            self.suites.join(" "),
            self.deb_arch,
            crate::workspace::shown(&self.root)
        );
        let _ = self.apt_get().args(["update", "-q"]).status();
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
