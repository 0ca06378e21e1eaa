//! Reading the pass/fail counts out of nextest's JUnit report.
//!
//! Only the root element matters:
//! `<testsuites name="nextest-run" tests="27" failures="0" errors="0" ...>`.
//! Its attributes are read by hand: a full XML parser would be a dependency
//! for three numbers in one tag whose shape nextest controls.

use std::path::Path;
use std::time::SystemTime;

/// The totals of one nextest run.
#[derive(Debug, PartialEq, Eq)]
pub struct JunitCounts {
    /// Tests run.
    pub tests: u64,
    /// Tests that failed an assertion (or panicked, or timed out).
    pub failures: u64,
    /// Tests that could not run properly (e.g. crashed on startup).
    pub errors: u64,
}

impl JunitCounts {
    /// Tests that neither failed nor errored.
    pub fn passed(&self) -> u64 {
        self.tests.saturating_sub(self.failures + self.errors)
    }

    /// Tests that failed or errored.
    pub fn failed(&self) -> u64 {
        self.failures + self.errors
    }
}

/// Reads the report at `path`, refusing one written before `not_before`
/// (a report left by an earlier run would give that run's counts).
pub fn read_counts(path: &Path, not_before: SystemTime) -> Result<JunitCounts, String> {
    let shown = path.display();
    let modified = std::fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .map_err(|_| format!("no JUnit report at {shown}"))?;
    if modified < not_before {
        return Err(format!(
            "the JUnit report at {shown} is from an earlier run"
        ));
    }
    let xml = std::fs::read_to_string(path)
        .map_err(|error| format!("could not read {shown}: {error}"))?;
    parse_root(&xml).ok_or_else(|| format!("no test counts in the root element of {shown}"))
}

/// The counts on the `<testsuites>` element of `xml`.
pub fn parse_root(xml: &str) -> Option<JunitCounts> {
    let start = xml.find("<testsuites")? + "<testsuites".len();
    let tag = &xml[start..start + xml[start..].find('>')?];
    let number = |name| attribute(tag, name)?.parse().ok();
    Some(JunitCounts {
        tests: number("tests")?,
        failures: number("failures")?,
        errors: number("errors").unwrap_or(0),
    })
}

/// The value of attribute `name` in `tag`, the text between an element's
/// name and its `>`. Walks `name="value"` pairs one by one, so `tests`
/// cannot match inside another attribute's name or value.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    loop {
        rest = rest.trim_start();
        let (key, after_key) = rest.split_once('=')?;
        let after_key = after_key.trim_start();
        let quote = after_key
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')?;
        let (value, after_value) = after_key[1..].split_once(quote)?;
        if key.trim() == name {
            return Some(value);
        }
        rest = after_value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nextest_root_element() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="nextest-run" tests="27" failures="2" errors="1" uuid="x" timestamp="t" time="1.5">
<testsuite name="tests::mmap" tests="3" failures="0"></testsuite></testsuites>"#;
        let counts = parse_root(xml);
        assert_eq!(
            counts,
            Some(JunitCounts {
                tests: 27,
                failures: 2,
                errors: 1
            })
        );
        assert_eq!(counts.map(|c| (c.passed(), c.failed())), Some((24, 3)));
    }

    #[test]
    fn does_not_match_inside_other_attributes() {
        let xml = r#"<testsuites name="tests=9" xtests="8" tests="1" failures="0">"#;
        assert_eq!(parse_root(xml).map(|c| c.tests), Some(1));
    }
}
