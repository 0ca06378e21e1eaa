//! The picture as an SVG document for the course's pages: the same rows as
//! the terminal's, as coloured bands with real `<text>` (selectable and
//! searchable), headed by a caption and the call. The address axis is not
//! to scale: every mapping is one band, and a hole is a narrower gap
//! labelled with its size.
//!
//! Colours: each band has a light fill of its kind's colour with dark text
//! on it, readable on any page; the text outside the bands (caption, holes,
//! notes) follows the reader's theme through `prefers-color-scheme`, or a
//! theme the caller forces.

use crate::diff::{Row, Shape};
use crate::kind::Kind;
use crate::picture::{Line, Picture};
use crate::size::{hole_size, pages};
use std::fmt::Write;

/// Which colours the text outside the bands takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// The reader's: dark text, light text under `prefers-color-scheme:
    /// dark`.
    Auto,
    /// Dark text, for a light page.
    Light,
    /// Light text, for a dark page.
    Dark,
}

/// How to draw.
#[derive(Clone, Debug)]
pub struct Options {
    /// The caption above the picture (what the reader should see in it).
    pub caption: String,
    /// Neighbours shown on each side of a touched row.
    pub context: usize,
    /// The theme.
    pub theme: Theme,
    /// Leave out the kernel's own mappings (`[vdso]`, `[vvar]`, ...; see
    /// [`Picture::without_kernel_mappings`]) and say so under the picture:
    /// for pictures that must look the same on every kernel, such as the
    /// lesson READMEs'. Off, the picture shows all the kernel showed.
    pub hide_kernel_mappings: bool,
}

/// The note under a picture drawn with [`Options::hide_kernel_mappings`].
pub const KERNEL_MAPPINGS_NOT_SHOWN: &str =
    "the kernel's own mappings ([vdso], [vvar], ...) are not shown";

const FONT: &str = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
const SIZE: f64 = 13.0;
/// A monospace character's advance, as a share of the font size (0.6 for
/// the fonts of the stack above).
const ADVANCE: f64 = 0.6;
const ROW: f64 = 22.0;
const GAP: f64 = 18.0;
const PAD: f64 = 12.0;

/// A band's fill: light tints, each kind its own hue.
pub fn fill(kind: Kind) -> &'static str {
    match kind {
        Kind::Program => "#a8c8f8",
        Kind::SharedFile => "#dcb8f5",
        Kind::PrivateFile => "#a6e3e3",
        Kind::SharedAnon => "#f7dc8a",
        Kind::PrivateAnon => "#b9e4a6",
        Kind::NoAccess => "#d4d4d4",
        Kind::Stack => "#f4aaaa",
        Kind::Heap => "#f6c79e",
        Kind::Special => "#e4e4e4",
    }
}

const LIGHT: &str = ".fg{fill:#1f2328}.muted{fill:#59636e}.removed{fill:#b42318}\
.removed-band{stroke:#b42318}";
const DARK: &str = ".fg{fill:#e6edf3}.muted{fill:#9198a1}.removed{fill:#ff8e80}\
.removed-band{stroke:#ff8e80}";

fn style(theme: Theme) -> String {
    let common = format!(
        "text{{font-family:{FONT};font-size:{SIZE}px;white-space:pre}}\
.band text{{fill:#1b1b1b}}.band .mark{{font-weight:bold}}\
.caption{{font-weight:bold}}.hole{{font-style:italic}}\
.removed-band{{fill:none;stroke-width:1.5;stroke-dasharray:5 3}}"
    );
    match theme {
        Theme::Light => format!("{common}{LIGHT}"),
        Theme::Dark => format!("{common}{DARK}"),
        Theme::Auto => format!("{common}{LIGHT}@media (prefers-color-scheme: dark){{{DARK}}}"),
    }
}

/// XML's five escapes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// x of character column `col`.
fn x(col: usize) -> f64 {
    PAD + 8.0 + col as f64 * SIZE * ADVANCE
}

/// Draws one picture as a whole SVG document: a forked child's first view
/// beside its parent's, any other as one view.
pub fn render(picture: &Picture<'_>, o: &Options) -> String {
    if o.hide_kernel_mappings {
        return render_shown(&picture.without_kernel_mappings(), o);
    }
    render_shown(picture, o)
}

/// [`render`], with the rows it is to show.
fn render_shown(picture: &Picture<'_>, o: &Options) -> String {
    if let Some(beside) = &picture.beside {
        return render_beside(picture, beside, o);
    }
    let s = picture.snapshot;
    let page = s.page_size;
    let lines = picture.lines(o.context);
    let program = picture.program.as_deref();
    let maps: Vec<&crate::Mapping> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Row(i) => match &picture.rows[*i] {
                Row::Mapping { mapping, .. } => Some(mapping),
                Row::Hole { .. } => None,
            },
            Line::Skipped(_) => None,
        })
        .collect();
    let address = maps
        .iter()
        .map(|m| format!("{:x}", m.end - 1).len())
        .max()
        .unwrap_or(8)
        .max(8);
    let pages_w = maps
        .iter()
        .map(|m| pages(m.len(), page).len())
        .max()
        .unwrap_or(5)
        .max(5);
    let file_w = maps
        .iter()
        .map(|m| m.path.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    // Columns, in characters: mark, range, pages, perms, offset, kind, file,
    // change.
    let c_range = 3;
    let c_pages = c_range + 2 * address + 2;
    let c_perms = c_pages + pages_w + 1;
    let c_offset = c_perms + 5;
    let c_kind = c_offset + 9;
    let c_file = c_kind + Kind::WIDTH + 1;
    let c_change = c_file + file_w + 2;
    let chars = c_change + "shrunk, permissions were rw-p".len();
    let call = format!("[pid {}] {}", s.pid, s.call);
    let width = picture_width(o, chars, &[&call]);

    let mut body = String::new();
    let mut y = PAD;
    let _ = writeln!(
        body,
        r#"<text class="fg caption" x="{PAD}" y="{}">{}</text>"#,
        y + SIZE,
        escape(&o.caption)
    );
    y += ROW;
    let _ = writeln!(
        body,
        r#"<text class="fg" x="{PAD}" y="{}">{}</text>"#,
        y + SIZE,
        escape(&call)
    );
    y += ROW + 4.0;
    let headings = [
        (c_range, "start-end"),
        (c_pages + pages_w - "pages".len(), "pages"),
        (c_perms, "perm"),
        (c_offset, "offset"),
        (c_kind, "kind"),
        (c_file, "file"),
        (c_change, "change"),
    ];
    for (col, word) in headings {
        let _ = writeln!(
            body,
            r#"<text class="muted" x="{:.1}" y="{}">{word}</text>"#,
            x(col),
            y + SIZE
        );
    }
    y += ROW;
    let band_width = width - 2.0 * PAD;
    if s.maps.is_none() || lines.is_empty() {
        let note = if s.maps.is_none() {
            "the program could not read /proc/self/maps"
        } else {
            "no mapping changed"
        };
        let _ = writeln!(
            body,
            r#"<text class="muted" x="{:.1}" y="{}">{note}</text>"#,
            x(c_range),
            y + SIZE
        );
        y += ROW;
    }
    for line in &lines {
        match line {
            Line::Skipped(n) => {
                let _ = writeln!(
                    body,
                    r#"<text class="muted" x="{:.1}" y="{}">⋯ {n} row{} not shown</text>"#,
                    x(c_range),
                    y + SIZE - 2.0,
                    if *n == 1 { "" } else { "s" }
                );
                y += GAP;
            }
            Line::Row(i) => match &picture.rows[*i] {
                Row::Hole { start, end } => {
                    let _ = writeln!(
                        body,
                        r#"<text class="muted hole" x="{:.1}" y="{}">hole, {}</text>"#,
                        x(c_range),
                        y + SIZE - 2.0,
                        escape(&hole_size(end - start, page))
                    );
                    y += GAP;
                }
                Row::Mapping {
                    mapping: m,
                    shape,
                    protection_was,
                } => {
                    let kind = Kind::of(m, program);
                    let removed = *shape == Shape::Removed;
                    if removed {
                        let _ = writeln!(
                            body,
                            r#"<g><rect class="removed-band" x="{PAD}" y="{:.1}" width="{band_width}" height="{}" rx="3"/>"#,
                            y + 1.0,
                            ROW - 2.0
                        );
                    } else {
                        let _ = writeln!(
                            body,
                            r#"<g class="band"><rect x="{PAD}" y="{:.1}" width="{band_width}" height="{}" rx="3" fill="{}"/>"#,
                            y + 1.0,
                            ROW - 2.0,
                            fill(kind)
                        );
                    }
                    let class = if removed { r#" class="removed""# } else { "" };
                    let mut change = shape.word().to_string();
                    if let Some(was) = protection_was {
                        if !change.is_empty() {
                            change.push_str(", ");
                        }
                        let _ = write!(change, "permissions were {was}");
                    }
                    // The terminal's second mark column, folded into the
                    // first where the shape did not change.
                    let mark = match (shape, protection_was) {
                        (Shape::Same, Some(_)) => crate::PROTECTION_MARK,
                        _ => shape.mark(),
                    };
                    let cells = [
                        (0, mark.to_string()),
                        (
                            c_range,
                            format!("{:0w$x}-{:0w$x}", m.start, m.end, w = address),
                        ),
                        (c_pages + pages_w, pages(m.len(), page)),
                        (c_perms, m.perms()),
                        (c_offset, format!("{:08x}", m.offset)),
                        (c_kind, kind.word().to_string()),
                        (c_file, m.path.clone()),
                        (c_change, change),
                    ];
                    for (col, text) in cells {
                        if text.trim().is_empty() {
                            continue;
                        }
                        let mark = match col {
                            0 => r#" font-weight="bold""#,
                            // Numbers right-aligned: their column's end.
                            _ if col == c_pages + pages_w => r#" text-anchor="end""#,
                            _ => "",
                        };
                        let _ = writeln!(
                            body,
                            r#"<text{class}{mark} x="{:.1}" y="{}">{}</text>"#,
                            x(col),
                            y + SIZE + 2.0,
                            escape(&text)
                        );
                    }
                    body.push_str("</g>\n");
                    y += ROW;
                }
            },
        }
    }
    document(width, y, body, o)
}

/// The width of the note under the picture, in characters.
fn note_chars(o: &Options) -> usize {
    if o.hide_kernel_mappings {
        KERNEL_MAPPINGS_NOT_SHOWN.chars().count()
    } else {
        0
    }
}

/// The SVG document around `body`, whose rows end at `y`; the note that
/// the kernel's mappings are left out goes under them.
fn document(width: f64, mut y: f64, mut body: String, o: &Options) -> String {
    if o.hide_kernel_mappings {
        y += 4.0;
        let _ = writeln!(
            body,
            r#"<text class="muted" x="{PAD}" y="{}">{}</text>"#,
            y + SIZE,
            escape(KERNEL_MAPPINGS_NOT_SHOWN)
        );
        y += ROW;
    }
    let height = (y + PAD).ceil();
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
        escape(&o.caption)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&o.caption));
    let _ = writeln!(out, "<style>{}</style>", style(o.theme));
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// A forked child's first view beside its parent's: per row the range,
/// its size, then for each process a band of its mapping's kind with the
/// permissions and the kind, then the file. Every row is shown: a fork
/// copies the whole address space.
fn render_beside(picture: &Picture<'_>, beside: &crate::Beside, o: &Options) -> String {
    let s = picture.snapshot;
    let page = s.page_size;
    let program = picture.program.as_deref();
    let rows = &beside.rows;
    let maps = || {
        rows.iter()
            .flat_map(|r| r.parent.iter().chain(r.child.iter()))
    };
    let address = maps()
        .map(|m| format!("{:x}", m.end - 1).len())
        .max()
        .unwrap_or(8)
        .max(8);
    let pages_w = rows
        .iter()
        .filter(|r| !r.is_hole())
        .map(|r| pages(r.end - r.start, page).len())
        .max()
        .unwrap_or(5)
        .max(5);
    let file_w = maps()
        .map(|m| m.path.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let side = 4 + 1 + Kind::WIDTH + 2;
    let c_range = 1;
    let c_pages = c_range + 2 * address + 2;
    let c_parent = c_pages + pages_w + 2;
    let c_child = c_parent + side + 1;
    let c_file = c_child + side + 1;
    let chars = c_file + file_w;
    let call = format!("[pid {}] {}", s.pid, s.call);
    let who = format!(
        "the child's first view (pid {}) beside its parent's (pid {})",
        s.pid, beside.parent
    );
    let width = picture_width(o, chars, &[&call, &who]);
    let mut body = String::new();
    let mut y = PAD;
    for (class, text) in [("fg caption", &o.caption), ("fg", &call), ("muted", &who)] {
        let _ = writeln!(
            body,
            r#"<text class="{class}" x="{PAD}" y="{}">{}</text>"#,
            y + SIZE,
            escape(text)
        );
        y += ROW;
    }
    y += 4.0;
    let headings = [
        (c_range, "start-end".to_string()),
        (c_pages + pages_w - "pages".len(), "pages".to_string()),
        (c_parent, format!("pid {}", beside.parent)),
        (c_child, format!("pid {}", s.pid)),
        (c_file, "file".to_string()),
    ];
    for (col, word) in headings {
        let _ = writeln!(
            body,
            r#"<text class="muted" x="{:.1}" y="{}">{}</text>"#,
            x(col),
            y + SIZE,
            escape(&word)
        );
    }
    y += ROW;
    for row in rows {
        if row.is_hole() {
            let _ = writeln!(
                body,
                r#"<text class="muted hole" x="{:.1}" y="{}">hole, {}</text>"#,
                x(c_range),
                y + SIZE - 2.0,
                escape(&hole_size(row.end - row.start, page))
            );
            y += GAP;
            continue;
        }
        let _ = writeln!(
            body,
            r#"<text class="fg" x="{:.1}" y="{}">{:0w$x}-{:0w$x}</text>"#,
            x(c_range),
            y + SIZE + 2.0,
            row.start,
            row.end,
            w = address
        );
        let _ = writeln!(
            body,
            r#"<text class="fg" text-anchor="end" x="{:.1}" y="{}">{}</text>"#,
            x(c_pages + pages_w),
            y + SIZE + 2.0,
            pages(row.end - row.start, page)
        );
        for (col, m) in [(c_parent, &row.parent), (c_child, &row.child)] {
            let Some(m) = m else {
                let _ = writeln!(
                    body,
                    r#"<text class="muted" x="{:.1}" y="{}">not mapped</text>"#,
                    x(col),
                    y + SIZE + 2.0
                );
                continue;
            };
            let kind = Kind::of(m, program);
            let _ = writeln!(
                body,
                r#"<g class="band"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{}" rx="3" fill="{}"/><text x="{:.1}" y="{}">{} {}</text></g>"#,
                x(col) - 4.0,
                y + 1.0,
                (side - 1) as f64 * SIZE * ADVANCE + 4.0,
                ROW - 2.0,
                fill(kind),
                x(col),
                y + SIZE + 2.0,
                m.perms(),
                kind.word()
            );
        }
        let file = match (&row.parent, &row.child) {
            (Some(p), Some(c)) if p.path == c.path => p.path.clone(),
            (p, c) => {
                let name = |m: &Option<crate::Mapping>| {
                    m.as_ref().map_or("-".to_string(), |m| m.path.clone())
                };
                format!("{} / {}", name(p), name(c))
            }
        };
        if !file.is_empty() {
            let _ = writeln!(
                body,
                r#"<text class="fg" x="{:.1}" y="{}">{}</text>"#,
                x(c_file),
                y + SIZE + 2.0,
                escape(&file)
            );
        }
        y += ROW;
    }
    document(width, y, body, o)
}

/// A picture's width: its widest line, in characters, of the table's
/// `columns`, the caption, the note under it and each of `lines`, plus
/// the margin.
fn picture_width(o: &Options, columns: usize, lines: &[&str]) -> f64 {
    let widest = lines
        .iter()
        .map(|line| line.chars().count())
        .chain([columns, o.caption.chars().count(), note_chars(o)])
        .max()
        .unwrap_or(columns);
    (x(widest) + PAD).ceil()
}
