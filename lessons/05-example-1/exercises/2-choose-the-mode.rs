//! Exercise 5.2: create the file with the mode you mean.
//!
//! The tutorial calls `open(argv[1], O_RDWR | O_CREAT)` with no third
//! argument. With O_CREAT the kernel takes a mode from the third argument
//! register anyway, whatever it held, and keeps `mode & 07777` minus the
//! umask (setgid is also dropped when the mode has group-execute too, the
//! directory is setgid, so that the file takes the directory's group, and
//! the caller is neither in that group nor holds CAP_FSETID: fs/inode.c,
//! `mode_strip_sgid`; and a default ACL on the directory takes the umask's
//! place):
//! the new file can come out unreadable to its owner, or setuid (part 3 of
//! the lesson shows one such mode).
//!
//! Your task: make `create` open `path` for reading and writing, creating
//! it if it does not exist, so that a new file gets exactly the permissions
//! 0600 (owner read and write, nothing for anyone else, no setuid, setgid
//! or sticky bit) under any umask that leaves the owner's bits alone.
//!
//! Check your answer: `cargo xtask exercise 5.2`. A hint:
//! `cargo xtask exercise 5.2 --hint`.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CREAT, O_RDWR};
use syscall::Errno;
use unistd::Fd;

/// What the C program's third argument register happened to hold when it
/// called open: here, a plausible leftover (a file mode constant that some
/// earlier call used).
const WHATEVER_THE_REGISTER_HELD: u32 = 0o6777;

/// Opens `path` read-write, creating it (mode 0600) if needed.
pub fn create(path: &CStr) -> Result<Fd, Errno> {
    unistd::open(path, O_RDWR | O_CREAT, WHATEVER_THE_REGISTER_HELD)
}
