//! `cargo xtask pictures [--check]`: the address-space pictures the lesson
//! READMEs show (`tables/pictures.rs` lists them), drawn as SVG from real
//! runs with `--map`, natively on x86_64 so that the addresses are a
//! kernel's; with `--check`, compared with the committed files instead of
//! written, and each README must show its pictures.
//!
//! The pictures leave out the kernel's own mappings (`[vdso]`, `[vvar]`,
//! ...: mapview's `hide_kernel_mappings`), whose set and places change
//! with the kernel's version, so that a learner's kernel draws the same
//! rows as the one the pictures were drawn on.
//!
//! What differs between two honest runs is masked before the comparison,
//! and nothing else: addresses (hexadecimal numbers of nine digits or more,
//! and `0x` numbers), process ids, the sizes of holes (they depend on where
//! the kernel placed things), the stack's size in pages (at exec the
//! kernel makes the stack's mapping the pages the arguments and the
//! environment fill, plus 128 KiB: fs/exec.c's setup_arg_pages; so it
//! grows with the environment) and the widths that follow from those (a
//! longer pid makes a wider call line, and so a wider picture). Paths are written
//! relative to the workspace (the target directory as `target/`), so a
//! clone elsewhere draws the same files. Everything else in a picture
//! comes from the program: its own segments' sizes from its binary, and
//! the mappings it makes from its calls (a static program without malloc
//! has no `[heap]`; one with would show brk's memory, sized by its calls).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use crate::build::exercise_build::{Answer, build};
use crate::fail::Fail;
use crate::judge::exercise::verdict_of;
use crate::run::how::How;
use crate::run::lesson_run::{
    TIMEOUT_SECS, Trace, empty_dir, require_tools, run_in_work_dir, run_lesson,
};
use crate::run::map::{Drawn, Map, call_name, caption};
use crate::tables::arch::Arch;
use crate::tables::exercises;
use crate::tables::lessons;
use crate::tables::pictures::{PICTURES, Picture, Source};
use crate::workspace;

/// Draws every picture (or checks them, with `check`).
pub fn pictures(check: bool) -> Result<ExitCode, Fail> {
    let arch = Arch::host()
        .filter(|arch| arch.name() == "x86_64")
        .ok_or_else(|| {
            Fail::bad_input(format!(
                "the README pictures are drawn natively on x86_64, and this machine is {}",
                std::env::consts::ARCH
            ))
        })?;
    require_tools(arch, &How::User)?;
    let map = Map {
        svg: None,
        context: Map::default_context(),
    };
    let mut runs: BTreeMap<String, (String, Drawn)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for picture in &PICTURES {
        let key = format!("{:?}", picture.source);
        if !runs.contains_key(&key) {
            runs.insert(key.clone(), run(picture.source, arch, &map)?);
        }
        let (label, drawn) = &runs[&key];
        let svg = draw(picture, label, drawn, &map)?;
        let lesson = lessons::find_written(picture.lesson())?;
        let file = lesson.dir().join(picture.file);
        let shown = workspace::shown(&file);
        if check {
            let committed = std::fs::read_to_string(&file).unwrap_or_default();
            if masked(&committed) != masked(&svg) {
                wrong.push(format!("{shown} does not match today's run"));
            }
            let readme = std::fs::read_to_string(lesson.dir().join("README.md"))
                .map_err(|error| Fail::could_not("read", lesson.dir().display(), error))?;
            if !readme.contains(&picture.markdown()) {
                wrong.push(format!(
                    "{}/README.md does not show {} as\n{}",
                    lesson.dir_name(),
                    picture.file,
                    picture.markdown()
                ));
            }
        } else {
            let written = std::fs::create_dir_all(file.parent().unwrap_or(Path::new(".")))
                .and_then(|()| std::fs::write(&file, &svg));
            written.map_err(|error| Fail::could_not("write", &shown, error))?;
            println!("==> wrote {shown}");
        }
    }
    if wrong.is_empty() {
        println!(
            "==> {} picture(s) {}",
            PICTURES.len(),
            if check { "match today's runs" } else { "drawn" }
        );
        return Ok(ExitCode::SUCCESS);
    }
    for line in &wrong {
        println!("==> {line}");
    }
    println!("==> `cargo xtask pictures` draws them again from today's runs");
    Ok(ExitCode::FAILURE)
}

/// Runs `source` natively with `--map`: its label and what it drew. A run
/// that does not pass draws nothing for a README.
fn run(source: Source, arch: Arch, map: &Map) -> Result<(String, Drawn), Fail> {
    match source {
        Source::Lesson(number) => {
            let lesson = lessons::find_written(number)?;
            let (outcome, drawn) = run_lesson(lesson, arch, Trace::Off, Some(map))?;
            if !outcome.passed {
                return Err(Fail::setup(format!(
                    "no pictures from a failed run: {}",
                    outcome.line
                )));
            }
            Ok((format!("{} {}", lesson.label(), arch.name()), drawn))
        }
        Source::Exercise(id) => {
            let exercise = exercises::find(id)?;
            let label = format!("the reference answer {}", arch.name());
            let binary = build(exercise, Answer::Reference, arch).map_err(Fail::setup)?;
            let work_dir = empty_dir(
                workspace::target_dir()
                    .join("exercise-work")
                    .join(arch.name())
                    .join(Answer::Reference.label(exercise)),
            )?;
            let (run, drawn) =
                run_in_work_dir(&binary, arch, &work_dir, Trace::Off, Some(map), &label)?;
            let run = run.map_err(|error| Fail::could_not("start", &label, error))?;
            if !verdict_of(&run, TIMEOUT_SECS).passed() {
                return Err(Fail::setup(format!(
                    "no pictures from a failed run: {label}"
                )));
            }
            Ok((label, drawn))
        }
    }
}

/// The SVG of `picture` from a run labelled `label`.
fn draw(picture: &Picture, label: &str, drawn: &Drawn, map: &Map) -> Result<String, Fail> {
    let mut snapshots = drawn.snapshots.clone();
    for snapshot in &mut snapshots {
        for mapping in snapshot.maps.iter_mut().flatten() {
            mapping.path = relative(&mapping.path);
        }
    }
    let pictures = mapview::pictures(&snapshots);
    let found = pictures
        .iter()
        .zip(&drawn.parts)
        .filter(|(p, part)| {
            !p.snapshot.is_reference()
                && call_name(&p.snapshot.call) == picture.call
                && part.as_deref().unwrap_or("").starts_with(picture.part)
        })
        .nth(picture.nth - 1);
    let Some((found, part)) = found else {
        return Err(Fail::setup(format!(
            "{label}: no picture of {} number {} in part {:?}, for {}",
            picture.call, picture.nth, picture.part, picture.file
        )));
    };
    Ok(mapview::svg::render(
        found,
        &mapview::svg::Options {
            caption: caption(label, part.as_deref()),
            context: map.context,
            theme: mapview::svg::Theme::Auto,
            hide_kernel_mappings: true,
        },
    ))
}

/// `path` relative to the workspace (the target directory as `target/`).
fn relative(path: &str) -> String {
    let target = workspace::target_dir();
    let root = workspace::root();
    for (dir, shown) in [(target.as_path(), "target/"), (root.as_path(), "")] {
        if let Some(rest) = Path::new(path)
            .strip_prefix(dir)
            .ok()
            .and_then(|p| p.to_str())
        {
            return format!("{shown}{rest}");
        }
    }
    path.to_string()
}

/// The SVG with what varies between honest runs replaced by `…` (see the
/// file's comment).
pub fn masked(svg: &str) -> String {
    let svg = stack_pages_masked(svg);
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    while let Some(c) = rest.chars().next() {
        // `width="123.4"` and `viewBox="0 0 123.4 56"`: follow the call line.
        for attribute in ["width=\"", "viewBox=\""] {
            if rest.starts_with(attribute)
                && !out.ends_with(|c: char| c.is_alphanumeric() || c == '-')
            {
                let end = rest[attribute.len()..]
                    .find('"')
                    .map_or(rest.len(), |i| i + attribute.len() + 1);
                out.push_str(attribute);
                out.push_str("…\"");
                rest = &rest[end..];
            }
        }
        if let Some(after) = rest.strip_prefix("hole, ") {
            out.push_str("hole, …");
            rest = &after[after.find('<').unwrap_or(after.len())..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("pid ") {
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            out.push_str("pid …");
            rest = &after[digits..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("0x") {
            let digits = after.chars().take_while(char::is_ascii_hexdigit).count();
            out.push_str("0x…");
            rest = &after[digits..];
            continue;
        }
        let hex = rest.chars().take_while(char::is_ascii_hexdigit).count();
        let boundary = !out.ends_with(|c: char| c.is_ascii_alphanumeric());
        if boundary && hex >= 9 {
            out.push('…');
            rest = &rest[hex..];
            continue;
        }
        let len = if boundary && hex > 0 {
            hex
        } else {
            c.len_utf8()
        };
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// The SVG with the stack's size in pages replaced by `…`: the number
/// drawn right-aligned (the pages column) on the line of a `[stack]` row,
/// in either view (each draws a row's texts at one `y`).
fn stack_pages_masked(svg: &str) -> String {
    let y_of = |line: &str| {
        let rest = &line[line.find(" y=\"")? + 4..];
        Some(rest[..rest.find('"')?].to_string())
    };
    let stack_rows: Vec<String> = svg
        .lines()
        .filter(|line| line.ends_with(">[stack]</text>"))
        .filter_map(y_of)
        .collect();
    let mut out = String::with_capacity(svg.len());
    for line in svg.lines() {
        let pages = line.starts_with("<text")
            && line.contains(r#" text-anchor="end""#)
            && y_of(line).is_some_and(|y| stack_rows.contains(&y));
        match line.find('>').filter(|_| pages) {
            Some(open) => {
                out.push_str(&line[..=open]);
                out.push_str("…</text>");
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_what_varies_and_nothing_else() {
        let a = r#"<svg width="812" viewBox="0 0 812 300"><text>[pid 4242] munmap(0x7f0487270000, 4096) = 0</text><text>7f048726d000-7f048726e000</text><text>00015000</text><text>hole, 127.9 TiB</text><rect width="790"/></svg>"#;
        let b = r#"<svg width="818" viewBox="0 0 818 300"><text>[pid 424242] munmap(0x7f0487aa0000, 4096) = 0</text><text>7f0487aad000-7f0487aae000</text><text>00015000</text><text>hole, 3 pages (12 KiB)</text><rect width="796"/></svg>"#;
        assert_eq!(masked(a), masked(b));
        // What the picture is about still counts: the length, the offset.
        assert_ne!(masked(a), masked(&a.replace("4096", "8192")));
        assert_ne!(masked(a), masked(&a.replace("00015000", "00016000")));
        assert_ne!(masked(a), masked(&a.replace("munmap", "mprotect")));
    }

    #[test]
    fn masks_the_stacks_pages_in_either_view() {
        // A single view's [stack] row, then a forked child's beside its
        // parent's; the other rows' page counts stay.
        let single = r#"<g class="band"><rect x="12" y="83.0" width="843" height="20"/>
<text text-anchor="end" x="285.2" y="97">33</text>
<text x="449.0" y="97">[stack]</text>
</g>
<g class="band"><rect x="12" y="123.0" width="843" height="20"/>
<text text-anchor="end" x="285.2" y="137">1</text>
<text x="449.0" y="137">target/lesson-work/x86_64/05/existing.txt</text>
</g>
"#;
        let beside = r#"<text class="fg" x="20.0" y="119">7ffcd6b17000-7ffcd6b38000</text>
<text class="fg" text-anchor="end" x="226.4" y="119">33</text>
<text class="fg" x="560.6" y="119">[stack]</text>
<text class="fg" text-anchor="end" x="226.4" y="141">13</text>
"#;
        for svg in [single, beside] {
            let other = svg.replace(">33<", ">34<");
            assert_eq!(masked(svg), masked(&other));
            assert!(masked(svg).contains(">…</text>"), "{}", masked(svg));
        }
        assert_ne!(masked(single), masked(&single.replace(">1<", ">2<")));
        assert_ne!(masked(beside), masked(&beside.replace(">13<", ">14<")));
    }

    /// Lesson 05's README picture drawn from `output`, a recorded run.
    fn lesson_05_picture(output: &str) -> String {
        let picture = PICTURES
            .iter()
            .find(|p| p.source == Source::Lesson(5))
            .expect("lesson 05 has a README picture");
        let map = Map {
            svg: None,
            context: Map::default_context(),
        };
        let drawn = crate::run::map::recorded(output);
        draw(picture, "lesson 05 example-1 x86_64", &drawn, &map).expect("the picture is found")
    }

    #[test]
    fn draws_the_same_picture_under_linux_6_18_and_6_1() {
        // A run recorded under Linux 6.18, and the same run as Linux 6.1
        // would show it: edited from the 6.18 one (no [vvar_vclock], and
        // [vvar] and [vdso] above the stack), as its first lines say.
        let new = include_str!("../../tests/fixtures/lesson05-x86_64-linux-6.18.out");
        let old = include_str!("../../tests/fixtures/lesson05-x86_64-linux-6.1-edited.out");
        let vclock = |output: &str| output.lines().any(|l| l.ends_with(" [vvar_vclock]"));
        assert!(vclock(new) && !vclock(old));
        let (new_svg, old_svg) = (lesson_05_picture(new), lesson_05_picture(old));
        assert_eq!(masked(&new_svg), masked(&old_svg));
        for row in ["existing.txt", ">[stack]<", "release/lesson05"] {
            assert!(new_svg.contains(row), "{row} is missing:\n{new_svg}");
        }
        assert!(
            !new_svg.contains(">[v"),
            "a kernel mapping is drawn:\n{new_svg}"
        );
        assert!(new_svg.contains("are not shown"));
        // A longer environment makes a larger stack: one page more.
        let grown = new.replace("7ffd30363000-7ffd30384000", "7ffd30362000-7ffd30384000");
        let grown_svg = lesson_05_picture(&grown);
        assert_ne!(new_svg, grown_svg);
        assert_eq!(masked(&new_svg), masked(&grown_svg));
    }
}
