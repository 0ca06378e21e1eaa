//! `cargo xtask exercise N.M --hint [LEVEL]`: one level of an exercise's
//! hints (`tables/hints.rs` reads them), and how many levels a learner has
//! not read yet, for the list and for a failed check.

use std::collections::BTreeMap;
use std::process::ExitCode;

use crate::commands::exercise::progress;
use crate::fail::Fail;
use crate::tables::exercises::Exercise;
use crate::tables::hints;
use crate::workspace;

/// Prints level `level` of the exercise's hints and records that it was
/// read; a level past the last is one error line.
pub fn print(exercise: &Exercise, level: u32) -> Result<ExitCode, Fail> {
    let id = exercise.id();
    let levels = hints::levels(exercise)?;
    let total = levels.len();
    let text = usize::try_from(level)
        .ok()
        .and_then(|level| levels.get(level.checked_sub(1)?))
        .ok_or_else(|| {
            Fail::bad_input(format!(
                "exercise {id} has {total} hint levels, so there is no level {level}; \
                 `cargo xtask exercise {id} --solution` prints a reference answer"
            ))
        })?;
    println!("Exercise {id}: {}", exercise.title()?);
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
    progress::record_hint(&id, level)?;
    Ok(ExitCode::SUCCESS)
}

/// The levels of `exercise`'s hints not yet read, given the highest level
/// read of each exercise in `seen`; and how many it has.
pub fn left(exercise: &Exercise, seen: &BTreeMap<String, u32>) -> Result<(usize, usize), Fail> {
    let total = hints::levels(exercise)?.len();
    let read = seen.get(&exercise.id()).map_or(0, |&level| level as usize);
    Ok((total.saturating_sub(read), total))
}

/// `3 hint levels left`, `1 hint level left`, `no hint levels left`.
pub fn left_words(left: usize) -> String {
    match left {
        0 => "no hint levels left".to_string(),
        1 => "1 hint level left".to_string(),
        n => format!("{n} hint levels left"),
    }
}
