//! Lesson 08's exercise checker, `exercises08`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 8.M` runs it.
#![no_std]
#![no_main]

rt::exercises! {
    lesson: 8,
    helpers: [watched],
    "e1" => wait_for_the_value, "1-wait-for-the-value.rs";
    "e2" => wake_the_waiter, "2-wake-the-waiter.rs";
}
