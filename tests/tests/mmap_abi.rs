//! mmap's argument words (`mman::mmap_abi`) against a plain model: what a
//! call packs is what the trace unpacks, and mmap2's 4096-byte units are
//! computed as division in 128-bit integers would. The unit arithmetic is
//! compiled on every target, so a 64-bit host checks the 32-bit rule too;
//! the 32-bit suites (i686, armv7 under QEMU) then check it against
//! kernels.

use mman::Errno;
use mman::mmap_abi::{MMAP2_OFFSET_UNIT, mmap2_offset_bytes, mmap2_units, offset_bytes, pack};
use proptest::prelude::*;

/// Offsets anywhere, and near multiples of 4096 and the 16 TiB limit.
fn offset() -> impl Strategy<Value = i64> {
    const LIMIT: i64 = (u32::MAX as i64 + 1) * 4096;
    prop_oneof![
        any::<i64>(),
        (0i64..1 << 40, -2i64..=2).prop_map(|(k, d)| k * 4096 + d),
        (-8192i64..=8192).prop_map(|d| LIMIT + d),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tests::model_cases()))]

    #[test]
    fn mmap2_units_is_exact_division_that_fits_32_bits(offset in offset()) {
        let model = i128::from(offset);
        let expected = if model >= 0 && model % 4096 == 0 && model / 4096 <= i128::from(u32::MAX) {
            Ok(u32::try_from(model / 4096).unwrap())
        } else {
            Err(Errno::EINVAL)
        };
        prop_assert_eq!(mmap2_units(offset), expected);
    }

    #[test]
    fn mmap2_units_and_bytes_are_inverse(units in any::<u32>()) {
        let bytes = mmap2_offset_bytes(units);
        prop_assert_eq!(u128::from(bytes), u128::from(units) * 4096);
        prop_assert_eq!(mmap2_units(bytes as i64), Ok(units));
    }

    #[test]
    fn the_trace_reads_back_the_offset_a_call_packed(units in any::<u32>()) {
        let offset = mmap2_offset_bytes(units) as i64;
        let words = pack(0x1000, 40, 3, 1, -1, offset).unwrap();
        prop_assert_eq!(offset_bytes(words[5]), offset as u64);
    }
}

#[test]
fn the_unit_is_4096_bytes_whatever_the_page_size() {
    assert_eq!(MMAP2_OFFSET_UNIT, 4096);
}

#[test]
fn pack_puts_the_six_arguments_in_c_order_with_fd_sign_extended() {
    let words = pack(0x7000, 40, 3, 0x22, -1, 0).unwrap();
    assert_eq!(words, [0x7000, 40, 3, 0x22, usize::MAX, 0]);
    let words = pack(0, 8192, 1, 1, 5, 8192).unwrap();
    let offset_word = if cfg!(target_pointer_width = "32") {
        2
    } else {
        8192
    };
    assert_eq!(words, [0, 8192, 1, 1, 5, offset_word]);
}
