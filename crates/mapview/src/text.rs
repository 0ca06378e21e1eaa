//! The picture for a terminal: one row per mapping or hole, highest
//! address first, in at most `width` columns. Marks and a kind column
//! carry everything; colour (ANSI escapes) repeats it for the eye.

use crate::diff::{PROTECTION_MARK, Row, Shape};
use crate::kind::Kind;
use crate::parse::Mapping;
use crate::picture::{Line, Pair, Picture};
use crate::size::{hole_size, pages};
use std::fmt::Write;

/// How to draw.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// ANSI colours (the caller decides: see [`crate::colour_wanted`]).
    pub colour: bool,
    /// Neighbours shown on each side of a touched row.
    pub context: usize,
    /// Columns available.
    pub width: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            colour: false,
            context: 2,
            width: 80,
        }
    }
}

const RESET: &str = "\x1b[0m";
/// The escape of holes, notes, and a removed mapping's row.
pub const DIM: &str = "\x1b[2m";

/// The escape that starts a kind's colour.
pub fn kind_colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Program => "\x1b[34m",
        Kind::SharedFile => "\x1b[35m",
        Kind::PrivateFile => "\x1b[36m",
        Kind::SharedAnon => "\x1b[33m",
        Kind::PrivateAnon => "\x1b[32m",
        Kind::NoAccess => "\x1b[90m",
        Kind::Stack => "\x1b[31m",
        Kind::Heap => "\x1b[91m",
        Kind::Special => "\x1b[3m",
    }
}

/// The escape that starts a mark's colour.
pub fn mark_colour(shape: Shape) -> &'static str {
    match shape {
        Shape::Same => "\x1b[1;33m",
        Shape::Added => "\x1b[1;32m",
        Shape::Removed => "\x1b[1;31m",
        Shape::Split | Shape::Merged => "\x1b[1;36m",
        Shape::Shrunk | Shape::Grown => "\x1b[1;35m",
    }
}

/// Paints `text` with `code` when colour is on.
fn paint(out: &mut String, colour: bool, code: &str, text: &str) {
    if colour && !code.is_empty() && !text.trim().is_empty() {
        let _ = write!(out, "{code}{text}{RESET}");
    } else {
        out.push_str(text);
    }
}

/// The widths of the columns that vary with the picture.
struct Columns {
    address: usize,
    pages: usize,
    offset: usize,
}

impl Columns {
    fn of<'m>(maps: impl Iterator<Item = &'m Mapping>, page: u64) -> Columns {
        let mut c = Columns {
            address: 8,
            pages: 5,
            offset: 8,
        };
        for m in maps {
            c.address = c.address.max(format!("{:x}", m.end - 1).len());
            c.pages = c.pages.max(pages(m.len(), page).len());
            c.offset = c.offset.max(format!("{:x}", m.offset).len());
        }
        c
    }
}

/// `start-end`, zero-padded to the picture's width.
fn span(start: u64, end: u64, width: usize) -> String {
    format!("{start:0width$x}-{end:0width$x}")
}

/// Cuts `path` to `room` characters, keeping its end (the file's name).
fn fit(path: &str, room: usize) -> String {
    let count = path.chars().count();
    if count <= room {
        return path.to_string();
    }
    if room == 0 {
        return String::new();
    }
    let tail: String = path.chars().skip(count - (room - 1)).collect();
    format!("…{tail}")
}

/// The call as a heading, `[pid N] call`, broken after a comma where it
/// is wider than `width`.
fn heading(out: &mut String, picture: &Picture<'_>, o: &Options) {
    let s = picture.snapshot;
    let mut text = format!("[pid {}] {}", s.pid, s.call);
    let mut first = true;
    while !text.is_empty() {
        let limit = if first { o.width } else { o.width - 4 };
        let cut = if text.chars().count() <= limit {
            text.len()
        } else {
            let head: String = text.chars().take(limit).collect();
            head.rfind(", ").map_or(head.len(), |i| i + 2)
        };
        let (line, rest) = text.split_at(cut);
        if !first {
            out.push_str("    ");
        }
        paint(out, o.colour, "\x1b[1m", line.trim_end());
        out.push('\n');
        text = rest.to_string();
        first = false;
    }
    if let Some(parent) = s.forked_from {
        let how = if picture.beside.is_some() {
            "beside its parent's"
        } else {
            "(the parent's own view was never read, so it stands alone)"
        };
        let _ = writeln!(out, "    the child of {parent}: its first view, {how}");
    }
}

/// Draws one picture.
pub fn render(picture: &Picture<'_>, o: &Options) -> String {
    let mut out = String::new();
    heading(&mut out, picture, o);
    if picture.snapshot.maps.is_none() {
        out.push_str("  (the program could not read /proc/self/maps)\n");
        return out;
    }
    if let Some(beside) = &picture.beside {
        render_beside(&mut out, picture, beside.parent, &beside.rows, o);
        return out;
    }
    let lines = picture.lines(o.context);
    if lines.is_empty() {
        out.push_str("  (no mapping changed)\n");
        return out;
    }
    let page = picture.snapshot.page_size;
    let shown = lines.iter().filter_map(|l| match l {
        Line::Row(i) => match &picture.rows[*i] {
            Row::Mapping { mapping, .. } => Some(mapping),
            Row::Hole { .. } => None,
        },
        Line::Skipped(_) => None,
    });
    let c = Columns::of(shown, page);
    let program = picture.program.as_deref();
    // The fixed part of a row: marks, range, pages, perms, offset, kind.
    let fixed =
        2 + 1 + (2 * c.address + 1) + 1 + c.pages + 1 + 4 + 1 + c.offset + 1 + Kind::WIDTH + 1;
    let room = o.width.saturating_sub(fixed);
    let _ = writeln!(
        out,
        "   {:<aw$} {:>pw$} perm {:<ow$} {:<kw$} file",
        "start-end",
        "pages",
        "offset",
        "kind",
        aw = 2 * c.address + 1,
        pw = c.pages,
        ow = c.offset,
        kw = Kind::WIDTH
    );
    let mut marks_used: Vec<char> = Vec::new();
    for line in &lines {
        match line {
            Line::Skipped(n) => {
                let text = format!("   ... {n} row{} not shown ...", plural(*n));
                paint(&mut out, o.colour, DIM, &text);
                out.push('\n');
            }
            Line::Row(i) => match &picture.rows[*i] {
                Row::Hole { start, end } => {
                    let text = format!(
                        "   {:^aw$}",
                        format!("hole, {}", hole_size(end - start, page)),
                        aw = 2 * c.address + 1
                    );
                    paint(&mut out, o.colour, DIM, text.trim_end());
                    out.push('\n');
                }
                Row::Mapping {
                    mapping: m,
                    shape,
                    protection_was,
                } => {
                    let kind = Kind::of(m, program);
                    let mark = shape.mark();
                    let prot = if protection_was.is_some() {
                        PROTECTION_MARK
                    } else {
                        ' '
                    };
                    for used in [mark, prot] {
                        if used != ' ' && !marks_used.contains(&used) {
                            marks_used.push(used);
                        }
                    }
                    paint(&mut out, o.colour, mark_colour(*shape), &mark.to_string());
                    paint(
                        &mut out,
                        o.colour,
                        mark_colour(Shape::Same),
                        &prot.to_string(),
                    );
                    out.push(' ');
                    let mut body = format!(
                        "{} {:>pw$} {} {:0ow$x} {:<kw$} {}",
                        span(m.start, m.end, c.address),
                        pages(m.len(), page),
                        m.perms(),
                        m.offset,
                        kind.word(),
                        fit(&m.path, room),
                        pw = c.pages,
                        ow = c.offset,
                        kw = Kind::WIDTH
                    );
                    if let Some(was) = protection_was {
                        let note = format!(" (was {was})");
                        if body.trim_end().chars().count() + note.len() + 3 <= o.width {
                            body = format!("{}{note}", body.trim_end());
                        }
                    }
                    let code = if *shape == Shape::Removed {
                        DIM
                    } else {
                        kind_colour(kind)
                    };
                    paint(&mut out, o.colour, code, body.trim_end());
                    out.push('\n');
                }
            },
        }
    }
    legend(&mut out, &marks_used, o);
    out
}

/// One line naming the marks the picture uses.
fn legend(out: &mut String, marks: &[char], o: &Options) {
    if marks.is_empty() {
        return;
    }
    let shapes = [
        Shape::Added,
        Shape::Removed,
        Shape::Split,
        Shape::Shrunk,
        Shape::Grown,
        Shape::Merged,
    ];
    let mut words: Vec<String> = shapes
        .iter()
        .filter(|s| marks.contains(&s.mark()))
        .map(|s| format!("{} {}", s.mark(), s.word()))
        .collect();
    if marks.contains(&PROTECTION_MARK) {
        words.push(format!("{PROTECTION_MARK} permissions changed"));
    }
    paint(out, o.colour, DIM, &format!("   {}", words.join("  ")));
    out.push('\n');
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The parent's and the child's view side by side: per row, each one's
/// permissions and kind, then the file (once, if both map the same).
fn render_beside(out: &mut String, picture: &Picture<'_>, parent: u32, rows: &[Pair], o: &Options) {
    let page = picture.snapshot.page_size;
    let child = picture.snapshot.pid;
    let maps = rows
        .iter()
        .flat_map(|r| r.parent.iter().chain(r.child.iter()));
    let c = Columns::of(maps, page);
    let program = picture.program.as_deref();
    let side = 4 + 1 + Kind::WIDTH;
    let who = |label: String| format!("{label:<side$}");
    let fixed = 2 + 1 + (2 * c.address + 1) + 1 + c.pages + (3 + side) * 2 + 3;
    let room = o.width.saturating_sub(fixed);
    let _ = writeln!(
        out,
        "   {:<aw$} {:>pw$} | {} | {} | file",
        "start-end",
        "pages",
        who(format!("pid {parent}")),
        who(format!("pid {child}")),
        aw = 2 * c.address + 1,
        pw = c.pages,
    );
    let mut differ = false;
    for row in rows {
        if row.is_hole() {
            let text = format!(
                "   {:^aw$}",
                format!("hole, {}", hole_size(row.end - row.start, page)),
                aw = 2 * c.address + 1
            );
            paint(out, o.colour, DIM, text.trim_end());
            out.push('\n');
            continue;
        }
        let same = row.parent == row.child;
        differ |= !same;
        paint(
            out,
            o.colour,
            mark_colour(Shape::Added),
            if same { " " } else { "!" },
        );
        let _ = write!(
            out,
            "  {} {:>pw$} | ",
            span(row.start, row.end, c.address),
            pages(row.end - row.start, page),
            pw = c.pages
        );
        for m in [&row.parent, &row.child] {
            match m {
                Some(m) => {
                    let kind = Kind::of(m, program);
                    let text = format!("{} {:<kw$}", m.perms(), kind.word(), kw = Kind::WIDTH);
                    paint(out, o.colour, kind_colour(kind), &text);
                }
                None => out.push_str(&format!("{:<side$}", "-")),
            }
            out.push_str(" | ");
        }
        let file = match (&row.parent, &row.child) {
            (Some(p), Some(c)) if p.path == c.path => fit(&p.path, room),
            (p, c) => {
                fn name(m: &Option<Mapping>) -> &str {
                    m.as_ref().map_or("-", |m| m.path.as_str())
                }
                fit(&format!("{} / {}", name(p), name(c)), room)
            }
        };
        out.push_str(&file);
        // No trailing spaces on a row whose file is empty.
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
    if differ {
        paint(out, o.colour, DIM, "   ! the two processes differ here");
        out.push('\n');
    }
}

/// Draws every picture, one after another, a blank line between them; a
/// parent's view at a fork is drawn beside its child's, not on its own.
pub fn render_all(pictures: &[Picture<'_>], o: &Options) -> String {
    let lines: Vec<String> = pictures
        .iter()
        .filter(|p| !p.snapshot.is_reference())
        .map(|p| render(p, o))
        .collect();
    lines.join("\n")
}
