//! `bench [--quick] [--dir DIR]`: lesson 02's measurement of whether, and
//! when, mmap reads a file faster than read(2).
//!
//! For each file size it measures the limit first (summing the same bytes
//! already in memory, and copying them), then nine ways of reading the file
//! with the page cache warm, then the same nine with it emptied before each
//! run. Every run checksums the bytes it got and compares with the expected
//! sum, so no work can be skipped and no wrong page goes unnoticed.
//!
//! Output: one table per size on stdout as the sizes finish, then
//! `DIR/<quick|full>.csv` and `DIR/<quick|full>.svg`. The test files go in
//! `DIR/files/` and are reused by later runs. Usually started by
//! `cargo xtask bench`, which builds it and passes `--dir target/bench`.
//!
//! Exit codes: 0 every checksum matched; 1 a run failed or a checksum did
//! not match; 2 bad arguments or the bench could not set itself up.

mod data;
mod machine;
mod measure;
mod methods;
mod plan;
mod plot;
mod progress;
mod report;
mod row;
mod run;
mod size;
mod sys;
mod testfile;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::plan::Plan;
use crate::progress::Progress;
use crate::row::Outcome;

const USAGE: &str = "usage: bench [--quick] [--dir DIR]";

/// The command line: which plan, and where files go.
struct Args {
    plan: Plan,
    dir: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut plan = Plan::full();
    let mut dir = PathBuf::from("target/bench");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => plan = Plan::quick(),
            "--dir" => dir = args.next().ok_or("--dir needs a directory")?.into(),
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}; {USAGE}")),
        }
    }
    Ok(Args { plan, dir })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match bench(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn bench(args: &Args) -> Result<ExitCode, String> {
    let plan = &args.plan;
    let files = args.dir.join("files");
    std::fs::create_dir_all(&files).map_err(|e| format!("create {}: {e}", files.display()))?;
    let facts = machine::describe(&files);
    println!(
        "bench ({}): reading files of {} with the page cache warm and cold",
        plan.name,
        sizes(plan)
    );
    for (key, value) in &facts {
        println!("  {key}: {value}");
    }
    println!();

    let mut progress = Progress::new(plan.sizes.len() * run::STEPS_PER_SIZE);
    let mut rows = Vec::new();
    for &size in &plan.sizes {
        let size_rows = run::size(plan, &files, size, &mut progress)?;
        progress.clear();
        println!("{}", report::table(&size_rows));
        rows.extend(size_rows);
    }

    let csv = args.dir.join(format!("{}.csv", plan.name));
    let svg = args.dir.join(format!("{}.svg", plan.name));
    std::fs::write(&csv, report::csv(&rows))
        .map_err(|e| format!("write {}: {e}", csv.display()))?;
    let title = machine::one_line(&facts);
    std::fs::write(&svg, plot::svg(&rows, &title))
        .map_err(|e| format!("write {}: {e}", svg.display()))?;

    let measured = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Measured(_)))
        .count();
    let unavailable = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Unavailable(_)))
        .count();
    let failed = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
        .count();
    println!("table: {}", csv.display());
    println!("plot: {}", svg.display());
    println!(
        "bench: {measured} rows measured with every checksum correct, {unavailable} not available on this machine, {failed} failed"
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn sizes(plan: &Plan) -> String {
    let labels: Vec<String> = plan.sizes.iter().map(|s| s.label()).collect();
    labels.join(", ")
}
