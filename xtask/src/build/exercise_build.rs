//! Building an exercise's check with an answer compiled in (they run in
//! `run/exercise_run.rs`).

use std::path::PathBuf;

use crate::build::cargo_build::build_freestanding_with;
use crate::tables::arch::Arch;
use crate::tables::exercises::Exercise;
use crate::workspace;

/// Which answer the check is built with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Answer {
    /// The learner's file, `exercises/<stem>.rs`, as it is now.
    Yours,
    /// The reference answer, `exercises/solutions/<stem>.rs`.
    Reference,
}

impl Answer {
    /// In words, for progress lines.
    pub fn describe(self) -> &'static str {
        match self {
            Answer::Yours => "the answer file as it is",
            Answer::Reference => "the reference answer",
        }
    }

    /// A name for the built check: `exercise05-1` or
    /// `exercise05-1-reference` (a file name, also inside the VM).
    pub fn label(self, exercise: &Exercise) -> String {
        let base = format!("exercise{:02}-{}", exercise.lesson, exercise.number);
        match self {
            Answer::Yours => base,
            Answer::Reference => format!("{base}-reference"),
        }
    }
}

/// Builds `exercise`'s check with `answer` for `arch`, and keeps a copy
/// under `target/exercises/<arch>/` (the next build of the same package
/// overwrites cargo's). The error is one line; the compiler's own message
/// is already on the terminal.
pub fn build(exercise: &Exercise, answer: Answer, arch: Arch) -> Result<PathBuf, String> {
    let lesson = exercise.lesson();
    let feature = exercise.feature();
    let mut features = vec![feature.as_str()];
    if answer == Answer::Reference {
        features.push("solution");
    }
    let built = build_freestanding_with(&lesson.package(), &exercise.checker(), arch, &features)?;
    let dir = workspace::target_dir().join("exercises").join(arch.name());
    let copy = dir.join(answer.label(exercise));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::copy(&built, &copy))
        .map_err(|error| format!("could not copy it to {}: {error}", copy.display()))?;
    Ok(copy)
}
