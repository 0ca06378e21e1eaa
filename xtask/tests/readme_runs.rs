//! Every lesson README prints a run ("A run (aarch64 under qemu-aarch64)").
//! This test runs each lesson the same way and holds the README to it,
//! line by line, so a printed run cannot go stale when a lesson changes.
//!
//! What may differ between two honest runs is left out of the comparison:
//! numbers (addresses, process ids, inode numbers, fault counts, times)
//! become `#`, runs of spaces become one (the kernel pads maps lines to a
//! column, so a longer inode number means fewer spaces), the repository's
//! own path is dropped (READMEs show paths relative to it), QEMU's own
//! `qemu: uncaught target signal` lines, which it prints on a pipe of its
//! own, in an order no one controls, are skipped, and within each part of
//! a lesson the lines are compared in sorted order (a parent and a child
//! printing at once interleave as the scheduler pleases). Lesson 05's
//! file mode comes from a leftover value (the low bits of an address that
//! moves with the length of the environment and of the clone's path), so
//! the names of its special bits, `(setuid, sticky, from a value nobody
//! chose)`, are left out as its digits are.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The heading of the printed run in a lesson README.
const HEADING: &str = "## A run (aarch64 under qemu-aarch64)";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The printed run in `readme`: the first ```text block after the heading.
fn printed_run(readme: &str) -> Option<Vec<String>> {
    let after = &readme[readme.find(HEADING)?..];
    let start = after.find("```text\n")? + "```text\n".len();
    let end = start + after[start..].find("```")?;
    Some(after[start..end].lines().map(str::to_string).collect())
}

/// The words lesson 05 adds after a mode with special bits, left out.
fn without_special_bit_names(line: &str) -> String {
    const END: &str = ", from a value nobody chose)";
    match line.find(END) {
        Some(end) => match line[..end].rfind(" (") {
            Some(start) => format!("{}{}", &line[..start], &line[end + END.len()..]),
            None => line.to_string(),
        },
        None => line.to_string(),
    }
}

/// A line as compared: see the file's comment.
fn normalised(line: &str, root: &str) -> String {
    let line = without_special_bit_names(&line.replace(root, ""));
    let mut out = String::new();
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if token.chars().any(|c| c.is_ascii_digit()) {
            out.push('#');
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in line.chars() {
        if c.is_ascii_hexdigit() || c == 'x' || c == '.' {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out.split(' ')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines as compared, part by part: a part starts at a `== N.` line,
/// and within it the lines are sorted, since a part where two processes
/// print (a parent and its child) interleaves them as the scheduler
/// pleases. Every line must still be there, and in its part.
fn compared(lines: &[String], root: &str) -> Vec<String> {
    let mut parts: Vec<Vec<String>> = vec![Vec::new()];
    for line in lines {
        if line.starts_with("qemu: uncaught target signal") {
            continue;
        }
        if line.starts_with("== ") {
            parts.push(Vec::new());
        }
        parts.last_mut().unwrap().push(normalised(line, root));
    }
    for part in &mut parts {
        // The part's heading stays first.
        let body = if part.first().is_some_and(|l| l.starts_with("== ")) {
            &mut part[1..]
        } else {
            &mut part[..]
        };
        body.sort();
    }
    parts.concat()
}

/// The lesson's output in a run of `cargo xtask lesson N --arch aarch64`,
/// stdout and stderr in one file (as the READMEs show them): from its
/// first line, `Lesson NN: ...`, to its closing `claims:` line.
fn run_lesson(number: u32, dir: &Path) -> Vec<String> {
    let log = dir.join(format!("lesson{number:02}.log"));
    let file = std::fs::File::create(&log).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .env("CARGO", env!("CARGO"))
        .args(["lesson", &number.to_string(), "--arch", "aarch64"])
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .status()
        .unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "lesson {number} failed:\n{text}");
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let first = lines
        .iter()
        .position(|line| line.starts_with(&format!("Lesson {number:02}:")))
        .unwrap_or_else(|| panic!("lesson {number} printed no `Lesson {number:02}:` line"));
    let last = first
        + lines[first..]
            .iter()
            .position(|line| line.starts_with("claims: "))
            .unwrap_or_else(|| panic!("lesson {number} printed no closing line"));
    lines[first..=last].to_vec()
}

#[test]
fn every_lesson_readme_prints_what_the_lesson_prints_today() {
    let root = root();
    let root_prefix = format!("{}/", root.display());
    let dir = std::env::temp_dir().join(format!("xtask-readme-runs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut problems = Vec::new();
    let mut lessons = 0;
    for entry in std::fs::read_dir(root.join("lessons")).unwrap() {
        let path = entry.unwrap().path();
        let Some(number) = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.get(..2))
            .and_then(|digits| digits.parse::<u32>().ok())
        else {
            continue;
        };
        let readme = std::fs::read_to_string(path.join("README.md")).unwrap();
        let Some(printed) = printed_run(&readme) else {
            problems.push(format!(
                "lesson {number:02}: its README has no `{HEADING}` block"
            ));
            continue;
        };
        lessons += 1;
        let expected = compared(&printed, &root_prefix);
        let actual = compared(&run_lesson(number, &dir), &root_prefix);
        if expected != actual {
            let at = expected
                .iter()
                .zip(&actual)
                .position(|(e, a)| e != a)
                .unwrap_or(expected.len().min(actual.len()));
            problems.push(format!(
                "lesson {number:02}: the README's run differs from today's at line {} (numbers \
                 shown as #):\n  README: {}\n  today:  {}\n  ({} lines against {})",
                at + 1,
                expected.get(at).map_or("(ends)", String::as_str),
                actual.get(at).map_or("(ends)", String::as_str),
                expected.len(),
                actual.len()
            ));
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        lessons >= 9,
        "found {lessons} lesson READMEs with a printed run"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_special_bits_of_a_leftover_mode_are_not_compared() {
    assert_eq!(
        normalised(
            "[ok] new.txt has mode 4410 (setuid, from a value nobody chose): x",
            ""
        ),
        normalised("[ok] new.txt has mode 0640: x", "")
    );
    assert_eq!(
        normalised(
            "[ok] new.txt has mode 7410 (setuid, setgid, sticky, from a value nobody chose): x",
            ""
        ),
        "[ok] new.txt has mode #: x"
    );
}

/// The introduction to the `--map` picture the book's `--map` chapter
/// prints.
const MAP_CHAPTER: &str = "book/src/reference/map.md";

/// Where that chapter introduces the picture.
const MAP_RUN: &str = "A run: `cargo xtask lesson 7 --arch aarch64 --map`";

/// A picture's line as compared: numbers masked as for the lessons' runs,
/// and a hole's whole size (its unit and form follow the number: `3 pages
/// (12 KiB)`, `151.5 MiB`), since where a hole ends depends on where the
/// kernel, or QEMU, placed the mappings around it.
fn picture_line(line: &str, root: &str) -> String {
    match line.trim_start().strip_prefix("hole, ") {
        Some(_) => "hole, (its size)".to_string(),
        None => normalised(line, root),
    }
}

#[test]
fn the_readme_prints_the_map_picture_a_run_draws_today() {
    let root = root();
    let root_prefix = format!("{}/", root.display());
    let readme = std::fs::read_to_string(root.join(MAP_CHAPTER)).unwrap();
    let after = &readme[readme
        .find(MAP_RUN)
        .unwrap_or_else(|| panic!("{MAP_CHAPTER} has no `{MAP_RUN}`"))..];
    let start = after.find("```text\n").unwrap() + "```text\n".len();
    let printed: Vec<String> = after[start..start + after[start..].find("```").unwrap()]
        .lines()
        .map(|line| picture_line(line, &root_prefix))
        .collect();

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .env("CARGO", env!("CARGO"))
        .env("NO_COLOR", "1")
        .args(["lesson", "7", "--arch", "aarch64", "--map"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the run failed:\n{text}");
    // Part 2's munmap picture: from its heading to its legend.
    let lines: Vec<&str> = text.lines().collect();
    let part = lines.iter().position(|l| l.starts_with("== 2.")).unwrap();
    let heading = part
        + lines[part..]
            .iter()
            .position(|l| l.starts_with("[pid ") && l.contains("munmap("))
            .unwrap();
    let legend = heading
        + lines[heading..]
            .iter()
            .position(|l| l.trim_start().starts_with("- removed"))
            .unwrap();
    let today: Vec<String> = lines[heading..=legend]
        .iter()
        .map(|line| picture_line(line, &root_prefix))
        .collect();
    assert_eq!(
        printed, today,
        "{MAP_CHAPTER}'s --map picture against today's"
    );
}
