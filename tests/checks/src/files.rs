//! A check's files and mappings: made in its directory, and through its
//! calls.

use crate::cx::OrSetup;
use crate::{Cx, Region, Setup};
use linux_raw_sys::general::{MAP_ANONYMOUS, MAP_PRIVATE, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC};
use mman::Errno;
use unistd::{CPath, Fd};

impl<'a> Cx<'a> {
    /// The path of `name` in the check's directory.
    pub(crate) fn path(&self, name: &str) -> Result<CPath, Setup> {
        CPath::join(self.env.dir, name).ok_or(Setup::Call {
            step: "build a path",
            errno: Errno::ENAMETOOLONG,
        })
    }

    /// Creates (or empties) file `name` and writes `contents` into it.
    pub(crate) fn file_with(&self, name: &str, contents: &[u8]) -> Result<CPath, Setup> {
        let path = self.path(name)?;
        let fd = unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644)
            .or_setup("create a file")?;
        unistd::write_all(fd.raw(), contents).or_setup("write the file")?;
        Ok(path)
    }

    /// A file `name` of one page, open with `flags`.
    pub(crate) fn one_page_file(&self, name: &str, flags: u32) -> Result<Fd, Setup> {
        let path = self.path(name)?;
        let fd = unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644)
            .or_setup("create a file")?;
        unistd::ftruncate(&fd, self.env.page as u64).or_setup("size the file")?;
        drop(fd);
        unistd::open(path.as_cstr(), flags, 0).or_setup("open the file")
    }

    /// Reads file `path` back into `buf` with read(2); the byte count.
    pub(crate) fn read_back(&self, path: &CPath, buf: &mut [u8]) -> Result<usize, Setup> {
        let fd = unistd::open(path.as_cstr(), O_RDONLY, 0).or_setup("reopen the file")?;
        let mut n = 0;
        // A file on a local file system ends; the loop is bounded by the
        // buffer anyway, since a full buffer stops it.
        while n < buf.len() {
            match unistd::read(&fd, &mut buf[n..]).or_setup("read the file")? {
                0 => break,
                got => n += got,
            }
        }
        Ok(n)
    }

    /// A mapping made through [`Cx::calls`], unmapped through them when
    /// dropped.
    pub(crate) fn map(
        &self,
        len: usize,
        prot: u32,
        flags: u32,
        fd: i32,
        offset: i64,
    ) -> Result<Region<'a>, Setup> {
        Region::map(self.calls, len, prot, flags, fd, offset).or_setup("mmap")
    }

    /// Private anonymous memory of `len` bytes, through [`Cx::calls`].
    pub(crate) fn anonymous(&self, len: usize, prot: u32) -> Result<Region<'a>, Setup> {
        self.map(len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    }
}
