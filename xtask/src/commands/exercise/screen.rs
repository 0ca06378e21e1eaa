//! `cargo xtask exercise [N.M] --watch` on a terminal: one screen for the
//! whole course. It opens at N.M, or at the first exercise not done;
//! checks the answer on every save (or on `r` only, with `--manual-run`);
//! shows the claims as they come, the progress and the hint levels left;
//! and goes on from exercise to exercise. Keys: `n` next (once this one
//! is done), `h` the next hint level, `l` the list, `r` check now, `x`
//! reset the file (asks first), `s` the reference answer (once done;
//! shown, never written), `a` another architecture, `q` quit.
//!
//! One event loop takes everything in turn from one channel: keys and
//! resizes (a thread reading the terminal), file events (saves.rs), the
//! check's lines and its end (checker.rs, a child process); a timeout on
//! the channel drives the polling of the file's contents.

mod checker;
mod draw;
mod saves;
mod terminal;

use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use termion::event::Key;
use termion::input::TermRead;

use crate::commands::exercise::{progress, reset};
use crate::fail::Fail;
use crate::tables::arch::Arch;
use crate::tables::exercises::{EXERCISES, Exercise};
use crate::tables::hints;

use checker::{Running, Stream};
use saves::Saves;

/// What the loop waits for.
pub enum Event {
    Key(Key),
    /// A file event for a file of this name.
    File(OsString),
    /// A line of the check `generation`.
    Line(u64, Stream, String),
    /// The check `generation` ended, with this exit code.
    Ended(u64, Option<i32>),
}

/// What the lower part of the screen shows.
pub enum Panel {
    Check,
    Hint {
        level: usize,
        total: usize,
        text: String,
    },
    Answer(String),
    List(ListView),
    ConfirmReset,
}

/// The list: which exercises it shows, and the one selected.
pub struct ListView {
    pub filter: Filter,
    pub selected: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Todo,
    Done,
}

impl Filter {
    pub fn name(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Todo => "todo",
            Filter::Done => "done",
        }
    }
}

/// How the last check ended.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    NotDone,
    /// xtask's exit code 2: the check could not say (a missing tool, ...).
    CouldNotCheck,
}

/// Everything the screen shows.
pub struct Screen {
    pub at: usize,
    pub arches: Vec<Arch>,
    pub arch_at: usize,
    pub vm: Vec<String>,
    pub manual: bool,
    pub generation: u64,
    pub running: Option<Running>,
    pub lines: Vec<(Stream, String)>,
    pub outcome: Option<Outcome>,
    pub panel: Panel,
    pub message: String,
    pub saves: Saves,
    /// The file's contents when the last check started.
    pub checked: Option<Vec<u8>>,
    /// A file event asked for a check at this time (saves settle first).
    pub due: Option<Instant>,
}

impl Screen {
    pub fn exercise(&self) -> &'static Exercise {
        &EXERCISES[self.at]
    }

    pub fn arch(&self) -> Arch {
        self.arches[self.arch_at]
    }

    pub fn done(&self) -> bool {
        progress::done().contains(&self.exercise().id())
    }
}

/// Opens the screen at `start` (or the first exercise not done) and runs it
/// until `q`.
pub fn run(
    start: Option<&Exercise>,
    arch: Arch,
    vm: Vec<String>,
    manual: bool,
) -> Result<ExitCode, Fail> {
    let done = progress::done();
    let at = match start {
        Some(start) => EXERCISES
            .iter()
            .position(|e| e.id() == start.id())
            .unwrap_or(0),
        None => EXERCISES
            .iter()
            .position(|e| !done.contains(&e.id()))
            .unwrap_or(0),
    };
    let mut arches = vec![arch];
    arches.extend(Arch::ALL.into_iter().filter(|other| *other != arch));
    let (sender, receiver) = mpsc::channel();
    let mut screen = Screen {
        at,
        arches,
        arch_at: 0,
        vm,
        manual,
        generation: 0,
        running: None,
        lines: Vec::new(),
        outcome: None,
        panel: Panel::Check,
        message: String::new(),
        saves: Saves::new(&sender)?,
        checked: None,
        due: None,
    };
    let _guard = terminal::Guard::enter()?;
    let keys = sender.clone();
    std::thread::spawn(move || {
        // termion reads the bytes and parses them into keys (arrows and
        // the like arrive as escape sequences). A resize needs no event:
        // the screen is drawn again at least every POLL, at the size then.
        for key in std::io::stdin().keys() {
            let Ok(key) = key else { return };
            if keys.send(Event::Key(key)).is_err() {
                return;
            }
        }
    });
    open(&mut screen, &sender)?;
    loop {
        draw::draw(&screen)?;
        let event = receiver.recv_timeout(saves::POLL);
        let now = Instant::now();
        match event {
            Ok(Event::Key(key)) => match on_key(&mut screen, key, &sender) {
                Ok(true) => {}
                Ok(false) => break,
                // Said on the screen; the screen goes on.
                Err(fail) => screen.message = fail.message().to_string(),
            },
            Ok(Event::File(name)) => {
                if screen.exercise().file().file_name() == Some(name.as_os_str()) {
                    screen.saves.announced();
                    screen.due = Some(now + saves::SETTLE);
                }
            }
            // The check's own "==> running <program> <work dir>" line and
            // cargo's progress lines ("Compiling", "Finished") name paths in
            // the target directory, say nothing to the learner here and
            // would push the claims off a small screen; the compiler's
            // messages, when an answer does not build, still show.
            Ok(Event::Line(generation, _, line))
                if generation == screen.generation && is_progress_noise(&line) => {}
            Ok(Event::Line(generation, stream, line)) if generation == screen.generation => {
                screen.lines.push((stream, line));
            }
            Ok(Event::Ended(generation, code)) if generation == screen.generation => {
                screen.running = None;
                screen.outcome = Some(match code {
                    Some(0) => Outcome::Passed,
                    Some(1) => Outcome::NotDone,
                    _ => Outcome::CouldNotCheck,
                });
            }
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if !screen.manual {
            let changed = std::fs::read(screen.exercise().file()).ok() != screen.checked;
            let was_polling = screen.saves.polling;
            let poll_now = screen.saves.tick(changed, now);
            if screen.saves.polling && !was_polling {
                screen.message =
                    "a save came without a file event: now reading the file every 0.25 s".into();
            }
            let event_due = screen.due.is_some_and(|due| now >= due);
            if poll_now || (event_due && changed) {
                check(&mut screen, &sender)?;
            }
            if event_due {
                screen.due = None;
            }
        }
    }
    if let Some(running) = screen.running.take() {
        running.stop();
    }
    Ok(ExitCode::SUCCESS)
}

/// Shows the current exercise afresh, and checks it unless checks are
/// manual.
fn open(screen: &mut Screen, sender: &mpsc::Sender<Event>) -> Result<(), Fail> {
    screen.saves.follow(&screen.exercise().file());
    screen.panel = Panel::Check;
    screen.lines.clear();
    screen.outcome = None;
    screen.checked = std::fs::read(screen.exercise().file()).ok();
    if screen.manual {
        stop(screen);
        screen.message = "--manual-run: press r to check".into();
        Ok(())
    } else {
        check(screen, sender)
    }
}

fn stop(screen: &mut Screen) {
    if let Some(running) = screen.running.take() {
        running.stop();
    }
    screen.generation += 1;
}

/// Starts a check of the file as it is now, stopping one still running.
fn check(screen: &mut Screen, sender: &mpsc::Sender<Event>) -> Result<(), Fail> {
    stop(screen);
    screen.checked = std::fs::read(screen.exercise().file()).ok();
    screen.lines.clear();
    screen.outcome = None;
    screen.panel = Panel::Check;
    screen.running = Some(checker::start(
        &screen.exercise().id(),
        screen.arch(),
        &screen.vm,
        screen.generation,
        sender,
    )?);
    Ok(())
}

/// Handles one key; false to quit.
fn on_key(screen: &mut Screen, key: Key, sender: &mpsc::Sender<Event>) -> Result<bool, Fail> {
    if key == Key::Ctrl('c') || key == Key::Char('q') {
        return Ok(false);
    }
    screen.message.clear();
    if let Panel::ConfirmReset = screen.panel {
        screen.panel = Panel::Check;
        if key == Key::Char('y') {
            let source = reset::source()?;
            let bytes = reset::shipped(screen.exercise(), &source.commit)?;
            reset::restore(screen.exercise(), &bytes)?;
            screen.message = "the file is as the course ships it again".into();
        } else {
            screen.message = "reset cancelled: the file is unchanged".into();
        }
        return Ok(true);
    }
    if let Panel::List(list) = &mut screen.panel {
        let shown = draw::listed(list.filter);
        match key {
            Key::Up | Key::Char('k') => list.selected = list.selected.saturating_sub(1),
            Key::Down | Key::Char('j') => {
                list.selected = (list.selected + 1).min(shown.len().saturating_sub(1));
            }
            Key::Char('f') => {
                list.filter = match list.filter {
                    Filter::All => Filter::Todo,
                    Filter::Todo => Filter::Done,
                    Filter::Done => Filter::All,
                };
                list.selected = 0;
            }
            Key::Char('\n') | Key::Char('\r') => {
                if let Some(&at) = shown.get(list.selected) {
                    screen.at = at;
                    open(screen, sender)?;
                }
            }
            Key::Esc | Key::Char('l') => screen.panel = Panel::Check,
            _ => {}
        }
        return Ok(true);
    }
    match key {
        Key::Char('r') => check(screen, sender)?,
        Key::Char('n') => {
            if !screen.done() {
                screen.message = "n moves on once this exercise passes".into();
            } else if screen.at + 1 < EXERCISES.len() {
                screen.at += 1;
                open(screen, sender)?;
            } else {
                screen.message = "that was the last exercise".into();
            }
        }
        Key::Char('h') => {
            let exercise = screen.exercise();
            let levels = hints::levels(exercise)?;
            let read = progress::hints_seen()
                .get(&exercise.id())
                .copied()
                .unwrap_or(0) as usize;
            let level = (read + 1).min(levels.len());
            progress::record_hint(&exercise.id(), level as u32)?;
            if read >= levels.len() {
                screen.message = "no hint levels left; s shows a reference answer once done".into();
            }
            screen.panel = Panel::Hint {
                level,
                total: levels.len(),
                text: levels[level - 1].clone(),
            };
        }
        Key::Char('s') => {
            if screen.done() {
                let path = screen.exercise().solution_file();
                let text = std::fs::read_to_string(&path)
                    .map_err(|error| Fail::could_not("read", path.display(), error))?;
                screen.panel = Panel::Answer(text);
            } else {
                screen.message = "the reference answer opens once this exercise passes".into();
            }
        }
        Key::Char('l') => {
            screen.panel = Panel::List(ListView {
                filter: Filter::All,
                selected: screen.at,
            });
        }
        Key::Char('x') => screen.panel = Panel::ConfirmReset,
        Key::Char('a') => {
            screen.arch_at = (screen.arch_at + 1) % screen.arches.len();
            if screen.manual {
                screen.message = format!("now {}: press r to check", screen.arch().name());
            } else {
                check(screen, sender)?;
            }
        }
        Key::Esc | Key::Char('c') => screen.panel = Panel::Check,
        _ => {}
    }
    Ok(true)
}

/// A line of the check's output that the screen leaves out (see its use).
fn is_progress_noise(line: &str) -> bool {
    let trimmed = line.trim_start();
    line.starts_with("==> running ")
        || ["Compiling ", "Finished ", "Blocking waiting"]
            .iter()
            .any(|word| trimmed.starts_with(word))
}
