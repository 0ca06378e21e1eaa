//! The man pages' ERRORS that need no privileges, provoked through our
//! wrappers and through rustix: both must report the same errno. Each check
//! is written once, in `tests/checks/src/errors.rs`, where the self-test
//! runs it too; `tests/ERRORS.md` lists every entry.

use tests::{through_both, through_ours};

#[test]
fn mmap_length_zero_is_einval() {
    through_both(checks::errors::mmap_length_zero_is_einval);
}

#[test]
fn mmap_fixed_at_an_unaligned_address_is_einval() {
    through_both(checks::errors::mmap_fixed_at_an_unaligned_address_is_einval);
}

#[test]
fn mmap_offset_not_a_multiple_of_the_page_size_is_einval() {
    let check = checks::errors::mmap_offset_not_a_multiple_of_the_page_size_is_einval;
    if cfg!(target_pointer_width = "64") {
        through_both(check);
        return;
    }
    // On the 32-bit targets here our wrapper calls mmap2, whose offset
    // counts 4096-byte units: an offset of 1 byte cannot be expressed. Our
    // wrapper refuses it with the EINVAL a 64-bit kernel gives; rustix
    // divides by 4096 and maps from offset 0 instead, silently. Both
    // stated, so that a change on either side is noticed.
    through_ours(check);
    let dir = tests::Scratch::new("offset");
    let path = dir.file_with("f", &vec![7u8; tests::page_size()]);
    let fd = unistd::open(&path, linux_raw_sys::general::O_RDWR, 0).unwrap();
    let rw = rustix::mm::ProtFlags::READ | rustix::mm::ProtFlags::WRITE;
    // SAFETY: not fixed, so the kernel picks free address space; `fd` is
    // open for the whole call.
    let theirs = unsafe {
        let fd = rustix::fd::BorrowedFd::borrow_raw(fd.raw());
        rustix::mm::mmap(
            std::ptr::null_mut(),
            40,
            rw,
            rustix::mm::MapFlags::SHARED,
            fd,
            1,
        )
    };
    let theirs = theirs.expect("rustix rounds the offset down to 0 and maps");
    // SAFETY: the mapping rustix just made; nothing refers to it.
    unsafe { rustix::mm::munmap(theirs, 40) }.unwrap();
}

#[test]
fn mmap_with_neither_shared_nor_private_is_einval() {
    through_both(checks::errors::mmap_with_neither_shared_nor_private_is_einval);
}

#[test]
fn mmap_of_a_closed_fd_is_ebadf() {
    through_both(checks::errors::mmap_of_a_closed_fd_is_ebadf);
}

#[test]
fn shared_writable_mapping_of_a_read_only_fd_is_eacces() {
    through_both(checks::errors::shared_writable_mapping_of_a_read_only_fd_is_eacces);
}

#[test]
fn private_writable_mapping_of_a_read_only_fd_is_allowed() {
    through_both(checks::errors::private_writable_mapping_of_a_read_only_fd_is_allowed);
}

#[test]
fn any_mapping_of_a_write_only_fd_is_eacces() {
    through_both(checks::errors::any_mapping_of_a_write_only_fd_is_eacces);
}

#[test]
fn mmap_of_a_directory_is_enodev() {
    through_both(checks::errors::mmap_of_a_directory_is_enodev);
}

#[test]
fn msync_with_both_sync_and_async_is_einval() {
    through_both(checks::errors::msync_with_both_sync_and_async_is_einval);
}

#[test]
fn msync_with_an_unknown_flag_is_einval() {
    through_both(checks::errors::msync_with_an_unknown_flag_is_einval);
}

#[test]
fn msync_at_an_unaligned_address_is_einval() {
    through_both(checks::errors::msync_at_an_unaligned_address_is_einval);
}

#[test]
fn msync_over_an_unmapped_range_is_enomem() {
    through_both(checks::errors::msync_over_an_unmapped_range_is_enomem);
}

#[test]
fn munmap_at_an_unaligned_address_is_einval() {
    through_both(checks::errors::munmap_at_an_unaligned_address_is_einval);
}

#[test]
fn munmap_of_length_zero_is_einval() {
    through_both(checks::errors::munmap_of_length_zero_is_einval);
}

#[test]
fn munmap_of_a_range_with_nothing_mapped_succeeds() {
    through_both(checks::errors::munmap_of_a_range_with_nothing_mapped_succeeds);
}

#[test]
fn mprotect_of_an_unmapped_range_is_enomem() {
    through_both(checks::errors::mprotect_of_an_unmapped_range_is_enomem);
}

#[test]
fn mmap_fixed_noreplace_over_an_existing_mapping_is_eexist() {
    through_both(checks::errors::mmap_fixed_noreplace_over_an_existing_mapping_is_eexist);
}
