//! A cpio archive in the "newc" format, the one the kernel unpacks as an
//! initramfs (see the kernel's Documentation/driver-api/early-userspace/
//! buffer-format.rst). Written here in a few lines rather than by the `cpio`
//! tool, so a run needs nothing installed and the archive is the same on
//! every machine.
//!
//! Each entry is a 110-byte ASCII header (the magic `070701`, then thirteen
//! fields of 8 hexadecimal digits), the file name with its NUL, padding to
//! a multiple of 4, the data, padding to a multiple of 4. The archive ends
//! with an entry named `TRAILER!!!`. The kernel accepts it uncompressed.

/// File-type bits of `st_mode`, as in `<sys/stat.h>`.
const S_IFDIR: u32 = 0o040_000;
const S_IFREG: u32 = 0o100_000;
const S_IFCHR: u32 = 0o020_000;
const S_IFLNK: u32 = 0o120_000;

/// An archive being written, held in memory.
#[derive(Default)]
pub struct Cpio {
    bytes: Vec<u8>,
    next_inode: u32,
}

impl Cpio {
    /// Adds a directory (its parents must come first).
    pub fn dir(&mut self, path: &str) {
        self.entry(path, S_IFDIR | 0o755, 2, (0, 0), &[]);
    }

    /// Adds a regular file with permissions `perm` (e.g. 0o755).
    pub fn file(&mut self, path: &str, perm: u32, data: &[u8]) {
        self.entry(path, S_IFREG | perm, 1, (0, 0), data);
    }

    /// Adds a character device node `major:minor`. /dev/console must exist
    /// before PID 1 starts: the kernel opens it as PID 1's stdin, stdout and
    /// stderr, and devtmpfs is not mounted yet at that point.
    pub fn char_device(&mut self, path: &str, perm: u32, major: u32, minor: u32) {
        self.entry(path, S_IFCHR | perm, 1, (major, minor), &[]);
    }

    /// Adds a symbolic link to `target` (stored as the link's data).
    pub fn symlink(&mut self, path: &str, target: &str) {
        self.entry(path, S_IFLNK | 0o777, 1, (0, 0), target.as_bytes());
    }

    /// Closes the archive and returns its bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.entry("TRAILER!!!", 0, 1, (0, 0), &[]);
        self.bytes
    }

    fn entry(&mut self, path: &str, mode: u32, nlink: u32, rdev: (u32, u32), data: &[u8]) {
        self.next_inode += 1;
        let name_size = path.len() + 1; // with its NUL
        let fields = [
            self.next_inode,
            mode,
            0, // uid: root
            0, // gid: root
            nlink,
            0, // mtime: fixed, so the archive depends only on its contents
            u32::try_from(data.len()).expect("an initramfs file over 4 GiB"),
            0, // devmajor and devminor: the device holding the file
            0,
            rdev.0, // rdevmajor and rdevminor: the device a node stands for
            rdev.1,
            u32::try_from(name_size).expect("a path over 4 GiB"),
            0, // check: unused by newc
        ];
        self.bytes.extend_from_slice(b"070701");
        for field in fields {
            self.bytes
                .extend_from_slice(format!("{field:08x}").as_bytes());
        }
        self.bytes.extend_from_slice(path.as_bytes());
        self.bytes.push(0);
        self.pad();
        self.bytes.extend_from_slice(data);
        self.pad();
    }

    /// Zeros up to the next multiple of 4: the header is 110 bytes, so the
    /// name's padding counts from the start of the entry, as does the data's.
    fn pad(&mut self) {
        while !self.bytes.len().is_multiple_of(4) {
            self.bytes.push(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_name_and_data_are_aligned() {
        let mut cpio = Cpio::default();
        cpio.file("init", 0o755, b"abcde");
        let bytes = cpio.finish();
        assert!(bytes.starts_with(b"070701"));
        // 110-byte header + "init\0" = 115, padded to 116; data 5 padded to 8.
        assert_eq!(&bytes[116..121], b"abcde");
        assert_eq!(&bytes[124..130], b"070701");
        assert_eq!(bytes.len() % 4, 0);
        assert!(bytes.windows(10).any(|w| w == b"TRAILER!!!"));
    }
}
