//! Drawing the screen: a head (the exercise, its file as a terminal
//! hyperlink, the architecture, the progress bar and the hint levels
//! left), a body (the check's lines, a hint, the reference answer, the
//! list or the reset question) and a foot (what is going on, the keys).
//! The whole screen is drawn again after each event; every line is cut
//! or wrapped to the terminal's width, so a resize needs nothing more.

use std::io::Write;

use super::terminal;

use crate::commands::exercise::{hints, progress};
use crate::fail::Fail;
use crate::tables::exercises::EXERCISES;
use crate::workspace;

use super::checker::Stream;
use super::{Filter, Outcome, Panel, Screen};

/// The indexes of the exercises the list shows under `filter`.
pub fn listed(filter: Filter) -> Vec<usize> {
    let done = progress::done();
    (0..EXERCISES.len())
        .filter(|&at| {
            let is_done = done.contains(&EXERCISES[at].id());
            match filter {
                Filter::All => true,
                Filter::Todo => !is_done,
                Filter::Done => is_done,
            }
        })
        .collect()
}

/// The colours the screen uses.
#[derive(Clone, Copy)]
enum Color {
    Red,
    Green,
    Cyan,
}

impl Color {
    /// The escape sequence that sets it as the text's colour.
    fn escape(self) -> &'static str {
        match self {
            Color::Red => "\x1b[31m",
            Color::Green => "\x1b[32m",
            Color::Cyan => "\x1b[36m",
        }
    }
}

/// One line of the screen: its text, a colour, and a link target.
struct Line {
    text: String,
    color: Option<Color>,
    link: Option<String>,
}

fn plain(text: impl Into<String>) -> Line {
    Line {
        text: text.into(),
        color: None,
        link: None,
    }
}

pub fn draw(screen: &Screen) -> Result<(), Fail> {
    let (width, height) = terminal::size().unwrap_or((80, 24));
    let (width, height) = (usize::from(width).max(20), usize::from(height).max(8));
    let head = head(screen, width)?;
    let foot = foot(screen);
    let room = height.saturating_sub(head.len() + foot.len() + 2);
    let mut body = body(screen, width, room)?;
    body.resize_with(room, || plain(""));
    let rule = || plain("─".repeat(width));
    let lines: Vec<Line> = head
        .into_iter()
        .chain([rule()])
        .chain(body)
        .chain([rule()])
        .chain(foot)
        .collect();
    let failed = |error: std::io::Error| Fail::setup(format!("cannot draw the screen: {error}"));
    // The whole screen is written into one buffer and sent at once, so a
    // redraw never shows half of itself.
    let mut frame = String::new();
    for (row, line) in lines.iter().take(height).enumerate() {
        let text: String = line.text.chars().take(width).collect();
        // Rows count from 1 in the terminal's cursor addressing.
        frame.push_str(&format!(
            "{}{}",
            termion::cursor::Goto(1, row as u16 + 1),
            termion::clear::CurrentLine
        ));
        let colored = line
            .color
            .filter(|_| std::env::var_os("NO_COLOR").is_none());
        if let Some(color) = colored {
            frame.push_str(color.escape());
        }
        match &line.link {
            // OSC 8: a terminal that knows it makes the text a link; one
            // that does not shows the text alone.
            Some(url) => frame.push_str(&format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\")),
            None => frame.push_str(&text),
        }
        if colored.is_some() {
            frame.push_str(&termion::color::Fg(termion::color::Reset).to_string());
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(frame.as_bytes())
        .and_then(|()| out.flush())
        .map_err(failed)
}

fn head(screen: &Screen, width: usize) -> Result<Vec<Line>, Fail> {
    let exercise = screen.exercise();
    let arch = screen.arch();
    let place = if !screen.vm.is_empty() {
        "on a real kernel, --vm"
    } else if arch.is_native() {
        "native"
    } else {
        "under QEMU user mode"
    };
    let title = format!("Exercise {}: {}", exercise.id(), exercise.heading());
    let right = format!("{} ({place})", arch.name());
    let gap = width
        .saturating_sub(title.chars().count() + right.chars().count())
        .max(2);
    let file = exercise.file();
    let done = progress::done();
    let finished = EXERCISES.iter().filter(|e| done.contains(&e.id())).count();
    let bar_width = 24;
    let filled = finished * bar_width / EXERCISES.len();
    let (left, _) = hints::left(exercise, &progress::hints_seen())?;
    Ok(vec![
        plain(format!("{title}{}{right}", " ".repeat(gap))),
        Line {
            text: format!("File: {}", workspace::shown(&file)),
            color: None,
            link: Some(file_url(&file)),
        },
        plain(format!(
            "Progress [{}{}] {finished} of {} done   {}",
            "#".repeat(filled),
            "-".repeat(bar_width - filled),
            EXERCISES.len(),
            hints::left_words(left)
        )),
    ])
}

fn body(screen: &Screen, width: usize, room: usize) -> Result<Vec<Line>, Fail> {
    Ok(match &screen.panel {
        Panel::Check => {
            let failed = screen.outcome != Some(Outcome::Passed) && screen.running.is_none();
            let lines = screen
                .lines
                .iter()
                // Cargo's own lines matter only when the check did not get
                // to run the answer (it does not build, a tool is missing).
                .filter(|(stream, _)| *stream == Stream::Out || failed)
                .flat_map(|(_, line)| wrap(line, width))
                .map(|text| {
                    let color = if text.contains("[FAILED]") {
                        Some(Color::Red)
                    } else if text.starts_with("[ok]") {
                        Some(Color::Green)
                    } else {
                        None
                    };
                    Line {
                        text,
                        color,
                        link: None,
                    }
                })
                .collect::<Vec<_>>();
            // The newest lines: the verdict is at the end.
            let skip = lines.len().saturating_sub(room);
            lines.into_iter().skip(skip).collect()
        }
        Panel::Hint { level, total, text } => {
            std::iter::once(format!("Hint, level {level} of {total}:"))
                .chain(std::iter::once(String::new()))
                .chain(text.lines().flat_map(|line| wrap(line, width)))
                .map(plain)
                .collect()
        }
        Panel::Answer(text) => std::iter::once(
            "A reference answer (shown here only; your file is not changed):".to_string(),
        )
        .chain(text.lines().flat_map(|line| wrap(line, width)))
        .map(plain)
        .collect(),
        Panel::ConfirmReset => vec![
            plain(format!(
                "Put {} back as the course ships it? Your edits to it will be lost.",
                workspace::shown(&screen.exercise().file())
            )),
            plain("y: reset it    any other key: keep it"),
        ],
        Panel::List(list) => {
            let done = progress::done();
            let shown = listed(list.filter);
            let mut lines = vec![plain(format!(
                "Exercises ({}; f: all/todo/done, j/k or arrows, Enter: open, Esc: back)",
                list.filter.name()
            ))];
            let rows = room.saturating_sub(1);
            let first = list.selected.saturating_sub(rows.saturating_sub(1));
            for (row, &at) in shown.iter().enumerate().skip(first).take(rows) {
                let exercise = &EXERCISES[at];
                let status = if done.contains(&exercise.id()) {
                    "[done]"
                } else {
                    "[todo]"
                };
                let mark = if row == list.selected { '>' } else { ' ' };
                lines.push(Line {
                    text: format!(
                        "{mark} {:>4}  {status}  {}  (lesson {})",
                        exercise.id(),
                        exercise.heading(),
                        exercise
                            .lesson()
                            .dir()
                            .file_name()
                            .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
                    ),
                    color: (row == list.selected).then_some(Color::Cyan),
                    link: None,
                });
            }
            lines
        }
    })
}

fn foot(screen: &Screen) -> Vec<Line> {
    let state = match (&screen.running, screen.outcome) {
        (Some(_), _) => "checking...".to_string(),
        (None, Some(Outcome::Passed)) => {
            "done: n for the next exercise, s for a reference answer".to_string()
        }
        (None, Some(Outcome::NotDone)) => "not done yet: edit the file and save".to_string(),
        (None, Some(Outcome::CouldNotCheck)) => {
            "the check could not say (the reason is above)".to_string()
        }
        (None, None) => "not checked yet".to_string(),
    };
    let watching = if screen.manual {
        "checks on r only (--manual-run)"
    } else if screen.saves.polling {
        "watching by reading the file (no file events came)"
    } else {
        "watching for saves (file events)"
    };
    vec![
        plain(format!("{state}  |  {watching}")),
        plain(screen.message.clone()),
        plain("n next  h hint  l list  r check  x reset  s answer  a arch  q quit"),
    ]
}

/// `line` cut into pieces of at most `width` characters.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars
        .chunks(width)
        .map(|piece| piece.iter().collect())
        .collect()
}

/// A `file://` URL of `path`, its host this machine's name (as OSC 8
/// asks, so a terminal on another machine does not open a local file of
/// the same name), bytes outside the unreserved set percent-encoded.
fn file_url(path: &std::path::Path) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let mut url = format!("file://{}", host.trim());
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                url.push(char::from(*byte));
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}
