//! What a run measures: `--quick` (under a minute) or the full set.

use std::time::Duration;

use crate::size::Size;

/// The sizes and repetitions of one bench run.
pub struct Plan {
    /// "quick" or "full": names the output files.
    pub name: &'static str,
    /// The file sizes, smallest first.
    pub sizes: Vec<Size>,
    /// Time spent repeating each warm row.
    pub warm_budget: Duration,
    /// Runs per cold row (each needs the cache emptied first).
    pub cold_reps: usize,
    /// At most this many random pages per warm run; a run reads as many
    /// pages as the file has, up to this.
    pub warm_random_pages: usize,
    /// The same for cold runs, where each page may be a disk read.
    pub cold_random_pages: usize,
}

impl Plan {
    /// Three sizes, short budgets: the shape of the results in under a
    /// minute.
    pub fn quick() -> Plan {
        Plan {
            name: "quick",
            sizes: vec![Size::kib(4), Size::mib(1), Size::mib(64)],
            warm_budget: Duration::from_millis(200),
            cold_reps: 2,
            warm_random_pages: 1 << 18,
            cold_random_pages: 4096,
        }
    }

    /// 4 KiB to 1 GiB in steps of 16, repeated long enough to be stable.
    pub fn full() -> Plan {
        Plan {
            name: "full",
            sizes: vec![
                Size::kib(4),
                Size::kib(64),
                Size::mib(1),
                Size::mib(16),
                Size::mib(256),
                Size::gib(1),
            ],
            warm_budget: Duration::from_millis(1000),
            cold_reps: 3,
            warm_random_pages: 1 << 18,
            cold_random_pages: 8192,
        }
    }
}
