//! The calls a PID 1 needs and a lesson never does: mount file systems,
//! make directories, point a descriptor at a file, put a child in a process
//! group of its own, reap any child without blocking, and power off.
//!
//! The VM's init (`xtask/vm-init`) is built from these, so the program that
//! runs the tests on a real kernel is as raw as the tests themselves.

use core::ffi::CStr;
use linux_raw_sys::general as k;
use syscall::{Errno, nr};

/// mount(2) with no source device and no options string: enough for the
/// kernel's virtual file systems (`proc`, `sysfs`, `devtmpfs`, `tmpfs`),
/// whose "source" is only a name shown in /proc/mounts.
#[inline]
pub fn mount(source: &CStr, target: &CStr, fstype: &CStr, flags: u32) -> Result<(), Errno> {
    // SAFETY: three NUL-terminated strings that outlive the call and a NULL
    // data pointer (no file-system-specific options).
    unsafe {
        syscall::syscall5(
            nr::MOUNT,
            source.as_ptr() as usize,
            target.as_ptr() as usize,
            fstype.as_ptr() as usize,
            flags as usize,
            0,
        )
    }
    .map(drop)
}

/// mkdirat(2) with `AT_FDCWD`: make directory `path` with permissions `mode`
/// (less the umask).
#[inline]
pub fn mkdir(path: &CStr, mode: u32) -> Result<(), Errno> {
    // SAFETY: `path` is NUL-terminated and outlives the call.
    unsafe {
        syscall::syscall3(
            nr::MKDIRAT,
            syscall::int_arg(k::AT_FDCWD),
            path.as_ptr() as usize,
            mode as usize,
        )
    }
    .map(drop)
}

/// chdir(2): make `path` the current directory.
#[inline]
pub fn chdir(path: &CStr) -> Result<(), Errno> {
    // SAFETY: `path` is NUL-terminated and outlives the call.
    unsafe { syscall::syscall1(nr::CHDIR, path.as_ptr() as usize) }.map(drop)
}

/// dup3(2): make descriptor `new` refer to the open file `old` refers to
/// (closing whatever `new` was first). A shell's `>file` is an open followed
/// by this, in the child, before exec.
#[inline]
pub fn dup3(old: i32, new: i32) -> Result<(), Errno> {
    // SAFETY: only descriptor numbers; no memory is passed.
    unsafe { syscall::syscall3(nr::DUP3, syscall::int_arg(old), syscall::int_arg(new), 0) }
        .map(drop)
}

/// setpgid(0, 0): make the calling process the leader of a new process
/// group whose id is its pid. Everything it forks later inherits the group,
/// so `kill(-pid, SIGKILL)` ends the whole tree.
#[inline]
pub fn new_process_group() -> Result<(), Errno> {
    // SAFETY: only numbers; no memory is passed.
    unsafe { syscall::syscall2(nr::SETPGID, 0, 0) }.map(drop)
}

/// wait4(pid, WNOHANG): the pid and raw status word of child `pid` (or of
/// any child, with -1) if it has ended, `Ok(None)` if it still runs. The raw
/// word is what a report passes on; [`crate::WaitStatus::decode`] reads it. `ECHILD` means there
/// is no such child (left) to wait for.
///
/// PID 1 needs the "any" form: every orphan in the system is re-parented to
/// it, and an orphan that ends stays a zombie until PID 1 collects it.
#[inline]
pub fn try_wait(pid: i32) -> Result<Option<(i32, i32)>, Errno> {
    let mut status: i32 = 0;
    // SAFETY: the kernel writes one int to `status`; we pass no rusage.
    let ret = unsafe {
        syscall::syscall4(
            nr::WAIT4,
            syscall::int_arg(pid),
            &mut status as *mut i32 as usize,
            k::WNOHANG as usize,
            0,
        )
    }?;
    Ok(match ret {
        0 => None,
        ended => Some((ended as i32, status)),
    })
}

/// tcdrain(3) on terminal `fd`: waits until everything written to it has
/// been sent, which for a serial console means out of the UART. It is
/// ioctl(2) `TCSBRK` with a non-zero argument ("wait for all output data to
/// be sent, but don't send a break": drivers/tty/tty_io.c). A write to a
/// terminal returns once the bytes are in the kernel's buffer; without this
/// wait, powering off right after a write can drop its end.
pub fn drain_terminal(fd: i32) -> Result<(), Errno> {
    // SAFETY: TCSBRK with a non-zero argument takes no pointer; the kernel
    // only waits.
    unsafe {
        syscall::syscall3(
            nr::IOCTL,
            syscall::int_arg(fd),
            linux_raw_sys::ioctl::TCSBRK as usize,
            1,
        )
    }?;
    Ok(())
}

/// reboot(2) with `LINUX_REBOOT_CMD_POWER_OFF`: stop the machine. Only
/// PID 1 (or a process with CAP_SYS_BOOT) may; the two magic numbers are
/// the kernel's guard against a stray call. Under QEMU the virtual machine
/// exits. Returns only on failure.
#[inline]
pub fn power_off() -> Errno {
    // SAFETY: only numbers; the kernel does not return on success.
    let ret = unsafe {
        syscall::syscall4(
            nr::REBOOT,
            k::LINUX_REBOOT_MAGIC1 as usize,
            k::LINUX_REBOOT_MAGIC2 as usize,
            k::LINUX_REBOOT_CMD_POWER_OFF as usize,
            0,
        )
    };
    match ret {
        Ok(_) => Errno::EINVAL,
        Err(e) => e,
    }
}
