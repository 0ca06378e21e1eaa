//! Lesson 03's exercise checker, `exercises03`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 3.M` runs it.
#![no_std]
#![no_main]

// The lesson's own reader of /proc/self/maps lines.
#[cfg(any(feature = "e1", feature = "e2"))]
#[path = "../maps.rs"]
mod maps;

rt::exercises! {
    lesson: 3,
    helpers: [child],
    "e1" => seal_read_only, "1-seal-read-only.rs";
    "e2" => run_the_code, "2-run-the-code.rs";
}
