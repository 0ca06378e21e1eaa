//! The tidy checks of the test suite's layout (listed in `tidy/mod.rs`).
//!
//! Why they matter: a reader finds a lesson's proof by its name, and a
//! check missing from the list or from the tests would be proved on some
//! architectures and silently not on others.

use std::collections::BTreeSet;

use crate::tables::lessons::LESSONS;
use crate::workspace;

fn read(relative: &str) -> String {
    let path = workspace::root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_lesson_has_a_test_file_of_its_name() {
    for lesson in &LESSONS {
        let file = format!("tests/tests/{}.rs", lesson.slug.replace('-', "_"));
        assert!(
            workspace::root().join(&file).is_file(),
            "lesson {}'s claims have no test file of its name: {file}",
            lesson.dir_name()
        );
    }
}

/// `(module, name)` of every entry of `checks::ALL`, as written in
/// `tests/checks/src/lib.rs`'s `checks![...]` list.
fn listed_checks() -> Vec<(String, String)> {
    let lib = read("tests/checks/src/lib.rs");
    let opening = "pub const ALL: &[Check] = checks![";
    let start = lib.find(opening).expect("lib.rs has the list `ALL`") + opening.len();
    let end = start + lib[start..].find("];").expect("the list ends with `];`");
    lib[start..end]
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (module, name) = entry
                .split_once("::")
                .unwrap_or_else(|| panic!("`{entry}` is not `module::name`"));
            (module.to_string(), name.to_string())
        })
        .collect()
}

/// The body of `#[test] fn name()` in `text`, up to the first line that is
/// `}`; `None` if there is none, or if an attribute above `#[test]` (an
/// `#[ignore]`, a `#[cfg(...)]`) could keep it from running.
fn test_body<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let start = text.find(&format!("#[test]\nfn {name}() {{\n"))?;
    let line_before = text[..start].trim_end_matches('\n').lines().next_back();
    if line_before.is_some_and(|line| line.trim_start().starts_with("#[")) {
        return None;
    }
    let end = start + text[start..].find("\n}\n")?;
    Some(&text[start..end])
}

#[test]
fn every_check_in_the_list_has_a_test_that_calls_it() {
    for (module, name) in listed_checks() {
        let file = format!("tests/tests/{module}.rs");
        let text = read(&file);
        let body = test_body(&text, &name).unwrap_or_else(|| {
            panic!("{file} has no plain `#[test] fn {name}()` for checks::{module}")
        });
        let call = format!("checks::{module}::{name}");
        assert!(
            body.lines()
                .any(|line| line.contains(&call) && !line.trim_start().starts_with("//")),
            "{file}: `fn {name}` does not call {call}"
        );
    }
}

/// Every check function in `tests/checks/src`, as `(module, name)`: each
/// `pub fn` that returns an `Outcome`.
fn written_checks() -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let dir = workspace::root().join("tests/checks/src");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        assert!(
            path.extension().is_some_and(|ext| ext == "rs"),
            "{}: the checks are one flat directory of .rs files",
            path.display()
        );
        let module = path.file_stem().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        for (name, signature) in public_functions(&text) {
            if signature.ends_with("->Outcome") {
                found.insert((module.clone(), name.to_string()));
            }
        }
    }
    found
}

#[test]
fn the_list_holds_every_check_and_nothing_else() {
    let listed: BTreeSet<(String, String)> = listed_checks().into_iter().collect();
    let written = written_checks();
    let unlisted: Vec<_> = written.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "not in checks::ALL, so the self-test never runs them: {unlisted:?}"
    );
    let unwritten: Vec<_> = listed.difference(&written).collect();
    assert!(
        unwritten.is_empty(),
        "in checks::ALL but not found as `pub fn ... -> Outcome`: {unwritten:?}"
    );
    assert_eq!(
        listed.len(),
        listed_checks().len(),
        "a check listed twice in checks::ALL"
    );
}

/// Each `pub fn` in `text`: its name, and its signature from `(` to `{`
/// with the white space and a trailing comma rustfmt may add removed.
fn public_functions(text: &str) -> Vec<(&str, String)> {
    text.split("\npub fn ")
        .skip(1)
        .filter_map(|rest| {
            let (name, after) = rest.split_once('(')?;
            let (arguments, _) = after.split_once('{')?;
            let signature: String = format!("({arguments}")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            Some((name, signature.replace(",)", ")")))
        })
        .collect()
}

#[test]
fn the_list_and_the_tests_are_read_as_written() {
    let listed = listed_checks();
    assert!(listed.contains(&(
        "errors".to_string(),
        "mmap_length_zero_is_einval".to_string()
    )));
    let text = "#[test]\nfn a() {\n    x();\n}\n\n#[ignore]\n#[test]\nfn b() {\n}\n";
    assert_eq!(test_body(text, "a"), Some("#[test]\nfn a() {\n    x();"));
    assert_eq!(test_body(text, "b"), None, "an ignored test does not count");
    assert_eq!(test_body(text, "c"), None);
    let source =
        "x\npub fn long_name(\n    cx: &mut Cx<'_>,\n) -> Outcome {\n}\npub fn f(a: u8) {}\n";
    assert_eq!(
        public_functions(source),
        [
            ("long_name", "(cx:&mutCx<'_>)->Outcome".to_string()),
            ("f", "(a:u8)".to_string())
        ]
    );
}
