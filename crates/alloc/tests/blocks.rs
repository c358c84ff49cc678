//! The allocator on its own: every layout gets a block of its alignment, zeroed when asked, and
//! reallocation keeps the contents, through both the plain and the aligned entry points.

use shipshape_alloc::Allocator;
use std::alloc::{GlobalAlloc, Layout};

#[global_allocator]
static GLOBAL: Allocator = Allocator;

const ALIGNS: [usize; 6] = [1, 2, 8, 16, 64, 4096];
const SIZES: [usize; 10] = [1, 7, 8, 24, 72, 248, 1000, 1025, 70_000, 3 << 20];

fn pattern(i: usize) -> u8 {
    (i % 251) as u8
}

#[test]
fn blocks_have_their_alignment_and_realloc_keeps_the_bytes() {
    for align in ALIGNS {
        for size in SIZES {
            // Grow to more than three times the size, and shrink to half of it.
            for new in [size * 3 + 5, size.div_ceil(2)] {
                let layout = Layout::from_size_align(size, align).unwrap();
                unsafe {
                    let p = Allocator.alloc(layout);
                    assert!(!p.is_null(), "{size} bytes, align {align}");
                    assert_eq!(p as usize % align, 0, "{size} bytes, align {align}");
                    for i in 0..size {
                        *p.add(i) = pattern(i);
                    }
                    let q = Allocator.realloc(p, layout, new);
                    assert!(!q.is_null(), "{size} -> {new} bytes, align {align}");
                    assert_eq!(
                        q as usize % align,
                        0,
                        "{size} -> {new} bytes, align {align}"
                    );
                    for i in 0..size.min(new) {
                        assert_eq!(*q.add(i), pattern(i), "byte {i} of {size} -> {new}");
                    }
                    Allocator.dealloc(q, Layout::from_size_align(new, align).unwrap());
                }
            }
        }
    }
}

#[test]
fn zeroed_blocks_are_zero_after_reuse() {
    for align in ALIGNS {
        for size in SIZES {
            let layout = Layout::from_size_align(size, align).unwrap();
            unsafe {
                // Dirty a block of this class and free it, then ask for a zeroed one.
                let dirty = Allocator.alloc(layout);
                std::ptr::write_bytes(dirty, 0xAB, size);
                Allocator.dealloc(dirty, layout);
                let p = Allocator.alloc_zeroed(layout);
                assert_eq!(p as usize % align, 0, "{size} bytes, align {align}");
                assert!(
                    std::slice::from_raw_parts(p, size).iter().all(|&b| b == 0),
                    "{size} bytes, align {align}"
                );
                Allocator.dealloc(p, layout);
            }
        }
    }
}

#[test]
fn collections_live_on_it() {
    // This test binary's global allocator is the one under test.
    let mut words: Vec<String> = (0..20_000).map(|i| format!("word {i}")).collect();
    words.retain(|w| w.ends_with('7'));
    assert_eq!(words.len(), 2_000);
    assert_eq!(words[3], "word 37");
    let joined = words.concat();
    assert_eq!(joined.len(), words.iter().map(String::len).sum::<usize>());
}
