//! The course's data: the architectures and the machines `--vm` boots for
//! them, the lessons, the exercises. Data and look-ups only; nothing here
//! starts a process.

pub mod arch;
pub mod exercises;
pub mod hints;
pub mod lessons;
pub mod machine;
pub mod pictures;
