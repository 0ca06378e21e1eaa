//! Shared helpers for the test files in `tests/tests/`: scratch files, the
//! page size, /proc/self/maps, and watching a child die.
//!
//! Each test file covers one topic; nextest runs every test in its own
//! process, so a test may fork a child to observe SIGSEGV or SIGBUS, and may
//! change its umask, without disturbing any other test.

use std::ffi::CString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use unistd::WaitStatus;

/// The page size of the running kernel, from the auxiliary vector's
/// `AT_PAGESZ` (rustix reads it; `abi.rs` checks it against our own read of
/// /proc/self/auxv).
pub fn page_size() -> usize {
    rustix::param::page_size()
}

/// A scratch directory for one test, removed when dropped.
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    /// A new empty directory under the system's temporary directory.
    pub fn new(test: &str) -> Scratch {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("mmap-lessons-{test}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch directory");
        Scratch { dir }
    }

    /// The path of `name` inside the scratch directory, NUL-terminated.
    pub fn path(&self, name: &str) -> CString {
        CString::new(self.dir.join(name).into_os_string().into_encoded_bytes())
            .expect("no NUL in path")
    }

    /// Creates `name` holding `contents` and returns its path.
    pub fn file_with(&self, name: &str, contents: &[u8]) -> CString {
        std::fs::write(self.dir.join(name), contents).expect("write scratch file");
        self.path(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Reads a whole file with read(2) through our own wrapper.
pub fn read_back(path: &CString) -> Vec<u8> {
    let fd = unistd::open(path, linux_raw_sys::general::O_RDONLY, 0).expect("open for read-back");
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match unistd::read(&fd, &mut buf).expect("read(2)") {
            0 => return out,
            n => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// Runs `body` in a forked child and returns how the child ended.
///
/// `body` may only touch memory and make raw system calls: after fork in a
/// process with several threads (the test harness has some), locks such as
/// the allocator's may be held by threads that no longer exist.
pub fn in_child(body: impl FnOnce() -> i32) -> WaitStatus {
    // SAFETY: the bodies in this test suite follow the rule above.
    unsafe { unistd::run_in_child(body) }.expect("fork")
}

/// Asserts that a child was ended by `signal` (core dump or not: that
/// depends on the machine's core limit, not on mmap).
#[track_caller]
pub fn assert_killed_by(status: WaitStatus, signal: u32) {
    assert_eq!(
        status.signal(),
        Some(signal),
        "expected the child to be killed by {}, but it {status}",
        unistd::signal_name(signal)
    );
}

/// The /proc/self/maps line of the mapping that contains `addr`, if any.
///
/// "Contains", not "starts at": the kernel (and QEMU's emulation of this
/// file) merges neighbouring mappings with the same protection and backing
/// into one line, so a fresh mapping may be listed as part of a larger one.
pub fn maps_line(addr: usize) -> Option<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
    maps.lines()
        .find(|line| {
            let range = line.split_whitespace().next().unwrap_or("");
            let (start, end) = range.split_once('-').unwrap_or(("", ""));
            let parse = |hex: &str| usize::from_str_radix(hex, 16).ok();
            matches!((parse(start), parse(end)), (Some(s), Some(e)) if s <= addr && addr < e)
        })
        .map(str::to_owned)
}

/// The QEMU user-mode emulator running these tests, if any: `cargo xtask`
/// names it in `MMAP_TESTS_EMULATOR` (e.g. `qemu-i386`). Tests use it only
/// to state, and check, where QEMU's answer differs from a kernel's.
pub fn emulator() -> Option<String> {
    std::env::var("MMAP_TESTS_EMULATOR")
        .ok()
        .filter(|e| !e.is_empty())
}

/// True for a 32-bit program whose system calls a 64-bit kernel answers:
/// under QEMU user mode on a 64-bit host, or natively on a 64-bit kernel's
/// compat layer (armv7 on arm64, i686 on x86_64, as in `--vm`). Such a
/// kernel does its arithmetic in 64 bits, so sizes that overflow a 32-bit
/// kernel's (an mmap2 offset past 16 TiB, a range that wraps at 4 GiB) do
/// not overflow there.
pub fn runs_on_a_64bit_kernel_as_32bit() -> bool {
    if !cfg!(target_pointer_width = "32") {
        return false;
    }
    if emulator().is_some() {
        return true;
    }
    let uname = rustix::system::uname();
    uname.machine().to_bytes().ends_with(b"64")
}

/// How many random sequences a model-based test runs: `MMAP_MODEL_CASES`,
/// else 1,000 natively and 300 under QEMU user mode, where each sequence is
/// about twenty times slower. (`--vm` sets 150 through the variable.)
pub fn model_cases() -> u32 {
    std::env::var("MMAP_MODEL_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if emulator().is_some() { 300 } else { 1000 })
}

/// True when a 32-bit guest runs under QEMU user mode. QEMU then reserves
/// the guest's whole 4 GiB address space in the host at start-up, so an
/// address the guest never mapped is still mapped (PROT_NONE) in the host,
/// and calls QEMU passes through about it succeed where a real kernel
/// answers ENOMEM. A finding of this project, shown in its README.
pub fn is_qemu_32bit_guest() -> bool {
    cfg!(target_pointer_width = "32") && emulator().is_some()
}

/// The current umask (setting it twice: there is no read-only call).
pub fn current_umask() -> u32 {
    let mask = unistd::umask(0);
    unistd::umask(mask);
    mask
}

/// The independent implementation our wrappers are checked against:
/// rustix, except where rustix itself is wrong.
pub mod oracle {
    use std::ffi::c_void;

    /// msync(2) as the oracle makes it.
    ///
    /// Where rustix has no raw-syscall backend (powerpc64, s390x, mips) it
    /// calls the C library, and its `msync` there treats the C function's
    /// return value as the error number ("msync returns its error status
    /// rather than using errno"). glibc's msync returns -1 and sets errno,
    /// as POSIX says, so every failure comes back as "error -1". On those
    /// architectures the oracle is therefore libc's msync and errno, which
    /// is what rustix means to call.
    ///
    /// # Safety
    /// As for msync(2): the range's memory is not changed, but must be a
    /// range the caller may name.
    pub unsafe fn msync(addr: *mut c_void, len: usize, flags: u32) -> rustix::io::Result<()> {
        #[cfg(any(target_arch = "powerpc64", target_arch = "s390x"))]
        {
            // SAFETY: passed on from the caller.
            let ret = unsafe { libc::msync(addr, len, flags as i32) };
            if ret == 0 {
                Ok(())
            } else {
                let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
                Err(rustix::io::Errno::from_raw_os_error(errno))
            }
        }
        #[cfg(not(any(target_arch = "powerpc64", target_arch = "s390x")))]
        // SAFETY: passed on from the caller.
        unsafe {
            rustix::mm::msync(addr, len, rustix::mm::MsyncFlags::from_bits_retain(flags))
        }
    }
}

/// Drops every capability of the calling thread, so that what follows is
/// judged as for an unprivileged process even when the tests run as root
/// (CAP_IPC_LOCK, for one, lifts RLIMIT_MEMLOCK). Dropping needs no
/// privilege. Meant for a forked child: it cannot be undone.
pub fn act_unprivileged() {
    use rustix::thread::{CapabilitySet, CapabilitySets, set_capabilities};
    let none = CapabilitySets {
        effective: CapabilitySet::empty(),
        permitted: CapabilitySet::empty(),
        inheritable: CapabilitySet::empty(),
    };
    // Cannot fail for a thread lowering its own sets; if it did, the checks
    // that follow would see privileged answers and fail visibly.
    let _ = set_capabilities(None, none);
}

/// `vm.max_map_count`: how many mappings (VMAs) one process may have.
pub fn max_map_count() -> usize {
    std::fs::read_to_string("/proc/sys/vm/max_map_count")
        .expect("read /proc/sys/vm/max_map_count")
        .trim()
        .parse()
        .expect("a number in /proc/sys/vm/max_map_count")
}

/// The code a child passed to exit, or `None` if something else ended it.
pub fn exit_code(status: WaitStatus) -> Option<i32> {
    match status {
        WaitStatus::Exited(code) => Some(code),
        _ => None,
    }
}
