//! The file systems a test expects to find, mounted by hand.
//!
//! The initramfs itself is the root file system (a tmpfs-like "rootfs" the
//! kernel unpacked the cpio archive into), and it already holds the empty
//! directories to mount on. Nothing else is mounted until PID 1 does it.

use core::ffi::CStr;
use linux_raw_sys::general as k;
use rt::println;

/// (file system type, mount point, why a test needs it).
const MOUNTS: [(&CStr, &CStr); 4] = [
    // /proc/self/maps is how tests and lessons see their mappings.
    (c"proc", c"/proc"),
    // /sys: what a distribution would have; cheap to mount.
    (c"sysfs", c"/sys"),
    // /dev/zero, /dev/null: lesson 04 maps /dev/zero.
    (c"devtmpfs", c"/dev"),
    // /tmp: every file the tests create lives here, in RAM.
    (c"tmpfs", c"/tmp"),
];

/// Mounts each one; a failure is reported and the run goes on (the tests
/// that need it will fail and say why).
pub fn mount_all() {
    for (fstype, target) in MOUNTS {
        // No setuid programs or device files where none are expected.
        let flags = match fstype.to_bytes() {
            b"devtmpfs" => k::MS_NOSUID,
            _ => k::MS_NOSUID | k::MS_NODEV,
        };
        if let Err(error) = unistd::mount(fstype, target, fstype, flags) {
            println!(
                "{} mount {} on {}: {error}",
                protocol::console::ERROR,
                rt::Escaped(fstype.to_bytes()),
                rt::Escaped(target.to_bytes())
            );
        }
    }
}
