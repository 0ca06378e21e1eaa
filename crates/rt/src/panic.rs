//! What a panic does in a freestanding lesson: print, then exit 101.
//!
//! There is no unwinder (the workspace builds with `panic = "abort"`), so the
//! handler simply reports where and why, and ends the process with the same
//! status a std program's panic gives.

/// The exit status after a panic, as for std programs.
const PANIC_EXIT_STATUS: i32 = protocol::PANICKED;

#[panic_handler]
fn on_panic(info: &core::panic::PanicInfo<'_>) -> ! {
    crate::eprintln!("lesson panicked: {}", info);
    unistd::exit(PANIC_EXIT_STATUS)
}

/// The unwinder's per-function hook, which the prebuilt `core` library names
/// in its unwind tables because it is compiled for targets that can unwind.
/// A lesson never unwinds (the handler above exits), so the hook is never
/// called; it only has to exist for the link to succeed.
#[unsafe(no_mangle)]
extern "C" fn rust_eh_personality() {}
