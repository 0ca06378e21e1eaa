//! The tutorial's program, transcribed line by line. Each C line stands above
//! the Rust that does the same system call. Nothing is fixed here: the other
//! modules run this in a child process and show what goes wrong.

use core::ffi::CStr;
use linux_raw_sys::general::{O_CREAT, O_RDWR};
use mman::{MapFlags, Prot};
use rt::{eprintln, or_exit, println};

/// Runs [`example_1`] in a forked child and returns how the child ended:
/// on some inputs the example dies of a signal, and a lesson that died with
/// it could not report what happened.
pub fn in_child(path: &CStr, leftover: u32) -> unistd::WaitStatus {
    println!("running the example in a child process:");
    // SAFETY: the child makes raw system calls only (the lesson has no locks
    // or buffers to inherit), and exits or is killed by a signal.
    or_exit(
        unsafe { unistd::run_in_child(|| example_1(path, leftover)) },
        "fork",
    )
}

// ANCHOR: example
/// The example's `main`, for file `path`. Returns its exit status.
///
/// `leftover` stands for whatever the C program's third argument register
/// held when it called `open(argv[1], O_RDWR | O_CREAT)` without a mode: the
/// kernel reads a mode from that register all the same (see `new_file.rs`).
pub fn example_1(path: &CStr, leftover: u32) -> i32 {
    // int flag = PROT_WRITE | PROT_READ;
    let flag = Prot::WRITE | Prot::READ;

    // if ((fd = open(argv[1], O_RDWR | O_CREAT)) < 0) { perror(...); exit(1); }
    let fd = match unistd::open(path, O_RDWR | O_CREAT, leftover) {
        Ok(fd) => fd,
        Err(e) => {
            eprintln!("File Open Error: {e}");
            return 1;
        }
    };

    // if (fstat(fd, &sb) < 0) { perror("fstat error"); exit(1); }
    // (The result, sb, is never used: the size it holds is never checked.)
    if let Err(e) = unistd::fstat(&fd) {
        eprintln!("fstat error: {e}");
        return 1;
    }

    // file = (char *) mmap(0, 40, flag, MAP_SHARED, fd, 0);
    // SAFETY: no MAP_FIXED, so the kernel picks unused address space.
    let file = match unsafe {
        mman::mmap(
            core::ptr::null_mut(),
            40,
            flag,
            MapFlags::SHARED,
            fd.raw(),
            0,
        )
    } {
        Ok(file) => file,
        // if (file == MAP_FAILED) { perror("mmap error"); exit(1); }
        Err(e) => {
            eprintln!("mmap error: {e}");
            return 1;
        }
    };
    println!(
        "   (child) mmap(NULL, 40, PROT_WRITE|PROT_READ, MAP_SHARED, {}, 0) = {file:p}",
        fd.raw()
    );

    // printf("%s\n", file);
    // SAFETY: `file` is a live mapping; what it holds decides how far this
    // reads, which is exactly the pitfall being shown.
    unsafe { crate::c_string::print_c_string(file) };

    // memset(file, 0x00, 40);
    for i in 0..40 {
        // SAFETY: the 40 bytes lie inside the mapping (it is a whole page).
        unsafe { file.add(i).write_volatile(0) };
    }

    // //msync(file, 40, MS_SYNC);
    // //munmap(file, 40);

    // close(fd);
    let _ = unistd::close(fd.into_raw());

    // return 0;   (the mapping is still there; exit removes it)
    0
}
// ANCHOR_END: example
