//! Running one test or program in a process of its own, with a deadline.
//!
//! fork, then in the child: a new process group (so a timeout can kill the
//! child and everything it forked), stdout and stderr pointed at a file on
//! tmpfs, the right directory, execve. The parent polls wait4 with WNOHANG
//! until the child ends or its time is up: there is no "wait4 with a
//! timeout", and a blocking wait4 would hang PID 1 (and the VM) on a test
//! that never ends.

use core::ffi::{CStr, c_char};
use linux_raw_sys::general as k;
use protocol::console;
use rt::println;
use unistd::ForkResult;

use crate::cbuf::CBuf;
use crate::report;

/// How long one test may run. Most of the suite's tests take milliseconds;
/// the model-based ones take tens of seconds under software emulation (more
/// on powerpc64le's 64 KiB pages); two minutes means it hangs.
const TEST_TIMEOUT_NS: u64 = 120_000_000_000;

/// How long one lesson may run: lesson 08 races two processes through
/// hundreds of thousands of increments and sched_yield calls, which under
/// software emulation takes a while.
const PROGRAM_TIMEOUT_NS: u64 = 240_000_000_000;

/// How often PID 1 looks whether the child has ended.
const POLL_NS: u64 = 2_000_000;

/// Where a child's stdout and stderr go (one file: their lines stay in the
/// order they were written).
const OUTPUT: &CStr = c"/tmp/mmapvm-output";

/// The exit status of a child whose execve failed (as a shell reports a
/// command it could not run).
const EXEC_FAILED: i32 = 127;

/// What to run.
pub enum Kind<'a> {
    /// One test of a test executable in /bin.
    Test {
        /// The executable's file name in /bin.
        binary: &'a [u8],
        /// The test's full name (`module::test`).
        name: &'a [u8],
    },
    /// A freestanding program (a lesson, the self-test), given a fresh
    /// work directory as its one argument.
    Program {
        /// How reports name it (`lesson05`).
        label: &'a [u8],
        /// Its absolute path (lesson 08 re-executes itself from argv[0]).
        path: &'a [u8],
    },
}

/// How the child ended.
enum Ending {
    /// wait4's raw status word.
    Status(i32),
    /// Still running at the deadline; killed.
    TimedOut,
    /// fork failed; nothing ran.
    NotStarted(unistd::Errno),
}

/// Runs `kind` and prints its result line (and, for a program or a failed
/// test, its output).
pub fn run(kind: Kind<'_>) {
    let null = core::ptr::null::<c_char>();
    // MMAP_MODEL_CASES: a sequence of the model-based tests takes longer in
    // a fully emulated machine than under QEMU user mode (and with 64 KiB
    // pages, as on powerpc64le, each step moves 16 times the bytes), so they
    // run 150 sequences here (300 under QEMU user mode, 1,000 natively).
    // MMAP_LESSON_MACHINE, which the kernel gave PID 1 from its command
    // line: which QEMU emulates the CPU (see rt's `emulator::machine`).
    let model_cases = CBuf::from_parts(&[protocol::env::MODEL_CASES.as_bytes(), b"=150"]);
    let machine = rt::emulator::machine().and_then(|name| {
        CBuf::from_parts(&[rt::emulator::MACHINE_VAR.as_bytes(), b"=", name.to_bytes()])
    });
    // MMAP_MAP_SNAPSHOTS=on for a program (not a test) when the kernel gave
    // PID 1 MMAP_VM_MAP_SNAPSHOTS=on (`--map`): PID 1 itself must not see
    // the programs' variable, or its runtime would print its own snapshots
    // on the console (a forked child's first view, before its output goes
    // to the file).
    let wanted = rt::env(protocol::env::VM_MAP_SNAPSHOTS)
        .is_some_and(|v| v.to_bytes() == protocol::env::MAP_SNAPSHOTS_ON.as_bytes());
    let snapshots = match kind {
        Kind::Program { .. } if wanted => CBuf::from_parts(&[
            protocol::env::MAP_SNAPSHOTS.as_bytes(),
            b"=",
            protocol::env::MAP_SNAPSHOTS_ON.as_bytes(),
        ]),
        _ => None,
    };
    // The optional entries packed to the front: a NULL ends envp.
    let mut env = [null; 7];
    let entries = [
        Some(c"PATH=/bin".as_ptr()),
        Some(c"TMPDIR=/tmp".as_ptr()),
        Some(c"HOME=/tmp".as_ptr()),
        model_cases.as_ref().map(CBuf::as_ptr),
        machine.as_ref().map(CBuf::as_ptr),
        snapshots.as_ref().map(CBuf::as_ptr),
    ];
    for (slot, entry) in env.iter_mut().zip(entries.into_iter().flatten()) {
        *slot = entry;
    }
    let (path, work_dir, timeout) = match &kind {
        Kind::Test { binary, .. } => (
            CBuf::from_parts(&[b"/bin/", binary]),
            CBuf::from_parts(&[b"/tmp"]),
            TEST_TIMEOUT_NS,
        ),
        Kind::Program { label, path } => (
            CBuf::from_parts(&[path]),
            CBuf::from_parts(&[b"/tmp/work-", label]),
            PROGRAM_TIMEOUT_NS,
        ),
    };
    let name = match &kind {
        Kind::Test { name, .. } => CBuf::from_parts(&[name]),
        Kind::Program { .. } => CBuf::from_parts(&[]),
    };
    let (Some(path), Some(work_dir), Some(name)) = (path, work_dir, name) else {
        println!(
            "{} a list line is too long or holds a NUL byte",
            console::ERROR
        );
        return;
    };
    let argv = match kind {
        Kind::Test { .. } => [
            path.as_ptr(),
            c"--exact".as_ptr(),
            name.as_ptr(),
            c"--nocapture".as_ptr(),
            c"--test-threads=1".as_ptr(),
            null,
        ],
        Kind::Program { .. } => [path.as_ptr(), work_dir.as_ptr(), null, null, null, null],
    };
    if let Kind::Program { .. } = kind {
        // A name never used before, so the directory starts empty.
        if let Err(error) = unistd::mkdir(work_dir.as_cstr(), 0o755) {
            println!(
                "{} mkdir {}: {error}",
                console::ERROR,
                rt::Escaped(work_dir.bytes())
            );
        }
    }

    let ending = spawn_and_wait(&path, &work_dir, &argv, &env, timeout);
    let passed = matches!(ending, Ending::Status(0));
    let verdict = if passed { console::PASS } else { console::FAIL };
    let status = StatusText(&ending);
    match kind {
        Kind::Test { binary, name } => {
            if !passed {
                report::output(name, OUTPUT);
            }
            println!(
                "{} {} {} {verdict} {status}",
                console::RESULT_TEST,
                rt::Escaped(binary),
                rt::Escaped(name)
            );
        }
        Kind::Program { label, .. } => {
            report::output(label, OUTPUT);
            println!(
                "{} {} {verdict} {status}",
                console::RESULT_PROGRAM,
                rt::Escaped(label)
            );
        }
    }
}

/// `status=<raw wait status>`, `timeout` or `not-started`, as xtask reads it.
struct StatusText<'a>(&'a Ending);

impl core::fmt::Display for StatusText<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Ending::Status(raw) => write!(f, "{}{raw}", console::STATUS),
            Ending::TimedOut => f.write_str(console::TIMEOUT),
            Ending::NotStarted(error) => write!(f, "{} {error}", console::NOT_STARTED),
        }
    }
}

/// Forks, execs `path` in the child, and waits for it at most `timeout`.
fn spawn_and_wait(
    path: &CBuf,
    dir: &CBuf,
    argv: &[*const c_char],
    env: &[*const c_char],
    timeout: u64,
) -> Ending {
    // SAFETY: PID 1 is single-threaded, and the child makes raw system
    // calls only before execve or exit.
    let pid = match unsafe { unistd::fork() } {
        Ok(ForkResult::Child) => become_child(path, dir, argv, env),
        Ok(ForkResult::Parent(pid)) => pid,
        Err(error) => return Ending::NotStarted(error),
    };
    let deadline = unistd::monotonic_ns() + timeout;
    loop {
        match unistd::try_wait(-1) {
            Ok(Some((ended, raw))) if ended == pid => return Ending::Status(raw),
            // An orphan (a test's own child that outlived it) was reaped:
            // look again at once.
            Ok(Some(_)) => continue,
            Ok(None) => {}
            // ECHILD cannot happen while `pid` is ours; stop rather than spin.
            Err(_) => return Ending::Status(-1),
        }
        if unistd::monotonic_ns() >= deadline {
            // The whole group: the child and whatever it forked.
            let _ = unistd::kill(-pid, k::SIGKILL);
            let _ = unistd::wait4(pid);
            reap_orphans();
            return Ending::TimedOut;
        }
        let _ = unistd::sleep_ns(POLL_NS);
    }
}

/// Collects every child that has already ended (orphans re-parented to
/// PID 1), so that none stays a zombie.
fn reap_orphans() {
    while let Ok(Some(_)) = unistd::try_wait(-1) {}
}

/// In the child: set up, then execve. Never returns.
fn become_child(path: &CBuf, dir: &CBuf, argv: &[*const c_char], env: &[*const c_char]) -> ! {
    let _ = unistd::new_process_group();
    let flags = k::O_WRONLY | k::O_CREAT | k::O_TRUNC;
    match unistd::open(OUTPUT, flags, 0o644) {
        Ok(fd) => {
            let _ = unistd::dup3(fd.raw(), 1);
            let _ = unistd::dup3(fd.raw(), 2);
            // `fd` is closed on drop; 1 and 2 stay.
        }
        Err(error) => println!("{} cannot capture output: {error}", console::ERROR),
    }
    if let Err(error) = unistd::chdir(dir.as_cstr()) {
        rt::eprintln!("vm-init: chdir {}: {error}", rt::Escaped(dir.bytes()));
    }
    // SAFETY: both arrays end with NULL, and each string is NUL-terminated
    // and lives in this process until execve has copied it.
    let error = unsafe { unistd::execve(path.as_cstr(), argv.as_ptr(), env.as_ptr()) };
    rt::eprintln!("vm-init: execve {}: {error}", rt::Escaped(path.bytes()));
    unistd::exit(EXEC_FAILED)
}
