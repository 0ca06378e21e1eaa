//! `--vm`: the tests and lessons on a real Linux kernel of the target
//! architecture, booted under `qemu-system-*`, instead of under QEMU user
//! mode (which translates each system call into one for the host's kernel,
//! and reimplements parts of memory management itself).
//!
//! One boot per run: xtask builds PID 1 (`xtask/vm-init`), the test
//! executables and the lessons, packs them into an initramfs, boots the
//! kernel with it, and reads one line per result from the serial console.
//!
//! - [`crate::tables::machine`]: what the architecture table's `vm` column
//!   holds (emulator, machine, console, kernel command-line words, kernel
//!   packages, firmware);
//! - [`crate::tools::kernel`]: the kernel, fetched through apt or the
//!   reader's own;
//! - [`suite`]: the test executables and their test names;
//! - [`initramfs`] and [`cpio`]: the archive;
//! - [`boot`]: running QEMU, its console read by [`crate::judge::console`];
//! - [`crate::judge::vm`]: turning that into the summary.

mod accel;
mod boot;
mod cpio;
mod initramfs;
mod suite;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::build::cargo_build::{build_freestanding, build_lesson};
use crate::fail::Fail;
use crate::judge::console::Boot;
use crate::judge::outcome::LessonOutcome;
use crate::judge::summary::Summary;
use crate::judge::vm as verdict;
use crate::process::run_with_timeout::RunOutput;
use crate::run::how::VmSpec;
use crate::run::map::{LiveMap, Map, Program, take_drawn};
use crate::tables::arch::Arch;
use crate::tables::lessons::Lesson;
use crate::tables::machine::{Accel, KernelRelease, KernelSource, Machine, VmTests};
use crate::tools::kernel::{self, Kernel};
use crate::tools::toolchain;
use crate::tools::{Tool, qemu_system};
use crate::workspace;

/// A whole run may take this long at most, whatever it prints.
const RUN_LIMIT: Duration = Duration::from_secs(3600);

/// Why Debian has no kernel of `release` for `arch`, if it has none.
pub fn no_kernel(arch: Arch, release: KernelRelease) -> Option<&'static str> {
    let machine = arch.machine();
    let source = machine.kernel_source(release);
    match source {
        KernelSource::None(why) => Some(why),
        KernelSource::Debian { .. } => None,
    }
}

/// Builds, boots and judges: one boot for `lessons` and, `with_tests`,
/// the test suite (or the self-test); with `map`, the lessons' pictures.
/// The summary is not printed.
pub fn run(
    arch: Arch,
    spec: &VmSpec,
    with_tests: bool,
    lessons: &[&Lesson],
    map: Option<&Map>,
) -> Result<Summary, Fail> {
    let machine = arch.machine();
    let init = prepare(arch, spec.kernel.as_deref(), with_tests)?;
    let mut summary = Summary::default();
    let mut programs = Vec::new();
    let mut tests = Vec::new();
    let mut glibc_sysroot = None;
    if with_tests {
        match machine.tests {
            VmTests::Static(triple) => tests = suite::build_and_list(arch, triple)?,
            VmTests::Glibc(triple) => {
                tests = suite::build_and_list(arch, triple)?;
                glibc_sysroot = arch.cross_gcc().map(|cross| cross.sysroot);
            }
            VmTests::SelfTest => {
                println!("==> building the self-test for {}", arch.name());
                let path = build_freestanding("selftest", "selftest", arch).map_err(Fail::setup)?;
                programs.push(("selftest".to_string(), "/bin/selftest".to_string(), path));
            }
        }
    }
    let mut to_judge = Vec::new();
    for lesson in lessons {
        println!("==> building {} {}", lesson.label(), arch.name());
        match build_lesson(lesson, arch) {
            Ok(path) => {
                let inside = format!("/lessons/{}", lesson.binary());
                programs.push((lesson.binary(), inside, path));
                to_judge.push(*lesson);
            }
            Err(reason) => summary.add_lesson(LessonOutcome {
                passed: false,
                line: format!("{} {} (vm): failed ({reason})", lesson.label(), arch.name()),
                not_tried: 0,
            }),
        }
    }

    let contents = initramfs::Contents {
        init: &init,
        tests: &tests,
        programs,
        glibc_sysroot,
    };
    let (kernel, boot, seconds, accel) = boot_with(arch, spec, &contents, map)?;
    let expected: Vec<(&str, &[String])> = tests
        .iter()
        .map(|binary| (binary.name.as_str(), binary.tests.as_slice()))
        .collect();
    verdict::add_results(
        arch,
        &kernel.description,
        &boot,
        &expected,
        &to_judge,
        with_tests,
        seconds,
        &mut summary,
    );
    if let Some(facts) = summary.vm.as_mut() {
        facts.accel = accel.name();
    }
    Ok(summary)
}

/// What every boot needs first: the build tools (one line at the first
/// missing), the reader's kernel image if one was named, and PID 1, built.
fn prepare(arch: Arch, kernel: Option<&Path>, with_tests: bool) -> Result<PathBuf, Fail> {
    toolchain::require_vm_build(arch, with_tests)?;
    if let Some(path) = kernel
        && !path.is_file()
    {
        return Err(Fail::bad_input(format!(
            "--kernel {}: no such file",
            path.display()
        )));
    }
    println!("==> building PID 1 (xtask/vm-init) for {}", arch.name());
    build_freestanding("vm-init", "vm-init", arch).map_err(Fail::setup)
}

/// Packs `contents` into an initramfs, fetches the emulator and the
/// kernel, and boots it: the kernel used, what the boot left, and how many
/// seconds it took. With `map`, the programs print their snapshots and the
/// console's echo here draws them.
fn boot_with(
    arch: Arch,
    spec: &VmSpec,
    contents: &initramfs::Contents<'_>,
    map: Option<&Map>,
) -> Result<(Kernel, Boot, f64, Accel), Fail> {
    let machine = arch.machine();
    let dir = workspace::target_dir().join("vm").join(arch.name());
    std::fs::create_dir_all(&dir)
        .map_err(|error| Fail::could_not("create", dir.display(), error))?;
    let archive = dir.join("initramfs.cpio");
    let size = initramfs::write(contents, &archive)?;
    println!(
        "==> {}: {} test(s) in {} executable(s), {} program(s); initramfs {} ({:.1} MiB)",
        arch.name(),
        contents
            .tests
            .iter()
            .map(|binary| binary.tests.len())
            .sum::<usize>(),
        contents.tests.len(),
        contents.programs.len(),
        workspace::shown(&archive),
        size as f64 / (1024.0 * 1024.0)
    );

    // The emulator and the kernel are fetched after the build (150 MB the
    // first time), so that a compiler error shows without waiting for them.
    let qemu = qemu_system::emulator(machine.qemu, machine.qemu_package)?;
    println!("==> {}: {} ({})", machine.qemu, qemu.version, qemu.origin);
    let mut kernel = kernel::resolve(arch, spec.kernel.as_deref(), spec.release)?;
    let entry = entry(&qemu, machine, &kernel);
    if let Err(why) = &entry.direct
        && !why.is_empty()
    {
        println!(
            "==> {}: booting the compressed kernel as it is: {why}",
            arch.name()
        );
    }
    let mut accel = accel::choose(machine, spec.accel, &qemu)?;
    loop {
        let mut command = qemu_command(&qemu, machine, &kernel, &entry, &archive);
        command.arg("-append").arg(kernel_command_line(
            machine,
            std::env::var(EXTRA_ARGS_VAR).ok().as_deref(),
            map.is_some(),
        ));
        command.args(accel::qemu_args(accel));
        println!(
            "==> booting {} ({}, {}): {command:?}",
            arch.name(),
            kernel.description,
            accel.name()
        );
        let boot_limit = match accel {
            Accel::Kvm => accel::KVM_BOOT_LIMIT,
            Accel::Tcg => boot::BOOT_LIMIT,
        };
        let started = Instant::now();
        let mut live = map.map(|map| LiveMap::new(map, Program::named(arch.name()), "    | "));
        let boot = boot::boot(
            command,
            RUN_LIMIT,
            boot_limit,
            live.as_mut().map(|(live, _)| live),
        )
        .map_err(|error| Fail::could_not("start", machine.qemu, error))?;
        let seconds = started.elapsed().as_secs_f64();
        if accel == Accel::Kvm && boot.console.booted.is_none() {
            // QEMU's own complaint, if it made one, is its last line.
            let why = boot
                .tail
                .last()
                .map(|line| line.trim().to_string())
                .filter(|line| !line.is_empty())
                .or(boot.problem.clone())
                .unwrap_or_else(|| "PID 1 never started".to_string());
            accel::remember_failure(&qemu, &why);
            if spec.accel == Some(Accel::Kvm) {
                return Err(Fail::setup(format!(
                    "--accel kvm: the machine did not start under KVM here: {why}"
                )));
            }
            println!(
                "==> {}: KVM did not start the machine ({why}); booting again with TCG",
                arch.name()
            );
            accel = Accel::Tcg;
            continue;
        }
        if let Some((_, drawn)) = live {
            take_drawn(&drawn).report()?;
        }
        kernel.description = format!("{} ({})", kernel.description, accel.name());
        return Ok((kernel, boot, seconds, accel));
    }
}

/// What booting a kernel to run some programs (no tests) left behind.
pub struct ProgramsRun {
    /// Each program's output and ending, by label, judged as on the host.
    pub outputs: HashMap<String, RunOutput>,
    /// The kernel release and page size, for the report.
    pub machine: String,
    /// Why the run ended before every program had run, with the console's
    /// last lines.
    pub problem: Option<(String, Vec<String>)>,
}

/// Boots a real kernel of `arch` that runs each of `programs` (label,
/// freestanding binary) with an empty work directory, one after another;
/// with `map`, drawing their pictures.
pub fn run_programs(
    arch: Arch,
    spec: &VmSpec,
    programs: &[(String, PathBuf)],
    map: Option<&Map>,
) -> Result<ProgramsRun, Fail> {
    let init = prepare(arch, spec.kernel.as_deref(), false)?;
    let contents = initramfs::Contents {
        init: &init,
        tests: &[],
        programs: programs
            .iter()
            .map(|(label, path)| (label.clone(), format!("/lessons/{label}"), path.clone()))
            .collect(),
        glibc_sysroot: None,
    };
    let (_, boot, _, _) = boot_with(arch, spec, &contents, map)?;
    let console = &boot.console;
    let machine_line = match &console.booted {
        Some((release, page_size)) => format!("kernel {release}, page size {page_size}"),
        None => "a kernel that never started PID 1".to_string(),
    };
    let problem = verdict::problem(&boot).map(|problem| (problem, boot.tail.clone()));
    let outputs = console
        .programs
        .iter()
        .map(|(label, result)| (label.clone(), verdict::as_run_output(result)))
        .collect();
    Ok(ProgramsRun {
        outputs,
        machine: machine_line,
        problem,
    })
}

/// How the kernel is entered.
struct Entry {
    /// The file `-kernel` loads.
    image: PathBuf,
    /// For a machine that can boot its ELF kernel directly: the firmware
    /// for it, or why it boots the compressed image (`Err("")`: it never
    /// boots directly).
    direct: Result<PathBuf, String>,
}

/// The ELF kernel and its small firmware where the machine boots that way
/// and both are at hand; otherwise the kernel image as fetched.
fn entry(qemu: &Tool, machine: &Machine, kernel: &Kernel) -> Entry {
    let compressed = |why: String| Entry {
        image: kernel.image.clone(),
        direct: Err(why),
    };
    let Some(firmware) = machine.pvh_firmware else {
        return compressed(String::new());
    };
    let elf = match &kernel.elf {
        Ok(elf) => elf,
        Err(why) => return compressed(why.clone()),
    };
    match qemu.data_file(firmware) {
        Some(path) => Entry {
            image: elf.clone(),
            direct: Ok(path),
        },
        None => compressed(format!(
            "{} has no {firmware} among its data files",
            machine.qemu
        )),
    }
}

/// The QEMU command line: the machine from the table, the kernel and the
/// initramfs, the console on our stdout, no display, no monitor, no
/// network or graphics card, and `-no-reboot` so that the guest's reboot (a panic with `panic=-1`) ends
/// QEMU instead of starting over.
fn qemu_command(
    qemu: &Tool,
    machine: &Machine,
    kernel: &Kernel,
    entry: &Entry,
    initramfs: &Path,
) -> Command {
    let mut command = qemu.command();
    // A fetched emulator's firmware directories come first; QEMU still
    // searches its built-in ones after them.
    for dir in &qemu.data_dirs {
        command.arg("-L").arg(dir);
    }
    if let Some(firmware) = kernel.firmware.as_ref().or(entry.direct.as_ref().ok()) {
        command.arg("-bios").arg(firmware);
    }
    command
        .args(machine.args)
        .args(["-m", machine.memory, "-smp", machine.cpus])
        .args(["-display", "none", "-monitor", "none", "-serial", "stdio"])
        // No network card and no graphics card: nothing in the guest uses
        // them, and the default ones of most boards want a ROM from another
        // package (the PC's and Malta's VGA BIOS, a network boot ROM).
        .args(["-nic", "none", "-vga", "none"])
        .arg("-no-reboot")
        .arg("-kernel")
        .arg(&entry.image)
        .arg("-initrd")
        .arg(initramfs);
    command
}

/// Extra kernel command-line arguments, for debugging a boot (and for the
/// test that makes the kernel panic on purpose: xtask/tests/faults.rs).
const EXTRA_ARGS_VAR: &str = "MMAP_VM_KERNEL_ARGS";

/// The variable naming the system emulator to the programs in the machine,
/// which rt's `emulator::machine` reads.
const MACHINE_VAR: &str = protocol::env::LESSON_MACHINE;

/// The console, `panic=-1` (reboot at once on a panic, which `-no-reboot`
/// turns into QEMU exiting), `quiet`, no crypto self-tests, no IPv6, the
/// emulator's name, with `map` the snapshots' switch, the machine's own
/// words, and `extra` (what `MMAP_VM_KERNEL_ARGS` adds).
fn kernel_command_line(machine: &Machine, extra: Option<&str>, map: bool) -> String {
    // cryptomgr.notests: the kernel's self-tests of its crypto algorithms
    // took 0.8 s of a 3.3 s arm64 boot with QEMU's `max` CPU, and 0.3 s
    // with the Cortex-A72 (1.8 s to 1.5 s); nothing here uses the kernel's
    // crypto.
    //
    // initcall_blacklist=crypto_kdf108_init: one more crypto self-test,
    // which runs at start-up whatever cryptomgr says (only a kernel build
    // option skips it: crypto/kdf_sp800108.c); the function does nothing
    // else. ipv6.disable=1: nothing here uses a network. Both together took
    // 0.07 s off an arm64 boot (medians of ten alternating boots).
    //
    // MMAP_LESSON_MACHINE=<qemu-system-*>: the kernel passes a `NAME=value`
    // word it does not know to PID 1 as an environment variable, and PID 1
    // passes it to every program it starts. A lesson reads it (rt's
    // `emulator::machine`) where QEMU's emulated CPU, not the kernel, would
    // decide what it shows.
    let mut line = format!(
        "console={} panic=-1 quiet cryptomgr.notests initcall_blacklist=crypto_kdf108_init \
         ipv6.disable=1 {MACHINE_VAR}={}",
        machine.console, machine.qemu
    );
    // `--map`: the same way, a word PID 1 turns into MMAP_MAP_SNAPSHOTS=on
    // for the programs it runs (xtask/vm-init/src/child.rs says why it is
    // not that variable itself). Their snapshots then reach the console
    // with the rest of their output.
    if map {
        line.push_str(&format!(
            " {}={}",
            protocol::env::VM_MAP_SNAPSHOTS,
            protocol::env::MAP_SNAPSHOTS_ON
        ));
    }
    for word in machine.kernel_args {
        line.push(' ');
        line.push_str(word);
    }
    if let Some(extra) = extra
        && !extra.trim().is_empty()
    {
        line.push(' ');
        line.push_str(extra.trim());
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(arch: Arch) -> Vec<String> {
        kernel_command_line(arch.machine(), None, false)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn kpti_0_goes_to_the_arm64_kernel_and_no_other() {
        // `kpti=` is an option of arm64's kernel alone: another kernel would
        // warn about an unknown parameter and hand the word to PID 1 as an
        // environment variable. armv7 boots the arm64 kernel, on aarch64's
        // machine, so it must get the word too.
        for arch in Arch::ALL {
            let arm64 = arch.machine().qemu == "qemu-system-aarch64";
            assert_eq!(
                words(arch).contains(&"kpti=0".to_string()),
                arm64,
                "{}",
                arch.name()
            );
        }
    }

    #[test]
    fn extra_words_come_last() {
        let line = kernel_command_line(Arch::ALL[0].machine(), Some(" loglevel=7 "), true);
        assert!(line.ends_with(" loglevel=7"), "{line}");
        assert_eq!(
            kernel_command_line(Arch::ALL[0].machine(), Some("  "), false),
            kernel_command_line(Arch::ALL[0].machine(), None, false)
        );
    }
}
