//! The app's one stable sort. `slice::sort_by` is compiled anew for every element type and
//! comparison (about 4 KB of wasm each, 17 of them); here every sort is a sort of indices
//! through one dynamic comparison, so its code exists once, and the elements are then moved
//! into place. Same result as `sort_by`: stable, equal elements keep their order.

use std::cmp::Ordering;

/// Sorts the indices `idx` stably by `cmp` (called with two of them).
pub fn sort_indices(idx: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    idx.sort_by(|&a, &b| cmp(a, b));
}

/// `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut perm: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut perm, &|a, b| cmp(&v[a], &v[b]));
    permute(v, &mut perm);
}

/// `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Puts `v[perm[k]]` at `k` for every `k`, in place, one cycle of the permutation at a time;
/// `perm` is used up (each entry set to its own index once placed).
fn permute<T>(v: &mut [T], perm: &mut [usize]) {
    for start in 0..perm.len() {
        let mut at = start;
        loop {
            let from = perm[at];
            perm[at] = at;
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
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_as_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            // only the first field is compared: equal keys must keep their order
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std = v;
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn sorts_plain_values_and_indices() {
        let mut v = vec!["b", "c", "a", "b"];
        sort(&mut v);
        assert_eq!(v, ["a", "b", "b", "c"]);
        let keys = [30, 10, 20];
        let mut idx = vec![0, 1, 2];
        sort_indices(&mut idx, &|a, b| keys[a].cmp(&keys[b]));
        assert_eq!(idx, [1, 2, 0]);
    }
}
