//! Building an exercise's check with an answer compiled in, and running
//! checks: natively or under QEMU user mode one by one, or all in one boot
//! of a real kernel.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::build::cargo_build::build_freestanding_with;
use crate::commands::test::How;
use crate::fail::Fail;
use crate::process::run_with_timeout::RunOutput;
use crate::run::lesson_run::{Trace, empty_dir, run_in_work_dir};
use crate::run::vm;
use crate::tables::arch::{Arch, CoreLibrary};
use crate::tables::exercises::Exercise;
use crate::tools::toolchain;
use crate::workspace;

/// Which answer the check is built with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Answer {
    /// The learner's file, `exercises/<stem>.rs`, as it is now.
    Yours,
    /// The reference answer, `exercises/solutions/<stem>.rs`.
    Reference,
}

impl Answer {
    /// In words, for progress lines.
    pub fn describe(self) -> &'static str {
        match self {
            Answer::Yours => "the answer file as it is",
            Answer::Reference => "the reference answer",
        }
    }

    /// A name for the built check: `exercise05-1` or
    /// `exercise05-1-reference` (a file name, also inside the VM).
    pub fn label(self, exercise: &Exercise) -> String {
        let base = format!("exercise{:02}-{}", exercise.lesson, exercise.number);
        match self {
            Answer::Yours => base,
            Answer::Reference => format!("{base}-reference"),
        }
    }
}

/// Stops with one line at the first missing tool: the Rust target and its
/// `core`, and QEMU user mode for a foreign architecture (a VM run checks
/// its own).
pub fn require_tools(arch: Arch, how: &How) -> Result<(), Fail> {
    if arch.spec().core == CoreLibrary::Rustup {
        toolchain::require_targets(&[arch.lesson_triple()])?;
    }
    toolchain::require_rust_src(arch)?;
    if let How::User = how {
        crate::tools::qemu_user::emulator(arch)?;
    }
    Ok(())
}

/// Builds `exercise`'s check with `answer` for `arch`, and keeps a copy
/// under `target/exercises/<arch>/` (the next build of the same package
/// overwrites cargo's). The error is one line; the compiler's own message
/// is already on the terminal.
pub fn build(exercise: &Exercise, answer: Answer, arch: Arch) -> Result<PathBuf, String> {
    let lesson = exercise.lesson();
    let feature = exercise.feature();
    let mut features = vec![feature.as_str()];
    if answer == Answer::Reference {
        features.push("solution");
    }
    let built = build_freestanding_with(&lesson.package(), &exercise.checker(), arch, &features)?;
    let dir = workspace::target_dir().join("exercises").join(arch.name());
    let copy = dir.join(answer.label(exercise));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::copy(&built, &copy))
        .map_err(|error| format!("could not copy it to {}: {error}", copy.display()))?;
    Ok(copy)
}

/// Runs each (label, check) and returns the runs by label: one after
/// another on the host, or all in one boot with `--vm`. A check whose run
/// is missing from the map never ran (the VM stopped first); the reason is
/// already printed.
pub fn run(
    arch: Arch,
    how: &How,
    checks: &[(String, PathBuf)],
) -> Result<HashMap<String, RunOutput>, Fail> {
    match how {
        How::User => {
            let mut runs = HashMap::new();
            for (label, binary) in checks {
                let work_dir = empty_dir(
                    workspace::target_dir()
                        .join("exercise-work")
                        .join(arch.name())
                        .join(label),
                )?;
                let shown = format!("{label} {}", arch.name());
                match run_in_work_dir(binary, arch, &work_dir, Trace::Off, &shown)? {
                    Ok(run) => {
                        runs.insert(label.clone(), run);
                    }
                    Err(error) => println!("==> {shown}: could not start it: {error}"),
                }
            }
            Ok(runs)
        }
        How::Vm(kernel, release) => {
            let boot = vm::run_programs(arch, kernel.as_deref(), *release, checks)?;
            println!("==> {} VM: {}", arch.name(), boot.machine);
            // Inside the VM the output went to the console, not here.
            for (label, _) in checks {
                if let Some(run) = boot.outputs.get(label) {
                    println!("==> {label}'s output on a real kernel:");
                    for line in &run.all {
                        println!("    {line}");
                    }
                }
            }
            if let Some((problem, tail)) = &boot.problem {
                println!("==> the VM run failed: {problem}; its last console lines:");
                for line in tail {
                    println!("    {line}");
                }
            }
            Ok(boot.outputs)
        }
    }
}
