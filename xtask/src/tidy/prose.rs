//! The tidy checks of the READMEs, the book's pages and the lesson and
//! exercise tables (listed in `tidy/mod.rs`).

use std::path::{Path, PathBuf};

use crate::tables::arch::{Arch, CoreLibrary, TestSuite};
use crate::tables::lessons::LESSONS;
use crate::workspace;

/// The architecture table's page.
const ARCHITECTURES: &str = "book/src/reference/architectures.md";

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
            "lessons/{dir}/ has a Cargo.toml but no row in xtask/src/tables/lessons.rs"
        );
    }
    for lesson in &LESSONS {
        assert!(
            on_disk.contains(&lesson.dir_name()),
            "xtask/src/tables/lessons.rs lists lesson {} but lessons/{}/ has no Cargo.toml",
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

/// Every exercise in the table has its answer file (whose first line is
/// its title), its reference answer, its feature in the lesson's
/// Cargo.toml and its row in the checker's `main.rs`; every answer file
/// beside a lesson has a row in the table.
#[test]
fn every_exercise_file_and_table_row_match() {
    use crate::tables::exercises::EXERCISES;
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
        let row = format!("\"{}\" => ", exercise.feature());
        let file = format!(", \"{}.rs\";", exercise.stem);
        assert!(
            main.lines()
                .any(|line| line.trim_start().starts_with(&row) && line.ends_with(&file)),
            "exercise {id}: src/exercises/main.rs has no line `{row}<module>{file}` in its \
             rt::exercises! list"
        );
        if let Err(fail) = exercise.title() {
            panic!("exercise {id}: {}", fail.message());
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
                    "{} has no row in xtask/src/tables/exercises.rs",
                    path.display()
                );
            }
        }
    }
}

/// Every lesson has at least two exercises.
#[test]
fn every_lesson_has_two_exercises_or_more() {
    use crate::tables::exercises::EXERCISES;
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

/// A lesson README lists its exercises as `- **N.M title** (...)`: each
/// title there is the one in the exercise file's first line, which
/// `cargo xtask exercise` and the check print, and every exercise is listed.
#[test]
fn the_lesson_readmes_list_each_exercise_by_its_title() {
    use crate::tables::exercises::EXERCISES;
    for exercise in EXERCISES {
        let id = exercise.id();
        let readme_path = exercise.lesson().dir().join("README.md");
        let readme = std::fs::read_to_string(&readme_path).unwrap();
        let title = exercise
            .title()
            .unwrap_or_else(|fail| panic!("exercise {id}: {}", fail.message()));
        let prefix = format!("- **{id} ");
        let listed: Vec<&str> = readme
            .lines()
            .filter_map(|line| line.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once("**").map(|(title, _)| title))
            .collect();
        assert_eq!(
            listed,
            [title.as_str()],
            "{}: exercise {id} should be listed once as `- **{id} {title}**`, the title in \
             the first line of {}",
            readme_path.display(),
            exercise.file().display()
        );
    }
}

/// Each lesson README's exercise section tells how to check, get hints and
/// see an answer in the same words (the nine were written apart, and four
/// had drifted to `N.M`), naming its own lesson's exercises.
#[test]
fn the_lesson_readmes_tell_how_to_check_in_the_same_words() {
    use crate::tables::exercises::EXERCISES;
    const HOW: &str = "`--hint` says where to look, `--hint 2` gives the idea, and \
                       `--solution` prints a reference answer (your file is never overwritten).";
    let mut lessons: Vec<_> = EXERCISES.iter().map(|exercise| exercise.lesson()).collect();
    lessons.dedup_by_key(|lesson| lesson.number);
    for lesson in lessons {
        let path = lesson.dir().join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let words = readme.split_whitespace().collect::<Vec<_>>().join(" ");
        let command = format!("`cargo xtask exercise {}.M`", lesson.number);
        for wanted in [command.as_str(), HOW] {
            assert!(
                words.contains(wanted),
                "{}: the exercise section should say {wanted}",
                path.display()
            );
        }
    }
}

/// The freestanding clippy runs (every lesson with its exercise features,
/// for two cross targets) are written once, in `.ci/clippy-freestanding`,
/// and both CI definitions run that script rather than a list of their own.
#[test]
fn both_ci_definitions_run_the_one_freestanding_clippy_list() {
    let root = workspace::root();
    let script = std::fs::read_to_string(root.join(".ci/clippy-freestanding")).unwrap();
    assert!(
        script.contains("freestanding=(-p "),
        ".ci/clippy-freestanding holds the package list"
    );
    for file in [".ci/run", ".github/workflows/ci.yml"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(
            text.contains("bash .ci/clippy-freestanding"),
            "{file} does not run .ci/clippy-freestanding"
        );
        assert!(
            !text.contains("freestanding=("),
            "{file} has a freestanding package list of its own; the one list is in \
             .ci/clippy-freestanding"
        );
    }
}

/// The book is a Cargo workspace of its own (book/Cargo.toml), so it cannot
/// inherit the course's lints; its `[lints]` tables say the same as the
/// root's `[workspace.lints]`, line for line.
#[test]
fn the_books_lints_are_the_workspaces() {
    let root = workspace::root();
    let lints = |file: &str, prefix: &str| -> Vec<String> {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let mut lines = Vec::new();
        let mut inside = false;
        for line in text.lines() {
            if let Some(table) = line.strip_prefix('[') {
                inside = table.starts_with(prefix);
                if inside {
                    lines.push(table.trim_start_matches(prefix).to_string());
                }
                continue;
            }
            if inside && !line.trim().is_empty() && !line.starts_with('#') {
                lines.push(line.to_string());
            }
        }
        lines
    };
    let course = lints("Cargo.toml", "workspace.lints");
    assert!(
        !course.is_empty(),
        "Cargo.toml has [workspace.lints] tables"
    );
    assert_eq!(
        lints("book/Cargo.toml", "lints"),
        course,
        "book/Cargo.toml's [lints] should say what Cargo.toml's [workspace.lints] says"
    );
}
