//! From a program's snapshots to pictures: each snapshot set against the
//! same process's previous one (a forked child's first against its
//! parent's latest), and the rows a picture shows: those the call touched
//! and a few neighbours.

use crate::diff::{self, Row};
use crate::kind::{is_kernel_special, program_path};
use crate::parse::{Mapping, Snapshot};

/// One picture: the address space right after one call.
#[derive(Clone, Debug)]
pub struct Picture<'a> {
    /// The snapshot drawn.
    pub snapshot: &'a Snapshot,
    /// Its rows against the previous snapshot, highest address first
    /// (empty if the program could not read its maps).
    pub rows: Vec<Row>,
    /// The program's own file, for the kinds.
    pub program: Option<String>,
    /// For a forked child's first view: the parent's address space beside
    /// the child's.
    pub beside: Option<Beside>,
}

/// A parent's and a child's view of the same addresses.
#[derive(Clone, Debug)]
pub struct Beside {
    /// The parent's pid.
    pub parent: u32,
    /// Row by row, highest address first.
    pub rows: Vec<Pair>,
}

/// One row of two views: what each process has mapped at these addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The first address.
    pub start: u64,
    /// The address just past the last.
    pub end: u64,
    /// The parent's mapping here (cut to these addresses), if any.
    pub parent: Option<Mapping>,
    /// The child's.
    pub child: Option<Mapping>,
}

impl Pair {
    /// Neither process has anything mapped here.
    pub fn is_hole(&self) -> bool {
        self.parent.is_none() && self.child.is_none()
    }
}

/// The pictures of every snapshot, in order.
pub fn pictures(snapshots: &[Snapshot]) -> Vec<Picture<'_>> {
    let mut latest: std::collections::HashMap<u32, &[Mapping]> = Default::default();
    let mut out = Vec::new();
    for snapshot in snapshots {
        let parent = snapshot
            .forked_from
            .and_then(|p| latest.get(&p).map(|maps| (p, *maps)));
        let previous = latest
            .get(&snapshot.pid)
            .copied()
            .or(parent.map(|(_, maps)| maps));
        let Some(maps) = snapshot.maps.as_deref() else {
            out.push(Picture {
                snapshot,
                rows: Vec::new(),
                program: None,
                beside: None,
            });
            continue;
        };
        let beside = parent.map(|(pid, parent_maps)| Beside {
            parent: pid,
            rows: pairs(parent_maps, maps),
        });
        out.push(Picture {
            snapshot,
            rows: diff::rows(previous, maps),
            program: program_path(maps).map(str::to_string),
            beside,
        });
        latest.insert(snapshot.pid, maps);
    }
    out
}

/// Both views cut at every boundary either has, highest first.
fn pairs(parent: &[Mapping], child: &[Mapping]) -> Vec<Pair> {
    let mut bounds: Vec<u64> = parent
        .iter()
        .chain(child)
        .flat_map(|m| [m.start, m.end])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let at = |maps: &[Mapping], start: u64, end: u64| {
        maps.iter()
            .find(|m| m.start <= start && end <= m.end)
            .map(|m| {
                let mut cut = m.clone();
                if !(m.inode == 0 && m.offset == 0) {
                    cut.offset += start - m.start;
                }
                cut.start = start;
                cut.end = end;
                cut
            })
    };
    let mut rows: Vec<Pair> = bounds
        .windows(2)
        .map(|w| Pair {
            start: w[0],
            end: w[1],
            parent: at(parent, w[0], w[1]),
            child: at(child, w[0], w[1]),
        })
        .collect();
    // Two holes in a row are one hole.
    rows.dedup_by(|lower, upper| {
        if lower.is_hole() && upper.is_hole() && lower.end == upper.start {
            upper.end = lower.end;
            true
        } else {
            false
        }
    });
    rows.reverse();
    rows
}

/// One line of a picture's body: a row, or a note that rows were left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// The row with this index.
    Row(usize),
    /// This many rows are not shown here.
    Skipped(usize),
}

/// The rows to show: every row the call touched (it changed, or it overlaps
/// the pages the call named) and `context` rows on each side; the rest
/// summed up in [`Line::Skipped`]. With no touched row, `all` decides:
/// everything (a forked child's first view) or nothing.
pub fn window(touched: &[bool], context: usize, all: bool) -> Vec<Line> {
    let n = touched.len();
    let mut shown = vec![all && !touched.contains(&true); n];
    for (i, _) in touched.iter().enumerate().filter(|(_, t)| **t) {
        for s in shown
            .iter_mut()
            .take((i + context + 1).min(n))
            .skip(i.saturating_sub(context))
        {
            *s = true;
        }
    }
    let mut lines = Vec::new();
    let mut skipped = 0;
    for (i, show) in shown.iter().enumerate() {
        if *show {
            if skipped > 0 {
                lines.push(Line::Skipped(skipped));
                skipped = 0;
            }
            lines.push(Line::Row(i));
        } else {
            skipped += 1;
        }
    }
    if skipped > 0 && skipped < n {
        lines.push(Line::Skipped(skipped));
    }
    lines
}

impl<'a> Picture<'a> {
    /// Which rows the call touched.
    pub fn touched(&self) -> Vec<bool> {
        let ranges = &self.snapshot.ranges;
        self.rows
            .iter()
            .map(|row| {
                let (start, end) = row.range();
                row.changed() || ranges.iter().any(|&(s, e)| start < e && s < end)
            })
            .collect()
    }

    /// The lines of the single view, with `context` neighbours.
    pub fn lines(&self, context: usize) -> Vec<Line> {
        window(
            &self.touched(),
            context,
            self.snapshot.forked_from.is_some(),
        )
    }

    /// The same picture without the kernel's own special mappings
    /// ([`is_kernel_special`]: `[vdso]`, `[vvar]`, ...), the holes on
    /// either side of one joined into one hole. Which of them a process
    /// has, how large they are and where they sit depend on the kernel's
    /// version and configuration (Linux 6.18 on x86_64 maps `[vvar]`,
    /// `[vvar_vclock]` and `[vdso]` among mmap's mappings, Linux 6.1 maps
    /// no `[vvar_vclock]` and puts `[vvar]` and `[vdso]` just above the
    /// stack; `vsyscall=none` drops `[vsyscall]`), so a picture meant to
    /// look the same on every kernel leaves them out before it chooses its
    /// rows. The rows the call touched are the program's, never these.
    pub fn without_kernel_mappings(&self) -> Picture<'a> {
        let kept = |m: &Option<Mapping>| m.clone().filter(|m| !is_kernel_special(m));
        let rows = self
            .rows
            .iter()
            .filter(
                |row| matches!(row, Row::Mapping { mapping, .. } if !is_kernel_special(mapping)),
            )
            .cloned()
            .collect();
        let beside = self.beside.as_ref().map(|beside| {
            let pairs = beside
                .rows
                .iter()
                .map(|pair| Pair {
                    parent: kept(&pair.parent),
                    child: kept(&pair.child),
                    ..pair.clone()
                })
                .filter(|pair| !pair.is_hole())
                .collect();
            Beside {
                parent: beside.parent,
                rows: pairs_with_holes(pairs),
            }
        });
        Picture {
            snapshot: self.snapshot,
            rows: diff::with_holes(rows),
            program: self.program.clone(),
            beside,
        }
    }
}

/// Puts a hole between two pairs that do not touch (highest first), as
/// [`diff::with_holes`] does for rows.
fn pairs_with_holes(pairs: Vec<Pair>) -> Vec<Pair> {
    let mut out: Vec<Pair> = Vec::with_capacity(pairs.len() * 2);
    for pair in pairs {
        if let Some(above) = out.last()
            && pair.end < above.start
        {
            out.push(Pair {
                start: pair.end,
                end: above.start,
                parent: None,
                child: None,
            });
        }
        out.push(pair);
    }
    out
}
