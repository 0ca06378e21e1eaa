//! Checks exercise 5.2 (`exercises/2-choose-the-mode.rs`): a file the
//! answer creates has mode 0600 exactly, under umask 0 and under 022, and
//! opening an existing file changes nothing.

use core::ffi::CStr;
use rt::{CPath, Claims, claim, or_exit, println};

use crate::answers::choose_the_mode::create;

/// What exercise 5.2 asks for.
const WANTED: u32 = 0o600;

pub fn check(dir: &CStr, claims: &mut Claims) {
    // umask can only be read by setting it: keep the caller's to restore.
    let caller_mask = unistd::umask(0);
    for (name, mask) in [("umask-0.txt", 0), ("umask-022.txt", 0o022)] {
        unistd::umask(mask);
        let path = or_exit(CPath::join(dir, name).ok_or("path too long"), name);
        // A leftover from an earlier run would not be created afresh.
        let _ = unistd::unlink(path.as_cstr());
        let fd = match create(path.as_cstr()) {
            Ok(fd) => fd,
            Err(e) => {
                claim!(
                    claims,
                    false,
                    "create({path}) under umask {mask:03o} succeeds: {e}"
                );
                continue;
            }
        };
        let mode = or_exit(unistd::fstat(&fd), name).st_mode & 0o7777;
        claim!(
            claims,
            mode == WANTED,
            "created under umask {mask:03o}, the file's mode & 07777 is {mode:04o} (wanted 0600)"
        );
        // Reading and writing through the descriptor both work.
        let wrote = unistd::write(fd.raw(), b"x");
        let mut byte = [0u8; 1];
        let read = unistd::pread(&fd, &mut byte, 0);
        claim!(
            claims,
            wrote == Ok(1) && read == Ok(1) && byte == *b"x",
            "the descriptor is open for reading and writing: write(2) = {wrote:?}, then \
             pread(2) = {read:?}"
        );
    }
    unistd::umask(caller_mask);
    println!("(the umask was {caller_mask:03o} before the check, and is again)");
    existing_file(dir, claims);
}

/// A file that exists already: opening it must neither empty it nor change
/// its mode (the mode argument only counts when the file is created).
fn existing_file(dir: &CStr, claims: &mut Claims) {
    const TEXT: &[u8] = b"this file was here first\n";
    let (path, fd) = rt::files::create(dir, "existing.txt");
    or_exit(unistd::write_all(fd.raw(), TEXT), "existing.txt");
    let before = or_exit(unistd::fstat(&fd), "existing.txt").st_mode & 0o7777;
    drop(fd);
    let opened = create(path.as_cstr());
    let mut back = [0u8; 64];
    let (read, mode) = match &opened {
        Ok(fd) => (
            unistd::pread(fd, &mut back, 0),
            unistd::fstat(fd).map(|st| st.st_mode & 0o7777),
        ),
        Err(e) => (Err(*e), Err(*e)),
    };
    claim!(
        claims,
        read == Ok(TEXT.len()) && back[..TEXT.len()] == *TEXT && mode == Ok(before),
        "opening the existing {path} leaves its {} bytes and its mode {before:04o}: read(2) = \
         {read:?}, mode now {:04o}",
        TEXT.len(),
        mode.unwrap_or(0)
    );
}
