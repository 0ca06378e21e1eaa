//! The plot: GB/s against file size, one line per method, the page cache
//! warm on the left and cold on the right, the memory limits dashed.
//!
//! Written as SVG by hand: a line plot is a few dozen elements, and doing
//! it here needs no plotting crate and no fonts at build time (the viewer
//! draws the text). Both axes are logarithmic: sizes go from 4 KiB to
//! 1 GiB, speeds over three orders of magnitude.

use std::fmt::Write as _;

use crate::row::{Cache, Row};
use crate::size::Size;

const PANEL_W: f64 = 460.0;
const PANEL_H: f64 = 360.0;
const LEFT: f64 = 70.0;
const TOP: f64 = 60.0;
const GAP: f64 = 90.0;
const LEGEND_W: f64 = 230.0;

/// A series: rows whose method name starts with `prefix`, drawn in `color`.
struct Series {
    prefix: &'static str,
    color: &'static str,
    dashed: bool,
}

const SERIES: [Series; 11] = [
    Series {
        prefix: "memory sum",
        color: "#000000",
        dashed: true,
    },
    Series {
        prefix: "memory copy",
        color: "#888888",
        dashed: true,
    },
    Series {
        prefix: "read 4 KiB",
        color: "#9ecae1",
        dashed: false,
    },
    Series {
        prefix: "read 64 KiB",
        color: "#4292c6",
        dashed: false,
    },
    Series {
        prefix: "read 1 MiB",
        color: "#08519c",
        dashed: false,
    },
    Series {
        prefix: "pread random",
        color: "#fd8d3c",
        dashed: false,
    },
    Series {
        prefix: "mmap first-touch",
        color: "#31a354",
        dashed: false,
    },
    Series {
        prefix: "mmap MAP_POPULATE",
        color: "#006d2c",
        dashed: false,
    },
    Series {
        prefix: "mmap MADV_SEQUENTIAL",
        color: "#a1d99b",
        dashed: false,
    },
    Series {
        prefix: "mmap MADV_HUGEPAGE",
        color: "#756bb1",
        dashed: false,
    },
    Series {
        prefix: "mmap random",
        color: "#d62728",
        dashed: false,
    },
];

/// The SVG document for `rows`; `title` goes on top (the machine).
pub fn svg(rows: &[Row], title: &str) -> String {
    let measured: Vec<(Size, f64)> = rows
        .iter()
        .filter_map(|r| r.gb_per_s().map(|g| (r.size, g)))
        .collect();
    let mut sizes: Vec<Size> = measured.iter().map(|&(s, _)| s).collect();
    sizes.sort();
    sizes.dedup();
    let (lo, hi) = measured
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &(_, g)| {
            (lo.min(g), hi.max(g))
        });
    let (Some(&first), Some(&last)) = (sizes.first(), sizes.last()) else {
        return String::from("<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    };
    let axes = Axes {
        x_lo: (first.bytes() as f64).log2(),
        x_hi: (last.bytes() as f64)
            .log2()
            .max((first.bytes() as f64).log2() + 1.0),
        y_lo: lo.log10().floor(),
        y_hi: hi.log10().ceil().max(lo.log10().floor() + 1.0),
    };

    let width = LEFT + 2.0 * PANEL_W + GAP + LEGEND_W;
    let height = TOP + PANEL_H + 70.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="22" font-size="15" font-weight="bold">Reading a file: GB/s by file size (log-log)</text>"#
    );
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="40" fill="#444">{}</text>"##,
        escape(title)
    );
    for (i, (cache, name)) in [
        (Cache::Warm, "page cache warm"),
        (Cache::Cold, "page cache cold"),
    ]
    .into_iter()
    .enumerate()
    {
        let x0 = LEFT + i as f64 * (PANEL_W + GAP);
        panel(&mut out, &axes, x0, &sizes, rows, cache, name);
    }
    legend(&mut out, LEFT + 2.0 * PANEL_W + GAP + 20.0);
    out.push_str("</svg>\n");
    out
}

/// The axis ranges, as log2(bytes) and log10(GB/s).
struct Axes {
    x_lo: f64,
    x_hi: f64,
    y_lo: f64,
    y_hi: f64,
}

impl Axes {
    fn x(&self, x0: f64, size: Size) -> f64 {
        let t = ((size.bytes() as f64).log2() - self.x_lo) / (self.x_hi - self.x_lo);
        x0 + t * PANEL_W
    }

    fn y(&self, gbps: f64) -> f64 {
        let t = (gbps.log10() - self.y_lo) / (self.y_hi - self.y_lo);
        TOP + PANEL_H - t * PANEL_H
    }
}

fn panel(
    out: &mut String,
    axes: &Axes,
    x0: f64,
    sizes: &[Size],
    rows: &[Row],
    cache: Cache,
    name: &str,
) {
    let bottom = TOP + PANEL_H;
    let _ = writeln!(
        out,
        r##"<rect x="{x0}" y="{TOP}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#333"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle" font-weight="bold">{name}</text>"#,
        x0 + PANEL_W / 2.0,
        TOP - 6.0
    );
    // Decades on the speed axis, with faint grid lines.
    let mut decade = axes.y_lo as i32;
    while decade as f64 <= axes.y_hi {
        let gbps = 10f64.powi(decade);
        let y = axes.y(gbps);
        let _ = writeln!(
            out,
            r##"<line x1="{x0}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            x0 + PANEL_W,
            x0 - 6.0,
            y + 4.0,
            trim(gbps)
        );
        decade += 1;
    }
    for &size in sizes {
        let x = axes.x(x0, size);
        let _ = writeln!(
            out,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{bottom}" stroke="#eee"/><text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"##,
            bottom + 16.0,
            size.label()
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">file size</text>"#,
        x0 + PANEL_W / 2.0,
        bottom + 36.0
    );
    let _ = writeln!(
        out,
        r#"<text transform="translate({},{}) rotate(-90)" text-anchor="middle">GB/s</text>"#,
        x0 - 48.0,
        TOP + PANEL_H / 2.0
    );
    for series in &SERIES {
        // The limits are drawn in both panels: they are what the bytes
        // cost once in memory, whatever the cache state of the file.
        let points: Vec<(f64, f64)> = rows
            .iter()
            .filter(|r| r.method.starts_with(series.prefix))
            .filter(|r| r.cache == cache || r.cache == Cache::Resident)
            .filter_map(|r| r.gb_per_s().map(|g| (axes.x(x0, r.size), axes.y(g))))
            .collect();
        if points.is_empty() {
            continue;
        }
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let dash = if series.dashed {
            r#" stroke-dasharray="6,4""#
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{dash}/>"#,
            path.join(" "),
            series.color
        );
        for (x, y) in points {
            let _ = writeln!(
                out,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="{}"/>"#,
                series.color
            );
        }
    }
}

fn legend(out: &mut String, x: f64) {
    for (i, series) in SERIES.iter().enumerate() {
        let y = TOP + 10.0 + i as f64 * 22.0;
        let dash = if series.dashed {
            r#" stroke-dasharray="6,4""#
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r#"<line x1="{x}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="2"{dash}/><text x="{}" y="{}">{}</text>"#,
            x + 24.0,
            series.color,
            x + 30.0,
            y + 4.0,
            series.prefix
        );
    }
}

/// 0.1, 1, 10, 100 without trailing zeros.
fn trim(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
