//! A fixture for xtask's own fault tests (xtask/tests/faults.rs): a test
//! that never ends, so that the run's timeout must kill it. It is built only
//! with the `inject-hang` feature (see Cargo.toml), which `cargo xtask test`
//! turns on when `MMAP_TESTS_INJECT_HANG=1`: it is not part of the suite,
//! and no count or VM run ever includes it. It hangs only when that
//! variable is set too, so `cargo test --all-features` still ends.

#[test]
fn hangs_when_injected() {
    if std::env::var(protocol::env::INJECT_HANG).as_deref() == Ok("1") {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
    }
}
