//! Decoding the status word that wait4 fills in.

use core::fmt;
use linux_raw_sys::general as k;

/// How a child ended, decoded from wait4's status word.
///
/// The kernel packs it into one int: the low 7 bits hold the terminating
/// signal (0 if none), bit 7 says a core was dumped, and for a normal exit
/// bits 8..15 hold the exit code. (C's WIFEXITED, WTERMSIG and friends are
/// macros over these bits.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitStatus {
    /// The child called exit with this code.
    Exited(i32),
    /// A signal ended the child (`SIGSEGV`, `SIGBUS`, ...); `core` says
    /// whether it dumped core.
    Signaled {
        /// The signal number.
        signal: u32,
        /// A core dump was written.
        core: bool,
    },
    /// Any other state (stopped or continued); not used by the lessons.
    Other(i32),
}

impl WaitStatus {
    /// Decodes the raw int.
    pub fn decode(status: i32) -> WaitStatus {
        let signal = (status & 0x7f) as u32;
        if signal == 0 {
            WaitStatus::Exited((status >> 8) & 0xff)
        } else if signal == 0x7f {
            // 0x7f in the signal bits marks a stopped child.
            WaitStatus::Other(status)
        } else {
            WaitStatus::Signaled {
                signal,
                core: status & 0x80 != 0,
            }
        }
    }

    /// The signal that ended the child, if one did.
    pub fn signal(self) -> Option<u32> {
        match self {
            WaitStatus::Signaled { signal, .. } => Some(signal),
            _ => None,
        }
    }
}

/// The name of a signal number (`"SIGBUS"`), for the signals these lessons
/// can meet. Numbers differ between architectures (SIGBUS is 7 on
/// x86 and ARM, 10 on MIPS), so they come from `linux-raw-sys`.
pub fn signal_name(signal: u32) -> &'static str {
    match signal {
        k::SIGSEGV => "SIGSEGV",
        k::SIGBUS => "SIGBUS",
        k::SIGILL => "SIGILL",
        k::SIGTRAP => "SIGTRAP",
        k::SIGABRT => "SIGABRT",
        k::SIGFPE => "SIGFPE",
        k::SIGKILL => "SIGKILL",
        k::SIGTERM => "SIGTERM",
        k::SIGSYS => "SIGSYS",
        k::SIGCHLD => "SIGCHLD",
        k::SIGHUP => "SIGHUP",
        k::SIGINT => "SIGINT",
        k::SIGQUIT => "SIGQUIT",
        k::SIGPIPE => "SIGPIPE",
        k::SIGALRM => "SIGALRM",
        k::SIGUSR1 => "SIGUSR1",
        k::SIGUSR2 => "SIGUSR2",
        k::SIGCONT => "SIGCONT",
        k::SIGSTOP => "SIGSTOP",
        _ => "SIG?",
    }
}

/// `exited with status 0`, `killed by SIGBUS (signal 7)`.
impl fmt::Display for WaitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            WaitStatus::Exited(code) => write!(f, "exited with status {code}"),
            WaitStatus::Signaled { signal, core } => {
                write!(f, "killed by {} (signal {signal})", signal_name(signal))?;
                if core {
                    f.write_str(", core dumped")?;
                }
                Ok(())
            }
            WaitStatus::Other(raw) => write!(f, "stopped or continued (status {raw:#x})"),
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn wait_statuses_decode_as_the_kernel_encodes_them() {
        // exit(3): the code in bits 8..15, no signal.
        assert_eq!(WaitStatus::decode(3 << 8), WaitStatus::Exited(3));
        // Killed by SIGSEGV, with and without a core dump (bit 7).
        let segv = k::SIGSEGV as i32;
        assert_eq!(
            WaitStatus::decode(segv),
            WaitStatus::Signaled {
                signal: k::SIGSEGV,
                core: false
            }
        );
        assert_eq!(
            WaitStatus::decode(segv | 0x80),
            WaitStatus::Signaled {
                signal: k::SIGSEGV,
                core: true
            }
        );
        // Stopped: 0x7f in the signal bits, the signal above.
        let stopped = (k::SIGSTOP as i32) << 8 | 0x7f;
        assert_eq!(WaitStatus::decode(stopped), WaitStatus::Other(stopped));
        assert_eq!(WaitStatus::decode(segv).signal(), Some(k::SIGSEGV));
        assert_eq!(WaitStatus::decode(0).signal(), None);
    }

    #[test]
    fn every_named_signal_has_its_own_name() {
        let named = [
            (k::SIGSEGV, "SIGSEGV"),
            (k::SIGBUS, "SIGBUS"),
            (k::SIGILL, "SIGILL"),
            (k::SIGTRAP, "SIGTRAP"),
            (k::SIGABRT, "SIGABRT"),
            (k::SIGFPE, "SIGFPE"),
            (k::SIGKILL, "SIGKILL"),
            (k::SIGTERM, "SIGTERM"),
            (k::SIGSYS, "SIGSYS"),
            (k::SIGCHLD, "SIGCHLD"),
            (k::SIGHUP, "SIGHUP"),
            (k::SIGINT, "SIGINT"),
            (k::SIGQUIT, "SIGQUIT"),
            (k::SIGPIPE, "SIGPIPE"),
            (k::SIGALRM, "SIGALRM"),
            (k::SIGUSR1, "SIGUSR1"),
            (k::SIGUSR2, "SIGUSR2"),
            (k::SIGCONT, "SIGCONT"),
            (k::SIGSTOP, "SIGSTOP"),
        ];
        for (signal, name) in named {
            assert_eq!(signal_name(signal), name, "signal {signal}");
        }
        assert_eq!(signal_name(0), "SIG?");
    }

    #[test]
    fn statuses_read_as_sentences() {
        assert_eq!(WaitStatus::Exited(0).to_string(), "exited with status 0");
        let bus = WaitStatus::Signaled {
            signal: k::SIGBUS,
            core: false,
        };
        assert_eq!(
            bus.to_string(),
            std::format!("killed by SIGBUS (signal {})", k::SIGBUS)
        );
        let dumped = WaitStatus::Signaled {
            signal: k::SIGBUS,
            core: true,
        };
        assert!(dumped.to_string().ends_with(", core dumped"));
        assert!(WaitStatus::Other(0x137f).to_string().contains("0x137f"));
    }
}
