//! A kernel to boot: the reader's own (`--kernel PATH`), or a Debian
//! kernel fetched through apt and cached under `target/tools/kernels/`.
//!
//! On Debian a kernel for another architecture is one package away. A
//! private apt configuration whose only architecture is, say, arm64
//! (`tools/private_apt.rs`) loads that architecture's package index without
//! `dpkg --add-architecture` and without root; `apt-get download` fetches a
//! package without installing it, and `dpkg-deb -x` unpacks it into a
//! directory. The metapackage (`linux-image-arm64`) always depends on the
//! current image package (`linux-image-6.1.0-NN-arm64`), which is how we
//! find it. In Debian 12 that package holds the kernel as
//! `/boot/vmlinuz-*`; in unstable it is a small package that depends on
//! `linux-binary-*`, which holds it as `/usr/lib/modules/<version>/vmlinuz`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::fail::Fail;
use crate::tables::arch::Arch;
use crate::tables::machine::{Firmware, KernelRelease, KernelSource, Suite};
use crate::tools::deb_fetch::{fresh_dir, require_package_tools, unpack};
use crate::tools::private_apt::PrivateApt;
use crate::tools::system_source::system_source;

/// A kernel image and what it is.
pub struct Kernel {
    /// The image file QEMU loads with `-kernel`.
    pub image: PathBuf,
    /// The ELF kernel unpacked from `image`, for a machine that boots
    /// through the PVH entry point: `Ok` with its path, or why there is
    /// none (the machine then boots `image`). `Err("")` for machines that
    /// never boot that way.
    pub elf: Result<PathBuf, String>,
    /// The firmware QEMU loads with `-bios`, where the machine needs one.
    pub firmware: Option<PathBuf>,
    /// Its package and version, or "your own", for reports.
    pub description: String,
}

/// The kernel for `arch`: `given` if the reader passed one, else the cached
/// Debian kernel of `release`, fetched first if it is not there yet.
pub fn resolve(arch: Arch, given: Option<&Path>, release: KernelRelease) -> Result<Kernel, Fail> {
    let machine = arch.machine();
    let firmware_of = |cache: &Path| machine.firmware.map(|_| cache.join("firmware"));
    if let Some(path) = given {
        if !path.is_file() {
            return Err(Fail::bad_input(format!(
                "--kernel {}: no such file",
                path.display()
            )));
        }
        // A machine that needs firmware still gets Debian's.
        let firmware = match machine.firmware {
            Some(firmware) => Some(fetch_firmware_only(arch, release, firmware)?),
            None => None,
        };
        return Ok(Kernel {
            image: path.to_path_buf(),
            elf: Err(match machine.pvh_firmware {
                Some(_) => "--kernel boots the file as it is given".to_string(),
                None => String::new(),
            }),
            firmware,
            description: format!("your kernel {}", path.display()),
        });
    }
    let source = machine.kernel_source(release);
    let (deb_arch, meta, suite) = match source {
        KernelSource::Debian {
            deb_arch,
            meta,
            suite,
        } => (deb_arch, meta, suite),
        KernelSource::None(why) => {
            return Err(Fail::setup(format!(
                "no {} kernel for {}: {why}",
                release.name(),
                arch.name()
            )));
        }
    };
    let cache = cache_dir(deb_arch, suite);
    let image = cache.join("kernel");
    let version_file = cache.join("version");
    let cached = || {
        image.is_file()
            && version_file.is_file()
            && firmware_of(&cache).is_none_or(|firmware| firmware.is_file())
    };
    if !cached() {
        crate::tools::while_locked(|| {
            if cached() {
                Ok(())
            } else {
                fetch(deb_arch, meta, suite, machine.firmware, &cache)
            }
        })?;
    }
    let version = std::fs::read_to_string(&version_file).unwrap_or_default();
    let elf = match machine.pvh_firmware {
        Some(_) => unpacked_elf(&cache, &image)?,
        None => Err(String::new()),
    };
    Ok(Kernel {
        image,
        elf,
        firmware: firmware_of(&cache),
        description: format!(
            "Debian {} {deb_arch} kernel {}",
            suite.describe(),
            version.trim()
        ),
    })
}

/// The ELF kernel inside the cached `bzImage` `image`, unpacked once into
/// `cache/vmlinux`; or why there is none, remembered in `cache/vmlinux.why`
/// so that the next run does not try again. (A cache filled before xtask
/// unpacked kernels gets its ELF file on its next use, and a reason written
/// by an xtask that read fewer formats is tried again: its first line is
/// the formats that xtask read.)
fn unpacked_elf(cache: &Path, image: &Path) -> Result<Result<PathBuf, String>, Fail> {
    let elf = cache.join("vmlinux");
    let why = cache.join("vmlinux.why");
    let known = || -> Option<Result<PathBuf, String>> {
        if elf.is_file() {
            return Some(Ok(elf.clone()));
        }
        remembered(&std::fs::read_to_string(&why).ok()?).map(Err)
    };
    if let Some(known) = known() {
        return Ok(known);
    }
    crate::tools::while_locked(|| {
        if let Some(known) = known() {
            return Ok(known);
        }
        let written = |error: std::io::Error| {
            Fail::setup(format!("could not write into {}: {error}", cache.display()))
        };
        let bzimage = std::fs::read(image).map_err(written)?;
        println!(
            "==> unpacking the ELF kernel from {} (once, for a boot without decompression)",
            crate::workspace::shown(image)
        );
        match super::vmlinux::unpack(&bzimage) {
            Ok(bytes) => {
                let partial = cache.join("vmlinux.partial");
                std::fs::write(&partial, bytes).map_err(written)?;
                std::fs::rename(&partial, &elf).map_err(written)?;
                // A reason an older xtask remembered is no longer true.
                let _ = std::fs::remove_file(&why);
                Ok(Ok(elf.clone()))
            }
            Err(reason) => {
                // Written whole or not at all: a reason cut short would
                // read as no reason.
                let partial = cache.join("vmlinux.why.partial");
                let text = format!("{}\n{reason}\n", super::vmlinux::formats());
                std::fs::write(&partial, text).map_err(written)?;
                std::fs::rename(&partial, &why).map_err(written)?;
                Ok(Err(reason))
            }
        }
    })
}

/// The reason a `vmlinux.why` file remembers, if this xtask should believe
/// it: written by an xtask that read the same compressions (its first line),
/// and not empty.
fn remembered(text: &str) -> Option<String> {
    let (formats, reason) = text.split_once('\n')?;
    let reason = reason.trim();
    (formats == super::vmlinux::formats() && !reason.is_empty()).then(|| reason.to_string())
}

/// Where a kernel from `suite` is kept: `kernels/arm64` for the machine's
/// own release, `kernels/arm64-sid` for a named suite.
fn cache_dir(deb_arch: &str, suite: Suite) -> PathBuf {
    let name = match suite {
        Suite::System => deb_arch.to_string(),
        Suite::Named(name) => format!("{deb_arch}-{name}"),
    };
    crate::tools::tools_dir().join("kernels").join(name)
}

/// The private apt configuration for `deb_arch` and `suite`, index loaded.
fn kernel_apt(deb_arch: &str, suite: Suite, dir: &Path) -> Result<PrivateApt, Fail> {
    require_package_tools("kernels")?;
    let source = system_source()?;
    if !source.is_debian {
        // Ubuntu keeps other architectures on a second archive and names
        // their kernel packages differently; only Debian's layout is known.
        return Err(Fail::setup(format!(
            "xtask fetches --vm kernels from Debian's archive, and this machine's apt source \
             ({} {}) is not Debian's; pass --kernel PATH with a {deb_arch} kernel image",
            source.uris, source.release
        )));
    }
    let suite = match suite {
        Suite::System => source.release.clone(),
        Suite::Named(name) => name.to_string(),
    };
    let mut apt = PrivateApt::prepare(&source, dir, &[suite], deb_arch)?;
    apt.update();
    Ok(apt)
}

/// Downloads and unpacks `meta`'s kernel (and the machine's firmware) into
/// `cache`, always through a private apt configuration, so the system's is
/// never changed.
fn fetch(
    deb_arch: &str,
    meta: &str,
    suite: Suite,
    firmware: Option<Firmware>,
    cache: &Path,
) -> Result<(), Fail> {
    // The version file marks a complete fetch: removed first, written last.
    // An ELF kernel unpacked from an earlier image is no longer this one's.
    let _ = std::fs::remove_file(cache.join("version"));
    let _ = std::fs::remove_file(cache.join("vmlinux"));
    let _ = std::fs::remove_file(cache.join("vmlinux.why"));
    let apt = kernel_apt(deb_arch, suite, &cache.join("apt"))?;
    let download = cache.join("download");
    fresh_dir(&download)?;

    println!("==> apt-get download {meta}:{deb_arch}");
    let meta_deb = apt_download(&apt, &download, meta, deb_arch)?;
    let image_package = dependency(&meta_deb, "linux-image-")?;
    println!("==> apt-get download {image_package}:{deb_arch}");
    let image_deb = apt_download(&apt, &download, &image_package, deb_arch)?;
    let version = output_of(
        Command::new("dpkg-deb")
            .arg("-f")
            .arg(&image_deb)
            .arg("Version"),
    )?;
    let unpacked = download.join("unpacked");
    unpack(&image_deb, &unpacked)?;
    let mut found = find_image(&unpacked);
    if found.is_none() {
        // Debian unstable: the image package only depends on the binary.
        let binary_package = dependency(&image_deb, "linux-binary-")?;
        println!("==> apt-get download {binary_package}:{deb_arch}");
        let binary_deb = apt_download(&apt, &download, &binary_package, deb_arch)?;
        unpack(&binary_deb, &unpacked)?;
        found = find_image(&unpacked);
    }
    let image = found.ok_or_else(|| {
        Fail::setup(format!(
            "{image_package} holds no /boot/vmlinu[xz]-* nor /usr/lib/modules/*/vmlinu[xz]"
        ))
    })?;
    let copy_error = |error: std::io::Error| Fail::could_not("fill", cache.display(), error);
    std::fs::copy(&image, cache.join("kernel")).map_err(copy_error)?;
    if let Some(firmware) = firmware {
        copy_firmware(&apt, &download, deb_arch, firmware, &cache.join("firmware"))?;
    }
    std::fs::write(
        cache.join("version"),
        format!("{image_package} {}\n", version.trim()),
    )
    .map_err(copy_error)?;
    let _ = std::fs::remove_dir_all(&download);
    let _ = std::fs::remove_dir_all(cache.join("apt"));
    Ok(())
}

/// For `--kernel PATH` on a machine that needs firmware: Debian's, from
/// the suite the distribution kernel would come from.
fn fetch_firmware_only(
    arch: Arch,
    release: KernelRelease,
    firmware: Firmware,
) -> Result<PathBuf, Fail> {
    let machine = arch.machine();
    let source = machine.kernel_source(release);
    let KernelSource::Debian {
        deb_arch, suite, ..
    } = source
    else {
        return Err(Fail::setup(format!(
            "{} needs firmware ({}) that xtask takes from Debian's kernel suite, and there is \
             none for --kernel-release {}",
            arch.name(),
            firmware.package,
            release.name()
        )));
    };
    let dir = cache_dir(deb_arch, suite);
    let path = dir.join("firmware");
    if !path.is_file() {
        crate::tools::while_locked(|| {
            if path.is_file() {
                return Ok(());
            }
            let apt = kernel_apt(deb_arch, suite, &dir.join("apt"))?;
            let download = dir.join("download");
            fresh_dir(&download)?;
            copy_firmware(&apt, &download, deb_arch, firmware, &path)?;
            let _ = std::fs::remove_dir_all(&download);
            let _ = std::fs::remove_dir_all(dir.join("apt"));
            Ok(())
        })?;
    }
    Ok(path)
}

/// Downloads `firmware`'s package and copies its file to `to`.
fn copy_firmware(
    apt: &PrivateApt,
    download: &Path,
    deb_arch: &str,
    firmware: Firmware,
    to: &Path,
) -> Result<(), Fail> {
    println!("==> apt-get download {} (firmware)", firmware.package);
    let deb = apt_download(apt, download, firmware.package, deb_arch)?;
    let unpacked = download.join("firmware");
    unpack(&deb, &unpacked)?;
    std::fs::copy(unpacked.join(firmware.file), to).map_err(|error| {
        Fail::setup(format!(
            "{} has no {} ({error})",
            firmware.package, firmware.file
        ))
    })?;
    Ok(())
}

/// The first package in `deb`'s Depends whose name starts with `prefix`.
fn dependency(deb: &Path, prefix: &str) -> Result<String, Fail> {
    let depends = output_of(Command::new("dpkg-deb").arg("-f").arg(deb).arg("Depends"))?;
    depends
        .split([',', '|'])
        .map(|entry| entry.split_whitespace().next().unwrap_or(""))
        .find(|name| name.starts_with(prefix))
        .map(str::to_string)
        .ok_or_else(|| {
            Fail::setup(format!(
                "{} names no {prefix}* package in its Depends ({})",
                deb.display(),
                depends.trim()
            ))
        })
}

/// The kernel image in an unpacked package: `/boot/vmlinu[xz]-<version>`
/// (Debian 12), or `/usr/lib/modules/<version>/vmlinu[xz]` (unstable).
/// vmlinuz is compressed with its own loader (arm64, amd64, s390x, and
/// loong64's EFI zboot image); vmlinux is a plain ELF file (ppc64el,
/// mips64el) or, on riscv64, an EFI (PE) image, which QEMU's virt board
/// also boots.
fn find_image(unpacked: &Path) -> Option<PathBuf> {
    let is_image = |name: &str| name.starts_with("vmlinuz") || name.starts_with("vmlinux");
    let files_in = |dir: PathBuf| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let name_of = |path: &PathBuf| {
        path.file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("")
            .to_string()
    };
    let in_boot = files_in(unpacked.join("boot"))
        .into_iter()
        .find(|path| is_image(&name_of(path)));
    in_boot.or_else(|| {
        files_in(unpacked.join("usr/lib/modules"))
            .into_iter()
            .flat_map(files_in)
            .find(|path| is_image(&name_of(path)))
    })
}

/// `apt-get download package:arch` into `dir`; the .deb's path.
fn apt_download(
    apt: &PrivateApt,
    dir: &Path,
    package: &str,
    deb_arch: &str,
) -> Result<PathBuf, Fail> {
    let spec = format!("{package}:{deb_arch}");
    let status = apt
        .apt_get()
        .args(["download", "-q", &spec])
        .current_dir(dir)
        .status()
        .map_err(|error| Fail::could_not("run", "apt-get", error))?;
    if !status.success() {
        return Err(Fail::setup(format!(
            "apt-get download {spec} failed ({status}); does that Debian release have it, and \
             did its index load (see above{})? Otherwise pass --kernel PATH",
            apt.update_failure()
        )));
    }
    std::fs::read_dir(dir)
        .map_err(|error| Fail::could_not("list", dir.display(), error))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with(&format!("{package}_")) && name.ends_with(".deb")
                })
        })
        .ok_or_else(|| Fail::setup(format!("apt-get download {spec} left no .deb")))
}

/// `command`'s stdout, if it exits with 0.
fn output_of(command: &mut Command) -> Result<String, Fail> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| Fail::could_not("run", format!("{command:?}"), error))?;
    if !output.status.success() {
        return Err(Fail::command_failed(
            format!("{command:?}"),
            output.status,
            "",
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_reason_is_believed_only_from_an_xtask_that_read_the_same() {
        let formats = super::super::vmlinux::formats();
        let reason = "the kernel has no PVH entry point (built without CONFIG_PVH)";
        assert_eq!(
            remembered(&format!("{formats}\n{reason}\n")).as_deref(),
            Some(reason)
        );
        assert_eq!(
            remembered(&format!("{formats}\n{reason}")).as_deref(),
            Some(reason)
        );
        // Before the formats line: one line, the reason alone.
        assert_eq!(
            remembered(
                "the kernel is compressed in a way xtask does not read (magic 28 b5 2f fd)\n"
            ),
            None
        );
        assert_eq!(remembered(&format!("xz, gzip\n{reason}\n")), None);
        // Cut short after the formats line.
        assert_eq!(remembered(&format!("{formats}\n")), None);
        assert_eq!(remembered(""), None);
    }
}
