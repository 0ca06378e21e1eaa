//! Lesson 04's exercise checker, `exercises04`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 4.M` runs it.
#![no_std]
#![no_main]

// The lesson's own helper for one-page files.
#[cfg(feature = "e2")]
#[path = "../file.rs"]
mod file;

rt::exercises! {
    lesson: 4,
    helpers: [shown],
    "e1" => place_without_clobbering, "1-place-without-clobbering.rs";
    "e2" => refuse_unknown_flags, "2-refuse-unknown-flags.rs";
}
