//! The trace (`cargo xtask lesson N --trace`) held against strace, a client
//! no one here wrote: lesson 05 runs natively under `strace -ff` with the
//! trace on, and every mmap, mmap2, munmap, mprotect and msync line strace
//! prints for a process must be, in order, the line our trace printed in
//! that process. On an x86_64 host that covers the x86_64 lesson and the
//! i686 one (run natively by the kernel's 32-bit compat layer, where the
//! call is mmap2 and its offset register counts 4096-byte units).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The calls compared.
const CALLS: [&str; 5] = ["mmap", "mmap2", "munmap", "mprotect", "msync"];

fn xtask() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.env("CARGO", env!("CARGO"));
    command
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
    }
}

/// Whether `line` (without any pid prefix) is a call this test compares.
fn is_compared(line: &str) -> bool {
    let name = line.split('(').next().unwrap_or("");
    CALLS.contains(&name)
}

/// Our trace's lines by process: `[pid N] call(...) = result` on stderr.
fn ours(stderr: &str) -> BTreeMap<u32, Vec<String>> {
    let mut by_pid: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for line in stderr.lines() {
        let Some(rest) = line.strip_prefix("[pid ") else {
            continue;
        };
        let Some((pid, call)) = rest.split_once("] ") else {
            continue;
        };
        if let Ok(pid) = pid.parse()
            && is_compared(call)
        {
            by_pid.entry(pid).or_default().push(call.to_string());
        }
    }
    by_pid
}

/// A strace line without the spaces strace puts before ` = ` to line the
/// results up in a column: only the text is compared, not the layout.
fn unpadded(line: &str) -> String {
    match line.rfind(" = ") {
        Some(at) => format!("{} = {}", line[..at].trim_end(), &line[at + 3..]),
        None => line.to_string(),
    }
}

/// strace's lines by process: with `-ff -o prefix`, one file `prefix.PID`
/// per process, so no line is split by another process's.
fn straces(dir: &Path, prefix: &str) -> BTreeMap<u32, Vec<String>> {
    let mut by_pid = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(pid) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|pid| pid.parse().ok())
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<String> = text
            .lines()
            .filter(|line| is_compared(line))
            .map(unpadded)
            .collect();
        if !lines.is_empty() {
            by_pid.insert(pid, lines);
        }
    }
    by_pid
}

fn compare(arch: &str, triple: &str) {
    let build = xtask()
        .args(["lesson", "5", "--arch", arch])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "cargo xtask lesson 5 --arch {arch}: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let binary = target_dir().join(format!("lessons/{triple}/release/lesson05"));
    let dir = std::env::temp_dir().join(format!("xtask-strace-{arch}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    let run = Command::new("strace")
        .args([
            "-ff",
            "-qq",
            "-e",
            "trace=mmap,mmap2,munmap,mprotect,msync",
            "-o",
        ])
        .arg(dir.join("strace"))
        .arg(&binary)
        .arg(&work)
        .env("MMAP_TRACE", "calls")
        .output()
        .expect("strace runs (apt-get install strace)");
    assert!(
        run.status.success(),
        "{arch}: lesson 05 under strace: {:?}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    let ours = ours(&String::from_utf8_lossy(&run.stderr));
    let theirs = straces(&dir, "strace");
    let calls: usize = theirs.values().map(Vec::len).sum();
    assert!(calls >= 8, "{arch}: strace saw {calls} calls: {theirs:#?}");
    assert_eq!(
        ours, theirs,
        "{arch}: our trace (left) against strace (right)"
    );
    if arch == "i686" {
        assert!(
            theirs
                .values()
                .flatten()
                .any(|line| line.starts_with("mmap2(")),
            "i686: the call is mmap2"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_trace_of_lesson_05_matches_strace_line_for_line() {
    if std::env::consts::ARCH != "x86_64" {
        eprintln!("this comparison runs on x86_64 hosts (x86_64 and i686 lessons, natively)");
        return;
    }
    compare("x86_64", "x86_64-unknown-linux-musl");
    compare("i686", "i686-unknown-linux-musl");
}
