//! What PID 1 prints for xtask: the boot line, and a captured output passed
//! back between markers.

use core::ffi::CStr;
use linux_raw_sys::general as k;
use protocol::console;
use rt::println;

/// `MMAPVM BOOTED <kernel release> pagesize=<AT_PAGESZ>`: the kernel that
/// answers every call from here on, and its page size as a program sees it.
/// The release comes from /proc (mounted just before), as `uname -r` would
/// print it.
pub fn booted() {
    let mut release = [0u8; 128];
    let len = read_into(c"/proc/sys/kernel/osrelease", &mut release).unwrap_or(0);
    let release = release[..len].trim_ascii();
    println!(
        "{} {} {}{}",
        console::BOOTED,
        rt::Escaped(if release.is_empty() {
            b"unknown"
        } else {
            release
        }),
        console::PAGE_SIZE,
        rt::page_size()
    );
}

/// Reads the start of file `path` into `buf`; returns how much it read.
fn read_into(path: &CStr, buf: &mut [u8]) -> Result<usize, unistd::Errno> {
    let fd = unistd::open(path, k::O_RDONLY | k::O_CLOEXEC, 0)?;
    unistd::read(&fd, buf)
}

/// Copies file `path` (a child's captured stdout and stderr) to the console
/// between `MMAPVM OUTPUT BEGIN <label>` and `MMAPVM OUTPUT END <label>`,
/// each marker on a line of its own.
pub fn output(label: &[u8], path: &CStr) {
    println!("{} {}", console::OUTPUT_BEGIN, rt::Escaped(label));
    match unistd::open(path, k::O_RDONLY | k::O_CLOEXEC, 0) {
        Ok(fd) => {
            let mut buf = [0u8; 4096];
            let mut last = b'\n';
            while let Ok(n @ 1..) = unistd::read(&fd, &mut buf) {
                let _ = unistd::write_all(1, &buf[..n]);
                last = buf[n - 1];
            }
            // The end marker must start a line even if the output did not
            // end with a newline.
            if last != b'\n' {
                println!();
            }
        }
        Err(error) => println!("(its output could not be read back: {error})"),
    }
    println!("{} {}", console::OUTPUT_END, rt::Escaped(label));
}
