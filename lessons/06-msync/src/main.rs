//! Lesson 06: msync(2): what MS_SYNC, MS_ASYNC and MS_INVALIDATE do on
//! Linux today, what they do not do, and what msync is really for.
//!
//! Usage: `lesson06 <work-dir>`; the lesson creates its files in `<work-dir>`.
//! Read `README.md` beside this directory first; each module below is one
//! part of it.
#![no_std]
#![no_main]

mod accepted;
mod invalidate;
mod refused;
mod smaps;
mod visibility;
mod writeback;

use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: lesson06 <work-dir>   (the lesson creates its files there)");
        return rt::SETUP_FAILED;
    };
    let page = rt::page_size();
    println!(
        "Lesson 06: msync on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    let mut claims = Claims::new();

    println!("\n== 1. Seeing a change needs no msync ==");
    visibility::show(dir, page, &mut claims);

    println!("\n== 2. msync returns 0 on every kind of mapping ==");
    accepted::show(dir, page, &mut claims);

    println!("\n== 3. MS_INVALIDATE ==");
    invalidate::show(dir, page, &mut claims);

    println!("\n== 4. What msync refuses ==");
    refused::show(page, &mut claims);

    println!("\n== 5. What MS_SYNC does: write back, then watch for the next store ==");
    writeback::show(dir, page, &mut claims);

    println!();
    claims.finish()
}
