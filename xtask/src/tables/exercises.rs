//! The exercise table: every exercise of every lesson, with what its
//! untouched answer must fail on. Its hints are in a file beside it
//! (`exercise_hints.rs` reads them).
//!
//! An exercise is one file a learner edits, beside its lesson:
//! `lessons/NN-<slug>/exercises/<stem>.rs`, with a reference answer of the
//! same name in `exercises/solutions/`. The lesson's package has a second
//! binary, `exercisesNN` (`src/exercises/main.rs`), whose feature `eM`
//! compiles exercise M's answer in together with the code that checks it;
//! feature `solution` takes the reference answer instead. The check prints
//! claims exactly as a lesson does.

use std::path::PathBuf;

use crate::fail::Fail;
use crate::tables::lessons::{LESSONS, Lesson};

/// One exercise.
pub struct Exercise {
    /// The lesson it belongs to.
    pub lesson: u32,
    /// Its number within the lesson, from 1.
    pub number: u32,
    /// Its file name without `.rs`: `<number>-<words>`.
    pub stem: &'static str,
    /// Text the untouched answer's first `[FAILED]` line contains: the
    /// claim the exercise is about. `--verify` holds the answer to it.
    pub fails_on: &'static str,
}

/// Every exercise, in lesson order.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        lesson: 1,
        number: 1,
        stem: "1-share-a-page",
        fails_on: "the parent reads the child's stores",
    },
    Exercise {
        lesson: 1,
        number: 2,
        stem: "2-keep-the-file",
        fails_on: "the child's store never reached the file",
    },
    Exercise {
        lesson: 2,
        number: 1,
        stem: "1-map-the-whole-file",
        fails_on: "the mapping's length is the file's size",
    },
    Exercise {
        lesson: 2,
        number: 2,
        stem: "2-sum-an-empty-file",
        fails_on: "checksum of the empty file returns Ok(0)",
    },
    Exercise {
        lesson: 3,
        number: 1,
        stem: "1-seal-read-only",
        fails_on: "lists the sealed pages as",
    },
    Exercise {
        lesson: 3,
        number: 2,
        stem: "2-run-the-code",
        fails_on: "lists the code's page as",
    },
    Exercise {
        lesson: 4,
        number: 1,
        stem: "1-place-without-clobbering",
        fails_on: "over a mapped page, place_at fails with EEXIST",
    },
    Exercise {
        lesson: 4,
        number: 2,
        stem: "2-refuse-unknown-flags",
        fails_on: "a flag bit the kernel does not know",
    },
    Exercise {
        lesson: 5,
        number: 1,
        stem: "1-size-the-file",
        fails_on: "without SIGBUS",
    },
    Exercise {
        lesson: 5,
        number: 2,
        stem: "2-choose-the-mode",
        fails_on: "mode & 07777",
    },
    Exercise {
        lesson: 6,
        number: 1,
        stem: "1-flush-one-record",
        fails_on: "straddling a page boundary",
    },
    Exercise {
        lesson: 6,
        number: 2,
        stem: "2-make-it-durable",
        fails_on: "covered every page of the mapping",
    },
    Exercise {
        lesson: 7,
        number: 1,
        stem: "1-guard-the-buffer",
        fails_on: "the guard, is listed ---p",
    },
    Exercise {
        lesson: 7,
        number: 2,
        stem: "2-close-the-descriptor",
        fails_on: "left no descriptor open",
    },
    Exercise {
        lesson: 8,
        number: 1,
        stem: "1-wait-for-the-value",
        fails_on: "returned only once the word held 2",
    },
    Exercise {
        lesson: 8,
        number: 2,
        stem: "2-wake-the-waiter",
        fails_on: "woke and read the message",
    },
    Exercise {
        lesson: 9,
        number: 1,
        stem: "1-map-a-window",
        fails_on: "an unaligned offset inside page 1",
    },
    Exercise {
        lesson: 9,
        number: 2,
        stem: "2-mmap2-offset",
        fails_on: "the kernel maps the page at byte",
    },
];

impl Exercise {
    /// `N.M`, how the command line and reports name it.
    pub fn id(&self) -> String {
        format!("{}.{}", self.lesson, self.number)
    }

    /// The lesson it belongs to.
    pub fn lesson(&self) -> &'static Lesson {
        LESSONS
            .iter()
            .find(|lesson| lesson.number == self.lesson)
            .expect("every exercise names a lesson in the lesson table")
    }

    /// The file a learner edits.
    pub fn file(&self) -> PathBuf {
        self.lesson()
            .dir()
            .join("exercises")
            .join(format!("{}.rs", self.stem))
    }

    /// The reference answer.
    pub fn solution_file(&self) -> PathBuf {
        self.lesson()
            .dir()
            .join("exercises")
            .join("solutions")
            .join(format!("{}.rs", self.stem))
    }

    /// Its hints, one section per level: `exercises/hints/<stem>.md`.
    pub fn hints_file(&self) -> PathBuf {
        self.lesson()
            .dir()
            .join("exercises")
            .join("hints")
            .join(format!("{}.md", self.stem))
    }

    /// The feature of the lesson's package that compiles this exercise in.
    pub fn feature(&self) -> String {
        format!("e{}", self.number)
    }

    /// The binary that checks the lesson's exercises.
    pub fn checker(&self) -> String {
        format!("exercises{:02}", self.lesson)
    }

    /// What it asks, in a few words: the first line of its file,
    /// `//! Exercise N.M: <title>.`, which is the one place the title is
    /// written (the check prints the same line, through `rt::exercises!`).
    pub fn title(&self) -> Result<String, Fail> {
        let path = self.file();
        let text = std::fs::read_to_string(&path)
            .map_err(|error| Fail::setup(format!("could not read {}: {error}", path.display())))?;
        title_in(&text, &self.id()).ok_or_else(|| {
            Fail::setup(format!(
                "{}: its first line should be `//! Exercise {}: <what it asks>.`; it is `{}`",
                path.display(),
                self.id(),
                text.lines().next().unwrap_or("")
            ))
        })
    }

    /// The title for a report or a screen, which must not stop because a
    /// learner changed the first line (say, by copying the reference
    /// answer over the file, whose first line says it is one).
    pub fn heading(&self) -> String {
        self.title()
            .unwrap_or_else(|_| "(the file's first line, which names it, has changed)".to_string())
    }

    /// The exercise after this one, if any.
    pub fn next(&self) -> Option<&'static Exercise> {
        let at = EXERCISES.iter().position(|other| other.id() == self.id())?;
        EXERCISES.get(at + 1)
    }
}

/// The exercise `id` names (`5.1`, or `05.1`), or why there is none.
pub fn find(id: &str) -> Result<&'static Exercise, Fail> {
    let unknown = || {
        Fail::bad_input(format!(
            "there is no exercise {id}; exercises are named N.M (lesson, number): run `cargo \
             xtask exercise` to list them"
        ))
    };
    let (lesson, number) = id.split_once('.').ok_or_else(unknown)?;
    let lesson: u32 = lesson.parse().map_err(|_| unknown())?;
    let number: u32 = number.parse().map_err(|_| unknown())?;
    EXERCISES
        .iter()
        .find(|exercise| exercise.lesson == lesson && exercise.number == number)
        .ok_or_else(unknown)
}

/// The title in an exercise file's text: its first line, if that is
/// `//! Exercise <id>: <title>.`.
fn title_in(text: &str, id: &str) -> Option<String> {
    let line = text.lines().next()?;
    let title = line
        .strip_prefix(&format!("//! Exercise {id}: "))?
        .strip_suffix('.')?;
    (!title.trim().is_empty()).then(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::title_in;

    #[test]
    fn the_title_is_the_first_line_of_the_file() {
        let text = "//! Exercise 2.1: map the whole file.\n//!\n//! More.\n";
        assert_eq!(title_in(text, "2.1").as_deref(), Some("map the whole file"));
    }

    #[test]
    fn a_first_line_of_another_shape_has_no_title() {
        let text = "//! Exercise 2.1: map the whole file.\n";
        assert_eq!(title_in(text, "2.2"), None, "another exercise's number");
        assert_eq!(title_in("//! Exercise 2.1: no full stop\n", "2.1"), None);
        assert_eq!(title_in("//! Exercise 2.1: .\n", "2.1"), None);
        assert_eq!(title_in("use mman::Mapping;\n", "2.1"), None);
        assert_eq!(title_in("", "2.1"), None);
    }
}
