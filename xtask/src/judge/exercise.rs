//! Judging an exercise's check by its output, with the lessons' contract:
//! `[ok] `, `[FAILED] ` and `[not tried] ` lines, then the closing
//! `claims: N confirmed, M refuted` line. A check exits 0 when every claim
//! held and 1 when one did not; anything else (a signal, a timeout, another
//! exit code) means the check itself could not do its work.

use crate::judge::lesson_check::{closing_tally, killed};
use crate::process::run_with_timeout::RunOutput;

use protocol::PANICKED;

/// What one run of a check says.
pub struct Verdict {
    /// Claims confirmed, from the closing line.
    pub confirmed: u32,
    /// The `[FAILED]` lines, in order.
    pub failed: Vec<String>,
    /// The `[not tried]` lines: claims this machine could not answer.
    pub not_tried: Vec<String>,
    /// Why the run does not count as a check at all (a crash, a timeout,
    /// no closing line); empty when it ran to its end.
    pub broken: Vec<String>,
    /// The exit code, when it exited.
    pub exit_code: Option<i32>,
}

impl Verdict {
    /// Every claim was checked and held.
    pub fn passed(&self) -> bool {
        self.broken.is_empty()
            && self.failed.is_empty()
            && self.not_tried.is_empty()
            && self.confirmed > 0
            && self.exit_code == Some(0)
    }

    /// Every claim the machine answered held, but it left some untried: the
    /// check can say neither done nor not done.
    pub fn unanswerable(&self) -> bool {
        self.broken.is_empty()
            && self.failed.is_empty()
            && !self.not_tried.is_empty()
            && self.exit_code == Some(0)
    }

    /// The run ended normally with at least one claim refuted: the answer
    /// is wrong, and the check said why.
    pub fn refuted(&self) -> bool {
        self.broken.is_empty() && !self.failed.is_empty() && self.exit_code == Some(1)
    }
}

/// Reads `run`'s claims and ending.
pub fn verdict_of(run: &RunOutput, timeout_secs: u64) -> Verdict {
    let mut broken = Vec::new();
    let exit_code = run.status.code();
    if let Some(reason) = killed(run, timeout_secs) {
        broken.push(reason);
    } else if exit_code == Some(PANICKED) {
        broken.push(
            "it panicked (the `panicked` line above says where): a panic in your answer ends \
             the check"
                .to_string(),
        );
    } else if let Some(code) = exit_code.filter(|code| *code != 0 && *code != 1) {
        broken.push(format!(
            "exited with status {code}: a step of the check itself failed (see its output)"
        ));
    }
    if run.pipes_left_open {
        broken.push("a process it started was still running at the end".to_string());
    }
    let confirmed = match closing_tally(run) {
        Some(claims) => claims.confirmed,
        None => {
            broken.push("no closing `claims: N confirmed, M refuted` line".to_string());
            0
        }
    };
    let lines_starting = |prefix: &str| -> Vec<String> {
        run.stdout
            .iter()
            .filter(|line| line.starts_with(prefix))
            .cloned()
            .collect()
    };
    Verdict {
        confirmed,
        failed: lines_starting(protocol::claims::REFUTED),
        not_tried: lines_starting(protocol::claims::NOT_TRIED),
        broken,
        exit_code,
    }
}
