//! The results as a terminal table and as CSV.
//!
//! Every row's speed is also given as a ratio to the two limits measured
//! for the same size: `x sum` against summing the bytes where they already
//! sit in memory (the same work every method ends with, so 1.00 means "the
//! file cost nothing to get"), `x copy` against memcpy of them (the work
//! read(2) does inside the kernel).

use std::fmt::Write as _;

use crate::row::{Cache, Outcome, Row};
use crate::size::Size;

/// The GB/s of the two limit rows for `size`: (sum, copy).
fn limits(rows: &[Row], size: Size) -> (Option<f64>, Option<f64>) {
    let find = |prefix: &str| {
        rows.iter()
            .find(|r| r.size == size && r.cache == Cache::Resident && r.method.starts_with(prefix))
            .and_then(Row::gb_per_s)
    };
    (find("memory sum"), find("memory copy"))
}

/// "812 ns", "4.21 µs", "38.0 ms", "1.20 s".
fn duration(secs: f64) -> String {
    let (value, unit) = match secs {
        s if s < 1e-6 => (s * 1e9, "ns"),
        s if s < 1e-3 => (s * 1e6, "µs"),
        s if s < 1.0 => (s * 1e3, "ms"),
        s => (s, "s"),
    };
    if value < 10.0 {
        format!("{value:.2} {unit}")
    } else if value < 100.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// Faults per run: whole numbers from 10 up, one decimal below.
fn faults(n: f64) -> String {
    if n == 0.0 {
        "0".into()
    } else if n >= 10.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    }
}

/// The table for one size's rows.
pub fn table(rows: &[Row]) -> String {
    let Some(first) = rows.first() else {
        return String::new();
    };
    let (sum, copy) = limits(rows, first.size);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<26} {:<6} {:>8} {:>6} {:>6} {:>10} {:>10} {:>8}  note",
        format!("file size {}", first.size.label()),
        "cache",
        "GB/s",
        "x sum",
        "x copy",
        "time/run",
        "minflt/run",
        "majflt",
    );
    for row in rows {
        let _ = write!(out, "  {:<24} {:<6} ", row.method, row.cache.name());
        match (&row.outcome, row.gb_per_s()) {
            (Outcome::Measured(m), Some(gbps)) => {
                let ratio =
                    |limit: Option<f64>| limit.map_or("-".into(), |l| format!("{:.2}", gbps / l));
                let _ = write!(
                    out,
                    "{:>8.2} {:>6} {:>6} {:>10} {:>10} {:>8}",
                    gbps,
                    ratio(sum),
                    ratio(copy),
                    duration(m.secs_per_run),
                    faults(m.minor_faults),
                    faults(m.major_faults),
                );
                if !row.note.is_empty() {
                    let _ = write!(out, "  {}", row.note);
                }
            }
            (Outcome::Unavailable(why), _) => {
                let _ = write!(out, "{:>8}  {why}", "-");
            }
            _ => {
                let _ = write!(out, "{:>8}  FAILED: {}", "-", failed_reason(row));
            }
        }
        out.push('\n');
    }
    out
}

fn failed_reason(row: &Row) -> String {
    match &row.outcome {
        Outcome::Failed(why) => why.clone(),
        _ => "no measurement".into(),
    }
}

/// All rows as CSV, one header line. Unmeasured rows have empty numbers
/// and the reason in `note`.
pub fn csv(rows: &[Row]) -> String {
    let mut out = String::from(
        "size_bytes,size,method,cache,bytes_per_run,runs,secs_per_run,gb_per_s,\
         ratio_to_sum,ratio_to_copy,minor_faults_per_run,major_faults_per_run,status,note\n",
    );
    for row in rows {
        let (sum, copy) = limits(rows, row.size);
        let mut fields = vec![
            row.size.bytes().to_string(),
            row.size.label(),
            row.method.clone(),
            row.cache.name().into(),
            row.bytes.to_string(),
        ];
        let (status, note) = match (&row.outcome, row.gb_per_s()) {
            (Outcome::Measured(m), Some(gbps)) => {
                let ratio =
                    |l: Option<f64>| l.map_or(String::new(), |l| format!("{:.4}", gbps / l));
                fields.extend([
                    m.runs.to_string(),
                    format!("{:.9}", m.secs_per_run),
                    format!("{gbps:.4}"),
                    ratio(sum),
                    ratio(copy),
                    format!("{:.2}", m.minor_faults),
                    format!("{:.2}", m.major_faults),
                ]);
                ("ok", row.note.clone())
            }
            (Outcome::Unavailable(why), _) => {
                fields.extend(std::iter::repeat_n(String::new(), 7));
                ("unavailable", why.clone())
            }
            _ => {
                fields.extend(std::iter::repeat_n(String::new(), 7));
                ("failed", failed_reason(row))
            }
        };
        fields.push(status.into());
        fields.push(note);
        let quoted: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    }
    out
}

/// RFC 4180 quoting, only where needed.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
