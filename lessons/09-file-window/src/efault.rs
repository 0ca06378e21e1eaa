//! Part 5: who touches the page decides what a bad access looks like.
//!
//! - The process's own store into a PROT_READ page is a fault the CPU
//!   raises; the kernel finds no way to allow it and sends SIGSEGV.
//! - read(2) into the same page asks the call's implementer to do the
//!   store, and the call returns EFAULT with no signal. Which one answers
//!   depends on the run. A kernel (native, or `--vm`) copies to user memory
//!   with a routine whose fault its handler finds in the exception table:
//!   the copy stops short, and the call returns EFAULT. QEMU user mode
//!   checks the guest page's rights itself before any host call (its
//!   `lock_user`, VERIFY_WRITE for read, VERIFY_READ for write) and returns
//!   EFAULT without the kernel seeing the buffer. The same holds for
//!   write(2) from a PROT_NONE page. The claims say which answered.

use core::ffi::CStr;
use linux_raw_sys::general::SIGSEGV;
use mman::{Errno, Mapping, Prot};
use rt::{Claims, claim, or_exit, println};

/// Who turned the bad buffer into EFAULT in this run, and how.
fn who_answered() -> &'static str {
    if rt::emulator::emulator().is_some() {
        "QEMU user mode answered: it checks the guest page's rights before any host call"
    } else {
        "the kernel answered: its user-copy routine faulted, and the fault handler's exception \
         table turned that into the error"
    }
}

pub fn show(dir: &CStr, page: usize, claims: &mut Claims) {
    let (fd, path) = crate::lettered::create(dir, "source.bin", 1, page);
    let read_only = or_exit(Mapping::anonymous(page, Prot::READ), "mmap PROT_READ");
    println!(
        "an anonymous PROT_READ page at {:#x}; {path} holds 'A's",
        read_only.addr()
    );

    // The file position is at the end, after the writes that made the file.
    or_exit(unistd::seek_to(&fd, 0), "lseek");
    // The raw call, not unistd::read: that takes a `&mut [u8]`, a promise
    // that the memory may be written, which this page does not keep.
    // SAFETY: read(2) stores at most 64 bytes at the start of a live page
    // of ours; the store is made by the kernel (or refused by QEMU before
    // it), never by this program, and a refused store becomes the EFAULT
    // this part is about.
    let result =
        unsafe { syscall::syscall3(syscall::nr::READ, fd.raw() as usize, read_only.addr(), 64) };
    claim!(
        claims,
        result == Err(Errno::EFAULT),
        "read(2) into the PROT_READ page: {result:?}, an error the call returns, no signal; {}",
        who_answered()
    );
    claim!(
        claims,
        read_only.read(0) == 0,
        "and the page is unchanged (reads {:#x})",
        read_only.read(0)
    );

    let outcome = crate::child::run(|| {
        read_only.write(0, b'x');
        0
    });
    claim!(
        claims,
        outcome.killed_by(SIGSEGV),
        "the process's own store into the same page: {outcome}"
    );

    let none = or_exit(Mapping::anonymous(page, Prot::NONE), "mmap PROT_NONE");
    let (reader, writer) = or_exit(unistd::pipe(linux_raw_sys::general::O_CLOEXEC), "pipe");
    // SAFETY: write(2) reads at most 16 bytes at the start of a live page of
    // ours, and fails with EFAULT when it cannot; no memory is written.
    let result =
        unsafe { syscall::syscall3(syscall::nr::WRITE, writer.raw() as usize, none.addr(), 16) };
    drop(reader);
    claim!(
        claims,
        result == Err(Errno::EFAULT),
        "write(2) from a PROT_NONE page: {result:?}; {}",
        who_answered()
    );
}
