//! One page per architecture, from `crates/syscall/src/arch/<arch>.rs`,
//! the file `cargo doc` renders: its module doc (the ABI table and why it
//! is so) as prose, then the code that issues the system call, whose
//! comments are its annotations.

use crate::course::Architecture;

pub fn page(arch: &Architecture) -> String {
    let doc = &arch.doc;
    format!(
        "# {title}\n\n{body}\n## The code\n\n\
         ```rust\n{{{{#include {file}:{line}:}}}}\n```\n",
        title = doc.title,
        body = doc.body,
        file = arch.file.display(),
        line = doc.code_line,
    )
}
