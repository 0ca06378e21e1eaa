//! Shared helpers for the test files in `tests/tests/`: scratch files, the
//! page size, /proc/self/maps, and watching a child die.
//!
//! Each test file covers one topic. nextest (`cargo xtask test`) runs every
//! test in a process of its own, but plain `cargo test` runs the tests of
//! one file as threads of one process, two or more at a time. Everything a
//! process has once is then shared with whatever test runs alongside:
//!
//! - the address space: a hole a test unmaps may be filled at once by
//!   another thread's mmap, and a fresh anonymous mapping may be merged into
//!   one maps line with a neighbour another thread just made;
//! - the page tables: a fork by any thread makes every private page of the
//!   process copy-on-write, so this thread's next store to each one faults;
//! - descriptors (a closed number is soon reused), the umask, limits.
//!
//! A test whose claim needs the process to itself makes its observation in
//! a forked child ([`in_child`], [`in_child_value`]): the child has one
//! thread and nobody else forks it or maps into it. Every wait for a child,
//! a pipe or a futex has a [`Deadline`], so that a missed wake-up fails the
//! test instead of stalling `cargo test`, which has no timeout of its own.

use std::ffi::CString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::Duration;

use linux_raw_sys::general as k;
use unistd::{Errno, Fd, ForkResult};

pub use unistd::WaitStatus;

mod check_runner;
pub use check_runner::{through_both, through_ours};

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

    /// As [`Scratch::file_with`], but written by a forked child, so that no
    /// descriptor open for writing the file ever exists in this process.
    /// For a test that counts the file's IN_CLOSE_WRITE events: a fork by
    /// another thread (under `cargo test`, another test's) while this
    /// process had such a descriptor would copy it into a child of its own,
    /// and that copy's close, whenever that child ended, would be one more
    /// event.
    pub fn file_from_child(&self, name: &str, contents: &[u8]) -> CString {
        let path = self.path(name);
        let status = in_child(|| {
            let flags = k::O_WRONLY | k::O_CREAT | k::O_TRUNC | k::O_CLOEXEC;
            let Ok(fd) = unistd::open(&path, flags, 0o600) else {
                return 1;
            };
            if unistd::write_all(fd.raw(), contents).is_err() {
                return 2;
            }
            0
        });
        assert_eq!(
            status,
            WaitStatus::Exited(0),
            "creating {name} (1: open failed, 2: write failed)"
        );
        path
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
    // A read(2) that never says end of file (a broken wrapper) must fail
    // the test, not spin it forever.
    let deadline = Deadline::start();
    loop {
        assert!(
            !deadline.passed(),
            "read(2) never reached the end of the file within {:?}",
            deadline.within()
        );
        match unistd::read(&fd, &mut buf).expect("read(2)") {
            0 => return out,
            n => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// The point in time by which a wait must have ended.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    /// On the monotonic clock, in nanoseconds.
    at_ns: u64,
    within: Duration,
}

impl Deadline {
    /// How long a test waits for a child, a pipe or a futex, unless
    /// `MMAP_TEST_WAIT` gives another number of seconds. Only a failure ever
    /// waits this long (a lost wake-up, a child stuck on a lock it
    /// inherited); it is generous because a fully emulated machine (`--vm`)
    /// is slow, and shorter than the two minutes after which nextest and the
    /// VM's init kill the whole test, so that the message says what hung.
    pub const WAIT: Duration = Duration::from_secs(60);

    /// How long a test waits: `MMAP_TEST_WAIT` seconds, or [`Deadline::WAIT`].
    pub fn wait() -> Duration {
        std::env::var(protocol::env::TEST_WAIT)
            .ok()
            .and_then(|secs| secs.parse().ok())
            .map_or(Deadline::WAIT, Duration::from_secs)
    }

    /// [`Deadline::wait`] from now.
    pub fn start() -> Deadline {
        Deadline::after(Deadline::wait())
    }

    /// `within` from now.
    pub fn after(within: Duration) -> Deadline {
        let ns = u64::try_from(within.as_nanos()).unwrap_or(u64::MAX);
        Deadline {
            at_ns: unistd::monotonic_ns().saturating_add(ns),
            within,
        }
    }

    /// Nanoseconds left, 0 once passed.
    pub fn remaining_ns(&self) -> u64 {
        self.at_ns.saturating_sub(unistd::monotonic_ns())
    }

    /// Whether the deadline has passed.
    pub fn passed(&self) -> bool {
        self.remaining_ns() == 0
    }

    /// How long the deadline allowed, for messages.
    pub fn within(&self) -> Duration {
        self.within
    }

    /// Sleeps for `nap` nanoseconds, or until the deadline if that is
    /// sooner. Returns the next, longer nap: polling starts fast, so a wait
    /// that ends at once costs microseconds, and backs off to 2 ms.
    fn nap(&self, nap: u64) -> u64 {
        let _ = unistd::sleep_ns(nap.min(self.remaining_ns()));
        (nap * 2).min(2_000_000)
    }
}

/// Waits for child `pid` to end, at most [`Deadline::wait`]; a child still
/// running then is killed and the test fails. Parent only (it may panic).
#[track_caller]
pub fn reap(pid: i32) -> WaitStatus {
    reap_by(pid, Deadline::start())
}

/// [`reap`] with a deadline of the caller's.
#[track_caller]
pub fn reap_by(pid: i32, deadline: Deadline) -> WaitStatus {
    let mut nap = 10_000;
    loop {
        match unistd::try_wait(pid) {
            Ok(Some((_, raw))) => return WaitStatus::decode(raw),
            Ok(None) | Err(Errno::EINTR) => {}
            Err(e) => panic!("wait4 for child {pid}: {e}"),
        }
        if deadline.passed() {
            let _ = unistd::kill(pid, k::SIGKILL);
            let _ = unistd::wait4(pid);
            panic!(
                "child {pid} was still running after {:?}; killed it",
                deadline.within()
            );
        }
        nap = deadline.nap(nap);
    }
}

/// Runs `body` in a forked child and returns how the child ended (waiting
/// at most [`Deadline::wait`], as [`reap`]).
///
/// `body` may only touch memory and make raw system calls: after fork in a
/// process with several threads (the test harness has some), locks such as
/// the allocator's may be held by threads that no longer exist. In return
/// the child has the address space to itself: no other thread maps into a
/// hole it makes, and no other thread's fork makes its pages copy-on-write.
#[track_caller]
pub fn in_child(body: impl FnOnce() -> i32) -> WaitStatus {
    in_child_by(Deadline::start(), body)
}

/// [`in_child`] with a deadline of the caller's.
#[track_caller]
pub fn in_child_by(deadline: Deadline, body: impl FnOnce() -> i32) -> WaitStatus {
    // SAFETY: the bodies in this test suite follow the rule above; the
    // child ends with exit and never returns into the test harness, not
    // even by a panic (exit_with).
    match unsafe { unistd::fork() }.expect("fork") {
        ForkResult::Child => unistd::exit_with(body),
        ForkResult::Parent(pid) => reap_by(pid, deadline),
    }
}

/// Runs `body` in a forked child (under the rules of [`in_child`]) and
/// returns the value it computed, passed back through a shared page.
///
/// The value must be plain data: `Copy` (nothing to drop twice) and holding
/// no pointer to memory the child made (which the parent does not have).
/// Numbers, errno values and results of them are what the tests pass.
#[track_caller]
pub fn in_child_value<T: Copy + 'static>(body: impl FnOnce() -> T) -> T {
    let page = page_size();
    assert!(
        size_of::<T>() <= page && align_of::<T>() <= page,
        "a value the size of a page at most"
    );
    let shared = mman::MapFlags::SHARED | mman::MapFlags::ANONYMOUS;
    let rw = mman::Prot::READ | mman::Prot::WRITE;
    let report = mman::Mapping::new(page, rw, shared, -1, 0).expect("mmap a report page");
    let slot = report.as_ptr().cast::<T>();
    let status = in_child(|| {
        let value = body();
        // SAFETY: the report page is mapped read-write, shared with the
        // parent, page-aligned and large enough for a T (asserted above);
        // nothing else writes it.
        unsafe { slot.write(value) };
        0
    });
    assert_eq!(
        status,
        WaitStatus::Exited(0),
        "the child did not finish its work"
    );
    // SAFETY: the child exited with 0, which it does only after writing a
    // whole T into the slot (the same program, so the same layout); its
    // exit and our wait order that write before this read. T is Copy, so
    // the copy we take owns nothing, and it points to nothing the child
    // made (the rule above).
    unsafe { slot.read() }
}

/// A pipe (read end, write end) for [`read_by`]: non-blocking on both
/// ends, and close-on-exec.
pub fn pipe() -> (Fd, Fd) {
    unistd::pipe(k::O_CLOEXEC | k::O_NONBLOCK).expect("pipe2")
}

/// read(2) from a [`pipe`] that waits for data at most until `deadline`
/// (then `ETIMEDOUT`). Raw calls only, so a child may use it. A forked
/// child of another test may hold a copy of the write end for a moment, so
/// end of file can come a little late; the deadline bounds that too.
pub fn read_by(fd: &Fd, buf: &mut [u8], deadline: Deadline) -> Result<usize, Errno> {
    let mut nap = 10_000;
    loop {
        match unistd::read(fd, buf) {
            Err(Errno::EAGAIN | Errno::EINTR) if deadline.passed() => {
                return Err(Errno::ETIMEDOUT);
            }
            Err(Errno::EAGAIN | Errno::EINTR) => nap = deadline.nap(nap),
            done => return done,
        }
    }
}

/// FUTEX_WAIT on `word` while it holds `expected`, at most until
/// `deadline` (then `ETIMEDOUT`). Like [`unistd::futex_wait`], the futex is
/// shared (keyed by page, not by address) and wake-ups may be spurious.
pub fn futex_wait_by(word: &AtomicU32, expected: u32, deadline: Deadline) -> Result<(), Errno> {
    let left = deadline.remaining_ns();
    if left == 0 {
        return Err(Errno::ETIMEDOUT);
    }
    let timeout = k::timespec {
        tv_sec: (left / 1_000_000_000) as _,
        tv_nsec: (left % 1_000_000_000) as _,
    };
    // SAFETY: the kernel reads the aligned word `word` refers to and one
    // timespec (FUTEX_WAIT's timeout is relative), both alive for the call.
    unsafe {
        syscall::syscall4(
            syscall::nr::FUTEX,
            word.as_ptr() as usize,
            k::FUTEX_WAIT as usize,
            expected as usize,
            &timeout as *const k::timespec as usize,
        )
    }
    .map(drop)
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

/// The start, end and permissions of one /proc/self/maps line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapsEntry {
    /// First address.
    pub start: usize,
    /// One past the last address.
    pub end: usize,
    /// `rw-p` and the like.
    pub perms: [u8; 4],
}

impl MapsEntry {
    /// The permission field as text.
    pub fn perms(&self) -> &str {
        std::str::from_utf8(&self.perms).unwrap_or("????")
    }
}

/// The /proc/self/maps line that contains `addr` (`Ok(None)`: no line does).
///
/// Read with raw read(2) into stack buffers, allocating nothing, so a
/// forked child may call it; and so that looking cannot change what is
/// looked at: an allocator that maps memory (musl's often does) could fill
/// a hole just made.
pub fn maps_entry(addr: usize) -> Result<Option<MapsEntry>, Errno> {
    let fd = unistd::open(c"/proc/self/maps", k::O_RDONLY | k::O_CLOEXEC, 0)?;
    // A line starts `start-end perms `: at most 16+1+16+1+4 bytes.
    let mut line = [0u8; 64];
    let mut len = 0;
    let mut chunk = [0u8; 4096];
    // As in `read_back`: a read that never ends the file is a failure.
    let deadline = Deadline::start();
    loop {
        if deadline.passed() {
            return Err(Errno::ETIMEDOUT);
        }
        let n = unistd::read(&fd, &mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        for &b in &chunk[..n] {
            if b != b'\n' {
                if len < line.len() {
                    line[len] = b;
                    len += 1;
                }
                continue;
            }
            let entry = parse_maps_line(&line[..len]);
            len = 0;
            if let Some(entry) = entry.filter(|e| e.start <= addr && addr < e.end) {
                return Ok(Some(entry));
            }
        }
    }
}

/// `start-end perms ...` → its [`MapsEntry`].
fn parse_maps_line(line: &[u8]) -> Option<MapsEntry> {
    let hex = |digits: &[u8]| {
        digits.iter().try_fold(0usize, |acc, &d| {
            let digit = (d as char).to_digit(16)? as usize;
            acc.checked_mul(16)?.checked_add(digit)
        })
    };
    let mut fields = line.split(|&b| b == b' ');
    let mut range = fields.next()?.split(|&b| b == b'-');
    let start = hex(range.next()?)?;
    let end = hex(range.next()?)?;
    let perms = fields.next()?.get(..4)?;
    Some(MapsEntry {
        start,
        end,
        perms: [perms[0], perms[1], perms[2], perms[3]],
    })
}

/// The QEMU user-mode emulator running these tests, if any: `cargo xtask`
/// puts its path in `MMAP_TESTS_EMULATOR`. Tests use it to state, and
/// check, where QEMU's answer differs from a kernel's, and the execve test
/// runs a foreign executable through it.
pub fn emulator() -> Option<String> {
    std::env::var(protocol::env::TESTS_EMULATOR)
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
    cfg!(target_pointer_width = "32") && unistd::kernel_is_64bit(emulator().is_some())
}

/// How many random sequences a model-based test runs: `MMAP_MODEL_CASES`,
/// else 1,000 natively and 300 under QEMU user mode, where each sequence is
/// about twenty times slower. (`--vm` sets 150 through the variable.)
pub fn model_cases() -> u32 {
    std::env::var(protocol::env::MODEL_CASES)
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

/// The current umask.
///
/// There is no call that only reads it, and setting it to 0 and back here
/// would, for that moment, change it for every thread of the process: a
/// test creating a file alongside would get the wrong mode, and two
/// concurrent callers could leave 0 behind for good. A forked child has a
/// umask of its own, copied from ours, so the child sets and reports it.
pub fn current_umask() -> u32 {
    in_child_value(|| unistd::umask(0))
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
