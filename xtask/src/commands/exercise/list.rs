//! `cargo xtask exercise` with no N.M: every exercise, whether the
//! learner's answer passed its last check, and the file to edit.

use std::collections::{BTreeMap, BTreeSet};

use crate::commands::exercise::{hints, progress};
use crate::fail::Fail;
use crate::tables::exercises::{EXERCISES, Exercise};
use crate::workspace;

/// One line per exercise: `N.M  title  [done|todo]`, the hint levels not
/// yet read, and the file to edit.
pub fn print_list() -> Result<(), Fail> {
    print!("{}", list(&progress::done(), &progress::hints_seen())?);
    Ok(())
}

/// The list, for the exercises in `done` marked done and the hint levels
/// in `seen` read. Each title is the first line of the exercise's file.
pub fn list(done: &BTreeSet<String>, seen: &BTreeMap<String, u32>) -> Result<String, Fail> {
    let titles = EXERCISES
        .iter()
        .map(Exercise::title)
        .collect::<Result<Vec<_>, _>>()?;
    let width = titles.iter().map(String::len).max().unwrap_or(0);
    let hints_width = hints::left_words(0).len();
    let mut text = String::new();
    for (exercise, title) in EXERCISES.iter().zip(&titles) {
        let status = if done.contains(&exercise.id()) {
            "[done]"
        } else {
            "[todo]"
        };
        let (left, _) = hints::left(exercise, seen)?;
        text.push_str(&format!(
            "{:>5}  {title:<width$}  {status}  {:<hints_width$}  {}\n",
            exercise.id(),
            hints::left_words(left),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The exercise chapter (book/src/exercises.md) shows the exercises as
    /// `cargo xtask exercise` lists them on a fresh clone.
    #[test]
    fn the_books_exercise_list_is_the_commands_output() {
        let readme =
            std::fs::read_to_string(workspace::root().join("book/src/exercises.md")).unwrap();
        let start = readme
            .find("The list, on a fresh clone:\n\n```text\n")
            .expect("book/src/exercises.md shows the exercise list")
            + "The list, on a fresh clone:\n\n```text\n".len();
        let end = start + readme[start..].find("```").unwrap();
        let expected = list(&Default::default(), &Default::default()).unwrap();
        assert_eq!(
            &readme[start..end],
            expected,
            "book/src/exercises.md's exercise list differs from `cargo xtask exercise` (fresh clone)"
        );
    }
}
