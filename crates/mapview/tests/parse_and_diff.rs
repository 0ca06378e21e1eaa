//! The parser refuses bad input with a line number (never a panic), and
//! the diff marks what a call did.

use mapview::{Row, Shape, parse_line, parse_maps, parse_snapshots, rows};

#[test]
fn a_kernel_line_and_a_qemu_padded_line_parse() {
    let m = parse_line(
        "7f3a2c1d5000-7f3a2c1d6000 rw-s 00001000 08:01 1234  /tmp/a b (deleted)",
        1,
    )
    .unwrap();
    assert_eq!(
        (m.start, m.end, m.offset, m.inode),
        (0x7f3a2c1d5000, 0x7f3a2c1d6000, 0x1000, 1234)
    );
    assert!(m.read && m.write && !m.exec && m.shared);
    assert_eq!(m.path, "/tmp/a b (deleted)");
    let padded = parse_line("10000-14000 r--p 00000000 fe:00 5391539      ", 1).unwrap();
    assert_eq!(padded.path, "");
}

#[test]
fn malformed_lines_are_errors_naming_the_line() {
    let bad = [
        "",
        "7f00-7f10",
        "7f00 rw-p 0 00:00 0",
        "zz00-7f10 rw-p 0 00:00 0",
        "7f10-7f00 rw-p 0 00:00 0",
        "7f00-7f10 rwxq 0 00:00 0",
        "7f00-7f10 rw- 0 00:00 0",
        "7f00-7f10 rw-p 0g 00:00 0",
        "7f00-7f10 rw-p 0 00:00 x",
        "7f00-7f10 rw-p 0 00:00 99999999999999999999999",
        "ffffffffffffffffff-1 rw-p 0 00:00 0",
    ];
    for line in bad {
        let error = parse_line(line, 7).expect_err(line);
        assert_eq!(error.line, 7, "{line:?}: {error}");
    }
    let overlapping = "1000-3000 rw-p 0 00:00 0\n2000-4000 rw-p 0 00:00 0\n";
    assert!(parse_maps(overlapping).is_err());
}

#[test]
fn broken_frames_are_errors() {
    let begin = "MMAPMAPS BEGIN pid=5 pagesize=4096 munmap(0x1000, 4096) = 0\n";
    let line = "1000-2000 rw-p 00000000 00:00 0\n";
    let end = "MMAPMAPS END pid=5\n";
    let ok = format!("noise\n{begin}{line}{end}more noise\n");
    assert_eq!(parse_snapshots(&ok).unwrap().len(), 1);
    let cases = [
        format!("{begin}{line}"),                     // never ends
        format!("{line}{end}"),                       // never began
        format!("{begin}{begin}{end}"),               // nested
        format!("{begin}not a maps line\n{end}"),     // foreign line
        format!("{begin}{line}MMAPMAPS END pid=6\n"), // wrong pid
        "MMAPMAPS BEGIN pid=5 munmap(0x1000, 4096) = 0\nMMAPMAPS END pid=5\n".into(),
        "MMAPMAPS BEGIN pid=5 pagesize=3000 x() = 0\nMMAPMAPS END pid=5\n".into(),
        "MMAPMAPS BEGIN pid=5 pagesize=4096 range=1000 x() = 0\nMMAPMAPS END pid=5\n".into(),
    ];
    for case in &cases {
        assert!(parse_snapshots(case).is_err(), "{case:?}");
    }
    let unreadable = format!("{begin}MMAPMAPS END pid=5 unreadable\n");
    assert_eq!(parse_snapshots(&unreadable).unwrap()[0].maps, None);
}

fn maps(text: &str) -> Vec<mapview::Mapping> {
    parse_maps(text).unwrap()
}

/// The rows' marks, highest address first; holes as `hole`.
fn marks(before: &str, after: &str) -> Vec<String> {
    rows(Some(&maps(before)), &maps(after))
        .iter()
        .map(|row| match row {
            Row::Hole { start, end } => format!("hole {start:x}-{end:x}"),
            Row::Mapping {
                mapping,
                shape,
                protection_was,
            } => format!(
                "{:?} {:x}-{:x}{}",
                shape,
                mapping.start,
                mapping.end,
                protection_was
                    .as_ref()
                    .map(|w| format!(" was {w}"))
                    .unwrap_or_default()
            ),
        })
        .collect()
}

#[test]
fn unmapping_the_middle_splits_and_removes() {
    let before = "1000-4000 rw-p 00000000 00:00 0\n";
    let after = "1000-2000 rw-p 00000000 00:00 0\n3000-4000 rw-p 00000000 00:00 0\n";
    assert_eq!(
        marks(before, after),
        ["Split 3000-4000", "Removed 2000-3000", "Split 1000-2000"]
    );
}

#[test]
fn a_new_mapping_is_added_and_an_unmapped_one_removed_leaving_a_hole() {
    let before = "1000-2000 r--p 00000000 08:01 7 /f\n5000-6000 rw-p 00000000 00:00 0\n";
    let after = "1000-2000 r--p 00000000 08:01 7 /f\n8000-9000 rw-s 00000000 08:01 9 /g\n";
    assert_eq!(
        marks(before, after),
        [
            "Added 8000-9000",
            "hole 6000-8000",
            "Removed 5000-6000",
            "hole 2000-5000",
            "Same 1000-2000"
        ]
    );
}

#[test]
fn mprotect_of_part_splits_and_changes_permissions() {
    let before = "1000-4000 rw-p 00002000 08:01 7 /f\n";
    let after = "1000-2000 rw-p 00002000 08:01 7 /f\n2000-3000 r--p 00003000 08:01 7 /f\n3000-4000 rw-p 00004000 08:01 7 /f\n";
    assert_eq!(
        marks(before, after),
        [
            "Split 3000-4000",
            "Split 2000-3000 was rw-p",
            "Split 1000-2000"
        ]
    );
    // The whole mapping: same shape, new permissions.
    let whole = "1000-4000 r--p 00002000 08:01 7 /f\n";
    assert_eq!(marks(before, whole), ["Same 1000-4000 was rw-p"]);
    // And back: three pieces merged into one.
    assert_eq!(
        marks(after, before),
        ["Merged 1000-4000 was rw-p,r--p,rw-p"]
    );
}

#[test]
fn another_file_over_a_mapping_is_added_not_split() {
    let before = "1000-4000 rw-p 00000000 08:01 7 /f\n";
    let after = "1000-2000 rw-p 00000000 08:01 7 /f\n2000-3000 rw-p 00000000 08:01 8 /g\n3000-4000 rw-p 00002000 08:01 7 /f\n";
    assert_eq!(
        marks(before, after),
        ["Split 3000-4000", "Added 2000-3000", "Split 1000-2000"]
    );
}

#[test]
fn shrinking_and_growing() {
    let before = "1000-4000 rw-p 00000000 00:00 0\n";
    assert_eq!(
        marks(before, "1000-2000 rw-p 00000000 00:00 0\n"),
        ["Removed 2000-4000", "Shrunk 1000-2000"]
    );
    assert_eq!(
        marks(before, "1000-6000 rw-p 00000000 00:00 0\n"),
        ["Grown 1000-6000"]
    );
    assert!(Shape::Removed.mark() != Shape::Added.mark());
}
