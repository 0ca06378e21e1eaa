//! `cargo xtask exercise [N.M]`: list the exercises with the learner's
//! progress, or check one answer (`--watch`: on every save), print a
//! level of its hints or the reference answer.
//!
//! A check builds the lesson's `exercisesNN` program with the learner's
//! answer compiled in, runs it like a lesson (natively, under QEMU user
//! mode, or with `--vm` on a real kernel), and judges its claims.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::arch::Arch;
use crate::exercise_build::{Answer, build, require_tools, run};
use crate::exercise_check::{Verdict, judge};
use crate::exercise_hints;
use crate::exercise_progress;
use crate::exercises::{EXERCISES, Exercise, find};
use crate::fail::Fail;
use crate::lesson_run::TIMEOUT_SECS;
use crate::test_command::How;
use crate::workspace;

/// What `cargo xtask exercise N.M` was asked to do.
pub enum Action {
    /// Check the learner's answer once.
    Check,
    /// Check it, then again on every save, until it passes.
    Watch,
    /// Print this level of the hints (1 = the first).
    Hint(u32),
    /// Print the reference answer.
    Solution,
}

/// With an id, does `action` for that exercise; without, lists them all.
pub fn exercise(id: Option<&str>, action: Action, arch: Arch, how: &How) -> Result<ExitCode, Fail> {
    let Some(id) = id else {
        print_list()?;
        return Ok(ExitCode::SUCCESS);
    };
    let exercise = find(id)?;
    match action {
        Action::Hint(level) => print_hint(exercise, level),
        Action::Solution => print_solution(exercise),
        Action::Check => {
            require_tools(arch, how)?;
            Ok(exit_code(check(exercise, arch, how)?))
        }
        Action::Watch => {
            require_tools(arch, how)?;
            watch(exercise, arch, how)
        }
    }
}

fn exit_code(passed: bool) -> ExitCode {
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints level `level` of the exercise's hints and records that it was
/// read; a level past the last is one error line.
fn print_hint(exercise: &Exercise, level: u32) -> Result<ExitCode, Fail> {
    let id = exercise.id();
    let levels = exercise_hints::levels(exercise)?;
    let total = levels.len();
    let text = usize::try_from(level)
        .ok()
        .and_then(|level| levels.get(level.checked_sub(1)?))
        .ok_or_else(|| {
            Fail::setup(format!(
                "exercise {id} has {total} hint levels, so there is no level {level}; \
                 `cargo xtask exercise {id} --solution` prints a reference answer"
            ))
        })?;
    println!("Exercise {id}: {}", exercise.title);
    println!("Your file: {}", workspace::shown(&exercise.file()));
    println!("Hint, level {level} of {total}:\n");
    println!("{text}\n");
    if (level as usize) < total {
        println!(
            "Next level: `cargo xtask exercise {id} --hint {}`.",
            level + 1
        );
    } else {
        println!(
            "That was the last level; `cargo xtask exercise {id} --solution` prints a \
             reference answer."
        );
    }
    exercise_progress::record_hint(&id, level)?;
    Ok(ExitCode::SUCCESS)
}

/// The levels of `exercise`'s hints not yet read, given the highest level
/// read of each exercise in `seen`; and how many it has.
fn hints_left(exercise: &Exercise, seen: &BTreeMap<String, u32>) -> Result<(usize, usize), Fail> {
    let total = exercise_hints::levels(exercise)?.len();
    let read = seen.get(&exercise.id()).map_or(0, |&level| level as usize);
    Ok((total.saturating_sub(read), total))
}

/// `3 hint levels left`, `1 hint level left`, `no hint levels left`.
fn hints_left_words(left: usize) -> String {
    match left {
        0 => "no hint levels left".to_string(),
        1 => "1 hint level left".to_string(),
        n => format!("{n} hint levels left"),
    }
}

/// One line per exercise: `N.M  title  [done|todo]`, the hint levels not
/// yet read, and the file to edit.
fn print_list() -> Result<(), Fail> {
    let text = list(&exercise_progress::done(), &exercise_progress::hints_seen())?;
    print!("{text}");
    Ok(())
}

/// The list, for the exercises in `done` marked done and the hint levels
/// in `seen` read.
pub fn list(done: &BTreeSet<String>, seen: &BTreeMap<String, u32>) -> Result<String, Fail> {
    let width = EXERCISES.iter().map(|e| e.title.len()).max().unwrap_or(0);
    let hints_width = hints_left_words(0).len();
    let mut text = String::new();
    for exercise in EXERCISES {
        let status = if done.contains(&exercise.id()) {
            "[done]"
        } else {
            "[todo]"
        };
        let (left, _) = hints_left(exercise, seen)?;
        text.push_str(&format!(
            "{:>5}  {:<width$}  {status}  {:<hints_width$}  {}\n",
            exercise.id(),
            exercise.title,
            hints_left_words(left),
            workspace::shown(&exercise.file())
        ));
    }
    let finished = EXERCISES
        .iter()
        .filter(|exercise| done.contains(&exercise.id()))
        .count();
    text.push_str(&format!(
        "{finished} of {} done. Edit a file, then `cargo xtask exercise N.M` checks it \
         (`--watch`: on every save; `--hint`, `--hint 2`, ...: hints by level; \
         `--solution`).\n",
        EXERCISES.len()
    ));
    Ok(text)
}

/// Prints the reference answer; the learner's file is left as it is.
fn print_solution(exercise: &Exercise) -> Result<ExitCode, Fail> {
    let path = exercise.solution_file();
    let text = std::fs::read_to_string(&path).map_err(|error| {
        Fail::setup(format!(
            "could not read {}: {error}",
            workspace::shown(&path)
        ))
    })?;
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
fn check(exercise: &Exercise, arch: Arch, how: &How) -> Result<bool, Fail> {
    let id = exercise.id();
    println!(
        "==> exercise {id}: {}; your answer: {}",
        exercise.title,
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
            exercise_progress::record(&id, false)?;
            return Ok(false);
        }
    };
    let label = Answer::Yours.label(exercise);
    let mut runs = run(arch, how, &[(label.clone(), binary)])?;
    // A check that never ran, or that this machine cannot answer, says
    // nothing about the answer: xtask's exit code 2, progress untouched.
    let Some(run) = runs.remove(&label) else {
        return Err(Fail::setup(format!(
            "the check of exercise {id} never ran on {} (the reason is above)",
            arch.name()
        )));
    };
    let verdict = judge(&run, TIMEOUT_SECS);
    let hints = hints_left(exercise, &exercise_progress::hints_seen())?;
    report(exercise, arch, &verdict, hints);
    if verdict.unanswerable() {
        let remedy = match how {
            How::Vm(..) => "a --vm machine keeps its files in memory; check it without --vm",
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
    exercise_progress::record(&id, passed)?;
    Ok(passed)
}

/// What the learner reads after a check; `(left, total)` are the hint
/// levels not yet read, and how many there are.
fn report(exercise: &Exercise, arch: Arch, verdict: &Verdict, (left, total): (usize, usize)) {
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
                next.title,
                next.id()
            ),
            None => println!("    That was the last exercise."),
        }
        return;
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
        return;
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
            hints_left_words(left)
        );
    } else {
        println!(
            "    Hints: {}; the next: `cargo xtask exercise {id} --hint {next}`.",
            hints_left_words(left)
        );
    }
}

/// Checks now, then after every save of the answer file, until it passes.
fn watch(exercise: &Exercise, arch: Arch, how: &How) -> Result<ExitCode, Fail> {
    let file = exercise.file();
    let dir = file
        .parent()
        .map(PathBuf::from)
        .ok_or_else(|| Fail::setup("the exercise file has no directory"))?;
    let (sender, receiver) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender)
        .map_err(|error| Fail::setup(format!("cannot watch files here: {error}")))?;
    // The directory, not the file: an editor that saves by writing a new
    // file and renaming it over the old one replaces the watched inode.
    watcher
        .watch(&dir, RecursiveMode::NonRecursive)
        .map_err(|error| {
            Fail::setup(format!("cannot watch {}: {error}", workspace::shown(&dir)))
        })?;
    loop {
        if check(exercise, arch, how)? {
            println!("==> stopped watching: the exercise is done.");
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "==> watching {}: save it to check again (Ctrl-C to stop)",
            workspace::shown(&file)
        );
        wait_for_save(&receiver, &file)?;
    }
}

/// Blocks until `file` is written, then lets a burst of events settle.
fn wait_for_save(
    receiver: &mpsc::Receiver<notify::Result<notify::Event>>,
    file: &std::path::Path,
) -> Result<(), Fail> {
    let touches = |event: &notify::Event| {
        matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_))
            && event
                .paths
                .iter()
                .any(|path| path.file_name() == file.file_name())
    };
    loop {
        match receiver.recv() {
            Ok(Ok(event)) if touches(&event) => break,
            Ok(_) => continue,
            Err(_) => return Err(Fail::setup("the file watcher stopped")),
        }
    }
    // One save is often several events (truncate, write, rename, chmod).
    while receiver.recv_timeout(Duration::from_millis(300)).is_ok() {}
    Ok(())
}
