//! Running a child process: with a deadline, in its own process group,
//! reading its output line by line. Std only; knows nothing of lessons or
//! architectures.

pub mod pipe_lines;
pub mod process_group;
pub mod run_with_timeout;
