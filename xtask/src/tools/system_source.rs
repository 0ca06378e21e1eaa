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
    /// Whether it is Debian's archive (signed with Debian's keyring).
    pub is_debian: bool,
}

impl SystemSource {
    /// A deb822 stanza for `suites` of this archive, main component only.
    pub fn stanza_for(&self, suites: &[String]) -> String {
        let mut text = format!(
            "Types: deb\nURIs: {}\nSuites: {}\nComponents: main\n",
            self.uris,
            suites.join(" ")
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

/// The system's main archive entry: one whose first suite is a plain
/// release name (`bookworm`, not `bookworm-updates` or `bookworm-security`)
/// with the `main` component. One signed with Debian's archive keyring wins
/// over others (a third-party repository can look alike).
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
    choose(found).ok_or_else(|| {
        Fail::setup(
            "found no Debian or Ubuntu archive in /etc/apt/sources.list or \
             /etc/apt/sources.list.d/*.sources (an entry of type deb, component main, with a \
             plain release as its suite); xtask fetches QEMU and kernels through it. \
             Install QEMU yourself, and pass --kernel PATH for --vm",
        )
    })
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
        let has_main =
            field("Components").is_some_and(|c| c.split_whitespace().any(|c| c == "main"));
        let (true, true, Some(release), Some(uris)) = (is_deb, has_main, release, field("URIs"))
        else {
            continue;
        };
        let signed_by = field("Signed-By");
        found.push(SystemSource {
            uris,
            is_debian: is_debian_keyring(signed_by.as_deref()),
            signed_by,
            release,
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
        if !is_release(suite) || !words.any(|component| component == "main") {
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
