//! The raw layer: the syscall instruction, the error convention, Errno, and
//! the page size from the auxiliary vector.

use mman::Errno;
use syscall::nr;

#[test]
fn a_raw_getpid_agrees_with_std() {
    // SAFETY: getpid takes no arguments and cannot fail.
    let pid = unsafe { syscall::syscall0(nr::GETPID) }.unwrap();
    assert_eq!(pid as u32, std::process::id());
}

#[test]
fn a_failed_raw_call_comes_back_as_errno_not_as_a_negative_number() {
    // SAFETY: closing fd -1 touches nothing; the kernel refuses it.
    let ret = unsafe { syscall::syscall1(nr::CLOSE, -1isize as usize) };
    assert_eq!(ret, Err(Errno::EBADF));
}

#[test]
fn a_raw_write_returns_the_byte_count() {
    let dir = tests::Scratch::new("write");
    let path = dir.path("f");
    let fd = unistd::open(
        &path,
        linux_raw_sys::general::O_WRONLY | linux_raw_sys::general::O_CREAT,
        0o600,
    )
    .unwrap();
    let text = b"six by";
    // SAFETY: the kernel reads text.len() bytes from text.
    let n = unsafe {
        syscall::syscall3(
            nr::WRITE,
            fd.raw() as usize,
            text.as_ptr() as usize,
            text.len(),
        )
    };
    assert_eq!(n, Ok(text.len()));
    assert_eq!(tests::read_back(&path), text);
}

#[test]
fn only_minus_4095_to_minus_1_are_errors() {
    assert_eq!(
        Errno::from_negated_return(usize::MAX),
        Err(Errno::EPERM),
        "-1 is EPERM"
    );
    assert_eq!(
        Errno::from_negated_return(0usize.wrapping_sub(4095)),
        Err(Errno::from_raw(4095))
    );
    // -4096 is not an error: on a 32-bit system it could be an address
    // (0xfffff000); on 64-bit, equally a valid result word.
    let minus_4096 = 0usize.wrapping_sub(4096);
    assert_eq!(Errno::from_negated_return(minus_4096), Ok(minus_4096));
    assert_eq!(Errno::from_negated_return(0), Ok(0));
}

#[test]
fn errno_numbers_agree_with_rustix() {
    use rustix::io::Errno as R;
    for (ours, theirs) in [
        (Errno::EINVAL, R::INVAL),
        (Errno::EBADF, R::BADF),
        (Errno::EACCES, R::ACCESS),
        (Errno::ENOMEM, R::NOMEM),
        (Errno::EEXIST, R::EXIST),
        (Errno::ENODEV, R::NODEV),
        (Errno::EOVERFLOW, R::OVERFLOW),
        (Errno::EPERM, R::PERM),
    ] {
        assert_eq!(i32::from(ours.raw()), theirs.raw_os_error(), "{ours}");
    }
}

#[test]
fn errno_prints_its_name_and_meaning() {
    assert_eq!(Errno::EINVAL.name(), "EINVAL");
    assert_eq!(Errno::EINVAL.to_string(), "EINVAL (Invalid argument)");
    assert_eq!(Errno::EACCES.to_string(), "EACCES (Permission denied)");
    assert_eq!(format!("{:?}", Errno::ENOMEM), "ENOMEM");
    assert_eq!(format!("{:?}", Errno::from_raw(4000)), "E?(4000)");
}

#[test]
fn the_page_size_comes_from_at_pagesz_in_the_auxiliary_vector() {
    // /proc/self/auxv is the vector the kernel put on our stack, as pairs of
    // native-endian machine words.
    let auxv = std::fs::read("/proc/self/auxv").unwrap();
    let word = std::mem::size_of::<usize>();
    let words: Vec<usize> = auxv
        .chunks_exact(word)
        .map(|w| usize::from_ne_bytes(w.try_into().unwrap()))
        .collect();
    let at_pagesz = linux_raw_sys::auxvec::AT_PAGESZ as usize;
    let page = words
        .chunks_exact(2)
        .find(|pair| pair[0] == at_pagesz)
        .map(|pair| pair[1])
        .expect("AT_PAGESZ present");
    assert!(
        page.is_power_of_two() && (1 << 10..=1 << 20).contains(&page),
        "page size {page}"
    );
    assert_eq!(page, tests::page_size(), "rustix reads the same entry");
}

#[test]
fn mmap_returns_a_page_aligned_address() {
    tests::through_both(checks::abi::mmap_returns_a_page_aligned_address);
}
