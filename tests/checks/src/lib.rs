//! The suite's core checks, written once: the man pages' errno answers, the
//! documented signals, and what lessons 03 to 07 claim about files and
//! pages.
//!
//! Two programs run them:
//!
//! - the test suite, where a thin `#[test]` of the same name in
//!   `tests/tests/<module>.rs` calls each check twice: through our wrappers,
//!   and through rustix, an implementation no one here wrote. Both must see
//!   the kernel give the same answer;
//! - the self-test (`tests/selftest`), a freestanding program that runs all
//!   of them through our wrappers, for architectures where no Rust standard
//!   library is available to build the suite (loongarch64 and mips64el),
//!   and on real kernels under `--vm`.
//!
//! So this crate is `no_std`, links no libc and allocates nothing. A check
//! states each claim through its [`Cx`]; the caller decides what a claim
//! becomes (an `[ok]` line, or a failed assert). A check makes every call it
//! is about through [`Calls`], the interface both implementations answer.
//!
//! xtask's tidy test holds the two sides together: each entry of [`ALL`]
//! must have its `#[test]` in the file named after its module.
#![no_std]

mod calls;
mod child;
mod cx;
mod env;
mod files;
mod region;
mod signal;

pub mod abi;
pub mod errors;
pub mod example_1;
pub mod man_errors;
pub mod map_flags;
pub mod msync;
pub mod munmap;
pub mod prot_flags;

pub use calls::{Calls, Ours};
pub use cx::{Cx, Outcome, Report, Setup};
pub use env::Env;
use region::Region;

/// One check: where it lives and what it is called (its `#[test]` has the
/// same name, in `tests/tests/<module>.rs`), and the function.
pub struct Check {
    /// The module, which is also the name of the test file that calls it.
    pub module: &'static str,
    /// The function's name, and its `#[test]`'s.
    pub name: &'static str,
    /// Runs the check.
    pub run: fn(&mut Cx<'_>) -> Outcome,
}

/// `checks![module::name, ...]`: the list, each name written once.
macro_rules! checks {
    ($($module:ident :: $name:ident),* $(,)?) => {
        &[$(Check {
            module: stringify!($module),
            name: stringify!($name),
            run: $module::$name,
        }),*]
    };
}

/// Every check, in the order the self-test runs them.
pub const ALL: &[Check] = checks![
    abi::mmap_returns_a_page_aligned_address,
    errors::mmap_length_zero_is_einval,
    errors::mmap_offset_not_a_multiple_of_the_page_size_is_einval,
    errors::mmap_with_neither_shared_nor_private_is_einval,
    errors::mmap_fixed_at_an_unaligned_address_is_einval,
    errors::mmap_fixed_noreplace_over_an_existing_mapping_is_eexist,
    errors::mmap_of_a_closed_fd_is_ebadf,
    errors::shared_writable_mapping_of_a_read_only_fd_is_eacces,
    errors::private_writable_mapping_of_a_read_only_fd_is_allowed,
    errors::any_mapping_of_a_write_only_fd_is_eacces,
    errors::mmap_of_a_directory_is_enodev,
    errors::msync_with_both_sync_and_async_is_einval,
    errors::msync_with_an_unknown_flag_is_einval,
    errors::msync_at_an_unaligned_address_is_einval,
    errors::msync_over_an_unmapped_range_is_enomem,
    errors::munmap_at_an_unaligned_address_is_einval,
    errors::munmap_of_length_zero_is_einval,
    errors::munmap_of_a_range_with_nothing_mapped_succeeds,
    errors::mprotect_of_an_unmapped_range_is_enomem,
    man_errors::mmap_of_a_pipe_is_enodev_not_eacces,
    man_errors::map_fixed_beyond_the_address_space_is_enomem,
    man_errors::a_length_larger_than_the_address_space_is_enomem,
    man_errors::munmap_beyond_the_address_space_is_einval,
    man_errors::msync_of_a_range_that_wraps_around_is_enomem,
    man_errors::mprotect_write_on_a_shared_mapping_of_a_read_only_fd_is_eacces,
    man_errors::mprotect_with_an_unknown_prot_bit_is_einval,
    man_errors::mprotect_with_growsup_and_growsdown_is_einval,
    man_errors::mprotect_growsdown_on_an_ordinary_mapping_is_einval,
    man_errors::mprotect_of_a_range_that_wraps_around_is_enomem,
    prot_flags::a_write_to_a_prot_read_page_raises_sigsegv,
    prot_flags::a_read_of_a_prot_none_page_raises_sigsegv,
    prot_flags::mprotect_at_an_unaligned_address_is_einval,
    map_flags::anonymous_memory_starts_zero_filled,
    map_flags::private_stores_never_reach_the_file,
    example_1::shared_stores_reach_the_file_without_msync_or_munmap,
    example_1::mmap_of_an_empty_file_succeeds_and_leaves_it_empty,
    example_1::touching_a_page_wholly_past_end_of_file_raises_sigbus,
    msync::a_store_synced_with_ms_sync_is_in_the_file,
    munmap::touching_unmapped_memory_raises_sigsegv,
];
