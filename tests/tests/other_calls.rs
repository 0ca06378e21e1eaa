//! The calls besides mmap that the lessons and the VM's PID 1 make
//! (`unistd`), each checked against what the kernel does, with std or
//! rustix as the second opinion where one exists. Each is one system call;
//! these tests make sure it is made, and its answer read, correctly.

use linux_raw_sys::general as k;
use mman::Errno;
use std::sync::atomic::AtomicU32;
use std::time::{Duration, Instant};
use syscall::nr;
use syscall::trace::{Event, set_hook};
use tests::{Scratch, WaitStatus};
use unistd::Who;

#[test]
fn unlink_removes_the_name_and_a_second_unlink_is_enoent() {
    let dir = Scratch::new("unlink");
    let path = dir.file_with("f", b"x");
    assert_eq!(unistd::unlink(&path), Ok(()));
    let gone = std::fs::metadata(path.to_str().unwrap()).unwrap_err();
    assert_eq!(gone.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(unistd::unlink(&path), Err(Errno::ENOENT));
}

#[test]
fn seek_to_moves_the_position_the_next_read_starts_at() {
    let dir = Scratch::new("seek");
    let path = dir.file_with("f", b"abcdef");
    let fd = unistd::open(&path, k::O_RDONLY, 0).unwrap();
    assert_eq!(unistd::seek_to(&fd, 3), Ok(3));
    let mut buf = [0u8; 8];
    assert_eq!(unistd::read(&fd, &mut buf), Ok(3));
    assert_eq!(&buf[..3], b"def");
    // An offset lseek's signed register cannot hold is refused before the
    // call (EOVERFLOW, as the kernel gives for one it cannot represent).
    assert_eq!(unistd::seek_to(&fd, u64::MAX), Err(Errno::EOVERFLOW));
}

#[test]
fn filesystem_magic_is_what_fstatfs_reports() {
    let dir = Scratch::new("statfs");
    let path = dir.file_with("f", b"x");
    let fd = unistd::open(&path, k::O_RDONLY, 0).unwrap();
    let theirs = rustix::fs::fstatfs(unsafe_borrow(&fd)).unwrap();
    assert_eq!(unistd::filesystem_magic(&fd), Ok(theirs.f_type as u64));
    // /proc is procfs on every machine these tests run on. (Not a
    // /proc/self file: QEMU user mode serves some of those from files of
    // its own making.)
    let proc = unistd::open(c"/proc/version", k::O_RDONLY, 0).unwrap();
    assert_eq!(
        unistd::filesystem_magic(&proc),
        Ok(u64::from(k::PROC_SUPER_MAGIC))
    );
}

/// `fd` as rustix's borrowed descriptor.
fn unsafe_borrow(fd: &unistd::Fd) -> rustix::fd::BorrowedFd<'_> {
    // SAFETY: `fd` is open and outlives the borrow.
    unsafe { rustix::fd::BorrowedFd::borrow_raw(fd.raw()) }
}

#[test]
fn only_memory_file_systems_have_no_backing_store() {
    for memory in [k::TMPFS_MAGIC, k::RAMFS_MAGIC] {
        assert!(!unistd::has_backing_store(u64::from(memory)));
    }
    for disk in [
        k::EXT4_SUPER_MAGIC,
        k::XFS_SUPER_MAGIC,
        k::BTRFS_SUPER_MAGIC,
    ] {
        assert!(unistd::has_backing_store(u64::from(disk)));
    }
}

#[test]
fn only_ext_xfs_and_btrfs_are_said_to_zero_past_the_end_on_writeback() {
    for zeroing in [
        k::EXT2_SUPER_MAGIC,
        k::EXT4_SUPER_MAGIC,
        k::XFS_SUPER_MAGIC,
        k::BTRFS_SUPER_MAGIC,
    ] {
        assert!(unistd::zeroes_past_eof_on_writeback(u64::from(zeroing)));
    }
    for other in [
        k::TMPFS_MAGIC,
        k::RAMFS_MAGIC,
        k::OVERLAYFS_SUPER_MAGIC,
        k::PROC_SUPER_MAGIC,
    ] {
        assert!(!unistd::zeroes_past_eof_on_writeback(u64::from(other)));
    }
}

#[test]
fn file_systems_are_named_by_their_magic_numbers() {
    let names = [
        (k::EXT4_SUPER_MAGIC, "ext2/3/4"),
        (k::TMPFS_MAGIC, "tmpfs"),
        (k::RAMFS_MAGIC, "ramfs"),
        (k::OVERLAYFS_SUPER_MAGIC, "overlayfs"),
        (k::BTRFS_SUPER_MAGIC, "btrfs"),
        (k::XFS_SUPER_MAGIC, "xfs"),
        (k::PROC_SUPER_MAGIC, "another filesystem"),
    ];
    for (magic, name) in names {
        let said = unistd::filesystem_name(u64::from(magic));
        assert!(said.starts_with(name), "{magic:#x}: {said}");
    }
}

#[test]
fn futex_wait_on_a_word_that_changed_returns_eagain_at_once() {
    // FUTEX_WAIT sleeps only while the word holds the expected value; a
    // word that already differs is EAGAIN (futex(2)), without sleeping.
    let word = AtomicU32::new(1);
    assert_eq!(unistd::futex_wait(&word, 0), Err(Errno::EAGAIN));
}

#[test]
fn kill_with_signal_0_finds_this_process_and_no_nonexistent_one() {
    assert_eq!(unistd::kill(unistd::getpid(), 0), Ok(()));
    // Above the largest pid_max Linux allows (4194304): nobody has it.
    assert_eq!(unistd::kill(0x3fff_ffff, 0), Err(Errno::ESRCH));
}

#[test]
fn getppid_is_the_parent_std_knows() {
    assert_eq!(
        unistd::getppid() as u32,
        std::os::unix::process::parent_id()
    );
}

/// The calls of number `nr` the trace hook saw while `body` ran (the hook
/// is this process's; nextest runs each test in a process of its own).
fn calls_of(number: usize, body: impl FnOnce()) -> usize {
    static SEEN: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());
    fn record(event: &Event) {
        SEEN.lock().unwrap().push(event.nr);
    }
    SEEN.lock().unwrap().clear();
    set_hook(Some(record));
    body();
    set_hook(None);
    let seen = SEEN.lock().unwrap();
    seen.iter().filter(|&&n| n == number).count()
}

#[test]
fn sched_yield_makes_the_call() {
    // Its only effect is to offer the CPU; what a test can see is the call.
    assert_eq!(calls_of(nr::SCHED_YIELD, unistd::sched_yield), 1);
}

#[test]
fn the_monotonic_clock_agrees_with_std_across_a_sleep() {
    // Longer than a second, so that both fields of the timespec change.
    let sleep = Duration::from_millis(1020);
    let std_before = Instant::now();
    let before = unistd::monotonic_ns();
    std::thread::sleep(sleep);
    let after = unistd::monotonic_ns();
    let std_elapsed = std_before.elapsed();
    let ours = Duration::from_nanos(after.checked_sub(before).expect("the clock went back"));
    assert!(ours >= sleep, "{ours:?}");
    assert!(ours <= std_elapsed, "{ours:?} > std's {std_elapsed:?}");
}

#[test]
fn sleep_ns_sleeps_at_least_that_long() {
    for ns in [30_000_000, 1_000_000] {
        let started = Instant::now();
        assert_eq!(unistd::sleep_ns(ns), Ok(()));
        assert!(started.elapsed() >= Duration::from_nanos(ns));
    }
}

#[test]
fn touching_fresh_pages_counts_minor_faults() {
    // Fewer pages than a transparent huge page holds (2 MiB on the machines
    // here), so that each store faults in a page of its own: with 64 KiB
    // pages (powerpc64le's 6.1 kernel under --vm) 64 pages spanned a whole
    // huge page, which one fault filled, and 64 stores counted 33 faults.
    const PAGES: usize = 16;
    let page = tests::page_size();
    let map = mman::Mapping::anonymous(PAGES * page, mman::Prot::READ | mman::Prot::WRITE).unwrap();
    let before = unistd::minor_faults(Who::Process);
    for i in 0..PAGES {
        map.write(i * page, 1);
    }
    let after = unistd::minor_faults(Who::Process);
    assert!(after >= before + PAGES as u64, "{before} -> {after}");
}

#[test]
fn a_child_that_ends_in_time_is_reported_and_one_that_does_not_is_killed() {
    // SAFETY: the children only sleep and exit.
    let quick = unsafe {
        unistd::run_in_child_for(
            || {
                let _ = unistd::sleep_ns(50_000_000);
                0
            },
            10_000_000_000,
        )
    };
    assert_eq!(quick, Ok(unistd::Ended::By(WaitStatus::Exited(0))));
    // SAFETY: as above.
    let slow = unsafe {
        unistd::run_in_child_for(
            || {
                let _ = unistd::sleep_ns(30_000_000_000);
                0
            },
            100_000_000,
        )
    };
    assert_eq!(slow, Ok(unistd::Ended::Overdue));
}

#[test]
fn mkdir_makes_a_directory_and_a_second_mkdir_is_eexist() {
    let dir = Scratch::new("mkdir");
    let path = dir.path("d");
    assert_eq!(unistd::mkdir(&path, 0o755), Ok(()));
    assert!(std::fs::metadata(path.to_str().unwrap()).unwrap().is_dir());
    assert_eq!(unistd::mkdir(&path, 0o755), Err(Errno::EEXIST));
}

#[test]
fn chdir_changes_where_relative_paths_start() {
    let dir = Scratch::new("chdir");
    let _ = dir.file_with("here", b"found");
    let path = dir.path("");
    // In a child: the working directory belongs to the whole process.
    let status = tests::in_child(|| {
        if unistd::chdir(&path).is_err() {
            return 2;
        }
        i32::from(unistd::open(c"here", k::O_RDONLY, 0).is_err())
    });
    assert_eq!(status, WaitStatus::Exited(0));
}

#[test]
fn dup3_makes_a_second_number_for_the_same_file() {
    let dir = Scratch::new("dup3");
    let path = dir.file_with("f", b"abc");
    let fd = unistd::open(&path, k::O_RDONLY, 0).unwrap();
    // In a child, so that the number chosen cannot be another thread's.
    let status = tests::in_child(|| {
        if unistd::dup3(fd.raw(), 100).is_err() {
            return 2;
        }
        let copy = unistd::Fd::from_raw(100);
        let mut buf = [0u8; 3];
        i32::from(unistd::read(&copy, &mut buf) != Ok(3) || &buf != b"abc")
    });
    assert_eq!(status, WaitStatus::Exited(0));
}

#[test]
fn a_new_process_group_is_led_by_the_process() {
    let status = tests::in_child(|| {
        if unistd::new_process_group().is_err() {
            return 2;
        }
        let group = rustix::process::getpgid(None).map(|pid| pid.as_raw_nonzero().get());
        i32::from(group != Ok(unistd::getpid()))
    });
    assert_eq!(status, WaitStatus::Exited(0));
}

#[test]
fn draining_something_that_is_not_a_terminal_is_enotty() {
    let dir = Scratch::new("drain");
    let path = dir.file_with("f", b"x");
    let fd = unistd::open(&path, k::O_RDONLY, 0).unwrap();
    let enotty = Errno::from_raw(linux_raw_sys::errno::ENOTTY as u16);
    assert_eq!(unistd::drain_terminal(fd.raw()), Err(enotty));
}

#[test]
fn mounting_a_file_system_type_that_does_not_exist_fails() {
    // Two answers, both failures: EPERM without CAP_SYS_ADMIN (checked
    // first), ENODEV with it (no such type registered).
    let dir = Scratch::new("mount");
    let target = dir.path("");
    let answer = unistd::mount(c"none", &target, c"no-such-fs", 0);
    assert!(
        matches!(answer, Err(Errno::EPERM | Errno::ENODEV)),
        "{answer:?}"
    );
}

#[test]
fn uname_agrees_with_rustix() {
    let ours = unistd::uname().unwrap();
    let theirs = rustix::system::uname();
    assert_eq!(ours.sysname(), theirs.sysname().to_bytes());
    assert_eq!(ours.release(), theirs.release().to_bytes());
    assert_eq!(ours.machine(), theirs.machine().to_bytes());
    assert_eq!(ours.sysname(), b"Linux");
}

#[test]
fn a_kernel_is_64bit_for_a_64bit_program_or_when_its_machine_ends_in_64() {
    let machine_64 = rustix::system::uname()
        .machine()
        .to_bytes()
        .ends_with(b"64");
    let expected = cfg!(target_pointer_width = "64") || machine_64;
    assert_eq!(unistd::kernel_is_64bit(false), expected);
}
