//! One lesson, start to finish: build it, give it an empty work directory,
//! run it (under QEMU if foreign) with a deadline, and judge the output.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::build::cargo_build::build_lesson;
use crate::fail::Fail;
use crate::judge;
use crate::judge::outcome::LessonOutcome;
use crate::process::run_with_timeout::{RunOutput, run_filtered, run_with_timeout};
use crate::run::how::How;
use crate::run::map::{Drawn, LiveMap, Map, Program, take_drawn};
use crate::run::user_mode::UserMode;
use crate::tables::arch::{Arch, CoreLibrary};
use crate::tables::lessons::Lesson;
use crate::tools::{qemu_user, toolchain};
use crate::workspace;

/// A lesson that has not ended after this long is taken to be hung.
pub const TIMEOUT_SECS: u64 = 60;

/// Whether the lesson prints its system calls (the `rt` crate reads the
/// `MMAP_TRACE` environment variable at start-up).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Trace {
    /// No trace.
    Off,
    /// One strace-style line per call, on stderr.
    Calls,
    /// Each line followed by the registers that carried the call.
    Regs,
}

impl Trace {
    /// From the `--trace` and `--regs` switches.
    pub fn from_flags(trace: bool, regs: bool) -> Trace {
        match (trace, regs) {
            (_, true) => Trace::Regs,
            (true, false) => Trace::Calls,
            (false, false) => Trace::Off,
        }
    }

    /// Sets (or clears) `MMAP_TRACE` for the lesson's process. QEMU user
    /// mode passes its own environment on to the program it runs.
    fn apply(self, command: &mut Command) {
        const VAR: &str = protocol::env::TRACE;
        match self {
            Trace::Off => command.env_remove(VAR),
            Trace::Calls => command.env(VAR, protocol::env::TRACE_CALLS),
            Trace::Regs => command.env(VAR, protocol::env::TRACE_REGS),
        };
    }
}

/// Tells a lesson the emulator it runs under (its absolute path); unset
/// when the lesson runs natively.
const EMULATOR_VAR: &str = protocol::env::LESSON_EMULATOR;

/// The lesson's work directory for `arch`: `target/lesson-work/<arch>/NN`,
/// emptied before each run so every run starts from the same state (a file
/// left by the last run could hide a bug in the one that creates it).
fn fresh_work_dir(lesson: &Lesson, arch: Arch) -> Result<PathBuf, Fail> {
    empty_dir(
        workspace::target_dir()
            .join("lesson-work")
            .join(arch.name())
            .join(format!("{:02}", lesson.number)),
    )
}

/// Creates `dir`, or empties it if it exists, and returns it.
pub fn empty_dir(dir: PathBuf) -> Result<PathBuf, Fail> {
    let cannot =
        |error: std::io::Error| Fail::could_not("empty the work directory", dir.display(), error);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(cannot)?;
    }
    std::fs::create_dir_all(&dir).map_err(cannot)?;
    Ok(dir)
}

/// Runs freestanding program `binary` (a lesson, an exercise's checker)
/// for `arch` with `work_dir` as its argument and working directory:
/// natively, or under QEMU user mode if foreign. Prints what it runs, under
/// `label`; with `map`, a picture after each call that may change its
/// address space, and what was drawn comes back too (empty without
/// `map`). The outer error is xtask's (no emulator, an SVG file it could
/// not write); the inner one, that the program could not be started.
pub fn run_in_work_dir(
    binary: &Path,
    arch: Arch,
    work_dir: &Path,
    trace: Trace,
    map: Option<&Map>,
    label: &str,
) -> Result<(std::io::Result<RunOutput>, Drawn), Fail> {
    let place = UserMode::freestanding(arch)?;
    let mut command = place.command(binary);
    // A lesson that execs a copy of itself (lesson 08) execs the emulator
    // (see `UserMode::emulator`), which execve only finds by absolute path.
    // Lessons also name the emulator when it, not a kernel, gave an answer.
    match place.emulator() {
        Some(path) => command.env(EMULATOR_VAR, path),
        None => command.env_remove(EMULATOR_VAR),
    };
    // Set only inside a --vm machine, by its kernel command line; one left
    // in the user's shell must not make a lesson skip claims here.
    command.env_remove(protocol::env::LESSON_MACHINE);
    command.arg(work_dir).current_dir(work_dir);
    trace.apply(&mut command);
    Map::apply(map, &mut command);
    println!(
        "==> running {label} ({}): {} {}",
        qemu_user::describe(arch),
        workspace::shown(binary),
        workspace::shown(work_dir)
    );
    let timeout = Duration::from_secs(TIMEOUT_SECS);
    let Some(map) = map else {
        return Ok((run_with_timeout(command, timeout), Drawn::default()));
    };
    let (live, drawn) = LiveMap::new(map, Program::named(label), "");
    let run = run_filtered(command, timeout, Box::new(live));
    let drawn = take_drawn(&drawn);
    if run.is_ok() {
        drawn.report()?;
    }
    Ok((run, drawn))
}

/// The lesson preflight: stops with one line at the first missing tool a
/// freestanding program (a lesson, an exercise's check) needs to build and
/// run: the Rust target and its `core`, and QEMU user mode for a foreign
/// architecture (a VM run checks its own before it boots).
pub fn require_tools(arch: Arch, how: &How) -> Result<(), Fail> {
    if arch.spec().core == CoreLibrary::Rustup {
        toolchain::require_targets(&[arch.lesson_triple()])?;
    }
    toolchain::require_rust_src(arch)?;
    if let How::User = how {
        qemu_user::emulator(arch)?;
    }
    Ok(())
}

/// Builds, runs and checks `lesson` for `arch` (with `map`, drawing its
/// address space as it runs, and returning what it drew).
pub fn run_lesson(
    lesson: &Lesson,
    arch: Arch,
    trace: Trace,
    map: Option<&Map>,
) -> Result<(LessonOutcome, Drawn), Fail> {
    let label = format!("{} {}", lesson.label(), arch.name());
    let failed = |reason: String| {
        let outcome = LessonOutcome {
            passed: false,
            line: format!("{label}: failed ({reason})"),
            not_tried: 0,
        };
        (outcome, Drawn::default())
    };

    println!("==> building {label}");
    let binary = match build_lesson(lesson, arch) {
        Ok(binary) => binary,
        Err(reason) => return Ok(failed(reason)),
    };
    let work_dir = fresh_work_dir(lesson, arch)?;
    let (run, drawn) = run_in_work_dir(&binary, arch, &work_dir, trace, map, &label)?;
    let run = match run {
        Ok(run) => run,
        Err(error) => return Ok(failed(format!("could not start it: {error}"))),
    };

    // Under QEMU user mode or natively every claim is answered.
    let outcome = judge::lesson(lesson, &label, &run, TIMEOUT_SECS, 0);
    Ok((outcome, drawn))
}
