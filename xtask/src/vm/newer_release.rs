//! apt pointed at a newer Debian release, for one download, without
//! touching the system's apt configuration.
//!
//! riscv64 became an official Debian architecture with trixie (13), so a
//! bookworm machine's apt cannot see a riscv64 kernel. The package is on the
//! same archive, though, under the newer suite name. Rather than adding that
//! suite to the system's sources (which would offer every package of the
//! newer release to `apt-get upgrade`), xtask writes a private apt
//! configuration under the target directory:
//!
//! - one sources file, the system's own Debian stanza (its archive address
//!   and signing keyring, read from /etc/apt) with the suite replaced;
//! - its own package lists and cache directories;
//! - the foreign architecture as apt's only architecture, so that no
//!   `dpkg --add-architecture` is needed either.
//!
//! Every `apt-get` call that should see the newer release (`update`, then
//! `download`) gets the options [`PrivateApt::options`] returns.

use std::path::{Path, PathBuf};

use crate::fail::Fail;

/// A private apt configuration for one suite and one architecture.
pub struct PrivateApt {
    root: PathBuf,
    deb_arch: String,
}

impl PrivateApt {
    /// Writes the configuration under `root`. Its package index is not
    /// loaded yet: run `apt-get update` with [`PrivateApt::options`].
    pub fn prepare(root: &Path, suite: &str, deb_arch: &str) -> Result<PrivateApt, Fail> {
        let stanza = system_debian_stanza()?;
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
        let file = sources.join(format!("{suite}.sources"));
        std::fs::write(&file, stanza.with_suite(suite))
            .map_err(|error| Fail::setup(format!("could not write {}: {error}", file.display())))?;
        Ok(PrivateApt {
            root: root.to_path_buf(),
            deb_arch: deb_arch.to_string(),
        })
    }

    /// The `-o` options that make apt use this configuration.
    pub fn options(&self) -> Vec<String> {
        let dir = |name: &str| self.root.join(name).display().to_string();
        [
            "Dir::Etc::SourceList=/dev/null".to_string(),
            format!("Dir::Etc::SourceParts={}", dir("sources.list.d")),
            format!("Dir::State::Lists={}", dir("lists")),
            format!("Dir::Cache={}", dir("cache")),
            format!("APT::Architecture={}", self.deb_arch),
            // `::=` adds a list element: apt's architecture list.
            format!("APT::Architectures::={}", self.deb_arch),
        ]
        .into_iter()
        .flat_map(|option| ["-o".to_string(), option])
        .collect()
    }
}

/// The parts of the system's Debian source that the private one copies.
struct Stanza {
    uris: String,
    signed_by: Option<String>,
}

impl Stanza {
    /// A deb822 sources stanza for `suite`, main component only.
    fn with_suite(&self, suite: &str) -> String {
        let mut text = format!(
            "Types: deb\nURIs: {}\nSuites: {suite}\nComponents: main\n",
            self.uris
        );
        if let Some(keyring) = &self.signed_by {
            text.push_str(&format!("Signed-By: {keyring}\n"));
        }
        text
    }
}

/// The system's main Debian stanza: in /etc/apt/sources.list.d/*.sources,
/// a `Types: deb` stanza with the `main` component whose first suite is a
/// plain release name (`bookworm`, not `bookworm-updates` or
/// `bookworm-security`). A stanza signed with Debian's archive keyring
/// wins over others (a third-party repository can look alike).
fn system_debian_stanza() -> Result<Stanza, Fail> {
    let mut fallback = None;
    let dir = Path::new("/etc/apt/sources.list.d");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "sources"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        // Stanzas are separated by blank lines; `#` starts a comment line.
        for stanza in text.split("\n\n") {
            let field = |name: &str| {
                stanza
                    .lines()
                    .filter(|line| !line.starts_with('#'))
                    .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
                    .map(|value| value.trim().to_string())
            };
            let is_deb = field("Types").is_some_and(|t| t.split_whitespace().any(|t| t == "deb"));
            let main_suite = field("Suites").is_some_and(|s| {
                s.split_whitespace()
                    .next()
                    .is_some_and(|first| !first.contains('-') && !first.contains('/'))
            });
            let has_main =
                field("Components").is_some_and(|c| c.split_whitespace().any(|c| c == "main"));
            let (true, true, true, Some(uris)) = (is_deb, main_suite, has_main, field("URIs"))
            else {
                continue;
            };
            let stanza = Stanza {
                uris,
                signed_by: field("Signed-By"),
            };
            let debian_keyring = stanza
                .signed_by
                .as_deref()
                .is_some_and(|keyring| keyring.contains("debian-archive-keyring"));
            if debian_keyring {
                return Ok(stanza);
            }
            fallback.get_or_insert(stanza);
        }
    }
    fallback.ok_or_else(|| {
        Fail::setup(
            "found no Debian source in /etc/apt/sources.list.d/*.sources to copy (a stanza with \
         `Types: deb`, the main component and a plain release as its first suite); pass \
         --kernel PATH instead",
        )
    })
}
