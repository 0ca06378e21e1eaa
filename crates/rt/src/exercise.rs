//! The `main` of every lesson's exercise checker (`src/exercises/main.rs`,
//! the `exercisesNN` binary that `cargo xtask exercise N.M` builds): the
//! work directory from the command line, the claims the compiled-in checks
//! make, and the closing tally, as a lesson has them.

use core::ffi::CStr;

use crate::Claims;

/// Runs `checks` (the exercises compiled in: one per `eM` feature) with
/// the work directory and the claims, and returns the exit status. Without
/// a work directory it prints the usage line and returns
/// [`crate::SETUP_FAILED`].
pub fn check_exercises(lesson: u32, checks: impl FnOnce(&'static CStr, &mut Claims)) -> i32 {
    let Some(dir) = crate::arg(1) else {
        crate::eprintln!(
            "usage: exercises{lesson:02} <work-dir>   (run it through `cargo xtask exercise \
             {lesson}.M`)"
        );
        return crate::SETUP_FAILED;
    };
    let mut claims = Claims::new();
    checks(dir, &mut claims);
    claims.finish()
}
