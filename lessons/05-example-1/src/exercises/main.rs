//! Lesson 05's exercise checker, `exercises05`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 5.M` runs it.
#![no_std]
#![no_main]

rt::exercises! {
    lesson: 5,
    helpers: [],
    "e1" => size_the_file, "1-size-the-file.rs";
    "e2" => choose_the_mode, "2-choose-the-mode.rs";
}
