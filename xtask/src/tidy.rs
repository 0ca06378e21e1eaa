//! The tidy checks: facts written twice, once in code and once in prose,
//! must agree, and what the READMEs link to must exist. They run with
//! `cargo test -p xtask` (plain unit tests: they read files, build
//! nothing) and fail with the file, the line and what disagrees.
//!
//! - The architecture table (book/src/reference/architectures.md) against `arch.rs`: the same nine rows
//!   in the same order, each with its test triple (or the self-test), its
//!   lesson triple and its extra setup (the cross compiler and C library
//!   packages, or `rust-src`).
//! - Every `lessons/NN-slug/` directory against the lesson table in
//!   `lessons.rs`.
//! - Every relative link in README.md, the lesson READMEs and the book's
//!   own pages (book/src/) points at a
//!   file or directory that exists (links to a web page are not followed).

use std::path::{Path, PathBuf};

use crate::arch::{Arch, CoreLibrary, TestSuite};
use crate::lessons::LESSONS;
use crate::workspace;

/// The architecture table's page.
const ARCHITECTURES: &str = "book/src/reference/architectures.md";

/// The exercise chapter, which shows the exercise list.
const EXERCISES: &str = "book/src/exercises.md";

/// The cells of each row of the first Markdown table after `heading`.
fn table_after(text: &str, heading: &str) -> Vec<Vec<String>> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("{ARCHITECTURES} has no `{heading}` heading"));
    text[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2) // the header row and the |---| row
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_readme_architecture_table_matches_arch_rs() {
    let readme = std::fs::read_to_string(workspace::root().join(ARCHITECTURES)).unwrap();
    let rows = table_after(&readme, "# Architectures");
    let names: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
    let expected: Vec<&str> = Arch::ALL.iter().map(|arch| arch.name()).collect();
    assert_eq!(names, expected, "{ARCHITECTURES}'s rows, in order");
    for (row, arch) in rows.iter().zip(Arch::ALL) {
        let spec = arch.spec();
        let (tests, lessons, setup) = (&row[2], &row[3], &row[6]);
        match spec.tests {
            TestSuite::Nextest { triple, cross } => {
                assert!(
                    tests.contains(triple),
                    "{}: {ARCHITECTURES} says the tests are `{tests}`; arch.rs builds them for {triple}",
                    spec.name
                );
                if let Some(cross) = cross {
                    for package in [cross.package, cross.libc_package] {
                        assert!(
                            setup.contains(package),
                            "{}: {ARCHITECTURES}'s setup `{setup}` does not name {package}",
                            spec.name
                        );
                    }
                }
            }
            TestSuite::SelfTest => assert!(
                tests.contains("self-test"),
                "{}: arch.rs runs the self-test, {ARCHITECTURES} says `{tests}`",
                spec.name
            ),
        }
        assert!(
            lessons.contains(spec.lesson_triple),
            "{}: {ARCHITECTURES} says the lessons are `{lessons}`; arch.rs builds them for {}",
            spec.name,
            spec.lesson_triple
        );
        if spec.core == CoreLibrary::FromSource {
            assert!(
                setup.contains("rust-src"),
                "{}: arch.rs builds `core` from source, {ARCHITECTURES}'s setup `{setup}` does not say \
                 rust-src",
                spec.name
            );
        }
    }
}

#[test]
fn every_lesson_directory_is_in_the_lesson_table() {
    let lessons_dir = workspace::root().join("lessons");
    let mut on_disk: Vec<String> = std::fs::read_dir(&lessons_dir)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("Cargo.toml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    for dir in &on_disk {
        assert!(
            LESSONS.iter().any(|lesson| lesson.dir_name() == *dir),
            "lessons/{dir}/ has a Cargo.toml but no row in xtask/src/lessons.rs"
        );
    }
    for lesson in &LESSONS {
        assert!(
            on_disk.contains(&lesson.dir_name()),
            "xtask/src/lessons.rs lists lesson {} but lessons/{}/ has no Cargo.toml",
            lesson.number,
            lesson.dir_name()
        );
    }
}

/// The targets of the Markdown links `[text](target)` in `text`, with the
/// line each is on.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else { break };
            found.push((number + 1, rest[..end].to_string()));
            rest = &rest[end..];
        }
    }
    found
}

/// Every README the course has (the top one and one per lesson) and the
/// book's own pages (but SUMMARY.md, whose links name the pages the book
/// generates; `cargo xtask book --check` follows every link of the built
/// book).
fn readmes() -> Vec<PathBuf> {
    let root = workspace::root();
    let mut files = vec![root.join("README.md")];
    files.extend(LESSONS.iter().map(|lesson| lesson.dir().join("README.md")));
    let mut pending = vec![root.join("book/src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") && !path.ends_with("SUMMARY.md") {
                files.push(path);
            }
        }
    }
    files.retain(|file| file.is_file());
    files
}

#[test]
fn every_relative_link_in_the_readmes_exists() {
    let mut broken = Vec::new();
    for readme in readmes() {
        let text = std::fs::read_to_string(&readme).unwrap();
        let dir = readme.parent().unwrap_or(Path::new("."));
        for (line, target) in links(&text) {
            let path = target.split('#').next().unwrap_or("");
            let is_web = target.contains("://") || target.starts_with("mailto:");
            if path.is_empty() || is_web {
                continue;
            }
            if !dir.join(path).exists() {
                broken.push(format!("{}:{line}: {target}", workspace::shown(&readme)));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to nothing:\n{}",
        broken.join("\n")
    );
}

#[test]
fn links_are_found_with_their_lines() {
    let text = "see [a](src/a.rs) and [b](../b.md#part)\n[c](https://example.org)";
    assert_eq!(
        links(text),
        vec![
            (1, "src/a.rs".to_string()),
            (1, "../b.md#part".to_string()),
            (2, "https://example.org".to_string())
        ]
    );
}

/// Every exercise in the table has its answer file, its reference answer,
/// its feature in the lesson's Cargo.toml and its module in the checker's
/// `main.rs`; every answer file beside a lesson has a row in the table.
#[test]
fn every_exercise_file_and_table_row_match() {
    use crate::exercises::EXERCISES;
    for exercise in EXERCISES {
        let id = exercise.id();
        for file in [exercise.file(), exercise.solution_file()] {
            assert!(
                file.is_file(),
                "exercise {id}: {} is missing",
                file.display()
            );
        }
        assert!(
            exercise.stem.starts_with(&format!("{}-", exercise.number)),
            "exercise {id}: its file name must start with its number: {}",
            exercise.stem
        );
        let lesson_dir = exercise.lesson().dir();
        let manifest = std::fs::read_to_string(lesson_dir.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("\n{} = []", exercise.feature()))
                && manifest.contains(&format!("name = \"{}\"", exercise.checker())),
            "exercise {id}: {}/Cargo.toml lacks feature {} or bin {}",
            lesson_dir.display(),
            exercise.feature(),
            exercise.checker()
        );
        let main = std::fs::read_to_string(lesson_dir.join("src/exercises/main.rs")).unwrap();
        for path in [
            format!("\"../../exercises/{}.rs\"", exercise.stem),
            format!("\"../../exercises/solutions/{}.rs\"", exercise.stem),
        ] {
            assert!(
                main.contains(&path),
                "exercise {id}: src/exercises/main.rs does not include {path}"
            );
        }
    }
    for lesson in LESSONS.iter().filter(|lesson| lesson.exists()) {
        let dir = lesson.dir().join("exercises");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                assert!(
                    EXERCISES
                        .iter()
                        .any(|e| e.lesson == lesson.number && e.stem == stem),
                    "{} has no row in xtask/src/exercises.rs",
                    path.display()
                );
            }
        }
    }
}

/// Every lesson has at least two exercises.
#[test]
fn every_lesson_has_two_exercises_or_more() {
    use crate::exercises::EXERCISES;
    for lesson in LESSONS.iter().filter(|lesson| lesson.exists()) {
        let count = EXERCISES
            .iter()
            .filter(|exercise| exercise.lesson == lesson.number)
            .count();
        assert!(
            count >= 2,
            "lesson {:02} has {count} exercise(s); every lesson needs two or more",
            lesson.number
        );
    }
}

/// The exercise list printed in the exercise chapter is what `cargo xtask exercise`
/// prints on a fresh clone.
#[test]
fn the_readme_exercise_list_is_the_commands_output() {
    let readme = std::fs::read_to_string(workspace::root().join(EXERCISES)).unwrap();
    let start = readme
        .find("The list, on a fresh clone:\n\n```text\n")
        .expect("book/src/exercises.md shows the exercise list")
        + "The list, on a fresh clone:\n\n```text\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let expected = crate::exercise_command::list(&Default::default());
    assert_eq!(
        &readme[start..end],
        expected,
        "{EXERCISES}'s exercise list differs from `cargo xtask exercise` (fresh clone)"
    );
}
