//! The tidy checks: facts written twice, once in code and once in prose,
//! must agree, and what the READMEs link to must exist. They run with
//! `cargo test -p xtask` (plain unit tests: they read files, build
//! nothing) and fail with the file, the line and what disagrees.
//!
//! - README.md's architecture table against `arch.rs`: the same nine rows
//!   in the same order, each with its test triple (or the self-test), its
//!   lesson triple and its extra setup (the cross compiler and C library
//!   packages, or `rust-src`).
//! - Every `lessons/NN-slug/` directory against the lesson table in
//!   `lessons.rs`.
//! - Every relative link in README.md and the lesson READMEs points at a
//!   file or directory that exists (links to a web page are not followed).
//! - Every exercise has two hint levels or more, each different, and its
//!   first level names none of the identifiers its reference answer uses
//!   that the untouched exercise file does not (a first hint says where to
//!   look, not what to write).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::arch::{Arch, CoreLibrary, TestSuite};
use crate::lessons::LESSONS;
use crate::workspace;

/// The cells of each row of the first Markdown table after `heading`.
fn table_after(text: &str, heading: &str) -> Vec<Vec<String>> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("README.md has no `{heading}` section"));
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
    let readme = std::fs::read_to_string(workspace::root().join("README.md")).unwrap();
    let rows = table_after(&readme, "## Architectures");
    let names: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
    let expected: Vec<&str> = Arch::ALL.iter().map(|arch| arch.name()).collect();
    assert_eq!(names, expected, "README.md's architecture rows, in order");
    for (row, arch) in rows.iter().zip(Arch::ALL) {
        let spec = arch.spec();
        let (tests, lessons, setup) = (&row[2], &row[3], &row[6]);
        match spec.tests {
            TestSuite::Nextest { triple, cross } => {
                assert!(
                    tests.contains(triple),
                    "{}: README.md says the tests are `{tests}`; arch.rs builds them for {triple}",
                    spec.name
                );
                if let Some(cross) = cross {
                    for package in [cross.package, cross.libc_package] {
                        assert!(
                            setup.contains(package),
                            "{}: README.md's setup `{setup}` does not name {package}",
                            spec.name
                        );
                    }
                }
            }
            TestSuite::SelfTest => assert!(
                tests.contains("self-test"),
                "{}: arch.rs runs the self-test, README.md says `{tests}`",
                spec.name
            ),
        }
        assert!(
            lessons.contains(spec.lesson_triple),
            "{}: README.md says the lessons are `{lessons}`; arch.rs builds them for {}",
            spec.name,
            spec.lesson_triple
        );
        if spec.core == CoreLibrary::FromSource {
            assert!(
                setup.contains("rust-src"),
                "{}: arch.rs builds `core` from source, README.md's setup `{setup}` does not say \
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

/// Every README the course has: the top one and one per lesson.
fn readmes() -> Vec<PathBuf> {
    let root = workspace::root();
    let mut files = vec![root.join("README.md")];
    files.extend(LESSONS.iter().map(|lesson| lesson.dir().join("README.md")));
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
    let expected = crate::exercise_command::list(&Default::default(), &Default::default())
        .expect("every exercise's hints can be read");
    assert_eq!(
        &readme[start..end],
        expected,
        "README.md's exercise list differs from `cargo xtask exercise` (fresh clone)"
    );
}

/// Rust's keywords: they are in every answer and in plain English
/// (`if`, `for`, `in`), so they say nothing about an answer. (`loop` is
/// left in: a loop can be what an answer consists of.)
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while",
];

/// The identifiers in `text`: runs of letters, digits and `_` that start
/// with a letter or `_` and hold a letter (so `0o600` and `_` are none).
fn identifiers(text: &str) -> BTreeSet<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| {
            word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && word.contains(|c: char| c.is_ascii_alphabetic())
        })
        .collect()
}

/// `text` without its `//` comments (the reference answers explain
/// themselves in prose; only their code says what the answer is).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The identifiers the reference answer's code uses that the untouched
/// exercise file (code and prose) never mentions: what the answer adds.
fn answer_identifiers(exercise_file: &str, solution: &str) -> BTreeSet<String> {
    let given = identifiers(exercise_file);
    identifiers(&code_only(solution))
        .into_iter()
        .filter(|word| !given.contains(word) && !KEYWORDS.contains(word))
        .map(str::to_string)
        .collect()
}

/// The words of `hint` that name one of `answer`: the identifier itself, or
/// one that ends with it where it is four letters or more (`MAP_SHARED`
/// names `SHARED`, `mprotect` names `protect`). Such a word counts even
/// where the exercise file uses it too: its prose may say MAP_SHARED while
/// its code maps MAP_PRIVATE, and the hint still must not.
fn words_naming_the_answer(hint: &str, answer: &BTreeSet<String>) -> Vec<String> {
    identifiers(hint)
        .into_iter()
        .filter(|word| {
            answer
                .iter()
                .any(|id| *word == id || (id.len() >= 4 && word.ends_with(id.as_str())))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_exercise_has_two_hint_levels_or_more_and_the_first_gives_no_answer_away() {
    use crate::exercises::EXERCISES;
    let mut problems = Vec::new();
    for exercise in EXERCISES {
        let id = exercise.id();
        let levels = match crate::exercise_hints::levels(exercise) {
            Ok(levels) => levels,
            Err(fail) => {
                problems.push(format!("exercise {id}: {}", fail.message()));
                continue;
            }
        };
        if levels.len() < 2 {
            problems.push(format!(
                "exercise {id}: {} hint level(s); every exercise needs two or more (where to \
                 look, then the idea)",
                levels.len()
            ));
        }
        let distinct: BTreeSet<&String> = levels.iter().collect();
        if distinct.len() != levels.len() {
            problems.push(format!("exercise {id}: two hint levels say the same"));
        }
        let exercise_file = std::fs::read_to_string(exercise.file()).unwrap();
        let solution = std::fs::read_to_string(exercise.solution_file()).unwrap();
        let answer = answer_identifiers(&exercise_file, &solution);
        let named = words_naming_the_answer(&levels[0], &answer);
        if !named.is_empty() {
            problems.push(format!(
                "exercise {id}: hint level 1 names what the reference answer writes: {} \
                 (say where to look and what to ask there; leave the names to level 2)",
                named.join(", ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_first_hint_naming_the_answers_flag_or_call_is_caught() {
    // Exercise 1.1 in small: the file maps MAP_PRIVATE (and its prose
    // names MAP_SHARED), the answer writes `MapFlags::SHARED`.
    let exercise_file = "//! only a MAP_SHARED page is shared with the child\n\
                         MapFlags::PRIVATE | MapFlags::ANONYMOUS\n";
    let solution = "// MAP_SHARED is the answer\nMapFlags::SHARED | MapFlags::ANONYMOUS\n";
    let answer = answer_identifiers(exercise_file, solution);
    assert_eq!(answer, BTreeSet::from(["SHARED".to_string()]));
    assert_eq!(
        words_naming_the_answer("Pass MAP_SHARED instead.", &answer),
        ["MAP_SHARED"]
    );
    assert!(words_naming_the_answer("Read part 3: which type is shared?", &answer).is_empty());
    // A call the answer makes through a method is named by its man page.
    let answer = answer_identifiers("let _ = map;", "map.protect(Prot::READ)");
    assert_eq!(
        words_naming_the_answer("Call mprotect with PROT_READ.", &answer),
        ["PROT_READ", "mprotect"]
    );
    // Numbers and keywords are not identifiers of an answer.
    assert!(answer_identifiers("", "if x { return 0o600; }").contains("x"));
    assert_eq!(answer_identifiers("x", "if x { return 0o600; }").len(), 0);
}
