//! The few file and process calls the lessons need besides mmap, each one raw
//! system call: open, read, write, fstat, ftruncate, unlink, pipe, fork, wait,
//! exec, exit, clocks, futexes and uname. Beside them, what those calls
//! need without an allocator: a path for the kernel built on the stack,
//! bytes shown so that none is invisible, the wait status decoded, and
//! whether a 64-bit kernel answers (from uname).
//!
//! The name is C's `<unistd.h>`, where most of these live (open comes from
//! `<fcntl.h>` and wait4 from `<sys/wait.h>`; one crate is enough for them).
//! Like `mman`, this crate is `no_std` and links no libc, so the same code
//! runs in the freestanding lessons and in the std test suite.
#![no_std]

mod file;
mod filesystem;
mod futex;
mod process;
mod system;
mod text;
mod time;
mod uname;
mod usage;
mod wait_status;

pub use file::{
    Fd, Stat, close, fstat, ftruncate, open, openat, pipe, pread, pwrite, read, seek_to, umask,
    unlink, write, write_all,
};
pub use filesystem::{
    filesystem_magic, filesystem_name, has_backing_store, zeroes_past_eof_on_writeback,
};
pub use futex::{futex_wait, futex_wake};
pub use process::{
    CLONE_FLAGS_ARG, Ended, ForkResult, execve, exit, exit_with, fork, getpid, getppid, kill,
    run_in_child, run_in_child_for, sched_yield, wait_for, wait4,
};
pub use syscall::Errno;
pub use system::{
    chdir, drain_terminal, dup3, mkdir, mount, new_process_group, power_off, try_wait,
};
pub use text::{CPath, Escaped};
pub use time::{monotonic_ns, sleep_ns};
pub use uname::{Utsname, kernel_is_64bit, uname};
pub use usage::{Rusage, Who, getrusage, minor_faults};
pub use wait_status::{WaitStatus, signal_name};
