//! File sizes, and how to print them.

/// A size in bytes, always a multiple of 4 KiB here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Size(u64);

impl Size {
    /// `n` KiB.
    pub const fn kib(n: u64) -> Size {
        Size(n << 10)
    }

    /// `n` MiB.
    pub const fn mib(n: u64) -> Size {
        Size(n << 20)
    }

    /// `n` GiB.
    pub const fn gib(n: u64) -> Size {
        Size(n << 30)
    }

    /// The number of bytes.
    pub const fn bytes(self) -> u64 {
        self.0
    }

    /// "4 KiB", "64 MiB", "1 GiB".
    pub fn label(self) -> String {
        let (value, unit) = self.unit();
        format!("{value} {unit}")
    }

    /// "4KiB", for file names.
    pub fn label_compact(self) -> String {
        let (value, unit) = self.unit();
        format!("{value}{unit}")
    }

    fn unit(self) -> (u64, &'static str) {
        const UNITS: [(u32, &str); 4] = [(30, "GiB"), (20, "MiB"), (10, "KiB"), (0, "B")];
        for (shift, unit) in UNITS {
            if self.0 >= 1 << shift && self.0.is_multiple_of(1 << shift) {
                return (self.0 >> shift, unit);
            }
        }
        (self.0, "B")
    }
}
