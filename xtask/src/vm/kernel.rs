//! A kernel to boot: the reader's own (`--kernel PATH`), or a Debian
//! kernel fetched through apt and cached under `target/tools/kernels/`.
//!
//! On Debian a kernel for another architecture is one package away. A
//! private apt configuration whose only architecture is, say, arm64
//! (`tools/private_apt.rs`) loads that architecture's package index without
//! `dpkg --add-architecture` and without root; `apt-get download` fetches a
//! package without installing it, and `dpkg-deb -x` unpacks it into a
//! directory, where `/boot/vmlinuz-*` is the kernel. The metapackage
//! (`linux-image-arm64`) always depends on the current image package
//! (`linux-image-6.1.0-NN-arm64`), which is how we find it.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use crate::arch::Arch;
use crate::fail::Fail;
use crate::tools::deb_fetch::require_package_tools;
use crate::tools::private_apt::PrivateApt;
use crate::tools::system_source::system_source;
use crate::vm::machine::{KernelSource, machine};

/// A kernel image and what it is.
pub struct Kernel {
    /// The image file QEMU loads with `-kernel`.
    pub image: PathBuf,
    /// Its package and version, or "your own", for reports.
    pub description: String,
}

/// `cargo xtask kernel --arch A`: fetch (or find in the cache) the kernel
/// and say where it is.
pub fn kernel_command(arch: Arch) -> Result<ExitCode, Fail> {
    let kernel = resolve(arch, None)?;
    println!("{}: {}", arch.name(), kernel.description);
    println!("{}", kernel.image.display());
    Ok(ExitCode::SUCCESS)
}

/// The kernel for `arch`: `given` if the reader passed one, else the cached
/// distribution kernel, fetched first if it is not there yet.
pub fn resolve(arch: Arch, given: Option<&Path>) -> Result<Kernel, Fail> {
    if let Some(path) = given {
        if !path.is_file() {
            return Err(Fail::setup(format!(
                "--kernel {}: no such file",
                path.display()
            )));
        }
        return Ok(Kernel {
            image: path.to_path_buf(),
            description: format!("your kernel {}", path.display()),
        });
    }
    let (deb_arch, meta, suite) = match machine(arch).kernel {
        KernelSource::Distribution {
            deb_arch,
            meta,
            suite,
        } => (deb_arch, meta, suite),
        KernelSource::None(instead) => {
            return Err(Fail::setup(format!(
                "no distribution kernel for {}: {instead}",
                arch.name()
            )));
        }
    };
    let cache = crate::tools::tools_dir().join("kernels").join(deb_arch);
    let image = cache.join("kernel");
    let version_file = cache.join("version");
    let cached = || image.is_file() && version_file.is_file();
    if !cached() {
        crate::tools::while_locked(|| {
            if cached() {
                Ok(())
            } else {
                fetch(deb_arch, meta, suite, &cache)
            }
        })?;
    }
    let version = std::fs::read_to_string(&version_file).unwrap_or_default();
    let release = suite.map(|suite| format!(" ({suite})")).unwrap_or_default();
    Ok(Kernel {
        image,
        description: format!("Debian{release} {deb_arch} kernel {}", version.trim()),
    })
}

/// Downloads and unpacks `meta`'s image package into `cache`, from `suite`
/// if given (a newer Debian release, for an architecture the system's
/// release lacks), else from the system's own release; always through a
/// private apt configuration, so the system's is never changed.
fn fetch(deb_arch: &str, meta: &str, suite: Option<&str>, cache: &Path) -> Result<(), Fail> {
    require_package_tools("kernels")?;
    // The version file marks a complete fetch: removed first, written last.
    let _ = std::fs::remove_file(cache.join("version"));
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
    let suite = suite.map_or_else(|| source.release.clone(), str::to_string);
    let mut apt = PrivateApt::prepare(&source, &cache.join("apt"), &[suite], deb_arch)?;
    apt.update();
    let download = cache.join("download");
    let _ = std::fs::remove_dir_all(&download);
    std::fs::create_dir_all(&download).map_err(|error| {
        Fail::setup(format!("could not create {}: {error}", download.display()))
    })?;

    println!("==> apt-get download {meta}:{deb_arch}");
    let meta_deb = apt_download(&apt, &download, meta, deb_arch)?;
    let depends = output_of(
        Command::new("dpkg-deb")
            .args(["-f"])
            .arg(&meta_deb)
            .arg("Depends"),
    )?;
    let image_package = depends
        .split([',', '|'])
        .map(|entry| entry.split_whitespace().next().unwrap_or(""))
        .find(|name| name.starts_with("linux-image-"))
        .ok_or_else(|| {
            Fail::setup(format!(
                "{meta}:{deb_arch} names no linux-image package in its Depends ({depends})"
            ))
        })?
        .to_string();
    println!("==> apt-get download {image_package}:{deb_arch}");
    let image_deb = apt_download(&apt, &download, &image_package, deb_arch)?;
    let version = output_of(
        Command::new("dpkg-deb")
            .arg("-f")
            .arg(&image_deb)
            .arg("Version"),
    )?;
    let unpacked = download.join("unpacked");
    run(Command::new("dpkg-deb")
        .arg("-x")
        .arg(&image_deb)
        .arg(&unpacked))?;

    // vmlinuz (compressed, with its own loader) on arm64, amd64 and s390x;
    // vmlinux (a plain ELF file) on ppc64el and mips64el; on riscv64 a
    // vmlinux that is an EFI (PE) image, which QEMU's virt board also boots.
    let boot = unpacked.join("boot");
    let image = std::fs::read_dir(&boot)
        .map_err(|error| Fail::setup(format!("{image_package} has no /boot: {error}")))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("vmlinuz-") || name.starts_with("vmlinux-"))
        })
        .ok_or_else(|| Fail::setup(format!("{image_package} holds no /boot/vmlinu[xz]-*")))?;
    let copy_error =
        |error: std::io::Error| Fail::setup(format!("could not fill {}: {error}", cache.display()));
    std::fs::copy(&image, cache.join("kernel")).map_err(copy_error)?;
    std::fs::write(
        cache.join("version"),
        format!("{image_package} {}\n", version.trim()),
    )
    .map_err(copy_error)?;
    let _ = std::fs::remove_dir_all(&download);
    let _ = std::fs::remove_dir_all(cache.join("apt"));
    Ok(())
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
        .map_err(|error| Fail::setup(format!("could not run apt-get: {error}")))?;
    if !status.success() {
        return Err(Fail::setup(format!(
            "apt-get download {spec} failed ({status}); does that Debian release have it, and \
             did its index load (see above)? Otherwise pass --kernel PATH"
        )));
    }
    std::fs::read_dir(dir)
        .map_err(|error| Fail::setup(format!("could not list {}: {error}", dir.display())))?
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

/// Runs `command`; a failure is a setup error naming it.
fn run(command: &mut Command) -> Result<(), Fail> {
    let status = command
        .stdin(Stdio::null())
        .status()
        .map_err(|error| Fail::setup(format!("could not run {command:?}: {error}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Fail::setup(format!("{command:?} failed ({status})")))
    }
}

/// `command`'s stdout, if it exits with 0.
fn output_of(command: &mut Command) -> Result<String, Fail> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| Fail::setup(format!("could not run {command:?}: {error}")))?;
    if !output.status.success() {
        return Err(Fail::setup(format!(
            "{command:?} failed ({})",
            output.status
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
