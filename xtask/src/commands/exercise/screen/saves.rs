//! Noticing the learner's saves, without missing one. File events first
//! (notify: inotify here); but some set-ups deliver none for a save (a
//! network file system, WSL's view of a Windows drive, an editor that
//! writes through another path), so the screen also reads the file on a
//! timer: when its contents changed and no event came within [`GRACE`],
//! events are not to be trusted here, and from then on the timer alone
//! decides ([`Saves::polling`]), and the screen says so.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::fail::Fail;

use super::Event;

/// How long a changed file may go without an event before polling.
pub const GRACE: Duration = Duration::from_secs(1);

/// How often the file is read to compare.
pub const POLL: Duration = Duration::from_millis(250);

/// A save is often several events (truncate, write, rename); the check
/// starts once they have been quiet this long.
pub const SETTLE: Duration = Duration::from_millis(200);

pub struct Saves {
    watcher: RecommendedWatcher,
    dir: Option<PathBuf>,
    /// Whether events were found wanting and the timer decides alone.
    pub polling: bool,
    /// When the timer first saw contents no event had announced.
    unannounced_since: Option<Instant>,
}

impl Saves {
    /// File events for any file, sent as [`Event::File`] with its name.
    pub fn new(events: &Sender<Event>) -> Result<Saves, Fail> {
        let events = events.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_)) {
                for path in event.paths {
                    if let Some(name) = path.file_name() {
                        let _ = events.send(Event::File(name.to_os_string()));
                    }
                }
            }
        })
        .map_err(|error| Fail::setup(format!("cannot watch files here: {error}")))?;
        Ok(Saves {
            watcher,
            dir: None,
            polling: false,
            unannounced_since: None,
        })
    }

    /// Watches the folder of `file` (the folder, since an editor that saves
    /// by renaming a new file over the old one replaces the watched inode).
    pub fn follow(&mut self, file: &Path) {
        let dir = file.parent().map(Path::to_path_buf);
        if dir == self.dir {
            return;
        }
        if let Some(old) = self.dir.take() {
            let _ = self.watcher.unwatch(&old);
        }
        if let Some(new) = &dir
            && self
                .watcher
                .watch(new, RecursiveMode::NonRecursive)
                .is_err()
        {
            // No events at all: the timer will find that out and say so.
        }
        self.dir = dir;
        self.unannounced_since = None;
    }

    /// An event named the file: whatever the timer saw was announced.
    pub fn announced(&mut self) {
        self.unannounced_since = None;
    }

    /// The timer found the contents `changed` (or not) since the last
    /// check; returns whether to check now. Switches to polling when a
    /// change goes unannounced past [`GRACE`].
    pub fn tick(&mut self, changed: bool, now: Instant) -> bool {
        if !changed {
            self.unannounced_since = None;
            return false;
        }
        if self.polling {
            return true;
        }
        let since = *self.unannounced_since.get_or_insert(now);
        if now.duration_since(since) >= GRACE {
            self.polling = true;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unannounced_change_switches_to_polling_after_the_grace() {
        let (sender, _receiver) = std::sync::mpsc::channel();
        let mut saves = Saves::new(&sender).unwrap();
        let start = Instant::now();
        assert!(
            !saves.tick(true, start),
            "a change is given time for its event"
        );
        assert!(!saves.tick(true, start + GRACE / 2));
        assert!(
            saves.tick(true, start + GRACE),
            "no event came: check, and poll"
        );
        assert!(saves.polling);
        assert!(
            saves.tick(true, start + GRACE * 2),
            "polling: a change checks at once"
        );
        assert!(!saves.tick(false, start + GRACE * 3));
    }

    #[test]
    fn an_announced_change_keeps_the_events() {
        let (sender, _receiver) = std::sync::mpsc::channel();
        let mut saves = Saves::new(&sender).unwrap();
        let start = Instant::now();
        assert!(!saves.tick(true, start));
        saves.announced();
        assert!(
            !saves.tick(true, start + GRACE),
            "the grace starts again after an event"
        );
        assert!(!saves.polling);
    }
}
