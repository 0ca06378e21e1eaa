//! The claims of lesson 04 (mmap's `flags` argument), one test each, with
//! rustix as a second opinion where it can give one.

use linux_raw_sys::general as k;
use linux_raw_sys::general::{O_RDONLY, O_RDWR};
use mman::{Errno, MapFlags, Mapping, Prot};
use rustix::fd::BorrowedFd;
use rustix::mm as rx;
use std::ffi::c_void;
use tests::{Scratch, page_size};

/// The /proc/self/maps line that contains `addr`.
fn line_at(addr: usize) -> String {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("read /proc/self/maps");
    maps.lines()
        .find(|line| {
            let range = line.split_whitespace().next().unwrap_or("");
            let (start, end) = range.split_once('-').expect("range field");
            let start = usize::from_str_radix(start, 16).unwrap();
            let end = usize::from_str_radix(end, 16).unwrap();
            (start..end).contains(&addr)
        })
        .unwrap_or_else(|| panic!("no /proc/self/maps line contains {addr:#x}"))
        .trim_end()
        .to_owned()
}

/// Start, end, permissions, inode and path of the line containing `addr`.
fn fields_at(addr: usize) -> (usize, usize, String, String, String) {
    let line = line_at(addr);
    let mut f = line.splitn(6, ' ');
    let range = f.next().unwrap();
    let perms = f.next().unwrap().to_owned();
    let _offset = f.next();
    let _dev = f.next();
    let inode = f.next().unwrap().to_owned();
    let path = f.next().unwrap_or("").trim().to_owned();
    let (start, end) = range.split_once('-').unwrap();
    (
        usize::from_str_radix(start, 16).unwrap(),
        usize::from_str_radix(end, 16).unwrap(),
        perms,
        inode,
        path,
    )
}

/// A one-page file of `byte`, open read-write.
fn one_page_file(dir: &Scratch, name: &str, byte: u8) -> (unistd::Fd, std::ffi::CString) {
    let path = dir.file_with(name, &vec![byte; page_size()]);
    (unistd::open(&path, O_RDWR, 0).unwrap(), path)
}

/// Byte `offset` of the file as read(2) sees it.
fn file_byte(fd: &unistd::Fd, offset: u64) -> u8 {
    let mut b = [0u8; 1];
    assert_eq!(unistd::pread(fd, &mut b, offset).unwrap(), 1);
    b[0]
}

/// A shared and a private read-write mapping of the same file.
fn shared_and_private(fd: &unistd::Fd) -> (Mapping, Mapping) {
    let rw = Prot::READ | Prot::WRITE;
    (
        Mapping::new(page_size(), rw, MapFlags::SHARED, fd.raw(), 0).unwrap(),
        Mapping::new(page_size(), rw, MapFlags::PRIVATE, fd.raw(), 0).unwrap(),
    )
}

#[test]
fn a_private_write_reaches_neither_the_file_nor_the_shared_mapping() {
    let dir = Scratch::new("private-write");
    let (fd, _) = one_page_file(&dir, "f", b'o');
    let (shared, private) = shared_and_private(&fd);
    private.write(0, b'P');
    assert_eq!(private.read(0), b'P');
    assert_eq!(shared.read(0), b'o');
    assert_eq!(file_byte(&fd, 0), b'o');
}

#[test]
fn after_a_private_write_shared_writes_reach_the_file_but_not_the_private_page() {
    let dir = Scratch::new("private-then-shared");
    let (fd, path) = one_page_file(&dir, "f", b'o');
    let (shared, private) = shared_and_private(&fd);
    private.write(0, b'P');
    shared.write(0, b'S');
    shared.write(1, b'S');
    assert_eq!(&tests::read_back(&path)[..3], b"SSo");
    assert_eq!(private.read(0), b'P');
    assert_eq!(private.read(1), b'o', "the whole page was copied");
}

#[test]
fn before_it_writes_a_private_mapping_sees_shared_writes() {
    let dir = Scratch::new("shared-first");
    let (fd, _) = one_page_file(&dir, "f", b'o');
    let (shared, private) = shared_and_private(&fd);
    assert_eq!(private.read(0), b'o'); // faulted in, read-only
    shared.write(0, b'S');
    assert_eq!(private.read(0), b'S');
    assert_eq!(file_byte(&fd, 0), b'S');
}

#[test]
fn after_its_first_write_a_private_mapping_keeps_its_copy() {
    let dir = Scratch::new("cow");
    let (fd, _) = one_page_file(&dir, "f", b'o');
    let (shared, private) = shared_and_private(&fd);
    shared.write(0, b'S');
    private.write(1, b'P'); // copy-on-write: the page is copied now
    shared.write(2, b'T');
    assert_eq!(file_byte(&fd, 2), b'T');
    assert_eq!(private.read(0), b'S', "the copy holds the page as it was");
    assert_eq!(private.read(1), b'P');
    assert_eq!(private.read(2), b'o', "later shared writes are not seen");
}

#[test]
fn private_anonymous_memory_has_inode_0_and_no_path() {
    // SAFETY: no MAP_FIXED.
    let p = unsafe {
        rx::mmap_anonymous(
            std::ptr::null_mut(),
            page_size(),
            rx::ProtFlags::READ | rx::ProtFlags::WRITE,
            rx::MapFlags::PRIVATE,
        )
    }
    .unwrap();
    let (_, _, perms, inode, path) = fields_at(p as usize);
    assert_eq!(
        (perms.as_str(), inode.as_str(), path.as_str()),
        ("rw-p", "0", "")
    );
    // SAFETY: the page rustix just made; nothing refers to it.
    unsafe { rx::munmap(p, page_size()) }.unwrap();
}

#[test]
fn shared_anonymous_memory_is_zero_filled_and_listed_as_deleted_dev_zero() {
    let map = Mapping::new(
        page_size(),
        Prot::READ | Prot::WRITE,
        MapFlags::SHARED | MapFlags::ANONYMOUS,
        -1,
        0,
    )
    .unwrap();
    assert_eq!(map.read(0), 0);
    let (_, _, perms, _, path) = fields_at(map.addr());
    assert_eq!(perms, "rw-s");
    assert_eq!(path, "/dev/zero (deleted)");
}

#[test]
fn three_fresh_anonymous_pages_are_one_maps_line() {
    let page = page_size();
    let region = Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE).unwrap();
    let (start, end, ..) = fields_at(region.addr());
    assert!(start <= region.addr() && end >= region.addr() + 3 * page);
}

/// Three anonymous pages of 0xaa with page 1 replaced by a MAP_FIXED
/// mapping of a file of 'f'. Returns the region, mmap's result and the path.
/// MAP_PRIVATE, as in the lesson: a MAP_SHARED file page at an address of
/// the wrong cache colour is EINVAL on MIPS.
fn fixed_over_middle(dir: &Scratch) -> (Mapping, Result<*mut u8, Errno>, String) {
    let page = page_size();
    let region = Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE).unwrap();
    region.fill(0xaa);
    let (fd, path) = one_page_file(dir, "fixed", b'f');
    // SAFETY: replaces page 1 of our own region; no reference points into it.
    let got = unsafe {
        mman::mmap(
            region.as_ptr().wrapping_add(page),
            page,
            Prot::READ,
            MapFlags::PRIVATE | MapFlags::FIXED,
            fd.raw(),
            0,
        )
    };
    (region, got, path.into_string().unwrap())
}

#[test]
fn map_fixed_over_an_existing_mapping_returns_exactly_the_address() {
    let dir = Scratch::new("fixed-addr");
    let (region, got, _) = fixed_over_middle(&dir);
    assert_eq!(got, Ok(region.as_ptr().wrapping_add(page_size())));
}

#[test]
fn map_fixed_replaces_the_old_contents() {
    let dir = Scratch::new("fixed-contents");
    let page = page_size();
    let (region, got, _) = fixed_over_middle(&dir);
    got.unwrap();
    assert_eq!(region.read(page), b'f');
    assert_eq!(region.read(page - 1), 0xaa);
    assert_eq!(region.read(2 * page), 0xaa);
}

#[test]
fn map_fixed_splits_the_maps_line_in_three() {
    let dir = Scratch::new("fixed-maps");
    let page = page_size();
    let (region, got, path) = fixed_over_middle(&dir);
    got.unwrap();
    let base = region.addr();
    let (_, end0, perms0, ..) = fields_at(base);
    let (start1, end1, perms1, _, path1) = fields_at(base + page);
    let (start2, _, perms2, ..) = fields_at(base + 2 * page);
    assert_eq!((end0, perms0.as_str()), (base + page, "rw-p"));
    assert_eq!((start1, end1), (base + page, base + 2 * page));
    assert_eq!((perms1.as_str(), path1.as_str()), ("r--p", path.as_str()));
    assert_eq!((start2, perms2.as_str()), (base + 2 * page, "rw-p"));
}

/// One private anonymous read-write page at exactly `want`, with
/// MAP_FIXED_NOREPLACE.
fn map_noreplace(want: *mut u8, len: usize) -> Result<*mut u8, Errno> {
    // SAFETY: MAP_FIXED_NOREPLACE never replaces a mapping: it maps into
    // free address space or fails.
    unsafe {
        mman::mmap(
            want,
            len,
            Prot::READ | Prot::WRITE,
            MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED_NOREPLACE,
            -1,
            0,
        )
    }
}

/// Three anonymous pages of 0xbb and a MAP_FIXED_NOREPLACE attempt on page 1,
/// through our wrapper and through rustix.
fn noreplace_over_middle() -> (
    Mapping,
    Result<*mut u8, Errno>,
    rustix::io::Result<*mut c_void>,
) {
    let page = page_size();
    let region = Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE).unwrap();
    region.fill(0xbb);
    let want = region.as_ptr().wrapping_add(page);
    let ours = map_noreplace(want, page);
    // SAFETY: as above.
    let theirs = unsafe {
        rx::mmap_anonymous(
            want.cast(),
            page,
            rx::ProtFlags::READ | rx::ProtFlags::WRITE,
            rx::MapFlags::PRIVATE | rx::MapFlags::FIXED_NOREPLACE,
        )
    };
    (region, ours, theirs)
}

// The refusal alone (EEXIST) is also
// `errors::mmap_fixed_noreplace_over_an_existing_mapping_is_eexist`, a check the
// self-test makes too.

#[test]
fn map_fixed_noreplace_leaves_the_existing_page_untouched() {
    let (region, ours, theirs) = noreplace_over_middle();
    // A kernel older than 4.17 would map elsewhere instead; say so.
    assert_eq!(ours, Err(Errno::EEXIST), "our wrapper");
    assert_eq!(theirs, Err(rustix::io::Errno::EXIST), "rustix");
    assert_eq!(region.read(page_size()), 0xbb);
}

#[test]
fn map_fixed_noreplace_into_a_hole_succeeds_at_exactly_that_address() {
    let page = page_size();
    let region = Mapping::anonymous(3 * page, Prot::READ | Prot::WRITE).unwrap();
    region.fill(0xbb);
    let want = region.as_ptr().wrapping_add(page);
    // The hole is made and filled in a forked child: in the test process
    // another thread (under `cargo test`, another test) may map into it
    // first, and dropping `region` would then unmap that thread's memory.
    let (unmapped, got, fresh) = tests::in_child_value(|| {
        // SAFETY: the child's copy of page 1 of our own region; nothing
        // refers to it.
        let unmapped = unsafe { mman::munmap(want, page) };
        let got = map_noreplace(want, page);
        // Read only if mapped where asked: anything else is a failure.
        let fresh = (got == Ok(want)).then(|| region.read(page));
        (unmapped, got, fresh)
    });
    assert_eq!(unmapped, Ok(()));
    assert_eq!(got, Ok(want));
    assert_eq!(fresh, Some(0), "a fresh zero-filled page");
}

#[test]
fn neither_shared_nor_private_is_einval() {
    let dir = Scratch::new("no-type");
    let (fd, _) = one_page_file(&dir, "f", b'x');
    // SAFETY: expected to fail; no MAP_FIXED.
    let (anon, file, theirs) = unsafe {
        (
            mman::mmap(
                std::ptr::null_mut(),
                page_size(),
                Prot::READ,
                MapFlags::ANONYMOUS,
                -1,
                0,
            ),
            mman::mmap(
                std::ptr::null_mut(),
                page_size(),
                Prot::READ,
                MapFlags::empty(),
                fd.raw(),
                0,
            ),
            rx::mmap(
                std::ptr::null_mut(),
                page_size(),
                rx::ProtFlags::READ,
                rx::MapFlags::empty(),
                BorrowedFd::borrow_raw(fd.raw()),
                0,
            ),
        )
    };
    assert_eq!(anon, Err(Errno::EINVAL), "anonymous");
    assert_eq!(file, Err(Errno::EINVAL), "file");
    assert_eq!(theirs, Err(rustix::io::Errno::INVAL), "rustix");
}

/// The lowest bit no MAP_* flag of this architecture uses (computed in
/// `mman::flags`; lesson 04's validate.rs explains the reasoning).
fn unknown_bit() -> u32 {
    mman::flags::UNKNOWN_MAP_BIT
}

/// mmap one page of a fresh file with `flags`, through our wrapper and rustix.
fn map_file_with(
    flags: u32,
) -> (
    Result<Mapping, Errno>,
    rustix::io::Result<*mut c_void>,
    Scratch,
) {
    let dir = Scratch::new("validate");
    let path = dir.file_with("f", &vec![b'v'; page_size()]);
    let fd = unistd::open(&path, O_RDONLY, 0).unwrap();
    let ours = Mapping::new(
        page_size(),
        Prot::READ,
        MapFlags::from_bits_retain(flags),
        fd.raw(),
        0,
    );
    // SAFETY: no MAP_FIXED; a mapping made is unmapped by the caller.
    let theirs = unsafe {
        rx::mmap(
            std::ptr::null_mut(),
            page_size(),
            rx::ProtFlags::READ,
            rx::MapFlags::from_bits_retain(flags),
            BorrowedFd::borrow_raw(fd.raw()),
            0,
        )
    };
    (ours, theirs, dir)
}

fn unmap_theirs(p: rustix::io::Result<*mut c_void>) {
    if let Ok(p) = p {
        // SAFETY: the page rustix just made; nothing refers to it.
        unsafe { rx::munmap(p, page_size()) }.unwrap();
    }
}

#[test]
fn map_shared_ignores_an_unknown_flag() {
    let (ours, theirs, _dir) = map_file_with(k::MAP_SHARED | unknown_bit());
    assert!(ours.is_ok(), "our wrapper: {ours:?}");
    assert!(theirs.is_ok(), "rustix: {theirs:?}");
    unmap_theirs(theirs);
}

#[test]
fn map_shared_validate_refuses_an_unknown_flag_with_eopnotsupp() {
    let (ours, theirs, _dir) = map_file_with(k::MAP_SHARED_VALIDATE | unknown_bit());
    assert_eq!(ours.unwrap_err(), Errno::EOPNOTSUPP, "our wrapper");
    assert_eq!(theirs, Err(rustix::io::Errno::OPNOTSUPP), "rustix");
}

#[test]
fn map_shared_validate_alone_maps_the_file() {
    let (ours, theirs, _dir) = map_file_with(k::MAP_SHARED_VALIDATE);
    let ours = ours.unwrap();
    assert!(line_at(ours.addr()).contains(" r--s "));
    assert_eq!(ours.read(0), b'v');
    assert!(theirs.is_ok(), "rustix: {theirs:?}");
    unmap_theirs(theirs);
}

/// Every flag bit MAP_SHARED_VALIDATE does not refuse is in
/// `mman::flags::KNOWN_MAP_BITS`: the list lesson 04 picks its "unknown" bit
/// from leaves out nothing the kernel knows. Each bit above the type field
/// (the huge-page size field's bits too) is tried alone on a file. The
/// kernel refuses a bit it does not know with EOPNOTSUPP; any other answer
/// (a mapping, EINVAL for MAP_HUGETLB on a plain file, EEXIST for
/// MAP_FIXED_NOREPLACE onto a page in use, which do_mmap checks before the
/// flags) means it knew the bit. MAP_SYNC is refused on a file without DAX,
/// which this test allows: it checks one direction only.
#[test]
fn every_bit_map_shared_validate_accepts_is_a_known_flag() {
    let page = page_size();
    let dir = Scratch::new("validate-bits");
    let path = dir.file_with("f", &vec![b'v'; page]);
    let fd = unistd::open(&path, O_RDONLY, 0).unwrap();
    // A page of our own as the address hint, so that MAP_FIXED replaces
    // it (never address 0) and MAP_FIXED_NOREPLACE finds it taken. A
    // mapping made there takes the page's place and stays: `hole` unmaps
    // it when dropped. (Unmapping it here would leave `hole` to unmap an
    // address another test's thread may have been given meanwhile, under
    // plain `cargo test`.)
    let hole = Mapping::anonymous(page, Prot::NONE).unwrap();
    let mut known_to_the_kernel = 0u32;
    let mut bit = k::MAP_TYPE + 1;
    while bit != 0 {
        // SAFETY: the hint is `hole`, ours; a MAP_FIXED mapping replaces
        // only it, and any other mapping is unmapped at once.
        let answer = unsafe {
            mman::mmap(
                hole.addr() as *mut u8,
                page,
                Prot::READ,
                MapFlags::SHARED_VALIDATE | MapFlags::from_bits_retain(bit),
                fd.raw(),
                0,
            )
        };
        match answer {
            Err(Errno::EOPNOTSUPP) => {}
            Err(_) => known_to_the_kernel |= bit,
            Ok(addr) => {
                known_to_the_kernel |= bit;
                if addr as usize != hole.addr() {
                    // SAFETY: the page this call just mapped, elsewhere;
                    // nothing refers to it.
                    unsafe { mman::munmap(addr, page) }.unwrap();
                }
            }
        }
        bit <<= 1; // 0 after bit 31: the loop ends
    }
    let missing = known_to_the_kernel & !mman::flags::KNOWN_MAP_BITS;
    assert_eq!(
        missing,
        0,
        "MAP_SHARED_VALIDATE accepted bits {missing:#x}, which KNOWN_MAP_BITS \
         ({:#x}) leaves out",
        mman::flags::KNOWN_MAP_BITS
    );
}

// ---- written once in `tests/checks`, where the self-test runs them too ----

#[test]
fn anonymous_memory_starts_zero_filled() {
    tests::through_both(checks::map_flags::anonymous_memory_starts_zero_filled);
}

#[test]
fn private_stores_never_reach_the_file() {
    tests::through_both(checks::map_flags::private_stores_never_reach_the_file);
}
