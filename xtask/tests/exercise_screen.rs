//! The watch screen as a person uses it: `cargo xtask exercise 7.1
//! --watch` in a tmux pane of 100 columns by 40 rows, driven with
//! `send-keys` and read with `capture-pane`. The untouched answer shows its
//! failed claim; the reference answer copied over the file passes and the
//! progress moves; `a` checks it again on aarch64 (QEMU user mode); `h`
//! twice shows two different hint levels; `x` then `y` puts the file back
//! byte for byte; `q` leaves the shell's screen (no
//! alternate screen, the command's exit code printed after it).
//!
//! It works in a `git clone` of the committed tree, so a failure never
//! leaves this checkout's exercise file changed, with a target directory
//! of its own (`<target>/exercise-screen`, kept between runs so the lesson
//! builds once), since the progress lives in the target directory.
//! tmux is required (`.ci/run` installs it).

use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

const FILE: &str = "lessons/07-munmap/exercises/1-guard-the-buffer.rs";
const SOLUTION: &str = "lessons/07-munmap/exercises/solutions/1-guard-the-buffer.rs";
const EXIT: &str = "SCREEN-EXIT=";

mod support;

use support::Tmux;

/// What this test does with its pane.
impl Tmux {
    fn screen(&self) -> String {
        let out = self
            .command()
            .args(["capture-pane", "-p", "-t", "screen"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &str) {
        let status = self
            .command()
            .args(["send-keys", "-t", "screen", keys])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn alternate_screen_on(&self) -> bool {
        let out = self
            .command()
            .args(["display-message", "-p", "-t", "screen", "#{alternate_on}"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Waits until the screen satisfies `ready`, or fails saying what was
    /// waited for and what the screen showed.
    #[track_caller]
    fn wait_for(&self, what: &str, seconds: u64, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited {seconds} s for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn clone(target: &Path) -> PathBuf {
    let root = support::root();
    let dir = support::temp_dir("screen");
    support::clone_course(&dir);
    // The tools xtask fetches (QEMU) live in the checkout's target/tools,
    // whatever the target directory: the clone shares this one's, so a run
    // does not download them again.
    let tools = root.join("target").join("tools");
    if tools.is_dir() {
        std::fs::create_dir_all(dir.join("target")).unwrap();
        std::os::unix::fs::symlink(&tools, dir.join("target").join("tools")).unwrap();
    }
    // A fresh learner: nothing done, no hint read.
    let _ = std::fs::remove_dir_all(target.join("exercises"));
    dir
}

/// The chapter that shows the screen, and where its picture starts.
const CHAPTER: &str = "book/src/exercises.md";
const PICTURE: &str = "The screen, on the untouched answer to 7.1 (100 columns by 40 rows):";

/// The picture of the screen the exercise chapter prints.
fn printed_screen() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join(CHAPTER)).unwrap();
    let after = &text[text
        .find(PICTURE)
        .unwrap_or_else(|| panic!("{CHAPTER} has no `{PICTURE}`"))..];
    let start = after.find("```text\n").unwrap() + "```text\n".len();
    after[start..start + after[start..].find("```").unwrap()].to_string()
}

/// A screen as compared: what differs between two honest runs (addresses,
/// counts) masked as `#`, trailing spaces and blank lines at the end gone.
fn masked(screen: &str) -> String {
    let mut lines: Vec<String> = screen
        .lines()
        .map(|line| {
            let mut out = String::new();
            let mut token = String::new();
            for c in line.chars().chain(std::iter::once(' ')) {
                if c.is_ascii_hexdigit() || c == 'x' {
                    token.push(c);
                    continue;
                }
                if token.chars().any(|c| c.is_ascii_digit()) {
                    out.push('#');
                } else {
                    out.push_str(&token);
                }
                token.clear();
                out.push(c);
            }
            out.trim_end().to_string()
        })
        .collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

/// The body of the screen between its two rules.
fn body(screen: &str) -> String {
    screen
        .split('─')
        .filter(|part| !part.is_empty())
        .nth(1)
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_watch_screen_checks_saves_gives_hints_resets_and_quits_cleanly() {
    let built = Path::new(env!("CARGO_BIN_EXE_xtask"));
    let target_root = built.parent().unwrap().parent().unwrap();
    let target = target_root.join("exercise-screen");
    std::fs::create_dir_all(&target).unwrap();
    let clone = clone(&target);
    let shipped = std::fs::read(clone.join(FILE)).unwrap();

    let tmux = Tmux::new("screen");
    let shell_line = format!(
        "cd '{}' && env CARGO='{}' CARGO_MANIFEST_DIR='{}' CARGO_TARGET_DIR='{}' TERM=xterm-256color \
         '{}' exercise 7.1 --watch --arch x86_64; echo {EXIT}$?; exec sh",
        clone.display(),
        env!("CARGO"),
        clone.join("xtask").display(),
        target.display(),
        built.display(),
    );
    let status = tmux
        .command()
        .args(["new-session", "-d", "-s", "screen", "-x", "100", "-y", "40"])
        .arg(&shell_line)
        .status()
        .expect("tmux new-session");
    assert!(status.success());

    // The untouched answer: refuted on the claim the exercise is about.
    let first = tmux.wait_for("the first check's verdict", 600, |screen| {
        screen.contains("not done yet: edit the file")
    });
    assert!(first.contains("Exercise 7.1: put a guard page below a buffer"));
    assert!(first.contains(&format!("File: {FILE}")));
    // x86_64 is native on an x86_64 host, emulated on any other.
    let place = if std::env::consts::ARCH == "x86_64" {
        "x86_64 (native)"
    } else {
        "x86_64 (under QEMU user mode)"
    };
    assert!(first.contains(place), "{first}");
    assert!(first.contains("[FAILED] the region's first page, the guard, is listed ---p"));
    assert!(first.contains("0 of 18 done"));
    // The exercise chapter shows this screen as the learner first sees it.
    assert_eq!(
        masked(&printed_screen()),
        masked(&first),
        "{CHAPTER}'s picture of the screen against today's (numbers masked):\n{first}"
    );

    // The reference answer, saved: it passes, and the progress moves.
    std::fs::copy(clone.join(SOLUTION), clone.join(FILE)).unwrap();
    let passed = tmux.wait_for("the pass after saving the answer", 300, |screen| {
        screen.contains("done: n for the next exercise")
    });
    assert!(passed.contains("1 of 18 done"), "{passed}");
    assert!(!passed.contains("[FAILED]"), "{passed}");

    // `a`: the same answer checked on the next architecture, aarch64, under
    // QEMU user mode (fetched into the shared tools directory if missing).
    tmux.keys("a");
    let aarch64 = tmux.wait_for("the check on aarch64", 900, |screen| {
        screen.contains("aarch64 (under QEMU user mode)")
            && screen.contains("done: n for the next exercise")
    });
    assert!(!aarch64.contains("[FAILED]"), "{aarch64}");

    tmux.keys("h");
    let one = tmux.wait_for("hint level 1", 10, |screen| {
        screen.contains("Hint, level 1 of")
    });
    tmux.keys("h");
    let two = tmux.wait_for("hint level 2", 10, |screen| {
        screen.contains("Hint, level 2 of")
    });
    let text = |screen: &str| body(screen).lines().skip(2).collect::<Vec<_>>().join("\n");
    assert!(!text(&one).trim().is_empty());
    assert_ne!(text(&one), text(&two), "two levels, two texts");

    tmux.keys("x");
    tmux.wait_for("the reset question", 10, |screen| {
        screen.contains("back as the course ships it?")
    });
    tmux.keys("y");
    tmux.wait_for("the reset's message", 10, |screen| {
        screen.contains("the file is as the course ships it again")
    });
    assert_eq!(
        std::fs::read(clone.join(FILE)).unwrap(),
        shipped,
        "x, y: the file is back byte for byte"
    );

    tmux.keys("q");
    let after = tmux.wait_for("the shell after q", 20, |screen| screen.contains(EXIT));
    assert!(after.contains(&format!("{EXIT}0")), "{after}");
    assert!(!tmux.alternate_screen_on(), "q leaves the alternate screen");
    assert!(
        !after.contains("Progress ["),
        "the shell's screen is back, without the watch screen's lines: {after}"
    );
    std::fs::remove_dir_all(&clone).unwrap();
}
