//! The test files under `target/bench/files/`: making them, and putting
//! them in or out of the page cache.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use linux_raw_sys::general as k;
use mman::{MapFlags, Mapping, Prot};
use unistd::Fd;

use crate::data;
use crate::size::Size;
use crate::sys;

/// One file of `size` bytes whose contents are [`data::word`]s.
pub struct TestFile {
    /// Where it is.
    pub path: CString,
    /// How long it is.
    pub size: Size,
    /// The checksum of all its bytes.
    pub checksum: u64,
}

impl TestFile {
    /// Opens the file for reading.
    pub fn open(&self) -> Result<Fd, String> {
        unistd::open(&self.path, k::O_RDONLY | k::O_CLOEXEC, 0)
            .map_err(|e| format!("open {}: {e:?}", self.shown()))
    }

    /// The path, for messages.
    pub fn shown(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// Creates `dir/file-<size>.bin` unless a file of that size is already
/// there (its contents are the same every time, so an old one is reused;
/// a damaged one would show up as checksum mismatches).
pub fn prepare(dir: &Path, size: Size) -> Result<TestFile, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let path: PathBuf = dir.join(format!("file-{}.bin", size.label_compact()));
    let cpath = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| format!("{} contains a NUL byte", path.display()))?;
    let file = TestFile {
        path: cpath,
        size,
        checksum: data::expected(0, size.bytes()),
    };
    let reusable = std::fs::metadata(&path).is_ok_and(|m| m.len() == size.bytes());
    if !reusable {
        write(&file)?;
    }
    Ok(file)
}

/// Writes the contents in 1 MiB pieces, then fsyncs, so that the pages are
/// clean and can be evicted later.
fn write(file: &TestFile) -> Result<(), String> {
    let flags = k::O_WRONLY | k::O_CREAT | k::O_TRUNC | k::O_CLOEXEC;
    let fd = unistd::open(&file.path, flags, 0o644)
        .map_err(|e| format!("create {}: {e:?}", file.shown()))?;
    let mut buf = vec![0u8; (1 << 20).min(file.size.bytes() as usize)];
    let mut offset = 0u64;
    while offset < file.size.bytes() {
        let len = buf.len().min((file.size.bytes() - offset) as usize);
        data::fill(&mut buf[..len], offset);
        unistd::write_all(fd.raw(), &buf[..len])
            .map_err(|e| format!("write {}: {e:?}", file.shown()))?;
        offset += len as u64;
    }
    sys::fsync(&fd).map_err(|e| format!("fsync {}: {e:?}", file.shown()))
}

/// The fraction of the file's pages that are in the page cache, by mincore
/// on a fresh mapping (which touches nothing, so it changes nothing).
pub fn resident_fraction(file: &TestFile) -> Result<f64, String> {
    let fd = file.open()?;
    let len = file.size.bytes() as usize;
    let mapping = Mapping::new(len, Prot::READ, MapFlags::SHARED, fd.raw(), 0)
        .map_err(|e| format!("mmap {}: {e:?}", file.shown()))?;
    let pages = len.div_ceil(rustix::param::page_size());
    let mut vec = vec![0u8; pages];
    // SAFETY: the range is the mapping we hold; mincore only looks at it.
    unsafe { sys::mincore(mapping.as_ptr(), len, &mut vec) }
        .map_err(|e| format!("mincore {}: {e:?}", file.shown()))?;
    let resident = vec.iter().filter(|&&b| b & 1 == 1).count();
    Ok(resident as f64 / pages as f64)
}

/// Reads the whole file once, so every page is in the page cache.
pub fn warm(file: &TestFile) -> Result<(), String> {
    let fd = file.open()?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match unistd::read(&fd, &mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("read {}: {e:?}", file.shown())),
        }
    }
}

/// Drops the file from the page cache: fsync (dirty pages cannot be
/// dropped), then fadvise(DONTNEED). Returns the fraction still resident
/// afterwards, as mincore sees it; the caller decides whether that counts
/// as cold. An error means the kernel refused the advice itself.
pub fn evict(file: &TestFile) -> Result<f64, String> {
    let fd = file.open()?;
    sys::fsync(&fd).map_err(|e| format!("fsync: {e:?}"))?;
    sys::fadvise_dontneed(&fd).map_err(|e| format!("posix_fadvise(DONTNEED): {e:?}"))?;
    drop(fd);
    resident_fraction(file)
}
