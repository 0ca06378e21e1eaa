//! The claim that a child ended by a given signal.

use crate::Cx;
use unistd::{Ended, signal_name};

/// Claims that `ended` is death by `signal`, naming both.
pub(crate) fn killed_by(cx: &mut Cx<'_>, ended: Ended, signal: u32, what: &str) -> bool {
    let name = signal_name(signal);
    let calls = cx.calls.name();
    cx.claim(
        ended.killed_by(signal),
        format_args!("{what} raises {name} (mapped through {calls}; the child {ended})"),
    )
}
