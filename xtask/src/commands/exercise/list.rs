//! `cargo xtask exercise` with no N.M: every exercise, whether the
//! learner's answer passed its last check, and the file to edit.

use std::collections::BTreeSet;

use crate::commands::exercise::progress;
use crate::fail::Fail;
use crate::tables::exercises::{EXERCISES, Exercise};
use crate::workspace;

/// One line per exercise: `N.M  title  [done|todo]`, and the file to edit.
pub fn print_list() -> Result<(), Fail> {
    print!("{}", list(&progress::done())?);
    Ok(())
}

/// The list, for the exercises in `done` marked done. Each title is the
/// first line of the exercise's file.
pub fn list(done: &BTreeSet<String>) -> Result<String, Fail> {
    let titles = EXERCISES
        .iter()
        .map(Exercise::title)
        .collect::<Result<Vec<_>, _>>()?;
    let width = titles.iter().map(String::len).max().unwrap_or(0);
    let mut text = String::new();
    for (exercise, title) in EXERCISES.iter().zip(&titles) {
        let status = if done.contains(&exercise.id()) {
            "[done]"
        } else {
            "[todo]"
        };
        text.push_str(&format!(
            "{:>5}  {title:<width$}  {status}  {}\n",
            exercise.id(),
            workspace::shown(&exercise.file())
        ));
    }
    let finished = EXERCISES
        .iter()
        .filter(|exercise| done.contains(&exercise.id()))
        .count();
    text.push_str(&format!(
        "{finished} of {} done. Edit a file, then `cargo xtask exercise N.M` checks it \
         (`--watch`: on every save; `--hint`; `--solution`).\n",
        EXERCISES.len()
    ));
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exercise list printed in README.md is what `cargo xtask exercise`
    /// prints on a fresh clone.
    #[test]
    fn the_readme_exercise_list_is_the_commands_output() {
        let readme = std::fs::read_to_string(workspace::root().join("README.md")).unwrap();
        let start = readme
            .find("The list, on a fresh clone:\n\n```text\n")
            .expect("README.md shows the exercise list")
            + "The list, on a fresh clone:\n\n```text\n".len();
        let end = start + readme[start..].find("```").unwrap();
        let expected = list(&Default::default()).unwrap();
        assert_eq!(
            &readme[start..end],
            expected,
            "README.md's exercise list differs from `cargo xtask exercise` (fresh clone)"
        );
    }
}
