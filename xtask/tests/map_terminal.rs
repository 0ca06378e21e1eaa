//! `--map` as a person sees it: `cargo xtask lesson 7 --arch aarch64 --map`
//! in a terminal of 100 columns by 50 rows (a detached tmux session,
//! `TERM=xterm-256color`, `NO_COLOR` unset), its screen and scrollback
//! captured with the escapes tmux keeps for colours. The munmap's picture
//! must be there with its removal: the `-` mark in the renderer's colour
//! for a removal, the removed row in the renderer's colour for it, every
//! line of the picture within the pane's width (the terminal would wrap a
//! wider one), and the lesson's closing line with nothing refuted.
//!
//! tmux is required (`.ci/run` installs it): without it the test fails
//! with one line saying so.

use std::time::{Duration, Instant};

use mapview::Shape;

const COLUMNS: usize = 100;
const ROWS: usize = 50;

/// The closing line the command in the pane prints, with its exit code.
const DONE: &str = "MAP-TERMINAL-EXIT=";

mod support;

use support::Tmux;

/// What this test reads from its pane.
impl Tmux {
    fn capture(&self, escapes: bool) -> String {
        let mut command = self.command();
        // -J joins what the terminal wrapped, so a too-wide line shows as one.
        command.args(["capture-pane", "-p", "-J", "-S", "-", "-t", "map"]);
        if escapes {
            command.arg("-e");
        }
        let out = command.output().expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// SGR parameters (`1`, `31`, ...) in effect at each visible character of
/// `line`, with the character: a small reading of the escapes tmux writes.
fn styled(line: &str) -> Vec<(char, Vec<u32>)> {
    let mut out = Vec::new();
    let mut active: Vec<u32> = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push((c, active.clone()));
            continue;
        }
        if chars.peek() != Some(&'[') {
            continue;
        }
        chars.next();
        let mut params = String::new();
        for p in chars.by_ref() {
            if p.is_ascii_alphabetic() {
                if p == 'm' {
                    for n in params.split(';') {
                        match n.parse().unwrap_or(0) {
                            0 => active.clear(),
                            n => active.push(n),
                        }
                    }
                }
                break;
            }
            params.push(p);
        }
    }
    out
}

/// The parameters of an escape the renderer writes (`\x1b[1;31m`).
fn params(escape: &str) -> Vec<u32> {
    escape
        .trim_start_matches("\x1b[")
        .trim_end_matches('m')
        .split(';')
        .map(|n| n.parse().unwrap())
        .collect()
}

fn visible(line: &str) -> String {
    styled(line).into_iter().map(|(c, _)| c).collect()
}

#[test]
fn the_munmap_picture_in_a_terminal() {
    let root = support::root();
    let tmux = Tmux::new("map");
    let config = std::env::temp_dir().join(format!("{}.conf", tmux.socket()));
    std::fs::write(&config, "set -g history-limit 100000\n").unwrap();
    let shell = format!(
        "cd '{}' && env -u NO_COLOR TERM=xterm-256color CARGO='{}' '{}' lesson 7 --arch aarch64 \
         --map; echo {DONE}$?; sleep 600",
        root.display(),
        env!("CARGO"),
        env!("CARGO_BIN_EXE_xtask")
    );
    let started = tmux
        .command()
        .arg("-f")
        .arg(&config)
        .args(["new-session", "-d", "-s", "map", "-x"])
        .arg(COLUMNS.to_string())
        .arg("-y")
        .arg(ROWS.to_string())
        .arg(&shell)
        .status()
        .unwrap();
    assert!(started.success(), "tmux new-session failed");

    // Building for aarch64 and running under QEMU: minutes at most.
    let deadline = Instant::now() + Duration::from_secs(900);
    let plain = loop {
        let text = tmux.capture(false);
        if text.contains(DONE) {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "no `{DONE}` line after 900 s; the pane shows:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(500));
    };
    let coloured = tmux.capture(true);
    assert!(
        plain.contains(&format!("{DONE}0")),
        "the lesson failed; the pane shows:\n{plain}"
    );
    let closing = plain
        .lines()
        .find(|line| line.starts_with("claims: "))
        .unwrap_or_else(|| panic!("no closing `claims:` line:\n{plain}"));
    assert!(closing.ends_with(" confirmed, 0 refuted"), "{closing}");

    // Part 2's munmap of the middle page: its picture, heading to legend.
    let lines: Vec<&str> = coloured.lines().collect();
    let part = lines
        .iter()
        .position(|line| visible(line).starts_with("== 2."))
        .expect("part 2's heading");
    let heading = part
        + lines[part..]
            .iter()
            .position(|line| {
                let text = visible(line);
                text.starts_with("[pid ") && text.contains("munmap(")
            })
            .expect("the munmap's picture in part 2");
    let legend = heading
        + lines[heading..]
            .iter()
            .position(|line| visible(line).trim_start().starts_with("- removed"))
            .expect("the picture's legend naming the removal");
    let picture = &lines[heading..=legend];
    for line in picture {
        let width = visible(line).chars().count();
        assert!(
            width <= COLUMNS,
            "a picture line of {width} columns, wider than the pane's {COLUMNS}: {:?}",
            visible(line)
        );
    }
    let removed = picture
        .iter()
        .map(|line| styled(line))
        .find(|cells| cells.first().map(|(c, _)| *c) == Some('-'))
        .expect("a row marked `-` in the munmap's picture");
    let mark = params(mapview::text::mark_colour(Shape::Removed));
    assert!(
        mark.iter().all(|p| removed[0].1.contains(p)),
        "the `-` mark is drawn with {:?}, not the renderer's {mark:?} for a removal",
        removed[0].1
    );
    let row = params(mapview::text::DIM);
    let body: Vec<&(char, Vec<u32>)> = removed.iter().skip(3).filter(|(c, _)| *c != ' ').collect();
    assert!(
        !body.is_empty() && body.iter().all(|(_, p)| row.iter().all(|n| p.contains(n))),
        "the removed row is not drawn in the renderer's {row:?} throughout: {removed:?}"
    );
    let _ = std::fs::remove_file(&config);
}
