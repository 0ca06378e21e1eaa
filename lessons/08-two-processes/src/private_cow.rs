//! Part 2: after fork, a `MAP_PRIVATE` mapping stays private.
//!
//! The child starts with the same contents, but not the same pages for long.
//! fork marks every private page read-only in *both* processes and lets
//! them share it; the first store from either side faults, and the kernel
//! gives the writer its own copy of the page ("copy on write") before
//! letting the store happen. From then on the two pages are unrelated.
//!
//! ```text
//!   parent: write "written before fork" @0, then fork
//!   child                              parent
//!   read @0 (the inherited copy)
//!   write "the child's private write" @0
//!   send ----------------------------> recv
//!                                      read @0           (claim: unchanged)
//!                                      write "the parent's write after fork" @0
//!   recv <---------------------------- send
//!   read @0 (still its own text?)
//!   exit with what it saw              wait4             (claims)
//! ```

use crate::child::Child;
use crate::message::{self, Text};
use mman::{Mapping, Prot};
use rt::{Claims, claim, or_exit, println};
use unistd::WaitStatus;

const BEFORE_FORK: &[u8] = b"written before fork";
const CHILD_WRITE: &[u8] = b"the child's private write";
const PARENT_WRITE: &[u8] = b"the parent's write after fork";

/// Bits of the child's exit status: what it did *not* see as expected.
const NO_INHERITED_COPY: i32 = 1;
const SAW_PARENTS_WRITE: i32 = 2;
const LOST_CONTACT: i32 = 4;

pub fn show(page: usize, claims: &mut Claims) {
    let map = or_exit(
        Mapping::anonymous(page, Prot::READ | Prot::WRITE),
        "mmap MAP_PRIVATE|MAP_ANONYMOUS",
    );
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {:#x}",
        map.addr()
    );
    message::put(&map, 0, BEFORE_FORK);

    // SAFETY: the child only touches the mapping, uses its pipe ends and
    // prints with raw write(2), then exits.
    let (child, ends) = or_exit(
        unsafe {
            Child::start_linked(|ends| {
                let me = unistd::getpid();
                let mut verdict = 0;
                let inherited = message::get(&map, 0);
                println!("   (child {me}) read at offset 0: {inherited}");
                if inherited != Text::new(BEFORE_FORK) {
                    verdict |= NO_INHERITED_COPY;
                }
                message::put(&map, 0, CHILD_WRITE);
                if !ends.send() || !ends.recv() {
                    return verdict | LOST_CONTACT;
                }
                let later = message::get(&map, 0);
                println!("   (child {me}) after the parent's write, offset 0 holds: {later}");
                if later != Text::new(CHILD_WRITE) {
                    verdict |= SAW_PARENTS_WRITE;
                }
                verdict
            })
        },
        "fork",
    );
    println!("forked child {}", child.pid());

    let arrived = ends.recv();
    let seen = message::get(&map, 0);
    claim!(
        claims,
        arrived && seen == Text::new(BEFORE_FORK),
        "the child's write stays in the child: after it, the parent still reads {seen} \
         (the child's store got a page of its own: copy on write)"
    );
    message::put(&map, 0, PARENT_WRITE);
    ends.send();
    ends.hang_up();
    let status = or_exit(child.wait(), "wait4");
    let verdict = match status {
        WaitStatus::Exited(code) => code,
        _ => NO_INHERITED_COPY | SAW_PARENTS_WRITE | LOST_CONTACT,
    };
    claim!(
        claims,
        verdict & (NO_INHERITED_COPY | LOST_CONTACT) == 0,
        "the child started with a copy of the parent's page: it read \"{}\" (child {status})",
        rt::Escaped(BEFORE_FORK)
    );
    claim!(
        claims,
        verdict & (SAW_PARENTS_WRITE | LOST_CONTACT) == 0,
        "the parent's write after fork did not reach the child either: the child still read its \
         own text (child {status})"
    );
}
