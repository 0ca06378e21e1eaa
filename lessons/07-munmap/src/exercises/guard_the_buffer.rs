//! Checks exercise 7.1 (`exercises/1-guard-the-buffer.rs`): the region
//! `guarded` returns must show in /proc/self/maps as a `---p` page followed
//! by read-write pages; the buffer's first and last bytes take stores, the
//! byte below it kills a child with SIGSEGV, nothing else can be mapped on
//! the guard, and dropping the Mapping unmaps guard and buffer.

use core::ffi::CStr;
use linux_raw_sys::general::SIGSEGV;
use mman::{MapFlags, Prot, page};
use rt::{Claims, Escaped, claim, println};
use unistd::Ended;

use crate::answers::guard_the_buffer::guarded;

/// A child that does not end in this long is stuck (10 s).
const LIMIT_NS: u64 = 10_000_000_000;

pub fn check(_dir: &CStr, claims: &mut Claims) {
    let page = rt::page_size();
    // Not a whole number of pages, so the rounding shows.
    let len = 3 * page + 100;
    let buffer_len = page::align_up(len, page).unwrap_or(len);
    let map = match guarded(len, page) {
        Ok(map) => map,
        Err(e) => {
            claim!(
                claims,
                false,
                "guarded({len}, {page}) returns a Mapping: {e}"
            );
            return;
        }
    };
    let addr = map.addr();
    let buffer = addr + page;
    println!(
        "guarded({len}, {page}) = a {}-byte Mapping at {addr:#x}; the buffer should start at \
         {buffer:#x}. /proc/self/maps there:",
        map.len()
    );
    rt::for_each_line(|line| {
        let (start, end) = line.range();
        if start < buffer + buffer_len && end > addr {
            println!("  maps: {}", Escaped(line.as_bytes()));
        }
        true
    });

    claim!(
        claims,
        map.len() >= page + len,
        "the Mapping covers the guard page and the {len}-byte buffer: {} bytes, at least page + \
         len = {}",
        map.len(),
        page + len
    );

    let guard = rt::maps_line(addr);
    let guard_ok = guard
        .as_ref()
        .is_some_and(|l| l.perms().starts_with(b"---") && l.range().1 == buffer);
    let shown = Perms(guard.as_ref().map(|l| l.perms()));
    let held = claim!(
        claims,
        guard_ok,
        "the region's first page, the guard, is listed ---p (no access at all) in a line that \
         ends where the buffer begins: {shown}"
    );
    if !held {
        println!(
            "   (a guard must be mapped, so that nothing else goes there, and allow no access, so \
             that touching it faults: which protection allows nothing?)"
        );
    }

    let line = rt::maps_line(buffer);
    let buffer_ok = line.as_ref().is_some_and(|l| {
        let (start, end) = l.range();
        l.perms().starts_with(b"rw") && start == buffer && end >= buffer + buffer_len
    });
    claim!(
        claims,
        buffer_ok,
        "the buffer's {} pages are listed read-write (rw-) in a line of their own, from the \
         guard's end to at least {:#x}: {}",
        buffer_len / page,
        buffer + buffer_len,
        Perms(line.as_ref().map(|l| l.perms()))
    );

    let last = len - 1;
    let stored = in_child(|| {
        let p = buffer as *mut u8;
        // SAFETY: the child's own copy of the region; if the answer left
        // these bytes inaccessible, the kernel kills the child, which is
        // what the parent looks at.
        unsafe {
            p.write_volatile(b'F');
            p.add(last).write_volatile(b'L');
            i32::from(p.read_volatile() != b'F' || p.add(last).read_volatile() != b'L')
        }
    });
    claim!(
        claims,
        stored.exited_ok(),
        "a child stored into buffer[0] and buffer[{last}] and read both back: {stored}"
    );

    let below = in_child(|| {
        // SAFETY: as above; a SIGSEGV here is the expected outcome.
        unsafe { (buffer as *mut u8).sub(1).write_volatile(b'!') };
        0
    });
    claim!(
        claims,
        below.killed_by(SIGSEGV),
        "a child storing into the byte just below the buffer ({:#x}, in the guard) was killed by \
         SIGSEGV: {below}",
        buffer - 1
    );

    // SAFETY: FIXED_NOREPLACE never replaces anything; if it does map a
    // page, that page is ours and is unmapped below.
    let taken = unsafe {
        mman::mmap(
            addr as *mut u8,
            page,
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED_NOREPLACE,
            -1,
            0,
        )
    };
    if let Ok(p) = taken {
        // SAFETY: a page the kernel just gave us, which nothing uses.
        let _ = unsafe { mman::munmap(p, page) };
    }
    claim!(
        claims,
        taken == Err(mman::Errno::EEXIST),
        "mmap(guard address, {page}, ..., MAP_FIXED_NOREPLACE) = {}: the guard's address is \
         taken, nothing else can be mapped there",
        Answer(taken, addr)
    );

    let last_page = buffer + buffer_len - 1;
    drop(map);
    let gone = rt::maps_line(addr).is_none() && rt::maps_line(last_page).is_none();
    claim!(
        claims,
        gone,
        "after the Mapping is dropped, neither the guard ({addr:#x}) nor the buffer's last byte \
         ({last_page:#x}) is in any maps line: its munmap took both"
    );
}

/// Runs `body` in a child with a deadline.
fn in_child(body: impl FnOnce() -> i32) -> Ended {
    // SAFETY: the child makes plain memory accesses and exits.
    rt::or_exit(unsafe { unistd::run_in_child_for(body, LIMIT_NS) }, "fork")
}

/// A maps line's permissions, or `no maps line`.
struct Perms<'a>(Option<&'a [u8]>);

impl core::fmt::Display for Perms<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(perms) => write!(f, "{}", Escaped(perms)),
            None => f.write_str("no maps line"),
        }
    }
}

/// mmap's answer: the error, or where it mapped relative to the guard.
struct Answer(Result<*mut u8, mman::Errno>, usize);

impl core::fmt::Display for Answer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Err(e) => write!(f, "{}", e.name()),
            Ok(p) if p as usize == self.1 => write!(f, "{p:?}, the guard's own address"),
            Ok(p) => write!(f, "{p:?}, elsewhere (a kernel without MAP_FIXED_NOREPLACE)"),
        }
    }
}
