//! `cargo xtask`: the project's driver.
//!
//! One place that knows how to build and run everything for each
//! architecture: the tests (under cargo-nextest, through QEMU when foreign)
//! and the freestanding lesson binaries (special link flags, their own
//! target directory, a deadline, an output contract to check).
//!
//! Exit codes: 0 all passed; 1 a test or lesson failed; 2 xtask could not
//! do its job (bad arguments, a missing tool, no such lesson).

mod arch;
mod bench_command;
mod book_command;
mod callgrind;
mod cargo_build;
mod doctor;
mod exercise_build;
mod exercise_check;
mod exercise_command;
mod exercise_progress;
mod exercise_verify;
mod exercises;
mod fail;
mod judge;
mod junit;
mod lesson_check;
mod lesson_command;
mod lesson_run;
mod lessons;
mod mutants_command;
mod nextest;
mod pipe_lines;
mod process_group;
mod run_with_timeout;
mod selftest;
mod summary;
mod test_command;
#[cfg(test)]
mod tidy;
#[cfg(test)]
mod tidy_checks;
mod toolchain;
mod tools;
mod user_mode;
mod vm;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::arch::{Arch, ArchArg};
use crate::fail::Fail;
use crate::lesson_run::Trace;
use crate::vm::KernelRelease;

/// Build, run and check the mmap course's tests and lessons per architecture.
#[derive(Parser)]
#[command(name = "xtask", bin_name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the tests, then every written lesson, for one architecture or all.
    Test {
        /// The architecture to build for, or `all` [default: this machine's].
        #[arg(long, value_enum)]
        arch: Option<ArchArg>,
        #[command(flatten)]
        vm: VmArgs,
    },
    /// Build, run and check lesson N; with no N, list the lessons.
    Lesson {
        /// The lesson's number (see `cargo xtask lesson`).
        number: Option<u32>,
        /// The architecture to build for [default: this machine's].
        #[arg(long, value_enum)]
        arch: Option<Arch>,
        /// Print every system call the lesson makes, strace-style, on stderr.
        #[arg(long, conflicts_with = "vm")]
        trace: bool,
        /// Trace, and show the registers that carried each call (implies --trace).
        #[arg(long, conflicts_with = "vm")]
        regs: bool,
        #[command(flatten)]
        vm: VmArgs,
    },
    /// Check your answer to exercise N.M (a file beside its lesson); with
    /// no N.M, list the exercises and your progress.
    Exercise {
        /// The exercise, as N.M: lesson N, exercise M (see `cargo xtask exercise`).
        #[arg(value_name = "N.M", conflicts_with = "verify")]
        id: Option<String>,
        /// The architecture to build for [default: this machine's].
        #[arg(long, value_enum)]
        arch: Option<Arch>,
        #[command(flatten)]
        vm: VmArgs,
        /// Check now, then again each time you save the file, until it passes.
        #[arg(long, requires = "id", conflicts_with_all = ["hint", "solution"])]
        watch: bool,
        /// Print a hint.
        #[arg(long, requires = "id", conflicts_with = "solution")]
        hint: bool,
        /// Print a reference answer (your file is not changed).
        #[arg(long, requires = "id")]
        solution: bool,
        /// For every exercise: the reference answer passes, and the untouched
        /// exercise fails on the claim it is about. Ends with `N passed, M failed`.
        #[arg(long)]
        verify: bool,
    },
    /// Fetch the distribution kernel `--vm` boots for an architecture (through
    /// apt: `apt-get download` + `dpkg-deb -x`) into the target directory,
    /// and print its version and path.
    Kernel {
        /// The architecture whose kernel to fetch [default: this machine's].
        #[arg(long, value_enum)]
        arch: Option<Arch>,
        /// This machine's Debian release (stable) or Debian unstable (newest).
        #[arg(long, value_enum, default_value = "stable")]
        kernel_release: KernelRelease,
    },
    /// Show what is installed and missing for each architecture, and how to fix it.
    Doctor,
    /// Measure read(2), pread(2) and mmap(2) against memory bandwidth, and our
    /// wrappers' instruction count (this machine only; lesson 02's numbers).
    Bench {
        /// A short run (3 file sizes up to 64 MiB) that finishes in under a minute.
        #[arg(long)]
        quick: bool,
        /// Do not count the wrappers' instructions (which needs valgrind).
        #[arg(long)]
        skip_wrapper_cost: bool,
    },
    /// Mutation testing: change mman, unistd and syscall's errno code one
    /// small way at a time (cargo-mutants), and check that a test fails for
    /// each change. Natively, about half an hour. Ends with `N passed, M failed`.
    Mutants {
        /// Try again only the mutants the last run did not catch.
        #[arg(long)]
        iterate: bool,
    },
    /// The course as a book, in English and Korean: build target/book/{en,ko}/.
    Book {
        #[command(flatten)]
        flags: BookFlags,
    },
}

/// `cargo xtask book --open|--serve|--check|--pot|--check-po`.
#[derive(clap::Args)]
#[group(multiple = false)]
struct BookFlags {
    /// Open the English front page after building.
    #[arg(long)]
    open: bool,
    /// Serve on 127.0.0.1 and rebuild on every save.
    #[arg(long)]
    serve: bool,
    /// Check both sites in chromium (links, console, search, language, code width).
    #[arg(long)]
    check: bool,
    /// Write book/po/messages.pot from the English pages.
    #[arg(long)]
    pot: bool,
    /// Fail when messages.pot is out of date or ko.po has a fuzzy or untranslated message.
    #[arg(long)]
    check_po: bool,
}

/// Where the programs run: `--vm` and its two options, the same for every
/// command that runs something.
#[derive(clap::Args)]
struct VmArgs {
    /// Run on a real kernel of the architecture, booted under qemu-system,
    /// instead of under QEMU user mode.
    #[arg(long)]
    vm: bool,
    /// With --vm: boot this kernel image instead of the distribution's.
    #[arg(long, value_name = "PATH", requires = "vm")]
    kernel: Option<PathBuf>,
    /// With --vm: Debian's kernel of this machine's release (stable) or of
    /// Debian unstable (newest).
    #[arg(long, value_enum, default_value = "stable", requires = "vm")]
    kernel_release: KernelRelease,
}

impl VmArgs {
    fn how(self) -> test_command::How {
        test_command::How::new(self.vm, self.kernel, self.kernel_release)
    }
}

/// `--arch` if given, else the host's, which must be one xtask knows.
fn arch_or_host(arch: Option<Arch>) -> Result<Arch, Fail> {
    arch.or_else(Arch::host).ok_or_else(|| {
        Fail::setup(format!(
            "this machine is {}, which the course does not target; pass --arch (see --help)",
            std::env::consts::ARCH
        ))
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    process_group::install_ctrl_c_handler();
    let result = match cli.command {
        Command::Test { arch, vm } => {
            let how = vm.how();
            match arch {
                Some(selection) => test_command::test(selection, &how),
                None => {
                    arch_or_host(None).and_then(|arch| test_command::test(ArchArg::One(arch), &how))
                }
            }
        }
        Command::Lesson {
            number,
            arch,
            trace,
            regs,
            vm,
        } => {
            let trace = Trace::from_flags(trace, regs);
            let how = vm.how();
            arch_or_host(arch).and_then(|arch| lesson_command::lesson(number, arch, trace, &how))
        }
        Command::Exercise {
            id,
            arch,
            vm,
            watch,
            hint,
            solution,
            verify,
        } => {
            let how = vm.how();
            let action = match (watch, hint, solution) {
                (true, _, _) => exercise_command::Action::Watch,
                (_, true, _) => exercise_command::Action::Hint,
                (_, _, true) => exercise_command::Action::Solution,
                _ => exercise_command::Action::Check,
            };
            arch_or_host(arch).and_then(|arch| {
                if verify {
                    exercise_verify::verify(arch, &how)
                } else {
                    exercise_command::exercise(id.as_deref(), action, arch, &how)
                }
            })
        }
        Command::Kernel {
            arch,
            kernel_release,
        } => arch_or_host(arch).and_then(|arch| vm::kernel::kernel_command(arch, kernel_release)),
        Command::Doctor => doctor::doctor(),
        Command::Bench {
            quick,
            skip_wrapper_cost,
        } => bench_command::bench(quick, skip_wrapper_cost),
        Command::Mutants { iterate } => mutants_command::mutants(iterate),
        Command::Book { flags } => book_command::book(book_action(&flags)),
    };
    result.unwrap_or_else(|fail| fail.report())
}

/// The one book action the flags name; without a flag, build.
fn book_action(flags: &BookFlags) -> book_command::BookAction {
    use book_command::BookAction;
    [
        (flags.open, BookAction::Open),
        (flags.serve, BookAction::Serve),
        (flags.check, BookAction::Check),
        (flags.pot, BookAction::Pot),
        (flags.check_po, BookAction::CheckPo),
    ]
    .into_iter()
    .find_map(|(set, action)| set.then_some(action))
    .unwrap_or(BookAction::Build)
}
