//! Sizes as a reader wants them: mappings in pages, holes in pages when
//! that is a small number, otherwise in KiB, MiB, GiB or TiB.

/// `len` in pages of `page` bytes: a whole number, or two decimals where
/// the length is not a multiple (which no kernel's maps line has).
pub fn pages(len: u64, page: u64) -> String {
    if len.is_multiple_of(page) {
        (len / page).to_string()
    } else {
        format!("{:.2}", len as f64 / page as f64)
    }
}

/// `len` in binary units: `4 KiB`, `1.5 MiB`, `125.9 TiB`.
pub fn bytes(len: u64) -> String {
    const UNITS: [&str; 7] = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut unit = 0;
    let mut value = len as f64;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A hole's size: `1 page (4 KiB)` when under 10,000 pages, else bytes.
pub fn hole_size(len: u64, page: u64) -> String {
    if len.is_multiple_of(page) && len / page < 10_000 {
        let n = len / page;
        format!("{n} page{} ({})", if n == 1 { "" } else { "s" }, bytes(len))
    } else {
        bytes(len)
    }
}
