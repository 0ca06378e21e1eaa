//! Cargo builds of the freestanding programs (lessons, exercises' checks,
//! the self-test, PID 1): they return the executable's path, or one line
//! after the compiler's own messages.

pub mod cargo_build;
pub mod exercise_build;
