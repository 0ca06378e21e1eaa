//! Lesson 08: two processes sharing a mapping (section 4, which the
//! tutorial left as a heading only), and the synchronisation that section
//! 2.2 says such sharing needs.
//!
//! Usage: `lesson08 <work-dir>`; the lesson creates its file in `<work-dir>`.
//! It runs itself a second time, as `lesson08 <work-dir> --peer <path>`, to
//! have an unrelated process to share with (part 5).
//! Read `README.md` beside this directory first; each module below is one
//! part of it or a tool the parts share.
#![no_std]
#![no_main]

mod child;
mod forked_handshake;
mod handshake;
mod message;
mod peer;
mod private_cow;
mod race;
mod shared_anon;
mod start_peer;
mod unrelated;

use rt::{Claims, eprintln, println};

rt::main!(main);

const USAGE: &str = "usage: lesson08 <work-dir>   (the lesson creates its file there)\n       \
                     lesson08 <work-dir> --peer <path>   (the second process of part 5)";

fn main() -> i32 {
    let Some(dir) = rt::arg(1) else {
        eprintln!("{USAGE}");
        return rt::SETUP_FAILED;
    };
    match (rt::arg(2), rt::arg(3)) {
        (None, _) => {}
        (Some(role), Some(path)) if role == c"--peer" => return peer::run(path),
        _ => {
            eprintln!("{USAGE}");
            return rt::SETUP_FAILED;
        }
    }

    let page = rt::page_size();
    println!(
        "Lesson 08: two processes, one mapping, on {}, page size {page} bytes (from AT_PAGESZ)",
        syscall::ARCH
    );
    let mut claims = Claims::new();

    println!("\n== 1. Parent and forked child share MAP_SHARED|MAP_ANONYMOUS memory ==");
    shared_anon::show(page, &mut claims);

    println!("\n== 2. MAP_PRIVATE after fork: copy on write ==");
    private_cow::show(page, &mut claims);

    println!("\n== 3. Sharing needs synchronisation: lost updates, then an atomic counter ==");
    race::show(page, &mut claims);

    println!("\n== 4. Waiting for each other: a futex handshake through the shared page ==");
    forked_handshake::show(page, &mut claims);

    println!("\n== 5. An unrelated process: execve, the file's path, MAP_SHARED ==");
    unrelated::show(dir, page, &mut claims);

    println!();
    claims.finish()
}
