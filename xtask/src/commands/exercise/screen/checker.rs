//! One check of the learner's answer, for the screen: `cargo xtask
//! exercise N.M --arch A` started as a child (this same program), its
//! output read line by line as it comes and handed to the event loop.
//! Being a child, the check prints as it does anywhere else (the plain
//! text of a pipe), records the progress itself, and can be stopped when a
//! newer save makes it moot.

use std::process::{Command, Stdio};
use std::sync::mpsc::Sender;

use crate::fail::Fail;
use crate::process::pipe_lines::for_each_line;
use crate::process::process_group::{end_group, spawn_as_group};
use crate::tables::arch::Arch;

use super::Event;

/// Which of the child's pipes a line came from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// A check running in the background.
pub struct Running {
    group: u32,
}

impl Running {
    /// Stops the check and everything it started (its builds, the program
    /// under test), when its result would no longer be looked at.
    pub fn stop(&self) {
        end_group(self.group);
    }
}

/// Starts the check of exercise `id` on `arch` (`vm`: the `--vm` flags
/// the screen was given). Its lines arrive as [`Event::Line`] and its end
/// as [`Event::Ended`], each tagged `generation`.
pub fn start(
    id: &str,
    arch: Arch,
    vm: &[String],
    generation: u64,
    events: &Sender<Event>,
) -> Result<Running, Fail> {
    let program = std::env::current_exe()
        .map_err(|error| Fail::setup(format!("cannot find xtask's own program: {error}")))?;
    let mut command = Command::new(program);
    command
        .args(["exercise", id, "--arch", arch.name()])
        .args(vm)
        .env("NO_COLOR", "1")
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null());
    let (mut child, group) = spawn_as_group(&mut command)
        .map_err(|error| Fail::setup(format!("cannot start the check: {error}")))?;
    let pipes = [
        (
            Stream::Out,
            child
                .stdout
                .take()
                .map(|pipe| Box::new(pipe) as Box<dyn std::io::Read + Send>),
        ),
        (
            Stream::Err,
            child
                .stderr
                .take()
                .map(|pipe| Box::new(pipe) as Box<dyn std::io::Read + Send>),
        ),
    ];
    let readers: Vec<_> = pipes
        .into_iter()
        .filter_map(|(stream, pipe)| Some((stream, pipe?)))
        .map(|(stream, pipe)| {
            let events = events.clone();
            std::thread::spawn(move || {
                for_each_line(pipe, |line| {
                    events.send(Event::Line(generation, stream, line)).is_ok()
                });
            })
        })
        .collect();
    let events = events.clone();
    std::thread::spawn(move || {
        for reader in readers {
            let _ = reader.join();
        }
        let code = child.wait().ok().and_then(|status| status.code());
        let _ = events.send(Event::Ended(generation, code));
    });
    Ok(Running { group })
}
