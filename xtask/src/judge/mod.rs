//! Judging a program's run, wherever it ran: on this machine (natively or
//! under QEMU user mode) or inside a VM, whose PID 1 reports each program's
//! output and ending, turned into the same [`RunOutput`]
//! ([`vm::as_run_output`]). One judge per kind of program, so a run in a
//! VM can never pass what a run here would fail: a lesson and the
//! self-test here, an exercise's check in [`exercise`], a whole boot in
//! [`vm`]; [`summary`] adds them up. Pure functions of what a run printed:
//! nothing in this folder starts a process.

pub mod console;
pub mod exercise;
pub mod junit;
pub mod lesson_check;
pub mod map_check;
pub mod outcome;
pub mod summary;
pub mod vm;

use protocol::claims;

use crate::judge::outcome::LessonOutcome;
use crate::judge::outcome::TestCounts;
use crate::process::run_with_timeout::RunOutput;
use crate::tables::lessons::Lesson;

/// How many lines of output to repeat when a lesson fails.
const TAIL_LINES: usize = 30;

/// A lesson's run against its output contract (`lesson_check`), as one line
/// of the summary under `label`. `timeout_secs` is the deadline the run had
/// (for the message); `may_leave_untried` the claims this machine may leave
/// `[not tried]`. A failure also prints the reason and the output's tail.
pub fn lesson(
    lesson: &Lesson,
    label: &str,
    run: &RunOutput,
    timeout_secs: u64,
    may_leave_untried: u32,
) -> LessonOutcome {
    match lesson_check::check(lesson, timeout_secs, run, may_leave_untried) {
        Ok(claims) => LessonOutcome {
            passed: true,
            line: format!("{label}: passed ({})", lesson_check::summary(&claims)),
            not_tried: claims.not_tried,
        },
        Err(reason) => {
            let tail = &run.all[run.all.len().saturating_sub(TAIL_LINES)..];
            eprintln!("==> {label} failed: {reason}");
            eprintln!("==> its last {} lines of output:", tail.len());
            for line in tail {
                eprintln!("    {line}");
            }
            LessonOutcome {
                passed: false,
                line: format!("{label}: failed ({reason})"),
                not_tried: 0,
            }
        }
    }
}

/// The self-test's run as test counts: each `[ok]` line passes, each
/// `[FAILED]` or `[not tried]` line fails (the self-test may leave nothing
/// untried), and an abnormal end counts as one more failure, so that it
/// cannot pass unseen: a deadline passed, a non-zero exit with no failed
/// check, or no closing `claims:` line (the program stopped half-way).
pub fn selftest(run: &RunOutput, timeout_secs: u64) -> TestCounts {
    let count = |prefixes: &[&str]| {
        run.stdout
            .iter()
            .filter(|line| prefixes.iter().any(|prefix| line.starts_with(prefix)))
            .count() as u64
    };
    let passed = count(&[claims::CONFIRMED]);
    let failed = count(&[claims::REFUTED, claims::NOT_TRIED]);
    let closed = count(&[claims::CLOSING]) > 0;
    let note = if run.timed_out {
        Some(format!("timed out after {timeout_secs} s"))
    } else if !run.status.success() && failed == 0 {
        Some(format!("ended with {} without a failed check", run.status))
    } else if !closed {
        Some("ended before its closing `claims:` line".to_string())
    } else {
        None
    };
    TestCounts {
        passed,
        failed: failed + u64::from(note.is_some()),
        note: note.map(|note| format!("self-test: {note}")),
    }
}
