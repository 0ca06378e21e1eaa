//! The whole command line of `cargo xtask`, as clap reads it; `main`
//! hands each command to its module.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands::book::BookAction;
use crate::fail::Fail;
use crate::run::how::How;
use crate::run::map::Map;
use crate::tables::arch::{Arch, ArchArg};
use crate::tables::machine::{Accel, KernelRelease};

/// Build, run and check the mmap course's tests and lessons per architecture.
#[derive(Parser)]
#[command(name = "xtask", bin_name = "cargo xtask", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
        map: MapArgs,
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
        #[command(flatten)]
        map: MapArgs,
        /// Check now, then again each time you save the file. On a terminal,
        /// a full screen that goes on from exercise to exercise (with no
        /// N.M, at the first not done); elsewhere, until it passes.
        #[arg(long, conflicts_with_all = ["hint", "solution"])]
        watch: bool,
        /// With --watch: check only when you press `r`, not on every save.
        #[arg(long, requires = "watch")]
        manual_run: bool,
        /// Put the exercise file back as the course ships it (asks first);
        /// with --all, every exercise file, and forget your progress.
        #[arg(long, conflicts_with_all = ["watch", "hint", "solution", "verify"])]
        reset: bool,
        /// With --reset: every exercise, instead of N.M.
        #[arg(long, requires = "reset", conflicts_with = "id")]
        all: bool,
        /// With --reset: do not ask (needed where there is no terminal to ask on).
        #[arg(long, requires = "reset")]
        yes: bool,
        /// Print a hint: level 1 says where to look, `--hint 2` gives the
        /// idea, and so on; only `--solution` shows code.
        #[arg(
            long,
            value_name = "LEVEL",
            num_args = 0..=1,
            default_missing_value = "1",
            requires = "id",
            conflicts_with = "solution"
        )]
        hint: Option<u32>,
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
    /// Draw the address-space pictures the lesson READMEs show, as SVG
    /// files beside each README, from native runs with --map (x86_64 only).
    Pictures {
        /// Compare with the committed files instead of writing them, and
        /// check that each README shows its pictures; fail on a difference.
        #[arg(long)]
        check: bool,
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
pub struct BookFlags {
    /// Open the English front page after building.
    #[arg(long)]
    pub open: bool,
    /// Serve on 127.0.0.1 and rebuild on every save.
    #[arg(long)]
    pub serve: bool,
    /// Check both sites in chromium (links, console, search, language, code width).
    #[arg(long)]
    pub check: bool,
    /// Write book/po/messages.pot from the English pages.
    #[arg(long)]
    pub pot: bool,
    /// Fail when messages.pot is out of date or ko.po has a fuzzy or untranslated message.
    #[arg(long)]
    pub check_po: bool,
}

impl BookFlags {
    /// The one book action the flags name; without a flag, build.
    pub fn action(&self) -> BookAction {
        [
            (self.open, BookAction::Open),
            (self.serve, BookAction::Serve),
            (self.check, BookAction::Check),
            (self.pot, BookAction::Pot),
            (self.check_po, BookAction::CheckPo),
        ]
        .into_iter()
        .find_map(|(set, action)| set.then_some(action))
        .unwrap_or(BookAction::Build)
    }
}

/// Where the programs run: `--vm` and its two options, the same for every
/// command that runs something.
#[derive(clap::Args)]
pub struct VmArgs {
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
    /// With --vm: QEMU's accelerator; without it, KVM where it works for
    /// the machine (x86 guests on an x86_64 host), else TCG.
    #[arg(long, value_enum, requires = "vm")]
    accel: Option<Accel>,
}

/// `--map` and `--map-context`, the same for a lesson and an exercise.
#[derive(clap::Args)]
pub struct MapArgs {
    /// After each call that may change the address space, a picture of it
    /// (read from /proc/self/maps right after the call) on stdout; with
    /// `svg:DIR`, each picture also as an SVG file in DIR.
    #[arg(long, value_name = "svg:DIR", num_args = 0..=1, default_missing_value = "")]
    map: Option<String>,
    /// With --map: how many rows to show on each side of a row the call
    /// touched.
    #[arg(long, value_name = "N", requires = "map", default_value_t = Map::default_context())]
    map_context: usize,
}

impl MapArgs {
    pub fn map(&self) -> Result<Option<Map>, Fail> {
        Map::from_flags(self.map.as_deref(), self.map_context)
    }
}

impl VmArgs {
    pub fn how(self) -> How {
        How::new(self.vm, self.kernel, self.kernel_release, self.accel)
    }
}
