//! Reading what PID 1 (`xtask/vm-init`) prints on the serial console: the
//! lines `protocol::console` lists, each starting `MMAPVM `. Anything else
//! is the kernel's own (with `quiet`, little but a panic).

use std::collections::HashMap;

use protocol::console;

/// What one boot left behind.
pub struct Boot {
    /// Everything parsed from the console.
    pub console: Console,
    /// Why the run ended early, if it did.
    pub problem: Option<String>,
    /// The last console lines.
    pub tail: Vec<String>,
    /// Seconds from starting QEMU to the BOOTED line.
    pub booted_after: Option<f64>,
    /// Seconds from starting QEMU to the first result.
    pub first_result_after: Option<f64>,
}

/// How one test or program ended, as PID 1 saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// wait4's raw status word.
    Status(i32),
    /// Killed by PID 1 at its deadline.
    TimedOut,
    /// Not started, or a status PID 1 could not give.
    Other(String),
}

/// A program's result with the output passed back before it.
#[derive(Debug)]
pub struct ProgramResult {
    /// How it ended.
    pub ending: Ending,
    /// Its stdout and stderr lines, in order.
    pub output: Vec<String>,
}

/// Everything read from the console so far.
#[derive(Default, Debug)]
pub struct Console {
    /// Kernel release and page size, from the BOOTED line.
    pub booted: Option<(String, u64)>,
    /// Test results by (binary, test name): whether it passed.
    pub tests: HashMap<(String, String), (bool, Ending)>,
    /// The latest failed test's output, by test name.
    pub test_output: HashMap<String, Vec<String>>,
    /// Program results by label.
    pub programs: HashMap<String, ProgramResult>,
    /// PID 1's error lines.
    pub errors: Vec<String>,
    /// The DONE line was seen.
    pub done: bool,
    /// The kernel panicked (the first panic line).
    pub panic: Option<String>,
    /// The output block being read: its label and lines so far.
    block: Option<(String, Vec<String>)>,
    /// The last block that ended, waiting for its RESULT line.
    last_block: Option<(String, Vec<String>)>,
}

impl Console {
    /// Takes one console line (without its line end). Returns true if it
    /// was a RESULT line (for the boot-to-first-result time).
    pub fn feed(&mut self, line: &str) -> bool {
        // A kernel message printed at the same moment can end up in front
        // of ours on the same console line, so a marker is looked for
        // anywhere in the line, not only at its start.
        let ours = line.find(console::MARK).map(|at| &line[at..]);
        let after = |prefix: &str| ours?.strip_prefix(prefix)?.strip_prefix(' ');
        if let Some((label, lines)) = &mut self.block {
            if after(console::OUTPUT_END) == Some(label.as_str()) {
                self.last_block = self.block.take();
            } else {
                lines.push(line.to_string());
            }
            return false;
        }
        if self.panic.is_none() && line.contains("Kernel panic") {
            self.panic = Some(line.trim().to_string());
        }
        let Some(ours) = ours else {
            return false;
        };
        if let Some(rest) = after(console::BOOTED) {
            if let Some((release, page)) = rest.split_once(' ')
                && !page.contains(' ')
            {
                let size = page
                    .strip_prefix(console::PAGE_SIZE)
                    .and_then(|s| s.parse().ok());
                self.booted = Some((release.to_string(), size.unwrap_or(0)));
            }
        } else if let Some(label) = after(console::OUTPUT_BEGIN) {
            // A label is one word: anything after it is a kernel message
            // glued on, and a block opened with it would never find its
            // end marker and swallow every later line.
            if !label.contains(' ') {
                self.block = Some((label.to_string(), Vec::new()));
            }
        } else if let Some(rest) = after(console::RESULT_TEST) {
            let words: Vec<&str> = rest.split(' ').collect();
            if let [binary, name, verdict, status @ ..] = words.as_slice() {
                let ending = parse_ending(status);
                if let Some((label, lines)) = self.last_block.take().filter(|(l, _)| l == name) {
                    self.test_output.insert(label, lines);
                }
                self.tests.insert(
                    (binary.to_string(), name.to_string()),
                    (*verdict == console::PASS, ending),
                );
                return true;
            }
        } else if let Some(rest) = after(console::RESULT_PROGRAM) {
            let words: Vec<&str> = rest.split(' ').collect();
            if let [label, _verdict, status @ ..] = words.as_slice() {
                let output = match self.last_block.take() {
                    Some((block, lines)) if block == *label => lines,
                    _ => Vec::new(),
                };
                let ending = parse_ending(status);
                self.programs
                    .insert(label.to_string(), ProgramResult { ending, output });
                return true;
            }
        } else if ours == console::ERROR || after(console::ERROR).is_some() {
            self.errors.push(ours[console::MARK.len()..].to_string());
        } else if ours == console::DONE {
            self.done = true;
        }
        false
    }
}

/// `status=<raw>`, `timeout`, or anything else.
fn parse_ending(words: &[&str]) -> Ending {
    match words {
        [status] if status.starts_with(console::STATUS) => status[console::STATUS.len()..]
            .parse()
            .map_or_else(|_| Ending::Other(status.to_string()), Ending::Status),
        [timeout] if *timeout == console::TIMEOUT => Ending::TimedOut,
        other => Ending::Other(other.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_run() {
        let mut console = Console::default();
        for line in [
            "[    0.5] some kernel line",
            "#1 SMP Debian 6.MMAPVM BOOTED 6.1.0-50-arm64 pagesize=4096",
            "MMAPVM RESULT test abi abi::one pass status=0",
            "MMAPVM OUTPUT BEGIN abi::two",
            "thread panicked",
            "MMAPVM OUTPUT END abi::two",
            "MMAPVM RESULT test abi abi::two fail status=25856",
            "MMAPVM OUTPUT BEGIN lesson05",
            "claims: 3 confirmed, 0 refuted",
            "MMAPVM OUTPUT END lesson05",
            "MMAPVM RESULT program lesson05 pass status=0",
            "MMAPVM DONE",
        ] {
            console.feed(line);
        }
        assert_eq!(console.booted, Some(("6.1.0-50-arm64".into(), 4096)));
        let two = &console.tests[&("abi".to_string(), "abi::two".to_string())];
        assert_eq!(*two, (false, Ending::Status(25856)));
        assert_eq!(console.test_output["abi::two"], vec!["thread panicked"]);
        let lesson = &console.programs["lesson05"];
        assert_eq!(lesson.ending, Ending::Status(0));
        assert_eq!(lesson.output, vec!["claims: 3 confirmed, 0 refuted"]);
        assert!(console.done && console.panic.is_none());
    }

    /// A kernel message glued after a marker must not open a block that
    /// never ends (it would swallow every later result and DONE).
    #[test]
    fn a_kernel_message_glued_after_a_begin_marker_swallows_nothing() {
        let mut console = Console::default();
        for line in [
            "MMAPVM OUTPUT BEGIN lesson05[   12.3] rcu: something",
            "MMAPVM RESULT program lesson05 pass status=0",
            "MMAPVM DONE",
        ] {
            console.feed(line);
        }
        assert!(console.done);
        assert!(console.programs.contains_key("lesson05"));
    }
}
