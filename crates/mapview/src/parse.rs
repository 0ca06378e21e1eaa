//! Reading maps text: one line per mapping, as the kernel (or QEMU user
//! mode, which writes its own version of the file) prints it, and the
//! framed snapshots a program prints after each mapping call
//! (`protocol::maps`). Bad input is an error naming the line, never a panic.

use protocol::maps as frame;
use std::fmt;

/// One line of /proc/self/maps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// The first address.
    pub start: u64,
    /// The address just past the last byte.
    pub end: u64,
    /// `r`, `w`, `x` or `-` each.
    pub read: bool,
    /// See [`Mapping::read`].
    pub write: bool,
    /// See [`Mapping::read`].
    pub exec: bool,
    /// `s`: shared; `p`: private (copy-on-write).
    pub shared: bool,
    /// The offset into the file (0 for memory with no file).
    pub offset: u64,
    /// The device, as written (`fe:00`).
    pub device: String,
    /// The inode (0 for memory with no file).
    pub inode: u64,
    /// The path, a name such as `[stack]`, or empty.
    pub path: String,
}

impl Mapping {
    /// The permissions as the file writes them: `rw-p`.
    pub fn perms(&self) -> String {
        let flag = |on: bool, c: char| if on { c } else { '-' };
        [
            flag(self.read, 'r'),
            flag(self.write, 'w'),
            flag(self.exec, 'x'),
            if self.shared { 's' } else { 'p' },
        ]
        .iter()
        .collect()
    }

    /// The length in bytes.
    pub fn len(&self) -> u64 {
        self.end - self.start
    }

    /// Never true for a line that parsed: the kernel lists no empty
    /// mappings (here for clippy's `len_without_is_empty`).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Does any address belong to both?
    pub fn overlaps(&self, start: u64, end: u64) -> bool {
        self.start < end && start < self.end
    }
}

/// What was wrong with the input, and on which line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The line's number in the input.
    pub line: usize,
    /// What was wrong.
    pub what: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.what)
    }
}

impl std::error::Error for ParseError {}

/// Parses one maps line (`line` is its number, for the error).
pub fn parse_line(text: &str, line: usize) -> Result<Mapping, ParseError> {
    let error = |what: String| ParseError { line, what };
    // Five fields separated by runs of spaces (QEMU pads them), then the
    // path, which may itself hold spaces (`/dev/zero (deleted)`).
    let mut rest = text;
    let mut fields = [""; 5];
    for (i, field) in fields.iter_mut().enumerate() {
        rest = rest.trim_start_matches(' ');
        let end = rest.find(' ').unwrap_or(rest.len());
        if end == 0 {
            return Err(error(format!(
                "a maps line has at least 5 fields, this one {i}: {text:?}"
            )));
        }
        *field = &rest[..end];
        rest = &rest[end..];
    }
    let path = rest.trim_matches(' ').to_string();
    let [range, perms, offset, device, inode] = fields;
    let hex = |digits: &str, what: &str| {
        u64::from_str_radix(digits, 16)
            .map_err(|_| error(format!("{what} {digits:?} is not a hexadecimal number")))
    };
    let (start, end) = range
        .split_once('-')
        .ok_or_else(|| error(format!("the range {range:?} has no '-'")))?;
    let (start, end) = (hex(start, "start")?, hex(end, "end")?);
    if start >= end {
        return Err(error(format!("the range {range:?} is empty or reversed")));
    }
    let p = perms.as_bytes();
    let good = p.len() == 4
        && matches!(p[0], b'r' | b'-')
        && matches!(p[1], b'w' | b'-')
        && matches!(p[2], b'x' | b'-')
        && matches!(p[3], b's' | b'p');
    if !good {
        return Err(error(format!(
            "the permissions {perms:?} are not four letters like rw-p"
        )));
    }
    let inode = inode
        .parse()
        .map_err(|_| error(format!("the inode {inode:?} is not a decimal number")))?;
    Ok(Mapping {
        start,
        end,
        read: p[0] == b'r',
        write: p[1] == b'w',
        exec: p[2] == b'x',
        shared: p[3] == b's',
        offset: hex(offset, "offset")?,
        device: device.to_string(),
        inode,
        path,
    })
}

/// Parses plain maps text (the whole file), lowest address first as the
/// kernel writes it; blank lines are skipped.
pub fn parse_maps(text: &str) -> Result<Vec<Mapping>, ParseError> {
    let mut maps = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !line.trim().is_empty() {
            maps.push(parse_line(line, i + 1)?);
        }
    }
    check_order(&maps, 1)?;
    Ok(maps)
}

/// The kernel lists mappings in address order without overlaps; anything
/// else is not a maps file (or lines of two were mixed).
fn check_order(maps: &[Mapping], line: usize) -> Result<(), ParseError> {
    for pair in maps.windows(2) {
        if pair[1].start < pair[0].end {
            return Err(ParseError {
                line,
                what: format!(
                    "mapping {:x}-{:x} overlaps or precedes {:x}-{:x}",
                    pair[1].start, pair[1].end, pair[0].start, pair[0].end
                ),
            });
        }
    }
    Ok(())
}

/// One framed snapshot: the address space right after one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The process that made the call.
    pub pid: u32,
    /// Its page size (AT_PAGESZ).
    pub page_size: u64,
    /// In a forked child's first snapshot: the parent.
    pub forked_from: Option<u32>,
    /// The pages the call named (start, end).
    pub ranges: Vec<(u64, u64)>,
    /// The call as `--trace` writes it: `munmap(0x7f.., 8192) = 0`.
    pub call: String,
    /// The mappings, lowest address first; `None` if the program could not
    /// read /proc/self/maps.
    pub maps: Option<Vec<Mapping>>,
}

impl Snapshot {
    /// Is this the view a program prints at its start (no call made it)?
    /// It is the before of the first call's picture, not a picture itself.
    pub fn is_start(&self) -> bool {
        self.call == frame::START
    }

    /// Is this a view that is not drawn on its own: the program's start,
    /// or a parent's at a fork?
    pub fn is_reference(&self) -> bool {
        self.is_start() || self.is_fork_in_parent()
    }

    /// Is this the parent's view at a fork (clone, in the process it
    /// returned a pid to)? It changed nothing there: it is drawn only
    /// beside the child's first view, not as a picture of its own.
    pub fn is_fork_in_parent(&self) -> bool {
        self.forked_from.is_none() && self.call.starts_with("clone(") && !self.failed()
    }

    /// Did the call fail (`= -1 EINVAL (...)`)?
    pub fn failed(&self) -> bool {
        self.call.contains(") = -1 ")
    }
}

/// Reads every snapshot in a program's standard error, in order. Lines
/// outside frames (the trace, QEMU's messages, the program's own) are
/// skipped; inside a frame every line must be a maps line.
pub fn parse_snapshots(text: &str) -> Result<Vec<Snapshot>, ParseError> {
    let mut snapshots = Vec::new();
    let mut open: Option<(Snapshot, Vec<Mapping>, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let error = |what: String| ParseError { line: number, what };
        if let Some(fields) = after_word(line, frame::BEGIN) {
            if open.is_some() {
                return Err(error("a snapshot begins inside another".into()));
            }
            open = Some((parse_begin(fields).map_err(error)?, Vec::new(), number));
        } else if let Some(fields) = after_word(line, frame::END) {
            let Some((mut snapshot, maps, begun)) = open.take() else {
                return Err(error("a snapshot ends that never began".into()));
            };
            let mut words = fields.split(' ');
            let pid = words.next().and_then(|w| w.strip_prefix(frame::PID));
            if pid != Some(&snapshot.pid.to_string()) {
                return Err(error(format!(
                    "the end line {fields:?} does not close the snapshot of pid {}",
                    snapshot.pid
                )));
            }
            snapshot.maps = match words.next() {
                None => {
                    check_order(&maps, begun)?;
                    Some(maps)
                }
                Some(word) if word == frame::UNREADABLE && maps.is_empty() => None,
                Some(word) => return Err(error(format!("unexpected {word:?} in an end line"))),
            };
            snapshots.push(snapshot);
        } else if let Some((_, maps, _)) = open.as_mut() {
            maps.push(parse_line(line, number)?);
        }
    }
    match open {
        Some((_, _, begun)) => Err(ParseError {
            line: begun,
            what: "this snapshot never ends (the program stopped while printing it?)".into(),
        }),
        None => Ok(snapshots),
    }
}

/// What follows `word` and one space at the start of `line`.
fn after_word<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    line.strip_prefix(word)?.strip_prefix(' ')
}

/// The begin line's fields: `pid=.. pagesize=.. [forked-from=..]
/// [range=..] call...`.
fn parse_begin(fields: &str) -> Result<Snapshot, String> {
    let mut snapshot = Snapshot {
        pid: 0,
        page_size: 0,
        forked_from: None,
        ranges: Vec::new(),
        call: String::new(),
        maps: None,
    };
    let mut rest = fields;
    let mut seen_pid = false;
    let mut seen_page = false;
    loop {
        let (word, after) = rest.split_once(' ').unwrap_or((rest, ""));
        let number = |digits: &str, what: &str| {
            digits
                .parse::<u64>()
                .map_err(|_| format!("{what} {digits:?} is not a number"))
        };
        if let Some(v) = word.strip_prefix(frame::PID) {
            snapshot.pid = number(v, "the pid")? as u32;
            seen_pid = true;
        } else if let Some(v) = word.strip_prefix(frame::PAGE_SIZE) {
            snapshot.page_size = number(v, "the page size")?;
            if !snapshot.page_size.is_power_of_two() {
                return Err(format!("the page size {v} is not a power of two"));
            }
            seen_page = true;
        } else if let Some(v) = word.strip_prefix(frame::FORKED_FROM) {
            snapshot.forked_from = Some(number(v, "the parent's pid")? as u32);
        } else if let Some(v) = word.strip_prefix(frame::RANGE) {
            for range in v.split(',') {
                let pair = range.split_once('-').and_then(|(s, e)| {
                    Some((
                        u64::from_str_radix(s, 16).ok()?,
                        u64::from_str_radix(e, 16).ok()?,
                    ))
                });
                snapshot
                    .ranges
                    .push(pair.ok_or_else(|| format!("the range {range:?} is not start-end"))?);
            }
        } else {
            break;
        }
        rest = after;
    }
    if !seen_pid || !seen_page {
        return Err(format!("a begin line needs pid= and pagesize=: {fields:?}"));
    }
    if rest.is_empty() {
        return Err("the begin line names no call".into());
    }
    snapshot.call = rest.to_string();
    Ok(snapshot)
}
