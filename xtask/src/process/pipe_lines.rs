//! Reading a child's output line by line, whatever bytes it sends.

use std::io::{BufRead, BufReader, Read};

/// Calls `each` with every line of `pipe`, without its `\n` (or a serial
/// console's `\r\n`), until end of file or until `each` returns false.
///
/// Bytes, not `lines()`: a program or a console can print invalid UTF-8,
/// which must not end the copy early; it is shown with replacement
/// characters instead.
pub fn for_each_line(pipe: impl Read, mut each: impl FnMut(String) -> bool) {
    let mut reader = BufReader::new(pipe);
    let mut bytes = Vec::new();
    while matches!(reader.read_until(b'\n', &mut bytes), Ok(n) if n > 0) {
        let line = String::from_utf8_lossy(&bytes)
            .trim_end_matches(['\n', '\r'])
            .to_string();
        bytes.clear();
        if !each(line) {
            return;
        }
    }
}
