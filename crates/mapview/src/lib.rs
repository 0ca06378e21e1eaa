//! Pictures of an address space. A lesson run with
//! `MMAP_MAP_SNAPSHOTS=on` prints, after each call that may change its
//! mappings, its /proc/self/maps between two frame lines (`protocol::maps`;
//! the runtime `rt` prints them). This crate reads those snapshots
//! ([`parse_snapshots`]), sets each against the same process's previous
//! one ([`pictures`]) and draws it: for a terminal ([`text::render`]) or
//! as an SVG document for the course's pages ([`svg::render`]).
//!
//! A picture has one row per mapping, highest address first, with the
//! holes between mappings as rows of their own; each mapping's range, size
//! in pages, permissions, offset, kind and file; and marks for what the
//! call changed (added, removed, split, permissions changed, ...). Only the
//! rows the call touched and a few neighbours are shown. A forked child's
//! first view is drawn beside its parent's.

mod diff;
mod kind;
mod parse;
mod picture;
mod size;
pub mod stream;
pub mod svg;
pub mod text;

pub use diff::{PROTECTION_MARK, Row, Shape, rows};
pub use kind::{Kind, is_kernel_special, program_path};
pub use parse::{Mapping, ParseError, Snapshot, parse_line, parse_maps, parse_snapshots};
pub use picture::{Beside, Line, Pair, Picture, pictures, window};
pub use stream::{Fed, Stream};

/// Whether a picture for `stream` should be coloured: not when `NO_COLOR`
/// is set to anything non-empty (no-color.org's convention), nor when the
/// stream is not a terminal. The renderers take the answer as a flag; this
/// is the caller's side.
pub fn colour_wanted(stream: &impl std::io::IsTerminal) -> bool {
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_colour && stream.is_terminal()
}
