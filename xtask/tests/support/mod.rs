//! What several of xtask's test files need: a fresh clone of the committed
//! course, and a tmux server of a test's own. Each test file that uses it
//! says `mod support;` and uses part of it, so the rest is dead code in
//! that test binary; hence the `allow`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// This checkout: the workspace root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// A fresh `git clone` of the committed tree at `dir` (removed first), so
/// that a test that edits files never touches this checkout's.
pub fn clone_course(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    let status = Command::new("git")
        .args(["clone", "--quiet"])
        .arg(root())
        .arg(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git clone failed: {status}");
}

/// A temporary directory for one test, named after it and this process.
pub fn temp_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()))
}

/// A tmux server of the test's own (its own socket), killed however the
/// test ends.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server named after the test; fails with one line if tmux is not
    /// installed (`.ci/run` installs it).
    pub fn new(name: &str) -> Tmux {
        if Command::new("tmux").arg("-V").output().is_err() {
            panic!(
                "tmux is not installed; this test drives a terminal in it (apt-get install tmux)"
            );
        }
        Tmux {
            socket: format!("xtask-{name}-{}", std::process::id()),
        }
    }

    /// The server's socket name, unique to the test and the process.
    pub fn socket(&self) -> &str {
        &self.socket
    }

    /// `tmux -L <socket>`, for any tmux command.
    pub fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket]);
        command
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .command()
            .arg("kill-server")
            .stderr(Stdio::null())
            .status();
    }
}
