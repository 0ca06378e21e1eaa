//! From what the console said to the summary: the same lines and the same
//! closing `N passed, M failed` as a run under QEMU user mode, plus where
//! the answers came from (the kernel, its page size) and how long the
//! machine took to boot.
//!
//! A result that never came counts as a failure: a test that took the
//! kernel down with it must not pass by saying nothing.

use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

use crate::judge;
use crate::judge::console::{Boot, Console, Ending, ProgramResult};
use crate::judge::outcome::LessonOutcome;
use crate::judge::outcome::TestCounts;
use crate::judge::summary::Summary;
use crate::judge::summary::VmFacts;
use crate::process::run_with_timeout::RunOutput;
use crate::tables::arch::Arch;
use crate::tables::lessons::Lesson;

/// PID 1's deadline for one program, in seconds (`PROGRAM_TIMEOUT_NS` in
/// xtask/vm-init/src/child.rs), for the lesson check's report.
const PROGRAM_TIMEOUT_SECS: u64 = 240;

/// Adds every result of `boot` to `summary`: of `tests` (each test
/// executable's name and its tests' names) and `lessons`, booted on the
/// kernel `kernel` describes.
#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
pub fn add_results(
    arch: Arch,
    kernel: &str,
    boot: &Boot,
    tests: &[(&str, &[String])],
    lessons: &[&Lesson],
    with_tests: bool,
    seconds: f64,
    summary: &mut Summary,
) {
    let console = &boot.console;
    let (release, page_size) = console
        .booted
        .clone()
        .unwrap_or_else(|| ("(never booted)".to_string(), 0));
    let timing = format!(
        "booted after {}, first result after {}, whole run {seconds:.1} s",
        seconds_or_never(boot.booted_after),
        seconds_or_never(boot.first_result_after)
    );
    println!(
        "==> {} VM: kernel {release}, page size {page_size}; {timing}",
        arch.name()
    );
    summary.add_note(format!(
        "vm      {}: {} (release {release}), page size {page_size}; {timing}",
        arch.name(),
        kernel
    ));
    summary.vm = Some(VmFacts {
        kernel: release.clone(),
        page_size,
        first_result: boot.first_result_after,
        accel: "",
    });

    if with_tests && !tests.is_empty() {
        add_tests(arch, console, tests, summary);
    }
    if with_tests && let Some(selftest) = console.programs.get("selftest") {
        add_selftest(arch, selftest, summary);
    }
    for lesson in lessons {
        summary.add_lesson(lesson_outcome(
            arch,
            lesson,
            console.programs.get(&lesson.binary()),
        ));
    }
    for error in &console.errors {
        summary.add_note(format!("vm      {}: PID 1 said: {error}", arch.name()));
    }

    if let Some(problem) = problem(boot) {
        eprintln!("==> {} VM run failed: {problem}", arch.name());
        eprintln!("==> its last {} console lines:", boot.tail.len());
        for line in &boot.tail {
            eprintln!("    {line}");
        }
        summary.add_counts(format!("vm      {}: failed ({problem})", arch.name()), 0, 1);
    }
}

fn seconds_or_never(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "never".to_string(), |s| format!("{s:.1} s"))
}

/// One count per listed test; a missing result is a failure.
fn add_tests(arch: Arch, console: &Console, tests: &[(&str, &[String])], summary: &mut Summary) {
    let (mut passed, mut failed, mut missing) = (0, 0, 0);
    for (binary, names) in tests {
        for test in *names {
            match console.tests.get(&(binary.to_string(), test.clone())) {
                Some((true, _)) => passed += 1,
                Some((false, ending)) => {
                    failed += 1;
                    eprintln!("==> FAILED in the VM: {binary} {test} ({ending:?})");
                    for line in console.test_output.get(test).into_iter().flatten() {
                        eprintln!("    {line}");
                    }
                }
                None => missing += 1,
            }
        }
    }
    let counts = TestCounts {
        passed,
        failed: failed + missing,
        note: (missing > 0).then(|| format!("{missing} without a result")),
    };
    summary.add_tests_run_by(arch, "vm, real kernel", &counts);
}

/// The self-test's lines, judged as on the host.
fn add_selftest(arch: Arch, result: &ProgramResult, summary: &mut Summary) {
    let counts = judge::selftest(&as_run_output(result), PROGRAM_TIMEOUT_SECS);
    summary.add_tests_run_by(arch, "vm, self-test", &counts);
}

/// Why a boot ended before PID 1 was done, if it did: what the boot loop
/// saw, a kernel panic, or the console simply stopping.
pub fn problem(boot: &Boot) -> Option<String> {
    let console = &boot.console;
    boot.problem
        .clone()
        .or_else(|| {
            console
                .panic
                .as_ref()
                .map(|line| format!("the kernel panicked: {line}"))
        })
        .or_else(|| (!console.done).then(|| "the VM stopped before PID 1 was done".to_string()))
}

/// A program's ending and output inside the VM, in the form a run on the
/// host has, so the same checks judge both.
pub fn as_run_output(result: &ProgramResult) -> RunOutput {
    let (status, timed_out) = match result.ending {
        Ending::Status(raw) => (ExitStatus::from_raw(raw), false),
        // SIGKILL, as on the host when the deadline passes.
        Ending::TimedOut => (ExitStatus::from_raw(9), true),
        Ending::Other(_) => (ExitStatus::from_raw(127 << 8), false),
    };
    // With `--map` the snapshot frames came with the program's lines (one
    // file held both streams); they are set apart as on the host.
    let mut frames = mapview::Stream::new();
    let own: Vec<String> = result
        .output
        .iter()
        .filter(|line| frames.feed(line) == mapview::Fed::Passed)
        .cloned()
        .collect();
    RunOutput {
        status,
        timed_out,
        pipes_left_open: false,
        stdout: own.clone(),
        all: own,
    }
}

/// A lesson's output judged by the same contract as on the host.
fn lesson_outcome(arch: Arch, lesson: &Lesson, result: Option<&ProgramResult>) -> LessonOutcome {
    let label = format!("{} {} (vm)", lesson.label(), arch.name());
    let Some(result) = result else {
        return LessonOutcome {
            passed: false,
            line: format!("{label}: failed (no result: the VM stopped before it ran)"),
            not_tried: 0,
        };
    };
    let may_leave_untried = lesson
        .vm_not_tried
        .iter()
        .find(|(machine, _)| *machine == arch)
        .map_or(0, |(_, n)| *n);
    judge::lesson(
        lesson,
        &label,
        &as_run_output(result),
        PROGRAM_TIMEOUT_SECS,
        may_leave_untried,
    )
}
