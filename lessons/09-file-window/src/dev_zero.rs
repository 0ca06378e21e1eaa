//! Part 6: the tutorial says mmap maps "a file or a device" (파일이나
//! 장치). A device's driver decides what its mapping is. /dev/zero's
//! (mmap_zero in drivers/char/mem.c):
//!
//! - MAP_SHARED, of a descriptor open for writing (this part opens it
//!   O_RDWR): it sets the mapping up as shared anonymous memory
//!   (shmem_zero_setup), backed by an invisible file of the kernel's own,
//!   which /proc/self/maps lists as "/dev/zero (deleted)". A forked child
//!   and its parent see each other's stores: this is how shared memory
//!   between related processes was made before MAP_ANONYMOUS existed.
//! - MAP_PRIVATE: plain private anonymous memory; after fork each side has
//!   its own copy. The driver looks at VM_SHARED, not at the flag: for a
//!   read-only descriptor do_mmap clears VM_SHARED (part 2), so even
//!   MAP_SHARED of an O_RDONLY /dev/zero gives private memory.
//!
//! Nothing is ever written to the device: its pages start as zeros and
//! live in memory only.

use linux_raw_sys::general::{O_CLOEXEC, O_RDONLY, O_RDWR};
use mman::{MapFlags, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

pub fn show(page: usize, claims: &mut Claims) {
    let fd = or_exit(
        unistd::open(c"/dev/zero", O_RDWR | O_CLOEXEC, 0),
        "open /dev/zero",
    );
    for (flags, name, shared) in [
        (MapFlags::SHARED, "MAP_SHARED", true),
        (MapFlags::PRIVATE, "MAP_PRIVATE", false),
    ] {
        let map = or_exit(
            Mapping::new(page, Prot::READ | Prot::WRITE, flags, fd.raw(), 0),
            "mmap /dev/zero",
        );
        println!(
            "mmap(NULL, {page}, PROT_READ|PROT_WRITE, {name}, </dev/zero>, 0) = {:#x}",
            map.addr()
        );
        if let Some(line) = rt::maps_line(map.addr()) {
            println!("  {line}");
        }
        let zero_filled = map.read(0) == 0 && map.read(page - 1) == 0;
        let outcome = crate::child::run(|| {
            map.write(0, b'c');
            0
        });
        let seen = map.read(0);
        if shared {
            let deleted_zero = rt::maps_line(map.addr())
                .is_some_and(|line| line.as_bytes().ends_with(b"/dev/zero (deleted)"));
            claim!(
                claims,
                zero_filled && deleted_zero,
                "{name} of /dev/zero is zero-filled shared memory, listed as \"/dev/zero \
                 (deleted)\" (the line above)"
            );
            claim!(
                claims,
                outcome.exited_ok() && seen == b'c',
                "the parent sees the child's store through it: {:?} ({outcome})",
                seen as char
            );
        } else {
            claim!(
                claims,
                zero_filled && outcome.exited_ok() && seen == 0,
                "{name} of /dev/zero: the child's store stayed in the child's copy; the parent \
                 still reads {seen:#x} ({outcome})"
            );
        }
    }

    // The same flag on a read-only descriptor: do_mmap has cleared VM_SHARED
    // before the driver looks, so no shmem file is made; the line names the
    // device itself.
    let read_only = or_exit(
        unistd::open(c"/dev/zero", O_RDONLY | O_CLOEXEC, 0),
        "open /dev/zero read-only",
    );
    let map = or_exit(
        Mapping::new(page, Prot::READ, MapFlags::SHARED, read_only.raw(), 0),
        "mmap /dev/zero read-only",
    );
    let line = rt::maps_line(map.addr());
    if let Some(line) = &line {
        println!("MAP_SHARED, PROT_READ of an O_RDONLY /dev/zero:\n  {line}");
    }
    claim!(
        claims,
        line.as_ref()
            .is_some_and(|line| line.path() == b"/dev/zero"),
        "MAP_SHARED of a read-only /dev/zero makes no shmem file: the line names /dev/zero \
         itself, not \"/dev/zero (deleted)\""
    );
}
