//! `cargo xtask lesson [N] --arch A [--vm]`: list the lessons, or run one
//! (under QEMU user mode or natively, or with `--vm` on a real kernel).

use std::process::ExitCode;

use crate::fail::Fail;
use crate::judge::summary::Summary;
use crate::run::how::How;
use crate::run::lesson_run::{Trace, require_tools, run_lesson};
use crate::run::map::Map;
use crate::run::vm;
use crate::tables::arch::Arch;
use crate::tables::lessons;

/// With a number, builds, runs and checks that lesson; without, lists all.
/// With `map`, draws its address space after each call that may change it.
pub fn lesson(
    number: Option<u32>,
    arch: Arch,
    trace: Trace,
    map: Option<&Map>,
    how: &How,
) -> Result<ExitCode, Fail> {
    let Some(number) = number else {
        print_list();
        return Ok(ExitCode::SUCCESS);
    };
    let lesson = lessons::find_written(number)?;
    let summary = match how {
        How::Vm(spec) => vm::run(arch, spec, false, &[lesson], map)?,
        How::User => {
            require_tools(arch, how)?;
            let mut summary = Summary::default();
            summary.add_lesson(run_lesson(lesson, arch, trace, map)?.0);
            summary
        }
    };
    Ok(summary.print())
}

/// Prints one line per lesson: number, title, whether it exists, section.
fn print_list() {
    println!("lesson  title            status   source section");
    for lesson in &lessons::LESSONS {
        let status = if lesson.exists() {
            "written"
        } else {
            "planned"
        };
        // The section goes last: its Korean text is double-width in a
        // terminal, which would push any column after it out of line.
        println!(
            "{:>6}  {:<15}  {status}  {}",
            format!("{:02}", lesson.number),
            lesson.slug,
            lesson.source
        );
    }
}
