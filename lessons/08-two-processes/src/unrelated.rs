//! Part 5: two processes that share nothing but a file's path.
//!
//! fork shared a mapping by inheritance. Section 2.1's point is wider: a
//! file is a system-wide object, so *any* process that can open it can map
//! it. The lesson creates a file, maps it `MAP_SHARED`, and starts a peer
//! with execve (see `start_peer.rs`), telling it only the path. The peer
//! maps the file itself (`peer.rs`). Both mappings refer to the same pages:
//! the file's pages in the page cache. There is no copy to keep in step;
//! a store by one process *is* a change to the file's data, which the other
//! sees at once and read(2) sees too.
//!
//! The same futex handshake as in part 4 then works between them, because a
//! shared futex is identified by the file page behind the address, not by
//! the address (which may well differ between the two processes).

use crate::handshake;
use crate::message::{self, Text};
use crate::peer::{ECHO, GREETING, PID, USED};
use crate::start_peer::{own_path, start_peer};
use core::ffi::CStr;
use core::sync::atomic::Ordering;
use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR, O_TRUNC};
use mman::{MapFlags, Mapping, Prot};
use rt::{CPath, Claims, claim, or_exit, println};
use unistd::WaitStatus;

const GREETING_TEXT: &[u8] = b"written by the lesson before the peer existed";
const QUESTION: &[u8] = b"do you see my page?";

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let me = or_exit(own_path(), "finding our own program to exec");
    let path = or_exit(
        CPath::join(dir, "shared.bin").ok_or("path too long"),
        "shared.bin",
    );
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
            0o600,
        ),
        "create shared.bin",
    );
    // A new file is empty, and touching a mapped page beyond its end raises
    // SIGBUS (lesson 05): give it one page of zeros first. Zeros are also
    // the handshake's EMPTY state.
    or_exit(unistd::ftruncate(&fd, page as u64), "ftruncate");
    let map = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED,
            fd.raw(),
            0,
        ),
        "mmap shared.bin",
    );
    println!(
        "{path}: ftruncate to {page} bytes, mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED, \
         fd, 0) = {:#x}",
        map.addr()
    );
    if let Some(line) = rt::maps_line(map.addr()) {
        println!("/proc/self/maps: {line}");
    }
    message::put(&map, GREETING, GREETING_TEXT);

    let child = or_exit(start_peer(me, dir, path.as_cstr(), &map), "fork");
    println!(
        "forked child {}; it execs this program as `--peer {path}` and maps the file itself",
        child.pid()
    );

    let got = match handshake::ask(&map, QUESTION) {
        Ok(got) => got,
        Err(e) => {
            claim!(claims, false, "the lesson's side of the handshake: {e}");
            drop(child); // kills and reaps it, should it still be running
            return;
        }
    };
    println!(
        "lesson: woke after {} futex_wait sleep(s); answer: {}",
        got.sleeps, got.text
    );
    let pid = child.pid();
    let status = or_exit(child.wait(), "wait4");
    println!("peer {pid} {status}");

    let echo = message::get(&map, ECHO);
    let peer_pid = map.atomic_u32(PID).load(Ordering::Relaxed) as i32;
    claim!(
        claims,
        echo == Text::new(GREETING_TEXT) && peer_pid == pid,
        "the peer (pid {peer_pid}: execve kept the forked child's pid, but none of its memory) \
         found the lesson's greeting through its own mapping, and copied it back: {echo}"
    );
    claim!(
        claims,
        got.text == Text::new(QUESTION).upper() && status == WaitStatus::Exited(0),
        "the futex handshake worked across two separate mappings of the file: the peer's \
         wait ended only when the question was there, the lesson's when the answer was ({status})"
    );

    // The conversation is in the file itself: read(2) sees the answer.
    let mut back = [0u8; USED];
    let n = or_exit(unistd::pread(&fd, &mut back, 0), "pread shared.bin");
    let answer_len = usize::from(back[handshake::ANSWER_SLOT]);
    let answer = &back[handshake::ANSWER_SLOT + 1..][..answer_len.min(message::MAX)];
    claim!(
        claims,
        n == USED && answer == Text::new(QUESTION).upper().as_bytes(),
        "read(2) of the file, not the mapping, returns the peer's answer too: \"{}\"",
        rt::Escaped(answer)
    );
}
