//! Processes: fork (as clone), wait4, kill, getpid, exit_group.

use crate::wait_status::WaitStatus;
use linux_raw_sys::general as k;
use syscall::{Errno, nr};

/// What fork returns, on each side of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForkResult {
    /// We are the new process.
    Child,
    /// We are the original; this is the child's process id.
    Parent(i32),
}

/// fork, made with clone(2) as libc makes it: no flags but the signal to send
/// the parent when the child ends (`SIGCHLD`), and no new stack, so the child
/// continues on a copy of ours. (aarch64 and most newer architectures have no
/// separate `fork` call.) clone's other arguments are zero; their order
/// differs between architectures, and on s390x even the flags move.
///
/// # Safety
/// Only the calling thread exists in the child. If other threads held locks
/// (an allocator's, stdout's), the child must not take them: it should make
/// raw system calls only, and end with [`exit`].
#[inline]
pub unsafe fn fork() -> Result<ForkResult, Errno> {
    // SAFETY: with no CLONE_VM the child gets a copy-on-write copy of the
    // address space, so neither side can disturb the other's memory (except
    // through MAP_SHARED mappings, which is the point of lesson 08).
    let pid = unsafe { clone_as_fork() }?;
    Ok(match pid {
        0 => ForkResult::Child,
        pid => ForkResult::Parent(pid as i32),
    })
}

/// Which of clone's arguments holds its flags: the first on every
/// architecture but s390, whose clone takes the new stack pointer first and
/// the flags second (the kernel calls this order CLONE_BACKWARDS2). What
/// reads a recorded clone (the trace, the `--map` snapshots) looks here too.
pub const CLONE_FLAGS_ARG: usize = if cfg!(target_arch = "s390x") { 1 } else { 0 };

/// clone(SIGCHLD): the flags in their place, every other argument zero.
/// The zeros do matter on s390x: with the usual order its child would get a
/// stack pointer of 17 (SIGCHLD).
///
/// # Safety
/// As for [`fork`].
unsafe fn clone_as_fork() -> Result<usize, Errno> {
    let mut args = [0usize; 5];
    args[CLONE_FLAGS_ARG] = k::SIGCHLD as usize;
    let [a0, a1, a2, a3, a4] = args;
    // SAFETY: passed on from `fork`; a stack pointer of 0 (s390x's first
    // argument) means "a copy of ours".
    unsafe { syscall::syscall5(nr::CLONE, a0, a1, a2, a3, a4) }
}

/// wait4(2): wait for child `pid` to end and decode how it ended.
#[inline]
pub fn wait4(pid: i32) -> Result<WaitStatus, Errno> {
    let mut status: i32 = 0;
    loop {
        // SAFETY: the kernel writes one int to `status`; we pass no rusage.
        let ret = unsafe {
            syscall::syscall4(
                nr::WAIT4,
                syscall::int_arg(pid),
                &mut status as *mut i32 as usize,
                0,
                0,
            )
        };
        match ret {
            Ok(_) => return Ok(WaitStatus::decode(status)),
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// kill(2): send signal `sig` to process `pid`.
#[inline]
pub fn kill(pid: i32, sig: u32) -> Result<(), Errno> {
    // SAFETY: sending a signal has no memory effects in this process.
    unsafe { syscall::syscall2(nr::KILL, syscall::int_arg(pid), sig as usize) }.map(drop)
}

/// getpid(2).
#[inline]
pub fn getpid() -> i32 {
    // SAFETY: getpid takes nothing and cannot fail.
    unsafe { syscall::syscall0(nr::GETPID) }.unwrap_or(0) as i32
}

/// exit_group(2): end the process (every thread) with `code`. Nothing is
/// flushed: this layer has no buffers, and that is also why a lesson's
/// MAP_SHARED writes reach the file without msync: they were never in a
/// buffer, they went straight into the page cache.
#[inline]
pub fn exit(code: i32) -> ! {
    loop {
        // SAFETY: exit_group does not return.
        let _ = unsafe { syscall::syscall1(nr::EXIT_GROUP, syscall::int_arg(code)) };
    }
}

/// Runs `body` in a forked child and waits for it: the way a lesson or a test
/// watches something that kills a process (SIGSEGV, SIGBUS) without dying
/// itself. The child exits with `body`'s return value.
///
/// # Safety
/// As for [`fork`]: in the child, `body` must make only raw system calls and
/// plain memory accesses (no locks another thread could have held).
#[inline]
pub unsafe fn run_in_child(body: impl FnOnce() -> i32) -> Result<WaitStatus, Errno> {
    // SAFETY: the caller accepts fork's rules for `body`.
    match unsafe { fork() }? {
        ForkResult::Child => exit_with(body),
        ForkResult::Parent(pid) => wait4(pid),
    }
}

/// The child's side of a fork: runs `body` and exits with its value.
///
/// It never returns into the code that forked, not even when `body`
/// panics in a program whose panics unwind (a std test): a child that
/// unwound into its caller would go on running the parent's code, a test
/// harness's say, as a second copy of it. The unwinding drops a guard that
/// exits with [`protocol::PANICKED`], the status of a Rust program whose
/// panic ended it. (Freestanding programs abort on a panic; there the
/// guard never runs.)
pub fn exit_with(body: impl FnOnce() -> i32) -> ! {
    struct ExitIfUnwound;
    impl Drop for ExitIfUnwound {
        fn drop(&mut self) {
            exit(protocol::PANICKED)
        }
    }
    let guard = ExitIfUnwound;
    let code = body();
    core::mem::forget(guard);
    exit(code)
}

/// getppid(2): the parent's process id.
#[inline]
pub fn getppid() -> i32 {
    // SAFETY: getppid takes nothing and cannot fail.
    unsafe { syscall::syscall0(nr::GETPPID) }.unwrap_or(0) as i32
}

/// sched_yield(2): let another runnable process go first.
#[inline]
pub fn sched_yield() {
    // SAFETY: no arguments, no memory effects.
    let _ = unsafe { syscall::syscall0(nr::SCHED_YIELD) };
}

/// execve(2): replace this process's program. Returns only on failure.
///
/// `argv` and `envp` are NULL-terminated arrays of pointers to
/// NUL-terminated strings, as the kernel wants them.
///
/// # Safety
/// Every pointer in both arrays must be valid up to its terminator.
#[inline]
pub unsafe fn execve(
    path: &core::ffi::CStr,
    argv: *const *const core::ffi::c_char,
    envp: *const *const core::ffi::c_char,
) -> Errno {
    // SAFETY: the caller vouches for argv and envp; path is NUL-terminated.
    let ret = unsafe {
        syscall::syscall3(
            nr::EXECVE,
            path.as_ptr() as usize,
            argv as usize,
            envp as usize,
        )
    };
    match ret {
        Ok(_) => Errno::EINVAL, // execve does not return on success
        Err(e) => e,
    }
}

/// How a child run with a deadline ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// It ended by itself, like this.
    By(WaitStatus),
    /// It was still running at the deadline, and was killed (SIGKILL) and
    /// collected.
    Overdue,
}

impl Ended {
    /// It exited with status 0.
    pub fn exited_ok(self) -> bool {
        self == Ended::By(WaitStatus::Exited(0))
    }

    /// Signal `signal` ended it.
    pub fn killed_by(self, signal: u32) -> bool {
        matches!(self, Ended::By(status) if status.signal() == Some(signal))
    }
}

impl core::fmt::Display for Ended {
    /// `exited with status 0`, `killed by SIGBUS (signal 7)`, or `still
    /// running at its deadline, killed`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Ended::By(status) => write!(f, "{status}"),
            Ended::Overdue => f.write_str("still running at its deadline, killed"),
        }
    }
}

/// [`run_in_child`] with a deadline: waits at most `limit_ns` for the child,
/// then kills it. For code that may wait forever when it is wrong (a futex
/// nobody wakes, a pipe nobody writes): a check must fail in seconds, not
/// hang until an outer timeout kills everything.
///
/// # Safety
/// As for [`fork`].
pub unsafe fn run_in_child_for(body: impl FnOnce() -> i32, limit_ns: u64) -> Result<Ended, Errno> {
    // SAFETY: the caller accepts fork's rules for `body`.
    let pid = match unsafe { fork() }? {
        ForkResult::Child => exit_with(body),
        ForkResult::Parent(pid) => pid,
    };
    wait_for(pid, limit_ns)
}

/// Waits at most `limit_ns` for child `pid` to end, polling wait4 with
/// WNOHANG every millisecond; kills and collects it if it is still running
/// then.
pub fn wait_for(pid: i32, limit_ns: u64) -> Result<Ended, Errno> {
    let start = crate::monotonic_ns();
    loop {
        if let Some((_, status)) = crate::try_wait(pid)? {
            return Ok(Ended::By(WaitStatus::decode(status)));
        }
        if crate::monotonic_ns().saturating_sub(start) >= limit_ns {
            kill(pid, k::SIGKILL)?;
            wait4(pid)?;
            return Ok(Ended::Overdue);
        }
        match crate::sleep_ns(1_000_000) {
            Ok(()) | Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn an_ending_says_how_the_child_ended() {
        let ok = Ended::By(WaitStatus::Exited(0));
        let failed = Ended::By(WaitStatus::Exited(1));
        let bus = Ended::By(WaitStatus::Signaled {
            signal: k::SIGBUS,
            core: false,
        });
        assert!(ok.exited_ok());
        assert!(!failed.exited_ok() && !bus.exited_ok() && !Ended::Overdue.exited_ok());
        assert!(bus.killed_by(k::SIGBUS));
        assert!(!bus.killed_by(k::SIGSEGV) && !ok.killed_by(k::SIGBUS));
        assert!(!Ended::Overdue.killed_by(k::SIGKILL));
        assert_eq!(ok.to_string(), "exited with status 0");
        assert_eq!(
            Ended::Overdue.to_string(),
            "still running at its deadline, killed"
        );
    }
    #[test]
    fn a_child_that_panics_exits_and_never_returns_to_the_caller() {
        // The panic is started with a payload allocated before the fork and
        // without the panic hook (resume_unwind), so the child takes no
        // allocator or stderr lock another test's thread may have held when
        // it forked: only the unwinder's own.
        let payload: std::boxed::Box<dyn core::any::Any + Send> = std::boxed::Box::new(());
        // SAFETY: the child only unwinds, as above, and exits.
        let ended =
            unsafe { run_in_child_for(|| std::panic::resume_unwind(payload), 10_000_000_000) };
        assert_eq!(ended, Ok(Ended::By(WaitStatus::Exited(protocol::PANICKED))));
        let payload: std::boxed::Box<dyn core::any::Any + Send> = std::boxed::Box::new(());
        // SAFETY: as above.
        let status = unsafe { run_in_child(|| std::panic::resume_unwind(payload)) };
        assert_eq!(status, Ok(WaitStatus::Exited(protocol::PANICKED)));
    }
}
