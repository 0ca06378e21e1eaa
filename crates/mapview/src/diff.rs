//! What one call changed: the mappings after it set against the mappings
//! before it (the same process's previous snapshot), as rows in address
//! order, highest first, with the holes between them.

use crate::parse::Mapping;

/// How a mapping's shape compares with the mapping(s) it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// As before (or there is no before).
    Same,
    /// New here: nothing was mapped here, or something else was.
    Added,
    /// One of two or more pieces of one earlier mapping.
    Split,
    /// The only piece left of a larger earlier mapping.
    Shrunk,
    /// An earlier mapping made larger.
    Grown,
    /// Two or more earlier mappings joined into one.
    Merged,
    /// Gone: nothing is mapped here any more.
    Removed,
}

impl Shape {
    /// The mark in the text picture's first column.
    pub fn mark(self) -> char {
        match self {
            Shape::Same => ' ',
            Shape::Added => '+',
            Shape::Split => '/',
            Shape::Shrunk => '<',
            Shape::Grown => '>',
            Shape::Merged => '=',
            Shape::Removed => '-',
        }
    }

    /// The mark's meaning, for legends and the SVG's change column.
    pub fn word(self) -> &'static str {
        match self {
            Shape::Same => "",
            Shape::Added => "added",
            Shape::Split => "split",
            Shape::Shrunk => "shrunk",
            Shape::Grown => "grown",
            Shape::Merged => "merged",
            Shape::Removed => "removed",
        }
    }
}

/// The mark of a changed protection, in the second column.
pub const PROTECTION_MARK: char = '~';

/// One row of a picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// A mapping, or (with [`Shape::Removed`]) what used to be mapped here.
    Mapping {
        /// The mapping (for a removed one, the part that is gone).
        mapping: Mapping,
        /// How its shape changed.
        shape: Shape,
        /// Its permissions changed (r, w or x; the old ones follow).
        protection_was: Option<String>,
    },
    /// Unmapped addresses between two rows.
    Hole {
        /// The first address.
        start: u64,
        /// The address just past the last.
        end: u64,
    },
}

impl Row {
    /// The addresses the row covers.
    pub fn range(&self) -> (u64, u64) {
        match self {
            Row::Mapping { mapping, .. } => (mapping.start, mapping.end),
            Row::Hole { start, end } => (*start, *end),
        }
    }

    /// Did the call change this row?
    pub fn changed(&self) -> bool {
        matches!(self, Row::Mapping { shape, protection_was, .. }
            if *shape != Shape::Same || protection_was.is_some())
    }
}

/// Could `piece` be (part of) `whole`, or `whole` part of `piece`? Same
/// file (or none), same sharing, and the file offset moves with the
/// address. The permissions may differ.
fn continues(whole: &Mapping, piece: &Mapping) -> bool {
    if whole.path != piece.path || whole.inode != piece.inode || whole.shared != piece.shared {
        return false;
    }
    // Anonymous memory shows offset 0 whatever its address (QEMU and
    // the kernel alike); a file's offset advances with the address.
    if whole.inode == 0 && whole.offset == 0 && piece.offset == 0 {
        return true;
    }
    let delta = piece.start.wrapping_sub(whole.start);
    piece.offset == whole.offset.wrapping_add(delta)
}

fn same_protection(a: &Mapping, b: &Mapping) -> bool {
    (a.read, a.write, a.exec) == (b.read, b.write, b.exec)
}

/// The rows of `current` against `previous` (none: every row is
/// [`Shape::Same`]), highest address first, holes included.
pub fn rows(previous: Option<&[Mapping]>, current: &[Mapping]) -> Vec<Row> {
    let mut rows: Vec<Row> = current
        .iter()
        .map(|c| {
            let (shape, was) = match previous {
                None => (Shape::Same, None),
                Some(previous) => compare(previous, current, c),
            };
            Row::Mapping {
                mapping: c.clone(),
                shape,
                protection_was: was,
            }
        })
        .collect();
    if let Some(previous) = previous {
        for p in previous {
            for mapping in uncovered(p, current) {
                rows.push(Row::Mapping {
                    mapping,
                    shape: Shape::Removed,
                    protection_was: None,
                });
            }
        }
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.range().0));
    with_holes(rows)
}

/// Puts a hole row between two rows that do not touch (rows sorted highest
/// first).
pub(crate) fn with_holes(rows: Vec<Row>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len() * 2);
    for row in rows {
        if let Some(above) = out.last() {
            let (low, _) = above.range();
            let (_, end) = row.range();
            if end < low {
                out.push(Row::Hole {
                    start: end,
                    end: low,
                });
            }
        }
        out.push(row);
    }
    out
}

/// `c`'s shape and old protection, from the earlier mappings it overlaps.
fn compare(previous: &[Mapping], current: &[Mapping], c: &Mapping) -> (Shape, Option<String>) {
    let sources: Vec<&Mapping> = previous
        .iter()
        .filter(|p| p.overlaps(c.start, c.end))
        .collect();
    let was = |p: &Mapping| (!same_protection(p, c)).then(|| p.perms());
    match sources.as_slice() {
        [] => (Shape::Added, None),
        [p] if !continues(p, c) => (Shape::Added, None),
        [p] if p.start == c.start && p.end == c.end => (Shape::Same, was(p)),
        [p] if p.start <= c.start && c.end <= p.end => {
            // A piece of `p`: one of several, or all that is left of it.
            let pieces = current
                .iter()
                .filter(|other| other.overlaps(p.start, p.end) && continues(p, other))
                .count();
            let shape = if pieces > 1 {
                Shape::Split
            } else {
                Shape::Shrunk
            };
            (shape, was(p))
        }
        [p] if c.start <= p.start && p.end <= c.end => (Shape::Grown, was(p)),
        many if many
            .iter()
            .all(|p| continues(c, p) && c.start <= p.start && p.end <= c.end) =>
        {
            let protections_differ = many.iter().any(|p| !same_protection(p, c));
            let was = protections_differ.then(|| {
                let mut all: Vec<String> = many.iter().map(|p| p.perms()).collect();
                all.dedup();
                all.join(",")
            });
            (Shape::Merged, was)
        }
        _ => (Shape::Added, None),
    }
}

/// The parts of `p` that no current mapping covers, as mappings with `p`'s
/// fields (a file's offset moved to each part's start).
fn uncovered(p: &Mapping, current: &[Mapping]) -> Vec<Mapping> {
    let mut parts = Vec::new();
    let mut at = p.start;
    for c in current.iter().filter(|c| c.overlaps(p.start, p.end)) {
        if c.start > at {
            parts.push(part(p, at, c.start));
        }
        at = at.max(c.end);
    }
    if at < p.end {
        parts.push(part(p, at, p.end));
    }
    parts
}

fn part(p: &Mapping, start: u64, end: u64) -> Mapping {
    let offset = if p.inode == 0 && p.offset == 0 {
        0
    } else {
        p.offset + (start - p.start)
    };
    Mapping {
        start,
        end,
        offset,
        ..p.clone()
    }
}
