//! Booting the VM and reading its console until PID 1 is done, with
//! deadlines everywhere: a kernel that never starts PID 1, a test that hangs
//! the machine, a QEMU that never exits all end in a report, never a hang.
//!
//! QEMU's `-serial stdio` makes the guest's console our pipe. One thread
//! per pipe turns bytes into lines and sends them here; this thread feeds
//! them to [`Console`] and watches the clock.

use std::collections::VecDeque;
use std::io::Read;
use std::process::Command;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crate::judge::console::{Boot, Console};
use crate::process::process_group;
use crate::process::run_with_timeout::Filter;
use crate::run::map::{LiveMap, Program};

/// How many console lines a failure report repeats.
pub const TAIL_LINES: usize = 40;

/// The longest silence allowed from PID 1 (the kernel's own messages do not
/// count: a stuck machine's kernel keeps printing its watchdog reports):
/// PID 1 prints a line per test, and its own deadline per program is 240 s,
/// so this much silence means the machine is stuck.
const IDLE_LIMIT: Duration = Duration::from_secs(300);

/// How long the kernel may take to start PID 1 under TCG. A distribution
/// kernel boots in seconds even under software emulation; a kernel that
/// cannot find its console or its clock never does.
pub const BOOT_LIMIT: Duration = Duration::from_secs(120);

/// How long PID 1 may stay silent after the kernel has reported a stuck CPU
/// (a lockup watchdog or RCU's stall detector). Under software emulation on
/// a busy host such a report can be a false alarm, which PID 1's next line
/// disproves; a CPU that is really stuck (as QEMU's LoongArch CPU was, in
/// an endless exception loop) would otherwise hold the run until the
/// 300 s silence limit, or for ever, since its watchdog keeps printing.
const STALL_SILENCE: Duration = Duration::from_secs(60);

/// How long to wait for the kernel's panic report to finish, and for QEMU
/// to exit once PID 1 has powered off.
const GRACE: Duration = Duration::from_secs(10);

/// Runs `command` (a `qemu-system-*` line), for at most `limit` in all and
/// `boot_limit` until PID 1 says it has started. With `map`, the snapshot
/// frames in the programs' output are drawn in the console's echo instead
/// of shown as they are (the console parser still reads every line).
pub fn boot(
    mut command: Command,
    limit: Duration,
    boot_limit: Duration,
    mut map: Option<&mut LiveMap>,
) -> std::io::Result<Boot> {
    let (mut child, group) = process_group::spawn_as_group(&mut command)?;
    let started = Instant::now();
    let (sender, lines) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        read_lines(stdout, sender.clone());
    }
    if let Some(stderr) = child.stderr.take() {
        read_lines(stderr, sender);
    }

    let mut boot = Boot {
        console: Console::default(),
        problem: None,
        tail: Vec::new(),
        booted_after: None,
        first_result_after: None,
    };
    let mut tail = VecDeque::with_capacity(TAIL_LINES);
    let mut last_line = Instant::now();
    // Set once the run is over (DONE or a panic): QEMU gets a grace period.
    let mut wind_down: Option<Instant> = None;
    // The kernel's first report of a stuck CPU since PID 1's last line.
    let mut stall: Option<(Instant, String)> = None;
    loop {
        let now = Instant::now();
        let deadline = match (wind_down, &stall) {
            (Some(until), _) => until,
            (None, _) if boot.console.booted.is_none() => {
                (started + boot_limit).min(started + limit)
            }
            (None, Some((at, _))) => (*at + STALL_SILENCE).min(started + limit),
            (None, None) => (last_line + IDLE_LIMIT).min(started + limit),
        };
        // Checked here as well as by the receive's timeout: a console that
        // never stops talking would otherwise keep the loop going.
        let received = if now >= deadline {
            Err(RecvTimeoutError::Timeout)
        } else {
            lines.recv_timeout(deadline - now)
        };
        let line = match received {
            Ok(line) => line,
            Err(RecvTimeoutError::Disconnected) => break, // QEMU exited
            Err(RecvTimeoutError::Timeout) => {
                if wind_down.is_none() {
                    boot.problem = Some(if Instant::now() >= started + limit {
                        format!("still running after {} s, stopped", limit.as_secs())
                    } else if boot.console.booted.is_none() {
                        format!(
                            "PID 1 had not started after {} s (no {} line), stopped",
                            boot_limit.as_secs(),
                            protocol::console::BOOTED
                        )
                    } else if let Some((_, report)) = &stall {
                        format!(
                            "the kernel reported a stuck CPU ({report}) and PID 1 printed \
                             nothing in the {} s after it, stopped",
                            STALL_SILENCE.as_secs()
                        )
                    } else {
                        format!("no console output for {} s, stopped", IDLE_LIMIT.as_secs())
                    });
                }
                break;
            }
        };
        if !is_kernel_message(&line) {
            last_line = Instant::now();
            stall = None;
        } else if stall.is_none() && is_stall_report(&line) {
            // The first report counts: the watchdog repeats itself every
            // 20 s or so, which must not push the deadline on.
            stall = Some((Instant::now(), line.trim().to_string()));
        }
        let drawn = match map.as_deref_mut() {
            Some(map) => {
                let marker = line.find(protocol::console::OUTPUT_BEGIN);
                if let Some(label) = marker.and_then(|at| {
                    line[at + protocol::console::OUTPUT_BEGIN.len()..].strip_prefix(' ')
                }) {
                    map.now_running(Program::named(label));
                }
                map.take(&line)
            }
            None => false,
        };
        if !drawn {
            println!("    | {line}");
        }
        if tail.len() == TAIL_LINES {
            tail.pop_front();
        }
        tail.push_back(line.clone());
        let is_result = boot.console.feed(&line);
        let seconds = started.elapsed().as_secs_f64();
        if is_result && boot.first_result_after.is_none() {
            boot.first_result_after = Some(seconds);
        }
        if boot.console.booted.is_some() && boot.booted_after.is_none() {
            boot.booted_after = Some(seconds);
        }
        if wind_down.is_none() && (boot.console.done || boot.console.panic.is_some()) {
            wind_down = Some(Instant::now() + GRACE);
        }
    }
    // Whatever state it is in, QEMU (its whole process group) goes now.
    process_group::kill_group(group);
    let _ = child.kill();
    let _ = child.wait();
    process_group::clear_running();
    boot.tail = tail.into();
    Ok(boot)
}

/// Sends each line of `pipe` to `lines` until end of file (or until the
/// receiver is gone).
fn read_lines(pipe: impl Read + Send + 'static, lines: Sender<String>) {
    thread::spawn(move || {
        crate::process::pipe_lines::for_each_line(pipe, |line| lines.send(line).is_ok());
    });
}

/// A line the kernel printed (`[   12.345678] ...`, its timestamp first),
/// not PID 1.
fn is_kernel_message(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    let Some((stamp, _)) = rest.split_once(']') else {
        return false;
    };
    let stamp = stamp.trim_start();
    !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// The kernel's reports of a CPU that has stopped making progress: the
/// hard- and soft-lockup watchdogs and RCU's stall detector (which says
/// "self-detected stall" when the stuck CPU notices it itself, as on a
/// one-CPU machine).
fn is_stall_report(line: &str) -> bool {
    [
        "detected hard LOCKUP",
        "BUG: soft lockup",
        "detected stalls on CPUs",
        "self-detected stall on CPU",
    ]
    .iter()
    .any(|report| line.contains(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_messages_are_told_from_pid_1() {
        assert!(is_kernel_message("[   16.121189] watchdog: CPU0: Watchdog"));
        assert!(!is_kernel_message("MMAPVM BOOTED 7.2.13 pagesize=16384"));
        assert!(!is_kernel_message("[ok] the page is readable"));
    }

    #[test]
    fn the_watchdogs_reports_are_stalls() {
        assert!(is_stall_report(
            "[   16.121189] watchdog: CPU0: Watchdog detected hard LOCKUP on cpu 1"
        ));
        assert!(is_stall_report(
            "[   26.144475] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:"
        ));
        assert!(is_stall_report(
            "[   21.000000] rcu: INFO: rcu_sched self-detected stall on CPU"
        ));
        assert!(!is_stall_report(
            "[    0.766038] ACPI Error: Aborting method"
        ));
    }
}
