//! Which accelerator a VM runs with: KVM where it works, else TCG.
//!
//! A learner's x86_64 machine can usually run the x86_64 and i686 guests
//! under KVM, at nearly the host's speed, where QEMU's translator (TCG)
//! takes seconds to boot them. But `/dev/kvm` can exist and still not
//! work: on this project's own machines it opens, QEMU's `max` CPU then
//! aborts on setting a model-specific register, and `qemu64` boots nothing
//! at all. So KVM is tried only where it can apply (the machine's row names
//! the host architecture it runs on) and `/dev/kvm` opens for reading and
//! writing, and the first boot under KVM is its own test: if PID 1 has not
//! said it started within [`KVM_BOOT_LIMIT`], KVM is taken as unusable, the
//! reason is remembered in `target/tools/kvm-unusable` (so later runs go
//! straight to TCG), and the run boots again with TCG, saying so in one
//! line. `--accel kvm` turns each of those fallbacks into a stop with that
//! line; `--accel tcg` never tries KVM.

use std::path::PathBuf;
use std::time::Duration;

use crate::fail::Fail;
use crate::tables::machine::{Accel, Machine};
use crate::tools::{Tool, tools_dir};

/// How long a boot under KVM may take to start PID 1 before KVM is judged
/// not to work here. A working KVM starts PID 1 in about a second; TCG's
/// slowest boots here (powerpc64le) take about eleven.
pub const KVM_BOOT_LIMIT: Duration = Duration::from_secs(20);

/// The accelerator to try first for `machine`, or the one line why the
/// requested one cannot be had.
pub fn choose(machine: &Machine, asked: Option<Accel>, qemu: &Tool) -> Result<Accel, Fail> {
    if asked == Some(Accel::Tcg) {
        return Ok(Accel::Tcg);
    }
    match kvm_unusable(machine, qemu) {
        None => Ok(Accel::Kvm),
        Some(why) if asked == Some(Accel::Kvm) => Err(Fail::setup(format!(
            "--accel kvm: KVM cannot be used here: {why}"
        ))),
        Some(why) => {
            if machine
                .kvm_host
                .is_some_and(|host| host == std::env::consts::ARCH)
            {
                // KVM could apply to this machine, so why it does not is news.
                println!(
                    "==> {}: KVM cannot be used here ({why}); using TCG",
                    machine.qemu
                );
            }
            Ok(Accel::Tcg)
        }
    }
}

/// Why KVM cannot run `machine` here, if a reason is known before booting.
fn kvm_unusable(machine: &Machine, qemu: &Tool) -> Option<String> {
    let host = std::env::consts::ARCH;
    match machine.kvm_host {
        Some(kvm_host) if kvm_host == host => {}
        Some(kvm_host) => {
            return Some(format!(
                "this guest runs under KVM on {kvm_host} hosts, this one is {host}"
            ));
        }
        None => return Some("xtask runs this machine under TCG only".to_string()),
    }
    if let Err(error) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/kvm")
    {
        return Some(format!("/dev/kvm: {error}"));
    }
    remembered(qemu)
}

/// The file where a failed KVM boot is remembered: one line, the QEMU
/// version it failed with, a tab, the reason.
fn verdict_file() -> PathBuf {
    tools_dir().join("kvm-unusable")
}

/// The remembered reason, if a KVM boot failed with this same QEMU. (A new
/// QEMU gets a new try; deleting the file gives one too.)
fn remembered(qemu: &Tool) -> Option<String> {
    let text = std::fs::read_to_string(verdict_file()).ok()?;
    let (version, why) = text.trim_end().split_once('\t')?;
    (version == qemu.version).then(|| {
        format!(
            "{why} (a run with this QEMU found it; remembered in {})",
            crate::workspace::shown(&verdict_file())
        )
    })
}

/// Remembers that a boot under KVM with `qemu` did not start PID 1.
pub fn remember_failure(qemu: &Tool, why: &str) {
    let line = format!("{}\t{}\n", qemu.version, why.replace(['\t', '\n'], " "));
    // Not remembered (a read-only target directory) only costs the next run
    // the same try.
    let _ = std::fs::create_dir_all(tools_dir());
    let _ = std::fs::write(verdict_file(), line);
}

/// QEMU's arguments for `accel`: the accelerator, and for KVM the host's
/// own CPU model, after the machine's own `-cpu` (TCG's `max`), which the
/// last one given overrides. (On this project's machines QEMU aborts on
/// setting the CPU's model-specific registers with `host` as with `max`.)
pub fn qemu_args(accel: Accel) -> &'static [&'static str] {
    match accel {
        Accel::Tcg => &["-accel", "tcg"],
        Accel::Kvm => &["-accel", "kvm", "-cpu", "host"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::arch::Arch;

    fn tool() -> Tool {
        Tool {
            path: PathBuf::from("/nonexistent/qemu-system-test"),
            version: "QEMU emulator version 0.0.0-test".to_string(),
            origin: String::new(),
            library_dirs: Vec::new(),
            data_dirs: Vec::new(),
        }
    }

    #[test]
    fn only_the_x86_machine_names_a_kvm_host() {
        for arch in Arch::ALL {
            let expected = matches!(arch, Arch::X86_64 | Arch::I686).then_some("x86_64");
            assert_eq!(arch.machine().kvm_host, expected, "{}", arch.name());
        }
    }

    #[test]
    fn tcg_asked_for_is_tcg_and_a_tcg_only_machine_says_why_kvm_is_not_tried() {
        let aarch64 = Arch::Aarch64.machine();
        assert_eq!(
            choose(aarch64, Some(Accel::Tcg), &tool()).unwrap(),
            Accel::Tcg
        );
        assert_eq!(choose(aarch64, None, &tool()).unwrap(), Accel::Tcg);
        let refused = choose(aarch64, Some(Accel::Kvm), &tool()).unwrap_err();
        assert!(
            refused
                .message()
                .starts_with("--accel kvm: KVM cannot be used here: "),
            "{}",
            refused.message()
        );
    }

    #[test]
    fn kvm_adds_the_hosts_cpu_after_the_machines_own() {
        assert_eq!(qemu_args(Accel::Kvm), ["-accel", "kvm", "-cpu", "host"]);
        assert_eq!(qemu_args(Accel::Tcg), ["-accel", "tcg"]);
    }
}
