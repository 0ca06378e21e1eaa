//! The claims of lesson 08 (section 4: two processes sharing a mapping, and
//! synchronising them), one test each.
//!
//! Children are forked from the test process, which has more than one
//! thread, so a child's body only touches memory and makes raw system calls:
//! no allocation, no printing (see `tests::in_child`). Every child is reaped
//! with wait4 before the test ends, and every wait (for a child, a pipe or a
//! futex) has a deadline (`tests::Deadline`).

use std::ffi::CStr;
use std::sync::atomic::{AtomicU32, Ordering};

use linux_raw_sys::general::{O_CLOEXEC, O_CREAT, O_RDWR};
use mman::{MapFlags, Mapping, Prot};
use tests::{Deadline, Scratch, WaitStatus, page_size, read_back};
use unistd::{Errno, Fd, ForkResult};

// ---------------------------------------------------------------------------
// Tools: a forked child that runs while the parent goes on, one-byte pipe
// signals, and text slots in a mapping.

/// Forks; the child runs `body` and exits with its value. Returns the pid.
fn spawn(body: impl FnOnce() -> i32) -> i32 {
    // SAFETY: every body in this file only touches memory and makes raw
    // system calls (see the file's comment).
    match unsafe { unistd::fork() }.expect("fork") {
        ForkResult::Child => unistd::exit(body()),
        ForkResult::Parent(pid) => pid,
    }
}

/// A pipe used as a one-byte "go on" signal.
struct Signal {
    rx: Fd,
    tx: Fd,
}

impl Signal {
    fn new() -> Signal {
        let (rx, tx) = tests::pipe();
        Signal { rx, tx }
    }

    fn send(&self) -> bool {
        unistd::write_all(self.tx.raw(), b"!").is_ok()
    }

    /// In the child: closes the child's copy of the write end (so that if
    /// the parent dies, read sees end of file instead of blocking for ever),
    /// then blocks until a byte arrives. False at end of file or on error.
    /// Only for a child, which exits without running destructors, so the
    /// number is not closed a second time.
    fn recv_in_child(&self) -> bool {
        let _ = unistd::close(self.tx.raw());
        let mut byte = [0u8; 1];
        matches!(
            tests::read_by(&self.rx, &mut byte, Deadline::start()),
            Ok(1)
        )
    }
}

/// A read-write `MAP_SHARED | MAP_ANONYMOUS` page.
fn shared_page() -> Mapping {
    Mapping::new(
        page_size(),
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED | MapFlags::ANONYMOUS,
        -1,
        0,
    )
    .expect("mmap MAP_SHARED|MAP_ANONYMOUS")
}

const SLOT: usize = 64;

/// Writes `text` (length byte, then the bytes) into the slot at `offset`.
fn put(map: &Mapping, offset: usize, text: &[u8]) {
    map.write_from(offset + 1, text);
    map.write(offset, text.len() as u8);
}

/// Whether the slot at `offset` holds exactly `text`. Allocation-free, so
/// children may call it.
fn holds(map: &Mapping, offset: usize, text: &[u8]) -> bool {
    usize::from(map.read(offset)) == text.len()
        && text
            .iter()
            .enumerate()
            .all(|(i, &b)| map.read(offset + 1 + i) == b)
}

/// The slot at `offset` as bytes (parent only: it allocates).
fn get(map: &Mapping, offset: usize) -> Vec<u8> {
    let mut out = vec![0u8; usize::from(map.read(offset))];
    map.read_into(offset + 1, &mut out);
    out
}

// ---------------------------------------------------------------------------
// Part 1: MAP_SHARED | MAP_ANONYMOUS across fork.

#[test]
fn the_parent_reads_what_the_child_wrote_to_shared_anonymous_memory() {
    let map = shared_page();
    let pid = spawn(|| {
        put(&map, 0, b"hello from the child");
        0
    });
    // wait4 returns after the child's exit: its stores are done.
    assert_eq!(tests::reap(pid), WaitStatus::Exited(0));
    assert_eq!(get(&map, 0), b"hello from the child");
}

#[test]
fn the_child_reads_what_the_parent_wrote_after_the_fork() {
    let map = shared_page();
    let go = Signal::new();
    let pid = spawn(|| {
        if !go.recv_in_child() {
            return 2;
        }
        i32::from(!holds(&map, SLOT, b"hello from the parent"))
    });
    put(&map, SLOT, b"hello from the parent");
    assert!(go.send());
    assert_eq!(
        tests::reap(pid),
        WaitStatus::Exited(0),
        "the child saw the parent's post-fork write"
    );
}

// ---------------------------------------------------------------------------
// Part 2: MAP_PRIVATE across fork (copy on write).

#[test]
fn a_childs_write_to_a_private_mapping_is_not_seen_by_the_parent() {
    let map = Mapping::anonymous(page_size(), Prot::READ | Prot::WRITE).unwrap();
    put(&map, 0, b"written before fork");
    let pid = spawn(|| {
        put(&map, 0, b"the child's private write");
        i32::from(!holds(&map, 0, b"the child's private write"))
    });
    assert_eq!(tests::reap(pid), WaitStatus::Exited(0));
    assert_eq!(get(&map, 0), b"written before fork");
}

#[test]
fn a_child_starts_with_a_copy_of_a_private_page() {
    let map = Mapping::anonymous(page_size(), Prot::READ | Prot::WRITE).unwrap();
    put(&map, 0, b"written before fork");
    let pid = spawn(|| i32::from(!holds(&map, 0, b"written before fork")));
    assert_eq!(tests::reap(pid), WaitStatus::Exited(0));
}

#[test]
fn the_parents_write_to_a_private_mapping_after_fork_does_not_reach_the_child() {
    let map = Mapping::anonymous(page_size(), Prot::READ | Prot::WRITE).unwrap();
    put(&map, 0, b"written before fork");
    let go = Signal::new();
    let pid = spawn(|| {
        if !go.recv_in_child() {
            return 2;
        }
        i32::from(!holds(&map, 0, b"written before fork"))
    });
    put(&map, 0, b"the parent's write after fork");
    assert!(go.send());
    assert_eq!(
        tests::reap(pid),
        WaitStatus::Exited(0),
        "the child still had the pre-fork text"
    );
}

// ---------------------------------------------------------------------------
// Part 3: lost updates, and the atomic fix.

/// Increments per process, as in the lesson's two loops that call
/// sched_yield(2) each time (its N_YIELDING): enough to lose about half the
/// updates, few enough that a busy machine does not stretch a test to
/// minutes (each yield may hand the CPU away for a whole time slice).
const N: u32 = 20_000;

/// Parent and a child each run `increments` on word 0 of a fresh shared
/// page, N times, starting together; returns the final count.
fn race(increments: fn(&Mapping)) -> u32 {
    let map = shared_page();
    let go = Signal::new();
    let pid = spawn(|| {
        if !go.recv_in_child() {
            return 2;
        }
        increments(&map);
        // Done: a mark the parent checks, so that a count below 2N cannot
        // come from a page that was never shared in the first place.
        map.atomic_u32(4).store(1, Ordering::Relaxed);
        0
    });
    assert!(go.send());
    increments(&map);
    assert_eq!(tests::reap(pid), WaitStatus::Exited(0));
    assert_eq!(
        map.atomic_u32(4).load(Ordering::Relaxed),
        1,
        "the child's stores reach the parent"
    );
    map.atomic_u32(0).load(Ordering::Relaxed)
}

/// Load, sched_yield, store: the lesson's race with the window held open.
fn windowed(map: &Mapping) {
    let counter = map.atomic_u32(0).as_ptr();
    for _ in 0..N {
        // SAFETY: word 0 of a live page, 4-byte aligned (checked by
        // atomic_u32); aligned 32-bit accesses are single instructions, so
        // the other process can only store in between, never tear a value.
        let value = unsafe { counter.read_volatile() };
        unistd::sched_yield();
        // SAFETY: as above.
        unsafe { counter.write_volatile(value.wrapping_add(1)) };
    }
}

/// sched_yield, then one atomic read-modify-write.
fn atomic(map: &Mapping) {
    let counter = map.atomic_u32(0);
    for _ in 0..N {
        unistd::sched_yield();
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn a_separate_load_and_store_loses_updates_when_two_processes_race() {
    // Timing decides whether a race shows, so try a few times; the lesson
    // saw a loss in every run, natively and under qemu-aarch64.
    let counts: Vec<u32> = (0..3).map(|_| race(windowed)).collect();
    assert!(
        counts.iter().any(|&count| count < 2 * N),
        "no update was lost in any run: {counts:?}"
    );
    assert!(counts.iter().all(|&count| count <= 2 * N), "{counts:?}");
}

#[test]
fn an_atomic_fetch_add_loses_no_update() {
    for _ in 0..3 {
        assert_eq!(race(atomic), 2 * N);
    }
}

// ---------------------------------------------------------------------------
// Part 4 and 5: the futex handshake (word at 0: 0 empty, 1 question,
// 2 answer), with a forked child and with an "unrelated" process.

const WORD: usize = 0;
const QUESTION_SLOT: usize = SLOT;
const ANSWER_SLOT: usize = 2 * SLOT;

/// Sleeps (futex_wait) while the word holds `value`, until the deadline at
/// most (then `ETIMEDOUT`).
fn wait_while(word: &AtomicU32, value: u32) -> Result<(), Errno> {
    let deadline = Deadline::start();
    while word.load(Ordering::Acquire) == value {
        match tests::futex_wait_by(word, value, deadline) {
            Ok(()) | Err(Errno::EAGAIN | Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The asker: publish, wake, wait for the answer.
fn ask(map: &Mapping, question: &[u8]) {
    let word = map.atomic_u32(WORD);
    put(map, QUESTION_SLOT, question);
    word.store(1, Ordering::Release);
    unistd::futex_wake(word, 1).expect("futex_wake");
    wait_while(word, 1).expect("futex_wait for the answer");
}

/// The answerer (allocation-free): wait for a question, check it is
/// `expected`, answer with it in upper case. Returns an exit status.
fn answer(map: &Mapping, expected: &[u8]) -> i32 {
    let word = map.atomic_u32(WORD);
    if wait_while(word, 0).is_err() {
        return 3;
    }
    if !holds(map, QUESTION_SLOT, expected) {
        return 1;
    }
    let mut upper = [0u8; SLOT - 1];
    let upper = &mut upper[..expected.len()];
    upper.copy_from_slice(expected);
    upper.make_ascii_uppercase();
    put(map, ANSWER_SLOT, upper);
    word.store(2, Ordering::Release);
    i32::from(unistd::futex_wake(word, 1).is_err()) * 4
}

#[test]
fn a_forked_childs_futex_wait_ends_when_the_parent_publishes_its_question() {
    let map = shared_page();
    let pid = spawn(|| answer(&map, b"is this page shared?"));
    ask(&map, b"is this page shared?");
    assert_eq!(
        tests::reap(pid),
        WaitStatus::Exited(0),
        "the child read the question exactly"
    );
}

#[test]
fn the_parents_futex_wait_ends_with_the_forked_childs_answer() {
    let map = shared_page();
    let pid = spawn(|| answer(&map, b"is this page shared?"));
    ask(&map, b"is this page shared?");
    assert_eq!(map.atomic_u32(WORD).load(Ordering::Acquire), 2);
    assert_eq!(get(&map, ANSWER_SLOT), b"IS THIS PAGE SHARED?");
    assert_eq!(tests::reap(pid), WaitStatus::Exited(0));
}

// The "unrelated process" of part 5. The lesson starts its peer with
// execve; a test cannot do that under qemu-aarch64 for the same reason the
// lesson needs an emulator variable (the host kernel refuses an aarch64
// binary with ENOEXEC), so this child is forked. To make it equivalent for
// mmap, it first unmaps the mapping it inherited, then opens the file by its
// path and maps it itself, with rustix (an independent implementation of
// the calls). From then on it holds exactly what an exec'd peer holds: a
// descriptor it opened and a MAP_SHARED mapping it made. The kernel builds
// that mapping from the file alone, so whether the process came from fork
// or execve makes no difference to which pages it maps.

const PID: usize = 3 * SLOT;
const GREETING: usize = 4 * SLOT;
const ECHO: usize = 5 * SLOT;

/// A page-sized file with a greeting, mapped shared by the test.
fn shared_file(dir: &Scratch) -> (std::ffi::CString, Fd, Mapping) {
    let path = dir.path("shared.bin");
    let fd = unistd::open(&path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600).unwrap();
    unistd::ftruncate(&fd, page_size() as u64).unwrap();
    let map = Mapping::new(
        page_size(),
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED,
        fd.raw(),
        0,
    )
    .unwrap();
    put(&map, GREETING, b"written before the peer existed");
    (path, fd, map)
}

/// The peer: forget the inherited mapping, map the file by its path, echo
/// the greeting, store the pid, answer the handshake.
fn peer(inherited: &Mapping, path: &CStr) -> i32 {
    // SAFETY: the range is the inherited mapping; this process never
    // touches it again (`inherited` is not used after this, and the child
    // exits without running destructors).
    if unsafe { mman::munmap(inherited.as_ptr(), inherited.len()) }.is_err() {
        return 10;
    }
    let Ok(fd) = rustix::fs::open(path, rustix::fs::OFlags::RDWR, rustix::fs::Mode::empty()) else {
        return 11;
    };
    let page = page_size();
    // SAFETY: no MAP_FIXED: the kernel picks unused address space.
    let Ok(addr) = (unsafe {
        rustix::mm::mmap(
            std::ptr::null_mut(),
            page,
            rustix::mm::ProtFlags::READ | rustix::mm::ProtFlags::WRITE,
            rustix::mm::MapFlags::SHARED,
            &fd,
            0,
        )
    }) else {
        return 12;
    };
    // SAFETY: a live mapping of `page` bytes that nothing else owns.
    let map = unsafe { Mapping::from_raw(std::ptr::NonNull::new(addr.cast()).unwrap(), page) };
    let mut greeting = [0u8; SLOT];
    map.read_into(GREETING, &mut greeting);
    map.write_from(ECHO, &greeting);
    map.atomic_u32(PID)
        .store(unistd::getpid() as u32, Ordering::Relaxed);
    answer(&map, b"do you see my page?")
}

#[test]
fn a_process_that_maps_the_file_by_its_path_sees_the_writers_data() {
    let dir = Scratch::new("peer-greeting");
    let (path, _fd, map) = shared_file(&dir);
    let pid = spawn(|| peer(&map, &path));
    ask(&map, b"do you see my page?");
    assert_eq!(tests::reap(pid), WaitStatus::Exited(0));
    assert_eq!(get(&map, ECHO), b"written before the peer existed");
    assert_eq!(map.atomic_u32(PID).load(Ordering::Relaxed), pid as u32);
}

#[test]
fn a_futex_handshake_works_across_two_separate_mappings_of_one_file() {
    let dir = Scratch::new("peer-futex");
    let (path, _fd, map) = shared_file(&dir);
    let pid = spawn(|| peer(&map, &path));
    ask(&map, b"do you see my page?");
    assert_eq!(get(&map, ANSWER_SLOT), b"DO YOU SEE MY PAGE?");
    assert_eq!(
        tests::reap(pid),
        WaitStatus::Exited(0),
        "the peer read the exact question"
    );
}

#[test]
fn read_of_the_file_returns_what_the_peer_wrote_through_its_mapping() {
    let dir = Scratch::new("peer-read");
    let (path, _fd, map) = shared_file(&dir);
    let pid = spawn(|| peer(&map, &path));
    ask(&map, b"do you see my page?");
    assert_eq!(tests::reap(pid), WaitStatus::Exited(0));
    let back = read_back(&path);
    assert_eq!(back.len(), page_size());
    let len = usize::from(back[ANSWER_SLOT]);
    assert_eq!(&back[ANSWER_SLOT + 1..][..len], b"DO YOU SEE MY PAGE?");
}

/// The variable that puts [`execve_keeps_the_pid_and_none_of_the_memory`]
/// in its probe role: `<mapped file>\n<report file>`.
const EXEC_PROBE_VAR: &str = "MMAP_EXEC_PROBE";

/// Lesson 08, part 5: execve keeps the process (its pid) but none of its
/// memory. The test maps a file of its own, forks, and the child execs this
/// very test executable, asking it to run only this test. In that new
/// program the test finds [`EXEC_PROBE_VAR`] and plays the probe: it writes
/// its pid, and whether /proc/self/maps still lists the parent's file, into
/// a report file, and exits. The parent compares the pid with the one fork
/// gave it. (The probe looks for the file, not for the page's address: a
/// new program, laid out the same way, may well map something else at the
/// same address.)
///
/// Under QEMU user mode the host kernel cannot run a foreign executable
/// (there is no binfmt_misc rule here; execve answers ENOEXEC), so the
/// child then execs the emulator with the executable as its argument, as
/// lesson 08 does; `cargo xtask` passes the emulator's path in
/// MMAP_TESTS_EMULATOR and the cross sysroot in QEMU_LD_PREFIX.
#[test]
fn execve_keeps_the_pid_and_none_of_the_memory() {
    if let Ok(probe) = std::env::var(EXEC_PROBE_VAR) {
        exec_probe(&probe);
    }
    let dir = Scratch::new("execve");
    let mapped = dir.file_with("mapped-by-the-parent", b"the parent's page");
    let report = dir.path("report");
    let fd = unistd::open(&mapped, O_RDWR | O_CLOEXEC, 0).unwrap();
    let map = Mapping::new(page_size(), Prot::READ, MapFlags::SHARED, fd.raw(), 0).unwrap();
    let as_text = |path: &std::ffi::CString| path.to_str().expect("a UTF-8 path").to_string();
    assert!(
        std::fs::read_to_string("/proc/self/maps")
            .unwrap()
            .contains(&as_text(&mapped)),
        "the parent's maps list the file"
    );

    // Everything the child needs is built before the fork: after it, the
    // child only makes raw system calls (the test process has threads).
    let exe = std::env::current_exe().expect("this test executable's path");
    let cstring = |bytes: &[u8]| std::ffi::CString::new(bytes).unwrap();
    let args = [
        cstring(exe.as_os_str().as_encoded_bytes()),
        cstring(b"execve_keeps_the_pid_and_none_of_the_memory"),
        cstring(b"--exact"),
        cstring(b"--nocapture"),
        cstring(b"--test-threads=1"),
    ];
    let mut env: Vec<std::ffi::CString> = std::env::vars_os()
        .map(|(name, value)| {
            let mut entry = name.into_encoded_bytes();
            entry.push(b'=');
            entry.extend(value.into_encoded_bytes());
            cstring(&entry)
        })
        .collect();
    let probe = format!(
        "{EXEC_PROBE_VAR}={}\n{}",
        as_text(&mapped),
        as_text(&report)
    );
    env.push(cstring(probe.as_bytes()));
    let emulator = tests::emulator().map(|path| cstring(path.as_bytes()));
    let pointers = |strings: &mut dyn Iterator<Item = &std::ffi::CString>| {
        strings
            .map(|s| s.as_ptr())
            .chain([std::ptr::null()])
            .collect::<Vec<_>>()
    };
    let argv = pointers(&mut args.iter());
    let wrapped = pointers(&mut emulator.iter().chain(args.iter()));
    let envp = pointers(&mut env.iter());

    // SAFETY: the child makes raw system calls only (execve, exit).
    let pid = match unsafe { unistd::fork() }.expect("fork") {
        ForkResult::Child => {
            // SAFETY: argv and envp are NULL-terminated arrays of C strings
            // that live until execve has copied them.
            let error = unsafe { unistd::execve(&args[0], argv.as_ptr(), envp.as_ptr()) };
            if let (Errno::ENOEXEC, Some(emulator)) = (error, &emulator) {
                // SAFETY: as above.
                unsafe { unistd::execve(emulator, wrapped.as_ptr(), envp.as_ptr()) };
            }
            unistd::exit(127)
        }
        ForkResult::Parent(pid) => pid,
    };
    let status = tests::reap_by(pid, Deadline::start());
    assert_eq!(status, WaitStatus::Exited(0), "the probe ran and reported");
    let text = String::from_utf8(read_back(&report)).expect("a text report");
    let (probe_pid, listed) = text.split_once(' ').expect("`<pid> <listed>`");
    assert_eq!(
        probe_pid.parse::<i32>().unwrap(),
        pid,
        "execve kept the process: the new program has the forked child's pid"
    );
    assert_eq!(
        listed, "not-listed",
        "execve replaced the memory: the new program's maps do not list the file the \
         process had mapped before"
    );
    drop(map);
}

/// The probe role: report this process's pid and whether its
/// /proc/self/maps lists `<mapped file>`, then exit without running
/// anything else.
fn exec_probe(probe: &str) -> ! {
    let (mapped, report) = probe.split_once('\n').expect("`<mapped file>\\n<report>`");
    let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
    let listed = if maps.contains(mapped) {
        "listed"
    } else {
        "not-listed"
    };
    std::fs::write(report, format!("{} {listed}", std::process::id())).expect("write the report");
    std::process::exit(0)
}
