//! The claims of lesson 03 (mmap's `prot` argument and mprotect), one test
//! each, with rustix as a second opinion where it can give one.

use linux_raw_sys::general::SIGSEGV;
use mman::listing::{Answerer, release_version, write_only_listing};
use mman::{Errno, Mapping, Prot};
use rustix::mm as rx;
use std::ffi::c_void;
use tests::{WaitStatus, assert_killed_by, in_child, page_size};

/// The permission field of the /proc/self/maps line that contains `addr`.
/// (Containing, not starting at: the kernel may merge a mapping with an
/// identical neighbour into one line.)
fn perms_at(addr: usize) -> String {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let range = fields.next().unwrap_or("");
        let perms = fields.next().unwrap_or("");
        let (start, end) = range.split_once('-').expect("range field");
        let start = usize::from_str_radix(start, 16).unwrap();
        let end = usize::from_str_radix(end, 16).unwrap();
        if (start..end).contains(&addr) {
            return perms.to_owned();
        }
    }
    panic!("no /proc/self/maps line contains {addr:#x}");
}

use jit::RETURN_42;

/// Makes freshly stored code visible to instruction fetch (the `jit`
/// crate explains what that takes on each architecture).
fn sync_for_execution(start: *const u8, len: usize) {
    // SAFETY: callers pass a range inside a mapped, readable page.
    unsafe { jit::sync_for_execution(start, len) }
}

/// A read-write page holding RETURN_42, ready to be made executable.
fn code_page() -> Mapping {
    let map = Mapping::anonymous(page_size(), Prot::READ | Prot::WRITE).unwrap();
    map.write_from(0, RETURN_42);
    sync_for_execution(map.as_ptr(), RETURN_42.len());
    map
}

/// Calls the code at `p`.
///
/// # Safety
/// `p` must hold RETURN_42 (a complete `extern "C" fn() -> u32`); if its
/// page is not executable the call raises SIGSEGV.
unsafe fn call(p: *const u8) -> u32 {
    // SAFETY: the caller guarantees the bytes are such a function.
    let f = unsafe { std::mem::transmute::<*const u8, extern "C" fn() -> u32>(p) };
    f()
}

fn call_in_child(map: &Mapping) -> WaitStatus {
    let p = map.as_ptr();
    // SAFETY: the page holds RETURN_42; a fault ends the child only.
    in_child(|| unsafe { call(p) } as i32)
}

#[test]
fn a_prot_read_page_is_listed_read_only_private() {
    let map = Mapping::anonymous(page_size(), Prot::READ).unwrap();
    assert_eq!(perms_at(map.addr()), "r--p");
}

#[test]
fn a_prot_read_page_can_be_read() {
    let map = Mapping::anonymous(page_size(), Prot::READ).unwrap();
    assert_eq!(map.read(0), 0);
    assert_eq!(map.read(page_size() - 1), 0);
}

#[test]
fn a_write_to_a_prot_read_page_raises_sigsegv() {
    tests::through_both(checks::prot_flags::a_write_to_a_prot_read_page_raises_sigsegv);
}

#[test]
fn a_prot_none_page_is_listed_with_no_rights() {
    // rustix as the second opinion: the same mapping made by another
    // implementation gets the same line.
    // SAFETY: no MAP_FIXED; the kernel picks free address space.
    let p = unsafe {
        rx::mmap_anonymous(
            std::ptr::null_mut(),
            page_size(),
            rx::ProtFlags::empty(),
            rx::MapFlags::PRIVATE,
        )
    }
    .unwrap();
    assert_eq!(perms_at(p as usize), "---p");
    let map = Mapping::anonymous(page_size(), Prot::NONE).unwrap();
    assert_eq!(perms_at(map.addr()), "---p");
    // SAFETY: unmapping the page rustix made; nothing refers to it.
    unsafe { rx::munmap(p, page_size()) }.unwrap();
}

#[test]
fn a_read_of_a_prot_none_page_raises_sigsegv() {
    tests::through_both(checks::prot_flags::a_read_of_a_prot_none_page_raises_sigsegv);
}

#[test]
fn a_write_only_page_is_listed_as_asked() {
    let map = Mapping::anonymous(page_size(), Prot::WRITE).unwrap();
    let answerer = answerer();
    let expected = write_only_listing(answerer);
    assert_eq!(
        perms_at(map.addr()),
        expected.perms,
        "answered by {answerer:?}: {}",
        expected.why
    );
}

/// Who answers: QEMU user mode, or the running kernel's release.
fn answerer() -> Answerer {
    if tests::emulator().is_some() {
        return Answerer::QemuUser;
    }
    let uname = rustix::system::uname();
    let (major, minor) = release_version(uname.release().to_bytes())
        .expect("the kernel's release starts with major.minor");
    Answerer::Kernel(major, minor)
}

#[test]
fn a_write_to_a_write_only_page_works() {
    let map = Mapping::anonymous(page_size(), Prot::WRITE).unwrap();
    let status = in_child(|| {
        map.write(0, 42);
        0
    });
    assert_eq!(status, WaitStatus::Exited(0));
}

/// When the kernel makes the forbidden access itself, inside a system call,
/// there is no signal to deliver to the program: the kernel catches the
/// fault in its copy routine, and read(2) of a file into a PROT_READ page
/// copies nothing and returns EFAULT (mm/filemap.c,
/// `filemap_read`: the copy to user memory stops at the fault, and with
/// nothing copied the call returns the error), where a store made by the
/// program raises SIGSEGV (`a_write_to_a_prot_read_page_raises_sigsegv`).
/// The file holds non-zero bytes, so a store that did happen would show.
/// Under QEMU user mode the EFAULT is QEMU's, returned before any host call
/// (README.md, "What QEMU user mode shows differently").
#[test]
fn read_2_into_a_read_only_page_returns_efault_instead_of_a_signal() {
    let dir = tests::Scratch::new("efault");
    let path = dir.file_with("f", &[0xab; 64]);
    let fd = unistd::open(&path, linux_raw_sys::general::O_RDONLY, 0).unwrap();
    let map = Mapping::anonymous(page_size(), Prot::READ).unwrap();
    // SAFETY: read(2) stores at most 64 bytes at the pointer, the start of
    // a live mapping of a page; the store is the kernel's, and its fault is
    // caught inside the kernel (the exception table of its user-copy
    // routine), which turns it into the EFAULT asserted here.
    let got = unsafe {
        syscall::syscall3(
            linux_raw_sys::general::__NR_read as usize,
            syscall::int_arg(fd.raw()),
            map.addr(),
            64,
        )
    };
    assert_eq!(got, Err(Errno::EFAULT));
    assert_eq!(
        map.read(0),
        0,
        "nothing was stored: the page still reads zero"
    );
}

/// A PROT_EXEC-only page on x86. Its page-table entry cannot forbid reading
/// a present user page, so without protection keys the read works. With
/// them (the CPU's `pku`, switched on by the kernel: `ospke` in
/// /proc/cpuinfo) Linux gives such a mapping a key that denies data access
/// (mm/mmap.c, `do_mmap`: `prot == PROT_EXEC` takes `execute_only_pkey`),
/// and the read raises SIGSEGV: the page is execute-only. Under QEMU user
/// mode QEMU's own rules answer, so the claim is the kernel's only.
#[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
#[test]
fn on_x86_an_exec_only_page_is_unreadable_exactly_when_protection_keys_are_on() {
    if tests::emulator().is_some() {
        eprintln!("not claimed under QEMU user mode: the emulator, not the kernel, answers");
        return;
    }
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").expect("read /proc/cpuinfo");
    let keys_on = cpuinfo
        .lines()
        .filter(|line| line.starts_with("flags"))
        .any(|line| line.split_whitespace().any(|flag| flag == "ospke"));
    let map = Mapping::anonymous(page_size(), Prot::EXEC).unwrap();
    let status = in_child(|| i32::from(map.read(0)));
    if keys_on {
        assert_killed_by(status, SIGSEGV);
    } else {
        assert_eq!(
            status,
            WaitStatus::Exited(0),
            "no protection keys (no `ospke` in /proc/cpuinfo), so the page should read as zero"
        );
    }
}

/// x86 page tables (32- and 64-bit) cannot express "writable but not
/// readable", so the kernel's write-only page is readable. (Elsewhere the
/// lesson reports the outcome without claiming it; see lesson 03's
/// write_only.rs.)
#[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
#[test]
fn on_x86_a_write_only_page_is_readable() {
    let map = Mapping::anonymous(page_size(), Prot::WRITE).unwrap();
    let status = in_child(|| {
        map.write(0, 42);
        i32::from(map.read(0))
    });
    assert_eq!(status, WaitStatus::Exited(42));
}

#[test]
fn a_fresh_code_page_is_listed_read_write() {
    let map = code_page();
    assert_eq!(perms_at(map.addr()), "rw-p");
}

#[test]
fn calling_code_on_a_rw_page_raises_sigsegv() {
    let map = code_page();
    assert_killed_by(call_in_child(&map), SIGSEGV);
}

#[test]
fn mprotect_read_changes_the_same_page_to_read_only() {
    let map = code_page();
    let addr = map.addr();
    map.protect(Prot::READ).unwrap();
    assert_eq!(perms_at(addr), "r--p");
    assert_eq!(map.read(0), RETURN_42[0], "the contents stay, in place");
}

#[test]
fn calling_code_on_a_read_only_page_raises_sigsegv() {
    let map = code_page();
    map.protect(Prot::READ).unwrap();
    assert_killed_by(call_in_child(&map), SIGSEGV);
}

#[test]
fn mprotect_read_exec_changes_the_same_page_to_read_exec() {
    let map = code_page();
    let addr = map.addr();
    map.protect(Prot::READ).unwrap();
    // rustix makes the second mprotect: the same call, another implementation.
    // SAFETY: our own page; nothing refers to it as data.
    unsafe {
        rx::mprotect(
            addr as *mut c_void,
            page_size(),
            rx::MprotectFlags::READ | rx::MprotectFlags::EXEC,
        )
    }
    .unwrap();
    assert_eq!(perms_at(addr), "r-xp");
}

#[test]
fn code_on_a_read_exec_page_runs_and_returns_42() {
    let map = code_page();
    map.protect(Prot::READ | Prot::EXEC).unwrap();
    // SAFETY: the page holds RETURN_42, synced for execution, and is
    // executable.
    assert_eq!(unsafe { call(map.as_ptr()) }, 42);
}

#[test]
fn code_on_a_read_exec_page_runs_in_a_child_too() {
    let map = code_page();
    map.protect(Prot::READ | Prot::EXEC).unwrap();
    assert_eq!(call_in_child(&map), WaitStatus::Exited(42));
}

#[test]
fn mprotect_at_an_unaligned_address_is_einval() {
    tests::through_both(checks::prot_flags::mprotect_at_an_unaligned_address_is_einval);
}

/// The refusal itself (EINVAL) is the check above; here, that it leaves
/// the page's rights as they were.
#[test]
fn a_refused_mprotect_changes_nothing() {
    let map = Mapping::anonymous(page_size(), Prot::READ | Prot::WRITE).unwrap();
    let odd = map.as_ptr().wrapping_add(1);
    // SAFETY: expected to fail; at worst it would change our own page.
    let got = unsafe { mman::mprotect(odd, page_size(), Prot::READ) };
    assert_eq!(got, Err(Errno::EINVAL));
    assert_eq!(perms_at(map.addr()), "rw-p");
}

#[test]
fn mprotect_rounds_the_length_up_to_the_whole_page() {
    let page = page_size();
    let map = Mapping::anonymous(page, Prot::READ | Prot::WRITE).unwrap();
    // SAFETY: our own page; the only later write is in a child.
    unsafe { mman::mprotect(map.as_ptr(), 1, Prot::READ) }.unwrap();
    assert_eq!(perms_at(map.addr()), "r--p");
    let status = in_child(|| {
        map.write(page - 1, 1);
        0
    });
    assert_killed_by(status, SIGSEGV);
}
