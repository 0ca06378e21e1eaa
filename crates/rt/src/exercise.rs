//! Every lesson's exercise checker (`src/exercises/main.rs`, the
//! `exercisesNN` binary that `cargo xtask exercise N.M` builds):
//! [`exercises!`](crate::exercises) writes the whole program from one line
//! per exercise, and its `main` runs [`check_exercises`]: the work
//! directory from the command line, the claims the compiled-in checks
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

/// The heading a check prints before its claims: the exercise file's first
/// line, `//! Exercise N.M: title.`, without the comment marker and the
/// full stop. That line is the one place an exercise's title is written
/// (`cargo xtask exercise` reads it too); a first line of another shape is
/// printed as it is.
pub fn exercise_heading(source: &str) -> &str {
    let line = source.lines().next().unwrap_or("");
    let line = line.strip_prefix("//! ").unwrap_or(line);
    line.strip_suffix('.').unwrap_or(line)
}

/// The whole of a lesson's exercise checker, `src/exercises/main.rs`
/// (the `exercisesNN` binary that `cargo xtask exercise N.M` builds), from
/// the lesson's number, the helper modules its checks share, and one line
/// per exercise: its feature, the module that checks it
/// (`src/exercises/<module>.rs`, with `pub fn check(dir: &CStr, claims:
/// &mut Claims)`), and its file in the lesson's `exercises/`:
///
/// ```ignore
/// rt::exercises! {
///     lesson: 2,
///     helpers: [child],
///     "e1" => map_the_whole_file, "1-map-the-whole-file.rs";
///     "e2" => sum_an_empty_file, "2-sum-an-empty-file.rs";
/// }
/// ```
///
/// Feature `eM` compiles exercise M in: its checking module, and its file
/// as `crate::answers::<module>`, the file a learner edits
/// (`../../exercises/<file>`) or, with feature `solution`, the reference
/// answer (`../../exercises/solutions/<file>`). The helpers are compiled
/// when any exercise is. The program's `main` prints each compiled-in
/// exercise's heading (its file's first line, see [`exercise_heading`])
/// and runs its check; the checks print claims exactly as a lesson does,
/// so the same machinery judges them. Usage: `exercisesNN <work-dir>`; the
/// checks create their files there.
#[macro_export]
macro_rules! exercises {
    (
        lesson: $lesson:literal,
        helpers: [$($helper:ident),* $(,)?],
        $($feature:literal => $check:ident, $file:literal;)+
    ) => {
        // `#[path]` on an inline module names the directory its modules'
        // files are in, relative to this file (`src/exercises/`).
        #[cfg_attr(not(feature = "solution"), path = "../../exercises")]
        #[cfg_attr(feature = "solution", path = "../../exercises/solutions")]
        mod answers {
            $(
                #[cfg(feature = $feature)]
                #[path = $file]
                pub mod $check;
            )+
        }

        $(
            #[cfg(feature = $feature)]
            mod $check;
        )+

        $crate::exercises!(@helpers [$($feature),+] $($helper),*);

        $crate::main!(main);

        fn main() -> i32 {
            $crate::check_exercises($lesson, |dir, claims| {
                $(
                    #[cfg(feature = $feature)]
                    {
                        let file = include_str!(concat!("../../exercises/", $file));
                        $crate::println!("== {} ==", $crate::exercise_heading(file));
                        $check::check(dir, claims);
                    }
                )+
                // Built with no exercise at all, nothing uses them.
                let _ = (dir, claims);
            })
        }
    };
    (@helpers $features:tt $($helper:ident),*) => {
        $($crate::exercises!(@helper $features $helper);)*
    };
    (@helper [$($feature:literal),+] $helper:ident) => {
        #[cfg(any($(feature = $feature),+))]
        mod $helper;
    };
}
