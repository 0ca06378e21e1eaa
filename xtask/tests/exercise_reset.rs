//! `cargo xtask exercise N.M --reset` and `--reset --all`, as a learner
//! uses them, in a `git clone` of the committed tree (so a failing test
//! never leaves this checkout's exercise files changed). The xtask binary
//! of this test run works on the clone (its `CARGO_MANIFEST_DIR` names the
//! clone's `xtask/`, as `cargo xtask` there would set it); nothing is built.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod support;

const GUARD: &str = "lessons/07-munmap/exercises/1-guard-the-buffer.rs";
const CLOSE: &str = "lessons/07-munmap/exercises/2-close-the-descriptor.rs";

/// A fresh clone of the committed tree, in a directory of the test's own.
fn clone(name: &str) -> PathBuf {
    let dir = support::temp_dir(&format!("reset-{name}"));
    support::clone_course(&dir);
    for (key, value) in [
        ("user.name", "learner"),
        ("user.email", "learner@localhost"),
    ] {
        git(&dir, &["config", key, value]);
    }
    dir
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?} failed: {status}");
}

/// `cargo xtask` in the clone, with no terminal on stdin.
fn xtask(clone: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(clone)
        .env("CARGO", env!("CARGO"))
        .env("CARGO_MANIFEST_DIR", clone.join("xtask"))
        .env("CARGO_TARGET_DIR", clone.join("target"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes a learner's edit at the end of `file`, returning the new bytes.
fn edit(clone: &Path, file: &str, words: &str) -> Vec<u8> {
    let path = clone.join(file);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(format!("// {words}\n").as_bytes());
    std::fs::write(&path, &bytes).unwrap();
    bytes
}

#[test]
fn a_reset_restores_the_shipped_file_byte_for_byte_after_asking_and_nothing_else() {
    let clone = clone("one");
    let shipped = std::fs::read(clone.join(GUARD)).unwrap();
    let edited = edit(&clone, GUARD, "my answer");
    let other = edit(&clone, CLOSE, "my other answer");
    let progress = clone.join("target/exercises/progress");
    std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
    std::fs::write(&progress, "7.1\n").unwrap();

    // No terminal to ask on and no --yes: one line, exit 2, nothing written.
    let refused = xtask(&clone, &["exercise", "7.1", "--reset"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let errors: Vec<String> = text(&refused.stderr)
        .lines()
        .filter(|line| line.starts_with("error:"))
        .map(str::to_string)
        .collect();
    assert_eq!(errors.len(), 1, "one error line: {errors:?}");
    assert!(errors[0].contains("--yes"), "{}", errors[0]);
    assert_eq!(std::fs::read(clone.join(GUARD)).unwrap(), edited);

    let done = xtask(&clone, &["exercise", "7.1", "--reset", "--yes"]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert_eq!(
        std::fs::read(clone.join(GUARD)).unwrap(),
        shipped,
        "the file is back byte for byte"
    );
    assert_eq!(std::fs::read(clone.join(CLOSE)).unwrap(), other);
    assert_eq!(std::fs::read_to_string(&progress).unwrap(), "7.1\n");

    // Once more: nothing to do, said so.
    let again = xtask(&clone, &["exercise", "7.1", "--reset", "--yes"]);
    assert!(text(&again.stdout).contains("already as the course ships it"));
    std::fs::remove_dir_all(&clone).unwrap();
}

/// A learner who commits their answer still gets the course's file back:
/// the reset reads the commit where HEAD meets its upstream, not HEAD.
#[test]
fn a_reset_restores_the_courses_file_when_the_learner_committed_an_answer() {
    let clone = clone("committed");
    let shipped = std::fs::read(clone.join(GUARD)).unwrap();
    edit(&clone, GUARD, "committed answer");
    git(&clone, &["commit", "--quiet", "-am", "my answer to 7.1"]);
    let done = xtask(&clone, &["exercise", "7.1", "--reset", "--yes"]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert_eq!(std::fs::read(clone.join(GUARD)).unwrap(), shipped);
    std::fs::remove_dir_all(&clone).unwrap();
}

#[test]
fn a_reset_of_all_restores_every_file_and_forgets_the_progress() {
    let clone = clone("all");
    let shipped = [GUARD, CLOSE].map(|file| std::fs::read(clone.join(file)).unwrap());
    edit(&clone, GUARD, "one");
    let close_edited = edit(&clone, CLOSE, "two");
    let exercises = clone.join("target/exercises");
    std::fs::create_dir_all(&exercises).unwrap();
    std::fs::write(exercises.join("progress"), "7.1\n").unwrap();
    std::fs::write(exercises.join("hints"), "7.1 2\n").unwrap();

    let refused = xtask(&clone, &["exercise", "--reset", "--all"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(std::fs::read(clone.join(CLOSE)).unwrap(), close_edited);
    assert!(exercises.join("progress").exists());

    let done = xtask(&clone, &["exercise", "--reset", "--all", "--yes"]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    for (file, shipped) in [GUARD, CLOSE].iter().zip(&shipped) {
        assert_eq!(&std::fs::read(clone.join(file)).unwrap(), shipped, "{file}");
    }
    assert!(!exercises.join("progress").exists());
    assert!(!exercises.join("hints").exists());
    std::fs::remove_dir_all(&clone).unwrap();
}
