//! Lesson 05: the tutorial's Example 1 (section 3), run as written, its
//! hidden pitfalls shown with evidence, then a corrected version.
//!
//! Usage: `lesson05 <work-dir>`; the lesson creates its files in `<work-dir>`.
//! Read `README.md` beside this directory first; each module below is one
//! part of it.
#![no_std]
#![no_main]

mod as_written;
mod c_string;
mod corrected;
mod new_file;
mod no_msync;
mod short_file;
mod text_file;
mod unterminated;

use rt::{Claims, eprintln, println};

rt::main!(main);

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("usage: lesson05 <work-dir>   (the lesson creates its files there)");
        return rt::SETUP_FAILED;
    };
    let page = rt::page_size();
    println!(
        "Lesson 05: Example 1 on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    let mut claims = Claims::new();

    println!("\n== 1. The example as written, on a file that already holds text ==");
    no_msync::show(dir, page, &mut claims);

    println!("\n== 2. The example as written, on a file of 10 bytes ==");
    short_file::show(dir, &mut claims);

    println!("\n== 3. The example as written, on a new file ==");
    new_file::show(dir, &mut claims);

    println!("\n== 4. printf(\"%s\") on a mapped page with no NUL byte ==");
    unterminated::show(dir, page, &mut claims);

    println!("\n== 5. The example corrected ==");
    corrected::show(dir, &mut claims);

    println!();
    claims.finish()
}
