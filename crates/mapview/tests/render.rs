//! Snapshot tests of both renderers, from maps texts of lesson 07's part 2
//! (three pages between guards, the middle one unmapped): one per
//! address-space layout. Each fixture says where it came from.

use mapview::{Picture, parse_snapshots, pictures, svg, text};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Escape codes made visible, so a snapshot shows where colour goes.
fn visible(text: &str) -> String {
    text.replace('\x1b', "\\e")
}

fn check(name: &str) {
    let text = fixture(&format!("{name}.snapshots"));
    let snapshots = parse_snapshots(&text).expect("the fixture parses");
    let all = pictures(&snapshots);
    let plain = text::render_all(&all, &text::Options::default());
    for line in plain.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
    insta::assert_snapshot!(format!("{name}-text"), plain);
    let coloured = text::Options {
        colour: true,
        ..Default::default()
    };
    insta::assert_snapshot!(
        format!("{name}-colour"),
        visible(&text::render_all(&all, &coloured))
    );
    // The SVG of the munmap: the picture with a removed row.
    let munmap: &Picture<'_> = all
        .iter()
        .find(|p| p.snapshot.call.starts_with("munmap("))
        .expect("the fixture has a munmap");
    let options = svg::Options {
        caption: format!("Lesson 07: the middle page unmapped ({name})"),
        context: 2,
        theme: svg::Theme::Auto,
        hide_kernel_mappings: false,
    };
    insta::assert_snapshot!(format!("{name}-svg"), svg::render(munmap, &options));
}

#[test]
fn pages_of_4_kib_aarch64() {
    check("lesson07-aarch64");
}

#[test]
fn address_space_of_32_bits_armv7() {
    check("lesson07-armv7");
}

#[test]
fn pages_of_16_kib() {
    check("lesson07-16k-by-hand");
}

#[test]
fn pages_of_64_kib() {
    check("lesson07-64k-by-hand");
}
