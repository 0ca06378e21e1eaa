//! `cargo xtask doctor`: what this machine has for each architecture, each
//! tool's version and where it came from (the system, or fetched by
//! xtask), and the exact command that fixes each missing piece. It only
//! looks; `cargo xtask test` adds rustup targets and fetches QEMU and
//! cargo-nextest itself.

use std::process::ExitCode;

use crate::fail::Fail;
use crate::tables::arch::{Arch, CoreLibrary, TestSuite};
use crate::tools::cargo_tool::{CargoTool, MUTANTS, NEXTEST};
use crate::tools::qemu_user::SystemEmulator;
use crate::tools::qemu_version::FLOOR;
use crate::tools::toolchain::{self, RUST_SRC_INSTALL};
use crate::tools::{self, qemu_system, qemu_user};

/// One requirement's state.
enum State {
    /// There, with what to say about it.
    Present(String),
    /// Not there, but xtask fetches it when a run needs it.
    Fetchable(String),
    /// Not there: the fix.
    Missing(String),
    /// Not there, and only one command needs it (which says so, and has a
    /// way to run without it): the fix. Not counted as missing.
    Optional(String),
}

/// Prints one line per requirement and returns 0 if nothing is missing.
pub fn doctor() -> Result<ExitCode, Fail> {
    let installed = toolchain::installed_targets()?;
    let choice = tools::choice()?;
    let mut missing = 0;
    let mut report = |what: &str, state: State| match state {
        State::Present(found) => println!("  present  {what}: {found}"),
        State::Fetchable(how) => println!("  on use   {what}: {how}"),
        State::Missing(fix) => {
            missing += 1;
            println!("  MISSING  {what}; fix: {fix}");
        }
        State::Optional(fix) => println!("  absent   {what}; fix: {fix}"),
    };

    println!(
        "every architecture ({}={}):",
        tools::CHOICE_VAR,
        choice.name()
    );
    report("cargo-nextest", cargo_tool_state(&NEXTEST, choice));
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
            let state = if installed.iter().any(|target| target == triple) {
                State::Present("installed".to_string())
            } else {
                State::Fetchable(format!("`rustup target add {triple}` on first use"))
            };
            report(&format!("rustup target {triple} (for {role})"), state);
        }
        if spec.core == CoreLibrary::FromSource {
            let state = if toolchain::probe_rust_src() {
                State::Present("installed".to_string())
            } else {
                State::Fetchable(format!("`{RUST_SRC_INSTALL}` on first use"))
            };
            report(
                &format!(
                    "rust-src (core for {} is built from source)",
                    arch.lesson_triple()
                ),
                state,
            );
        }
        if let Some(cross) = arch.cross_gcc() {
            let state = match toolchain::probe_cross_gcc(cross.gcc) {
                Some(version) if toolchain::probe_cross_libc(&cross) => State::Present(version),
                _ => State::Missing(toolchain::cross_install(&cross)),
            };
            report(
                &format!(
                    "{} and {} (link the test binaries)",
                    cross.gcc, cross.libc_package
                ),
                state,
            );
        }
        if arch.runner().is_some() {
            report(arch.qemu_binary(), qemu_user_state(arch, choice));
        }
        let machine = arch.machine();
        report(
            &format!("{} (for --vm)", machine.qemu),
            qemu_system_state(machine.qemu, machine.qemu_package, choice),
        );
    }
    println!("cargo xtask bench:");
    let valgrind = match toolchain::probe_valgrind() {
        Some(version) => State::Present(version),
        None => State::Optional(format!(
            "{} (or run bench with --skip-wrapper-cost)",
            toolchain::VALGRIND_INSTALL
        )),
    };
    report(
        "valgrind (callgrind counts the wrappers' instructions)",
        valgrind,
    );
    println!("cargo xtask mutants:");
    let mutants = match cargo_tool_state(&MUTANTS, choice) {
        State::Missing(fix) => State::Optional(fix),
        state => state,
    };
    report("cargo-mutants", mutants);

    if missing == 0 {
        println!("doctor: everything is in place or fetched on first use");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("doctor: {missing} missing piece(s); run the fix commands above");
        Ok(ExitCode::FAILURE)
    }
}

fn cargo_tool_state(tool: &CargoTool, choice: tools::Choice) -> State {
    if choice != tools::Choice::Fetched
        && let Some(version) = tool.system_version()
    {
        return State::Present(format!("{version} (system)"));
    }
    if choice == tools::Choice::System {
        return State::Missing(format!("cargo install {} --locked", tool.krate));
    }
    if let Some((version, origin)) = tool.fetched_version() {
        return State::Present(format!("{version} (fetched: {origin})"));
    }
    State::Fetchable(format!(
        "not found; {} into target/tools on first use",
        tool.how_fetched()
    ))
}

fn qemu_user_state(arch: Arch, choice: tools::Choice) -> State {
    let mut refused = None;
    if choice != tools::Choice::Fetched {
        match qemu_user::system_emulator(arch) {
            SystemEmulator::Trusted(tool) => {
                return State::Present(format!(
                    "{} (system: {})",
                    tool.version,
                    tool.path.display()
                ));
            }
            SystemEmulator::Untrusted(why) => refused = Some(why),
            SystemEmulator::Missing => {}
        }
    }
    if choice == tools::Choice::System {
        let why = refused.unwrap_or_else(|| "not found".to_string());
        return State::Missing(format!(
            "{why}; install QEMU {FLOOR} or newer (Debian: apt-get install qemu-user)"
        ));
    }
    if let Some(tool) = qemu_user::fetched_emulator(arch) {
        return State::Present(format!("{} ({})", tool.version, tool.origin));
    }
    let why = refused.unwrap_or_else(|| "not found".to_string());
    State::Fetchable(format!(
        "{why}; Debian's static qemu-user ({FLOOR} or newer) is fetched into target/tools on \
         first use"
    ))
}

fn qemu_system_state(program: &str, package: &str, choice: tools::Choice) -> State {
    if choice != tools::Choice::Fetched
        && let Some(tool) = qemu_system::system_emulator(program)
    {
        return State::Present(format!(
            "{} (system: {})",
            tool.version,
            tool.path.display()
        ));
    }
    if choice == tools::Choice::System {
        return State::Missing(format!("apt-get install {package}"));
    }
    if let Some(tool) = qemu_system::fetched_emulator(program, package) {
        return State::Present(format!("{} ({})", tool.version, tool.origin));
    }
    State::Fetchable(format!(
        "not found; Debian's {package} is fetched into target/tools on first --vm run"
    ))
}
