//! What a check is given, and how it states a claim.

use crate::{Calls, Env};
use core::fmt;
use mman::Errno;
use unistd::Ended;

/// Where a check's claims go. The self-test prints each one as an `[ok]`
/// or `[FAILED]` line; the test suite collects them and fails the test if
/// any was refuted.
pub trait Report {
    /// Records one claim and whether it held.
    fn claim(&mut self, holds: bool, what: fmt::Arguments<'_>);
}

/// A step before the claims that did not work, so the check stopped: a
/// file not created, a fork refused, a child that died preparing. Nothing
/// was learnt about the call the check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// A call failed.
    Call {
        /// What the check was doing.
        step: &'static str,
        /// What the call answered.
        errno: Errno,
    },
    /// A child did not exit with status 0.
    Child {
        /// What the child was doing.
        step: &'static str,
        /// How it ended instead.
        ended: Ended,
    },
}

impl fmt::Display for Setup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Setup::Call { step, errno } => write!(f, "setup failed: {step}: {errno}"),
            Setup::Child { step, ended } => write!(f, "setup failed: {step}: the child {ended}"),
        }
    }
}

/// How a check ended: `Ok` once every claim was stated (each held or not).
pub type Outcome = Result<(), Setup>;

/// `result.or_setup("step")?` in a check.
pub(crate) trait OrSetup<T> {
    fn or_setup(self, step: &'static str) -> Result<T, Setup>;
}

impl<T> OrSetup<T> for Result<T, Errno> {
    fn or_setup(self, step: &'static str) -> Result<T, Setup> {
        self.map_err(|errno| Setup::Call { step, errno })
    }
}

/// A check's context: where it runs, whose calls it makes, where its
/// claims go.
pub struct Cx<'a> {
    /// Where it runs.
    pub env: Env<'a>,
    /// Whose calls it makes.
    pub calls: &'a dyn Calls,
    report: &'a mut dyn Report,
}

impl<'a> Cx<'a> {
    /// A context for running checks in `env`, making `calls`, claiming to
    /// `report`.
    pub fn new(env: Env<'a>, calls: &'a dyn Calls, report: &'a mut dyn Report) -> Cx<'a> {
        Cx { env, calls, report }
    }

    /// States a claim: `holds` is what the kernel showed. Returns `holds`.
    pub fn claim(&mut self, holds: bool, what: fmt::Arguments<'_>) -> bool {
        self.report.claim(holds, what);
        holds
    }

    /// Claims that `got` is the failure `expected`; `what` names the call
    /// and its arguments.
    pub fn fails_with<T>(&mut self, got: Result<T, Errno>, expected: Errno, what: &str) -> bool {
        let calls = self.calls.name();
        match got {
            Err(errno) => self.claim(
                errno == expected,
                format_args!("{what}: {expected:?} (through {calls}: {errno:?})"),
            ),
            Ok(_) => self.claim(
                false,
                format_args!("{what}: {expected:?} (through {calls}: it succeeded)"),
            ),
        }
    }

    /// Claims that `got` is the failure `expected`, as a kernel answers;
    /// but for a 32-bit guest under QEMU user mode, success: the range is in
    /// the 4 GiB QEMU reserved for the guest in the host
    /// ([`Env::qemu_32bit_guest`]), so the host kernel finds it mapped or
    /// valid. Both answers are in the claim; the one this machine gives is
    /// asserted.
    pub fn fails_with_unless_qemu_32bit(
        &mut self,
        got: Result<(), Errno>,
        expected: Errno,
        what: &str,
    ) -> bool {
        let calls = self.calls.name();
        if self.env.qemu_32bit_guest() {
            return self.claim(
                got.is_ok(),
                format_args!(
                    "{what}: a kernel says {expected:?}; under QEMU the range is in the \
                     reservation QEMU made for a 32-bit guest, so it succeeds (through \
                     {calls}: {got:?})"
                ),
            );
        }
        self.claim(
            got == Err(expected),
            format_args!(
                "{what}: {expected:?} (a 32-bit guest under QEMU user mode: success) \
                 (through {calls}: {got:?})"
            ),
        )
    }
}

/// `claim!(cx, condition, "format", args...)`: state a claim.
#[macro_export]
macro_rules! claim {
    ($cx:expr, $holds:expr, $($what:tt)+) => {
        $cx.claim($holds, format_args!($($what)+))
    };
}
