//! The strace-style trace behind `cargo xtask lesson N --trace`: the hook
//! sees every call with its real arguments and result, and the text names
//! flags the way the man pages do.

use linux_raw_sys::general as k;
use mman::{Errno, MapFlags, Mapping, Prot};
use std::sync::Mutex;
use std::thread::ThreadId;
use syscall::nr;
use syscall::trace::{Event, set_hook};

/// Each call the hook saw, with its text as written at that moment (as a
/// real trace prints it: on s390x, mmap's arguments are in a block in
/// memory that exists only while the call is under way), and the thread
/// that made it.
static SEEN: Mutex<Vec<(Event, String, ThreadId)>> = Mutex::new(Vec::new());

fn record(event: &Event) {
    // A forked child's side of clone: it must not allocate or lock (another
    // thread of the test harness may have held the allocator's lock when
    // the process was copied), and the parent records the call anyway.
    if event.nr == nr::CLONE && event.ret == Ok(0) {
        return;
    }
    let thread = std::thread::current().id();
    SEEN.lock().unwrap().push((*event, text(event), thread));
}

/// The event as the trace writes it. Called inside the hook (`record`),
/// or on an event made below, whose only pointer (a path) is alive.
fn text(event: &Event) -> String {
    let mut out = String::new();
    // SAFETY: see above: every pointer argument is valid when this runs.
    unsafe { trace::write_call(&mut out, event) }.unwrap();
    out
}

#[test]
fn the_hook_sees_each_call_with_its_arguments_and_result() {
    set_hook(Some(record));
    let map = Mapping::anonymous(40, Prot::READ | Prot::WRITE);
    let bad = Mapping::new(
        0,
        Prot::READ,
        MapFlags::PRIVATE | MapFlags::ANONYMOUS,
        -1,
        0,
    );
    // SAFETY: the child only exits; the hook it runs for clone's return of 0
    // returns before it allocates or locks (see `record`).
    let child = unsafe { unistd::run_in_child(|| 0) };
    set_hook(None);
    assert_eq!(child.unwrap(), unistd::WaitStatus::Exited(0));
    let map = map.unwrap();
    // The hook is one for the whole process: under `cargo test`, calls made
    // meanwhile by other tests' threads are reported too, so only this
    // thread's count. (While the hook runs for one call, the syscall crate
    // reports no other, so a busy neighbour could make this test miss a
    // call and fail; no other test in this file makes calls through it.)
    let me = std::thread::current().id();
    let seen: Vec<(Event, String)> = SEEN
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, _, thread)| *thread == me)
        .map(|(event, text, _)| (*event, text.clone()))
        .collect();
    let mmaps: Vec<&(Event, String)> = seen.iter().filter(|(e, _)| e.nr == nr::MMAP).collect();
    assert_eq!(mmaps.len(), 2, "{seen:?}");
    // Six register arguments, except on s390x: one, pointing at the six.
    if cfg!(target_arch = "s390x") {
        assert_eq!(mmaps[0].0.nargs, 1);
    } else {
        assert_eq!(mmaps[0].0.nargs, 6);
        assert_eq!(mmaps[0].0.args[1], 40);
    }
    assert_eq!(mmaps[0].0.ret, Ok(map.addr()));
    assert_eq!(mmaps[1].0.ret, Err(Errno::EINVAL));
    assert_eq!(bad.unwrap_err(), Errno::EINVAL);
    let (name, _) = mmap_name_and_offset(0);
    assert_eq!(
        mmaps[0].1,
        format!(
            "{name}(NULL, 40, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = {:#x}",
            map.addr()
        )
    );
    assert_eq!(
        mmaps[1].1,
        format!(
            "{name}(NULL, 0, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 EINVAL (Invalid argument)"
        )
    );
    // fork's clone, its arguments in the order this kernel takes them: the
    // flags (SIGCHLD alone) first, but second on s390x, after the stack.
    let clone = seen
        .iter()
        .find(|(e, _)| e.nr == nr::CLONE)
        .unwrap_or_else(|| panic!("no clone among {seen:?}"));
    let expected = if cfg!(target_arch = "s390x") {
        "clone(NULL, SIGCHLD, NULL, NULL, NULL)"
    } else {
        "clone(SIGCHLD, NULL, NULL, NULL, NULL)"
    };
    let pid = clone.0.ret.expect("fork failed");
    assert_eq!(clone.1, format!("{expected} = {pid}"));
}

/// The name of the mmap call the kernel gets here (`mmap2` on 32-bit
/// systems), and its offset register for an offset of `bytes` (mmap2
/// counts 4096-byte units).
fn mmap_name_and_offset(bytes: usize) -> (&'static str, usize) {
    if cfg!(target_pointer_width = "32") {
        ("mmap2", bytes / 4096)
    } else {
        ("mmap", bytes)
    }
}

fn event(nr: usize, args: &[usize], ret: Result<usize, Errno>) -> Event {
    let mut all = [0; 6];
    all[..args.len()].copy_from_slice(args);
    Event {
        nr,
        args: all,
        nargs: args.len(),
        ret,
    }
}

#[test]
fn the_tutorials_mmap_call_reads_as_in_c() {
    let e = event(
        nr::MMAP,
        &[
            0,
            40,
            (k::PROT_READ | k::PROT_WRITE) as usize,
            k::MAP_SHARED as usize,
            3,
            0,
        ],
        Ok(0x7f00_0000),
    );
    let (name, _) = mmap_name_and_offset(0);
    assert_eq!(
        text(&e),
        format!("{name}(NULL, 40, PROT_READ|PROT_WRITE, MAP_SHARED, 3, 0) = 0x7f000000")
    );
}

#[test]
fn prot_none_shared_validate_and_unknown_bits_are_named() {
    let e = event(
        nr::MMAP,
        &[
            0x1000,
            4096,
            0,
            (k::MAP_SHARED_VALIDATE | 0x4000_0000) as usize,
            5,
            mmap_name_and_offset(8192).1,
        ],
        Err(Errno::EOPNOTSUPP),
    );
    // The offset in bytes, as strace shows it, also where the register held
    // mmap2's units.
    assert_eq!(
        text(&e),
        format!(
            "{}(0x1000, 4096, PROT_NONE, MAP_SHARED_VALIDATE|0x40000000, 5, 0x2000) = -1 EOPNOTSUPP (Operation not supported)",
            mmap_name_and_offset(0).0
        )
    );
}

#[test]
fn msync_munmap_and_openat_are_decoded() {
    let ms = event(nr::MSYNC, &[0x7000, 40, k::MS_SYNC as usize], Ok(0));
    assert_eq!(text(&ms), "msync(0x7000, 40, MS_SYNC) = 0");
    let mu = event(nr::MUNMAP, &[0x7000, 40], Ok(0));
    assert_eq!(text(&mu), "munmap(0x7000, 40) = 0");
    let path = c"/tmp/f";
    let op = event(
        nr::OPENAT,
        &[
            syscall::int_arg(k::AT_FDCWD),
            path.as_ptr() as usize,
            (k::O_RDWR | k::O_CREAT) as usize,
            0o600,
        ],
        Ok(3),
    );
    assert_eq!(
        text(&op),
        "openat(AT_FDCWD, \"/tmp/f\", O_RDWR|O_CREAT, 0600) = 3"
    );
    // Without O_CREAT the kernel reads no mode, and none is shown.
    let ro = event(
        nr::OPENAT,
        &[
            syscall::int_arg(k::AT_FDCWD),
            path.as_ptr() as usize,
            k::O_RDONLY as usize,
            0,
        ],
        Ok(4),
    );
    assert_eq!(text(&ro), "openat(AT_FDCWD, \"/tmp/f\", O_RDONLY) = 4");
}

#[test]
fn modes_are_octal_as_in_c_and_ftruncate_shows_its_length_in_decimal() {
    assert_eq!(
        text(&event(nr::UMASK, &[0o22], Ok(0o77))),
        "umask(022) = 63"
    );
    assert_eq!(text(&event(nr::UMASK, &[0], Ok(0o22))), "umask(000) = 18");
    assert_eq!(text(&event(nr::UMASK, &[0o7], Ok(0))), "umask(007) = 0");
    // ftruncate's 64-bit length: one register on 64-bit systems; on 32-bit
    // ones ftruncate64's (low, high) pair, which on arm starts at r2.
    let length: u64 = (5 << 30) + 40;
    let (lo, hi) = ((length & 0xffff_ffff) as usize, (length >> 32) as usize);
    let args: &[usize] = if cfg!(target_arch = "x86") {
        &[3, lo, hi]
    } else if cfg!(target_arch = "arm") {
        &[3, 0, lo, hi]
    } else {
        &[3, length as usize]
    };
    let name = if cfg!(target_pointer_width = "32") {
        "ftruncate64"
    } else {
        "ftruncate"
    };
    assert_eq!(
        text(&event(nr::FTRUNCATE, args, Ok(0))),
        format!("{name}(3, 5368709160) = 0")
    );
}

#[test]
fn registers_follow_this_architectures_abi_table() {
    let e = event(nr::MUNMAP, &[0x7000, 40], Err(Errno::EINVAL));
    let mut out = String::new();
    trace::write_registers(&mut out, &e).unwrap();
    let abi = syscall::ABI;
    let minus_einval = (Errno::EINVAL.raw() as usize).wrapping_neg();
    assert_eq!(
        out,
        format!(
            "{}={} {}=0x7000 {}=0x28 -> {}={minus_einval:#x}",
            abi.number,
            nr::MUNMAP,
            abi.args[0],
            abi.args[1],
            abi.result
        )
    );
    // Each architecture's number register, as its manual names it.
    let expected = match abi.arch {
        "x86_64" => "rax",
        "aarch64" => "x8",
        "riscv64" => "a7",
        "arm" => "r7",
        "x86" => "eax",
        "powerpc64" => "r0",
        "s390x" => "r1",
        "loongarch64" => "$a7",
        "mips64" => "$2",
        other => panic!("no expectation for {other}"),
    };
    assert_eq!(abi.number, expected);
    assert_eq!(
        abi.arch,
        std::env::consts::ARCH,
        "the ABI table of the running CPU"
    );
}
