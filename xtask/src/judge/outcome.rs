//! What a judged run comes to, as the summary counts it: a lesson passed
//! or failed, a number of tests passed and failed. Made by the judges in
//! this folder and by the runners that count tests themselves (nextest's
//! JUnit report); read by [`super::summary`].

/// The result of one lesson run, as the summary shows it.
pub struct LessonOutcome {
    /// Whether every condition held.
    pub passed: bool,
    /// `lesson NN slug arch: passed (...)` or `...: failed (reason)`.
    pub line: String,
    /// Claims the machine could not answer (`[not tried]`), of a passing run.
    pub not_tried: u32,
}

/// What the summary reports for the tests.
pub struct TestCounts {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Why the counts are not straight from the JUnit report, if they aren't.
    pub note: Option<String>,
}
