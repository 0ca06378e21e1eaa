//! `cargo xtask bench [--quick]`: lesson 02's numbers, on this machine.
//!
//! Two measurements. First the `bench` program (bench/): reading files of
//! 4 KiB to 1 GiB with read(2), pread(2) and mmap(2), warm and cold, beside
//! the memory-bandwidth limit; it prints its table and writes a CSV and an
//! SVG plot to `target/bench/`. Then the cost of our mmap wrappers, as
//! user-space instructions per mmap+munmap pair counted by callgrind, next
//! to rustix's and the C library's.
//!
//! Host only, no `--arch`: under QEMU user mode every instruction is
//! translated and every system call relayed, so timings would measure
//! QEMU.
//!
//! The bench is built with fat LTO, into a target directory of its own
//! (`target/bench-build`, so that the normal release build is not rebuilt
//! back and forth). A performance-critical program is shipped that way, and
//! it matters for the wrapper cost: `mman::mmap` is an ordinary function in
//! another crate, which the compiler inlines into the caller only when it
//! optimises across crates. For comparison the wrapper cost is also counted
//! in a plain release build, and both are printed.

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use crate::fail::Fail;
use crate::tools::callgrind;
use crate::tools::toolchain;
use crate::workspace;

/// The three wrapper libraries, as `wrapper-cost` names them.
const WRAPPERS: [&str; 3] = ["ours", "rustix", "libc"];

/// Two loop lengths: the difference of their counts divided by the
/// difference of the lengths is the cost of one pair, with everything
/// paid once (entering the loop, glibc's first-call symbol lookup)
/// cancelled out.
const PAIRS: (u64, u64) = (1_000, 11_000);

/// The goal from the issue: ours at most 1 % above rustix.
const GOAL: f64 = 1.01;

/// One build of the bench crate.
struct Build {
    /// How it is shown in the wrapper-cost table.
    name: &'static str,
    /// Its target directory.
    target_dir: PathBuf,
    /// Whether it is built with fat LTO.
    lto: bool,
}

impl Build {
    fn binary(&self, name: &str) -> PathBuf {
        self.target_dir.join("release").join(name)
    }
}

/// Per-pair instruction counts of one build: ours, rustix, libc.
struct WrapperCost {
    build: &'static str,
    per_pair: [f64; 3],
}

impl WrapperCost {
    fn ratio(&self, other: usize) -> f64 {
        self.per_pair[0] / self.per_pair[other]
    }
}

/// Builds and runs the bench, then counts the wrapper cost; exit code 0 if
/// every checksum matched.
pub fn bench(quick: bool, skip_wrapper_cost: bool) -> Result<ExitCode, Fail> {
    if !skip_wrapper_cost {
        toolchain::require_valgrind()?;
    }
    let target = workspace::target_dir();
    let lto = Build {
        name: "release + fat LTO (the bench's build)",
        target_dir: target.join("bench-build"),
        lto: true,
    };
    let plain = Build {
        name: "release, no LTO",
        target_dir: target.clone(),
        lto: false,
    };
    build(&lto, &["--bin", "bench", "--bin", "wrapper-cost"])?;

    let out_dir = target.join("bench");
    let mut command = std::process::Command::new(lto.binary("bench"));
    if quick {
        command.arg("--quick");
    }
    command.arg("--dir").arg(&out_dir).stdin(Stdio::null());
    let status = command
        .status()
        .map_err(|error| Fail::could_not("start", "the bench", error))?;
    let files_ok = match status.code() {
        Some(0) => true,
        Some(1) => false,
        _ => return Err(Fail::setup(format!("the bench stopped: {status}"))),
    };

    let mut costs = Vec::new();
    if !skip_wrapper_cost {
        build(&plain, &["--bin", "wrapper-cost"])?;
        println!();
        println!(
            "wrapper cost: user-space instructions per mmap+munmap pair (one anonymous page), \
             counted by callgrind inside the loop only"
        );
        println!(
            "  {:<40} {:>7} {:>7} {:>7} {:>12} {:>10}",
            "build", "ours", "rustix", "libc", "ours/rustix", "ours/libc"
        );
        for build in [&lto, &plain] {
            let cost = wrapper_cost(build, &out_dir)?;
            println!(
                "  {:<40} {:>7.1} {:>7.1} {:>7.1} {:>12.3} {:>10.3}",
                cost.build,
                cost.per_pair[0],
                cost.per_pair[1],
                cost.per_pair[2],
                cost.ratio(1),
                cost.ratio(2)
            );
            costs.push(cost);
        }
        println!(
            "  (profiles in {}; open one with callgrind_annotate)",
            workspace::shown(&out_dir.join("callgrind"))
        );
    }

    println!();
    println!("summary:");
    let mode = if quick { "quick" } else { "full" };
    println!(
        "files: {} ({}); table {}, plot {}",
        if files_ok {
            "every checksum correct"
        } else {
            "FAILED rows, see the table"
        },
        mode,
        workspace::shown(&out_dir.join(format!("{mode}.csv"))),
        workspace::shown(&out_dir.join(format!("{mode}.svg")))
    );
    for cost in &costs {
        let verdict = if cost.ratio(1) <= GOAL {
            "met"
        } else {
            "NOT met"
        };
        println!(
            "wrapper cost, {}: ours/rustix {:.3} (goal <= {GOAL}: {verdict}), ours/libc {:.3}",
            cost.build,
            cost.ratio(1),
            cost.ratio(2)
        );
    }
    if skip_wrapper_cost {
        println!("wrapper cost: skipped (--skip-wrapper-cost)");
    }
    Ok(if files_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `cargo build --release -p bench` with `bins`, into the build's target
/// directory. Cargo's own output goes to the terminal.
fn build(build: &Build, bins: &[&str]) -> Result<(), Fail> {
    let mut cargo = workspace::cargo();
    cargo
        .args(["build", "--release", "-p", "bench"])
        .args(bins)
        .env("CARGO_TARGET_DIR", &build.target_dir)
        .stdin(Stdio::null());
    if build.lto {
        // Profile settings through the environment, so the workspace's
        // release profile (shared with everything else) stays as it is.
        cargo
            .env("CARGO_PROFILE_RELEASE_LTO", "fat")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1");
    }
    let status = cargo
        .status()
        .map_err(|error| Fail::could_not("start", "cargo", error))?;
    if !status.success() {
        return Err(Fail::setup(format!(
            "cargo build --release -p bench ({}) failed, {status}",
            build.name
        )));
    }
    Ok(())
}

/// Counts each wrapper's loop at two lengths under callgrind.
fn wrapper_cost(build: &Build, out_dir: &Path) -> Result<WrapperCost, Fail> {
    let binary = build.binary("wrapper-cost");
    let profiles = out_dir.join("callgrind");
    std::fs::create_dir_all(&profiles)
        .map_err(|error| Fail::could_not("create", profiles.display(), error))?;
    let tag = if build.lto { "lto" } else { "plain" };
    let mut per_pair = [0.0; 3];
    for (slot, wrapper) in per_pair.iter_mut().zip(WRAPPERS) {
        let function = format!("wrapper_cost_loop_{wrapper}");
        let mut counts = [0u64; 2];
        for (count, pairs) in counts.iter_mut().zip([PAIRS.0, PAIRS.1]) {
            let out = profiles.join(format!("{tag}.{wrapper}.{pairs}.out"));
            let args = [wrapper.to_string(), pairs.to_string()];
            *count = callgrind::instructions_in(&binary, &args, &function, &out)?;
        }
        *slot = counts[1].saturating_sub(counts[0]) as f64 / (PAIRS.1 - PAIRS.0) as f64;
    }
    Ok(WrapperCost {
        build: build.name,
        per_pair,
    })
}
