//! `cargo xtask exercise N.M --reset` (and `--reset --all`): the exercise
//! file back as the course ships it, after asking.
//!
//! What "as the course ships it" means, read from git:
//!
//! - The course's version is the file in the newest commit of the course
//!   that the learner's work stands on. When the checked-out branch
//!   follows another (`git clone` sets `main` to follow `origin/main`),
//!   that commit is `git merge-base HEAD @{upstream}`: the learner's own
//!   commits come after it and are not in the course's history, so an
//!   answer the learner committed is not mistaken for the course's, and a
//!   course update fetched but not merged is not taken either (its
//!   exercise could ask for what this clone's checks do not check).
//! - A branch that follows nothing (a clone without a remote, a branch
//!   made by hand) has no such mark: then it is HEAD's version, and a
//!   committed answer is what a reset gives back. So is one the learner
//!   pushed to the branch it follows (a fork of their own): merge-base is
//!   then HEAD. The question names the commit it restores from, so the
//!   learner sees which it is.
//!
//! The file's bytes are git's blob (`git cat-file blob <commit>:<path>`),
//! not a checkout of it: no line-ending or filter conversion, and no other
//! file of the work tree is touched. Without git, or outside a clone,
//! there is nothing to restore from, and that is one line.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use crate::commands::exercise::progress;
use crate::fail::Fail;
use crate::tables::exercises::{EXERCISES, Exercise};
use crate::workspace;

/// The commit a reset restores from, and how it was chosen, in words.
pub struct Source {
    pub commit: String,
    pub why: &'static str,
}

/// The course's commit under the learner's work (see the header).
pub fn source() -> Result<Source, Fail> {
    if let Some(commit) = git(&["rev-parse", "--verify", "--quiet", "@{upstream}"])
        .ok()
        .and_then(|upstream| git(&["merge-base", "HEAD", upstream.trim()]).ok())
    {
        return Ok(Source {
            commit: commit.trim().to_string(),
            why: "the course's last commit under your work (where HEAD meets its upstream)",
        });
    }
    let head = git(&["rev-parse", "--verify", "HEAD"])
        .map_err(|reason| Fail::setup(format!("nothing to reset from: {reason}")))?;
    Ok(Source {
        commit: head.trim().to_string(),
        why: "HEAD (this branch follows no upstream, so commits of yours are taken as the course's)",
    })
}

/// The exercise file's bytes in `commit`.
pub fn shipped(exercise: &Exercise, commit: &str) -> Result<Vec<u8>, Fail> {
    let relative = exercise
        .file()
        .strip_prefix(workspace::root())
        .map(Path::to_path_buf)
        .map_err(|_| Fail::setup("the exercise file is outside the workspace"))?;
    let spec = format!("{commit}:{}", relative.display());
    git_bytes(&["cat-file", "blob", &spec])
        .map_err(|reason| Fail::setup(format!("cannot read {spec} from git: {reason}")))
}

/// Whether the learner's file differs from `shipped` (a missing file does).
pub fn differs(exercise: &Exercise, shipped: &[u8]) -> bool {
    std::fs::read(exercise.file()).map_or(true, |now| now != shipped)
}

/// Writes `shipped` over the exercise file, in place (no file beside it).
pub fn restore(exercise: &Exercise, shipped: &[u8]) -> Result<(), Fail> {
    let path = exercise.file();
    std::fs::write(&path, shipped)
        .map_err(|error| Fail::could_not("write", workspace::shown(&path), error))
}

/// `--reset` of one exercise.
pub fn reset_one(exercise: &Exercise, yes: bool) -> Result<ExitCode, Fail> {
    let source = source()?;
    let bytes = shipped(exercise, &source.commit)?;
    let shown = workspace::shown(&exercise.file());
    if !differs(exercise, &bytes) {
        println!("{shown} is already as the course ships it; nothing to do.");
        return Ok(ExitCode::SUCCESS);
    }
    let question = format!(
        "Replace your {shown} with the course's version from {} ({})? Your edits to it will be \
         lost.",
        short(&source.commit),
        source.why
    );
    if !confirmed(&question, yes)? {
        println!("Nothing changed.");
        return Ok(ExitCode::SUCCESS);
    }
    restore(exercise, &bytes)?;
    println!("{shown} is as the course ships it again.");
    Ok(ExitCode::SUCCESS)
}

/// `--reset --all`: every exercise file, and the progress and hints read.
pub fn reset_all(yes: bool) -> Result<ExitCode, Fail> {
    let source = source()?;
    let mut changed = Vec::new();
    for exercise in EXERCISES {
        let bytes = shipped(exercise, &source.commit)?;
        if differs(exercise, &bytes) {
            changed.push((exercise, bytes));
        }
    }
    let files: Vec<String> = changed
        .iter()
        .map(|(exercise, _)| workspace::shown(&exercise.file()).to_string())
        .collect();
    let edited = if files.is_empty() {
        "no exercise file differs from the course's".to_string()
    } else {
        format!("these files lose your edits: {}", files.join(", "))
    };
    let question = format!(
        "Reset every exercise to the course's version from {} ({}) and forget your progress \
         and the hints you read? {edited}.",
        short(&source.commit),
        source.why
    );
    if !confirmed(&question, yes)? {
        println!("Nothing changed.");
        return Ok(ExitCode::SUCCESS);
    }
    for (exercise, bytes) in &changed {
        restore(exercise, bytes)?;
    }
    progress::forget_all()?;
    println!(
        "{} exercise file(s) restored; progress and hints read forgotten.",
        changed.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Asks `question` on a terminal (y/N); without one, only `--yes` agrees,
/// since nobody could have been asked.
fn confirmed(question: &str, yes: bool) -> Result<bool, Fail> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Fail::bad_input(format!(
            "{question} No terminal to ask on: add --yes to reset without asking"
        )));
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|error| Fail::could_not("read", "your answer", error))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// git's stdout as text, or its first line of complaint.
fn git(args: &[&str]) -> Result<String, String> {
    git_bytes(args).map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

fn git_bytes(args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(workspace::root())
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(message
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_string());
    }
    Ok(output.stdout)
}
