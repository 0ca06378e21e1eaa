//! Lesson 05, the tutorial's Example 1: a shared file mapping's stores
//! reach the file with no msync and no munmap, and mmap never changes the
//! file's size, so a page wholly past its end cannot be touched.

use crate::cx::OrSetup;
use crate::signal::killed_by;
use crate::{Cx, Outcome, claim};
use linux_raw_sys::general::{MAP_SHARED, O_CREAT, O_RDWR, O_TRUNC, PROT_READ, PROT_WRITE, SIGBUS};

/// The file Example 1 maps 40 bytes of: longer than that, so the stores'
/// reach is visible.
const TEXT: &[u8] = b"Example 1 maps 40 bytes of this file; the line is longer than that\n";

/// The example's sequence in a child: map 40 bytes shared, read them (its
/// printf) and zero them (its memset), exit without msync or munmap (exit
/// removes the mapping). The file, read back with read(2), has the zeros.
pub fn shared_stores_reach_the_file_without_msync_or_munmap(cx: &mut Cx<'_>) -> Outcome {
    let path = cx.file_with("text", TEXT)?;
    let fd = unistd::open(path.as_cstr(), O_RDWR, 0).or_setup("open the file")?;
    let (raw, calls) = (fd.raw(), cx.calls);
    let ended = cx.in_child(|| {
        let flags = MAP_SHARED;
        // SAFETY: not fixed.
        let Ok(addr) = (unsafe { calls.mmap(0, 40, PROT_READ | PROT_WRITE, flags, raw, 0) }) else {
            return 100;
        };
        for i in 0..40 {
            // SAFETY: inside the page just mapped, which stays mapped.
            unsafe {
                let byte = (addr as *mut u8).add(i);
                let _ = byte.read_volatile();
                byte.write_volatile(0);
            }
        }
        0 // no msync, no munmap
    })?;
    let mut back = [0xffu8; 128];
    let n = cx.read_back(&path, &mut back)?;
    claim!(
        cx,
        ended.exited_ok() && n == TEXT.len() && back[..40].iter().all(|&b| b == 0),
        "MAP_SHARED stores reach the file without msync or munmap (through {}; \
         the child {ended}; {n} bytes read back)",
        cx.calls.name()
    );
    claim!(
        cx,
        n == TEXT.len() && back[40..n] == TEXT[40..],
        "the bytes past the 40 mapped ones are untouched (through {})",
        cx.calls.name()
    );
    Ok(())
}

/// mmap does not look at the file's size: a new, empty file maps, and stays
/// empty.
pub fn mmap_of_an_empty_file_succeeds_and_leaves_it_empty(cx: &mut Cx<'_>) -> Outcome {
    let path = cx.path("empty")?;
    let fd = unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644)
        .or_setup("create the file")?;
    let map = cx.map(40, PROT_READ | PROT_WRITE, MAP_SHARED, fd.raw(), 0);
    let size = unistd::fstat(&fd).or_setup("fstat")?.st_size;
    let calls = cx.calls.name();
    match map {
        Ok(_) => claim!(
            cx,
            size == 0,
            "mmap of an empty file succeeds (through {calls}) and leaves it empty \
             ({size} bytes)"
        ),
        Err(setup) => claim!(
            cx,
            false,
            "mmap of an empty file succeeds (through {calls}: {setup})"
        ),
    };
    Ok(())
}

/// mmap(2): "Use of a mapped region can result in these signals: ...
/// SIGBUS Attempted access to a page of the buffer that lies beyond the
/// end of the mapped file."
pub fn touching_a_page_wholly_past_end_of_file_raises_sigbus(cx: &mut Cx<'_>) -> Outcome {
    let path = cx.path("empty")?;
    let fd = unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644)
        .or_setup("create the file")?;
    let map = cx.map(40, PROT_READ, MAP_SHARED, fd.raw(), 0)?;
    let ended = cx.in_child(|| i32::from(map.read(0)))?;
    killed_by(
        cx,
        ended,
        SIGBUS,
        "a read of a page wholly past end of file",
    );
    Ok(())
}
