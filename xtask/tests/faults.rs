//! xtask under faults, tested as a black box: the `xtask` binary cargo
//! built for these tests, started the way `cargo xtask` starts it.
//!
//! Each fault must end with one clear `error:` line (or, for a failing run,
//! a summary naming what failed) and a non-zero exit: 2 when xtask could
//! not do its job (bad arguments, a missing tool), 1 when what it ran
//! failed (a crash, a hang killed at its timeout).
//!
//! The slow ones build and run things; they use the target directory of
//! this test run so that what they build is reused.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The xtask binary, with cargo's environment as `cargo xtask` gives it.
fn xtask() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.env("CARGO", env!("CARGO"));
    command
}

/// A fresh empty directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-faults-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `error:` lines of stderr.
fn error_lines(output: &Output) -> Vec<String> {
    text(&output.stderr)
        .lines()
        .filter(|line| line.starts_with("error:"))
        .map(str::to_owned)
        .collect()
}

#[track_caller]
fn assert_one_error_line(output: &Output, code: i32, containing: &str) {
    let errors = error_lines(output);
    assert_eq!(
        output.status.code(),
        Some(code),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(errors.len(), 1, "exactly one error line: {errors:?}");
    assert!(
        errors[0].contains(containing),
        "{:?} should mention {containing:?}",
        errors[0]
    );
}

#[test]
fn an_unknown_flag_is_one_error_line_and_exit_2() {
    let output = xtask().args(["test", "--no-such-flag"]).output().unwrap();
    assert_one_error_line(&output, 2, "--no-such-flag");
}

#[test]
fn an_unknown_architecture_is_one_error_line_and_exit_2() {
    let output = xtask().args(["test", "--arch", "sparc"]).output().unwrap();
    assert_one_error_line(&output, 2, "sparc");
}

#[test]
fn an_unknown_lesson_is_one_error_line_and_exit_2() {
    let output = xtask()
        .args(["lesson", "99", "--arch", "x86_64"])
        .output()
        .unwrap();
    assert_one_error_line(&output, 2, "99");
}

/// A directory holding only links to rustup's tools: a PATH without QEMU.
fn path_without_qemu(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = Path::new(env!("CARGO"));
    let cargo_dir = cargo.parent().unwrap();
    for tool in ["cargo", "rustc", "rustup"] {
        let found = [cargo_dir.to_path_buf(), home_cargo_bin()]
            .into_iter()
            .map(|d| d.join(tool))
            .find(|p| p.exists());
        if let Some(found) = found {
            std::os::unix::fs::symlink(found, bin.join(tool)).unwrap();
        }
    }
    bin
}

fn home_cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

#[test]
fn a_missing_qemu_is_one_error_line_with_the_install_command_and_exit_2() {
    let dir = temp_dir("no-qemu");
    let bin = path_without_qemu(&dir);
    let output = xtask()
        .args(["test", "--arch", "aarch64"])
        .env("PATH", &bin)
        .output()
        .unwrap();
    assert_one_error_line(&output, 2, "qemu-aarch64 not found");
    assert!(error_lines(&output)[0].contains("apt-get install qemu-user"));
}

/// A fake `qemu-aarch64` that answers `--version` and otherwise kills
/// itself with SIGSEGV, as a crashing emulator would.
fn crashing_qemu(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("qemu-aarch64");
    std::fs::write(
        &script,
        "#!/bin/sh\n[ \"$1\" = --version ] && { echo 'qemu-aarch64 version 0 (fake)'; exit 0; }\nkill -SEGV $$\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[test]
fn a_crashing_qemu_is_reported_and_the_exit_is_non_zero() {
    let dir = temp_dir("crash");
    let bin = crashing_qemu(&dir);
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let output = xtask()
        .args(["lesson", "5", "--arch", "aarch64"])
        .env("PATH", path)
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "stdout: {stdout}");
    let failed: Vec<_> = stdout
        .lines()
        .filter(|l| l.contains(": failed ("))
        .collect();
    assert_eq!(failed.len(), 1, "one line naming the failure: {stdout}");
    assert!(
        failed[0].contains("killed by signal 11 (SIGSEGV)"),
        "{}",
        failed[0]
    );
}

/// A test that hangs (tests/tests/inject_hang.rs, only when
/// `MMAP_TESTS_INJECT_HANG=1`) is killed at the timeout of nextest's
/// `inject-hang` profile (.config/nextest.toml), reported as TIMEOUT, and
/// fails the run.
#[test]
fn a_hanging_test_is_killed_at_its_timeout_and_reported() {
    let output = xtask()
        .args(["test", "--arch", "x86_64"])
        .env("MMAP_TESTS_INJECT_HANG", "1")
        .env("NEXTEST_PROFILE", "inject-hang")
        .output()
        .unwrap();
    let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(
        all.lines()
            .any(|l| l.contains("TIMEOUT") && l.contains("hangs_when_injected")),
        "nextest reports the timeout: {all}"
    );
    let last = text(&output.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    assert!(
        last.ends_with(" failed") && !last.ends_with(" 0 failed"),
        "the closing line counts a failure: {last}"
    );
}

/// A kernel panic under `--vm`: the kernel is told to start a PID 1 that
/// does not exist (`rdinit=`, through `MMAP_VM_KERNEL_ARGS`), falls back to
/// mounting a root filesystem it has not got, panics ("VFS: Unable to mount
/// root fs"), and reboots into QEMU's exit. xtask must say
/// the kernel panicked, show what it printed, and fail. Needs
/// `qemu-system-x86_64` and the Debian kernel, which xtask fetches (CI has
/// both).
#[test]
fn a_kernel_panic_under_vm_is_reported_and_the_exit_is_non_zero() {
    let output = xtask()
        .args(["lesson", "5", "--arch", "x86_64", "--vm"])
        .env("MMAP_VM_KERNEL_ARGS", "rdinit=/no-such-init")
        .output()
        .unwrap();
    let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("the kernel panicked"), "{all}");
    assert!(
        all.contains("Kernel panic - not syncing"),
        "the console line is shown: {all}"
    );
}
