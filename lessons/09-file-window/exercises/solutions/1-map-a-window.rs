//! Exercise 9.1, a reference answer: round the offset down to a page
//! boundary, and lengthen the mapping by what that added in front.

use mman::{MapFlags, Mapping, Prot};
use syscall::Errno;
use unistd::Fd;

/// Maps bytes `offset..offset + len` of `fd`; returns the mapping and the
/// index in it of byte `offset`.
pub fn window(fd: &Fd, offset: u64, len: usize) -> Result<(Mapping, usize), Errno> {
    let page = rt::page_size() as u64;
    // The page boundary at or below `offset` (the page size is a power of
    // two, so clearing the low bits rounds down).
    let start = offset & !(page - 1);
    // Less than one page: it fits in usize on every architecture.
    let lead = (offset - start) as usize;
    let length = lead.checked_add(len).ok_or(Errno::EINVAL)?;
    let offset = i64::try_from(start).map_err(|_| Errno::EINVAL)?;
    let map = Mapping::new(length, Prot::READ, MapFlags::SHARED, fd.raw(), offset)?;
    Ok((map, lead))
}
