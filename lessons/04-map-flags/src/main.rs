//! Lesson 04: mmap's `flags` argument (section 2.3, "mmap 설명"):
//! MAP_SHARED against MAP_PRIVATE on one file, MAP_ANONYMOUS, MAP_FIXED and
//! its safe twin MAP_FIXED_NOREPLACE, the rule that a mapping type must be
//! given, and MAP_SHARED_VALIDATE.
//!
//! Usage: `lesson04 <work-dir>`; the lesson creates its files in `<work-dir>`.
//! Read `README.md` beside this directory first; each module below is one
//! part of it.
#![no_std]
#![no_main]

mod anonymous;
mod file;
mod fixed;
mod maps;
mod noreplace;
mod shared_private;
mod type_field;
mod validate;

use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: lesson04 <work-dir>   (the lesson creates its files there)");
        return rt::SETUP_FAILED;
    };
    let page = rt::page_size();
    println!(
        "Lesson 04: mmap's flags argument on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    let mut claims = Claims::new();

    println!("\n== 1. MAP_SHARED and MAP_PRIVATE on one file: the private side writes first ==");
    shared_private::private_first(dir, page, &mut claims);

    println!("\n== 2. The same, but the shared side writes first ==");
    shared_private::shared_first(dir, page, &mut claims);

    println!("\n== 3. MAP_ANONYMOUS: zero-filled memory, no file ==");
    anonymous::show(page, &mut claims);

    println!("\n== 4. MAP_FIXED over a mapping of ours ==");
    fixed::show(dir, page, &mut claims);

    println!("\n== 5. MAP_FIXED_NOREPLACE ==");
    noreplace::show(page, &mut claims);

    println!("\n== 6. Neither MAP_SHARED nor MAP_PRIVATE ==");
    type_field::show(page, &mut claims);

    println!("\n== 7. MAP_SHARED_VALIDATE and an unknown flag ==");
    validate::show(dir, page, &mut claims);

    println!();
    claims.finish()
}
