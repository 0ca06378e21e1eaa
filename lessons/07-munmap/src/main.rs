//! Lesson 07: munmap(2) (sections 2.3 and 3).
//!
//! Usage: `lesson07 <work-dir>`; the lesson creates its files in `<work-dir>`.
//! Read `README.md` beside this directory first; each module below is one
//! part of it, except `guarded.rs`, `touch.rs` and `inotify.rs`, the tools
//! the parts use to see what munmap did.
#![no_std]
#![no_main]

mod close_fd;
mod einval;
mod exit;
mod guarded;
mod inotify;
mod nothing_mapped;
mod partial;
mod rounding;
mod touch;
mod whole;

use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: lesson07 <work-dir>   (the lesson creates its files there)");
        return rt::SETUP_FAILED;
    };
    let page = rt::page_size();
    println!(
        "Lesson 07: munmap on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    let mut claims = Claims::new();

    println!("\n== 1. Unmapping a whole mapping ==");
    whole::show(page, &mut claims);

    println!("\n== 2. Unmapping the middle page of three ==");
    partial::show(page, &mut claims);

    println!("\n== 3. Unmapping a range where nothing is mapped ==");
    nothing_mapped::show(page, &mut claims);

    println!("\n== 4. EINVAL: an unaligned address, a zero length ==");
    einval::show(page, &mut claims);

    println!("\n== 5. The length is rounded up to whole pages ==");
    rounding::show(page, &mut claims);

    println!("\n== 6. close(fd) does not end a file mapping ==");
    close_fd::show(dir, page, &mut claims);

    println!("\n== 7. exit unmaps everything ==");
    exit::show(dir, page, &mut claims);

    println!();
    claims.finish()
}
