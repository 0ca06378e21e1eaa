//! What two programs of this project tell each other, written once for
//! both sides: a lesson prints claim lines and xtask reads them; the VM's
//! PID 1 (`xtask/vm-init`) prints console lines and xtask reads them, from
//! list files xtask wrote; xtask sets environment variables and the
//! programs read them. A string changed on one side only would break the
//! conversation silently, so both sides take it from here.
//!
//! No dependencies and no `std`: the freestanding lessons and PID 1 use it
//! as well as xtask.
#![no_std]

/// The lines a lesson (or an exercise's check, or the self-test) prints
/// for each claim, and its closing tally (`rt`'s `Claims`).
pub mod claims {
    /// Starts the line of a claim the kernel confirmed.
    pub const CONFIRMED: &str = "[ok] ";
    /// Starts the line of a claim the kernel refuted.
    pub const REFUTED: &str = "[FAILED] ";
    /// Starts the line of a claim this machine could not answer, with why.
    pub const NOT_TRIED: &str = "[not tried] ";
    /// Starts the closing line: `claims: N confirmed, M refuted[, K not
    /// tried]` ([`Tally`]).
    pub const CLOSING: &str = "claims: ";

    /// The closing line's counts. Its `Display` writes the line (the
    /// program's side) and [`Tally::parse`] reads it back (xtask's side).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Tally {
        /// Claims confirmed (`[ok]` lines).
        pub confirmed: u32,
        /// Claims refuted (`[FAILED]` lines).
        pub refuted: u32,
        /// Claims this machine could not answer (`[not tried]` lines).
        pub not_tried: u32,
    }

    const CONFIRMED_WORD: &str = " confirmed";
    const REFUTED_WORD: &str = " refuted";
    const NOT_TRIED_WORD: &str = " not tried";

    impl core::fmt::Display for Tally {
        /// `claims: N confirmed, M refuted`, then `, K not tried` if K > 0.
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            write!(
                f,
                "{CLOSING}{}{CONFIRMED_WORD}, {}{REFUTED_WORD}",
                self.confirmed, self.refuted
            )?;
            if self.not_tried > 0 {
                write!(f, ", {}{NOT_TRIED_WORD}", self.not_tried)?;
            }
            Ok(())
        }
    }

    impl Tally {
        /// The counts of a closing line (surrounding spaces ignored), or
        /// `None` if `line` is not exactly one.
        pub fn parse(line: &str) -> Option<Tally> {
            let count = |part: Option<&str>, word: &str| -> Option<u32> {
                part?.strip_suffix(word)?.parse().ok()
            };
            let mut parts = line.trim().strip_prefix(CLOSING)?.split(", ");
            let confirmed = count(parts.next(), CONFIRMED_WORD)?;
            let refuted = count(parts.next(), REFUTED_WORD)?;
            let not_tried = match parts.next() {
                Some(part) => count(Some(part), NOT_TRIED_WORD)?,
                None => 0,
            };
            if parts.next().is_some() {
                return None;
            }
            Some(Tally {
                confirmed,
                refuted,
                not_tried,
            })
        }
    }
}

/// The lines PID 1 prints on the VM's console, each a prefix followed by
/// its fields separated by single spaces:
///
/// ```text
/// MMAPVM BOOTED <kernel release> pagesize=<AT_PAGESZ>
/// MMAPVM OUTPUT BEGIN <label>
/// ...a program's stdout and stderr...
/// MMAPVM OUTPUT END <label>
/// MMAPVM RESULT test <binary> <test name> pass|fail status=<raw>|timeout|not-started <error>
/// MMAPVM RESULT program <label> pass|fail status=<raw>|timeout|not-started <error>
/// MMAPVM ERROR <what went wrong>
/// MMAPVM NOTE <something worth knowing>
/// MMAPVM DONE
/// ```
pub mod console {
    /// Prefixes `MMAPVM ` to a literal, so the mark is spelt once.
    macro_rules! marked {
        ($rest:literal) => {
            concat!("MMAPVM ", $rest)
        };
    }

    /// What every line of PID 1's starts with (the kernel's do not).
    pub const MARK: &str = marked!("");
    /// The machine is up: kernel release and page size follow.
    pub const BOOTED: &str = marked!("BOOTED");
    /// A program's captured output follows, until [`OUTPUT_END`].
    pub const OUTPUT_BEGIN: &str = marked!("OUTPUT BEGIN");
    /// The captured output has ended.
    pub const OUTPUT_END: &str = marked!("OUTPUT END");
    /// One test's result.
    pub const RESULT_TEST: &str = marked!("RESULT test");
    /// One program's result.
    pub const RESULT_PROGRAM: &str = marked!("RESULT program");
    /// Something PID 1 could not do.
    pub const ERROR: &str = marked!("ERROR");
    /// Something worth knowing that is not an error.
    pub const NOTE: &str = marked!("NOTE");
    /// Everything has run; PID 1 powers off next.
    pub const DONE: &str = marked!("DONE");
    /// The page-size field of [`BOOTED`].
    pub const PAGE_SIZE: &str = "pagesize=";
    /// A result's verdicts.
    pub const PASS: &str = "pass";
    /// See [`PASS`].
    pub const FAIL: &str = "fail";
    /// A result's ending: wait4's raw status word follows.
    pub const STATUS: &str = "status=";
    /// A result's ending: PID 1 killed it at its deadline.
    pub const TIMEOUT: &str = "timeout";
    /// A result's ending: it could not be started; the error follows.
    pub const NOT_STARTED: &str = "not-started";
}

/// The files xtask puts in the VM's initramfs for PID 1 to read, one entry
/// per line.
pub mod lists {
    /// `<binary> <test name>` per line.
    pub const TESTS: &core::ffi::CStr = c"/vm/tests.list";
    /// `<label> <absolute path>` per line.
    pub const PROGRAMS: &core::ffi::CStr = c"/vm/programs.list";
}

/// The environment variables xtask sets (or, in a VM, the kernel command
/// line or PID 1 does) for the programs it runs.
pub mod env {
    /// [`TRACE_CALLS`] or [`TRACE_REGS`]: print every system call the
    /// program makes.
    pub const TRACE: &str = "MMAP_TRACE";
    /// [`TRACE`]'s value for one strace-style line per call.
    pub const TRACE_CALLS: &str = "calls";
    /// [`TRACE`]'s value for each line followed by its registers.
    pub const TRACE_REGS: &str = "regs";
    /// [`MAP_SNAPSHOTS_ON`]: after each call that changes the address
    /// space, print /proc/self/maps framed as [`crate::maps`] describes.
    pub const MAP_SNAPSHOTS: &str = "MMAP_MAP_SNAPSHOTS";
    /// [`MAP_SNAPSHOTS`]'s value that turns the snapshots on.
    pub const MAP_SNAPSHOTS_ON: &str = "on";
    /// [`MAP_SNAPSHOTS_ON`] on a `--vm` machine's kernel command line: the
    /// kernel gives it to PID 1, which sets [`MAP_SNAPSHOTS`] for the
    /// programs it runs. A name of its own, because PID 1 runs on the same
    /// runtime as the lessons and would otherwise snapshot itself.
    pub const VM_MAP_SNAPSHOTS: &str = "MMAP_VM_MAP_SNAPSHOTS";
    /// The QEMU user-mode emulator a lesson runs under (absolute path);
    /// unset natively.
    pub const LESSON_EMULATOR: &str = "MMAP_LESSON_EMULATOR";
    /// The qemu-system emulator of a `--vm` machine; unset elsewhere.
    pub const LESSON_MACHINE: &str = "MMAP_LESSON_MACHINE";
    /// The QEMU user-mode emulator the test suite runs under.
    pub const TESTS_EMULATOR: &str = "MMAP_TESTS_EMULATOR";
    /// How many random sequences a model-based test runs (the VM's PID 1
    /// sets it; a reader may too).
    pub const MODEL_CASES: &str = "MMAP_MODEL_CASES";
    /// How many seconds a test waits for a child, a pipe or a futex before
    /// it fails (default 60, for slow emulated machines); `cargo xtask
    /// mutants` sets 10, so that a mutant that loses a wake-up fails a
    /// test in seconds.
    pub const TEST_WAIT: &str = "MMAP_TEST_WAIT";
    /// `1`: `cargo xtask test` builds the tests with the `inject-hang`
    /// fixture, a test that never ends (for xtask's own fault tests).
    pub const INJECT_HANG: &str = "MMAP_TESTS_INJECT_HANG";
}

/// The snapshots of the address space a program prints on standard error
/// when [`env::MAP_SNAPSHOTS`] says so, one after each call that may change
/// its mappings, and at a fork in both processes, for the child's first
/// view and the parent's view beside it:
///
/// ```text
/// MMAPMAPS BEGIN pid=<pid> pagesize=<AT_PAGESZ> [forked-from=<ppid>] [range=<start>-<end>[,<start>-<end>]] <call as --trace writes it>
/// ...the lines of /proc/self/maps, as the kernel (or QEMU) wrote them...
/// MMAPMAPS END pid=<pid>
/// ```
///
/// `range` is what the call named (hexadecimal, without `0x`, rounded out to
/// whole pages): a removal's, a new mapping's, both ends of a move. A frame
/// whose file could not be read ends with [`END`] followed by
/// [`UNREADABLE`] instead of holding lines.
pub mod maps {
    /// Prefixes `MMAPMAPS ` to a literal, so the mark is spelt once.
    macro_rules! marked {
        ($rest:literal) => {
            concat!("MMAPMAPS ", $rest)
        };
    }

    /// What every frame line starts with (a maps line never does: it
    /// starts with a hexadecimal address).
    pub const MARK: &str = marked!("");
    /// Opens a snapshot; its fields follow.
    pub const BEGIN: &str = marked!("BEGIN");
    /// Closes a snapshot; `pid=` follows.
    pub const END: &str = marked!("END");
    /// The begin and end lines' process id field.
    pub const PID: &str = "pid=";
    /// The begin line's page-size field (the program's AT_PAGESZ).
    pub const PAGE_SIZE: &str = "pagesize=";
    /// The begin line's field in a forked child's first snapshot: the
    /// parent's pid, whose address space the child's is a copy of.
    pub const FORKED_FROM: &str = "forked-from=";
    /// The begin line's field naming the addresses the call was about.
    pub const RANGE: &str = "range=";
    /// Ends an end line whose snapshot holds no lines: /proc/self/maps
    /// could not be opened (no /proc mounted).
    pub const UNREADABLE: &str = "unreadable";
    /// Stands for the call in the snapshot a program prints once when the
    /// snapshots are turned on at its start: its address space as execve
    /// left it, which its first call's picture is set against.
    pub const START: &str = "(start)";
}

/// The exit status of a program whose panic handler ran: rt's, as a std
/// program's (xtask names a panic when it sees it).
pub const PANICKED: i32 = 101;
