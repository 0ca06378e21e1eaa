//! What a mapping is, for its colour and its word in the kind column: the
//! picture must read the same without colour.

use crate::parse::Mapping;

/// The kinds a picture tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The program's own file: its code and data.
    Program,
    /// Another file, mapped shared: writes reach the file.
    SharedFile,
    /// Another file, mapped private: writes stay in this process.
    PrivateFile,
    /// Memory with no file, shared with children (and other processes).
    SharedAnon,
    /// Memory with no file, private.
    PrivateAnon,
    /// No access at all (`---`): a guard or a reservation.
    NoAccess,
    /// `[stack]`.
    Stack,
    /// `[heap]` (brk's memory).
    Heap,
    /// Other names in brackets the kernel gives: `[vdso]`, `[vvar]`,
    /// `[vsyscall]`.
    Special,
}

impl Kind {
    /// Classifies `m`; `program` is the path of the program's own file
    /// (see [`program_path`]).
    pub fn of(m: &Mapping, program: Option<&str>) -> Kind {
        if m.path == "[stack]" {
            return Kind::Stack;
        }
        if m.path == "[heap]" {
            return Kind::Heap;
        }
        if is_kernel_special(m) {
            return Kind::Special;
        }
        if !m.read && !m.write && !m.exec {
            return Kind::NoAccess;
        }
        if program.is_some_and(|p| p == m.path) {
            return Kind::Program;
        }
        // Shared memory with no file of its own: the kernel shows a shared
        // anonymous mapping as an unlinked /dev/zero.
        let anonymous = m.path.is_empty()
            || m.path.starts_with("[anon")
            || m.path == "/dev/zero (deleted)"
            || m.path.starts_with("/SYSV");
        match (anonymous, m.shared) {
            (true, true) => Kind::SharedAnon,
            (true, false) => Kind::PrivateAnon,
            (false, true) => Kind::SharedFile,
            (false, false) => Kind::PrivateFile,
        }
    }

    /// The word in the kind column (at most [`Kind::WIDTH`] characters);
    /// shared and private differ in the permissions' `s`/`p` already.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Program => "prog",
            Kind::SharedFile | Kind::PrivateFile => "file",
            Kind::SharedAnon | Kind::PrivateAnon => "anon",
            Kind::NoAccess => "none",
            Kind::Stack => "stack",
            Kind::Heap => "heap",
            Kind::Special => "kern",
        }
    }

    /// The kind column's width.
    pub const WIDTH: usize = 5;

    /// Every kind, for legends.
    pub const ALL: [Kind; 9] = [
        Kind::Program,
        Kind::SharedFile,
        Kind::PrivateFile,
        Kind::SharedAnon,
        Kind::PrivateAnon,
        Kind::NoAccess,
        Kind::Stack,
        Kind::Heap,
        Kind::Special,
    ];

    /// A few words for a legend.
    pub fn description(self) -> &'static str {
        match self {
            Kind::Program => "the program's own file",
            Kind::SharedFile => "shared file",
            Kind::PrivateFile => "private file",
            Kind::SharedAnon => "shared anonymous",
            Kind::PrivateAnon => "private anonymous",
            Kind::NoAccess => "no access",
            Kind::Stack => "stack",
            Kind::Heap => "heap",
            Kind::Special => "kernel-provided ([vdso], [vvar], ...)",
        }
    }
}

/// Is `m` one of the kernel's own special mappings: a name in brackets
/// other than `[stack]`, `[heap]` and `[anon...]`? Those three are the
/// program's memory (the stack it runs on, brk's memory, and memory it
/// named with prctl(PR_SET_VMA_ANON_NAME): `[anon:name]`,
/// `[anon_shmem:name]`). Every other bracketed name is a page the kernel
/// installs on its own: x86_64's `[vvar]`, `[vvar_vclock]`, `[vdso]` and
/// `[vsyscall]`, 32-bit Arm's `[vectors]` and `[sigpage]`, `[uprobes]`
/// once a uprobe fires. The rule is "bracketed, and not the program's"
/// rather than "starts with `[v`" because the second would keep
/// `[sigpage]` and `[uprobes]`, which come and go with the kernel's
/// architecture and with tracing just as the `[v...]` pages come and go
/// with its version.
pub fn is_kernel_special(m: &Mapping) -> bool {
    let path = m.path.as_str();
    path.starts_with('[') && path != "[stack]" && path != "[heap]" && !path.starts_with("[anon")
}

/// The program's own file: a guess, the file of the lowest mapping that
/// has one (an inode and a path that is not a `[name]`). /proc/self/maps
/// does not say which file is the program; the kernel (and QEMU) load a
/// static program at a low address and place mmap's choices far above it,
/// so the lowest file is the program unless a lesson maps a file below it
/// with MAP_FIXED. (A path may have been made relative for a picture.)
pub fn program_path(maps: &[Mapping]) -> Option<&str> {
    maps.iter()
        .find(|m| m.inode != 0 && !m.path.is_empty() && !m.path.starts_with('['))
        .map(|m| m.path.as_str())
}
