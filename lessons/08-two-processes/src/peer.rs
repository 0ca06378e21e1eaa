//! The peer role: `lesson08 <work-dir> --peer <path>`.
//!
//! This is a fresh program (started by execve), which knows nothing of the
//! lesson's memory. It opens the file by its path, maps it `MAP_SHARED` at
//! an address of its own choosing, and then:
//!
//! 1. reads the greeting the lesson wrote before the peer existed, copies it
//!    into the ECHO slot and stores its own pid in the PID word;
//! 2. answers the lesson's futex handshake (`handshake::answer`).
//!
//! If it fails before it has the file mapped (open, fstat, mmap), it cannot
//! tell the lesson, which would then wait for ever; `cargo xtask`'s deadline
//! would end the run. A real protocol pairs a futex with a way to notice a
//! dead partner (a pidfd, a robust futex, or a timeout and wait4).
//!
//! It prints what it sees; it makes no claims. The lesson checks the results
//! through its own mapping of the same file, and its exit status via wait4.

use crate::handshake;
use crate::message::{self, SLOT};
use core::ffi::CStr;
use core::sync::atomic::Ordering;
use linux_raw_sys::general::{O_CLOEXEC, O_RDWR};
use mman::{MapFlags, Mapping, Prot};
use rt::{Escaped, eprintln, print, println};

/// The peer writes its pid here (a 32-bit word after the handshake's slots).
pub const PID: usize = handshake::END;
/// The lesson writes the greeting here before it starts the peer.
pub const GREETING: usize = handshake::END + SLOT;
/// The peer copies the greeting here.
pub const ECHO: usize = handshake::END + 2 * SLOT;
/// Bytes of the file the protocol uses.
pub const USED: usize = handshake::END + 3 * SLOT;

pub fn run(path: &CStr) -> i32 {
    let me = unistd::getpid();
    print!("   (peer {me}) started by execve; argv:");
    for arg in rt::args() {
        print!(" {}", Escaped(arg.to_bytes()));
    }
    println!();

    let fd = match unistd::open(path, O_RDWR | O_CLOEXEC, 0) {
        Ok(fd) => fd,
        Err(e) => {
            eprintln!("   (peer {me}) open: {e}");
            return 3;
        }
    };
    // A page of the mapping wholly beyond the end of the file would raise
    // SIGBUS when touched (lesson 05), so check the size first.
    match unistd::fstat(&fd) {
        Ok(st) if st.st_size as u64 >= USED as u64 => {}
        Ok(st) => {
            eprintln!(
                "   (peer {me}) the file has {} bytes, fewer than {USED}",
                st.st_size
            );
            return 6;
        }
        Err(e) => {
            eprintln!("   (peer {me}) fstat: {e}");
            return 6;
        }
    }
    let page = rt::page_size();
    let map = match Mapping::new(
        page,
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED,
        fd.raw(),
        0,
    ) {
        Ok(map) => map,
        Err(e) => {
            eprintln!("   (peer {me}) mmap: {e}");
            return 4;
        }
    };
    // The mapping holds its own reference to the file: the descriptor is
    // no longer needed.
    drop(fd);
    println!(
        "   (peer {me}) mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0) = {:#x}",
        map.addr()
    );
    if let Some(line) = rt::maps_line(map.addr()) {
        println!("   (peer {me}) /proc/self/maps: {line}");
    }

    let greeting = message::get(&map, GREETING);
    println!("   (peer {me}) the greeting in the file: {greeting}");
    message::put(&map, ECHO, greeting.as_bytes());
    map.atomic_u32(PID).store(me as u32, Ordering::Relaxed);

    match handshake::answer(&map) {
        Ok(got) => {
            println!(
                "   (peer {me}) woke after {} futex_wait sleep(s); question: {}; answered",
                got.sleeps, got.text
            );
            0
        }
        Err(e) => {
            eprintln!("   (peer {me}) {e}");
            5
        }
    }
}
