//! Lesson 09's exercise checker, `exercises09`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 9.M` runs it.
#![no_std]
#![no_main]

rt::exercises! {
    lesson: 9,
    helpers: [patterned],
    "e1" => map_a_window, "1-map-a-window.rs";
    "e2" => mmap2_offset, "2-mmap2-offset.rs";
}
