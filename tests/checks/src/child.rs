//! Forked children: for a call that would end or change the process that
//! makes it, which in a test process other threads share.

use crate::cx::OrSetup;
use crate::{Cx, Ours, Region, Setup};
use linux_raw_sys::general::{MAP_ANONYMOUS, MAP_SHARED, PROT_READ, PROT_WRITE};
use unistd::Ended;

impl Cx<'_> {
    /// Runs `body` in a forked child and returns how the child ended,
    /// killing it if it runs past [`crate::Env::wait_ns`].
    ///
    /// `body` runs in a copy of this process that has only the calling
    /// thread: it must take no lock and allocate nothing (no check does;
    /// this crate has no allocator).
    pub(crate) fn in_child(&self, body: impl FnOnce() -> i32) -> Result<Ended, Setup> {
        // SAFETY: fork's rule for a process that may have other threads is
        // that the child calls only async-signal-safe code. The bodies in
        // this crate make system calls through `Calls` (raw ones, or on
        // powerpc64 and s390x the C library's msync, which is one call) and
        // touch memory; an assert that fails in them unwinds in a test
        // process, and `run_in_child_for` then exits the child with status
        // 101 rather than let it return.
        unsafe { unistd::run_in_child_for(body, self.env.wait_ns) }.or_setup("fork")
    }

    /// Runs `body` in a forked child and returns the value it computed:
    /// for calls that would change this process's address space or
    /// descriptors, which other threads of the test process share.
    ///
    /// The child hands the value back in a shared anonymous page, and
    /// exits with status 0 once it has.
    pub(crate) fn value_in_child<T: Copy>(
        &self,
        step: &'static str,
        body: impl FnOnce() -> T,
    ) -> Result<T, Setup> {
        let shared = Region::map(
            &Ours,
            core::mem::size_of::<T>().max(1),
            PROT_READ | PROT_WRITE,
            MAP_SHARED | MAP_ANONYMOUS,
            -1,
            0,
        )
        .or_setup("map a page to hand back a value")?;
        let slot = shared.addr() as *mut T;
        let ended = self.in_child(|| {
            // SAFETY: the page is mapped, writable, page-aligned (so aligned
            // for T) and at least size_of::<T>() long.
            unsafe { slot.write_volatile(body()) };
            0
        })?;
        if !ended.exited_ok() {
            return Err(Setup::Child { step, ended });
        }
        // SAFETY: as above; the child wrote a whole T there before it
        // exited 0, and wait4 ordered its store before this load.
        Ok(unsafe { slot.read_volatile() })
    }
}
