//! The closing report: one line per tests run and per lesson, then the
//! total as `N passed, M failed` alone on the last line, the form CI reads.
//! Every command that ends with that line prints it through [`Total`].

use std::process::ExitCode;

use crate::judge::outcome::LessonOutcome;
use crate::judge::outcome::TestCounts;
use crate::tables::arch::Arch;

/// The closing count of a command: printed as `N passed, M failed`, the
/// last line of `test`, `lesson`, `exercise --verify` and `mutants`, and
/// the exit code that goes with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Total {
    /// What passed.
    pub passed: u64,
    /// What failed.
    pub failed: u64,
}

impl Total {
    /// Prints the closing line and returns the exit code: 0 if nothing
    /// failed, else 1.
    pub fn print(self) -> ExitCode {
        println!("{} passed, {} failed", self.passed, self.failed);
        if self.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

/// What a VM run says about the machine it booted, for the `--arch all
/// --vm` table.
#[derive(Clone, Debug)]
pub struct VmFacts {
    /// The kernel's release (`uname -r`), or `(never booted)`.
    pub kernel: String,
    /// Its page size (AT_PAGESZ), 0 if it never booted.
    pub page_size: u64,
    /// Seconds from starting QEMU to the first result.
    pub first_result: Option<f64>,
    /// QEMU's accelerator (`tcg`, `kvm`), filled in by the runner that
    /// chose it.
    pub accel: &'static str,
}

/// The lines and totals of one xtask run.
#[derive(Default)]
pub struct Summary {
    /// The booted machine, for a VM run.
    pub vm: Option<VmFacts>,
    lines: Vec<String>,
    tests_passed: u64,
    tests_failed: u64,
    lessons_passed: u64,
    lessons_failed: u64,
    /// Lesson claims the machine could not answer, in passing runs.
    claims_not_tried: u64,
}

impl Summary {
    /// Adds the tests' counts: every test counts.
    pub fn add_tests(&mut self, arch: Arch, counts: &TestCounts) {
        self.add_tests_run_by(arch, arch.how_it_runs(), counts);
    }

    /// [`Summary::add_tests`] for tests that ran another way than
    /// `arch.how_it_runs()` says (`vm, real kernel`).
    pub fn add_tests_run_by(&mut self, arch: Arch, how: &str, counts: &TestCounts) {
        let mut line = format!(
            "tests   {} ({how}): {} passed, {} failed",
            arch.name(),
            counts.passed,
            counts.failed
        );
        if let Some(note) = &counts.note {
            line.push_str(&format!(" [{note}]"));
        }
        self.lines.push(line);
        self.tests_passed += counts.passed;
        self.tests_failed += counts.failed;
    }

    /// Adds a lesson run: it counts as one.
    pub fn add_lesson(&mut self, outcome: LessonOutcome) {
        if outcome.passed {
            self.lessons_passed += 1;
            self.claims_not_tried += u64::from(outcome.not_tried);
        } else {
            self.lessons_failed += 1;
        }
        self.lines.push(outcome.line);
    }

    /// Adds a line of test counts worded by the caller (a VM run names its
    /// kernel, not an emulator).
    pub fn add_counts(&mut self, line: String, passed: u64, failed: u64) {
        self.lines.push(line);
        self.tests_passed += passed;
        self.tests_failed += failed;
    }

    /// Adds a line that counts for nothing.
    pub fn add_note(&mut self, line: String) {
        self.lines.push(line);
    }

    /// Prints the summary, and returns the exit code: 0 if nothing
    /// failed, else 1.
    pub fn print(&self) -> ExitCode {
        println!();
        println!("summary:");
        for line in &self.lines {
            println!("{line}");
        }
        self.total().print()
    }

    /// What passed and failed, tests and lesson runs together.
    fn total(&self) -> Total {
        Total {
            passed: self.tests_passed + self.lessons_passed,
            failed: self.tests_failed + self.lessons_failed,
        }
    }
}

/// One architecture's line in the `--arch all` table.
pub struct ArchRow {
    arch: Arch,
    /// (passed, failed) for the tests and for the lessons; None if the
    /// architecture could not run at all.
    counts: Option<[(u64, u64); 2]>,
    /// Why it could not run, with the fix.
    problem: Option<String>,
    /// Why there is nothing to run (no kernel of that generation exists):
    /// shown in the table, counted neither way.
    absent: Option<String>,
    /// The booted machine, for a VM run.
    vm: Option<VmFacts>,
    /// Lesson claims the machine could not answer (shown under the table).
    claims_not_tried: u64,
    seconds: f64,
}

impl ArchRow {
    /// An architecture that ran; its summary's lines are printed now.
    pub fn ran(arch: Arch, summary: &Summary, seconds: f64) -> ArchRow {
        // Its own exit code is not the run's: the table's total decides.
        let _ = summary.print();
        ArchRow {
            arch,
            counts: Some([
                (summary.tests_passed, summary.tests_failed),
                (summary.lessons_passed, summary.lessons_failed),
            ]),
            problem: None,
            absent: None,
            vm: summary.vm.clone(),
            claims_not_tried: summary.claims_not_tried,
            seconds,
        }
    }

    /// An architecture with nothing to run, for a reason that is no fault
    /// (Debian has no kernel of that generation for it).
    pub fn absent(arch: Arch, why: &str) -> ArchRow {
        println!("==> {}: {why}", arch.name());
        ArchRow {
            arch,
            counts: None,
            problem: None,
            absent: Some(why.to_string()),
            vm: None,
            claims_not_tried: 0,
            seconds: 0.0,
        }
    }

    /// An architecture whose toolchain is incomplete: counted as one failure.
    pub fn could_not_run(arch: Arch, why: &str, seconds: f64) -> ArchRow {
        eprintln!("error: {}: {why}", arch.name());
        ArchRow {
            arch,
            counts: None,
            problem: Some(why.to_string()),
            absent: None,
            vm: None,
            claims_not_tried: 0,
            seconds,
        }
    }

    fn passed(&self) -> u64 {
        self.counts.map_or(0, |[t, l]| t.0 + l.0)
    }

    fn failed(&self) -> u64 {
        match (self.counts, &self.absent) {
            (Some([t, l]), _) => t.1 + l.1,
            (None, Some(_)) => 0,
            (None, None) => 1,
        }
    }
}

/// Prints the per-architecture table and the total line; returns the exit
/// code (0 only if every architecture passed everything). A VM run's table
/// also names each kernel, its page size, the accelerator and the time to
/// the first result.
pub fn print_table(rows: &[ArchRow]) -> ExitCode {
    println!();
    for line in table_lines(rows) {
        println!("{line}");
    }
    table_total(rows).print()
}

/// The `--arch all` table as [`print_table`] prints it, without the total
/// line. The VM chapter's tables are this, pasted from real runs, and a
/// test below reads them back through it.
fn table_lines(rows: &[ArchRow]) -> Vec<String> {
    let vm = rows.iter().any(|row| row.vm.is_some());
    let mut lines = vec!["all architectures:".to_string()];
    lines.push(if vm {
        format!(
            "{:<12} {:<26} {:>6} {:>5} {:>13} {:>11} {:>12} {:>8}",
            "arch",
            "kernel",
            "page",
            "accel",
            "first result",
            "tests p/f",
            "lessons p/f",
            "seconds"
        )
    } else {
        format!(
            "{:<12} {:<18} {:>13} {:>15} {:>8}",
            "arch", "runs", "tests p/f", "lessons p/f", "seconds"
        )
    });
    for row in rows {
        let name = row.arch.name();
        lines.push(match (row.counts, &row.vm) {
            (Some([tests, lessons]), Some(facts)) => format!(
                "{name:<12} {:<26} {:>6} {:>5} {:>13} {:>11} {:>12} {:>8.1}",
                facts.kernel,
                facts.page_size,
                facts.accel,
                facts
                    .first_result
                    .map_or_else(|| "never".to_string(), |s| format!("{s:.1} s")),
                format!("{}/{}", tests.0, tests.1),
                format!("{}/{}", lessons.0, lessons.1),
                row.seconds
            ),
            (Some([tests, lessons]), None) => format!(
                "{name:<12} {:<18} {:>13} {:>15} {:>8.1}",
                row.arch.how_it_runs(),
                format!("{}/{}", tests.0, tests.1),
                format!("{}/{}", lessons.0, lessons.1),
                row.seconds
            ),
            (None, _) => match (&row.absent, &row.problem) {
                (Some(why), _) => format!("{name:<12} no kernel: {why}"),
                (None, problem) => format!(
                    "{name:<12} could not run: {}",
                    problem.as_deref().unwrap_or("unknown")
                ),
            },
        });
    }
    for row in rows.iter().filter(|row| row.claims_not_tried > 0) {
        lines.push(format!(
            "({}: {} lesson claim(s) not tried, because that machine cannot answer them; \
             the lesson lines above say why)",
            row.arch.name(),
            row.claims_not_tried
        ));
    }
    lines
}

/// The table's total: every architecture's tests and lessons, and one
/// failure for each that could not run.
fn table_total(rows: &[ArchRow]) -> Total {
    Total {
        passed: rows.iter().map(ArchRow::passed).sum(),
        failed: rows.iter().map(ArchRow::failed).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::machine::{Accel, KernelRelease, KernelSource};
    use crate::workspace;

    /// The chapter that shows two `--arch all --vm` tables, pasted from
    /// real runs.
    const VM_CHAPTER: &str = "book/src/reference/vm.md";

    /// A row of a pasted table, read back into what printed it.
    fn parse_row(line: &str) -> ArchRow {
        let (name, rest) = line.split_once(' ').unwrap_or((line, ""));
        let arch = Arch::ALL
            .into_iter()
            .find(|arch| arch.name() == name)
            .unwrap_or_else(|| panic!("{VM_CHAPTER}: `{line}` names no architecture"));
        let mut row = ArchRow {
            arch,
            counts: None,
            problem: None,
            absent: None,
            vm: None,
            claims_not_tried: 0,
            seconds: 0.0,
        };
        let rest = rest.trim_start();
        if let Some(why) = rest.strip_prefix("no kernel: ") {
            row.absent = Some(why.to_string());
            return row;
        }
        if let Some(why) = rest.strip_prefix("could not run: ") {
            row.problem = Some(why.to_string());
            return row;
        }
        // The one kernel cell with a space in it.
        let never = "(never booted)";
        let (kernel, rest) = match rest.strip_prefix(never) {
            Some(rest) => (never, rest),
            None => rest.split_once(' ').unwrap_or((rest, "")),
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let (page, accel, first_result, counts) = match words[..] {
            [page, accel, "never", ref counts @ ..] => (page, accel, None, counts),
            [page, accel, seconds, "s", ref counts @ ..] => {
                (page, accel, seconds.parse().ok(), counts)
            }
            _ => panic!("{VM_CHAPTER}: `{line}` is not a row of the VM table"),
        };
        let number = |cell: &str| -> u64 {
            cell.parse()
                .unwrap_or_else(|error| panic!("{VM_CHAPTER}: `{cell}` in `{line}`: {error}"))
        };
        let pair = |cell: &str| {
            let (passed, failed) = cell
                .split_once('/')
                .unwrap_or_else(|| panic!("{VM_CHAPTER}: `{cell}` in `{line}` is not p/f"));
            (number(passed), number(failed))
        };
        let [tests, lessons, seconds] = counts else {
            panic!("{VM_CHAPTER}: `{line}` has not three counts after its first result")
        };
        row.counts = Some([pair(tests), pair(lessons)]);
        row.seconds = seconds
            .parse()
            .unwrap_or_else(|error| panic!("{VM_CHAPTER}: `{seconds}` in `{line}`: {error}"));
        row.vm = Some(VmFacts {
            kernel: kernel.to_string(),
            page_size: number(page),
            first_result,
            accel: [Accel::Tcg, Accel::Kvm]
                .into_iter()
                .map(Accel::name)
                .find(|name| *name == accel)
                .unwrap_or_else(|| panic!("{VM_CHAPTER}: `{accel}` is no accelerator")),
        });
        row
    }

    /// Each pasted table is what the printer prints for the rows it shows
    /// (every column in its place, the notes under it), its rows are the
    /// nine architectures in the order runs take them, an architecture
    /// without a kernel gives the reason the machine table gives, and the
    /// last line is the sum of the rows.
    #[test]
    fn the_vm_chapters_tables_are_what_the_table_printer_prints() {
        let text = std::fs::read_to_string(workspace::root().join(VM_CHAPTER)).unwrap();
        let tables: Vec<&str> = text
            .split("```text columns\n")
            .skip(1)
            .filter_map(|rest| rest.split("```").next())
            .filter(|block| block.starts_with("all architectures:\n"))
            .collect();
        assert_eq!(tables.len(), 2, "{VM_CHAPTER}: a stable and a newest table");
        let releases = [KernelRelease::Stable, KernelRelease::Newest];
        for (table, release) in tables.into_iter().zip(releases) {
            let lines: Vec<&str> = table.lines().collect();
            let (total_line, lines) = lines.split_last().unwrap();
            let mut rows: Vec<ArchRow> = lines[2..]
                .iter()
                .take_while(|line| !line.starts_with('('))
                .map(|line| parse_row(line))
                .collect();
            for note in lines.iter().filter(|line| line.starts_with('(')) {
                let (name, count) = note[1..]
                    .split_once(": ")
                    .and_then(|(name, rest)| Some((name, rest.split_once(' ')?.0)))
                    .unwrap_or_else(|| panic!("{VM_CHAPTER}: `{note}` is no note"));
                let row = rows
                    .iter_mut()
                    .find(|row| row.arch.name() == name)
                    .unwrap_or_else(|| panic!("{VM_CHAPTER}: `{note}` names no row"));
                row.claims_not_tried = count
                    .parse()
                    .unwrap_or_else(|error| panic!("{VM_CHAPTER}: `{note}`: {error}"));
            }
            assert_eq!(
                table_lines(&rows),
                lines,
                "{VM_CHAPTER}: a table differs from what `--arch all --vm` prints"
            );
            let names: Vec<&str> = rows.iter().map(|row| row.arch.name()).collect();
            let all: Vec<&str> = Arch::ALL.iter().map(|arch| arch.name()).collect();
            assert_eq!(names, all, "{VM_CHAPTER}: the rows, in order");
            // A row says "no kernel" exactly where the machine table has
            // none of that table's generation, with the table's reason.
            for row in &rows {
                let none = match row.arch.machine().kernel_source(release) {
                    KernelSource::None(reason) => Some(reason),
                    KernelSource::Debian { .. } => None,
                };
                assert_eq!(
                    row.absent.as_deref(),
                    none,
                    "{VM_CHAPTER}: {}'s row in the {} table",
                    row.arch.name(),
                    release.name()
                );
            }
            let total = table_total(&rows);
            assert_eq!(
                *total_line,
                format!("{} passed, {} failed", total.passed, total.failed),
                "{VM_CHAPTER}: the total under a table"
            );
        }
    }

    #[test]
    fn a_pasted_row_reads_back_as_printed() {
        let line = "x86_64       6.1.0-50-amd64               4096   tcg         2.0 s       238/0          9/0     32.8";
        let row = parse_row(line);
        assert_eq!(row.counts, Some([(238, 0), (9, 0)]));
        assert_eq!(table_lines(&[row])[2], line);
        let never = "s390x        (never booted)                  0   tcg         never         0/1          0/9    120.0";
        assert_eq!(table_lines(&[parse_row(never)])[2], never);
        let broken = "armv7        could not run: building the tests failed (exit status: 101)";
        assert_eq!(table_lines(&[parse_row(broken)])[2], broken);
    }
}
