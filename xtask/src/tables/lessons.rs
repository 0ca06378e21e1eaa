//! The lesson table: the course's fixed numbering, and what each lesson
//! must show to pass.
//!
//! The numbers and slugs never change (they name directories, packages and
//! binaries). Whether a lesson is written yet is not recorded here: it is
//! looked up on disk each time, so a new lesson is picked up as soon as its
//! directory has a Cargo.toml.

use std::path::PathBuf;

use crate::fail::Fail;
use crate::tables::arch::Arch;
use crate::workspace;

/// One lesson of the course.
pub struct Lesson {
    /// Its fixed number, 1-based.
    pub number: u32,
    /// Its short name, as in `lessons/NN-<slug>/`.
    pub slug: &'static str,
    /// The section of the source document it teaches.
    pub source: &'static str,
    /// The fewest claims a passing run must confirm (`[ok]`), counting the
    /// ones it was allowed to leave untried.
    pub min_claims: u32,
    /// Where a `--vm` run may leave claims untried (`[not tried]`), because
    /// that machine's emulated CPU cannot answer them, and how many. A run
    /// anywhere else, or with more untried, fails.
    pub vm_not_tried: &'static [(Arch, u32)],
    /// Text that must appear in a passing run's output.
    pub expected: &'static [&'static str],
}

/// Every lesson, in order, with what a passing run must show.
pub const LESSONS: [Lesson; 9] = [
    Lesson {
        number: 1,
        slug: "address-spaces",
        source: "§2.1 \"메모리 관리와 mmap\"",
        min_claims: 21,
        vm_not_tried: &[],
        expected: &["copy-on-write", "'s': shared", "/dev/zero"],
    },
    Lesson {
        number: 2,
        slug: "why-mmap",
        source: "§2.2 \"mmap의 활용 용도\"",
        min_claims: 7,
        vm_not_tried: &[],
        expected: &["through its own mapping", "checksum"],
    },
    Lesson {
        number: 3,
        slug: "prot-flags",
        source: "§2.3 prot",
        min_claims: 16,
        // qemu-system-loongarch64 loops on an instruction fetch from a page
        // without PROT_EXEC (src/exec.rs says why): part 4's two calls.
        vm_not_tried: &[(Arch::Loongarch64, 2)],
        expected: &["SIGSEGV", "r-xp", "EINVAL"],
    },
    Lesson {
        number: 4,
        slug: "map-flags",
        source: "§2.3 flags",
        min_claims: 18,
        vm_not_tried: &[],
        expected: &["EEXIST", "EOPNOTSUPP", "/dev/zero (deleted)"],
    },
    Lesson {
        number: 5,
        slug: "example-1",
        source: "§3 \"Example 1\"",
        min_claims: 18,
        vm_not_tried: &[],
        expected: &["SIGBUS", "msync"],
    },
    Lesson {
        number: 6,
        slug: "msync",
        source: "§2.3 + §3",
        min_claims: 21,
        vm_not_tried: &[],
        expected: &["MS_ASYNC", "ENOMEM"],
    },
    Lesson {
        number: 7,
        slug: "munmap",
        source: "§2.3 + §3",
        min_claims: 29,
        vm_not_tried: &[],
        expected: &["SIGSEGV", "EINVAL", "IN_CLOSE_WRITE"],
    },
    Lesson {
        number: 8,
        slug: "two-processes",
        source: "§4 \"mmap을 이용한 프로세스간 데이터 공유\"",
        min_claims: 12,
        vm_not_tried: &[],
        expected: &[
            "lost in",
            "exactly 40000 in each",
            "futex handshake worked across two separate mappings",
        ],
    },
    Lesson {
        number: 9,
        slug: "file-window",
        source: "beyond the tutorial: TLPI ch. 49",
        min_claims: 29,
        vm_not_tried: &[],
        expected: &["EACCES", "EFAULT", "/dev/zero (deleted)"],
    },
];

impl Lesson {
    /// `NN-<slug>`, the lesson's directory under `lessons/`.
    pub fn dir_name(&self) -> String {
        format!("{:02}-{}", self.number, self.slug)
    }

    /// The lesson's crate directory.
    pub fn dir(&self) -> PathBuf {
        workspace::root().join("lessons").join(self.dir_name())
    }

    /// Whether the lesson has been written: its crate's manifest exists.
    pub fn exists(&self) -> bool {
        self.dir().join("Cargo.toml").is_file()
    }

    /// The cargo package name, `lesson-NN-<slug>`.
    pub fn package(&self) -> String {
        format!("lesson-{}", self.dir_name())
    }

    /// The binary's name, `lessonNN`.
    pub fn binary(&self) -> String {
        format!("lesson{:02}", self.number)
    }

    /// `lesson NN <slug>`, how reports name it.
    pub fn label(&self) -> String {
        format!("lesson {:02} {}", self.number, self.slug)
    }
}

/// The lessons written so far, in order.
pub fn written() -> impl Iterator<Item = &'static Lesson> {
    LESSONS.iter().filter(|lesson| lesson.exists())
}

/// The written lesson numbered `number`, or why there is none.
pub fn find_written(number: u32) -> Result<&'static Lesson, Fail> {
    let Some(lesson) = LESSONS.iter().find(|lesson| lesson.number == number) else {
        return Err(Fail::bad_input(format!(
            "there is no lesson {number}; lessons are 1..{} (run `cargo xtask lesson` to list them)",
            LESSONS.len()
        )));
    };
    if !lesson.exists() {
        return Err(Fail::bad_input(format!(
            "lesson {number} ({}) is planned, not written yet: lessons/{}/ has no Cargo.toml \
             (run `cargo xtask lesson` to see which lessons exist)",
            lesson.slug,
            lesson.dir_name()
        )));
    }
    Ok(lesson)
}
