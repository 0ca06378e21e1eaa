//! The two tools every part uses to run a second process and keep in step
//! with it, without ever sleeping for a guessed time:
//!
//! - [`Child`]: a forked process that the parent must reap with wait4. If a
//!   part returns early without waiting, `Drop` kills and reaps it, so no
//!   process outlives the lesson.
//! - [`Ends`]: two pipes, one each way, used as one-byte signals. `recv`
//!   blocks in read(2) until the other side has called `send`, so "the child
//!   has written its message" is an event the parent waits for, not a delay
//!   it hopes is long enough. If the other side dies, its end of the pipe is
//!   closed and read returns 0 (end of file) instead of blocking for ever.

use linux_raw_sys::general::{O_CLOEXEC, SIGKILL};
use unistd::{Errno, Fd, ForkResult, WaitStatus};

/// A forked child process that has not been reaped yet.
pub struct Child {
    pid: i32,
}

impl Child {
    /// Forks. The child runs `body` and exits with its return value; the
    /// parent gets the child's pid.
    ///
    /// # Safety
    /// As for `unistd::fork`: `body` makes raw system calls and plain memory
    /// accesses only (a lesson has one thread and no locks, so this holds for
    /// everything the lesson's own code does).
    pub unsafe fn start(body: impl FnOnce() -> i32) -> Result<Child, Errno> {
        // SAFETY: the caller accepts fork's rules for `body`.
        match unsafe { unistd::fork() }? {
            ForkResult::Child => unistd::exit(body()),
            ForkResult::Parent(pid) => Ok(Child { pid }),
        }
    }

    /// Like [`Child::start`], with a pipe each way between the two. The
    /// child's `body` gets its ends; the parent gets the other ends.
    ///
    /// # Safety
    /// As for [`Child::start`].
    pub unsafe fn start_linked(body: impl FnOnce(&Ends) -> i32) -> Result<(Child, Ends), Errno> {
        let (parent_rx, child_tx) = pipe()?;
        let (child_rx, parent_tx) = pipe()?;
        // After fork both processes hold all four descriptors. Each closes
        // the two it does not use: read(2) reports end of file only when *no*
        // process holds a write end any more, so a forgotten write end in the
        // reader itself would turn "the other side died" into "block for
        // ever".
        // SAFETY: the caller accepts fork's rules for `body`.
        match unsafe { unistd::fork() }? {
            ForkResult::Child => {
                drop((parent_rx, parent_tx));
                let ends = Ends {
                    tx: child_tx,
                    rx: child_rx,
                };
                unistd::exit(body(&ends))
            }
            ForkResult::Parent(pid) => {
                drop((child_rx, child_tx));
                let ends = Ends {
                    tx: parent_tx,
                    rx: parent_rx,
                };
                Ok((Child { pid }, ends))
            }
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// wait4: blocks until the child has ended, and says how.
    pub fn wait(self) -> Result<WaitStatus, Errno> {
        let pid = self.pid;
        core::mem::forget(self); // reaped here; Drop must not reap it again
        unistd::wait4(pid)
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        // Only reached when a part gave up before calling `wait`: end the
        // child rather than leave it running (or a zombie) behind us.
        let _ = unistd::kill(self.pid, SIGKILL);
        let _ = unistd::wait4(self.pid);
    }
}

/// One process's ends of the two pipes: one to send on, one to receive on.
pub struct Ends {
    tx: Fd,
    rx: Fd,
}

/// pipe2(O_CLOEXEC): a one-way pipe, (read end, write end). `O_CLOEXEC`
/// keeps it out of any program started by execve.
fn pipe() -> Result<(Fd, Fd), Errno> {
    unistd::pipe(O_CLOEXEC)
}

impl Ends {
    /// Writes one byte: "go on".
    pub fn send(&self) -> bool {
        unistd::write_all(self.tx.raw(), b"!").is_ok()
    }

    /// Blocks until one byte arrives. False if the other side closed its
    /// end (it exited, or gave up) without sending.
    pub fn recv(&self) -> bool {
        let mut byte = [0u8; 1];
        loop {
            match unistd::read(&self.rx, &mut byte) {
                Ok(1) => return true,
                Err(Errno::EINTR) => continue,
                _ => return false,
            }
        }
    }

    /// Closes the sending end: the other side's `recv` returns false from
    /// now on instead of waiting for a byte that will never come.
    pub fn hang_up(self) {
        drop(self);
    }
}
