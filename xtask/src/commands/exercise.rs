//! `cargo xtask exercise [N.M]`: list the exercises with the learner's
//! progress, or check one answer (`--watch`: on every save), print its
//! hint or the reference answer, or put its file back (`--reset`).
//!
//! A check builds the lesson's `exercisesNN` program with the learner's
//! answer compiled in, runs it like a lesson (natively, under QEMU user
//! mode, or with `--vm` on a real kernel), and judges its claims.

pub mod hints;
pub mod list;
pub mod progress;
pub mod reset;
pub mod screen;
pub mod verify;
pub mod watch;

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::build::exercise_build::{Answer, build};
use crate::fail::Fail;
use crate::judge::exercise::{Verdict, verdict_of};
use crate::run::exercise_run::run_checks;
use crate::run::how::How;
use crate::run::lesson_run::TIMEOUT_SECS;
use crate::run::lesson_run::require_tools;
use crate::run::map::Map;
use crate::tables::arch::Arch;
use crate::tables::exercises::{Exercise, find};
use crate::workspace;

/// What `cargo xtask exercise N.M` was asked to do.
pub enum Action {
    /// Check the learner's answer once.
    Check,
    /// Check it, then again on every save: on a terminal, the full
    /// screen (checking only on `r` with `manual_run`); elsewhere, until
    /// it passes.
    Watch { manual_run: bool },
    /// Put the exercise file back as the course ships it, after asking
    /// (or not, with `yes`).
    Reset { yes: bool },
    /// The same for every exercise, and forget the progress.
    ResetAll { yes: bool },
    /// Print this level of the hints (from 1).
    Hint(u32),
    /// Print the reference answer.
    Solution,
}

/// With an id, does `action` for that exercise; without, lists them all.
/// With `map`, a check draws the address space after each call that may
/// change it.
pub fn exercise(
    id: Option<&str>,
    action: Action,
    arch: Arch,
    how: &How,
    map: Option<&Map>,
) -> Result<ExitCode, Fail> {
    if let Action::ResetAll { yes } = action {
        return reset::reset_all(yes);
    }
    let Some(id) = id else {
        return match action {
            Action::Reset { .. } => Err(Fail::bad_input(
                "--reset needs an exercise (`cargo xtask exercise 7.1 --reset`) or --all",
            )),
            Action::Watch { manual_run } if std::io::stdout().is_terminal() => {
                require_tools(arch, how)?;
                screen::run(None, arch, vm_flags(), manual_run)
            }
            Action::Watch { .. } => Err(Fail::bad_input(
                "--watch without N.M opens the full screen, which needs a terminal; name an \
                 exercise (`cargo xtask exercise 7.1 --watch`) to watch it here",
            )),
            _ => {
                list::print_list()?;
                Ok(ExitCode::SUCCESS)
            }
        };
    };
    let exercise = find(id)?;
    match action {
        Action::Hint(level) => hints::print(exercise, level),
        Action::Solution => print_solution(exercise),
        Action::Check => {
            require_tools(arch, how)?;
            Ok(exit_code(check(exercise, arch, how, map)?))
        }
        Action::Reset { yes } => reset::reset_one(exercise, yes),
        // Handled above, with or without N.M (clap refuses both).
        Action::ResetAll { yes } => reset::reset_all(yes),
        Action::Watch { manual_run } if std::io::stdout().is_terminal() => {
            require_tools(arch, how)?;
            screen::run(Some(exercise), arch, vm_flags(), manual_run)
        }
        Action::Watch { manual_run } => {
            if manual_run {
                return Err(Fail::bad_input(
                    "--manual-run is for the full screen, which needs a terminal; here every \
                     save is checked",
                ));
            }
            require_tools(arch, how)?;
            watch::until_it_passes(&exercise.file(), || check(exercise, arch, how, map))
        }
    }
}

/// The `--vm` flags xtask was started with, for the checks the screen
/// starts (each a `cargo xtask exercise N.M` of its own).
fn vm_flags() -> Vec<String> {
    let mut flags = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let name = arg.split('=').next().unwrap_or("");
        if arg == "--vm" {
            flags.push(arg);
        } else if ["--kernel", "--kernel-release", "--accel"].contains(&name) {
            let takes_next = !arg.contains('=');
            flags.push(arg);
            if takes_next {
                flags.extend(args.next());
            }
        }
    }
    flags
}

fn exit_code(passed: bool) -> ExitCode {
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints the reference answer; the learner's file is left as it is.
fn print_solution(exercise: &Exercise) -> Result<ExitCode, Fail> {
    let path = exercise.solution_file();
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Fail::could_not("read", workspace::shown(&path), error))?;
    println!(
        "==> a reference answer to exercise {} ({}); your file {} is not changed:\n",
        exercise.id(),
        workspace::shown(&path),
        workspace::shown(&exercise.file())
    );
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// Builds and runs the check of the learner's answer, reports, and records
/// the progress. Returns whether it passed.
fn check(exercise: &Exercise, arch: Arch, how: &How, map: Option<&Map>) -> Result<bool, Fail> {
    let id = exercise.id();
    println!(
        "==> exercise {id}: {}; your answer: {}",
        exercise.heading(),
        workspace::shown(&exercise.file())
    );
    let binary = match build(exercise, Answer::Yours, arch) {
        Ok(binary) => binary,
        Err(reason) => {
            println!(
                "==> exercise {id} {}: your answer does not build: {reason}",
                arch.name()
            );
            println!("    (the compiler's message is above)");
            progress::record(&id, false)?;
            return Ok(false);
        }
    };
    let label = Answer::Yours.label(exercise);
    let mut runs = run_checks(arch, how, &[(label.clone(), binary)], map)?;
    // A check that never ran, or that this machine cannot answer, says
    // nothing about the answer: xtask's exit code 2, progress untouched.
    let Some(run) = runs.remove(&label) else {
        return Err(Fail::setup(format!(
            "the check of exercise {id} never ran on {} (the reason is above)",
            arch.name()
        )));
    };
    let verdict = verdict_of(&run, TIMEOUT_SECS);
    let hints = hints::left(exercise, &progress::hints_seen())?;
    report(exercise, arch, &verdict, hints)?;
    if verdict.unanswerable() {
        let remedy = match how {
            How::Vm(_) => "a --vm machine keeps its files in memory; check it without --vm",
            How::User => {
                "put the target directory on a file system with a device (for example \
                 CARGO_TARGET_DIR=$HOME/mmap-target), not on tmpfs"
            }
        };
        return Err(Fail::setup(format!(
            "this machine could not answer {} claim(s) of exercise {id} (above), so it cannot \
             say whether your answer is done: {remedy}",
            verdict.not_tried.len()
        )));
    }
    let passed = verdict.passed();
    progress::record(&id, passed)?;
    Ok(passed)
}

/// What the learner reads after a check; `(left, total)` are the hint
/// levels not yet read, and how many there are.
fn report(
    exercise: &Exercise,
    arch: Arch,
    verdict: &Verdict,
    (left, total): (usize, usize),
) -> Result<(), Fail> {
    let id = exercise.id();
    let head = format!("==> exercise {id} {}", arch.name());
    if verdict.passed() {
        println!(
            "{head}: done, {} claim(s) confirmed by the kernel.",
            verdict.confirmed
        );
        match exercise.next() {
            Some(next) => println!(
                "    Next: exercise {} ({}), `cargo xtask exercise {}`.",
                next.id(),
                next.heading(),
                next.id()
            ),
            None => println!("    That was the last exercise."),
        }
        return Ok(());
    }
    if !verdict.broken.is_empty() {
        println!(
            "{head}: the check did not run to its end: {}",
            verdict.broken.join("; ")
        );
    }
    if !verdict.failed.is_empty() {
        println!("{head}: not done yet. What the kernel did differs from the claims:");
        for line in &verdict.failed {
            println!("    {line}");
        }
    }
    if verdict.unanswerable() {
        println!("{head}: this machine could not answer every claim:");
        for line in &verdict.not_tried {
            println!("    {line}");
        }
        return Ok(());
    }
    println!(
        "    Edit {} and check again (`--watch` rechecks on every save).",
        workspace::shown(&exercise.file())
    );
    let next = total - left + 1;
    if left == 0 {
        println!(
            "    You have read all {total} hint levels; `cargo xtask exercise {id} --solution` \
             prints a reference answer."
        );
    } else if next == 1 {
        println!(
            "    Hints: {}; the first: `cargo xtask exercise {id} --hint`.",
            hints::left_words(left)
        );
    } else {
        println!(
            "    Hints: {}; the next: `cargo xtask exercise {id} --hint {next}`.",
            hints::left_words(left)
        );
    }
    Ok(())
}
