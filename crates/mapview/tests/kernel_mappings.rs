//! `svg::Options::hide_kernel_mappings`: two address spaces that differ
//! only in the kernel's own mappings draw the same picture with it, a
//! single view and a forked child's view beside its parent's alike. The
//! two layouts are written by hand after what x86_64 kernels show: Linux
//! 6.18 maps `[vvar]`, `[vvar_vclock]` and `[vdso]` just above mmap's
//! first mapping, Linux 6.1 maps no `[vvar_vclock]` and puts `[vvar]` and
//! `[vdso]` above the stack; both have `[vsyscall]`.

use mapview::{parse_snapshots, pictures, svg};

const PROGRAM: &str = "\
00200000-00207000 r--p 00000000 fe:00 42 /course/target/lesson
00207000-00216000 r-xp 00006000 fe:00 42 /course/target/lesson
00216000-00217000 rw-p 00014000 fe:00 42 /course/target/lesson
";
const STACK: &str = "7ffc87c4b000-7ffc87c6c000 rw-p 00000000 00:00 0 [stack]\n";
const VSYSCALL: &str = "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n";
/// Linux 6.18's: right above where mmap places its first mapping.
const KERNEL_6_18: &str = "\
7f66bf142000-7f66bf146000 r--p 00000000 00:00 0 [vvar]
7f66bf146000-7f66bf148000 r--p 00000000 00:00 0 [vvar_vclock]
7f66bf148000-7f66bf14a000 r-xp 00000000 00:00 0 [vdso]
";
/// Linux 6.1's: above the stack.
const KERNEL_6_1: &str = "\
7ffc87d9c000-7ffc87da0000 r--p 00000000 00:00 0 [vvar]
7ffc87da0000-7ffc87da2000 r-xp 00000000 00:00 0 [vdso]
";
/// What the program maps: one page of a file, then a fork.
const MAPPED: &str = "7f66bf141000-7f66bf142000 r--s 00000000 fe:00 77 /course/existing.txt\n";

/// A run's frames: the start, an mmap, and a fork seen by parent and
/// child; `kernel_low` lies among mmap's mappings, `kernel_high` above
/// the stack.
fn frames(kernel_low: &str, kernel_high: &str) -> String {
    let before = format!("{PROGRAM}{kernel_low}{STACK}{kernel_high}{VSYSCALL}");
    let after = format!("{PROGRAM}{MAPPED}{kernel_low}{STACK}{kernel_high}{VSYSCALL}");
    format!(
        "MMAPMAPS BEGIN pid=10 pagesize=4096 (start)\n{before}MMAPMAPS END pid=10\n\
         MMAPMAPS BEGIN pid=10 pagesize=4096 range=7f66bf141000-7f66bf142000 \
         mmap(NULL, 40, PROT_READ, MAP_SHARED, 3, 0) = 0x7f66bf141000\n{after}MMAPMAPS END pid=10\n\
         MMAPMAPS BEGIN pid=10 pagesize=4096 clone(SIGCHLD, NULL, NULL, NULL, NULL) = 11\n\
         {after}MMAPMAPS END pid=10\n\
         MMAPMAPS BEGIN pid=11 pagesize=4096 forked-from=10 \
         clone(SIGCHLD, NULL, NULL, NULL, NULL) = 0\n{after}MMAPMAPS END pid=11\n"
    )
}

/// The SVG of every picture drawn (the mmap's, the child's first view).
fn drawn(frames: &str, hide_kernel_mappings: bool) -> Vec<String> {
    let snapshots = parse_snapshots(frames).expect("the frames parse");
    let options = svg::Options {
        caption: "an mmap, then a fork".to_string(),
        context: 2,
        theme: svg::Theme::Auto,
        hide_kernel_mappings,
    };
    pictures(&snapshots)
        .iter()
        .filter(|p| !p.snapshot.is_reference())
        .map(|p| svg::render(p, &options))
        .collect()
}

#[test]
fn the_kernels_mappings_left_out_draw_the_same_picture() {
    let new = frames(KERNEL_6_18, "");
    let old = frames("", KERNEL_6_1);
    let none = frames("", "");
    let hidden = drawn(&new, true);
    assert_eq!(hidden.len(), 2, "an mmap's picture and a fork's");
    assert_eq!(hidden, drawn(&old, true));
    assert_eq!(hidden, drawn(&none, true));
    for svg in &hidden {
        assert!(!svg.contains(">[v"), "a kernel mapping is drawn:\n{svg}");
        assert!(svg.contains(&svg::KERNEL_MAPPINGS_NOT_SHOWN.replace('\'', "&apos;")));
        // The program's own rows are still there: the file, the stack and
        // the program.
        for row in ["existing.txt", "[stack]", "/course/target/lesson"] {
            assert!(svg.contains(row), "{row} is missing:\n{svg}");
        }
    }
    // Without the option each draws what its kernel showed, and no note.
    let shown = drawn(&new, false);
    assert_ne!(shown, drawn(&old, false));
    assert!(shown[0].contains("[vvar_vclock]"));
    assert!(shown.iter().all(|svg| !svg.contains("are not shown")));
}

#[test]
fn joins_the_holes_around_a_left_out_mapping() {
    let text = frames(KERNEL_6_18, "");
    let snapshots = parse_snapshots(&text).expect("the frames parse");
    let all = pictures(&snapshots);
    let mmap = all
        .iter()
        .find(|p| p.snapshot.call.starts_with("mmap("))
        .expect("an mmap's picture");
    let rows = mmap.without_kernel_mappings().rows;
    // [stack], one hole, the file, a hole, the program's three.
    let holes: Vec<(u64, u64)> = rows
        .iter()
        .filter(|r| matches!(r, mapview::Row::Hole { .. }))
        .map(|r| r.range())
        .collect();
    assert_eq!(
        holes,
        [(0x7f66bf142000, 0x7ffc87c4b000), (0x217000, 0x7f66bf141000)]
    );
    assert_eq!(rows.len(), 7);
}

#[test]
fn the_kernels_mappings_are_the_bracketed_names_not_the_programs() {
    let named = |path: &str| {
        mapview::parse_line(
            &format!("7f0000000000-7f0000001000 r--p 00000000 00:00 0 {path}"),
            1,
        )
        .expect("the line parses")
    };
    for kernels in [
        "[vvar]",
        "[vvar_vclock]",
        "[vdso]",
        "[vsyscall]",
        "[sigpage]",
        "[vectors]",
        "[uprobes]",
    ] {
        assert!(mapview::is_kernel_special(&named(kernels)), "{kernels}");
    }
    for programs in [
        "[stack]",
        "[heap]",
        "[anon:buffer]",
        "[anon_shmem:shared]",
        "",
        "/course/existing.txt",
    ] {
        assert!(!mapview::is_kernel_special(&named(programs)), "{programs}");
    }
}
