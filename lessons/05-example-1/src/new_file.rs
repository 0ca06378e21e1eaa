//! Part 3: the example on a file that does not exist yet.
//!
//! - `open(path, O_RDWR | O_CREAT)` creates it with size 0. mmap of 40 bytes
//!   still succeeds: mmap does not look at the file's size. The first touch
//!   of a page that lies wholly beyond the end of the file raises SIGBUS, so
//!   the example dies in its `printf`.
//! - The missing mode argument: C's `open` is variadic, and with `O_CREAT`
//!   it takes the third argument whether or not the caller passed one. The
//!   system call then carries whatever the third argument register held. The
//!   file's permission bits come from that value, minus the umask.

use core::ffi::CStr;
use linux_raw_sys::general::SIGBUS;
use rt::{CPath, Claims, claim, or_exit, println};

pub fn show(dir: &CStr, claims: &mut Claims) {
    let path = or_exit(
        CPath::join(dir, "new.txt").ok_or("path too long"),
        "new.txt",
    );
    // A value such as a register might be left holding: the address of the
    // path string. In C it would be whatever the compiler last put there.
    let leftover = path.as_cstr().as_ptr() as usize as u32;
    println!(
        "the C code passes no mode; we pass {leftover:#x} (the low 32 bits of the path string's \
         address), standing for whatever the mode register held"
    );
    let status = crate::as_written::in_child(path.as_cstr(), leftover);
    claim!(
        claims,
        status.signal() == Some(SIGBUS),
        "mmap succeeded on the empty file, and the first read of the mapping (printf) killed \
         the child: {status}"
    );

    // O_PATH: the file's new mode may well deny its owner reading (it came
    // from a leftover register), and only root would be let in anyway. An
    // O_PATH descriptor opens no data, needs no permission on the file
    // itself, and fstat(2) works on it.
    let fd = or_exit(
        unistd::open(
            path.as_cstr(),
            linux_raw_sys::general::O_PATH | linux_raw_sys::general::O_CLOEXEC,
            0,
        ),
        "open new.txt (O_PATH)",
    );
    let st = or_exit(unistd::fstat(&fd), "fstat new.txt");
    claim!(
        claims,
        st.st_size == 0,
        "the file is still empty: mmap never extends a file (size {})",
        st.st_size
    );

    // umask can only be read by setting it; set it straight back.
    let mask = unistd::umask(0);
    unistd::umask(mask);
    // The kernel keeps `mode & 07777` (fs/open.c, `build_open_how`: S_IALLUGO),
    // so the setuid, setgid and sticky bits of the leftover value count too;
    // the umask only ever clears permission bits (0777). (Setgid would also
    // be dropped in a setgid directory whose group the creator is not in,
    // `mode_strip_sgid`; the lesson's work directory is normally not one.)
    let expected = leftover & 0o7777 & !mask;
    let got = st.st_mode & 0o7777;
    claim!(
        claims,
        got == expected,
        "new.txt has mode {got:04o}{}: the leftover value's low twelve bits {:04o} minus the \
         umask {mask:03o}, not anything the program chose",
        SpecialBits(got),
        leftover & 0o7777
    );
}

/// The setuid, setgid and sticky bits of a mode, named, for the claim.
struct SpecialBits(u32);

impl core::fmt::Display for SpecialBits {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let names = [(0o4000, "setuid"), (0o2000, "setgid"), (0o1000, "sticky")];
        let mut first = true;
        for (bit, name) in names {
            if self.0 & bit != 0 {
                f.write_str(if first { " (" } else { ", " })?;
                f.write_str(name)?;
                first = false;
            }
        }
        if !first {
            f.write_str(", from a value nobody chose)")?;
        }
        Ok(())
    }
}
