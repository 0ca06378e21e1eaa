//! A forked child that a check watches and never leaves behind.
//!
//! Both exercises run the learner's code in a child process: code that
//! waits on a futex can wait for ever, and code that panics ends its
//! process. The parent must then be free to do its part of the exchange
//! (store, wake, look) while the child runs, so `unistd::run_in_child_for`,
//! which blocks until the child ends, does not fit. [`Watched`] is the same
//! idea split in two: start now, collect later with a deadline. Until it
//! has been collected, dropping it kills (SIGKILL) and reaps the child, so
//! a check that gives up early leaves no process running and no zombie.

use linux_raw_sys::general::SIGKILL;
use unistd::{Ended, Errno, ForkResult, WaitStatus};

/// A child process that has not been collected yet.
pub struct Watched {
    pid: i32,
    /// How it ended, once wait4 has collected it.
    ended: Option<WaitStatus>,
}

impl Watched {
    /// Forks; the child runs `body` and exits with its return value.
    ///
    /// # Safety
    /// As for `unistd::fork`: `body` makes raw system calls and plain
    /// memory accesses only (a check has one thread and holds no locks).
    pub unsafe fn start(body: impl FnOnce() -> i32) -> Result<Watched, Errno> {
        // SAFETY: the caller accepts fork's rules for `body`.
        match unsafe { unistd::fork() }? {
            ForkResult::Child => unistd::exit(body()),
            ForkResult::Parent(pid) => Ok(Watched { pid, ended: None }),
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// How the child ended, if it has (wait4 with WNOHANG; never blocks).
    pub fn ended(&mut self) -> Option<WaitStatus> {
        if self.ended.is_none()
            && let Ok(Some((_, status))) = unistd::try_wait(self.pid)
        {
            self.ended = Some(WaitStatus::decode(status));
        }
        self.ended
    }

    /// Waits at most `limit_ns` for the child to end; past that, kills and
    /// collects it ([`Ended::Overdue`]).
    pub fn finish(mut self, limit_ns: u64) -> Result<Ended, Errno> {
        if let Some(status) = self.ended() {
            return Ok(Ended::By(status));
        }
        // On success wait_for has collected the child either way. On an
        // error, `self` is dropped here still uncollected, and Drop makes
        // sure the child is gone.
        let ended = unistd::wait_for(self.pid, limit_ns)?;
        self.ended = Some(match ended {
            Ended::By(status) => status,
            Ended::Overdue => WaitStatus::Signaled {
                signal: SIGKILL,
                core: false,
            },
        });
        Ok(ended)
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        if self.ended.is_none() {
            let _ = unistd::kill(self.pid, SIGKILL);
            let _ = unistd::wait4(self.pid);
        }
    }
}
