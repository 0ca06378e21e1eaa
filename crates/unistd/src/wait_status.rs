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
