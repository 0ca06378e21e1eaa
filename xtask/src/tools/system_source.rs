//! The system's own Debian (or Ubuntu) archive, read from /etc/apt: the
//! address and signing keyring that a private apt configuration copies,
//! and the release this machine runs.
//!
//! Both formats apt reads are understood: deb822 stanzas in
//! `/etc/apt/sources.list.d/*.sources` (Debian 12's container images,
//! Ubuntu 24.04) and one-line entries in `/etc/apt/sources.list` (what
//! Debian's installer writes). The archive's address is never written into
//! this project: it is whatever the machine already uses.

use std::path::{Path, PathBuf};

use crate::fail::Fail;

/// The main archive entry of the system's apt sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemSource {
    /// The archive's address(es), as written in the system's source.
    pub uris: String,
    /// The keyring that signs it, if the source names one.
    pub signed_by: Option<String>,
    /// The release's code name: the first suite without a `-` suffix
    /// (`bookworm`, `noble`).
    pub release: String,
    /// Its components (`main`, and on Ubuntu `universe`, where some QEMU
    /// packages are).
    pub components: String,
    /// Whether it is Debian's archive (signed with Debian's keyring).
    pub is_debian: bool,
}

impl SystemSource {
    /// A deb822 stanza for `suites` of this archive, with its components.
    pub fn stanza_for(&self, suites: &[String]) -> String {
        let mut text = format!(
            "Types: deb\nURIs: {}\nSuites: {}\nComponents: {}\n",
            self.uris,
            suites.join(" "),
            self.components
        );
        if let Some(keyring) = &self.signed_by {
            text.push_str(&format!("Signed-By: {keyring}\n"));
        }
        text
    }

    /// The release and its backports suite, where newer builds of tools
    /// such as QEMU are published for it (`bookworm-backports`).
    pub fn release_and_backports(&self) -> Vec<String> {
        vec![self.release.clone(), format!("{}-backports", self.release)]
    }
}

/// The system's main archive entry: one whose first suite is the release
/// this machine runs (`VERSION_CODENAME` in /etc/os-release: `bookworm`,
/// not `bookworm-updates`, nor a third-party repository's `stable`), with
/// the `main` component. One signed with Debian's archive keyring wins over
/// others.
pub fn system_source() -> Result<SystemSource, Fail> {
    let mut found = Vec::new();
    let dir = Path::new("/etc/apt/sources.list.d");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if file.extension().is_some_and(|ext| ext == "sources") {
            found.extend(parse_deb822(&text));
        } else if file.extension().is_some_and(|ext| ext == "list") {
            found.extend(parse_one_line(&text));
        }
    }
    if let Ok(text) = std::fs::read_to_string("/etc/apt/sources.list") {
        found.extend(parse_one_line(&text));
    }
    let codename = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| codename(&text));
    if let Some(codename) = &codename {
        found.retain(|source| &source.release == codename);
    }
    choose(found).ok_or_else(|| {
        Fail::setup(
            "found no Debian or Ubuntu archive in /etc/apt/sources.list or \
             /etc/apt/sources.list.d/*.sources (an entry of type deb, component main, with a \
             plain release as its suite); xtask fetches QEMU and kernels through it. \
             Install QEMU yourself, and pass --kernel PATH for --vm",
        )
    })
}

/// `VERSION_CODENAME` from the text of /etc/os-release.
fn codename(os_release: &str) -> Option<String> {
    os_release.lines().find_map(|line| {
        let value = line.strip_prefix("VERSION_CODENAME=")?;
        let value = value.trim().trim_matches('"');
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// A `Signed-By` value xtask can copy: a keyring file's path. (apt also
/// accepts a key written inline over several lines; such a stanza is not
/// the distribution's own, and is passed over.)
fn keyring_path(value: Option<String>) -> Result<Option<String>, ()> {
    match value {
        None => Ok(None),
        Some(path) if path.starts_with('/') && !path.contains(char::is_whitespace) => {
            Ok(Some(path))
        }
        Some(_) => Err(()),
    }
}

/// Debian's own keyring first, then the first candidate.
fn choose(found: Vec<SystemSource>) -> Option<SystemSource> {
    let debian = found.iter().position(|source| source.is_debian);
    match debian {
        Some(index) => found.into_iter().nth(index),
        None => found.into_iter().next(),
    }
}

/// A plain release name: no `-updates`, `-security`, `/updates`.
fn is_release(suite: &str) -> bool {
    !suite.is_empty() && !suite.contains('-') && !suite.contains('/')
}

fn is_debian_keyring(keyring: Option<&str>) -> bool {
    keyring.is_some_and(|keyring| keyring.contains("debian-archive-keyring"))
}

/// The candidates among deb822 stanzas (separated by blank lines; `#`
/// starts a comment line).
fn parse_deb822(text: &str) -> Vec<SystemSource> {
    let mut found = Vec::new();
    for stanza in text.split("\n\n") {
        let field = |name: &str| {
            stanza
                .lines()
                .filter(|line| !line.trim_start().starts_with('#'))
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
                .map(|value| value.trim().to_string())
        };
        if field("Enabled").is_some_and(|value| value == "no") {
            continue;
        }
        let is_deb = field("Types").is_some_and(|t| t.split_whitespace().any(|t| t == "deb"));
        let release = field("Suites")
            .and_then(|s| s.split_whitespace().next().map(str::to_string))
            .filter(|first| is_release(first));
        let components = field("Components").unwrap_or_default();
        let has_main = components.split_whitespace().any(|c| c == "main");
        let (true, true, Some(release), Some(uris)) = (is_deb, has_main, release, field("URIs"))
        else {
            continue;
        };
        let Ok(signed_by) = keyring_path(field("Signed-By")) else {
            continue;
        };
        found.push(SystemSource {
            uris,
            is_debian: is_debian_keyring(signed_by.as_deref()),
            signed_by,
            release,
            components,
        });
    }
    found
}

/// The candidates among one-line entries:
/// `deb [option=value ...] URI SUITE COMPONENT...`.
fn parse_one_line(text: &str) -> Vec<SystemSource> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let Some(rest) = line.strip_prefix("deb ") else {
            continue;
        };
        let mut rest = rest.trim_start();
        let mut signed_by = None;
        if let Some(options) = rest.strip_prefix('[') {
            let Some((inside, after)) = options.split_once(']') else {
                continue;
            };
            signed_by = inside
                .split_whitespace()
                .find_map(|option| option.strip_prefix("signed-by="))
                .map(str::to_string);
            rest = after.trim_start();
        }
        let mut words = rest.split_whitespace();
        let (Some(uri), Some(suite)) = (words.next(), words.next()) else {
            continue;
        };
        let components: Vec<&str> = words.collect();
        if !is_release(suite) || !components.contains(&"main") {
            continue;
        }
        // An entry without signed-by is checked against the keyrings in
        // /etc/apt/trusted.gpg.d, Debian's among them on a Debian system.
        let is_debian = is_debian_keyring(signed_by.as_deref())
            || (signed_by.is_none()
                && Path::new("/usr/share/keyrings/debian-archive-keyring.gpg").is_file()
                && !Path::new("/usr/share/keyrings/ubuntu-archive-keyring.gpg").is_file());
        found.push(SystemSource {
            uris: uri.to_string(),
            signed_by,
            release: suite.to_string(),
            components: components.join(" "),
            is_debian,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deb822_debian_stanza_is_found_and_security_is_not() {
        let text = "Types: deb\nURIs: http://archive.example/debian\nSuites: bookworm bookworm-updates\n\
                    Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n\
                    Types: deb\nURIs: http://archive.example/debian-security\n\
                    Suites: bookworm-security\nComponents: main\n";
        let found = parse_deb822(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].release, "bookworm");
        assert!(found[0].is_debian);
        assert_eq!(
            found[0].stanza_for(&["trixie".to_string()]),
            "Types: deb\nURIs: http://archive.example/debian\nSuites: trixie\nComponents: main\n\
             Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
        );
    }

    #[test]
    fn ubuntu_components_are_kept_and_an_inline_key_is_passed_over() {
        let text = "Types: deb\nURIs: http://archive.example/ubuntu\nSuites: noble noble-updates\n\
                    Components: main restricted universe\n\
                    Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n\n\
                    Types: deb\nURIs: http://ppa.example/\nSuites: noble\nComponents: main\n\
                    Signed-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n";
        let found = parse_deb822(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].components, "main restricted universe");
        assert!(!found[0].is_debian);
    }

    #[test]
    fn the_codename_comes_from_os_release() {
        let text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_CODENAME=bookworm\n";
        assert_eq!(codename(text).as_deref(), Some("bookworm"));
        assert_eq!(codename("ID=debian\n"), None);
    }

    #[test]
    fn a_one_line_entry_with_options_is_found() {
        let text = "# comment\ndeb-src http://archive.example/debian bookworm main\n\
                    deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] \
                    http://archive.example/debian bookworm main contrib\n\
                    deb http://archive.example/debian bookworm-updates main\n";
        let found = parse_one_line(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].uris, "http://archive.example/debian");
        assert_eq!(found[0].release, "bookworm");
        assert!(found[0].is_debian);
    }

    #[test]
    fn debian_wins_over_an_earlier_third_party_source() {
        let other = parse_deb822(
            "Types: deb\nURIs: http://other.example/\nSuites: stable\nComponents: main\n\
             Signed-By: /usr/share/keyrings/other.gpg\n",
        );
        let debian = parse_deb822(
            "Types: deb\nURIs: http://archive.example/debian\nSuites: trixie\nComponents: main\n\
             Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n",
        );
        let chosen = choose(other.into_iter().chain(debian).collect()).unwrap();
        assert_eq!(chosen.release, "trixie");
    }
}
