//! `--map`: a picture of the address space after each call that may
//! change it. The program prints snapshots (its /proc/self/maps between
//! frame lines, `MMAP_MAP_SNAPSHOTS=on`, the `rt` crate); here they are
//! taken out of its output as it runs, and each is drawn in its place
//! among the program's own lines (the `mapview` crate): on our stdout,
//! and with `--map svg:DIR` also as an SVG file per picture.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::fail::Fail;
use crate::process::run_with_timeout::Filter;

/// What `--map` asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Map {
    /// `--map svg:DIR`: each picture also as an SVG file in DIR.
    pub svg: Option<PathBuf>,
    /// `--map-context N`: the neighbours shown on each side of a row the
    /// call touched.
    pub context: usize,
}

impl Map {
    /// The neighbours shown when `--map-context` is not given: the
    /// renderer's own default.
    pub fn default_context() -> usize {
        mapview::text::Options::default().context
    }

    /// From `--map`'s value (`None`: no `--map`; `Some("")`: `--map`
    /// alone; `Some("svg:DIR")`) and `--map-context`.
    pub fn from_flags(value: Option<&str>, context: usize) -> Result<Option<Map>, Fail> {
        let Some(value) = value else {
            return Ok(None);
        };
        let svg = match value {
            "" => None,
            _ => match value.strip_prefix("svg:") {
                Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
                _ => {
                    return Err(Fail::bad_input(format!(
                        "--map {value}: expected --map alone or --map svg:DIR"
                    )));
                }
            },
        };
        Ok(Some(Map { svg, context }))
    }

    /// Sets (or, with no map, clears) the variable that turns the
    /// snapshots on, for a program run on this machine. QEMU user mode
    /// passes its environment on to the program.
    pub fn apply(map: Option<&Map>, command: &mut std::process::Command) {
        const VAR: &str = protocol::env::MAP_SNAPSHOTS;
        match map {
            Some(_) => command.env(VAR, protocol::env::MAP_SNAPSHOTS_ON),
            None => command.env_remove(VAR),
        };
    }
}

/// What the pictures of a run came to, read after it ends.
#[derive(Default, Debug)]
pub struct Drawn {
    /// Pictures drawn.
    pub pictures: usize,
    /// SVG files written.
    pub files: Vec<PathBuf>,
    /// Frames that could not be read (see `mapview::stream`).
    pub dropped: usize,
    /// The first SVG file that could not be written, and why.
    pub error: Option<String>,
    /// Every snapshot read, in order.
    pub snapshots: Vec<mapview::Snapshot>,
    /// For each snapshot, the part of the lesson it came in (its heading,
    /// `2. Unmapping the middle page of three`), if one had begun.
    pub parts: Vec<Option<String>>,
}

impl Drawn {
    /// One line saying what was drawn (and what was not), for after the
    /// run; an SVG that could not be written is xtask's failure.
    pub fn report(&self) -> Result<(), Fail> {
        let mut line = format!(
            "==> --map: {} picture{}",
            self.pictures,
            if self.pictures == 1 { "" } else { "s" }
        );
        if let Some(first) = self.files.first() {
            let dir = first.parent().unwrap_or(Path::new("."));
            let _ = write!(
                line,
                ", {} SVG file(s) in {}",
                self.files.len(),
                dir.display()
            );
        }
        if self.dropped > 0 {
            let _ = write!(
                line,
                "; {} snapshot(s) not drawn: another process's output cut them",
                self.dropped
            );
        }
        println!("{line}");
        match &self.error {
            Some(error) => Err(Fail::setup(error.clone())),
            None => Ok(()),
        }
    }
}

impl Drawn {
    /// Keeps snapshot `n`, just completed, with the part it came in.
    fn keep(&mut self, reader: &Reader, n: usize) {
        self.snapshots.push(reader.stream.snapshots()[n].clone());
        self.parts.push(reader.part.clone());
        self.dropped = reader.stream.dropped();
    }
}

/// Reads a program's output line by line: takes the frames out
/// (`mapview::Stream`) and follows the part headings it prints.
#[derive(Default)]
struct Reader {
    stream: mapview::Stream,
    /// The last part heading (`== 2. ... ==`) the program printed.
    part: Option<String>,
}

impl Reader {
    fn feed(&mut self, line: &str) -> mapview::Fed {
        let fed = self.stream.feed(line);
        if fed == mapview::Fed::Passed
            && let Some(part) = part_heading(line)
        {
            self.part = Some(part.to_string());
        }
        fed
    }
}

/// The snapshots in a program's whole output, each with its part, as
/// `--map` keeps them while the program runs: for a run recorded earlier,
/// in tests.
#[cfg(test)]
pub fn recorded(output: &str) -> Drawn {
    let mut reader = Reader::default();
    let mut drawn = Drawn::default();
    for line in output.lines() {
        if let mapview::Fed::Snapshot(n) = reader.feed(line) {
            drawn.keep(&reader, n);
        }
    }
    drawn
}

/// The live side of `--map`: takes the frames out of a program's output
/// and prints each picture where its frame was.
pub struct LiveMap {
    reader: Reader,
    map: Map,
    /// Names the program in captions and file names.
    program: Program,
    /// Where each picture is drawn on the terminal: prefix and options.
    prefix: &'static str,
    options: mapview::text::Options,
    drawn: Arc<Mutex<Drawn>>,
}

/// The program a picture belongs to.
#[derive(Clone, Debug)]
pub struct Program {
    /// For captions: `lesson 07 munmap, x86_64`.
    pub caption: String,
    /// For file names: `lesson07-x86_64`.
    pub file_stem: String,
}

impl Program {
    /// The program xtask shows as `label` (`lesson 07 munmap x86_64`): the
    /// label in captions, and in file names with a dash for each run of
    /// other characters than letters, digits, `.` and `_`.
    pub fn named(label: &str) -> Program {
        let mut file_stem = String::new();
        for c in label.chars() {
            if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
                file_stem.push(c);
            } else if !file_stem.is_empty() && !file_stem.ends_with('-') {
                file_stem.push('-');
            }
        }
        Program {
            caption: label.to_string(),
            file_stem: file_stem.trim_end_matches('-').to_string(),
        }
    }
}

impl LiveMap {
    /// A filter for `program`'s output; `prefix` goes before each line of
    /// a picture on the terminal (a VM's console lines are indented).
    /// The returned handle is read after the run.
    pub fn new(map: &Map, program: Program, prefix: &'static str) -> (LiveMap, Arc<Mutex<Drawn>>) {
        let drawn = Arc::new(Mutex::new(Drawn::default()));
        let options = mapview::text::Options {
            colour: mapview::colour_wanted(&std::io::stdout()),
            context: map.context,
            width: terminal_width().saturating_sub(prefix.len()).max(60),
        };
        let live = LiveMap {
            reader: Reader::default(),
            map: map.clone(),
            program,
            prefix,
            options,
            drawn: Arc::clone(&drawn),
        };
        (live, drawn)
    }

    /// The program whose output follows (a VM runs several in one boot).
    pub fn now_running(&mut self, program: Program) {
        self.program = program;
        self.reader.part = None;
    }

    /// Draws snapshot `n`, just completed.
    fn draw(&self, n: usize) {
        let snapshots = self.reader.stream.snapshots();
        let pictures = mapview::pictures(snapshots);
        let picture = &pictures[n];
        let text = mapview::text::render(picture, &self.options);
        let mut out = std::io::stdout().lock();
        // A blank line before the picture sets it apart from the lines the
        // program printed.
        let _ = writeln!(out, "{}", self.prefix.trim_end());
        for line in text.lines() {
            let _ = writeln!(out, "{}{line}", self.prefix);
        }
        drop(out);
        let mut drawn = lock(&self.drawn);
        drawn.pictures += 1;
        drawn.dropped = self.reader.stream.dropped();
        if let Some(dir) = &self.map.svg
            && drawn.error.is_none()
        {
            let caption = caption(&self.program.caption, self.reader.part.as_deref());
            let svg = mapview::svg::render(
                picture,
                &mapview::svg::Options {
                    caption,
                    context: self.map.context,
                    theme: mapview::svg::Theme::Auto,
                    // `--map` shows everything the kernel shows.
                    hide_kernel_mappings: false,
                },
            );
            let name = call_name(&picture.snapshot.call);
            let file = dir.join(format!(
                "{}-{:03}-{name}.svg",
                self.program.file_stem,
                n + 1
            ));
            let written = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&file, svg));
            match written {
                Ok(()) => drawn.files.push(file),
                Err(error) => {
                    drawn.error = Some(format!("could not write {}: {error}", file.display()));
                }
            }
        }
    }
}

impl Filter for LiveMap {
    fn take(&mut self, line: &str) -> bool {
        match self.reader.feed(line) {
            mapview::Fed::Passed => false,
            mapview::Fed::Taken => {
                lock(&self.drawn).dropped = self.reader.stream.dropped();
                true
            }
            mapview::Fed::Snapshot(n) => {
                lock(&self.drawn).keep(&self.reader, n);
                // The start is the first picture's before; the parent's view at
                // a fork is drawn beside the child's.
                if !self.reader.stream.snapshots()[n].is_reference() {
                    self.draw(n);
                }
                true
            }
        }
    }
}

/// What was drawn, taken out of the handle [`LiveMap::new`] returned (a
/// reader thread still blocked on a pipe keeps an empty one).
pub fn take_drawn(drawn: &Mutex<Drawn>) -> Drawn {
    std::mem::take(&mut *lock(drawn))
}

fn lock(drawn: &Mutex<Drawn>) -> std::sync::MutexGuard<'_, Drawn> {
    drawn
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An SVG picture's caption: the program, and the part of it the call
/// came in.
pub fn caption(program: &str, part: Option<&str>) -> String {
    match part {
        Some(part) if part.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{program}, part {part}")
        }
        Some(part) => format!("{program}: {part}"),
        None => program.to_string(),
    }
}

/// A lesson's part heading, `== 2. Unmapping the middle page ==`, without
/// its `==`s.
pub fn part_heading(line: &str) -> Option<&str> {
    line.trim()
        .strip_prefix("== ")?
        .strip_suffix(" ==")
        .map(str::trim)
}

/// The call's name, for a file name: `munmap` of `munmap(0x7f.., 4096) = 0`.
pub fn call_name(call: &str) -> String {
    call.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The terminal's width for pictures: `COLUMNS` where the shell exports
/// it, else 80 (what the renderer's lines are tested against).
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse().ok())
        .filter(|&columns: &usize| columns >= 40)
        .unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_flag() {
        assert_eq!(Map::from_flags(None, 2).unwrap(), None);
        let plain = Map::from_flags(Some(""), 2).unwrap().unwrap();
        assert_eq!(plain.svg, None);
        let svg = Map::from_flags(Some("svg:out/pictures"), 5)
            .unwrap()
            .unwrap();
        assert_eq!(svg.svg, Some(PathBuf::from("out/pictures")));
        assert_eq!(svg.context, 5);
        assert!(Map::from_flags(Some("png:x"), 2).is_err());
        assert!(Map::from_flags(Some("svg:"), 2).is_err());
    }

    #[test]
    fn names_parts_and_calls() {
        assert_eq!(
            part_heading("== 2. Unmapping the middle page of three =="),
            Some("2. Unmapping the middle page of three")
        );
        assert_eq!(part_heading("[ok] == x"), None);
        assert_eq!(call_name("munmap(0x7f00, 4096) = 0"), "munmap");
        assert_eq!(call_name("clone(SIGCHLD, ...) = 0"), "clone");
        assert_eq!(
            Program::named("lesson 07 munmap x86_64").file_stem,
            "lesson-07-munmap-x86_64"
        );
    }
}
