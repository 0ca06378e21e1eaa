//! Where a program runs: on this machine (natively or under QEMU user
//! mode) or on a real kernel booted under qemu-system (`vm`).

pub mod exercise_run;
pub mod how;
pub mod lesson_run;
pub mod map;
pub mod nextest;
pub mod selftest;
pub mod user_mode;
pub mod vm;
