//! xtask under faults, tested as a black box: the `xtask` binary cargo
//! built for these tests, started the way `cargo xtask` starts it.
//!
//! Each fault must end with one clear `error:` line (or, for a failing run,
//! a summary naming what failed) and a non-zero exit: 2 when xtask could
//! not do its job (bad arguments, a missing tool), 1 when what it ran
//! failed (a crash, a hang killed at its timeout).
//!
//! The slow ones build and run things; they use the target directory of
//! this test run so that what they build is reused.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The xtask binary, with cargo's environment as `cargo xtask` gives it.
fn xtask() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.env("CARGO", env!("CARGO"));
    command
}

/// A fresh empty directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-faults-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `error:` lines of stderr.
fn error_lines(output: &Output) -> Vec<String> {
    text(&output.stderr)
        .lines()
        .filter(|line| line.starts_with("error:"))
        .map(str::to_owned)
        .collect()
}

#[track_caller]
fn assert_one_error_line(output: &Output, code: i32, containing: &str) {
    let errors = error_lines(output);
    assert_eq!(
        output.status.code(),
        Some(code),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(errors.len(), 1, "exactly one error line: {errors:?}");
    assert!(
        errors[0].contains(containing),
        "{:?} should mention {containing:?}",
        errors[0]
    );
}

#[test]
fn an_unknown_flag_is_one_error_line_and_exit_2() {
    let output = xtask().args(["test", "--no-such-flag"]).output().unwrap();
    assert_one_error_line(&output, 2, "--no-such-flag");
}

#[test]
fn an_unknown_architecture_is_one_error_line_and_exit_2() {
    let output = xtask().args(["test", "--arch", "sparc"]).output().unwrap();
    assert_one_error_line(&output, 2, "sparc");
}

#[test]
fn an_unknown_lesson_is_one_error_line_and_exit_2() {
    let output = xtask()
        .args(["lesson", "99", "--arch", "x86_64"])
        .output()
        .unwrap();
    assert_one_error_line(&output, 2, "99");
}

#[test]
fn an_unknown_or_malformed_exercise_is_one_error_line_and_exit_2() {
    for id in ["9.9", "5", "five.one", "5.x"] {
        let output = xtask().args(["exercise", id]).output().unwrap();
        assert_one_error_line(&output, 2, id);
    }
}

#[test]
fn a_hint_without_an_exercise_is_one_error_line_and_exit_2() {
    let output = xtask().args(["exercise", "--hint"]).output().unwrap();
    assert_one_error_line(&output, 2, "required arguments");
    assert!(
        text(&output.stderr).contains("<N.M>"),
        "{}",
        text(&output.stderr)
    );
}

/// The ids the list prints, `N.M`, in order.
fn listed_ids(list: &str) -> Vec<String> {
    list.lines()
        .filter(|line| line.contains("[done]") || line.contains("[todo]"))
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_exercise_has_hint_levels_1_and_2_that_differ_and_none_past_its_last() {
    // A target directory of its own: reading hints is recorded there, and
    // the learner's record in the real one stays as it was.
    let target = temp_dir("hints");
    let run = |args: &[&str]| {
        xtask()
            .env("CARGO_TARGET_DIR", &target)
            .args(args)
            .output()
            .unwrap()
    };
    let list = run(&["exercise"]);
    let ids = listed_ids(&text(&list.stdout));
    assert_eq!(ids.len(), 18, "{}", text(&list.stdout));
    for id in &ids {
        let first = run(&["exercise", id, "--hint"]);
        let second = run(&["exercise", id, "--hint", "2"]);
        for output in [&first, &second] {
            assert_eq!(
                output.status.code(),
                Some(0),
                "{id}: {}",
                text(&output.stderr)
            );
        }
        let (first, second) = (text(&first.stdout), text(&second.stdout));
        assert!(first.contains("Hint, level 1 of "), "{id}: {first}");
        assert!(second.contains("Hint, level 2 of "), "{id}: {second}");
        assert_ne!(first, second, "{id}: levels 1 and 2 print the same");
        let total: u32 = first
            .split("Hint, level 1 of ")
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{id}: no level count in {first}"));
        let past = (total + 1).to_string();
        assert_one_error_line(&run(&["exercise", id, "--hint", &past]), 2, "no level");
    }
    // The list now says what is left: level 2 of 2 was read for 1.1.
    let list = text(&run(&["exercise"]).stdout);
    let row = list.lines().find(|line| line.contains(" 1.1 ")).unwrap();
    assert!(row.contains("no hint levels left"), "{row}");
    std::fs::remove_dir_all(&target).unwrap();
}

#[test]
fn the_exercise_list_has_one_line_per_exercise_with_its_status() {
    let output = xtask().arg("exercise").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains("[done]") || line.contains("[todo]"))
        .collect();
    assert!(rows.len() >= 16, "at least 16 exercises listed: {stdout}");
    for row in &rows {
        let id = row.split_whitespace().next().unwrap();
        let (lesson, number) = id.split_once('.').expect("N.M first on each line");
        assert!(
            lesson.parse::<u32>().is_ok() && number.parse::<u32>().is_ok(),
            "{row}"
        );
        assert!(row.contains("/exercises/"), "names the file to edit: {row}");
    }
    assert!(
        stdout.contains(&format!("of {} done", rows.len())),
        "a closing count: {stdout}"
    );
}

#[test]
fn the_solution_is_printed_and_the_learners_file_is_left_alone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let file = root.join("lessons/05-example-1/exercises/1-size-the-file.rs");
    let reference = root.join("lessons/05-example-1/exercises/solutions/1-size-the-file.rs");
    let before = std::fs::read(&file).unwrap();
    let output = xtask()
        .args(["exercise", "5.1", "--solution"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let printed = text(&output.stdout);
    let reference = std::fs::read_to_string(reference).unwrap();
    assert!(
        printed.ends_with(&reference),
        "prints the reference answer: {printed}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the learner's file is unchanged"
    );
    // The hints are every_exercise_has_hint_levels_1_and_2_that_differ_...'s.
}

/// A directory holding only links to rustup's tools: a PATH without QEMU.
fn path_without_qemu(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = Path::new(env!("CARGO"));
    let cargo_dir = cargo.parent().unwrap();
    for tool in ["cargo", "rustc", "rustup"] {
        let found = [cargo_dir.to_path_buf(), home_cargo_bin()]
            .into_iter()
            .map(|d| d.join(tool))
            .find(|p| p.exists());
        if let Some(found) = found {
            std::os::unix::fs::symlink(found, bin.join(tool)).unwrap();
        }
    }
    bin
}

fn home_cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

/// With `MMAP_TOOLS=system` xtask may not fetch QEMU: a missing one is one
/// line naming the package.
#[test]
fn a_missing_qemu_with_system_tools_only_is_one_error_line_and_exit_2() {
    let dir = temp_dir("no-qemu");
    let bin = path_without_qemu(&dir);
    let output = xtask()
        .args(["test", "--arch", "aarch64"])
        .env("PATH", &bin)
        .env("MMAP_TOOLS", "system")
        .output()
        .unwrap();
    assert_one_error_line(&output, 2, "qemu-aarch64 not found");
    assert!(error_lines(&output)[0].contains("apt-get install qemu-user"));
}

#[test]
fn an_unknown_tools_choice_is_one_error_line_and_exit_2() {
    let output = xtask()
        .args(["lesson", "5", "--arch", "aarch64"])
        .env("MMAP_TOOLS", "newest")
        .output()
        .unwrap();
    assert_one_error_line(
        &output,
        2,
        "MMAP_TOOLS=newest: expected auto, system or fetched",
    );
}

/// A directory with a fake `qemu-aarch64` whose `--version` prints
/// `version_line` and which otherwise runs `otherwise` (shell), and then
/// the rest of `PATH`.
fn fake_qemu(dir: &Path, version_line: &str, otherwise: &str) -> std::ffi::OsString {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("qemu-aarch64");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n[ \"$1\" = --version ] && {{ echo '{version_line}'; exit 0; }}\n{otherwise}\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap()
}

/// `cargo xtask lesson 5 --arch aarch64` with a fake Debian 12 QEMU (7.2,
/// below the floor) first on PATH, which runs `otherwise` if it is ever
/// run, and MMAP_TOOLS set to `tools` (unset for None).
fn lesson_5_with_debian_12s_qemu(name: &str, otherwise: &str, tools: Option<&str>) -> Output {
    let dir = temp_dir(name);
    let path = fake_qemu(
        &dir,
        "qemu-aarch64 version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u16)",
        otherwise,
    );
    let mut command = xtask();
    command
        .args(["lesson", "5", "--arch", "aarch64"])
        .env("PATH", path);
    match tools {
        Some(tools) => command.env("MMAP_TOOLS", tools),
        None => command.env_remove("MMAP_TOOLS"),
    };
    command.output().unwrap()
}

/// Debian 12's QEMU, below the floor: with system tools only, one line
/// names the version, the floor and the bugs that set it.
#[test]
fn an_emulator_below_the_floor_with_system_tools_only_is_one_line_naming_its_bugs() {
    let output = lesson_5_with_debian_12s_qemu("old-qemu-system", "exit 99", Some("system"));
    assert_one_error_line(&output, 2, "is QEMU 7.2.22, older than 10.0.0");
    assert!(error_lines(&output)[0].contains("MAP_FIXED_NOREPLACE"));
}

/// The same old QEMU by default: never used; xtask says why and runs the
/// lesson under a fetched emulator (fetched once into target/tools, which
/// needs apt and the network the first time).
#[test]
fn an_emulator_below_the_floor_is_replaced_by_a_fetched_one() {
    let output = lesson_5_with_debian_12s_qemu(
        "old-qemu-auto",
        "echo 'the old emulator ran' >&2; exit 99",
        None,
    );
    let stdout = text(&output.stdout);
    let all = format!("{stdout}{}", text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{all}");
    assert!(
        stdout.contains("is QEMU 7.2.22, older than 10.0.0")
            && stdout.contains("using a fetched one"),
        "{stdout}"
    );
    assert!(!all.contains("the old emulator ran"), "{all}");
    assert!(
        stdout
            .lines()
            .any(|line| line.starts_with("==> running lesson 05") && line.contains("fetched")),
        "{stdout}"
    );
}

/// A fake `qemu-aarch64` of a trusted version that otherwise kills itself
/// with SIGSEGV, as a crashing emulator would.
fn crashing_qemu(dir: &Path) -> std::ffi::OsString {
    fake_qemu(dir, "qemu-aarch64 version 10.0.0 (fake)", "kill -SEGV $$")
}

#[test]
fn a_crashing_qemu_is_reported_and_the_exit_is_non_zero() {
    let dir = temp_dir("crash");
    let path = crashing_qemu(&dir);
    let output = xtask()
        .args(["lesson", "5", "--arch", "aarch64"])
        .env("PATH", path)
        .env_remove("MMAP_TOOLS")
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "stdout: {stdout}");
    let failed: Vec<_> = stdout
        .lines()
        .filter(|l| l.contains(": failed ("))
        .collect();
    assert_eq!(failed.len(), 1, "one line naming the failure: {stdout}");
    assert!(
        failed[0].contains("killed by signal 11 (SIGSEGV)"),
        "{}",
        failed[0]
    );
}

/// A test that hangs (tests/tests/inject_hang.rs, built only when
/// `MMAP_TESTS_INJECT_HANG=1`) is killed at the timeout of nextest's
/// `inject-hang` profile (.config/nextest.toml), reported as TIMEOUT, and
/// fails the run.
#[test]
fn a_hanging_test_is_killed_at_its_timeout_and_reported() {
    let output = xtask()
        .args(["test", "--arch", "x86_64"])
        .env("MMAP_TESTS_INJECT_HANG", "1")
        .env("NEXTEST_PROFILE", "inject-hang")
        .output()
        .unwrap();
    let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(
        all.lines()
            .any(|l| l.contains("TIMEOUT") && l.contains("hangs_when_injected")),
        "nextest reports the timeout: {all}"
    );
    let last = text(&output.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    assert!(
        last.ends_with(" failed") && !last.ends_with(" 0 failed"),
        "the closing line counts a failure: {last}"
    );
}

/// A kernel panic under `--vm`: the kernel is told to start a PID 1 that
/// does not exist (`rdinit=`, through `MMAP_VM_KERNEL_ARGS`), falls back to
/// mounting a root filesystem it has not got, panics ("VFS: Unable to mount
/// root fs"), and reboots into QEMU's exit. xtask must say
/// the kernel panicked, show what it printed, and fail. Needs
/// `qemu-system-x86_64` and the Debian kernel, which xtask fetches (CI has
/// both).
#[test]
fn a_kernel_panic_under_vm_is_reported_and_the_exit_is_non_zero() {
    let output = xtask()
        .args(["lesson", "5", "--arch", "x86_64", "--vm"])
        .env("MMAP_VM_KERNEL_ARGS", "rdinit=/no-such-init")
        .output()
        .unwrap();
    let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("the kernel panicked"), "{all}");
    assert!(
        all.contains("Kernel panic - not syncing"),
        "the console line is shown: {all}"
    );
}

/// A linker that fails the way a real one does, with a message of its own
/// on stderr: the message must reach the reader, whichever cargo call
/// xtask made.
fn broken_linker(dir: &Path) -> PathBuf {
    let script = dir.join("broken-ld");
    std::fs::write(
        &script,
        "#!/bin/sh\necho 'broken-ld: error: deliberately broken link (xtask fault test)' >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// The test suite's link fails (through nextest): the linker's own line is
/// shown and the run fails.
#[test]
fn a_broken_link_of_the_tests_shows_the_linkers_message() {
    test_with_a_broken_linker(
        "broken-link",
        &["test", "--arch", "x86_64"],
        "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER",
    );
}

/// Runs xtask with `args` and the linker named by `variable` broken;
/// checks the run fails and shows the linker's own message. Returns the
/// run for further checks.
fn test_with_a_broken_linker(name: &str, args: &[&str], variable: &str) -> Output {
    let dir = temp_dir(name);
    let output = xtask()
        .args(args)
        .env(variable, broken_linker(&dir))
        .output()
        .unwrap();
    let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert_ne!(output.status.code(), Some(0), "{all}");
    assert!(
        all.contains("broken-ld: error: deliberately broken link"),
        "the linker's message is shown: {all}"
    );
    output
}

/// The same for the suite `--vm` builds (cargo's JSON output there once
/// hid every compiler and linker message). Needs `qemu-system-x86_64`
/// and the Debian kernel, which xtask finds or fetches.
#[test]
fn a_broken_link_of_the_vm_suite_shows_the_linkers_message() {
    let output = test_with_a_broken_linker(
        "broken-link-vm",
        &["test", "--arch", "x86_64", "--vm"],
        "CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER",
    );
    assert!(
        error_lines(&output)
            .iter()
            .any(|line| line.contains("building the tests for x86_64-unknown-linux-musl failed")),
        "{}",
        text(&output.stderr)
    );
}

/// A clone that is moved or renamed runs its own files. xtask once took
/// the workspace root from the compile-time `CARGO_MANIFEST_DIR`; cargo
/// does not rebuild xtask when its clone moves (no source changed), so the
/// moved clone built and ran the files at the old path, or found none
/// there ("lesson 5 ... is planned, not written yet").
///
/// As a reader would: `git clone` (of the committed tree), `cargo xtask
/// lesson 5` there, `mv`, then the same in the new place. The witness that
/// the new place's files were read is a line added only there, after the
/// move, to exercise 5.1's reference answer, which `--solution` prints.
///
/// Cost: the clone's builds go to a target directory kept between runs
/// (`<target>/moved-clone`), so xtask's dependencies and the lesson
/// compile once, not per run. That keeps the test honest: a target
/// directory outside the clone is not moved with it, so the xtask that runs
/// after the move is still the one built before it (cargo rebuilds nothing
/// for a new path), exactly the binary the fault was about. It is not the
/// target directory of this test run, whose `xtask` binary the other tests
/// run while this one builds.
#[test]
fn a_moved_clone_runs_its_own_lessons_and_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let xtask_binary = Path::new(env!("CARGO_BIN_EXE_xtask"));
    let target = xtask_binary
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("moved-clone");
    let dir = temp_dir("moved-clone");
    let (first, moved) = (dir.join("first"), dir.join("moved"));

    let status = Command::new("git")
        .args(["clone", "--quiet"])
        .arg(root)
        .arg(&first)
        .status()
        .unwrap();
    assert!(status.success(), "git clone failed: {status}");
    // `cargo xtask` in `place`, as a reader types it (the alias in the
    // clone's .cargo/config.toml), with nothing of this test run's cargo
    // environment but the toolchain.
    let cargo_xtask = |place: &Path, args: &[&str]| -> Output {
        Command::new(env!("CARGO"))
            .arg("xtask")
            .args(args)
            .current_dir(place)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap()
    };
    #[track_caller]
    fn assert_lesson_5_passed(output: &Output, place: &str) {
        let stdout = text(&output.stdout);
        assert!(
            output.status.success() && stdout.ends_with("1 passed, 0 failed\n"),
            "lesson 5 {place}: {}\nstdout:\n{stdout}\nstderr:\n{}",
            output.status,
            text(&output.stderr)
        );
    }

    let lesson_5 = ["lesson", "5", "--arch", "x86_64"];
    assert_lesson_5_passed(&cargo_xtask(&first, &lesson_5), "in the clone");
    std::fs::rename(&first, &moved).unwrap();

    let solution = moved.join("lessons/05-example-1/exercises/solutions/1-size-the-file.rs");
    let marker = format!("// only in the moved clone, {}", moved.display());
    let mut text_after = std::fs::read_to_string(&solution).unwrap();
    text_after.push_str(&marker);
    text_after.push('\n');
    std::fs::write(&solution, text_after).unwrap();
    let shown = cargo_xtask(&moved, &["exercise", "5.1", "--solution"]);
    assert!(
        shown.status.success() && text(&shown.stdout).contains(&marker),
        "--solution in the moved clone did not print its file: {}\nstdout:\n{}\nstderr:\n{}",
        shown.status,
        text(&shown.stdout),
        text(&shown.stderr)
    );
    assert_lesson_5_passed(&cargo_xtask(&moved, &lesson_5), "after the move");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--accel kvm` has two right answers, and the test says which it saw:
/// where KVM works for the x86_64 guest, the lesson passes under it (the
/// machine line says `kvm`); where it does not (no /dev/kvm, or, as on
/// this project's machines, a QEMU that aborts on setting an MSR), the run
/// stops at once with one line saying why, exit 2, and never falls back to
/// TCG, which was not asked for.
#[test]
fn accel_kvm_either_runs_under_kvm_or_stops_with_one_line() {
    let output = xtask()
        .args(["lesson", "1", "--arch", "x86_64", "--vm", "--accel", "kvm"])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    if output.status.success() {
        eprintln!("KVM works here: the lesson ran under it");
        assert!(
            stdout.contains("(kvm)"),
            "the machine line names kvm:\n{stdout}"
        );
        assert!(!stdout.contains("(tcg)"), "no fallback to TCG:\n{stdout}");
    } else {
        eprintln!("KVM does not work here: {:?}", error_lines(&output));
        assert_one_error_line(&output, 2, "--accel kvm:");
        assert!(!stdout.contains("booting again with TCG"), "{stdout}");
    }
}
