//! Part 1: use (1), exchanging data between processes through a file.
//!
//! Two processes each map the same file with `MAP_SHARED`. Neither inherits
//! the other's mapping: the parent forks first, and then each of them opens
//! the file *by its path* and maps it on its own, exactly as two unrelated
//! programs would. Their mappings are different address ranges in different
//! address spaces, but both are windows onto the file's pages in the page
//! cache, so a store by one is a load away for the other.
//!
//! What the file does not give is the "when": a reader cannot tell whether
//! the writer has finished (the tutorial's "access control is needed"). Here
//! a pipe carries that and nothing else: one byte, `!`, meaning "done, your
//! turn". The messages themselves never pass through the pipe. (Lesson 08
//! does the synchronisation inside the shared memory itself.)

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, Claims, Escaped, claim, or_exit, println};
use unistd::{Fd, ForkResult, WaitStatus};

const FROM_CHILD: &[u8] = b"hello parent, this is the child, through the page cache";
const FROM_PARENT: &[u8] = b"hello child, the parent read you; here is my reply";

/// Where each side writes, in the file's one page: the child at 0, the
/// parent half a page further on.
fn reply_offset(page: usize) -> usize {
    page / 2
}

/// The token that says "done"; the only byte a pipe ever carries here.
const DONE: u8 = b'!';

/// Opens `path` and maps its first page shared: what each side does for
/// itself after the fork.
fn map_by_path(path: &CStr, page: usize) -> Result<(Fd, Mapping), mman::Errno> {
    let fd = unistd::open(path, O_RDWR | O_CLOEXEC, 0)?;
    let map = Mapping::new(
        page,
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED,
        fd.raw(),
        0,
    )?;
    Ok((fd, map))
}

/// Blocks until the other side writes its one byte; false on anything else.
fn wait_for_done(from: &Fd) -> bool {
    let mut token = [0u8; 1];
    matches!(unistd::read(from, &mut token), Ok(1)) && token[0] == DONE
}

/// The child: map the file by path, write a message, say "done", wait for
/// the parent's reply, check it. Exit status 0 means the reply arrived
/// intact; 3 and 4 are set-up failures, 5 a wrong reply.
fn child(path: &CStr, page: usize, done: &Fd, go: &Fd) -> i32 {
    let Ok((_fd, map)) = map_by_path(path, page) else {
        return 3;
    };
    println!(
        "   (child {}) mapped {} itself at {:#x}; writing its message at offset 0",
        unistd::getpid(),
        Escaped(path.to_bytes()),
        map.addr()
    );
    map.write_from(0, FROM_CHILD);
    if unistd::write(done.raw(), &[DONE]) != Ok(1) || !wait_for_done(go) {
        return 4;
    }
    let mut reply = [0u8; FROM_PARENT.len()];
    map.read_into(reply_offset(page), &mut reply);
    println!(
        "   (child) read at offset {}: \"{}\"",
        reply_offset(page),
        Escaped(&reply)
    );
    if reply == *FROM_PARENT { 0 } else { 5 }
}

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "mailbox.bin").ok_or("path too long"),
        "mailbox.bin",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        "create mailbox.bin",
    );
    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate mailbox.bin");
    drop(fd);
    println!("{path}: one page of zeros; nothing is mapped yet");

    let (done_r, done_w) = or_exit(unistd::pipe(O_CLOEXEC), "pipe");
    let (go_r, go_w) = or_exit(unistd::pipe(O_CLOEXEC), "pipe");
    // SAFETY: the lesson has one thread; the child makes raw system calls
    // only and ends with exit.
    let pid = match or_exit(unsafe { unistd::fork() }, "fork") {
        ForkResult::Child => unistd::exit(child(path.as_cstr(), page, &done_w, &go_r)),
        ForkResult::Parent(pid) => pid,
    };
    drop((done_w, go_r)); // the child's ends

    let (_fd, map) = or_exit(map_by_path(path.as_cstr(), page), "parent: map mailbox.bin");
    println!(
        "   (parent {}) mapped {path} itself at {:#x}",
        unistd::getpid(),
        map.addr()
    );
    let heard = wait_for_done(&done_r);
    let mut message = [0u8; FROM_CHILD.len()];
    map.read_into(0, &mut message);
    println!(
        "   (parent) got \"!\" on the pipe; read at offset 0 of its own mapping: \"{}\"",
        Escaped(&message)
    );
    claim!(
        claims,
        heard && message == *FROM_CHILD,
        "the parent read the child's message through its own mapping of the file; the pipe \
         carried one byte, \"!\""
    );

    map.write_from(reply_offset(page), FROM_PARENT);
    let sent = unistd::write(go_w.raw(), &[DONE]);
    let status = or_exit(unistd::wait4(pid), "wait4");
    claim!(
        claims,
        sent == Ok(1) && status == WaitStatus::Exited(0),
        "the child read the parent's reply through its mapping: child {status}"
    );

    // Both messages are in the file: any process can read(2) them, mapping
    // or not.
    let mut file = [0u8; FROM_CHILD.len()];
    or_exit(unistd::pread(&open_read(&path), &mut file, 0), "pread");
    let mut reply = [0u8; FROM_PARENT.len()];
    or_exit(
        unistd::pread(&open_read(&path), &mut reply, reply_offset(page) as u64),
        "pread",
    );
    claim!(
        claims,
        file == *FROM_CHILD && reply == *FROM_PARENT,
        "read(2) on the file returns both messages: the exchange happened in the file's page \
         cache, not in either process's private memory"
    );
}

/// A fresh read-only descriptor for `path`.
fn open_read(path: &CPath) -> Fd {
    or_exit(
        unistd::open(path.as_cstr(), linux_raw_sys::general::O_RDONLY, 0),
        "open mailbox.bin",
    )
}
