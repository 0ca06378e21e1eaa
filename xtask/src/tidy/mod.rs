//! The tidy checks: plain unit tests that read files and build nothing.

mod prose;
mod test_suite;
