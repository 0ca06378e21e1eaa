//! Killing a lesson together with every process it started.
//!
//! Lessons fork (lesson 8 is about two processes). Killing only the process
//! xtask started would leave its children running, spinning a CPU and
//! holding our output pipes open. So each lesson starts as the leader of a
//! new process group, which its children inherit, and xtask kills the group.
//!
//! The price: the terminal sends Ctrl-C to its foreground group only, which
//! is no longer the lesson's. [`install_ctrl_c_handler`] passes it on.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// The process group of the lesson running now; 0 when none is.
static RUNNING_GROUP: AtomicU32 = AtomicU32::new(0);

/// Starts `command` with no stdin and piped stdout and stderr, as the
/// leader of a new process group (whose id is its pid), and records the
/// group as running, for [`kill_group`] and the Ctrl-C handler.
pub fn spawn_as_group(command: &mut Command) -> std::io::Result<(Child, u32)> {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    spawn_as_group_with_output(command)
}

/// As [`spawn_as_group`], with stdout and stderr wherever `command` already
/// sends them.
pub fn spawn_as_group_with_output(command: &mut Command) -> std::io::Result<(Child, u32)> {
    let child = command.stdin(Stdio::null()).process_group(0).spawn()?;
    let group = child.id();
    set_running(group);
    Ok((child, group))
}

/// Records `group` as the running lesson's, for the Ctrl-C handler.
pub fn set_running(group: u32) {
    RUNNING_GROUP.store(group, Ordering::SeqCst);
}

/// Records that no lesson is running.
pub fn clear_running() {
    RUNNING_GROUP.store(0, Ordering::SeqCst);
}

/// Sends SIGKILL to every process in `group`. Done with the `kill` command
/// (`kill -s KILL -- -PGID`, the minus meaning "group") because std can
/// only signal its own direct children, and xtask uses no unsafe code.
/// Failure is ignored: the group may already be gone.
pub fn kill_group(group: u32) {
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{group}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Sends SIGTERM to every process in `group`: a program that can tidy up
/// (an xtask passes it on to the lesson it runs, see below) does, and the
/// rest end.
pub fn end_group(group: u32) {
    let _ = Command::new("kill")
        .args(["-s", "TERM", "--", &format!("-{group}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// On Ctrl-C, and on SIGTERM or SIGHUP (ctrlc's `termination` feature:
/// `timeout`, a closed terminal, a cancelled CI job): kill the running
/// lesson's or QEMU's group, if any, then end xtask the way a shell expects
/// of a program stopped by SIGINT (exit code 130; the handler is not told
/// which signal came). Without this, a QEMU whose guest is stuck outlives
/// xtask and keeps a CPU busy. Children sharing our group (cargo, nextest)
/// get the signal themselves when it is sent to the whole group, as the
/// terminal and `timeout` do; a `kill` of xtask's pid alone leaves them.
pub fn install_ctrl_c_handler() {
    // Not fatal if it cannot be installed: Ctrl-C then just ends xtask.
    let _ = ctrlc::set_handler(|| {
        let group = RUNNING_GROUP.load(Ordering::SeqCst);
        if group != 0 {
            kill_group(group);
        }
        eprintln!("xtask: interrupted");
        std::process::exit(130);
    });
}
