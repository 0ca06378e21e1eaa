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

use crate::lessons::Lesson;
use crate::run_with_timeout::RunOutput;

/// The lesson's closing tally.
#[derive(Debug, PartialEq, Eq)]
pub struct Claims {
    /// Claims the run confirmed (`[ok]`).
    pub confirmed: u32,
    /// Claims the run refuted (`[FAILED]`).
    pub refuted: u32,
    /// Claims the machine could not answer (`[not tried]`).
    pub not_tried: u32,
}

impl Claims {
    /// How a passing run is summed up: `16 claims confirmed`, or
    /// `14 claims confirmed, 2 not tried`.
    pub fn summary(&self) -> String {
        match self.not_tried {
            0 => format!("{} claims confirmed", self.confirmed),
            k => format!("{} claims confirmed, {k} not tried", self.confirmed),
        }
    }
}

/// Reads `claims: N confirmed, M refuted[, K not tried]` from one line.
pub fn parse_claims_line(line: &str) -> Option<Claims> {
    let rest = line.trim().strip_prefix(protocol::claims::CLOSING)?;
    let mut parts = rest.split(", ");
    let confirmed = parts.next()?.strip_suffix(" confirmed")?.parse().ok()?;
    let refuted = parts.next()?.strip_suffix(" refuted")?.parse().ok()?;
    let not_tried = match parts.next() {
        Some(part) => part.strip_suffix(" not tried")?.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Claims {
        confirmed,
        refuted,
        not_tried,
    })
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
    if run.timed_out {
        reasons.push(format!("still running after {timeout_secs} s, killed"));
    } else if let Some(signal) = run.status.signal() {
        reasons.push(format!("killed by signal {signal}{}", signal_name(signal)));
    } else if let Some(code) = run.status.code().filter(|code| *code != 0) {
        reasons.push(format!("exited with status {code}"));
    }

    // The closing line is the last line the lesson printed on stdout.
    let last_line = run.stdout.iter().rev().find(|line| !line.trim().is_empty());
    let claims = last_line.and_then(|line| parse_claims_line(line));
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
            parse_claims_line("claims: 8 confirmed, 0 refuted"),
            Some(Claims {
                confirmed: 8,
                refuted: 0,
                not_tried: 0
            })
        );
        assert_eq!(
            parse_claims_line("claims: 14 confirmed, 0 refuted, 2 not tried"),
            Some(Claims {
                confirmed: 14,
                refuted: 0,
                not_tried: 2
            })
        );
        assert_eq!(parse_claims_line("claims: 8 confirmed"), None);
        assert_eq!(
            parse_claims_line("claims: 8 confirmed, 0 refuted, 2 skipped"),
            None
        );
        assert_eq!(parse_claims_line("[ok] claims: x"), None);
    }
}
