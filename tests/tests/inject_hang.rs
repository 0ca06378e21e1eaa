//! A fixture for xtask's own fault tests (xtask/tests/faults.rs): with
//! `MMAP_TESTS_INJECT_HANG=1` this test never ends, so that the run's
//! timeout must kill it. Without the variable it returns at once.

#[test]
fn hangs_when_injected() {
    if std::env::var("MMAP_TESTS_INJECT_HANG").as_deref() == Ok("1") {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
    }
}
