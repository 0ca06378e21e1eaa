//! Lesson 02: what mmap is for, according to section 2.2 of the tutorial:
//! (1) exchanging data between processes through a mapped file, and
//! (2) "better performance than open/read/write/seek", measured here.
//!
//! Usage: `lesson02 <work-dir>`; the lesson creates its files in `<work-dir>`.
//! Read `README.md` beside this directory first; each module below is one
//! part of it.
#![no_std]
#![no_main]

mod ipc;
mod scan;
mod speed;

use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: lesson02 <work-dir>   (the lesson creates its files there)");
        return rt::SETUP_FAILED;
    };
    let page = rt::page_size();
    println!(
        "Lesson 02: why mmap, on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    let mut claims = Claims::new();

    println!("\n== 1. Two processes exchange data through one file ==");
    ipc::show(dir, page, &mut claims);

    println!("\n== 2. read(2) or mmap: where the cost goes ==");
    speed::show(dir, page, &mut claims);

    println!();
    claims.finish()
}
