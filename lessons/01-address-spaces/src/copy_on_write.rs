//! Parts 1 to 3: memory is private by default.
//!
//! fork gives the child a copy of the parent's address space: the same
//! mappings at the same virtual addresses. The kernel does not copy the
//! pages' contents then; both processes' page tables point at the same
//! physical pages, marked read-only. The first write by either side faults,
//! and the kernel gives the writer its own copy of that one page
//! (copy-on-write). From then on the same address means different memory in
//! the two processes.
//!
//! Three kinds of private memory, three rounds:
//! - a local variable, on the stack (a private anonymous mapping the kernel
//!   set up at exec, `[stack]` in maps);
//! - a `static` with a non-zero initial value, in the program's data segment
//!   (a *private file mapping* of the executable: the file's bytes are the
//!   initial values, and writes never go back to the file);
//! - a page from `mmap(MAP_PRIVATE | MAP_ANONYMOUS)`.

use crate::fork_round::{self, LEN, ORIGINAL, Value};
use mman::{Mapping, Prot};
use rt::{Claims, or_exit, println};

/// A variable in the data segment. Non-zero, so the linker puts it in
/// `.data` (whose bytes come from the file) rather than `.bss`.
static mut IN_DATA: Value = ORIGINAL;

pub fn stack(claims: &mut Claims) {
    let mut on_stack: Value = [0; LEN];
    let at = (&raw mut on_stack).cast::<u8>();
    // SAFETY: `on_stack` lives until the end of this function and is only
    // reached through `at`.
    unsafe { fork_round::write_value(at, &ORIGINAL) };
    println!("a 16-byte local variable at {at:p}");
    // SAFETY: as above; the round returns before `on_stack` goes away.
    let round = unsafe { fork_round::run(at) };
    round.claim_same_address(claims);
    round.claim_private(claims);
}

pub fn data_segment(claims: &mut Claims) {
    // A raw pointer to a `static mut` needs no unsafe; only references
    // would, and none is ever made.
    let at = (&raw mut IN_DATA).cast::<u8>();
    println!("a 16-byte static at {at:p}, initialised to \"original\" by the executable file");
    // SAFETY: the static lives for the whole program, the lesson has one
    // thread, and every access goes through `at`.
    let round = unsafe { fork_round::run(at) };
    round.claim_same_address(claims);
    round.claim_private(claims);
}

pub fn anonymous(page: usize, claims: &mut Claims) {
    let map = or_exit(
        Mapping::anonymous(page, Prot::READ | Prot::WRITE),
        "mmap(MAP_PRIVATE | MAP_ANONYMOUS)",
    );
    map.write_from(0, &ORIGINAL);
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {:#x}",
        map.addr()
    );
    // SAFETY: `map` stays alive until after the round, and no reference
    // into it exists.
    let round = unsafe { fork_round::run(map.as_ptr()) };
    round.claim_same_address(claims);
    round.claim_private(claims);
}
