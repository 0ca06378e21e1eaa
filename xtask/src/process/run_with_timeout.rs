//! Running a program with a deadline, showing its output live and keeping a
//! copy to check afterwards.
//!
//! std has no "wait with timeout", so: one thread per pipe copies each line
//! to the terminal and into a shared list, while this thread polls
//! `try_wait` until the child ends or the deadline passes, then kills it
//! and, through its process group, every process it started.
//!
//! With a [`Filter`] ([`run_filtered`]), stdout and stderr share one pipe
//! instead, so that their lines arrive in the order the program wrote them
//! (two pipes read by two threads keep each one's order, not the order
//! between them), and each line is offered to the filter before it is
//! shown: `--map` takes the snapshot frames out and prints pictures in
//! their place.

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

/// Decides, line by line, what a run shows and keeps.
pub trait Filter: Send {
    /// Called with each line the program prints, in order; returns true
    /// if it takes the line, which is then neither shown nor kept in
    /// [`RunOutput::stdout`] and [`RunOutput::all`]. It may print lines of
    /// its own on our stdout.
    fn take(&mut self, line: &str) -> bool;
}

/// Lines collected by the reader threads.
#[derive(Default)]
struct Collected {
    stdout: Vec<String>,
    all: Vec<String>,
}

/// Starts `command` with no stdin, shows its stdout and stderr as they come
/// and kills it (and whatever it started) if it still runs after `timeout`.
pub fn run_with_timeout(command: Command, timeout: Duration) -> std::io::Result<RunOutput> {
    run(command, timeout, None)
}

/// As [`run_with_timeout`], with stdout and stderr on one pipe and every
/// line offered to `filter` first. The program's stderr lines are then
/// shown on our stdout, and kept in [`RunOutput::stdout`] too (as a VM's
/// console gives them: one stream).
pub fn run_filtered(
    command: Command,
    timeout: Duration,
    filter: Box<dyn Filter>,
) -> std::io::Result<RunOutput> {
    run(command, timeout, Some(filter))
}

fn run(
    mut command: Command,
    timeout: Duration,
    filter: Option<Box<dyn Filter>>,
) -> std::io::Result<RunOutput> {
    let collected = Arc::new(Mutex::new(Collected::default()));
    let (done_sender, done) = mpsc::channel();
    let (mut child, group, pipes) = match filter {
        None => {
            let (mut child, group) = process_group::spawn_as_group(&mut command)?;
            if let Some(stdout) = child.stdout.take() {
                let echo = Echo::Stdout(None);
                spawn_reader(stdout, echo, Arc::clone(&collected), done_sender.clone());
            }
            if let Some(stderr) = child.stderr.take() {
                spawn_reader(stderr, Echo::Stderr, Arc::clone(&collected), done_sender);
            }
            (child, group, 2)
        }
        Some(filter) => {
            let (reader, writer) = std::io::pipe()?;
            command.stdout(writer.try_clone()?).stderr(writer);
            let (child, group) = process_group::spawn_as_group_with_output(&mut command)?;
            // The command holds our copies of the pipe's writing end: the
            // reader sees end of file only once they are closed too.
            drop(command);
            let echo = Echo::Stdout(Some(filter));
            spawn_reader(reader, echo, Arc::clone(&collected), done_sender);
            (child, group, 1)
        }
    };

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
    for _ in 0..pipes {
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

/// Where a reader shows the lines of its pipe.
enum Echo {
    /// On our stdout, each line offered to the filter first, if any.
    Stdout(Option<Box<dyn Filter>>),
    /// On our stderr.
    Stderr,
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
    mut echo: Echo,
    collected: Arc<Mutex<Collected>>,
    done: mpsc::Sender<()>,
) {
    thread::spawn(move || {
        crate::process::pipe_lines::for_each_line(pipe, |line| {
            if let Echo::Stdout(Some(filter)) = &mut echo
                && filter.take(&line)
            {
                return true;
            }
            let is_stdout = matches!(echo, Echo::Stdout(_));
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
