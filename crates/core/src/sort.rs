//! Sorting with one sort routine for the whole page. The standard library's sorts are generic over
//! the element and the comparison, so every `sort_by_key` call site is its own few KB of machine
//! code: about forty of them were 110 KB of the page's wasm (20 KB brotli). On wasm32 these
//! functions sort the elements' indices with one shared, non-generic sort and then move the elements
//! into place; natively (the CLI, where speed matters and size does not) they are the standard
//! library's sorts. Stable everywhere: equal elements keep their order. [`set`] builds a `BTreeSet`
//! without the sort its `FromIterator` runs.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably (`slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
    #[cfg(target_arch = "wasm32")]
    {
        if v.len() < 2 {
            return;
        }
        let mut cmp = cmp;
        let order = sorted_indices(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
        permute(v, order);
    }
}

/// Sorts `v` by the key `key` gives each element, stably (`slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in its own order, stably (`slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` in its own order where equal elements are indistinguishable (`slice::sort_unstable`;
/// on wasm32 the shared stable sort).
pub fn sort_unstable<T: Ord>(v: &mut [T]) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable();
    #[cfg(target_arch = "wasm32")]
    sort(v);
}

/// `items` as a set. `BTreeSet::from_iter` (what `collect` does) sorts the items in a Vec first,
/// one more copy of the sort per element type; on wasm32 this inserts them one by one instead.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> std::collections::BTreeSet<T> {
    #[cfg(not(target_arch = "wasm32"))]
    let set = items.into_iter().collect();
    #[cfg(target_arch = "wasm32")]
    let set = {
        let mut set = std::collections::BTreeSet::new();
        set.extend(items);
        set
    };
    set
}

/// The indices `0..n` in the order `cmp` gives them: the one instance of the standard sort.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // tested natively
fn sorted_indices(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Moves the elements so that `v[i]` becomes the old `v[order[i]]`, following each cycle of the
/// permutation with swaps (`order` is used up).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // tested natively
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..v.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e'), (2, 'f')];
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(
            v,
            [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'f'), (3, 'a'), (3, 'c')]
        );
        let mut w = vec!["b", "a", "c", "a"];
        sort(&mut w);
        assert_eq!(w, ["a", "a", "b", "c"]);
        sort_by(&mut w, |a, b| b.cmp(a));
        assert_eq!(w, ["c", "b", "a", "a"]);
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
    }

    /// The wasm32 path (indices sorted once, then the elements moved) agrees with the standard
    /// stable sort, on permutations with long cycles, fixed points and ties.
    #[test]
    fn the_wasm_path_agrees_with_the_standard_sort() {
        let mut seed = 7u64;
        for n in 0..200 {
            let v: Vec<(u32, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) as u32 % (n as u32 / 3 + 1), i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            let mut got = v.clone();
            let order = sorted_indices(got.len(), &mut |a, b| v[a].0.cmp(&v[b].0));
            permute(&mut got, order);
            assert_eq!(got, want, "n = {n}");
        }
    }
}
