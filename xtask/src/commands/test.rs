//! `cargo xtask test --arch A|all`: the whole check for one architecture (the
//! tests, then every written lesson) or for all of them, closing with one
//! summary line `N passed, M failed`. With `--vm`, on a real kernel booted
//! under qemu-system instead of under QEMU user mode.

use std::process::ExitCode;
use std::time::Instant;

use crate::fail::Fail;
use crate::judge::map_check;
use crate::judge::summary::{ArchRow, Summary};
use crate::run::how::How;
use crate::run::lesson_run::{Trace, run_lesson};
use crate::run::map::Map;
use crate::run::nextest::run_tests;
use crate::run::selftest::run_selftest;
use crate::run::vm;
use crate::tables::arch::{Arch, ArchArg, TestSuite};
use crate::tables::lessons::{self, Lesson};
use crate::tools::toolchain;

/// Runs the selected architectures; exit code 0 if everything passed.
pub fn test(selection: ArchArg, how: &How) -> Result<ExitCode, Fail> {
    match (selection, how) {
        (ArchArg::One(arch), How::Vm(spec)) => {
            let summary = vm::run(arch, spec, true, &written(), None)?;
            Ok(summary.print())
        }
        (ArchArg::All, How::Vm(spec)) if spec.kernel.is_some() => Err(Fail::bad_input(
            "--kernel names one architecture's kernel; use it with --arch A, not all",
        )),
        (ArchArg::All, How::Vm(spec)) => Ok(every_arch(
            |arch| vm::no_kernel(arch, spec.release),
            |arch| vm::run(arch, spec, true, &written(), None),
        )),
        (ArchArg::One(arch), How::User) => {
            // A single architecture: a missing tool is a setup error (exit 2).
            toolchain::require_all(arch)?;
            let summary = run_arch(arch)?;
            Ok(summary.print())
        }
        (ArchArg::All, How::User) => Ok(every_arch(
            |_| None,
            |arch| toolchain::require_all(arch).and_then(|()| run_arch(arch)),
        )),
    }
}

/// Every written lesson, for a VM run (which builds them all before it
/// boots).
fn written() -> Vec<&'static Lesson> {
    lessons::written().collect()
}

/// `--arch all`: runs `run` for each architecture in turn and prints the
/// table. An architecture for which `absent` gives a reason (no kernel of
/// that generation exists) is shown in its row with the reason, not run.
/// One that cannot run (a missing tool, no emulator) is reported in its row
/// with the fix and counted as failed, and the others still run.
fn every_arch(
    absent: impl Fn(Arch) -> Option<&'static str>,
    run: impl Fn(Arch) -> Result<Summary, Fail>,
) -> ExitCode {
    let mut rows = Vec::new();
    for (index, arch) in Arch::ALL.into_iter().enumerate() {
        announce(index, arch);
        if let Some(why) = absent(arch) {
            rows.push(ArchRow::absent(arch, why));
            continue;
        }
        let started = Instant::now();
        let result = run(arch);
        let seconds = started.elapsed().as_secs_f64();
        rows.push(match result {
            Ok(summary) => ArchRow::ran(arch, &summary, seconds),
            Err(fail) => ArchRow::could_not_run(arch, fail.message(), seconds),
        });
    }
    crate::judge::summary::print_table(&rows)
}

/// The progress line of `--arch all` before each architecture. (A plain
/// line, not a progress bar: cargo, nextest and QEMU write to the terminal
/// in between, which would tear a bar apart.)
fn announce(index: usize, arch: Arch) {
    println!("\n==> [{}/{}] {}", index + 1, Arch::ALL.len(), arch.name());
}

/// The tests (or the self-test) and every written lesson for `arch`.
fn run_arch(arch: Arch) -> Result<Summary, Fail> {
    let mut summary = Summary::default();
    let counts = match arch.spec().tests {
        TestSuite::Nextest { triple, .. } => run_tests(arch, triple)?,
        TestSuite::SelfTest => run_selftest(arch)?,
    };
    summary.add_tests(arch, &counts);
    let mut any_lesson = false;
    for lesson in lessons::written() {
        any_lesson = true;
        summary.add_lesson(run_lesson(lesson, arch, Trace::Off, None)?.0);
    }
    if !any_lesson {
        summary.add_note("lessons: none written yet".to_string());
    }
    map_proof(arch, &mut summary)?;
    Ok(summary)
}

/// The lesson `--map` is proven with on every architecture: 07, munmap.
const MAP_LESSON: u32 = 7;

/// `--map` on `arch`: lesson 07 once more, with the snapshots on. It must
/// pass as it did without them, and its pictures must show munmap's
/// removals (`judge::map_check`). Counted as one test.
fn map_proof(arch: Arch, summary: &mut Summary) -> Result<(), Fail> {
    let lesson = lessons::find_written(MAP_LESSON)?;
    let map = Map {
        svg: None,
        context: Map::default_context(),
    };
    println!("==> {} with --map", lesson.label());
    let (outcome, drawn) = run_lesson(lesson, arch, Trace::Off, Some(&map))?;
    let verdict = if !outcome.passed {
        Err(outcome.line)
    } else {
        map_check::shows_removal(&drawn.snapshots, drawn.dropped)
    };
    let (line, passed) = match verdict {
        Ok(n) => (
            format!(
                "map     {} {} --map: passed, {} picture(s), {n} showing munmap's removal",
                lesson.label(),
                arch.name(),
                drawn.pictures
            ),
            true,
        ),
        Err(why) => (
            format!(
                "map     {} {} --map: failed ({why})",
                lesson.label(),
                arch.name()
            ),
            false,
        ),
    };
    summary.add_counts(line, u64::from(passed), u64::from(!passed));
    Ok(())
}
