//! Model-based random testing of a MAP_SHARED file mapping.
//!
//! The model is a `Vec<u8>`: the file's contents. Random steps write through
//! the mapping, write with pwrite(2), msync and ftruncate; after each step
//! the file read back with pread(2), its size from fstat, and the bytes seen
//! through the mapping must all equal the model. A failing sequence is
//! shrunk and printed as a test to paste at the end of this file.
//!
//! What the model encodes is the page cache: on Linux the mapping and
//! read/write(2) see the same pages, so no msync is needed for either to see
//! the other's writes (msync only schedules or waits for disk writes). Past
//! the end of file, the rest of the last page reads as zeros; a page wholly
//! past it would raise SIGBUS, so the steps never touch one.
//!
//! `MMAP_MODEL_CASES` sets the number of sequences (default 1000, or 300
//! under QEMU, where one takes about 60 ms).

use mman::{MapFlags, Mapping, MsyncFlags, Prot};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::fmt;
use tests::{Scratch, page_size};

/// The mapping covers this many pages of the file.
const MAP_PAGES: usize = 3;

/// One step. Offsets are in bytes; `at` and `len` of a write through the
/// mapping are cut to the file's current size (the model does the same).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    /// Store `len` bytes of value `byte` through the mapping.
    MapWrite { at: usize, len: usize, byte: u8 },
    /// pwrite(2) `len` bytes of `byte` at `at` (may extend the file).
    FileWrite { at: usize, len: usize, byte: u8 },
    /// msync(2) of the whole mapping.
    Msync { flags: How },
    /// ftruncate(2) to `len` bytes.
    Truncate { len: usize },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    Sync,
    Async,
    SyncInvalidate,
}

/// Printed with its type, as the pasted code needs it.
impl fmt::Debug for How {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            How::Sync => "Sync",
            How::Async => "Async",
            How::SyncInvalidate => "SyncInvalidate",
        };
        write!(f, "How::{name}")
    }
}

impl How {
    fn flags(self) -> MsyncFlags {
        match self {
            How::Sync => MsyncFlags::SYNC,
            How::Async => MsyncFlags::ASYNC,
            How::SyncInvalidate => MsyncFlags::SYNC | MsyncFlags::INVALIDATE,
        }
    }
}

/// A sequence; its Debug output is a test to paste below.
#[derive(Clone)]
struct Ops(Vec<Op>);

impl fmt::Debug for Ops {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "\n#[test]\nfn regression() {{\n    run_sequence(&[")?;
        for op in &self.0 {
            writeln!(f, "        Op::{op:?},")?;
        }
        write!(f, "    ]);\n}}")
    }
}

/// Offsets up to a little past the mapping, so that the file sometimes
/// grows beyond what is mapped.
fn offset() -> impl Strategy<Value = usize> {
    let limit = MAP_PAGES * page_size() + 64;
    0..limit
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (offset(), 1..64usize, any::<u8>()).prop_map(|(at, len, byte)| Op::MapWrite { at, len, byte }),
        3 => (offset(), 1..64usize, any::<u8>()).prop_map(|(at, len, byte)| Op::FileWrite { at, len, byte }),
        1 => prop_oneof![Just(How::Sync), Just(How::Async), Just(How::SyncInvalidate)]
            .prop_map(|flags| Op::Msync { flags }),
        2 => offset().prop_map(|len| Op::Truncate { len }),
    ]
}

/// The part of a mapping write that lands inside the file: `None` if none
/// does (the model skips it; a store there could raise SIGBUS).
fn inside_file(at: usize, len: usize, size: usize, mapped: usize) -> Option<(usize, usize)> {
    let end = (at + len).min(size).min(mapped);
    (at < end).then_some((at, end))
}

/// Runs `ops` against a fresh empty file and its mapping.
fn run_checked(ops: &[Op]) -> Result<(), String> {
    let page = page_size();
    let mapped = MAP_PAGES * page;
    let dir = Scratch::new("model-file");
    let path = dir.file_with("f", b"");
    let fd = unistd::open(&path, linux_raw_sys::general::O_RDWR, 0).map_err(|e| e.to_string())?;
    let rw = Prot::READ | Prot::WRITE;
    let map = Mapping::new(mapped, rw, MapFlags::SHARED, fd.raw(), 0).map_err(|e| e.to_string())?;
    let mut model: Vec<u8> = Vec::new();
    for (step, &op) in ops.iter().enumerate() {
        let fail = |what: String| format!("step {step} ({op:?}): {what}");
        match op {
            Op::MapWrite { at, len, byte } => {
                if let Some((start, end)) = inside_file(at, len, model.len(), mapped) {
                    for i in start..end {
                        map.write(i, byte);
                    }
                    model[start..end].fill(byte);
                }
            }
            Op::FileWrite { at, len, byte } => {
                let bytes = vec![byte; len];
                let n = unistd::pwrite(&fd, &bytes, at as u64).map_err(|e| fail(e.to_string()))?;
                if n != len {
                    return Err(fail(format!("pwrite wrote {n} of {len} bytes")));
                }
                if model.len() < at + len {
                    model.resize(at + len, 0);
                }
                model[at..at + len].fill(byte);
            }
            Op::Msync { flags } => map.msync(flags.flags()).map_err(|e| fail(e.to_string()))?,
            Op::Truncate { len } => {
                unistd::ftruncate(&fd, len as u64).map_err(|e| fail(e.to_string()))?;
                model.resize(len, 0);
            }
        }
        let size = unistd::fstat(&fd).map_err(|e| fail(e.to_string()))?.st_size as usize;
        if size != model.len() {
            return Err(fail(format!(
                "fstat says {size} bytes, model {}",
                model.len()
            )));
        }
        let mut file = vec![0u8; size];
        let n = unistd::pread(&fd, &mut file, 0).map_err(|e| fail(e.to_string()))?;
        if n != size || file != model {
            let at = file.iter().zip(&model).position(|(a, b)| a != b);
            return Err(fail(format!(
                "read(2) differs from the model at byte {at:?}"
            )));
        }
        // Through the mapping: the file's bytes, then zeros to the end of
        // the last page the file touches.
        let visible = size.div_ceil(page).saturating_mul(page).min(mapped);
        for i in 0..visible {
            let want = model.get(i).copied().unwrap_or(0);
            let got = map.read(i);
            if got != want {
                return Err(fail(format!("mapping byte {i} is {got}, model {want}")));
            }
        }
    }
    Ok(())
}

/// For regression tests: runs `ops` and panics with the disagreement.
fn run_sequence(ops: &[Op]) {
    if let Err(why) = run_checked(ops) {
        panic!("{why}");
    }
}

#[test]
fn random_file_steps_agree_with_the_model() {
    let config = Config {
        cases: tests::model_cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let strategy = proptest::collection::vec(op(), 1..=16).prop_map(Ops);
    let result = runner.run(&strategy, |Ops(ops)| {
        run_checked(&ops).map_err(TestCaseError::fail)
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

// ---- Regression tests, in the printed form ----

/// Shrinking, then growing again: the bytes cut off come back as zeros,
/// through read(2) and through the mapping.
#[test]
fn regression_truncate_down_then_up_reads_zeros() {
    run_sequence(&[
        Op::FileWrite {
            at: 0,
            len: 40,
            byte: 7,
        },
        Op::MapWrite {
            at: 10,
            len: 20,
            byte: 9,
        },
        Op::Truncate { len: 12 },
        Op::Truncate { len: 40 },
        Op::Msync { flags: How::Sync },
    ]);
}
