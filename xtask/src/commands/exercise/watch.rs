//! `cargo xtask exercise N.M --watch`: check the answer, then again each
//! time the learner saves it, until it passes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::fail::Fail;
use crate::workspace;

/// Runs `check` now, then after every save of `file`, until it passes.
pub fn until_it_passes(
    file: &Path,
    mut check: impl FnMut() -> Result<bool, Fail>,
) -> Result<ExitCode, Fail> {
    let dir = file
        .parent()
        .map(PathBuf::from)
        .ok_or_else(|| Fail::setup("the exercise file has no directory"))?;
    let (sender, receiver) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender)
        .map_err(|error| Fail::setup(format!("cannot watch files here: {error}")))?;
    // The directory, not the file: an editor that saves by writing a new
    // file and renaming it over the old one replaces the watched inode.
    watcher
        .watch(&dir, RecursiveMode::NonRecursive)
        .map_err(|error| {
            Fail::setup(format!("cannot watch {}: {error}", workspace::shown(&dir)))
        })?;
    loop {
        if check()? {
            println!("==> stopped watching: the exercise is done.");
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "==> watching {}: save it to check again (Ctrl-C to stop)",
            workspace::shown(file)
        );
        wait_for_save(&receiver, file)?;
    }
}

/// Blocks until `file` is written, then lets a burst of events settle.
fn wait_for_save(
    receiver: &mpsc::Receiver<notify::Result<notify::Event>>,
    file: &Path,
) -> Result<(), Fail> {
    let touches = |event: &notify::Event| {
        matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_))
            && event
                .paths
                .iter()
                .any(|path| path.file_name() == file.file_name())
    };
    loop {
        match receiver.recv() {
            Ok(Ok(event)) if touches(&event) => break,
            Ok(_) => continue,
            Err(_) => return Err(Fail::setup("the file watcher stopped")),
        }
    }
    // One save is often several events (truncate, write, rename, chmod).
    while receiver.recv_timeout(Duration::from_millis(300)).is_ok() {}
    Ok(())
}
