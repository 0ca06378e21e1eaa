//! Part 1: parent and child share `MAP_SHARED | MAP_ANONYMOUS` memory.
//!
//! fork gives the child a copy of the parent's address space, but "copy"
//! means different things for different mappings. A `MAP_SHARED` mapping is
//! not copied: the child's mapping refers to the same physical pages (for an
//! anonymous one, pages of an unnamed shmem file the kernel made for it, which
//! /proc/self/maps shows as `/dev/zero (deleted)`). So a store in either
//! process is a store into the one page both of them map.
//!
//! The order of events is enforced with two pipes, never with sleeps:
//!
//! ```text
//!   child                              parent
//!   write "hello from the child" @0
//!   send ----------------------------> recv
//!                                      read @0          (claim)
//!                                      write "hello from the parent" @64
//!   recv <---------------------------- send
//!   read @64, exit 0 if it matches
//!                                      wait4            (claim)
//! ```

use crate::child::Child;
use crate::message::{self, SLOT, Text};
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};
use unistd::WaitStatus;

const FROM_CHILD: &[u8] = b"hello from the child";
const FROM_PARENT: &[u8] = b"hello from the parent";

pub fn show(page: usize, claims: &mut Claims) {
    let map = or_exit(
        Mapping::new(
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::SHARED | MapFlags::ANONYMOUS,
            -1,
            0,
        ),
        "mmap MAP_SHARED|MAP_ANONYMOUS",
    );
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = {:#x}",
        map.addr()
    );
    if let Some(line) = rt::maps_line(map.addr()) {
        println!("/proc/self/maps: {line}");
    }

    // SAFETY: the child only touches the mapping, uses its pipe ends and
    // prints with raw write(2), then exits.
    let (child, ends) = or_exit(
        unsafe {
            Child::start_linked(|ends| {
                message::put(&map, 0, FROM_CHILD);
                if !ends.send() || !ends.recv() {
                    return 2;
                }
                let seen = message::get(&map, SLOT);
                println!(
                    "   (child {}) read at offset {SLOT}: {seen}",
                    unistd::getpid()
                );
                i32::from(seen != Text::new(FROM_PARENT))
            })
        },
        "fork",
    );
    println!(
        "forked child {}: its copy of the address space has this mapping at the same address",
        child.pid()
    );

    let arrived = ends.recv();
    let seen = message::get(&map, 0);
    claim!(
        claims,
        arrived && seen == Text::new(FROM_CHILD),
        "the parent reads at offset 0 what the child wrote there: {seen}"
    );

    message::put(&map, SLOT, FROM_PARENT);
    ends.send();
    ends.hang_up(); // had the send failed, the child now sees end of file
    let status = or_exit(child.wait(), "wait4");
    claim!(
        claims,
        status == WaitStatus::Exited(0),
        "the child read at offset {SLOT} what the parent wrote there after the fork: child {status}"
    );
}
