//! The learner's progress: which exercises their answer passed at its last
//! check, kept in `target/exercises/progress` (one `N.M` per line), and
//! how many hint levels they have read, in `target/exercises/hints` (`N.M
//! L` per line, L the highest level printed), so that both survive reruns
//! and rebuilds, but not `cargo clean`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::fail::Fail;
use crate::workspace;

/// The progress file.
fn path() -> PathBuf {
    workspace::target_dir().join("exercises").join("progress")
}

/// The exercises marked done. A missing file means none.
pub fn done() -> BTreeSet<String> {
    done_in(&path())
}

/// Marks exercise `id` done or not done, after a check of the learner's
/// answer: the list says what the answers do now, so an answer that passed
/// once and was broken since is not done.
pub fn record(id: &str, passed: bool) -> Result<(), Fail> {
    record_in(&path(), id, passed)
}

/// The hints file.
fn hints_path() -> PathBuf {
    workspace::target_dir().join("exercises").join("hints")
}

/// For each exercise whose hints were read, the highest level printed. A
/// missing file means none.
pub fn hints_seen() -> BTreeMap<String, u32> {
    hints_seen_in(&hints_path())
}

/// Records that level `level` of exercise `id`'s hints was printed.
pub fn record_hint(id: &str, level: u32) -> Result<(), Fail> {
    record_hint_in(&hints_path(), id, level)
}

/// Forgets every exercise's progress and the hints read (`--reset --all`).
pub fn forget_all() -> Result<(), Fail> {
    for file in [path(), hints_path()] {
        match std::fs::remove_file(&file) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(Fail::could_not("remove", file.display(), error));
            }
            _ => {}
        }
    }
    Ok(())
}

fn hints_seen_in(file: &Path) -> BTreeMap<String, u32> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let (id, level) = line.split_once(' ')?;
            Some((id.to_string(), level.trim().parse().ok()?))
        })
        .collect()
}

fn record_hint_in(file: &Path, id: &str, level: u32) -> Result<(), Fail> {
    let mut seen = hints_seen_in(file);
    if seen.get(id).is_some_and(|&highest| highest >= level) {
        return Ok(());
    }
    seen.insert(id.to_string(), level);
    let text: String = seen
        .iter()
        .map(|(id, level)| format!("{id} {level}\n"))
        .collect();
    write_whole(file, &text)
}

fn done_in(file: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(file)
        .map(|text| text.lines().map(|line| line.trim().to_string()).collect())
        .unwrap_or_default()
}

fn record_in(file: &Path, id: &str, passed: bool) -> Result<(), Fail> {
    let mut ids = done_in(file);
    let changed = if passed {
        ids.insert(id.to_string())
    } else {
        ids.remove(id)
    };
    if !changed {
        return Ok(());
    }
    let text: String = ids.iter().map(|id| format!("{id}\n")).collect();
    write_whole(file, &text)
}

/// Replaces `file` with `text`, creating its directory if need be.
fn write_whole(file: &Path, text: &str) -> Result<(), Fail> {
    let cannot =
        |error: std::io::Error| Fail::could_not("record your progress in", file.display(), error);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(cannot)?;
    }
    // Written beside it and renamed over it: a check stopped half-way
    // (Ctrl-C) leaves the old list or the new one, never half of one.
    let partial = file.with_extension("partial");
    std::fs::write(&partial, text).map_err(cannot)?;
    std::fs::rename(&partial, file).map_err(cannot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_survives_a_rerun_and_follows_the_last_check() {
        let dir = std::env::temp_dir().join(format!("xtask-progress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let file = dir.join("exercises").join("progress");
        assert!(done_in(&file).is_empty(), "no file: nothing done");
        record_in(&file, "5.1", true).unwrap();
        record_in(&file, "1.2", true).unwrap();
        record_in(&file, "5.2", false).unwrap();
        let ids: Vec<String> = done_in(&file).into_iter().collect();
        assert_eq!(ids, ["1.2", "5.1"]);
        // A later failed check of a done exercise takes it off the list.
        record_in(&file, "5.1", false).unwrap();
        let ids: Vec<String> = done_in(&file).into_iter().collect();
        assert_eq!(ids, ["1.2"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_highest_hint_level_read_is_kept() {
        let dir = std::env::temp_dir().join(format!("xtask-hints-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let file = dir.join("exercises").join("hints");
        assert!(hints_seen_in(&file).is_empty(), "no file: no hint read");
        record_hint_in(&file, "9.2", 2).unwrap();
        record_hint_in(&file, "1.1", 1).unwrap();
        // Reading level 1 again after level 2 does not lower the mark.
        record_hint_in(&file, "9.2", 1).unwrap();
        let seen: Vec<(String, u32)> = hints_seen_in(&file).into_iter().collect();
        assert_eq!(seen, [("1.1".to_string(), 1), ("9.2".to_string(), 2)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
