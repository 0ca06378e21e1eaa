//! One line of the results: a method, a file size, a cache state, and what
//! was measured (or why nothing was).

use crate::measure::Measurement;
use crate::size::Size;

/// Where the bytes were when a run started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cache {
    /// In a buffer of this process: the memory-bandwidth limit.
    Resident,
    /// In the page cache (the file was read just before).
    Warm,
    /// On the disk (the page cache was emptied before each run).
    Cold,
}

impl Cache {
    /// As printed in the table and the CSV.
    pub fn name(self) -> &'static str {
        match self {
            Cache::Resident => "memory",
            Cache::Warm => "warm",
            Cache::Cold => "cold",
        }
    }
}

/// How a row turned out.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Timed, and every checksum matched.
    Measured(Measurement),
    /// The machine cannot do this (no MADV_HUGEPAGE, no cold cache); said
    /// so in the table instead of a number.
    Unavailable(String),
    /// A call failed or a checksum did not match: the bench is wrong.
    Failed(String),
}

/// One row.
#[derive(Clone, Debug)]
pub struct Row {
    /// The file (or buffer) size.
    pub size: Size,
    /// The method's name.
    pub method: String,
    /// Where the bytes started.
    pub cache: Cache,
    /// Bytes delivered per run (less than the size for the random methods
    /// when they are capped).
    pub bytes: u64,
    /// The result.
    pub outcome: Outcome,
    /// A remark for the reader (e.g. how much became huge pages).
    pub note: String,
}

impl Row {
    /// The measurement, if there is one.
    pub fn measured(&self) -> Option<&Measurement> {
        match &self.outcome {
            Outcome::Measured(m) => Some(m),
            _ => None,
        }
    }

    /// Decimal gigabytes (10^9 bytes) per second, the unit of memory and
    /// disk data sheets.
    pub fn gb_per_s(&self) -> Option<f64> {
        self.measured()
            .map(|m| self.bytes as f64 / m.secs_per_run / 1e9)
    }
}
