//! Where things are: the workspace root, the target directory, `cargo`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root: the parent of this crate's directory. Taken from the
/// compile-time `CARGO_MANIFEST_DIR`, so it is right whatever directory
/// `cargo xtask` was started from.
pub fn root() -> PathBuf {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir
        .parent()
        .map_or_else(|| xtask_dir.join(".."), Path::to_path_buf)
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
