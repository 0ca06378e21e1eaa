//! Lesson 07's exercise checker, `exercises07`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 7.M` runs it.
#![no_std]
#![no_main]

// The lesson's inotify witness: IN_CLOSE_WRITE tells when the file was
// really released.
#[cfg(feature = "e2")]
#[path = "../inotify.rs"]
mod inotify;

rt::exercises! {
    lesson: 7,
    helpers: [],
    "e1" => guard_the_buffer, "1-guard-the-buffer.rs";
    "e2" => close_the_descriptor, "2-close-the-descriptor.rs";
}
