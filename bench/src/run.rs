//! Everything measured for one file size: the memory limit, then the nine
//! methods with the page cache warm, then again cold.

use std::hint::black_box;
use std::path::Path;

use crate::data::{self, Rng};
use crate::measure;
use crate::methods::{self, BLOCK, Method, RunError};
use crate::plan::Plan;
use crate::progress::Progress;
use crate::row::{Cache, Outcome, Row};
use crate::size::Size;
use crate::testfile::{self, TestFile};

/// A file counts as cold when at most this fraction of it is still in the
/// page cache after eviction.
const COLD_ENOUGH: f64 = 0.01;

/// Steps per size, for the progress display: the file, the warm rounds,
/// nine cold rows.
pub const STEPS_PER_SIZE: usize = 2 + methods::ALL.len();

/// The names of the two limit rows, before the nine methods.
const LIMITS: [&str; 2] = ["memory sum (the limit)", "memory copy (memcpy)"];

/// The random methods' pages: which ones, and the checksum of each.
struct RandomPages {
    pages: Vec<u64>,
    sums: Vec<u64>,
}

impl RandomPages {
    /// `count` pages drawn (with repeats) from a file of `size`.
    fn new(size: Size, count: usize) -> RandomPages {
        let in_file = size.bytes() / BLOCK;
        let mut rng = Rng::new(0x5eed ^ size.bytes());
        let pages: Vec<u64> = (0..count).map(|_| rng.below(in_file)).collect();
        let sums = pages
            .iter()
            .map(|&p| data::expected(p * BLOCK, BLOCK))
            .collect();
        RandomPages { pages, sums }
    }

    /// The first `n` pages and their total checksum.
    fn first(&self, n: usize) -> (&[u64], u64) {
        let n = n.min(self.pages.len());
        let sum = self.sums[..n].iter().fold(0u64, |a, &b| a.wrapping_add(b));
        (&self.pages[..n], sum)
    }
}

/// Measures every row for `size`; the test file lives in `files`.
pub fn size(
    plan: &Plan,
    files: &Path,
    size: Size,
    progress: &mut Progress,
) -> Result<Vec<Row>, String> {
    let label = size.label();
    progress.step(&format!("{label}: preparing the test file"));
    let file = testfile::prepare(files, size)?;
    let pages_in_file = (size.bytes() / BLOCK) as usize;
    let random = RandomPages::new(size, pages_in_file.min(plan.warm_random_pages));

    testfile::warm(&file)?;
    let resident = testfile::resident_fraction(&file)?;
    progress.step(&format!("{label} warm"));
    let mut rows = warm(plan, &file, &random, progress);
    for row in &mut rows[LIMITS.len()..] {
        if resident < 0.99 {
            row.note = format!("only {:.0}% was in the page cache", resident * 100.0);
        } else if row.method == Method::MmapHugepage.name() && row.measured().is_some() {
            row.note = methods::hugepage_probe(&file);
        }
    }

    // One eviction first: if the kernel will not empty the cache for this
    // file, say so once instead of nine times.
    let mut buf = vec![0u8; 1 << 20];
    match testfile::evict(&file) {
        Ok(left) if left <= COLD_ENOUGH => {
            for method in methods::ALL {
                progress.step(&format!("{label} cold: {}", method.name()));
                let (pages, expected) =
                    expected_for(method, &file, &random, plan.cold_random_pages);
                let result = measure::cold(
                    plan.cold_reps,
                    expected,
                    || testfile::evict(&file).map_err(RunError::Failed),
                    || method.run(&file, pages, &mut buf),
                    |got| mismatch(got, expected),
                );
                let (result, worst) = match result {
                    Ok((m, worst)) => (Ok(m), worst),
                    Err(e) => (Err(e), 0.0),
                };
                let mut row = row(
                    &file,
                    &method.name(),
                    Cache::Cold,
                    method_bytes(method, &file, pages),
                    result,
                );
                if worst > COLD_ENOUGH {
                    row.note = format!("cold: not achieved ({:.0}% stayed cached)", worst * 100.0);
                }
                rows.push(row);
            }
        }
        other => {
            for _ in methods::ALL {
                progress.step(&format!("{label} cold: skipped"));
            }
            let why = match other {
                Ok(left) => format!(
                    "{:.0}% of the file stayed in the page cache after posix_fadvise(DONTNEED)",
                    left * 100.0
                ),
                Err(e) => e,
            };
            rows.push(Row {
                size,
                method: "(all methods)".into(),
                cache: Cache::Cold,
                bytes: size.bytes(),
                outcome: Outcome::Unavailable(format!("cold: not achieved: {why}")),
                note: String::new(),
            });
        }
    }
    Ok(rows)
}

/// The two limits and the nine methods with the page cache warm, timed
/// in interleaved rounds (see [`measure::interleaved`]).
///
/// The limits: summing the same bytes already in this process's memory
/// (exactly the work every method does once the bytes arrive), and copying
/// them (what read(2) does in the kernel, from page cache to the buffer).
fn warm(plan: &Plan, file: &TestFile, random: &RandomPages, progress: &mut Progress) -> Vec<Row> {
    let len = file.size.bytes() as usize;
    let mut src = vec![0u8; len];
    data::fill(&mut src, 0);
    // Written once so that every page exists before the timing starts
    // (a fresh allocation is only address space; its first touch faults).
    let mut dst = vec![1u8; len];
    let expected = file.checksum;

    let mut names: Vec<String> = LIMITS.iter().map(|s| s.to_string()).collect();
    let mut bytes = vec![file.size.bytes(); LIMITS.len()];
    let mut candidates: Vec<measure::Candidate<'_, RunError>> = Vec::new();
    // black_box: the compiler must not notice that the buffer does not
    // change between runs and compute the sum once.
    candidates.push(measure::Candidate::new(expected, || {
        Ok(data::checksum(black_box(&src)))
    }));
    candidates.push(measure::Candidate::new(expected, || {
        dst.copy_from_slice(black_box(&src));
        black_box(&mut dst);
        Ok(expected)
    }));
    for method in methods::ALL {
        let (pages, expected) = expected_for(method, file, random, plan.warm_random_pages);
        // Each method its own buffer, since all of them live at once.
        let mut buf = vec![0u8; 1 << 20];
        candidates.push(measure::Candidate::new(expected, move || {
            method.run(file, pages, &mut buf)
        }));
        names.push(method.name());
        bytes.push(method_bytes(method, file, pages));
    }
    let label = file.size.label();
    let budget = plan.warm_budget * candidates.len() as u32;
    let results = measure::interleaved(budget, &mut candidates, mismatch, |round, i| {
        progress.show(&format!("{label} warm: round {round}, {}", names[i]));
    });
    drop(candidates);

    let mut rows: Vec<Row> = results
        .into_iter()
        .zip(names.iter().zip(&bytes))
        .enumerate()
        .map(|(i, (result, (name, &bytes)))| {
            let cache = if i < LIMITS.len() {
                Cache::Resident
            } else {
                Cache::Warm
            };
            row(file, name, cache, bytes, result)
        })
        .collect();
    // The copy returned the expected sum without computing it; check the
    // copy itself once, now that the timing is over.
    let copied = data::checksum(&dst);
    if copied != expected && rows[1].measured().is_some() {
        rows[1].outcome = outcome(Err(mismatch(copied, expected)));
    }
    rows
}

/// Bytes a run of `method` delivers: the file, or the random pages.
fn method_bytes(method: Method, file: &TestFile, pages: &[u64]) -> u64 {
    if method.is_random() {
        pages.len() as u64 * BLOCK
    } else {
        file.size.bytes()
    }
}

/// The pages a method reads (none for the sequential ones) and the
/// checksum it must produce.
fn expected_for<'a>(
    method: Method,
    file: &TestFile,
    random: &'a RandomPages,
    cap: usize,
) -> (&'a [u64], u64) {
    if method.is_random() {
        random.first(cap)
    } else {
        (&[], file.checksum)
    }
}

fn row(
    file: &TestFile,
    name: &str,
    cache: Cache,
    bytes: u64,
    result: Result<measure::Measurement, RunError>,
) -> Row {
    Row {
        size: file.size,
        method: name.to_string(),
        cache,
        bytes,
        outcome: outcome(result),
        note: String::new(),
    }
}

fn outcome(result: Result<measure::Measurement, RunError>) -> Outcome {
    match result {
        Ok(m) => Outcome::Measured(m),
        Err(RunError::Unsupported(why)) => {
            Outcome::Unavailable(format!("not supported here ({why})"))
        }
        Err(RunError::Failed(why)) => Outcome::Failed(why),
    }
}

fn mismatch(got: u64, expected: u64) -> RunError {
    RunError::Failed(format!(
        "checksum mismatch: got {got:#018x}, expected {expected:#018x}"
    ))
}
