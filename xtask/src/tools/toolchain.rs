//! What a run needs from rustup and the system that xtask cannot fetch
//! itself: rustup targets (which it adds), `rust-src`, the Debian cross
//! compilers that link the glibc-based test binaries, and valgrind (for
//! `bench`). QEMU (user mode and `qemu-system-*`) and cargo-nextest are
//! found or fetched by `tools/`; the checks here call them in, so that one
//! place says what each kind of run needs, and `doctor` reports it all.
//!
//! Each check has two faces: a `probe_*` that only looks (for `doctor`) and
//! a `require_*` that stops the run with one clear line when the tool is
//! missing, instead of letting a later step fail with a confusing message.

use std::process::{Command, Stdio};

use crate::fail::Fail;
use crate::tables::arch::{Arch, CoreLibrary, CrossGcc};
use crate::tables::machine::VmTests;

/// The rustup targets installed for the active toolchain.
pub fn installed_targets() -> Result<Vec<String>, Fail> {
    let output = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .stdin(Stdio::null())
        .output()
        .map_err(|error| {
            Fail::setup(format!(
                "could not run `rustup target list --installed` ({error}); \
                 xtask installs cross targets with rustup, see https://rustup.rs"
            ))
        })?;
    if !output.status.success() {
        return Err(Fail::command_failed(
            "`rustup target list --installed`",
            output.status,
            "",
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(stdout.lines().map(|line| line.trim().to_string()).collect())
}

/// Installs each of `triples` that rustup does not have yet, saying so.
pub fn require_targets(triples: &[&str]) -> Result<(), Fail> {
    let missing = |installed: &[String]| -> Vec<&str> {
        triples
            .iter()
            .copied()
            .filter(|triple| !installed.iter().any(|target| target == triple))
            .collect()
    };
    if missing(&installed_targets()?).is_empty() {
        return Ok(());
    }
    // rustup is not safe against itself: two `rustup target add` of the
    // same target at once (xtask's own tests start several runs) fail with
    // a file conflict. One at a time, then, and look again once it is ours.
    crate::tools::while_locked(|| {
        for triple in missing(&installed_targets()?) {
            println!(
                "xtask: rustup target {triple} is missing; running `rustup target add {triple}`"
            );
            let status = Command::new("rustup")
                .args(["target", "add", triple])
                .stdin(Stdio::null())
                .status();
            if !matches!(status, Ok(status) if status.success()) {
                return Err(Fail::setup(format!(
                    "could not install the rust standard library for {triple}; \
                     run it yourself to see why: rustup target add {triple}"
                )));
            }
        }
        Ok(())
    })
}

/// The version line of `arch`'s cross C compiler, if it needs one and it runs.
pub fn probe_cross_gcc(gcc: &str) -> Option<String> {
    let mut command = Command::new(gcc);
    command.arg("--version");
    crate::tools::first_line(command)
}

/// Whether the target's C library for linking (its start files, such as
/// `Scrt1.o`) is in the cross sysroot. Debian's `gcc-<triple>` only
/// recommends the `libc6-dev-<arch>-cross` package that holds it, so an
/// install without recommends has a compiler that cannot link.
pub fn probe_cross_libc(cross: &CrossGcc) -> bool {
    std::path::Path::new(cross.sysroot)
        .join("lib")
        .join("Scrt1.o")
        .is_file()
}

/// The command that installs `cross`'s compiler and C library.
pub fn cross_install(cross: &CrossGcc) -> String {
    format!(
        "apt-get install --no-install-recommends {} {}",
        cross.package, cross.libc_package
    )
}

/// Stops with one line if `arch`'s tests need a cross C compiler, or its C
/// library, that is missing.
pub fn require_cross_gcc(arch: Arch) -> Result<(), Fail> {
    let Some(cross) = arch.cross_gcc() else {
        return Ok(());
    };
    let what = if probe_cross_gcc(cross.gcc).is_none() {
        format!("{} not found", cross.gcc)
    } else if !probe_cross_libc(&cross) {
        format!(
            "{} has no C library to link against ({}/lib/Scrt1.o is missing)",
            cross.gcc, cross.sysroot
        )
    } else {
        return Ok(());
    };
    Err(Fail::setup(format!(
        "{what}: it links the {} test binaries against the target's C library. \
         Install them with: {}",
        arch.name(),
        cross_install(&cross)
    )))
}

/// Whether the `rust-src` component is installed (needed to compile `core`
/// for targets rustup has no library for).
pub fn probe_rust_src() -> bool {
    let mut command = Command::new("rustc");
    command.args(["--print", "sysroot"]);
    crate::tools::first_line(command).is_some_and(|sysroot| {
        std::path::Path::new(&sysroot)
            .join("lib/rustlib/src/rust/library/core/Cargo.toml")
            .is_file()
    })
}

/// The command that installs `rust-src`.
pub const RUST_SRC_INSTALL: &str = "rustup component add rust-src";

/// Installs `rust-src` if `arch` builds `core` from source and it is
/// missing, saying so; stops with one line if that fails.
pub fn require_rust_src(arch: Arch) -> Result<(), Fail> {
    if arch.spec().core != CoreLibrary::FromSource || probe_rust_src() {
        return Ok(());
    }
    // One rustup at a time, as for targets (see `require_targets`).
    let installed = crate::tools::while_locked(|| {
        if probe_rust_src() {
            return Ok(true);
        }
        println!(
            "xtask: the rust-src component is missing ({} programs are built with a `core` \
             compiled from source, as rustup has no library for {}); running `{RUST_SRC_INSTALL}`",
            arch.name(),
            arch.lesson_triple()
        );
        let status = Command::new("rustup")
            .args(["component", "add", "rust-src"])
            .stdin(Stdio::null())
            .status();
        Ok(matches!(status, Ok(status) if status.success()) && probe_rust_src())
    })?;
    if installed {
        return Ok(());
    }
    Err(Fail::setup(format!(
        "could not install the rust-src component; run it yourself to see why: \
         {RUST_SRC_INSTALL}"
    )))
}

/// Every check a run for `arch` needs, in order: stops at the first gap.
pub fn require_all(arch: Arch) -> Result<(), Fail> {
    require_targets(&arch.rustup_targets())?;
    require_rust_src(arch)?;
    crate::tools::qemu_user::emulator(arch)?;
    if let crate::tables::arch::TestSuite::Nextest { .. } = arch.spec().tests {
        require_cross_gcc(arch)?;
        crate::tools::cargo_tool::NEXTEST.command()?;
    }
    Ok(())
}

/// What a `--vm` run for `arch` builds on the host: the lessons' target
/// (or `rust-src`), and with `with_tests` the test suite's target, its
/// cross linker, and QEMU user mode (which lists the tests by running the
/// executables). The system emulator and the kernel are fetched later, after
/// the build, so that a compiler error shows without waiting for them.
pub fn require_vm_build(arch: Arch, with_tests: bool) -> Result<(), Fail> {
    let mut targets = Vec::new();
    if arch.spec().core == CoreLibrary::Rustup {
        targets.push(arch.lesson_triple());
    }
    if with_tests && let VmTests::Static(triple) | VmTests::Glibc(triple) = arch.machine().tests {
        targets.push(triple);
        require_cross_gcc(arch)?;
        crate::tools::qemu_user::emulator(arch)?;
    }
    require_targets(&targets)?;
    require_rust_src(arch)
}

/// The command that installs valgrind on Debian/Ubuntu.
pub const VALGRIND_INSTALL: &str = "apt-get install valgrind";

/// valgrind's version line, if it runs (`bench` counts the wrappers'
/// instructions with its callgrind tool).
pub fn probe_valgrind() -> Option<String> {
    let mut command = Command::new("valgrind");
    command.arg("--version");
    crate::tools::first_line(command)
}

/// Stops with one line if valgrind is missing.
pub fn require_valgrind() -> Result<(), Fail> {
    if probe_valgrind().is_some() {
        return Ok(());
    }
    Err(Fail::missing(
        "valgrind",
        format!(
            "its callgrind tool counts the wrappers' instructions. Install it with: \
             {VALGRIND_INSTALL} (or pass --skip-wrapper-cost)"
        ),
    ))
}
