//! Building a lesson binary.
//!
//! Lessons are freestanding: `#![no_std]`, `#![no_main]`, their own
//! `_start`. They need link flags nothing else in the workspace wants, so
//! they are built here, into a target directory of their own: different
//! RUSTFLAGS in the shared `target/` would make cargo rebuild everything
//! each time one switched between a lesson and a test.

use std::path::PathBuf;
use std::process::Stdio;

use crate::tables::arch::{Arch, CoreLibrary, target_env_var};
use crate::tables::lessons::Lesson;
use crate::workspace;

/// The flags that make a lesson a freestanding static executable:
///
/// - `link-self-contained=no`: do not link musl's start files (crt1.o and
///   friends, which would call `main` through libc's startup): the lesson
///   brings its own `_start`, the kernel jumps straight into it;
/// - `relocation-model=static` + `crt-static`: a plain static, non-PIE
///   executable at a fixed address. A static-PIE needs its own relocations
///   applied at startup, which is the libc start code's job, and there is
///   none here.
/// - `--entry=_start`: name the entry symbol explicitly. Most linkers
///   default to `_start` anyway, but on MIPS the default is `__start`, and
///   an executable whose entry is address 0 crashes on its first instruction.
const LESSON_RUSTFLAGS: &str = "-C relocation-model=static -C link-self-contained=no \
     -C target-feature=+crt-static -C link-arg=--entry=_start";

/// The target directory lessons are built in.
pub fn lesson_target_dir() -> PathBuf {
    workspace::target_dir().join("lessons")
}

/// Builds `lesson` for `arch` in release mode and returns the binary's
/// path, or why the build failed. Cargo's own output goes to the terminal.
pub fn build_lesson(lesson: &Lesson, arch: Arch) -> Result<PathBuf, String> {
    build_freestanding(&lesson.package(), &lesson.binary(), arch)
}

/// Builds a freestanding binary (a lesson, or the self-test) of `package`
/// for `arch` and returns its path.
pub fn build_freestanding(package: &str, binary: &str, arch: Arch) -> Result<PathBuf, String> {
    build_freestanding_with(package, binary, arch, &[])
}

/// [`build_freestanding`] with the package's `features` turned on (an
/// exercise and, for the reference answers, `solution`). Only `binary` is
/// built: a lesson's package also holds its exercises' checker, which must
/// not stand in the way of the lesson while a learner's answer does not
/// compile yet.
pub fn build_freestanding_with(
    package: &str,
    binary: &str,
    arch: Arch,
    features: &[&str],
) -> Result<PathBuf, String> {
    let triple = arch.lesson_triple();
    let target_dir = lesson_target_dir();
    let mut cargo = workspace::cargo();
    cargo.arg("build");
    if arch.spec().core == CoreLibrary::FromSource {
        // No prebuilt `core` for this triple: compile it from the rust-src
        // component. -Z flags are for nightly compilers; RUSTC_BOOTSTRAP=1
        // lets a stable one accept them.
        cargo.arg("-Zbuild-std=core").env("RUSTC_BOOTSTRAP", "1");
    }
    cargo
        .args([
            "--release",
            "-p",
            package,
            "--bin",
            binary,
            "--target",
            triple,
        ])
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("RUSTFLAGS", LESSON_RUSTFLAGS)
        // The LLVM linker that ships with Rust links for every target, and
        // a freestanding program needs nothing a C toolchain would add.
        .env(target_env_var(triple, "LINKER"), "rust-lld")
        // This one would win over RUSTFLAGS if the caller had it set.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdin(Stdio::null());
    if !features.is_empty() {
        cargo.args(["--features", &features.join(",")]);
    }
    let status = cargo
        .status()
        .map_err(|error| format!("could not start cargo: {error}"))?;
    if !status.success() {
        return Err(format!("cargo build failed, {status}"));
    }
    let path = target_dir.join(triple).join("release").join(binary);
    if !path.is_file() {
        return Err(format!(
            "cargo built it but {} is not there (is the binary named {binary}?)",
            workspace::shown(&path),
        ));
    }
    Ok(path)
}
