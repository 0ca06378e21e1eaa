//! The initramfs: everything the VM's PID 1 needs, as one cpio archive.
//!
//! ```text
//! /init                 PID 1 (xtask/vm-init)
//! /dev/console          the node the kernel opens as PID 1's stdio
//! /proc /sys /dev /tmp  empty, for PID 1 to mount on
//! /bin/<name>           the test executables (or the self-test)
//! /lessons/lessonNN     the lessons
//! /lib, /lib64          the target's C library, for glibc test executables
//! /vm/tests.list        "<binary> <test name>" per line
//! /vm/programs.list     "<label> <absolute path>" per line
//! ```

use std::path::{Path, PathBuf};

use crate::fail::Fail;
use crate::run::vm::cpio::Cpio;
use crate::run::vm::suite::TestBinary;

/// Linux's device number for /dev/console (major 5, minor 1).
const CONSOLE: (u32, u32) = (5, 1);

/// The shared libraries a Rust test executable linked against glibc loads:
/// the dynamic loader (`ld-linux-*`, `ld64.so.*`) and the C library with
/// the parts Rust's std links to.
const GLIBC_PREFIXES: [&str; 8] = [
    "ld-",
    "ld64.so",
    "libc.so",
    "libm.so",
    "libgcc_s.so",
    "libpthread.so",
    "libdl.so",
    "librt.so",
];

/// What goes in.
pub struct Contents<'a> {
    /// PID 1.
    pub init: &'a Path,
    /// Test executables and their tests.
    pub tests: &'a [TestBinary],
    /// Programs run with a work directory: (label, where it goes in the
    /// VM, the file here).
    pub programs: Vec<(String, String, PathBuf)>,
    /// A cross sysroot whose `lib/` holds the target's glibc.
    pub glibc_sysroot: Option<&'a str>,
}

/// Writes the archive to `path`; returns its size in bytes.
pub fn write(contents: &Contents<'_>, path: &Path) -> Result<usize, Fail> {
    let mut cpio = Cpio::default();
    for dir in ["bin", "dev", "proc", "sys", "tmp", "vm", "lessons", "lib"] {
        cpio.dir(dir);
    }
    cpio.char_device("dev/console", 0o600, CONSOLE.0, CONSOLE.1);
    cpio.file("init", 0o755, &read(contents.init)?);

    let mut tests_list = String::new();
    for binary in contents.tests {
        cpio.file(&format!("bin/{}", binary.name), 0o755, &read(&binary.path)?);
        for test in &binary.tests {
            tests_list.push_str(&format!("{} {test}\n", binary.name));
        }
    }
    cpio.file(
        &in_archive(protocol::lists::TESTS),
        0o644,
        tests_list.as_bytes(),
    );

    let mut programs_list = String::new();
    for (label, inside, file) in &contents.programs {
        cpio.file(inside.trim_start_matches('/'), 0o755, &read(file)?);
        programs_list.push_str(&format!("{label} {inside}\n"));
    }
    cpio.file(
        &in_archive(protocol::lists::PROGRAMS),
        0o644,
        programs_list.as_bytes(),
    );

    if let Some(sysroot) = contents.glibc_sysroot {
        add_glibc(&mut cpio, Path::new(sysroot))?;
    }
    let bytes = cpio.finish();
    std::fs::write(path, &bytes)
        .map_err(|error| Fail::could_not("write", path.display(), error))?;
    Ok(bytes.len())
}

/// Copies the target's glibc from the cross sysroot's `lib/` into `/lib`,
/// and makes `/lib64` point there too: the loader's path, written into
/// every executable, is `/lib/...` on some architectures and `/lib64/...`
/// on others (powerpc64le).
fn add_glibc(cpio: &mut Cpio, sysroot: &Path) -> Result<(), Fail> {
    let lib = sysroot.join("lib");
    let entries =
        std::fs::read_dir(&lib).map_err(|error| Fail::could_not("list", lib.display(), error))?;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if GLIBC_PREFIXES.iter().any(|prefix| name.starts_with(prefix)) {
            // `read` follows symbolic links: the VM gets real files.
            cpio.file(&format!("lib/{name}"), 0o755, &read(&entry.path())?);
        }
    }
    cpio.symlink("lib64", "lib");
    Ok(())
}

/// The archive's name for the file PID 1 opens as `path`: the same, without
/// the leading `/` (an archive's names are relative to its root).
fn in_archive(path: &std::ffi::CStr) -> String {
    path.to_string_lossy().trim_start_matches('/').to_string()
}

fn read(path: &Path) -> Result<Vec<u8>, Fail> {
    std::fs::read(path).map_err(|error| Fail::could_not("read", path.display(), error))
}
