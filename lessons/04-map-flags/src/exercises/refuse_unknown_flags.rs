//! Checks exercise 4.2 (`exercises/2-refuse-unknown-flags.rs`) on a
//! one-page file:
//!
//! - with `extra` = 0, the answer maps the file shared (`rw-s`), and a
//!   store through the mapping, made in a child, reaches the file;
//! - with MAP_POPULATE, a flag the kernel knows, it maps the file too;
//! - with a bit no flag of this architecture uses, it fails with
//!   EOPNOTSUPP;
//! - with MAP_SYNC, which the kernel knows but only files on a DAX file
//!   system support, it fails with EOPNOTSUPP too. That one catches an
//!   answer that checks the bits itself against a list of known flags
//!   and then uses MAP_SHARED: only the kernel knows what the file can
//!   honour. (MIPS has no MAP_SYNC, so there this part is left out.)
//!
//! The MAP_SYNC part maps another file: a memfd, whose pages are tmpfs's
//! (shmem). The work directory's file would let that wrong answer pass
//! where the work directory is on ext4 or XFS: with MAP_SHARED the kernel
//! drops MAP_SYNC from the flags it checks, but has already turned it into
//! the mapping's VM_SYNC, and ext4's and XFS's own mmap refuse VM_SYNC on a
//! file without DAX, whatever the mapping type. tmpfs's mmap does not look
//! at VM_SYNC, so on a memfd MAP_SHARED|MAP_SYNC succeeds, and only
//! MAP_SHARED_VALIDATE|MAP_SYNC is refused (by mmap itself: shmem does not
//! declare MAP_SYNC support). Under QEMU user mode the answer is the same
//! on any file: QEMU drops MAP_SYNC from MAP_SHARED before the host kernel
//! sees the call, and passes it on with MAP_SHARED_VALIDATE.

use core::ffi::CStr;
use linux_raw_sys::general as k;
use mman::Errno;
use rt::{Claims, claim, or_exit, println};
use unistd::{Ended, WaitStatus};

use crate::file::{Ch, byte_at, one_page};
use crate::answers::refuse_unknown_flags::map_strictly;
use crate::shown::{Shown, maps_perms};

/// The lowest bit that no MAP_* flag of this architecture uses (lesson 04,
/// part 7, shows how it is found).
const UNKNOWN: u32 = mman::flags::UNKNOWN_MAP_BIT;

/// A child that does not end in this long is stuck (10 s).
const LIMIT_NS: u64 = 10_000_000_000;

pub fn check(dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let (fd, path) = one_page(dir, "strict.txt", page, b's');
    println!("{path}: one page of 's', open read-write");

    // 1. No extra flag: a plain shared mapping of the file.
    let got = map_strictly(&fd, page, 0);
    println!("map_strictly(fd, {page}, 0) = {}", Shown(&got));
    match &got {
        Ok(m) => {
            claim!(claims, true, "with extra = 0, map_strictly maps the file");
            let perms = maps_perms(m.addr());
            claim!(
                claims,
                perms == Some(*b"rw-s"),
                "/proc/self/maps lists it as {} (wanted rw-s: readable, writable, shared)",
                perms
                    .as_ref()
                    .and_then(|p| core::str::from_utf8(p).ok())
                    .unwrap_or("(no line)")
            );
            let p = m.as_ptr();
            // SAFETY: the child reads one byte of the mapping and stores one
            // (volatile), then exits; a fault ends only the child.
            let ended = or_exit(
                unsafe {
                    unistd::run_in_child_for(
                        || {
                            if p.add(1).read_volatile() != b's' {
                                return 1;
                            }
                            p.write_volatile(b'W');
                            0
                        },
                        LIMIT_NS,
                    )
                },
                "fork",
            );
            let back = byte_at(&fd, 0);
            claim!(
                claims,
                ended.exited_ok() && back == b'W',
                "a child reads the file's 's' through the mapping and stores 'W' at byte 0 \
                 ({}), and read(2) of the file gives {}: the store reached the file",
                Child(ended),
                Ch(back)
            );
        }
        Err(e) => {
            claim!(
                claims,
                false,
                "with extra = 0, map_strictly maps the file: it failed with {e}"
            );
        }
    }
    drop(got);

    // 2. A flag every kernel that has MAP_SHARED_VALIDATE knows.
    let got = map_strictly(&fd, page, k::MAP_POPULATE);
    println!(
        "map_strictly(fd, {page}, MAP_POPULATE = {:#x}) = {}",
        k::MAP_POPULATE,
        Shown(&got)
    );
    claim!(
        claims,
        got.is_ok(),
        "with MAP_POPULATE, a flag the kernel knows, map_strictly maps the file"
    );
    drop(got);

    // 3. A bit that means nothing here.
    let got = map_strictly(&fd, page, UNKNOWN);
    println!("map_strictly(fd, {page}, {UNKNOWN:#x}) = {}", Shown(&got));
    let refused = claim!(
        claims,
        matches!(got, Err(Errno::EOPNOTSUPP)),
        "a flag bit the kernel does not know ({UNKNOWN:#x}) is refused with EOPNOTSUPP"
    );
    if !refused && got.is_ok() {
        println!(
            "   (the mapping was made as if the bit had not been asked for: the caller cannot \
             tell that it was ignored)"
        );
    }
    drop(got);

    // 4. A flag the kernel knows but a memfd cannot honour.
    #[cfg(not(target_arch = "mips64"))]
    {
        let memfd = memfd_of(page);
        println!(
            "memfd_create(\"strict\", MFD_CLOEXEC) = {}, ftruncate to {page}: a file on \
             tmpfs, which has no DAX",
            memfd.raw()
        );
        let got = map_strictly(&memfd, page, k::MAP_SYNC);
        println!(
            "map_strictly(memfd, {page}, MAP_SYNC = {:#x}) = {}",
            k::MAP_SYNC,
            Shown(&got)
        );
        let refused = claim!(
            claims,
            matches!(got, Err(Errno::EOPNOTSUPP)),
            "MAP_SYNC, which the kernel knows but only files on a DAX file system support, is \
             refused with EOPNOTSUPP for a memfd"
        );
        if !refused && got.is_ok() {
            // With MAP_SHARED the kernel drops MAP_SYNC from the flags it
            // checks, and tmpfs's mmap does not look for it either; QEMU
            // user mode drops the bit before any kernel sees it.
            println!(
                "   ({} made the mapping without the MAP_SYNC guarantee and said nothing: with \
                 MAP_SHARED, bits that mmap has not always known are dropped unchecked, and \
                 only MAP_SHARED_VALIDATE has them checked)",
                rt::emulator::Answerer
            );
        }
    }
}

/// A new memfd (memfd_create(2)), `len` bytes long: a file with no name
/// in any directory, whose pages are tmpfs's. MFD_CLOEXEC, as for every
/// descriptor the checker opens.
#[cfg(not(target_arch = "mips64"))]
fn memfd_of(len: usize) -> unistd::Fd {
    // SAFETY: the kernel reads the NUL-terminated name, which outlives the
    // call, and takes a plain number for the flags; the descriptor it
    // returns is new, so `Fd` owns it alone.
    let fd = or_exit(
        unsafe {
            syscall::syscall2(
                k::__NR_memfd_create as usize,
                c"strict".as_ptr() as usize,
                k::MFD_CLOEXEC as usize,
            )
        },
        "memfd_create",
    );
    let fd = unistd::Fd::from_raw(fd as i32);
    or_exit(unistd::ftruncate(&fd, len as u64), "ftruncate the memfd");
    fd
}

/// How the child ended, for a claim; exit status 1 is its own word for
/// "the mapping did not show the file's byte".
struct Child(Ended);

impl core::fmt::Display for Child {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Ended::By(WaitStatus::Exited(1)) => f.write_str("but it read another byte"),
            ended => write!(f, "child {ended}"),
        }
    }
}
