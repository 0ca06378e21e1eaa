//! Lesson 02's exercise checker, `exercises02`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 2.M` runs it.
#![no_std]
#![no_main]

rt::exercises! {
    lesson: 2,
    helpers: [child],
    "e1" => map_the_whole_file, "1-map-the-whole-file.rs";
    "e2" => sum_an_empty_file, "2-sum-an-empty-file.rs";
}
