//! System-call numbers for the calls this project makes.
//!
//! A number is only an index into the kernel's table for *this*
//! architecture: `mmap` is 9 on x86_64 and 222 on aarch64, and 32-bit ARM
//! has no `mmap` entry at all (only `mmap2`). So none is typed by hand here:
//! each comes from `linux-raw-sys`, which is generated from the kernel's own
//! headers for every architecture.

use linux_raw_sys::general as k;

macro_rules! numbers {
    ($( $(#[doc = $doc:literal])* $(#[cfg($when:meta)])* $name:ident = $kernel:ident; )*) => {
        $(
            $(#[doc = $doc])*
            #[doc = concat!("\n\nOn this architecture: `", stringify!($kernel), "`.")]
            $(#[cfg($when)])*
            pub const $name: usize = k::$kernel as usize;
        )*

        /// The kernel's name for a number on this architecture (`__NR_mmap2`),
        /// for traces and error messages; `None` for numbers this project
        /// does not use.
        pub fn name(nr: usize) -> Option<&'static str> {
            match nr {
                $( $(#[cfg($when)])* $name => Some(stringify!($kernel)), )*
                _ => None,
            }
        }
    };
}

numbers! {
    /// mmap(2): map files or anonymous memory. On 64-bit systems the offset
    /// is in bytes.
    #[cfg(target_pointer_width = "64")]
    MMAP = __NR_mmap;
    /// mmap2: the 32-bit systems' mmap, whose offset counts 4096-byte units
    /// so that a 32-bit register reaches past 4 GiB into a file.
    #[cfg(target_pointer_width = "32")]
    MMAP = __NR_mmap2;
    /// munmap(2): remove mappings.
    MUNMAP = __NR_munmap;
    /// msync(2): write back (or check) a shared file mapping.
    MSYNC = __NR_msync;
    /// mprotect(2): change the protection of mapped pages.
    MPROTECT = __NR_mprotect;
    /// openat(2): open a file relative to a directory fd.
    OPENAT = __NR_openat;
    /// close(2).
    CLOSE = __NR_close;
    /// read(2).
    READ = __NR_read;
    /// write(2).
    WRITE = __NR_write;
    /// pread64(2): read at an offset without moving the file position.
    PREAD64 = __NR_pread64;
    /// fstat(2).
    #[cfg(target_pointer_width = "64")]
    FSTAT = __NR_fstat;
    /// fstat64: on 32-bit systems, the fstat whose `struct stat64` has
    /// 64-bit sizes (the original's sizes are 32-bit).
    #[cfg(target_pointer_width = "32")]
    FSTAT = __NR_fstat64;
    /// ftruncate(2): set a file's size.
    #[cfg(target_pointer_width = "64")]
    FTRUNCATE = __NR_ftruncate;
    /// ftruncate64: on 32-bit systems, ftruncate with a 64-bit length in a
    /// register pair.
    #[cfg(target_pointer_width = "32")]
    FTRUNCATE = __NR_ftruncate64;
    /// umask(2): set the file-creation permission mask.
    UMASK = __NR_umask;
    /// unlinkat(2): remove a directory entry.
    UNLINKAT = __NR_unlinkat;
    /// getpid(2).
    GETPID = __NR_getpid;
    /// clone(2), used as fork: there is no `fork` entry on aarch64.
    CLONE = __NR_clone;
    /// wait4(2): wait for a child and collect its status.
    WAIT4 = __NR_wait4;
    /// kill(2): send a signal.
    KILL = __NR_kill;
    /// exit_group(2): end every thread of the process.
    EXIT_GROUP = __NR_exit_group;
    /// madvise(2): advice about how a range will be used.
    MADVISE = __NR_madvise;
    /// mremap(2): grow, shrink or move a mapping.
    MREMAP = __NR_mremap;
    /// pwrite64(2): write at an offset without moving the file position.
    PWRITE64 = __NR_pwrite64;
    /// lseek(2): move the file position.
    LSEEK = __NR_lseek;
    /// pipe2(2): a one-way channel between processes.
    PIPE2 = __NR_pipe2;
    /// futex(2): sleep until a 32-bit word changes, or wake sleepers.
    FUTEX = __NR_futex;
    /// clock_gettime(2).
    CLOCK_GETTIME = __NR_clock_gettime;
    /// nanosleep(2).
    NANOSLEEP = __NR_nanosleep;
    /// sched_yield(2): let another runnable thread or process go first.
    SCHED_YIELD = __NR_sched_yield;
    /// getppid(2).
    GETPPID = __NR_getppid;
    /// execve(2): replace the program of this process.
    EXECVE = __NR_execve;
    /// getrusage(2): resource usage, page-fault counts among it.
    GETRUSAGE = __NR_getrusage;
    /// mlock(2): keep pages in RAM.
    MLOCK = __NR_mlock;
    /// munlock(2): undo mlock.
    MUNLOCK = __NR_munlock;
    /// mount(2): attach a file system (proc, sysfs, tmpfs) to a directory;
    /// the VM's PID 1 mounts the ones the tests need.
    MOUNT = __NR_mount;
    /// mkdirat(2): make a directory relative to a directory fd.
    MKDIRAT = __NR_mkdirat;
    /// chdir(2): change the current directory.
    CHDIR = __NR_chdir;
    /// dup3(2): make one descriptor number refer to another's open file
    /// (how a child's stdout is pointed at a file before exec).
    DUP3 = __NR_dup3;
    /// setpgid(2): move a process into a process group, so that it and
    /// everything it forks can be killed together.
    SETPGID = __NR_setpgid;
    /// reboot(2): restart or power off the machine (PID 1's last call).
    REBOOT = __NR_reboot;
    /// ioctl(2): here only TCSBRK, to wait until a terminal has sent what
    /// was written to it (PID 1's call before reboot).
    IOCTL = __NR_ioctl;
    /// uname(2): the kernel's name, release and machine. Every
    /// architecture's `__NR_uname` fills a `struct new_utsname` (32-bit x86
    /// keeps older layouts under other numbers).
    UNAME = __NR_uname;
}
