//! Judging a lesson run by its output contract.
//!
//! Every lesson prints one line per claim it checks, starting `[ok] ` or
//! `[FAILED] `, and ends with `claims: N confirmed, M refuted`. A claim the
//! machine cannot answer (an emulated CPU with a known fault) is printed as
//! `[not tried] ` with the reason, and the closing line then ends
//! `, K not tried`. A run passes when it exited with 0, that line is there
//! with M = 0 and N + K at least the lesson's minimum, and the text the
//! lesson table expects appears. The minimum guards against a lesson that
//! "passes" by checking nothing; the expected text, against one that
//! skipped its main point; and the summary shows K, so nothing untried
//! passes silently.

use std::os::unix::process::ExitStatusExt;

use crate::process::run_with_timeout::RunOutput;
use crate::tables::lessons::Lesson;

pub use protocol::claims::Tally as Claims;

/// How a passing run is summed up: `16 claims confirmed`, or `14 claims
/// confirmed, 2 not tried`.
pub fn summary(claims: &Claims) -> String {
    match claims.not_tried {
        0 => format!("{} claims confirmed", claims.confirmed),
        k => format!("{} claims confirmed, {k} not tried", claims.confirmed),
    }
}

/// The tally on the last non-empty line `run` printed on stdout, where a
/// program that ran to its end prints it.
pub fn closing_tally(run: &RunOutput) -> Option<Claims> {
    let last_line = run
        .stdout
        .iter()
        .rev()
        .find(|line| !line.trim().is_empty())?;
    Claims::parse(last_line)
}

/// Why `run` did not end by itself: its deadline passed, or a signal
/// killed it. (What its exit status means differs between a lesson and an
/// exercise's check, so each reads that itself.)
pub fn killed(run: &RunOutput, timeout_secs: u64) -> Option<String> {
    if run.timed_out {
        Some(format!("still running after {timeout_secs} s, killed"))
    } else {
        run.status
            .signal()
            .map(|signal| format!("killed by signal {signal}{}", signal_name(signal)))
    }
}

/// The name of the signals a lesson is likely to die of, for the report.
/// (These numbers are the same on x86_64 and aarch64.)
pub fn signal_name(signal: i32) -> &'static str {
    match signal {
        4 => " (SIGILL)",
        6 => " (SIGABRT)",
        7 => " (SIGBUS)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        _ => "",
    }
}

/// The run's tally, or every reason it failed. `may_leave_untried` is how
/// many claims this machine may leave untried (the lesson table's
/// `vm_not_tried` entry for it; 0 everywhere else).
pub fn check(
    lesson: &Lesson,
    timeout_secs: u64,
    run: &RunOutput,
    may_leave_untried: u32,
) -> Result<Claims, String> {
    let mut reasons = Vec::new();
    if let Some(reason) = killed(run, timeout_secs) {
        reasons.push(reason);
    } else if let Some(code) = run.status.code().filter(|code| *code != 0) {
        reasons.push(format!("exited with status {code}"));
    }

    let claims = closing_tally(run);
    match &claims {
        None => reasons.push("no closing `claims: N confirmed, M refuted` line".to_string()),
        Some(claims) => {
            if claims.refuted > 0 {
                reasons.push(format!("{} claim(s) refuted", claims.refuted));
            }
            let printed = run
                .stdout
                .iter()
                .filter(|line| line.starts_with(protocol::claims::NOT_TRIED))
                .count() as u32;
            if printed != claims.not_tried {
                reasons.push(format!(
                    "the closing line counts {} claim(s) not tried, but {printed} `[not tried]` \
                     line(s) were printed",
                    claims.not_tried
                ));
            }
            if claims.not_tried > may_leave_untried {
                reasons.push(format!(
                    "{} claim(s) not tried, where this machine may leave {may_leave_untried} \
                     untried",
                    claims.not_tried
                ));
            }
            if claims.confirmed.saturating_add(claims.not_tried) < lesson.min_claims {
                reasons.push(format!(
                    "only {} claim(s) confirmed ({} not tried), at least {} expected",
                    claims.confirmed, claims.not_tried, lesson.min_claims
                ));
            }
        }
    }

    for text in lesson.expected {
        if !run.all.iter().any(|line| line.contains(text)) {
            reasons.push(format!("`{text}` never appears in its output"));
        }
    }
    if run.pipes_left_open {
        reasons.push("a process it started was still running at the end".to_string());
    }

    match claims {
        Some(claims) if reasons.is_empty() => Ok(claims),
        _ => Err(reasons.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_closing_line() {
        assert_eq!(
            Claims::parse("claims: 8 confirmed, 0 refuted"),
            Some(Claims {
                confirmed: 8,
                refuted: 0,
                not_tried: 0
            })
        );
        assert_eq!(
            Claims::parse("claims: 14 confirmed, 0 refuted, 2 not tried"),
            Some(Claims {
                confirmed: 14,
                refuted: 0,
                not_tried: 2
            })
        );
        assert_eq!(Claims::parse("claims: 8 confirmed"), None);
        assert_eq!(
            Claims::parse("claims: 8 confirmed, 0 refuted, 2 skipped"),
            None
        );
        assert_eq!(Claims::parse("[ok] claims: x"), None);
    }

    #[test]
    fn reads_back_what_a_program_writes() {
        for tally in [
            Claims::default(),
            Claims {
                confirmed: 21,
                refuted: 3,
                not_tried: 0,
            },
            Claims {
                confirmed: 14,
                refuted: 0,
                not_tried: 2,
            },
        ] {
            assert_eq!(Claims::parse(&tally.to_string()), Some(tally));
        }
    }
}
