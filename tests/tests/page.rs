//! mman's page arithmetic against a plain model: the same questions
//! answered with division in 128-bit integers, which cannot overflow and
//! need no trick. The functions use bit masks (the page size is a power of
//! two), so a slip in a mask or an off-by-one in the rounding shows here
//! for some value; proptest looks near zero, near page boundaries and near
//! the top of the address space, where such slips live.

use mman::page::{align_down, align_up, is_aligned, pages_for};
use proptest::prelude::*;

/// Page sizes: every power of two from 1 byte to 1 GiB (Linux uses 4, 16
/// and 64 KiB; the functions promise any power of two).
fn page_size() -> impl Strategy<Value = usize> {
    (0u32..=30).prop_map(|shift| 1usize << shift)
}

/// Values anywhere, and values just around a multiple of the page size or
/// the top of the range.
fn value(page: usize) -> impl Strategy<Value = usize> {
    prop_oneof![
        any::<usize>(),
        (0usize..1 << 20, -2isize..=2)
            .prop_map(move |(k, d)| (k.wrapping_mul(page)).wrapping_add_signed(d)),
        (0usize..=3 * page.min(1 << 20)).prop_map(|v| usize::MAX - v),
        0usize..=4 * page.min(1 << 20),
    ]
}

fn cases() -> impl Strategy<Value = (usize, usize)> {
    page_size().prop_flat_map(|page| (value(page), Just(page)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(tests::model_cases()))]

    #[test]
    fn is_aligned_means_a_multiple((v, page) in cases()) {
        prop_assert_eq!(is_aligned(v, page), (v as u128).is_multiple_of(page as u128));
    }

    #[test]
    fn align_down_is_the_multiple_at_or_below((v, page) in cases()) {
        let model = v as u128 - v as u128 % page as u128;
        prop_assert_eq!(align_down(v, page) as u128, model);
    }

    #[test]
    fn align_up_is_the_multiple_at_or_above_or_none_past_the_top((v, page) in cases()) {
        let (v128, p) = (v as u128, page as u128);
        let model = v128.div_ceil(p) * p;
        let expected = (model <= usize::MAX as u128).then_some(model as usize);
        prop_assert_eq!(align_up(v, page), expected);
    }

    #[test]
    fn pages_for_counts_whole_pages((v, page) in cases()) {
        let model = (v as u128).div_ceil(page as u128);
        prop_assert_eq!(pages_for(v, page) as u128, model);
    }
}

/// The cases a reader checks by hand: 40 bytes take one 4 KiB page, a page
/// boundary is its own page, and zero bytes take none.
#[test]
fn forty_bytes_take_one_page_and_nothing_takes_none() {
    assert_eq!(align_up(40, 4096), Some(4096));
    assert_eq!(pages_for(40, 4096), 1);
    assert_eq!(pages_for(4096, 4096), 1);
    assert_eq!(pages_for(4097, 4096), 2);
    assert_eq!(pages_for(0, 4096), 0);
    assert_eq!(align_down(8191, 4096), 4096);
    assert!(is_aligned(0, 65536) && !is_aligned(4096, 65536));
}
