//! Draws the snapshots in a file (a program's standard error, run with
//! `MMAP_MAP_SNAPSHOTS=on`): every picture on standard output, coloured
//! when it is a terminal and `NO_COLOR` is unset; with `--svg DIR`, each
//! picture also as `DIR/NN.svg` (and `DIR/NN-dark.svg`, the dark theme
//! forced, to look at with a renderer that ignores `prefers-color-scheme`).
//!
//! `cargo run -p mapview --example render -- tests/fixtures/lesson07-aarch64.snapshots`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, svg_dir) = match args.as_slice() {
        [path] => (path, None),
        [path, flag, dir] if flag == "--svg" => (path, Some(dir)),
        _ => {
            eprintln!("usage: render SNAPSHOTS-FILE [--svg DIR]");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("render: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let snapshots = match mapview::parse_snapshots(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("render: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let pictures = mapview::pictures(&snapshots);
    let options = mapview::text::Options {
        colour: mapview::colour_wanted(&std::io::stdout()),
        ..Default::default()
    };
    print!("{}", mapview::text::render_all(&pictures, &options));
    if let Some(dir) = svg_dir {
        for (i, picture) in pictures.iter().enumerate() {
            for (theme, suffix) in [
                (mapview::svg::Theme::Auto, ""),
                (mapview::svg::Theme::Dark, "-dark"),
            ] {
                let svg = mapview::svg::render(
                    picture,
                    &mapview::svg::Options {
                        caption: format!("{path}, snapshot {}", i + 1),
                        context: 2,
                        theme,
                        hide_kernel_mappings: false,
                    },
                );
                let file = format!("{dir}/{:02}{suffix}.svg", i + 1);
                if let Err(e) = std::fs::write(&file, svg) {
                    eprintln!("render: cannot write {file}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    ExitCode::SUCCESS
}
