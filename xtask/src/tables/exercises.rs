//! The exercise table: every exercise of every lesson, with what its
//! untouched answer must fail on and the hint `--hint` prints.
//!
//! An exercise is one file a learner edits, beside its lesson:
//! `lessons/NN-<slug>/exercises/<stem>.rs`, with a reference answer of the
//! same name in `exercises/solutions/`. The lesson's package has a second
//! binary, `exercisesNN` (`src/exercises/main.rs`), whose feature `eM`
//! compiles exercise M's answer in together with the code that checks it;
//! feature `solution` takes the reference answer instead. The check prints
//! claims exactly as a lesson does.

use std::path::PathBuf;

use crate::fail::Fail;
use crate::tables::lessons::{LESSONS, Lesson};

/// One exercise.
pub struct Exercise {
    /// The lesson it belongs to.
    pub lesson: u32,
    /// Its number within the lesson, from 1.
    pub number: u32,
    /// Its file name without `.rs`: `<number>-<words>`.
    pub stem: &'static str,
    /// Text the untouched answer's first `[FAILED]` line contains: the
    /// claim the exercise is about. `--verify` holds the answer to it.
    pub fails_on: &'static str,
    /// What `--hint` prints: where to look, not the answer.
    pub hint: &'static str,
}

/// Every exercise, in lesson order.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        lesson: 1,
        number: 1,
        stem: "1-share-a-page",
        fails_on: "the parent reads the child's stores",
        hint: "fork gives the child the same mappings, but a MAP_PRIVATE page is copied on \
               write, so the child's store lands in a copy the parent never sees. One mmap \
               flag keeps a single copy of each page in both processes after fork, and \
               anonymous memory (fd -1, no file) can have it too. Change the mapping type, not \
               the protection.",
    },
    Exercise {
        lesson: 1,
        number: 2,
        stem: "2-keep-the-file",
        fails_on: "the child's store never reached the file",
        hint: "A MAP_SHARED file mapping is the file's page cache, so every store through it \
               by anyone is a store into the file. The other mapping type still shows the \
               file's pages but gives a writer its own copy of a page at its first store. Keep \
               the file, offset, length and protection, and change one flag.",
    },
    Exercise {
        lesson: 2,
        number: 1,
        stem: "1-map-the-whole-file",
        fails_on: "the mapping's length is the file's size",
        hint: "mmap maps exactly the length it is given and never looks at the file's size. \
               Ask the kernel for the size first (fstat, field st_size) and pass that as the \
               length; st_size is 64 bits and a length is a usize, so convert it with care. \
               The kernel rounds the mapping up to whole pages itself.",
    },
    Exercise {
        lesson: 2,
        number: 2,
        stem: "2-sum-an-empty-file",
        fails_on: "checksum of the empty file returns Ok(0)",
        hint: "mmap refuses a length of 0 with EINVAL: an empty file has nothing to map. Look \
               at fstat's st_size before calling mmap and answer an empty file without a \
               mapping. (Turning mmap's EINVAL into 0 also passes the check, but EINVAL has \
               other causes, which it would hide.) Keep reading through the Mapping, and let \
               it drop (munmap) before you return.",
    },
    Exercise {
        lesson: 3,
        number: 1,
        stem: "1-seal-read-only",
        fails_on: "lists the sealed pages as",
        hint: "The rights live in the page-table entries, and mprotect(2) changes them in \
               place; mapping again would put fresh zero pages where your data was. \
               `Mapping::protect` calls it over the mapping's own address and length, which \
               the kernel rounds up to whole pages. Decide which of PROT_READ, PROT_WRITE and \
               PROT_EXEC the pages should keep.",
    },
    Exercise {
        lesson: 3,
        number: 2,
        stem: "2-run-the-code",
        fails_on: "lists the code's page as",
        hint: "Reading and executing are separate rights: a page without PROT_EXEC stays \
               \"execute never\" however readable it is. A single mprotect(2) call \
               (`Mapping::protect` with a combination of `Prot` flags) can add one right and \
               drop another at once, so the page is never writable and executable at the same \
               moment.",
    },
    Exercise {
        lesson: 4,
        number: 1,
        stem: "1-place-without-clobbering",
        fails_on: "over a mapped page, place_at fails with EEXIST",
        hint: "MAP_FIXED unmaps whatever is in the range first; Linux 4.17 added a flag that \
               places exactly but fails with EEXIST instead (lesson 04, part 5). \
               `Mapping::new` refuses fixed placement, so call `mman::mmap` with the address \
               and wrap the result with `Mapping::from_raw`. Kernels that do not know the flag \
               treat the address as a hint, so compare the address you get back with the one \
               you asked for.",
    },
    Exercise {
        lesson: 4,
        number: 2,
        stem: "2-refuse-unknown-flags",
        fails_on: "a flag bit the kernel does not know",
        hint: "The mapping type in the low bits of flags is a number, and one value shares \
               exactly like MAP_SHARED but makes the kernel check every other bit (lesson 04, \
               part 7). Pass `extra` straight through with `MapFlags::from_bits_retain` and \
               return the kernel's answer; do not filter the bits yourself, since only the \
               kernel knows what the file supports.",
    },
    Exercise {
        lesson: 5,
        number: 1,
        stem: "1-size-the-file",
        fails_on: "without SIGBUS",
        hint: "mmap never changes a file's size, and a new file has none. Ask the kernel how \
               long the file is (fstat) and, only if it is shorter than the mapping, make it \
               longer (ftruncate extends a file with zero bytes) before you call mmap.",
    },
    Exercise {
        lesson: 5,
        number: 2,
        stem: "2-choose-the-mode",
        fails_on: "mode & 07777",
        hint: "With O_CREAT the third argument of open is the new file's mode, and the kernel \
               keeps its low twelve bits (setuid, setgid, sticky and the nine permission bits), \
               minus the umask. Pass the mode the task asks for, written in octal.",
    },
    Exercise {
        lesson: 6,
        number: 1,
        stem: "1-flush-one-record",
        fails_on: "straddling a page boundary",
        hint: "msync wants a page-aligned address, but the kernel rounds the length up to \
               whole pages itself. Round the record's offset down to the start of its page \
               (mman::page::align_down with rt::page_size()), and make the length reach from \
               there to the record's last byte. That covers every page the record touches and \
               no more; a record that ends exactly on a page boundary does not touch the next \
               page.",
    },
    Exercise {
        lesson: 6,
        number: 2,
        stem: "2-make-it-durable",
        fails_on: "covered every page of the mapping",
        hint: "Only MS_SYNC makes msync write the dirty pages to the file and wait for it; \
               MS_ASYNC returns at once and on Linux writes nothing. Call it over the whole \
               mapping, from its start and with its own length (Mapping has a method for \
               that). The kernel rounds the length up, so the partly used last page is \
               included.",
    },
    Exercise {
        lesson: 7,
        number: 1,
        stem: "1-guard-the-buffer",
        fails_on: "the guard, is listed ---p",
        hint: "Map guard and buffer together in one call, so nothing can come between them, \
               with no access at all (Prot::NONE). Then give everything above the first page \
               read and write access with mprotect. mprotect works on a range, so the one \
               mapping becomes two lines in /proc/self/maps.",
    },
    Exercise {
        lesson: 7,
        number: 2,
        stem: "2-close-the-descriptor",
        fails_on: "left no descriptor open",
        hint: "mmap takes its own reference to the open file, so the descriptor can be closed \
               as soon as mmap returns, and must be closed even when mmap fails. unistd::Fd \
               closes itself when dropped: do not give its number away with into_raw; let it \
               drop after the mmap call, whatever mmap answered.",
    },
    Exercise {
        lesson: 8,
        number: 1,
        stem: "1-wait-for-the-value",
        fails_on: "returned only once the word held 2",
        hint: "A return from futex_wait only means \"look again\": the word may hold anything, \
               even the value it held before. Load the word in a loop and return once it holds \
               `value`; until then call futex_wait with the value you just loaded (not the one \
               you want), so that a change made between your load and the call returns EAGAIN \
               at once instead of being missed. Treat Ok, EAGAIN and EINTR all as \"look \
               again\".",
    },
    Exercise {
        lesson: 8,
        number: 2,
        stem: "2-wake-the-waiter",
        fails_on: "woke and read the message",
        hint: "A sleeping waiter does not notice a store to its word: the kernel looks at the \
               word only inside futex calls. After the Release store of the length, call \
               futex_wake on the same ready word (a shared futex, no FUTEX_PRIVATE_FLAG), and \
               do it after the store, never before: a waiter woken too early finds 0 and goes \
               back to sleep for good.",
    },
    Exercise {
        lesson: 9,
        number: 1,
        stem: "1-map-a-window",
        fails_on: "an unaligned offset inside page 1",
        hint: "mmap only takes offsets that are multiples of the page size. Round `offset` \
               down to the page boundary at or below it, map from there, and make the mapping \
               longer by the bytes the rounding added in front; those same bytes are the index \
               to return.",
    },
    Exercise {
        lesson: 9,
        number: 2,
        stem: "2-mmap2-offset",
        fails_on: "the kernel maps the page at byte",
        hint: "mmap2 counts its offset in units of 4096 bytes, not in bytes, and not in pages \
               (they differ on a kernel with 16 or 64 KiB pages). Divide; an offset that leaves \
               a remainder cannot be expressed, and neither can a number of units that does \
               not fit in a usize.",
    },
];

impl Exercise {
    /// `N.M`, how the command line and reports name it.
    pub fn id(&self) -> String {
        format!("{}.{}", self.lesson, self.number)
    }

    /// The lesson it belongs to.
    pub fn lesson(&self) -> &'static Lesson {
        LESSONS
            .iter()
            .find(|lesson| lesson.number == self.lesson)
            .expect("every exercise names a lesson in the lesson table")
    }

    /// The file a learner edits.
    pub fn file(&self) -> PathBuf {
        self.lesson()
            .dir()
            .join("exercises")
            .join(format!("{}.rs", self.stem))
    }

    /// The reference answer.
    pub fn solution_file(&self) -> PathBuf {
        self.lesson()
            .dir()
            .join("exercises")
            .join("solutions")
            .join(format!("{}.rs", self.stem))
    }

    /// The feature of the lesson's package that compiles this exercise in.
    pub fn feature(&self) -> String {
        format!("e{}", self.number)
    }

    /// The binary that checks the lesson's exercises.
    pub fn checker(&self) -> String {
        format!("exercises{:02}", self.lesson)
    }

    /// What it asks, in a few words: the first line of its file,
    /// `//! Exercise N.M: <title>.`, which is the one place the title is
    /// written (the check prints the same line, through `rt::exercises!`).
    pub fn title(&self) -> Result<String, Fail> {
        let path = self.file();
        let text = std::fs::read_to_string(&path)
            .map_err(|error| Fail::setup(format!("could not read {}: {error}", path.display())))?;
        title_in(&text, &self.id()).ok_or_else(|| {
            Fail::setup(format!(
                "{}: its first line should be `//! Exercise {}: <what it asks>.`; it is `{}`",
                path.display(),
                self.id(),
                text.lines().next().unwrap_or("")
            ))
        })
    }

    /// The exercise after this one, if any.
    pub fn next(&self) -> Option<&'static Exercise> {
        let at = EXERCISES.iter().position(|other| other.id() == self.id())?;
        EXERCISES.get(at + 1)
    }
}

/// The exercise `id` names (`5.1`, or `05.1`), or why there is none.
pub fn find(id: &str) -> Result<&'static Exercise, Fail> {
    let unknown = || {
        Fail::bad_input(format!(
            "there is no exercise {id}; exercises are named N.M (lesson, number): run `cargo \
             xtask exercise` to list them"
        ))
    };
    let (lesson, number) = id.split_once('.').ok_or_else(unknown)?;
    let lesson: u32 = lesson.parse().map_err(|_| unknown())?;
    let number: u32 = number.parse().map_err(|_| unknown())?;
    EXERCISES
        .iter()
        .find(|exercise| exercise.lesson == lesson && exercise.number == number)
        .ok_or_else(unknown)
}

/// The title in an exercise file's text: its first line, if that is
/// `//! Exercise <id>: <title>.`.
fn title_in(text: &str, id: &str) -> Option<String> {
    let line = text.lines().next()?;
    let title = line
        .strip_prefix(&format!("//! Exercise {id}: "))?
        .strip_suffix('.')?;
    (!title.trim().is_empty()).then(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::title_in;

    #[test]
    fn the_title_is_the_first_line_of_the_file() {
        let text = "//! Exercise 2.1: map the whole file.\n//!\n//! More.\n";
        assert_eq!(title_in(text, "2.1").as_deref(), Some("map the whole file"));
    }

    #[test]
    fn a_first_line_of_another_shape_has_no_title() {
        let text = "//! Exercise 2.1: map the whole file.\n";
        assert_eq!(title_in(text, "2.2"), None, "another exercise's number");
        assert_eq!(title_in("//! Exercise 2.1: no full stop\n", "2.1"), None);
        assert_eq!(title_in("//! Exercise 2.1: .\n", "2.1"), None);
        assert_eq!(title_in("use mman::Mapping;\n", "2.1"), None);
        assert_eq!(title_in("", "2.1"), None);
    }
}
