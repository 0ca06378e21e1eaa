//! Running exercises' checks (built by `build/exercise_build.rs`):
//! natively or under QEMU user mode one by one, or all in one boot of a
//! real kernel.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::fail::Fail;
use crate::process::run_with_timeout::RunOutput;
use crate::run::how::How;
use crate::run::lesson_run::{Trace, empty_dir, run_in_work_dir};
use crate::run::map::Map;
use crate::run::vm;
use crate::tables::arch::Arch;
use crate::workspace;

/// Runs each (label, check) and returns the runs by label: one after
/// another on the host, or all in one boot with `--vm`. A check whose run
/// is missing from the map never ran (the VM stopped first); the reason is
/// already printed.
pub fn run_checks(
    arch: Arch,
    how: &How,
    checks: &[(String, PathBuf)],
    map: Option<&Map>,
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
                match run_in_work_dir(binary, arch, &work_dir, Trace::Off, map, &shown)?.0 {
                    Ok(run) => {
                        runs.insert(label.clone(), run);
                    }
                    Err(error) => println!("==> {shown}: could not start it: {error}"),
                }
            }
            Ok(runs)
        }
        How::Vm(spec) => {
            let boot = vm::run_programs(arch, spec, checks, map)?;
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
