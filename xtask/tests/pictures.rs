//! The address-space pictures in the lesson READMEs
//! (`lessons/NN-*/pictures/*.svg`) against today's runs: `cargo xtask
//! pictures --check` draws each one again from a native run with `--map`
//! and compares it with the committed file, addresses, pids, hole sizes
//! and the stack's size masked and the kernel's own mappings left out of
//! the pictures (xtask/src/commands/pictures.rs says what and why), and
//! checks that each README shows its pictures. The pictures are
//! drawn on x86_64; on another machine the test says so and fails.

use std::process::{Command, Stdio};

#[test]
fn every_readme_picture_matches_a_run_today() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .env("CARGO", env!("CARGO"))
        .env("NO_COLOR", "1")
        .args(["pictures", "--check"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo xtask pictures --check failed:\n{}\n{errors}",
        text.lines()
            .filter(|line| line.starts_with("==>"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(text.contains("picture(s) match today's runs"), "{text}");
}
