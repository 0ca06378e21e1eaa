//! The tidy checks: a fact written in two places (once in code, once in
//! prose or in another file) must agree, and what the READMEs link to must
//! exist. Plain unit tests, run by `cargo test -p xtask`: they read files,
//! build nothing, and fail with the file, the line and what disagrees.
//!
//! In [`prose`] (the READMEs and the lesson and exercise tables):
//! - the architecture table (book/src/reference/architectures.md) against
//!   `tables/arch/rows.rs`: the same nine rows in the same order, each with
//!   its test triple (or the self-test), its lesson triple and its extra
//!   setup (the cross compiler and C library packages, or `rust-src`);
//! - every `lessons/NN-slug/` directory against the lesson table
//!   (`tables/lessons.rs`);
//! - every relative link in README.md, the lesson READMEs and the book's
//!   pages points at a file or directory that exists (links to a web page
//!   are not followed), and the link reader finds links with their lines;
//! - every exercise in the table has its answer file (whose first line is
//!   its title), its reference answer, its feature and its module, and every
//!   answer file has a row;
//! - every written lesson has two exercises or more;
//! - each lesson README lists its exercises by the titles in their files,
//!   and tells how to check them, get hints and see an answer in the same
//!   words as the others, with its own lesson's number;
//! - the freestanding clippy list is written once, in
//!   `.ci/clippy-freestanding`, which `.ci/run` and the workflow both run.
//!
//! In [`hints`] (the exercises' hint files): every exercise has two levels
//! or more, each different, and its first level names no identifier that
//! the reference answer adds to the exercise file.
//!
//! In [`test_suite`] (the test suite's layout):
//! - `tests/tests/<slug>.rs` exists for every lesson `NN-<slug>`;
//! - the checks in `tests/checks` and the self-test's list `ALL` are the
//!   same set, every entry has a `#[test]` of its name that calls it, and
//!   both are read as written.
//!
//! In [`layers`] (xtask's own sources): every file is on a floor of the
//! Layout chapter's picture of them (book/src/reference/layout.md), imports
//! only from lower floors or its own folder, and no files import each other
//! in a loop.
//!
//! Two more checks of this kind sit beside the code they check, because
//! they call it: the exercise chapter's list is what `cargo xtask exercise`
//! prints on a fresh clone (`commands/exercise/list.rs`), and the VM
//! chapter's two `--arch all --vm` tables read back through the table
//! printer as they are pasted, their totals the sums of their rows
//! (`judge/summary.rs`).

mod hints;
mod layers;
mod prose;
mod test_suite;
