//! `cargo xtask`: the project's driver.
//!
//! One place that knows how to build and run everything for each
//! architecture: the tests (under cargo-nextest, through QEMU when foreign)
//! and the freestanding lesson binaries (special link flags, their own
//! target directory, a deadline, an output contract to check).
//!
//! Exit codes: 0 all passed; 1 a test or lesson failed; 2 xtask could not
//! do its job (bad arguments, a missing tool, no such lesson).

mod build;
mod commands;
mod fail;
mod flags;
mod judge;
mod process;
mod run;
mod tables;
#[cfg(test)]
mod tidy;
mod tools;
mod workspace;

use std::process::ExitCode;

use clap::Parser;

use crate::fail::Fail;
use crate::flags::{Cli, Command};
use crate::run::lesson_run::Trace;
use crate::tables::arch::{Arch, ArchArg};

/// `--arch` if given, else the host's, which must be one xtask knows.
fn arch_or_host(arch: Option<Arch>) -> Result<Arch, Fail> {
    arch.or_else(Arch::host).ok_or_else(|| {
        Fail::bad_input(format!(
            "this machine is {}, which the course does not target; pass --arch (see --help)",
            std::env::consts::ARCH
        ))
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    process::process_group::install_ctrl_c_handler();
    let result = match cli.command {
        Command::Test { arch, vm } => {
            let how = vm.how();
            match arch {
                Some(selection) => commands::test::test(selection, &how),
                None => arch_or_host(None)
                    .and_then(|arch| commands::test::test(ArchArg::One(arch), &how)),
            }
        }
        Command::Lesson {
            number,
            arch,
            trace,
            regs,
            map,
            vm,
        } => {
            let trace = Trace::from_flags(trace, regs);
            let how = vm.how();
            map.map().and_then(|map| {
                arch_or_host(arch).and_then(|arch| {
                    commands::lesson::lesson(number, arch, trace, map.as_ref(), &how)
                })
            })
        }
        Command::Exercise {
            id,
            arch,
            vm,
            map,
            watch,
            manual_run,
            reset,
            all,
            yes,
            hint,
            solution,
            verify,
        } => {
            let how = vm.how();
            let action = match (watch, hint, solution) {
                _ if reset && all => commands::exercise::Action::ResetAll { yes },
                _ if reset => commands::exercise::Action::Reset { yes },
                (true, _, _) => commands::exercise::Action::Watch { manual_run },
                (_, Some(level), _) => commands::exercise::Action::Hint(level),
                (_, _, true) => commands::exercise::Action::Solution,
                _ => commands::exercise::Action::Check,
            };
            map.map().and_then(|map| {
                arch_or_host(arch).and_then(|arch| {
                    if verify {
                        commands::exercise::verify::verify(arch, &how)
                    } else {
                        commands::exercise::exercise(
                            id.as_deref(),
                            action,
                            arch,
                            &how,
                            map.as_ref(),
                        )
                    }
                })
            })
        }
        Command::Kernel {
            arch,
            kernel_release,
        } => arch_or_host(arch).and_then(|arch| commands::kernel::kernel(arch, kernel_release)),
        Command::Doctor => commands::doctor::doctor(),
        Command::Bench {
            quick,
            skip_wrapper_cost,
        } => commands::bench::bench(quick, skip_wrapper_cost),
        Command::Mutants { iterate } => commands::mutants::mutants(iterate),
        Command::Book { flags } => commands::book::book(flags.action()),
        Command::Pictures { check } => commands::pictures::pictures(check),
    };
    result.unwrap_or_else(|fail| fail.report())
}
