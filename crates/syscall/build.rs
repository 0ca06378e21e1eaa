//! Writes the documentation pages of every architecture's system-call file.
//!
//! A build compiles only the running target's `src/arch/<arch>.rs`: the
//! others hold inline assembly for other CPUs, which the compiler refuses
//! to even expand. But a reader of `cargo doc` should find all nine, on any
//! machine. So this script turns each file into one page of the
//! `architectures` module (compiled only by rustdoc, under `cfg(doc)`):
//! the file's opening `//!` comment, ABI table included, as the page's
//! text, then the rest of the file, the annotated `syscall0`..`syscall6`,
//! as code. The page is the file itself, so it cannot drift from it.

use std::fmt::Write as _;
use std::path::PathBuf;

/// (module name, file in src/arch/).
const FILES: [(&str, &str); 9] = [
    ("x86_64", "x86_64.rs"),
    ("aarch64", "aarch64.rs"),
    ("riscv64", "riscv64.rs"),
    ("armv7", "arm.rs"),
    ("i686", "x86.rs"),
    ("powerpc64le", "powerpc64.rs"),
    ("s390x", "s390x.rs"),
    ("loongarch64", "loongarch64.rs"),
    ("mips64el", "mips64.rs"),
];

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut pages = String::new();
    for (module, file) in FILES {
        let path = format!("src/arch/{file}");
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut doc = String::new();
        let mut code = String::new();
        let mut in_header = true;
        for line in text.lines() {
            match line.strip_prefix("//!") {
                Some(rest) if in_header => {
                    doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
                    doc.push('\n');
                }
                _ => {
                    in_header = false;
                    code.push_str(line);
                    code.push('\n');
                }
            }
        }
        // `ignore`: the code is shown, not compiled, since it is for
        // another CPU than the one building the documentation.
        let page = format!(
            "{doc}\n## The file\n\n`crates/syscall/src/arch/{file}`, after the comment \
             above:\n\n```rust,ignore\n{}\n```\n",
            code.trim()
        );
        writeln!(pages, "#[doc = {page:?}]\npub mod {module} {{}}").unwrap();
    }
    std::fs::write(out_dir.join("architectures.rs"), pages).expect("write architectures.rs");
}
