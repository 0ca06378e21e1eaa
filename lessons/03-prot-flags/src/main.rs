//! Lesson 03: mmap's `prot` argument (section 2.3, "mmap 설명"): what
//! PROT_READ, PROT_WRITE, PROT_EXEC and PROT_NONE let a program do, what
//! happens when it does something else, and how mprotect changes the rights
//! of pages that are already mapped.
//!
//! Usage: `lesson03 <work-dir>` (the lesson creates no files; the directory
//! is accepted so that every lesson is run the same way). Read `README.md`
//! beside this directory first; each module below is one part of it.
#![no_std]
#![no_main]

mod exec;
mod exec_inhibit;
mod maps;
mod none;
mod read_only;
mod unaligned;
mod write_only;

use linux_raw_sys::general as k;
use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    if rt::arg(1).is_none() {
        eprintln!("usage: lesson03 <work-dir>");
        return rt::SETUP_FAILED;
    }
    let page = rt::page_size();
    println!(
        "Lesson 03: mmap's prot argument on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    println!(
        "PROT_READ = {:#x}, PROT_WRITE = {:#x}, PROT_EXEC = {:#x}, PROT_NONE = {:#x} (no bit at all)",
        k::PROT_READ,
        k::PROT_WRITE,
        k::PROT_EXEC,
        k::PROT_NONE
    );
    let mut claims = Claims::new();

    println!("\n== 1. PROT_READ: reads work, a write raises SIGSEGV ==");
    read_only::show(page, &mut claims);

    println!("\n== 2. PROT_NONE: even a read raises SIGSEGV ==");
    none::show(page, &mut claims);

    println!("\n== 3. PROT_WRITE alone: what the kernel really grants ==");
    write_only::show(page, &mut claims);

    println!("\n== 4. PROT_EXEC: machine code in a page, mprotect, and a call ==");
    exec::show(page, &mut claims);

    println!("\n== 5. mprotect wants a page-aligned address ==");
    unaligned::show(page, &mut claims);

    println!();
    claims.finish()
}
