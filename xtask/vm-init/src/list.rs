//! Reading xtask's list files (`/vm/tests.list`, `/vm/programs.list`) by
//! mapping them: a read-only private file mapping is the file's bytes in
//! memory, with no buffer to size and no read loop. (The course's subject,
//! used for real.)

use core::ffi::CStr;
use linux_raw_sys::general as k;
use mman::{MapFlags, Mapping, Prot};
use unistd::Errno;

/// A list file mapped into memory, one entry per line.
pub struct ListFile {
    /// `None` for an empty file: mmap refuses a length of 0 with EINVAL.
    map: Option<Mapping>,
}

impl ListFile {
    /// Opens and maps `path`. The descriptor is closed on return; the
    /// mapping keeps the file's pages reachable without it.
    pub fn open(path: &CStr) -> Result<ListFile, Errno> {
        let fd = unistd::open(path, k::O_RDONLY | k::O_CLOEXEC, 0)?;
        let len = unistd::fstat(&fd)?.st_size as usize;
        if len == 0 {
            return Ok(ListFile { map: None });
        }
        let map = Mapping::new(len, Prot::READ, MapFlags::PRIVATE, fd.raw(), 0)?;
        Ok(ListFile { map: Some(map) })
    }

    /// The file's bytes.
    fn bytes(&self) -> &[u8] {
        match &self.map {
            // SAFETY: a PROT_READ, MAP_PRIVATE mapping of `len` bytes that
            // lives as long as `self`; nothing in this process writes to it,
            // and the initramfs file behind it never changes.
            Some(map) => unsafe { core::slice::from_raw_parts(map.as_ptr(), map.len()) },
            None => &[],
        }
    }

    /// The non-empty lines, without their newline.
    pub fn lines(&self) -> impl Iterator<Item = &[u8]> {
        self.bytes()
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty())
    }
}
