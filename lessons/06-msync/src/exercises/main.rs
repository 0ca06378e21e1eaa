//! Lesson 06's exercise checker, `exercises06`: `rt::exercises!` says
//! what it compiles in and how `cargo xtask exercise 6.M` runs it.
#![no_std]
#![no_main]

rt::exercises! {
    lesson: 6,
    helpers: [watch],
    "e1" => flush_one_record, "1-flush-one-record.rs";
    "e2" => make_it_durable, "2-make-it-durable.rs";
}
