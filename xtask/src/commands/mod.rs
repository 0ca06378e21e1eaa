//! One module per subcommand of `cargo xtask`; only `main` calls them.

pub mod bench;
pub mod book;
pub mod doctor;
pub mod exercise;
pub mod kernel;
pub mod lesson;
pub mod mutants;
pub mod pictures;
pub mod test;
