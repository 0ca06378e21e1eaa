//! The few file and process calls the lessons need besides mmap, each one raw
//! system call: open, read, write, fstat, ftruncate, unlink, fork, wait and
//! exit.
//!
//! The name is C's `<unistd.h>`, where most of these live (open comes from
//! `<fcntl.h>` and wait4 from `<sys/wait.h>`; one crate is enough for them).
//! Like `mman`, this crate is `no_std` and links no libc, so the same code
//! runs in the freestanding lessons and in the std test suite.
#![no_std]

mod file;
mod process;
mod wait_status;

pub use file::{
    Fd, Stat, close, fstat, ftruncate, open, openat, pread, read, umask, unlink, write, write_all,
};
pub use process::{ForkResult, exit, fork, getpid, kill, run_in_child, wait4};
pub use syscall::Errno;
pub use wait_status::{WaitStatus, signal_name};
