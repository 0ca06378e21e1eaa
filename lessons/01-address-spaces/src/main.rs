//! Lesson 01: every process has its own address space (section 2.1).
//!
//! Usage: `lesson01 <work-dir>`; the lesson creates its files in `<work-dir>`.
//! Read `README.md` beside this directory first. `fork_round.rs` is the
//! experiment; the other modules run it on one kind of memory each.
#![no_std]
#![no_main]

mod copy_on_write;
mod file;
mod fork_round;
mod private_file;
mod shared;

use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: lesson01 <work-dir>   (the lesson creates its files there)");
        return rt::SETUP_FAILED;
    };
    let page = rt::page_size();
    println!(
        "Lesson 01: address spaces on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    println!(
        "Each part: fork; the parent writes \"parent wrote\", then the child writes \"child \
         wrote\" at the same address; who sees what?"
    );
    let mut claims = Claims::new();

    println!("\n== 1. A local variable (the stack) ==");
    copy_on_write::stack(&mut claims);

    println!("\n== 2. A static variable (the data segment) ==");
    copy_on_write::data_segment(&mut claims);

    println!("\n== 3. mmap(MAP_PRIVATE | MAP_ANONYMOUS) ==");
    copy_on_write::anonymous(page, &mut claims);

    println!("\n== 4. mmap(MAP_PRIVATE) of a file ==");
    private_file::show(dir, page, &mut claims);

    println!("\n== 5. The exception: mmap(MAP_SHARED | MAP_ANONYMOUS) ==");
    shared::anonymous(page, &mut claims);

    println!("\n== 6. The exception: mmap(MAP_SHARED) of a file ==");
    shared::file(dir, page, &mut claims);

    println!();
    claims.finish()
}
