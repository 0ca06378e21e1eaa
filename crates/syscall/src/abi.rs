//! The register convention of the architecture, as data, so that a trace
//! can say which register carried what.

/// Where a system call's pieces travel on one architecture. Each arch file
/// defines one; its module comment explains it.
#[derive(Debug, Clone, Copy)]
pub struct Abi {
    /// The architecture's name, as `target_arch` spells it.
    pub arch: &'static str,
    /// The instruction that enters the kernel.
    pub instruction: &'static str,
    /// The register holding the call number.
    pub number: &'static str,
    /// The registers holding arguments 1 to 6.
    pub args: [&'static str; 6],
    /// The register the result comes back in.
    pub result: &'static str,
}
