//! What a check needs to know about where it runs, and cannot ask itself.

use core::ffi::CStr;

/// Facts the caller knows: the test suite from std and rustix, the
/// self-test from its own start-up code.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    /// A directory the check may create files in.
    pub dir: &'a CStr,
    /// The page size, from the auxiliary vector's AT_PAGESZ.
    pub page: usize,
    /// How long a check waits for a child it forked before it kills it, in
    /// nanoseconds: a check whose call is broken fails, it does not hang.
    pub wait_ns: u64,
    /// QEMU user mode answers, not a kernel for this architecture.
    pub emulated: bool,
    /// A 64-bit kernel answers: for every 64-bit program, and for a 32-bit
    /// one under QEMU user mode on a 64-bit host or on a 64-bit kernel's
    /// compat layer (i686 on x86_64, armv7 on arm64). It adds addresses in
    /// 64 bits, so a 32-bit range does not wrap there
    /// (`unistd::kernel_is_64bit`).
    pub kernel_is_64bit: bool,
}

impl Env<'_> {
    /// A 32-bit program under QEMU user mode. QEMU reserves the guest's
    /// whole 4 GiB in the host when it starts, so an address the program
    /// never mapped is still mapped (PROT_NONE) as far as the host kernel
    /// can tell, and calls about it that QEMU passes on succeed where a
    /// kernel for the guest answers ENOMEM.
    pub fn qemu_32bit_guest(&self) -> bool {
        cfg!(target_pointer_width = "32") && self.emulated
    }

    /// A 32-bit program on a 64-bit kernel's compat layer, natively.
    pub fn compat_32bit(&self) -> bool {
        cfg!(target_pointer_width = "32") && self.kernel_is_64bit && !self.emulated
    }

    /// The highest page-aligned address: above every process's address
    /// space (TASK_SIZE stops at least one page short of the top on every
    /// architecture).
    pub fn last_page(&self) -> usize {
        usize::MAX & !(self.page - 1)
    }
}
