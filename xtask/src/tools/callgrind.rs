//! Counting instructions with valgrind's callgrind.
//!
//! Callgrind runs the program on a simulated CPU and counts every
//! user-space instruction it executes ("Ir", instructions read). The count
//! does not depend on timing, load or the hypervisor, so it is the one
//! number about our wrappers that reproduces exactly on another machine
//! with the same compiler. It cannot see inside the kernel, which suits a
//! comparison of wrappers: the kernel does the same work for all of them.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::fail::Fail;

/// The instructions executed inside the function `function` (and what it
/// calls) when `binary` runs with `args`: callgrind's
/// `--toggle-collect=FUNCTION` switches counting on at the function's
/// entry and off at its exit, so start-up and printing are not counted.
/// The raw profile is kept at `out` for anyone who wants to look
/// (`callgrind_annotate FILE`).
pub fn instructions_in(
    binary: &Path,
    args: &[String],
    function: &str,
    out: &Path,
) -> Result<u64, Fail> {
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(format!("--toggle-collect={function}"))
        .arg(binary)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| Fail::could_not("start", "valgrind", error))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().last().unwrap_or("").trim().to_string();
        return Err(Fail::command_failed(
            format!(
                "valgrind --tool=callgrind {} {}",
                binary.display(),
                args.join(" ")
            ),
            output.status,
            &format!(": {last}"),
        ));
    }
    let text = std::fs::read_to_string(out)
        .map_err(|error| Fail::could_not("read", out.display(), error))?;
    parse_total(&text).ok_or_else(|| {
        Fail::setup(format!(
            "no `totals:` or `summary:` line in {}",
            out.display()
        ))
    })
}

/// The first event count (Ir) of the profile's `totals:` line, or of its
/// `summary:` line (older callgrind versions write only one of them).
fn parse_total(text: &str) -> Option<u64> {
    ["totals:", "summary:"].iter().find_map(|key| {
        text.lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|count| count.parse().ok())
    })
}

#[cfg(test)]
mod tests {
    use super::parse_total;

    #[test]
    fn reads_the_totals_line() {
        let profile = "events: Ir\nfn=(1) main\n3 7\nsummary: 166023\ntotals: 166023\n";
        assert_eq!(parse_total(profile), Some(166_023));
        assert_eq!(parse_total("summary: 42\n"), Some(42));
        assert_eq!(parse_total("events: Ir\n"), None);
    }
}
