//! Part 7: exit removes every mapping.
//!
//! The tutorial's example never calls munmap. It does not need to: when a
//! process ends, the kernel tears down its whole address space, which
//! unmaps everything, and for a file mapping drops the reference that kept
//! the file open. The shared stores made before that are in the page cache
//! already, so nothing is lost.
//!
//! A child maps a file, closes the descriptor, stores some bytes, tells the
//! parent (pipe), and waits for the word to exit (pipe). While it lives,
//! the file stays open; the moment it has exited, inotify sees the close.

use crate::inotify::{CloseWatch, Count};
use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC};
use mman::{MapFlags, Prot};
use rt::{CPath, Claims, Escaped, claim, or_exit, println};
use unistd::{Fd, ForkResult, WaitStatus};

const TEXT: &[u8] = b"stored by a child that never calls munmap";

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(CPath::join(dir, "exit.txt").ok_or("path too long"), "path");
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o644,
        ),
        "create exit.txt",
    );
    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate");
    drop(fd);
    let watch = or_exit(CloseWatch::new(path.as_cstr()), "inotify");
    let (ready_read, ready_write) = or_exit(unistd::pipe(O_CLOEXEC), "pipe");
    let (go_read, go_write) = or_exit(unistd::pipe(O_CLOEXEC), "pipe");

    // SAFETY: one thread; the child makes raw system calls only, then exits.
    let pid = match or_exit(unsafe { unistd::fork() }, "fork") {
        ForkResult::Child => {
            drop(ready_read);
            drop(go_write);
            let code = child(path.as_cstr(), page, &ready_write, &go_read);
            // No munmap: exit does it.
            unistd::exit(code)
        }
        ForkResult::Parent(pid) => pid,
    };
    drop(ready_write);
    drop(go_read);

    let mut byte = [0u8; 1];
    // Blocks until the child has mapped, closed and stored (or has died).
    let _ = unistd::read(&ready_read, &mut byte);
    let while_alive = watch.closes();
    let _ = unistd::write_all(go_write.raw(), b"x");
    drop(go_write);
    let status = or_exit(unistd::wait4(pid), "wait4");
    let after_exit = watch.closes();

    claim!(
        claims,
        byte == *b"r" && while_alive == Ok(0),
        "while the child lives, its descriptor closed, inotify sees no IN_CLOSE_WRITE \
         ({}): its mapping holds the file open",
        Count(while_alive)
    );
    claim!(
        claims,
        status == WaitStatus::Exited(0) && after_exit == Ok(1),
        "the child {status} without calling munmap, and then IN_CLOSE_WRITE arrived \
         ({}): exit unmapped the mapping and released the file",
        Count(after_exit)
    );

    let reader = or_exit(
        unistd::open(path.as_cstr(), O_RDONLY | O_CLOEXEC, 0),
        "reopen exit.txt",
    );
    let mut back = [0u8; 64];
    let n = or_exit(unistd::read(&reader, &mut back), "read exit.txt");
    let got = &back[..TEXT.len().min(n)];
    claim!(
        claims,
        got == TEXT,
        "read(2) returns \"{}\": the stores made before exit are in the file",
        Escaped(got)
    );
}

/// The child: map, close, store, report, wait, return (and never munmap).
fn child(path: &CStr, page: usize, ready: &Fd, go: &Fd) -> i32 {
    let Ok(fd) = unistd::open(path, O_RDWR | O_CLOEXEC, 0) else {
        return 10;
    };
    // SAFETY: no MAP_FIXED: the kernel picks unused address space.
    let Ok(p) = (unsafe {
        mman::mmap(
            core::ptr::null_mut(),
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        )
    }) else {
        return 11;
    };
    drop(fd); // close(2): the mapping keeps its own reference
    for (i, &b) in TEXT.iter().enumerate() {
        // SAFETY: inside the one mapped page, which the one-page file backs.
        unsafe { p.add(i).write_volatile(b) };
    }
    if let Some(line) = rt::maps_line(p as usize) {
        println!("  (child) maps: {line}");
    }
    if unistd::write_all(ready.raw(), b"r").is_err() {
        return 12;
    }
    let mut byte = [0u8; 1];
    let _ = unistd::read(go, &mut byte);
    0
}
