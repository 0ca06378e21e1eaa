//! QEMU's version, and the oldest one the course trusts.
//!
//! QEMU user mode does not pass mmap, munmap and mprotect straight to the
//! host kernel: it keeps its own map of the guest's pages and reimplements
//! them. Older versions get some of that wrong, and a test that fails on
//! an emulator bug would teach the reader something false about Linux. So
//! xtask reads the emulator's version and never uses one below the floor
//! without saying so.

use std::fmt;

/// A QEMU release number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct QemuVersion {
    /// Major release.
    pub major: u32,
    /// Minor release.
    pub minor: u32,
    /// Patch level.
    pub patch: u32,
}

impl fmt::Display for QemuVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The oldest QEMU every test and lesson has passed on (Debian's 10.0.2,
/// from bookworm-backports). Debian 12's own 7.2 fails the tests below;
/// versions between 7.2 and 10.0 were not tried, so they are below the
/// floor too.
pub const FLOOR: QemuVersion = QemuVersion {
    major: 10,
    minor: 0,
    patch: 0,
};

/// What QEMU 7.2 (Debian 12's `qemu-user`, 7.2.22) got wrong under this
/// course's tests: the reason for the floor, for the one-line message.
pub const BUGS_BELOW_FLOOR: &str = "QEMU 7.2 maps elsewhere instead of failing with EEXIST for \
     MAP_FIXED_NOREPLACE, mishandles MAP_SHARED_VALIDATE, aborts on a munmap beyond the address \
     space, and shows wrong permissions in /proc/self/maps after a MAP_FIXED over part of a \
     mapping";

impl QemuVersion {
    /// Reads `qemu-aarch64 version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)`
    /// or `QEMU emulator version 10.0.2 (...)`: the first word after
    /// `version`.
    pub fn from_version_line(line: &str) -> Option<QemuVersion> {
        let mut words = line.split_whitespace();
        words.find(|word| *word == "version")?;
        Self::from_numbers(words.next()?)
    }

    /// Reads a Debian package version (`1:10.0.2+ds-2+deb13u1~bpo12+1`):
    /// the upstream part between the epoch and the first `+`, `-` or `~`.
    pub fn from_debian_version(version: &str) -> Option<QemuVersion> {
        let without_epoch = version.split_once(':').map_or(version, |(_, rest)| rest);
        let upstream = without_epoch
            .split(['+', '-', '~'])
            .next()
            .unwrap_or(without_epoch);
        Self::from_numbers(upstream)
    }

    /// `10.0.13`, `9.2`: missing parts count as 0.
    fn from_numbers(text: &str) -> Option<QemuVersion> {
        let mut parts = text.split('.').map(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        });
        let major = parts.next()??;
        let minor = parts.next().flatten().unwrap_or(0);
        let patch = parts.next().flatten().unwrap_or(0);
        Some(QemuVersion {
            major,
            minor,
            patch,
        })
    }

    /// Whether this version is at or above the floor.
    pub fn is_trusted(self) -> bool {
        self >= FLOOR
    }
}

/// The one line that says why an emulator is not used.
pub fn below_floor_line(what: &str, version: QemuVersion) -> String {
    format!(
        "{what} is QEMU {version}, older than {FLOOR}, the oldest this course's tests pass on \
         ({BUGS_BELOW_FLOOR})"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(major: u32, minor: u32, patch: u32) -> QemuVersion {
        QemuVersion {
            major,
            minor,
            patch,
        }
    }

    #[test]
    fn version_lines_are_read() {
        assert_eq!(
            QemuVersion::from_version_line(
                "qemu-aarch64 version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)"
            ),
            Some(v(10, 0, 13))
        );
        assert_eq!(
            QemuVersion::from_version_line("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7)"),
            Some(v(7, 2, 22))
        );
        assert_eq!(QemuVersion::from_version_line("qemu-aarch64"), None);
    }

    #[test]
    fn debian_versions_are_read() {
        assert_eq!(
            QemuVersion::from_debian_version("1:10.0.2+ds-2+deb13u1~bpo12+1"),
            Some(v(10, 0, 2))
        );
        assert_eq!(
            QemuVersion::from_debian_version("1:7.2+dfsg-7+deb12u16"),
            Some(v(7, 2, 0))
        );
        assert_eq!(
            QemuVersion::from_debian_version("1:8.2.2+ds-0ubuntu1.4"),
            Some(v(8, 2, 2))
        );
    }

    #[test]
    fn the_floor_separates_7_2_from_10_0() {
        assert!(!v(7, 2, 22).is_trusted());
        assert!(!v(9, 2, 99).is_trusted());
        assert!(v(10, 0, 0).is_trusted());
        assert!(v(11, 1, 0).is_trusted());
    }
}
