//! What the numbers were measured on, read from /proc and /sys: without
//! it a table of GB/s means little (a laptop and a server differ tenfold,
//! and a virtual machine's "disk" may be the host's page cache).

use std::path::Path;

/// One line per fact: CPU, cores, memory, kernel, THP, filesystem.
pub fn describe(dir: &Path) -> Vec<(&'static str, String)> {
    let cpuinfo = read("/proc/cpuinfo");
    let field = |name: &str| {
        cpuinfo
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
    };
    let virtual_machine = field("flags").is_some_and(|f| f.split(' ').any(|x| x == "hypervisor"));
    let mut cpu = field("model name").unwrap_or_else(|| std::env::consts::ARCH.to_string());
    if virtual_machine {
        cpu.push_str(" (virtual machine: cpuinfo has the hypervisor flag)");
    }
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_kib = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    let thp = read("/sys/kernel/mm/transparent_hugepage/enabled");
    let thp = thp
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .map_or("unknown".to_string(), |(mode, _)| mode.to_string());
    vec![
        ("cpu", cpu),
        ("cores", cores.to_string()),
        (
            "memory",
            format!("{:.1} GiB", mem_kib as f64 / (1 << 20) as f64),
        ),
        (
            "kernel",
            format!("Linux {}", read("/proc/sys/kernel/osrelease").trim()),
        ),
        ("transparent huge pages", thp),
        ("test files on", filesystem(dir)),
    ]
}

/// The one-line form, for the plot's subtitle.
pub fn one_line(facts: &[(&str, String)]) -> String {
    facts
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The filesystem type and device of the mount holding `dir`: the entry of
/// /proc/self/mountinfo with the longest mount point that is a prefix.
fn filesystem(dir: &Path) -> String {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut best: Option<(usize, String)> = None;
    for line in read("/proc/self/mountinfo").lines() {
        // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw"
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let Some(mount_point) = left.split(' ').nth(4) else {
            continue;
        };
        let mut right = right.split(' ');
        let (fs, source) = (right.next().unwrap_or("?"), right.next().unwrap_or("?"));
        if dir.starts_with(mount_point)
            && best
                .as_ref()
                .is_none_or(|(len, _)| mount_point.len() >= *len)
        {
            best = Some((
                mount_point.len(),
                format!("{fs} ({source}, mounted at {mount_point})"),
            ));
        }
    }
    best.map_or("unknown".to_string(), |(_, text)| text)
}
