//! Starting an unrelated process: fork, then execve this same program in
//! the peer role, `lesson08 <work-dir> --peer <path>`.
//!
//! execve throws away the child's whole address space, every mapping
//! included, and loads the program afresh: the peer inherits no memory from
//! the lesson, only its pid, its open descriptors without `O_CLOEXEC` (all
//! of the lesson's have it) and what we pass in argv and envp. So the only
//! thing the two processes have in common is the file's *path*.
//!
//! Under QEMU user mode there is a twist. Our program is an aarch64 ELF file,
//! and the kernel that runs execve is the x86_64 host's. The host can run a
//! foreign binary only through a binfmt_misc rule that names an emulator;
//! without one, execve fails with ENOEXEC ("Exec format error"). So when
//! `cargo xtask` runs the lesson under an emulator it also sets
//! `MMAP_LESSON_EMULATOR` to the emulator's path, and if the plain execve
//! fails, the child execs `<emulator> <our path> <args...>` instead: what a
//! binfmt_misc rule would have done for us. Natively the variable is unset
//! and the first execve simply works.

use crate::child::Child;
use crate::handshake;
use core::ffi::{CStr, c_char};
use mman::Mapping;
use rt::{Escaped, eprintln, println};
use unistd::Errno;

// Set by `cargo xtask` to the emulator's absolute path when the lesson
// runs under one.
use rt::emulator::EMULATOR_VAR;

/// This program's absolute path, from argv[0], or why it is unusable.
/// (`cargo xtask` starts lessons by absolute path. A relative argv[0] would
/// be resolved against the current directory, which is the work directory,
/// not where the binary is.)
pub fn own_path() -> Result<&'static CStr, &'static str> {
    match rt::arg(0) {
        Some(path) if path.to_bytes().starts_with(b"/") => Ok(path),
        Some(_) => Err("argv[0] is not an absolute path; run the lesson through cargo xtask"),
        None => Err("there is no argv[0]"),
    }
}

/// Forks a child that becomes the peer. The parent gets the child.
///
/// `map` is the lesson's mapping of the file. The peer never sees it
/// (execve discards it), but until execve succeeds the forked child still
/// has it, and uses it to tell the lesson "no peer is coming" if both
/// execve calls fail: otherwise the lesson would wait for an answer for
/// ever.
pub fn start_peer(me: &CStr, work_dir: &CStr, path: &CStr, map: &Mapping) -> Result<Child, Errno> {
    // `--trace` and `--map` show the peer's calls too.
    let passed_on = [
        EnvEntry::from_env(rt::trace::ENV_VAR),
        EnvEntry::from_env(protocol::env::MAP_SNAPSHOTS),
    ];
    // SAFETY: the child makes raw system calls only (execve, write, futex)
    // and exits if execve fails.
    unsafe {
        Child::start(|| {
            let status = exec_peer(me, work_dir, path, &passed_on);
            handshake::give_up(map);
            status
        })
    }
}

/// In the child: become the peer. Returns (an exit status) only on failure.
fn exec_peer(me: &CStr, work_dir: &CStr, path: &CStr, passed_on: &[EnvEntry; 2]) -> i32 {
    let null = core::ptr::null::<c_char>();
    // The entries that are set, packed to the front: a NULL ends envp.
    let mut envp = [null; 3];
    for (slot, entry) in envp.iter_mut().zip(passed_on.iter().filter(|e| e.set)) {
        *slot = entry.as_ptr();
    }
    let argv = [
        me.as_ptr(),
        work_dir.as_ptr(),
        c"--peer".as_ptr(),
        path.as_ptr(),
        null,
    ];
    // SAFETY: both arrays end with NULL, and every string is NUL-terminated
    // and lives (in this process) until execve has copied it.
    let err = unsafe { unistd::execve(me, argv.as_ptr(), envp.as_ptr()) };
    let pid = unistd::getpid();
    println!(
        "   (child {pid}) execve(\"{}\", ...) failed: {err}",
        Escaped(me.to_bytes())
    );
    let Some(emulator) = rt::env(EMULATOR_VAR) else {
        eprintln!("   (child {pid}) {EMULATOR_VAR} is not set either; giving up");
        return 127;
    };
    println!(
        "   (child {pid}) {EMULATOR_VAR}={}: running the emulator with our path as its first \
         argument instead",
        Escaped(emulator.to_bytes())
    );
    let argv = [
        emulator.as_ptr(),
        me.as_ptr(),
        work_dir.as_ptr(),
        c"--peer".as_ptr(),
        path.as_ptr(),
        null,
    ];
    // SAFETY: as above.
    let err = unsafe { unistd::execve(emulator, argv.as_ptr(), envp.as_ptr()) };
    eprintln!(
        "   (child {pid}) execve(\"{}\", ...) failed: {err}",
        Escaped(emulator.to_bytes())
    );
    127
}

/// One entry of the peer's environment, which holds nothing else: `NAME=
/// <value>` if the lesson was started with `NAME` set (`MMAP_TRACE`, so
/// that `--trace` shows the peer's calls too; `MMAP_MAP_SNAPSHOTS`, its
/// pictures with `--map`).
struct EnvEntry {
    buf: [u8; 32],
    set: bool,
}

impl EnvEntry {
    fn from_env(name: &str) -> EnvEntry {
        let mut entry = EnvEntry {
            buf: [0; 32],
            set: false,
        };
        if let Some(value) = rt::env(name) {
            let name = name.as_bytes();
            let value = value.to_bytes();
            let len = name.len() + 1 + value.len();
            // Leave room for the NUL; a longer value is no value either
            // variable takes.
            if len < entry.buf.len() {
                entry.buf[..name.len()].copy_from_slice(name);
                entry.buf[name.len()] = b'=';
                entry.buf[name.len() + 1..len].copy_from_slice(value);
                entry.set = true;
            }
        }
        entry
    }

    /// A pointer to the NUL-terminated `NAME=value`, or NULL (which ends
    /// envp at once) if there is none.
    fn as_ptr(&self) -> *const c_char {
        if self.set {
            self.buf.as_ptr().cast()
        } else {
            core::ptr::null()
        }
    }
}
