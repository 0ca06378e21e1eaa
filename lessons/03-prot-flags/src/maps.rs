//! The kernel's own record of a mapping's rights: its line in
//! /proc/self/maps. The second field is the protection, one letter per right
//! (`r`, `w`, `x`, or `-`) and then `p` (private) or `s` (shared).

use rt::println;

/// Prints the /proc/self/maps line that contains `addr` and returns its
/// permission field, or `None` if no mapping contains `addr`.
pub fn show(addr: usize) -> Option<[u8; 4]> {
    let Some(line) = rt::maps_line(addr) else {
        println!("   maps: no line contains {addr:#x}");
        return None;
    };
    // qemu-user pads its (emulated) maps lines with spaces; drop them.
    let text = line.as_bytes();
    let end = text.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
    println!("   maps: {}", rt::Escaped(&text[..end]));
    line.perms().try_into().ok()
}

/// The permission field as text, for claim messages.
pub fn text(perms: &Option<[u8; 4]>) -> &str {
    match perms {
        Some(p) => core::str::from_utf8(p).unwrap_or("????"),
        None => "(no line)",
    }
}
