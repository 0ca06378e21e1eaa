//! The model: what the kernel should do to the window, page by page.
//!
//! Each page is a hole or a mapping with a protection, a tag (the number
//! written into it when it was mapped; 0 for zero-filled pages) and a
//! "vma" number. The kernel keeps mappings as VMAs, which it splits and
//! merges by rules the model does not try to copy (merging depends on
//! anon_vma sharing and page offsets). The vma number is only a safe
//! under-approximation: pages that share it were made by one operation and
//! untouched since, so they certainly lie in one kernel VMA. mremap needs its
//! source in one VMA (EFAULT otherwise); a move whose source the model cannot
//! vouch for is skipped, never guessed.

use crate::ops::{Op, P, WINDOW};
use mman::Errno;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Page {
    Hole,
    Mapped { prot: P, vma: u32, tag: u32 },
}

/// What a step should return.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Expect {
    Ok,
    Err(Errno),
    /// Not run: the model cannot predict it (see the module comment).
    Skip,
}

pub struct Model {
    pub pages: [Page; WINDOW],
    next_vma: u32,
    /// mprotect over a range with a hole: a kernel changes the pages up to
    /// the hole and then fails with ENOMEM. QEMU user mode gets this wrong
    /// (see `mprotect_across_a_hole` in main.rs, which pins down what it
    /// does), so under QEMU the model skips such a step.
    skip_mprotect_over_holes: bool,
}

/// The tag written into page `page` of the window by step `step`.
pub fn tag(step: usize, page: usize) -> u32 {
    ((step as u32 + 1) << 8) | page as u32
}

impl Model {
    /// The window as it starts: one PROT_NONE reservation.
    pub fn new(skip_mprotect_over_holes: bool) -> Model {
        Model {
            pages: [Page::Mapped {
                prot: P::None,
                vma: 0,
                tag: 0,
            }; WINDOW],
            next_vma: 1,
            skip_mprotect_over_holes,
        }
    }

    fn new_vma(&mut self) -> u32 {
        self.next_vma += 1;
        self.next_vma
    }

    /// Applies `op` (step number `step`) and says what it should return.
    pub fn apply(&mut self, step: usize, op: Op) -> Expect {
        match op {
            Op::Map { first, count, prot } => {
                let vma = self.new_vma();
                for page in first..first + count {
                    let tag = tag(step, page);
                    self.pages[page] = Page::Mapped { prot, vma, tag };
                }
                Expect::Ok
            }
            Op::Unmap { first, count } => {
                self.pages[first..first + count].fill(Page::Hole);
                Expect::Ok
            }
            Op::Protect { first, count, prot } => self.protect(first, count, prot),
            Op::Remap {
                first,
                count,
                to,
                new_count,
            } => self.remap(first, count, to, new_count),
        }
    }

    fn protect(&mut self, first: usize, count: usize, prot: P) -> Expect {
        let range = first..first + count;
        let hole = range.clone().find(|&p| self.pages[p] == Page::Hole);
        let end = match hole {
            Some(_) if self.skip_mprotect_over_holes => return Expect::Skip,
            Some(hole) => hole,
            None => range.end,
        };
        // Pages that were in different VMAs stay in different ones (the
        // kernel may merge them, or may not: under QEMU, for one, the host's
        // VMAs need not match), so each run of one old vma gets its own new
        // number.
        let mut last: Option<(u32, u32)> = None;
        for page in first..end {
            if let Page::Mapped { tag, vma: old, .. } = self.pages[page] {
                let vma = match last {
                    Some((was, now)) if was == old => now,
                    _ => self.new_vma(),
                };
                last = Some((old, vma));
                self.pages[page] = Page::Mapped { prot, vma, tag };
            }
        }
        match hole {
            Some(_) => Expect::Err(Errno::ENOMEM),
            None => Expect::Ok,
        }
    }

    fn remap(&mut self, first: usize, count: usize, to: usize, new_count: usize) -> Expect {
        let Page::Mapped { prot, vma, .. } = self.pages[first] else {
            // Nothing mapped at the source: which error comes first depends
            // on the kernel's version. Linux 6.1 looks the source up before
            // anything else (EFAULT); newer kernels check the ranges first
            // (EINVAL when they overlap). Not guessed.
            return Expect::Skip;
        };
        // The ranges must not overlap.
        if first < to + new_count && to < first + count {
            return Expect::Err(Errno::EINVAL);
        }
        let one_vma = self.pages[first..first + count]
            .iter()
            .all(|p| matches!(p, Page::Mapped { vma: v, .. } if *v == vma));
        if !one_vma {
            return Expect::Skip;
        }
        let moved = self.new_vma();
        let source = self.pages;
        self.pages[first..first + count].fill(Page::Hole);
        for i in 0..new_count {
            self.pages[to + i] = match source.get(first + i) {
                Some(&Page::Mapped { tag, .. }) if i < count => Page::Mapped {
                    prot,
                    vma: moved,
                    tag,
                },
                // Growing: the new pages are fresh zero-filled memory.
                _ => Page::Mapped {
                    prot,
                    vma: moved,
                    tag: 0,
                },
            };
        }
        Expect::Ok
    }
}
