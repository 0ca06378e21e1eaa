//! Where things are: the workspace root, the target directory, `cargo`.
//!
//! The root is found when xtask starts, not when it is built. A path fixed
//! at compile time (`env!("CARGO_MANIFEST_DIR")`) goes stale when the clone
//! is moved or renamed: cargo sees no changed source, so it does not
//! rebuild xtask, and the binary would build and run the files at the old
//! place, or find none there. At run time, in this order:
//!
//! 1. `$CARGO_MANIFEST_DIR`, xtask's own directory, whose parent is the
//!    root. Cargo sets it in the environment of the program `cargo run`
//!    starts, and `cargo xtask` is `cargo run --package xtask` (the alias
//!    in .cargo/config.toml); `cargo test -p xtask` sets it for the tests
//!    too, and the xtask they start inherits it. It is taken only if it
//!    names a directory called `xtask` beside a `Cargo.toml`, so a value
//!    meant for another package is not mistaken for ours.
//! 2. Otherwise (the binary started by hand), the nearest directory at or
//!    above the current one that holds `xtask/Cargo.toml` and a
//!    `Cargo.toml` with a `[workspace]` table.
//!
//! `cargo locate-project --workspace` would give the same directory as
//! the second way, but it starts a process, and answers for the current
//! directory too, so it adds nothing the walk does not do.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The workspace root, found once (see the file's header).
pub fn root() -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        from_manifest_dir(std::env::var_os("CARGO_MANIFEST_DIR"))
            .or_else(|| std::env::current_dir().ok().and_then(|dir| enclosing(&dir)))
            .unwrap_or_else(|| {
                // Nothing can work without the course's files: one line and
                // exit code 2, as for any setup problem (see fail.rs).
                eprintln!(
                    "error: found no course workspace (a Cargo.toml with [workspace] beside \
                     xtask/) here or above; run `cargo xtask` inside a clone"
                );
                std::process::exit(2)
            })
    })
    .clone()
}

/// The root from cargo's `CARGO_MANIFEST_DIR`, if it names our `xtask/`.
fn from_manifest_dir(value: Option<OsString>) -> Option<PathBuf> {
    let xtask_dir = PathBuf::from(value?);
    let root = xtask_dir.parent()?;
    (xtask_dir.file_name()? == "xtask" && root.join("Cargo.toml").is_file())
        .then(|| root.to_path_buf())
}

/// The nearest directory at or above `start` that is the course's root.
fn enclosing(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| {
            dir.join("xtask").join("Cargo.toml").is_file()
                && std::fs::read_to_string(dir.join("Cargo.toml"))
                    .is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
        })
        .map(Path::to_path_buf)
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` if set, else `<root>/target`.
///
/// Made absolute against the directory xtask was started in, because that
/// is how cargo reads a relative value, and xtask starts its children in the
/// workspace root. (A `build.target-dir` in a config file is not looked at:
/// the project does not set one.)
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => std::path::absolute(&dir).unwrap_or_else(|_| dir.into()),
        _ => root().join("target"),
    }
}

/// A `cargo` command started in the workspace root. Uses `$CARGO` (set by
/// the `cargo` that runs xtask) so the same toolchain builds everything.
pub fn cargo() -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(program);
    command.current_dir(root());
    command
}

/// `path` relative to the workspace root when it is inside it, for shorter
/// lines in reports.
pub fn shown(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargos_manifest_dir_names_the_root_only_if_it_is_xtasks() {
        let root = enclosing(&PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR").unwrap(),
        ))
        .unwrap();
        let xtask = root.join("xtask");
        assert_eq!(from_manifest_dir(Some(xtask.into())), Some(root.clone()));
        // Another package's directory, or none, is not taken for ours.
        assert_eq!(from_manifest_dir(Some(root.join("tests").into())), None);
        assert_eq!(from_manifest_dir(None), None);
    }

    #[test]
    fn the_walk_up_stops_at_the_workspace_not_at_a_member() {
        let root = enclosing(&PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR").unwrap(),
        ))
        .unwrap();
        // xtask/ and lessons/NN/ have a Cargo.toml, but no [workspace].
        assert_eq!(
            enclosing(&root.join("xtask").join("src")),
            Some(root.clone())
        );
        assert_eq!(enclosing(&root.join("lessons")), Some(root.clone()));
        assert!(root.join("Cargo.toml").is_file());
        assert_eq!(enclosing(Path::new("/")), None);
    }
}
