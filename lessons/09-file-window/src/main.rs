//! Lesson 09: a window onto a file. The tutorial maps the first 40 bytes of
//! a file and stops; a program that maps files for real meets the rest:
//! offsets, the mode the file was opened with, the end of the file moving
//! under the mapping, the difference between a fault and an error, and
//! devices.
//!
//! Usage: `lesson09 <work-dir>`; the lesson creates its files in `<work-dir>`.
//! Read `README.md` beside this directory first; each module below is one
//! part of it.
#![no_std]
#![no_main]

mod child;
mod dev_zero;
mod efault;
mod grow;
mod lettered;
mod offset;
mod open_mode;
mod past_eof;

use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: lesson09 <work-dir>   (the lesson creates its files there)");
        return rt::SETUP_FAILED;
    };
    let page = rt::page_size();
    println!(
        "Lesson 09: a window onto a file, on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    let mut claims = Claims::new();

    println!("\n== 1. A window at an offset ==");
    offset::show(dir, page, &mut claims);

    println!("\n== 2. What the file was opened for decides what the mapping may do ==");
    open_mode::show(dir, page, &mut claims);

    println!("\n== 3. Stores past the end of the file, inside its last page ==");
    past_eof::show(dir, &mut claims);

    println!("\n== 4. The file grows and shrinks under the mapping ==");
    grow::show(dir, page, &mut claims);

    println!("\n== 5. The kernel's access is an error, ours is a signal ==");
    efault::show(dir, page, &mut claims);

    println!("\n== 6. A device: /dev/zero ==");
    dev_zero::show(page, &mut claims);

    println!();
    claims.finish()
}
