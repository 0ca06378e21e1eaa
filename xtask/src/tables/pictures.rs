//! The address-space pictures the lesson READMEs show: for each, the run
//! it is drawn from (a lesson, or an exercise's reference answer), which
//! call's picture, where the SVG file goes and what the README says under
//! it. `cargo xtask pictures` draws them all from native runs; `cargo
//! xtask pictures --check` (run by xtask/tests/pictures.rs) fails when a
//! committed file no longer matches a run, or a README does not show it.

/// Which run a picture comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `cargo xtask lesson N`.
    Lesson(u32),
    /// The reference answer of exercise `N.M`, checked.
    Exercise(&'static str),
}

/// One picture a README shows.
#[derive(Debug)]
pub struct Picture {
    /// The run.
    pub source: Source,
    /// The part it is in: the start of its heading (`2.`), or `""` for
    /// any part.
    pub part: &'static str,
    /// The call's name (`munmap`; `clone` for a forked child's first view).
    pub call: &'static str,
    /// Which of that part's pictures of that call, from 1.
    pub nth: usize,
    /// The file, relative to the lesson's directory.
    pub file: &'static str,
    /// The image's alt text: what the picture shows, in words.
    pub alt: &'static str,
    /// The one-line caption under it in the README.
    pub caption: &'static str,
}

impl Picture {
    /// The lesson whose directory holds the file and whose README shows it.
    pub fn lesson(&self) -> u32 {
        match self.source {
            Source::Lesson(n) => n,
            Source::Exercise(id) => id
                .split('.')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
        }
    }

    /// The Markdown the README shows it with: the image, then its caption.
    pub fn markdown(&self) -> String {
        format!("![{}]({})\n\n*{}*", self.alt, self.file, self.caption)
    }
}

/// Every picture, in lesson order.
pub const PICTURES: [Picture; 7] = [
    Picture {
        source: Source::Lesson(1),
        part: "1.",
        call: "clone",
        nth: 1,
        file: "pictures/fork-child-beside-parent.svg",
        alt: "The address space of the parent and of its forked child, row by row: the same \
              ranges with the same permissions in both, the stack included",
        caption: "Right after fork: the child's address space is a copy of its parent's, every \
                  range at the same address (part 1).",
    },
    Picture {
        source: Source::Lesson(3),
        part: "4.",
        call: "mprotect",
        nth: 2,
        file: "pictures/mprotect-read-exec.svg",
        alt: "One anonymous page whose permissions changed from r--p to r-xp, between the \
              lesson's other mappings",
        caption: "mprotect(PROT_READ | PROT_EXEC) on the page the machine code was written \
                  to: the same range, new permissions (part 4).",
    },
    Picture {
        source: Source::Lesson(4),
        part: "4.",
        call: "mmap",
        nth: 2,
        file: "pictures/map-fixed-over-the-middle.svg",
        alt: "A three-page anonymous mapping split in three: its middle page replaced by a \
              read-only private mapping of the file, the pages on either side still anonymous",
        caption: "MAP_FIXED over the middle page of a three-page mapping: one mapping becomes \
                  three (part 4).",
    },
    Picture {
        source: Source::Lesson(5),
        part: "1.",
        call: "mmap",
        nth: 1,
        file: "pictures/mmap-40-byte-file.svg",
        alt: "A new one-page shared read-only mapping of the 40-byte file, added below the \
              lesson's other mappings",
        caption: "mmap of the 40 bytes of the file: the mapping is a whole page (part 1).",
    },
    Picture {
        source: Source::Lesson(7),
        part: "2.",
        call: "munmap",
        nth: 1,
        file: "pictures/munmap-the-middle-page.svg",
        alt: "Three read-write pages between two guard pages; the middle one removed, the \
              pages on either side left as two mappings of one page each",
        caption: "munmap of the middle page of three: a hole where it was, and two mappings \
                  left of one (part 2).",
    },
    Picture {
        source: Source::Lesson(9),
        part: "1.",
        call: "mmap",
        nth: 1,
        file: "pictures/window-at-an-offset.svg",
        alt: "A new two-page shared read-only mapping of the file, starting at offset 1000 \
              (hexadecimal) in the file",
        caption: "A window onto the file: two pages of it, from offset 0x1000 (part 1).",
    },
    Picture {
        source: Source::Exercise("7.1"),
        part: "",
        call: "mprotect",
        nth: 1,
        file: "pictures/exercise-7.1-guard-page.svg",
        alt: "One no-access mapping split in two by mprotect: a guard page of no access below, \
              the read-write buffer above it",
        caption: "Exercise 7.1's reference answer: mprotect opens up everything above the \
                  first page, which stays a guard page.",
    },
];
