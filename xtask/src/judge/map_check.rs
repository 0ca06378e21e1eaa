//! `--map`'s own check, in `cargo xtask test`: a run of lesson 07 with
//! `--map` must draw its pictures (every snapshot read, none cut) and
//! show what the lesson is about, the removal of what munmap unmapped.
//! That it passes with the same claims is the lesson judge's part.

use mapview::{Row, Shape};

/// Whether `snapshots` (and `dropped` frames not read) show a successful
/// munmap whose picture marks the pages it named as removed: the number of
/// such pictures, or why not.
pub fn shows_removal(snapshots: &[mapview::Snapshot], dropped: usize) -> Result<usize, String> {
    if dropped > 0 {
        return Err(format!("{dropped} snapshot(s) could not be read"));
    }
    if snapshots.is_empty() {
        return Err("no snapshot at all: was MMAP_MAP_SNAPSHOTS passed on?".to_string());
    }
    let pictures = mapview::pictures(snapshots);
    let removals = pictures
        .iter()
        .filter(|p| p.snapshot.call.starts_with("munmap(") && !p.snapshot.failed())
        .filter(|p| {
            p.snapshot.ranges.iter().all(|&(start, end)| {
                p.rows.iter().any(|row| match row {
                    Row::Mapping {
                        mapping,
                        shape: Shape::Removed,
                        ..
                    } => mapping.start < end && start < mapping.end,
                    _ => false,
                })
            })
        })
        .count();
    match removals {
        0 => Err("no munmap picture marks the pages it unmapped as removed".to_string()),
        n => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(after: &str) -> Vec<mapview::Snapshot> {
        let text = format!(
            "MMAPMAPS BEGIN pid=7 pagesize=4096 (start)\n\
             00001000-00003000 rw-p 00000000 00:00 0\n\
             MMAPMAPS END pid=7\n\
             MMAPMAPS BEGIN pid=7 pagesize=4096 range=2000-3000 munmap(0x2000, 4096) = 0\n\
             {after}\
             MMAPMAPS END pid=7\n"
        );
        mapview::parse_snapshots(&text).unwrap()
    }

    #[test]
    fn a_removal_shows_and_its_absence_is_named() {
        let removed = frames("00001000-00002000 rw-p 00000000 00:00 0\n");
        assert_eq!(shows_removal(&removed, 0), Ok(1));
        // The same call, but the maps still hold the page: no removal.
        let kept = frames("00001000-00003000 rw-p 00000000 00:00 0\n");
        assert!(shows_removal(&kept, 0).is_err());
        assert!(shows_removal(&removed, 1).is_err());
        assert!(shows_removal(&[], 0).is_err());
    }
}
