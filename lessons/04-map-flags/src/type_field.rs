//! Part 6: "MAP_PRIVATE or MAP_SHARED must always be given".
//!
//! The two are not independent bits: the low four bits of `flags`
//! (MAP_TYPE, 0xf) are one field holding the mapping's *type*. SHARED is 1,
//! PRIVATE is 2, 3 (both bits) is SHARED_VALIDATE, and 0 is no type at all,
//! which the kernel refuses with EINVAL: it cannot decide what a write
//! should do. (Newer kernels add type 8, MAP_DROPPABLE.)

use linux_raw_sys::general as k;
use mman::{Errno, MapFlags, Prot};
use rt::{Claims, claim, println};

pub fn show(page: usize, claims: &mut Claims) {
    println!(
        "MAP_TYPE = {:#x}: MAP_SHARED = {:#x}, MAP_PRIVATE = {:#x}, MAP_SHARED_VALIDATE = {:#x} \
         (= SHARED|PRIVATE)",
        k::MAP_TYPE,
        k::MAP_SHARED,
        k::MAP_PRIVATE,
        k::MAP_SHARED_VALIDATE
    );
    // SAFETY: expected to fail; without MAP_FIXED it could not disturb any
    // existing mapping anyway.
    let got = unsafe {
        mman::mmap(
            core::ptr::null_mut(),
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::ANONYMOUS,
            -1,
            0,
        )
    };
    println!("mmap(NULL, {page}, PROT_READ|PROT_WRITE, MAP_ANONYMOUS, -1, 0) = {got:?}");
    if let Ok(p) = got {
        // SAFETY: unexpectedly created; ours to remove.
        let _ = unsafe { mman::munmap(p, page) };
    }
    claim!(
        claims,
        got == Err(Errno::EINVAL),
        "with neither MAP_SHARED nor MAP_PRIVATE (type field 0), mmap fails with EINVAL"
    );
}
