//! Running a program with a deadline, showing its output live and keeping a
//! copy to check afterwards.
//!
//! std has no "wait with timeout", so: one thread per pipe copies each line
//! to the terminal and into a shared list, while this thread polls
//! `try_wait` until the child ends or the deadline passes, then kills it
//! and, through its process group, every process it started.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::process::process_group;

/// How often to ask whether the child has ended. Short enough not to slow a
/// fast lesson down noticeably, long enough to cost nothing.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// How long to wait for the pipes to close once the child has ended. They
/// stay open if the child started a process of its own that outlived it
/// (lesson 8 forks); after this, that process is killed.
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// What a finished (or killed) run left behind.
pub struct RunOutput {
    /// The exit status, as seen after the kill if it timed out.
    pub status: ExitStatus,
    /// Whether the deadline passed and the child was killed.
    pub timed_out: bool,
    /// Whether some process still held the output pipes open at the end.
    pub pipes_left_open: bool,
    /// Every line of stdout, in order.
    pub stdout: Vec<String>,
    /// Every line of stdout and stderr, in the order they arrived.
    pub all: Vec<String>,
}

/// Lines collected by the reader threads.
#[derive(Default)]
struct Collected {
    stdout: Vec<String>,
    all: Vec<String>,
}

/// Starts `command` with no stdin, shows its stdout and stderr as they come
/// and kills it (and whatever it started) if it still runs after `timeout`.
pub fn run_with_timeout(mut command: Command, timeout: Duration) -> std::io::Result<RunOutput> {
    let (mut child, group) = process_group::spawn_as_group(&mut command)?;
    let collected = Arc::new(Mutex::new(Collected::default()));
    let (done_sender, done) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        spawn_reader(stdout, true, Arc::clone(&collected), done_sender.clone());
    }
    if let Some(stderr) = child.stderr.take() {
        spawn_reader(stderr, false, Arc::clone(&collected), done_sender);
    }

    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            // SIGKILL: a hung program may ignore anything gentler. Under
            // QEMU this kills the emulator, and with it the guest program.
            process_group::kill_group(group);
            let _ = child.kill(); // in case `kill` itself could not run
            break child.wait()?;
        }
        thread::sleep(POLL_INTERVAL);
    };

    // Each reader sends once, at end of file on its pipe.
    let drain_deadline = Instant::now() + DRAIN_GRACE;
    let mut pipes_left_open = false;
    for _ in 0..2 {
        let left = drain_deadline.saturating_duration_since(Instant::now());
        if done.recv_timeout(left).is_err() {
            pipes_left_open = true;
            // The group still has members (they hold the pipes), so its
            // id cannot have been reused yet.
            process_group::kill_group(group);
            break;
        }
    }
    process_group::clear_running();

    // Readers still blocked keep their own handle; take what is here now.
    let collected = std::mem::take(&mut *lock(&collected));
    Ok(RunOutput {
        status,
        timed_out,
        pipes_left_open,
        stdout: collected.stdout,
        all: collected.all,
    })
}

/// Locks the shared lines; a reader that panicked leaves them usable.
fn lock(collected: &Mutex<Collected>) -> std::sync::MutexGuard<'_, Collected> {
    collected
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Copies `pipe` line by line to our own stdout or stderr and into
/// `collected`, then reports end of file on `done`.
fn spawn_reader(
    pipe: impl Read + Send + 'static,
    is_stdout: bool,
    collected: Arc<Mutex<Collected>>,
    done: mpsc::Sender<()>,
) {
    thread::spawn(move || {
        crate::process::pipe_lines::for_each_line(pipe, |line| {
            // Errors writing to our own terminal are ignored: the copy
            // kept for checking matters more than the echo.
            if is_stdout {
                let _ = writeln!(std::io::stdout().lock(), "{line}");
            } else {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
            let mut collected = lock(&collected);
            if is_stdout {
                collected.stdout.push(line.clone());
            }
            collected.all.push(line);
            true
        });
        let _ = done.send(());
    });
}
