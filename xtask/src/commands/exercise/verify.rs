//! `cargo xtask exercise --verify`: proves every exercise is sound on an
//! architecture. For each one, the reference answer must pass its check,
//! and the exercise file as it is on disk (untouched, in a clean checkout)
//! must fail it on the claim the exercise is about, by refuting it, not by
//! crashing the check. An exercise whose untouched answer passed, or failed
//! for some other reason, would teach nothing. An exercise whose reference
//! answer leaves claims untried on this machine (a `--vm` machine has no
//! file system that writes back) is listed as not verifiable here.

use std::process::ExitCode;

use crate::build::exercise_build::{Answer, build};
use crate::fail::Fail;
use crate::judge::exercise::{Verdict, verdict_of};
use crate::judge::summary::Total;
use crate::run::exercise_run::run_checks;
use crate::run::how::How;
use crate::run::lesson_run::TIMEOUT_SECS;
use crate::run::lesson_run::require_tools;
use crate::tables::arch::Arch;
use crate::tables::exercises::{EXERCISES, Exercise};
use crate::workspace;

/// Builds both answers of every exercise, runs them (in one boot with
/// `--vm`), and ends with `N passed, M failed`, one count per exercise.
pub fn verify(arch: Arch, how: &How) -> Result<ExitCode, Fail> {
    refuse_edited_answer_files()?;
    require_tools(arch, how)?;
    let mut checks = Vec::new();
    let mut build_failures = Vec::new();
    for exercise in EXERCISES {
        for answer in [Answer::Reference, Answer::Yours] {
            println!(
                "==> building exercise {} with {} for {}",
                exercise.id(),
                answer.describe(),
                arch.name()
            );
            match build(exercise, answer, arch) {
                Ok(binary) => checks.push((answer.label(exercise), binary)),
                Err(reason) => build_failures.push((answer.label(exercise), reason)),
            }
        }
    }
    let runs = run_checks(arch, how, &checks, None)?;

    let mut lines = Vec::new();
    let (mut passed, mut failed) = (0, 0);
    let mut unanswered = Vec::new();
    for exercise in EXERCISES {
        let outcome = |answer: Answer| -> Result<Verdict, String> {
            let label = answer.label(exercise);
            if let Some((_, reason)) = build_failures.iter().find(|(l, _)| *l == label) {
                return Err(format!("does not build: {reason}"));
            }
            runs.get(&label)
                .map(|run| verdict_of(run, TIMEOUT_SECS))
                .ok_or_else(|| "never ran".to_string())
        };
        let reference = outcome(Answer::Reference);
        let untouched = outcome(Answer::Yours);
        let head = format!("exercise {:>4} {}", exercise.id(), arch.name());
        // A reference answer whose only shortfall is claims this machine
        // cannot answer (no file system with write-back inside a VM) is
        // neither proved nor disproved here: said so, and not counted.
        if let Ok(verdict) = &reference
            && verdict.unanswerable()
        {
            unanswered.push(exercise.id());
            lines.push(format!(
                "{head}: not verifiable on this machine ({})",
                verdict.not_tried[0]
            ));
            continue;
        }
        let problems = problems(exercise, reference, untouched);
        if problems.is_empty() {
            passed += 1;
            lines.push(format!(
                "{head}: verified (the reference passes; the untouched answer fails on \
                 \"{}\")",
                exercise.fails_on
            ));
        } else {
            failed += 1;
            lines.push(format!("{head}: FAILED ({})", problems.join("; ")));
        }
    }
    println!();
    for line in &lines {
        println!("{line}");
    }
    if !unanswered.is_empty() {
        println!(
            "not verifiable on this machine, and counted neither way: {} (check them without \
             --vm)",
            unanswered.join(", ")
        );
    }
    Ok(Total { passed, failed }.print())
}

/// Stops with one line if a learner's answer file differs from the
/// repository's: verifying it would judge the edit, not the exercise.
/// Without git (or outside a clone) there is nothing to compare with, and
/// the files are taken as they are.
fn refuse_edited_answer_files() -> Result<(), Fail> {
    let Ok(output) = std::process::Command::new("git")
        .args([
            "status",
            "--porcelain",
            "--",
            ":(glob)lessons/*/exercises/*.rs",
        ])
        .current_dir(workspace::root())
        .stderr(std::process::Stdio::null())
        .output()
    else {
        return Ok(());
    };
    if !output.status.success() {
        return Ok(());
    }
    let edited: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.get(3..))
        .map(str::to_string)
        .collect();
    if edited.is_empty() {
        return Ok(());
    }
    Err(Fail::bad_input(format!(
        "--verify judges the exercises as the repository has them, and these answer files have \
         edits: {} (verify a clean clone, or stash them first)",
        edited.join(", ")
    )))
}

/// Everything wrong with one exercise's two runs; empty when it is sound.
fn problems(
    exercise: &Exercise,
    reference: Result<Verdict, String>,
    untouched: Result<Verdict, String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    match reference {
        Err(reason) => problems.push(format!("the reference answer {reason}")),
        Ok(verdict) if !verdict.passed() => problems.push(format!(
            "the reference answer does not pass: {}",
            describe(&verdict)
        )),
        Ok(_) => {}
    }
    match untouched {
        Err(reason) => problems.push(format!("the untouched exercise {reason}")),
        Ok(verdict) if !verdict.refuted() => problems.push(format!(
            "the untouched exercise should fail by refuting a claim, but: {}",
            describe(&verdict)
        )),
        Ok(verdict) => {
            let first = &verdict.failed[0];
            if !first.contains(exercise.fails_on) {
                problems.push(format!(
                    "the untouched exercise fails first on `{first}`, not on the claim \
                     containing \"{}\"",
                    exercise.fails_on
                ));
            }
        }
    }
    problems
}

/// A verdict in a few words, for a report line.
fn describe(verdict: &Verdict) -> String {
    let mut parts = verdict.broken.clone();
    if let Some(first) = verdict.failed.first() {
        parts.push(format!("{} refuted, first `{first}`", verdict.failed.len()));
    }
    if let Some(first) = verdict.not_tried.first() {
        parts.push(format!(
            "{} not tried, first `{first}`",
            verdict.not_tried.len()
        ));
    }
    if parts.is_empty() {
        parts.push(format!(
            "{} claim(s) confirmed, exit code {:?}",
            verdict.confirmed, verdict.exit_code
        ));
    }
    parts.join(", ")
}
