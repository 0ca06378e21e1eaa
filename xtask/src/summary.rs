//! The closing report: one line per tests run and per lesson, then the
//! total as `N passed, M failed` alone on the last line, the form CI reads.

use std::process::ExitCode;

use crate::arch::Arch;
use crate::lesson_run::LessonOutcome;
use crate::nextest::TestCounts;

/// The lines and totals of one xtask run.
#[derive(Default)]
pub struct Summary {
    lines: Vec<String>,
    passed: u64,
    failed: u64,
}

impl Summary {
    /// Adds the tests' counts: every test counts.
    pub fn add_tests(&mut self, arch: Arch, counts: &TestCounts) {
        let mut line = format!(
            "tests   {} ({}): {} passed, {} failed",
            arch.name(),
            arch.how_it_runs(),
            counts.passed,
            counts.failed
        );
        if let Some(note) = &counts.note {
            line.push_str(&format!(" [{note}]"));
        }
        self.lines.push(line);
        self.passed += counts.passed;
        self.failed += counts.failed;
    }

    /// Adds a lesson run: it counts as one.
    pub fn add_lesson(&mut self, outcome: LessonOutcome) {
        if outcome.passed {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        self.lines.push(outcome.line);
    }

    /// Adds a line that counts for nothing.
    pub fn add_note(&mut self, line: String) {
        self.lines.push(line);
    }

    /// Prints the summary.
    pub fn print(&self) {
        println!();
        println!("summary:");
        for line in &self.lines {
            println!("{line}");
        }
        println!("{} passed, {} failed", self.passed, self.failed);
    }

    /// 0 if nothing failed, else 1.
    pub fn exit_code(&self) -> ExitCode {
        if self.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}
