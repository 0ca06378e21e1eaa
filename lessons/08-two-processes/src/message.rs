//! Short texts passed through shared memory: a length byte followed by the
//! bytes, in a fixed 64-byte slot of the mapping.
//!
//! Both sides go through `Mapping::read`/`write` (volatile, one byte at a
//! time), never through a `&[u8]` into the mapping: the other process may
//! write these bytes at any moment, and a Rust slice would promise the
//! compiler that nobody does.

use core::fmt;
use mman::Mapping;
use rt::Escaped;

/// Bytes one slot holds: 64, the first of them the length.
pub const SLOT: usize = 64;

/// The longest text a slot holds.
pub const MAX: usize = SLOT - 1;

/// A text copied out of a slot into this process's own (private) memory.
#[derive(Clone, Copy)]
pub struct Text {
    buf: [u8; MAX],
    len: usize,
}

impl Text {
    /// Wraps `bytes`, cut to [`MAX`].
    pub fn new(bytes: &[u8]) -> Text {
        let len = bytes.len().min(MAX);
        let mut buf = [0u8; MAX];
        buf[..len].copy_from_slice(&bytes[..len]);
        Text { buf, len }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The same text with ASCII letters in upper case: the answer a peer
    /// gives, which can only be right if it read the question.
    pub fn upper(&self) -> Text {
        let mut out = *self;
        out.buf[..out.len].make_ascii_uppercase();
        out
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", Escaped(self.as_bytes()))
    }
}

/// Writes `text` into the slot at `offset`. Nothing here tells the other
/// process that the text is complete: every part says so separately (a pipe
/// byte, the writer's exit seen through wait4, or a futex word), and the
/// reader reads only after that.
pub fn put(map: &Mapping, offset: usize, text: &[u8]) {
    let len = text.len().min(MAX);
    map.write_from(offset + 1, &text[..len]);
    map.write(offset, len as u8);
}

/// Copies the text in the slot at `offset` out of the mapping.
pub fn get(map: &Mapping, offset: usize) -> Text {
    let len = usize::from(map.read(offset)).min(MAX);
    let mut buf = [0u8; MAX];
    map.read_into(offset + 1, &mut buf[..len]);
    Text { buf, len }
}
