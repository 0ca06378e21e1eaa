//! `cargo xtask doctor`: what this machine has and lacks for each
//! architecture, with the exact command that fixes each missing piece.
//! It only looks; `cargo xtask test` installs missing rustup targets itself.

use std::process::ExitCode;

use crate::arch::{Arch, CoreLibrary, TestSuite};
use crate::fail::Fail;
use crate::toolchain::{self, NEXTEST_INSTALL, QEMU_INSTALL, RUST_SRC_INSTALL};

/// Prints one line per requirement and returns 0 if nothing is missing.
pub fn doctor() -> Result<ExitCode, Fail> {
    let installed = toolchain::installed_targets()?;
    let mut missing = 0;
    let mut report = |what: String, found: Option<String>, fix: String| match found {
        Some(found) => println!("  present  {what}: {found}"),
        None => {
            missing += 1;
            println!("  MISSING  {what}; fix: {fix}");
        }
    };

    for arch in Arch::ALL {
        let spec = arch.spec();
        let tests = match spec.tests {
            TestSuite::Nextest { .. } => "test suite",
            TestSuite::SelfTest => "self-test (no Rust std for this CPU)",
        };
        println!("{} (runs {}; {tests}):", arch.name(), arch.how_it_runs());
        let test_triple = match spec.tests {
            TestSuite::Nextest { triple, .. } => Some(triple),
            TestSuite::SelfTest => None,
        };
        for triple in arch.rustup_targets() {
            let role = match (Some(triple) == test_triple, triple == arch.lesson_triple()) {
                (true, true) => "tests and lessons",
                (true, false) => "tests",
                _ => "lessons",
            };
            let found = installed.iter().any(|target| target == triple);
            report(
                format!("rustup target {triple} (for {role})"),
                found.then(|| "installed".to_string()),
                format!("rustup target add {triple}"),
            );
        }
        if spec.core == CoreLibrary::FromSource {
            report(
                format!(
                    "rust-src (core for {} is built from source)",
                    arch.lesson_triple()
                ),
                toolchain::probe_rust_src().then(|| "installed".to_string()),
                RUST_SRC_INSTALL.to_string(),
            );
        }
        if let Some(cross) = arch.cross_gcc() {
            report(
                format!("{} (links the test binaries)", cross.gcc),
                toolchain::probe_cross_gcc(cross.gcc),
                format!("apt-get install {}", cross.package),
            );
        }
        if let Some(qemu) = arch.runner() {
            report(
                qemu.to_string(),
                toolchain::probe_qemu(arch),
                QEMU_INSTALL.to_string(),
            );
        }
    }
    println!("every architecture:");
    report(
        "cargo-nextest".to_string(),
        toolchain::probe_nextest(),
        NEXTEST_INSTALL.to_string(),
    );

    if missing == 0 {
        println!("doctor: everything is in place");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("doctor: {missing} missing piece(s); run the fix commands above");
        Ok(ExitCode::FAILURE)
    }
}
