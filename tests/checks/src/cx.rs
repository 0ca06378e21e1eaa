//! What a check is given, and how it states a claim.

use crate::{Calls, Env, Region};
use core::fmt;
use linux_raw_sys::general::{MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, O_CREAT, O_RDWR, O_TRUNC};
use linux_raw_sys::general::{PROT_READ, PROT_WRITE};
use mman::Errno;
use unistd::{CPath, Ended, Fd};

/// Where a check's claims go. The self-test prints each one as an `[ok]`
/// or `[FAILED]` line; the test suite collects them and fails the test if
/// any was refuted.
pub trait Report {
    /// Records one claim and whether it held.
    fn claim(&mut self, holds: bool, what: fmt::Arguments<'_>);
}

/// A step before the claims that did not work, so the check stopped: a
/// file not created, a fork refused, a child that died preparing. Nothing
/// was learnt about the call the check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// A call failed.
    Call {
        /// What the check was doing.
        step: &'static str,
        /// What the call answered.
        errno: Errno,
    },
    /// A child did not exit with status 0.
    Child {
        /// What the child was doing.
        step: &'static str,
        /// How it ended instead.
        ended: Ended,
    },
}

impl fmt::Display for Setup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Setup::Call { step, errno } => write!(f, "setup failed: {step}: {errno}"),
            Setup::Child { step, ended } => write!(f, "setup failed: {step}: the child {ended}"),
        }
    }
}

/// How a check ended: `Ok` once every claim was stated (each held or not).
pub type Outcome = Result<(), Setup>;

/// `result.or_setup("step")?` in a check.
pub(crate) trait OrSetup<T> {
    fn or_setup(self, step: &'static str) -> Result<T, Setup>;
}

impl<T> OrSetup<T> for Result<T, Errno> {
    fn or_setup(self, step: &'static str) -> Result<T, Setup> {
        self.map_err(|errno| Setup::Call { step, errno })
    }
}

/// A check's context: where it runs, whose calls it makes, where its
/// claims go.
pub struct Cx<'a> {
    /// Where it runs.
    pub env: Env<'a>,
    /// Whose calls it makes.
    pub calls: &'a dyn Calls,
    report: &'a mut dyn Report,
}

impl<'a> Cx<'a> {
    /// A context for running checks in `env`, making `calls`, claiming to
    /// `report`.
    pub fn new(env: Env<'a>, calls: &'a dyn Calls, report: &'a mut dyn Report) -> Cx<'a> {
        Cx { env, calls, report }
    }

    /// States a claim: `holds` is what the kernel showed. Returns `holds`.
    pub fn claim(&mut self, holds: bool, what: fmt::Arguments<'_>) -> bool {
        self.report.claim(holds, what);
        holds
    }

    /// Claims that `got` is the failure `expected`, by the man page's words
    /// `what`.
    pub fn fails_with<T>(&mut self, got: Result<T, Errno>, expected: Errno, what: &str) -> bool {
        let calls = self.calls.name();
        match got {
            Err(errno) => self.claim(
                errno == expected,
                format_args!("{what}: {expected:?} (through {calls}: {errno:?})"),
            ),
            Ok(_) => self.claim(
                false,
                format_args!("{what}: {expected:?} (through {calls}: it succeeded)"),
            ),
        }
    }

    /// The path of `name` in the check's directory.
    pub fn path(&self, name: &str) -> Result<CPath, Setup> {
        CPath::join(self.env.dir, name).ok_or(Setup::Call {
            step: "build a path",
            errno: Errno::ENAMETOOLONG,
        })
    }

    /// Creates (or empties) file `name` and writes `contents` into it.
    pub fn file_with(&self, name: &str, contents: &[u8]) -> Result<CPath, Setup> {
        let path = self.path(name)?;
        let fd = unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644)
            .or_setup("create a file")?;
        unistd::write_all(fd.raw(), contents).or_setup("write the file")?;
        Ok(path)
    }

    /// A file `name` of one page, open with `flags`.
    pub fn one_page_file(&self, name: &str, flags: u32) -> Result<Fd, Setup> {
        let path = self.path(name)?;
        let fd = unistd::open(path.as_cstr(), O_RDWR | O_CREAT | O_TRUNC, 0o644)
            .or_setup("create a file")?;
        unistd::ftruncate(&fd, self.env.page as u64).or_setup("size the file")?;
        drop(fd);
        unistd::open(path.as_cstr(), flags, 0).or_setup("open the file")
    }

    /// Reads file `path` back into `buf` with read(2); the byte count.
    pub fn read_back(&self, path: &CPath, buf: &mut [u8]) -> Result<usize, Setup> {
        let fd = unistd::open(path.as_cstr(), linux_raw_sys::general::O_RDONLY, 0)
            .or_setup("reopen the file")?;
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
    pub fn map(
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
    pub fn anonymous(&self, len: usize, prot: u32) -> Result<Region<'a>, Setup> {
        self.map(len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    }

    /// Runs `body` in a forked child and returns how the child ended,
    /// killing it if it runs past [`Env::wait_ns`].
    ///
    /// `body` runs in a copy of this process that has only the calling
    /// thread: it must take no lock and allocate nothing (no check does;
    /// this crate has no allocator).
    pub fn in_child(&self, body: impl FnOnce() -> i32) -> Result<Ended, Setup> {
        // SAFETY: fork's rule for a process that may have other threads is
        // that the child calls only async-signal-safe code; the bodies in
        // this crate make raw system calls and touch memory, nothing else.
        unsafe { unistd::run_in_child_for(body, self.env.wait_ns) }.or_setup("fork")
    }

    /// Runs `body` in a forked child and returns the value it computed:
    /// for calls that would change this process's address space or
    /// descriptors, which other threads of the test process share.
    ///
    /// The child hands the value back in a shared anonymous page, and
    /// exits with status 0 once it has.
    pub fn value_in_child<T: Copy>(
        &self,
        step: &'static str,
        body: impl FnOnce() -> T,
    ) -> Result<T, Setup> {
        const { assert!(core::mem::size_of::<T>() <= 1024) };
        let shared = Region::map(
            &crate::Ours,
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

/// `claim!(cx, condition, "format", args...)`: state a claim.
#[macro_export]
macro_rules! claim {
    ($cx:expr, $holds:expr, $($what:tt)+) => {
        $cx.claim($holds, format_args!($($what)+))
    };
}
