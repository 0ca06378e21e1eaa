//! Checks exercise 3.2 (`exercises/2-run-the-code.rs`): after
//! `make_runnable`, the page holding the machine code is `r-xp` in
//! /proc/self/maps (executable, and no longer writable: W^X), a call into
//! it, in a child, returns 42, and a store into it, in a child, is killed
//! by SIGSEGV.

use core::ffi::CStr;

use linux_raw_sys::general::SIGSEGV;
use mman::{Mapping, Prot};
use rt::{Claims, claim, or_exit, println};
use unistd::{Ended, WaitStatus};

use crate::child::{in_child, store_in_child};
use crate::answers::run_the_code::make_runnable;
use jit::{RETURN_42, RETURNS};

pub fn check(_dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    let map = or_exit(
        Mapping::anonymous(page, Prot::READ | Prot::WRITE),
        "mmap one page",
    );
    let addr = map.addr();
    map.write_from(0, RETURN_42);
    // SAFETY: the range is mapped and readable (PROT_READ|PROT_WRITE).
    unsafe { jit::sync_for_execution(map.as_ptr(), RETURN_42.len()) };
    println!(
        "mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {addr:#x}, \
         holding {} bytes of {} machine code that return {RETURNS}; calling make_runnable(&map)",
        RETURN_42.len(),
        syscall::ARCH
    );
    let result = make_runnable(&map);
    claim!(claims, result.is_ok(), "make_runnable returned {result:?}");

    let perms = crate::maps::show(addr);
    let wx = claim!(
        claims,
        perms == Some(*b"r-xp"),
        "/proc/self/maps lists the code's page as {} (wanted r-xp: readable and executable, \
         not writable)",
        crate::maps::text(&perms)
    );
    if !wx {
        match perms {
            Some([_, b'w', b'x', _]) => println!(
                "   (writable and executable at once: it runs, but that is what W^X forbids)"
            ),
            Some([_, _, b'-', _]) => println!(
                "   (no x: reading is not executing; without PROT_EXEC the page-table entry \
                 forbids instruction fetch on nearly every CPU, and a jump into the page faults)"
            ),
            _ => {}
        }
    }

    let executable = perms.is_some_and(|p| p[2] == b'x');
    if let (false, Some(why)) = (executable, cpu_never_delivers_the_fault()) {
        claims.not_tried(format_args!(
            "calling the code in a child: the page is not executable, and {why}"
        ));
    } else {
        let p = map.as_ptr();
        // SAFETY: the child only jumps into the page, which holds RETURN_42,
        // synchronised for instruction fetch above (a fault ends the child
        // cleanly), and exits with what the code returned.
        let ran = in_child(|| unsafe { call(p) } as i32);
        claim!(
            claims,
            ran == Ended::By(WaitStatus::Exited(RETURNS as i32)),
            "calling the code (as extern \"C\" fn() -> u32), in a child, returns {RETURNS}: {ran}"
        );
    }

    let store = store_in_child(&map, 0, RETURN_42[0]);
    claim!(
        claims,
        store.killed_by(SIGSEGV),
        "a store into the code's page, in a child, is killed by SIGSEGV: {store}"
    );
}

/// Calls the code at `p` as a C function taking nothing and returning u32.
///
/// # Safety
/// `p` must point at machine code for this CPU that behaves as such a
/// function (here: [`RETURN_42`]). If its page is not executable, the call
/// raises SIGSEGV, so it is made in a child.
unsafe fn call(p: *const u8) -> u32 {
    // SAFETY: a function pointer is an address, and `extern "C" fn() -> u32`
    // has the same size as `*const u8`. The caller guarantees that the bytes
    // at `p` are a complete function with exactly this C signature.
    let f = unsafe { core::mem::transmute::<*const u8, extern "C" fn() -> u32>(p) };
    f()
}

/// Why this machine's CPU never delivers the fault of a jump into a page
/// without PROT_EXEC, if it does not: qemu-system-loongarch64's exception
/// entry re-reads the faulting instruction from the same page, faults
/// again, and loops there for ever (lesson 03's `src/exec.rs` tells the
/// whole story). The same test as the lesson's.
fn cpu_never_delivers_the_fault() -> Option<&'static str> {
    let machine = rt::emulator::machine().map(|name| name.to_bytes());
    let on_qemu_system = machine == Some(b"qemu-system-loongarch64".as_slice());
    (cfg!(target_arch = "loongarch64") && on_qemu_system).then_some(
        "this CPU is qemu-system-loongarch64's, which loops for ever on that fault instead of \
         reaching the kernel (the kernel's answer would be SIGSEGV)",
    )
}
