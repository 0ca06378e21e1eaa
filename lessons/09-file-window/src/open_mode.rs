//! Part 2: a mapping may never do more than the descriptor it was made
//! from. do_mmap (mm/mmap.c) checks, for a file mapping:
//!
//! - MAP_SHARED with PROT_WRITE needs a descriptor open for writing: the
//!   stores would reach the file. Otherwise EACCES.
//! - every file mapping, shared or private, needs a descriptor open for
//!   reading: the pages are read from the file. Otherwise EACCES, so an
//!   O_WRONLY descriptor cannot be mapped at all.
//! - MAP_PRIVATE with PROT_WRITE is fine on a read-only descriptor: the
//!   stores go to the process's own copies, never to the file.
//!
//! The check is not only at mmap time. A shared mapping of a read-only
//! descriptor is made without VM_MAYWRITE, and mprotect(PROT_WRITE) on it
//! fails with EACCES too; a private one keeps VM_MAYWRITE.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CLOEXEC, O_RDONLY, O_RDWR, O_WRONLY};
use mman::{Errno, MapFlags, Mapping, Prot};
use rt::{CPath, Claims, claim, or_exit, println};

/// One row of the table: how the file is opened, how it is mapped, and
/// what the kernel must answer.
struct Row {
    open: (u32, &'static str),
    flags: (MapFlags, &'static str),
    prot: (Prot, &'static str),
    allowed: bool,
    why: &'static str,
}

const ROWS: [Row; 6] = [
    Row {
        open: (O_RDONLY, "O_RDONLY"),
        flags: (MapFlags::SHARED, "MAP_SHARED"),
        prot: (Prot::READ, "PROT_READ"),
        allowed: true,
        why: "reading is all the descriptor allows, and all the mapping asks",
    },
    Row {
        open: (O_RDONLY, "O_RDONLY"),
        flags: (MapFlags::SHARED, "MAP_SHARED"),
        prot: (Prot::READ.union(Prot::WRITE), "PROT_READ|PROT_WRITE"),
        allowed: false,
        why: "shared stores would reach a file the descriptor may not write",
    },
    Row {
        open: (O_RDONLY, "O_RDONLY"),
        flags: (MapFlags::PRIVATE, "MAP_PRIVATE"),
        prot: (Prot::READ.union(Prot::WRITE), "PROT_READ|PROT_WRITE"),
        allowed: true,
        why: "private stores go to copies, never to the file",
    },
    Row {
        open: (O_WRONLY, "O_WRONLY"),
        flags: (MapFlags::SHARED, "MAP_SHARED"),
        prot: (Prot::WRITE, "PROT_WRITE"),
        allowed: false,
        why: "the pages must be read from the file, and the descriptor may not read",
    },
    Row {
        open: (O_WRONLY, "O_WRONLY"),
        flags: (MapFlags::PRIVATE, "MAP_PRIVATE"),
        prot: (Prot::READ, "PROT_READ"),
        allowed: false,
        why: "the same: every file mapping reads the file",
    },
    Row {
        open: (O_RDWR, "O_RDWR"),
        flags: (MapFlags::SHARED, "MAP_SHARED"),
        prot: (Prot::READ.union(Prot::WRITE), "PROT_READ|PROT_WRITE"),
        allowed: true,
        why: "the descriptor allows both",
    },
];

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let (_, path) = crate::lettered::create(dir, "modes.bin", 1, page);
    for row in &ROWS {
        let fd = open(&path, row.open.0);
        let result = Mapping::new(page, row.prot.0, row.flags.0, fd.raw(), 0);
        let answer = result.as_ref().map(|_| ()).map_err(|&e| e);
        let expected = if row.allowed {
            Ok(())
        } else {
            Err(Errno::EACCES)
        };
        let shown = match answer {
            Ok(()) => "a mapping",
            Err(e) => e.name(),
        };
        claim!(
            claims,
            answer == expected,
            "{} descriptor, {}, {}: {shown} ({})",
            row.open.1,
            row.flags.1,
            row.prot.1,
            row.why
        );
    }

    // The same rule, later: mprotect cannot add what the descriptor lacks.
    let fd = open(&path, O_RDONLY);
    for (flags, name, allowed) in [
        (MapFlags::SHARED, "MAP_SHARED", false),
        (MapFlags::PRIVATE, "MAP_PRIVATE", true),
    ] {
        let map = or_exit(
            Mapping::new(page, Prot::READ, flags, fd.raw(), 0),
            "mmap PROT_READ",
        );
        let result = map.protect(Prot::READ | Prot::WRITE);
        println!(
            "O_RDONLY descriptor, {name}, PROT_READ; then mprotect(PROT_READ|PROT_WRITE) = {result:?}"
        );
        let expected = if allowed { Ok(()) } else { Err(Errno::EACCES) };
        claim!(
            claims,
            result == expected,
            "mprotect adding PROT_WRITE to a {name} mapping of a read-only descriptor: {}",
            match result {
                Ok(()) => "allowed (the mapping kept VM_MAYWRITE)",
                Err(e) if e == Errno::EACCES => "EACCES (made without VM_MAYWRITE)",
                Err(e) => e.name(),
            }
        );
    }
}

fn open(path: &CPath, flags: u32) -> unistd::Fd {
    or_exit(
        unistd::open(path.as_cstr(), flags | O_CLOEXEC, 0),
        "open modes.bin",
    )
}
