//! Timing a run: how often to repeat it, and what to report.
//!
//! A 4 KiB file is read in a few microseconds and a 1 GiB file in a good
//! fraction of a second, so the number of repetitions follows the run's
//! length: runs are grouped into samples of at least a millisecond (so the
//! clock's own cost and resolution do not matter), samples are taken until
//! the time budget is spent, and the fastest sample is reported. Not the
//! mean or the median: on a shared machine (two cores, a hypervisor, other
//! builds running) interference only ever adds time, and it came and went
//! by a factor of two within minutes while this was written; the fastest
//! sample is the one least disturbed, which keeps runs comparable and the
//! ratios between rows stable. Cold rows take few samples (each needs the
//! cache emptied), so their numbers are rougher.

use std::time::{Duration, Instant};

use crate::sys;

/// What one row of the table reports about its runs.
#[derive(Clone, Copy, Debug)]
pub struct Measurement {
    /// Seconds per run in the fastest sample.
    pub secs_per_run: f64,
    /// How many runs were timed.
    pub runs: u64,
    /// Minor page faults per run (getrusage).
    pub minor_faults: f64,
    /// Major page faults per run.
    pub major_faults: f64,
}

/// The shortest sample worth timing.
const MIN_SAMPLE: Duration = Duration::from_millis(1);
/// At least this many samples of each, however long the runs.
const MIN_ROUNDS: usize = 3;

/// Something to time: a run returning a checksum, and the checksum it must
/// return (compared after every run).
pub struct Candidate<'a, E> {
    run: Box<dyn FnMut() -> Result<u64, E> + 'a>,
    expected: u64,
}

impl<'a, E> Candidate<'a, E> {
    /// `run` must return `expected` every time.
    pub fn new(expected: u64, run: impl FnMut() -> Result<u64, E> + 'a) -> Self {
        Candidate {
            run: Box::new(run),
            expected,
        }
    }
}

/// Per-candidate bookkeeping during [`interleaved`].
struct State<E> {
    per_sample: u64,
    samples: Vec<f64>,
    minor: u64,
    major: u64,
    error: Option<E>,
}

/// Times every candidate for about `budget` in all, in rounds: one sample
/// of each, then the next round. Interleaving is what makes the ratios
/// between rows trustworthy on a shared machine: a slow minute slows every
/// candidate's samples alike, instead of whichever row happened to run
/// then. Each candidate first runs once untimed, which checks its result
/// and lets one-time costs (first page-cache lookups, lazy allocation)
/// happen outside the timing. `show` is told each candidate as it starts.
pub fn interleaved<E>(
    budget: Duration,
    candidates: &mut [Candidate<'_, E>],
    mismatch: impl Fn(u64, u64) -> E,
    mut show: impl FnMut(usize, usize),
) -> Vec<Result<Measurement, E>> {
    let mut states: Vec<State<E>> = candidates
        .iter_mut()
        .map(|c| {
            let start = Instant::now();
            let first = match (c.run)() {
                Ok(sum) if sum == c.expected => None,
                Ok(sum) => Some(mismatch(sum, c.expected)),
                Err(e) => Some(e),
            };
            let took = start.elapsed().max(Duration::from_nanos(1));
            State {
                per_sample: (MIN_SAMPLE.as_nanos() / took.as_nanos()).clamp(1, 1_000_000) as u64,
                samples: Vec::new(),
                minor: 0,
                major: 0,
                error: first,
            }
        })
        .collect();

    let begun = Instant::now();
    let mut round = 0;
    while round < MIN_ROUNDS || begun.elapsed() < budget {
        round += 1;
        for (i, (c, state)) in candidates.iter_mut().zip(&mut states).enumerate() {
            if state.error.is_some() {
                continue;
            }
            show(round, i);
            let before = sys::faults();
            let t = Instant::now();
            for _ in 0..state.per_sample {
                match (c.run)() {
                    Ok(sum) if sum == c.expected => {}
                    Ok(sum) => state.error = Some(mismatch(sum, c.expected)),
                    Err(e) => state.error = Some(e),
                }
            }
            state
                .samples
                .push(t.elapsed().as_secs_f64() / state.per_sample as f64);
            let after = sys::faults();
            state.minor += after.minor - before.minor;
            state.major += after.major - before.major;
        }
    }
    states
        .into_iter()
        .map(|state| match state.error {
            Some(e) => Err(e),
            None => {
                let runs = state.samples.len() as u64 * state.per_sample;
                Ok(Measurement {
                    secs_per_run: fastest(&state.samples),
                    runs,
                    minor_faults: state.minor as f64 / runs as f64,
                    major_faults: state.major as f64 / runs as f64,
                })
            }
        })
        .collect()
}

/// Times `reps` single runs, each after `evict` has dropped the file from
/// the page cache (that is not timed). `evict` returns the fraction of the
/// file still resident; the worst one is returned beside the measurement,
/// for the caller to judge.
pub fn cold<E>(
    reps: usize,
    expected: u64,
    mut evict: impl FnMut() -> Result<f64, E>,
    mut run: impl FnMut() -> Result<u64, E>,
    mismatch: impl Fn(u64) -> E,
) -> Result<(Measurement, f64), E> {
    let mut samples = Vec::new();
    let (mut minor, mut major, mut worst) = (0, 0, 0f64);
    for _ in 0..reps.max(1) {
        worst = worst.max(evict()?);
        let before = sys::faults();
        let t = Instant::now();
        let sum = run()?;
        samples.push(t.elapsed().as_secs_f64());
        let after = sys::faults();
        if sum != expected {
            return Err(mismatch(sum));
        }
        minor += after.minor - before.minor;
        major += after.major - before.major;
    }
    let runs = samples.len() as u64;
    let measurement = Measurement {
        secs_per_run: fastest(&samples),
        runs,
        minor_faults: minor as f64 / runs as f64,
        major_faults: major as f64 / runs as f64,
    };
    Ok((measurement, worst))
}

fn fastest(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::INFINITY, f64::min)
}
