//! Lesson 01's exercise checker, `exercises01`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 1.M` runs it.
#![no_std]
#![no_main]

rt::exercises! {
    lesson: 1,
    helpers: [child],
    "e1" => share_a_page, "1-share-a-page.rs";
    "e2" => keep_the_file, "2-keep-the-file.rs";
}
