//! Arguments shown as the man pages write them: flag names instead of
//! numbers, NULL, strings, octal modes.

use core::ffi::{CStr, c_char};
use core::fmt::{self, Write};
use linux_raw_sys::general as k;
use mman::{MapFlags, MsyncFlags, Prot};
use syscall::{nr, trace::Event};

/// Does this call return an address (shown in hex) rather than a count?
pub fn returns_address(number: usize) -> bool {
    number == nr::MMAP
}

/// Writes `name(arg, arg, ...)` for `event`.
///
/// # Safety
/// As [`crate::write_call`]: the event's pointer arguments must still be
/// valid.
pub unsafe fn call(out: &mut impl Write, event: &Event) -> fmt::Result {
    let a = event.args;
    match event.nr {
        n if n == nr::MMAP => {
            // SAFETY: our caller guarantees the pointer arguments are
            // valid, and so the block an s390x mmap points at.
            let a = unsafe { mman::mmap_abi::unpack(event.nargs, &event.args) };
            // The name of the call the kernel got: `mmap2` on 32-bit
            // systems, as strace says.
            write!(out, "{}({}, {}, ", name(n), Addr(a[0]), a[1])?;
            prot(out, a[2])?;
            out.write_str(", ")?;
            flags(out, MapFlags::from_bits_retain(a[3] as u32), "MAP_")?;
            write!(
                out,
                ", {}, {})",
                a[4] as i32,
                Hex(mman::mmap_abi::offset_bytes(a[5]))
            )
        }
        n if n == nr::MUNMAP => write!(out, "munmap({}, {})", Addr(a[0]), a[1]),
        n if n == nr::MPROTECT => {
            write!(out, "mprotect({}, {}, ", Addr(a[0]), a[1])?;
            prot(out, a[2])?;
            out.write_str(")")
        }
        n if n == nr::MSYNC => {
            write!(out, "msync({}, {}, ", Addr(a[0]), a[1])?;
            flags(out, MsyncFlags::from_bits_retain(a[2] as u32), "MS_")?;
            out.write_str(")")
        }
        n if n == nr::OPENAT => {
            out.write_str("openat(")?;
            match a[0] as i32 {
                k::AT_FDCWD => out.write_str("AT_FDCWD")?,
                fd => write!(out, "{fd}")?,
            }
            write!(out, ", {}, ", Str(a[1]))?;
            open_flags(out, a[2] as u32)?;
            // The kernel reads the mode only when it may create a file
            // (O_CREAT, or O_TMPFILE's unnamed one); strace shows it then
            // only, and so does this.
            if a[2] as u32 & (k::O_CREAT | k::__O_TMPFILE) != 0 {
                write!(out, ", {}", Octal(a[3]))?;
            }
            out.write_str(")")
        }
        n if n == nr::READ || n == nr::WRITE => {
            let name = if n == nr::READ { "read" } else { "write" };
            write!(out, "{name}({}, {}, {})", a[0] as i32, Addr(a[1]), a[2])
        }
        n if n == nr::CLOSE || n == nr::FSTAT => {
            write!(out, "{}({}", name(n), a[0] as i32)?;
            for &arg in &a[1..event.nargs] {
                write!(out, ", {arg:#x}")?;
            }
            out.write_str(")")
        }
        n if n == nr::FTRUNCATE => {
            write!(
                out,
                "{}({}, {})",
                name(n),
                a[0] as i32,
                ftruncate_length(&a)
            )
        }
        n if n == nr::UMASK => write!(out, "umask({})", Octal(a[0])),
        n if n == nr::CLONE => {
            // The arguments in the order the kernel takes them; the flags
            // are not first everywhere (unistd's CLONE_FLAGS_ARG).
            let flags_at = unistd::CLONE_FLAGS_ARG;
            out.write_str("clone(")?;
            for (at, &arg) in a[..event.nargs].iter().enumerate() {
                if at > 0 {
                    out.write_str(", ")?;
                }
                if at != flags_at {
                    write!(out, "{}", Addr(arg))?;
                    continue;
                }
                // The low byte of the flags is the signal sent to the parent
                // when the child ends: SIGCHLD alone makes it a plain fork.
                let (signal, rest) = (arg & 0xff, arg & !0xff);
                if rest != 0 {
                    write!(out, "{rest:#x}|")?;
                }
                write!(out, "{}", unistd::signal_name(signal as u32))?;
            }
            out.write_str(")")
        }
        n if n == nr::WAIT4 => {
            write!(
                out,
                "wait4({}, {}, {}, {})",
                a[0] as i32,
                Addr(a[1]),
                a[2],
                Addr(a[3])
            )
        }
        n if n == nr::KILL => {
            write!(
                out,
                "kill({}, {})",
                a[0] as i32,
                unistd::signal_name(a[1] as u32)
            )
        }
        n => {
            match syscall::nr::name(n) {
                Some(name) => out.write_str(name.trim_start_matches("__NR_"))?,
                None => write!(out, "syscall_{n}")?,
            }
            out.write_str("(")?;
            for (i, &arg) in a[..event.nargs].iter().enumerate() {
                if i > 0 {
                    out.write_str(", ")?;
                }
                write!(out, "{arg:#x}")?;
            }
            out.write_str(")")
        }
    }
}

/// The call's name without `__NR_`: `mmap2`, `ftruncate64`.
fn name(nr: usize) -> &'static str {
    syscall::nr::name(nr)
        .unwrap_or("?")
        .trim_start_matches("__NR_")
}

/// ftruncate's length. On 32-bit systems it is ftruncate64's 64-bit value
/// in two registers, low word first: on i686 right after the descriptor,
/// on arm in the next even-numbered pair (r2, r3), r1 being padding.
fn ftruncate_length(a: &[usize; 6]) -> u64 {
    let pair = |lo: usize, hi: usize| (lo as u64 & 0xffff_ffff) | ((hi as u64) << 32);
    if cfg!(target_arch = "x86") {
        pair(a[1], a[2])
    } else if cfg!(target_arch = "arm") {
        pair(a[2], a[3])
    } else {
        a[1] as u64
    }
}

/// An address: `NULL` for zero, hex otherwise.
struct Addr(usize);

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("NULL"),
            addr => write!(f, "{addr:#x}"),
        }
    }
}

/// A file mode or umask in octal as C writes it, with a leading 0 and at
/// least three digits (strace's `%#03o`): `0644`, `022`, `000`.
struct Octal(usize);

impl fmt::Display for Octal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("000"),
            n if n < 0o10 => write!(f, "00{n:o}"),
            n => write!(f, "0{n:o}"),
        }
    }
}

/// A number in hex, but 0 as plain `0`, as strace writes offsets.
struct Hex(u64);

impl fmt::Display for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("0"),
            n => write!(f, "{n:#x}"),
        }
    }
}

/// A C string argument, quoted (or its address if it is NULL).
struct Str(usize);

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("NULL");
        }
        // SAFETY: a `Str` is made only by `call`, whose caller guarantees
        // the pointer arguments are valid; this one was passed as a
        // NUL-terminated path, and the caller still holds it.
        let s = unsafe { CStr::from_ptr(self.0 as *const c_char) };
        f.write_str("\"")?;
        for &b in s.to_bytes() {
            match b {
                b'"' | b'\\' => write!(f, "\\{}", b as char)?,
                0x20..=0x7e => f.write_char(b as char)?,
                _ => write!(f, "\\x{b:02x}")?,
            }
        }
        f.write_str("\"")
    }
}

/// `PROT_READ|PROT_WRITE`, or `PROT_NONE` for zero.
fn prot(out: &mut impl Write, bits: usize) -> fmt::Result {
    match Prot::from_bits_retain(bits as u32) {
        p if p.is_empty() => out.write_str("PROT_NONE"),
        p => flags(out, p, "PROT_"),
    }
}

/// Named bits joined with `|`, unknown bits in hex, `0` for none.
fn flags<F: bitflags::Flags<Bits = u32>>(
    out: &mut impl Write,
    value: F,
    prefix: &str,
) -> fmt::Result {
    let mut first = true;
    for (name, _) in value.iter_names() {
        if !first {
            out.write_str("|")?;
        }
        first = false;
        write!(out, "{prefix}{name}")?;
    }
    let unknown = value.bits() & !F::all().bits();
    if unknown != 0 || first {
        if !first {
            out.write_str("|")?;
        }
        write!(out, "{unknown:#x}")?;
    }
    Ok(())
}

/// open(2)'s flags: the access mode (a two-bit number, not a flag) first,
/// then the flags this course uses.
fn open_flags(out: &mut impl Write, bits: u32) -> fmt::Result {
    out.write_str(match bits & k::O_ACCMODE {
        k::O_RDONLY => "O_RDONLY",
        k::O_WRONLY => "O_WRONLY",
        _ => "O_RDWR",
    })?;
    let named = [
        (k::O_CREAT, "O_CREAT"),
        (k::O_EXCL, "O_EXCL"),
        (k::O_TRUNC, "O_TRUNC"),
        (k::O_APPEND, "O_APPEND"),
        (k::O_DIRECTORY, "O_DIRECTORY"),
        (k::O_CLOEXEC, "O_CLOEXEC"),
    ];
    let mut rest = bits & !k::O_ACCMODE;
    for (bit, name) in named {
        if rest & bit != 0 {
            write!(out, "|{name}")?;
            rest &= !bit;
        }
    }
    if rest != 0 {
        write!(out, "|{rest:#x}")?;
    }
    Ok(())
}
