//! Merging a write buffer with the layer below it, in key order: the one algorithm behind the prefix
//! walks of `VirtualState` and `Overlay`.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Bound;

use crate::StoreError;

/// Buffered writes: `None` marks a deleted key, which must hide the same key below.
pub(crate) type Pending = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// The buffered value of `key`: `Some(Some(v))` set here, `Some(None)` deleted here, `None` untouched
/// (ask the layer below).
pub(crate) fn lookup<'p>(pending: &'p Pending, key: &[u8]) -> Option<Option<&'p [u8]>> {
    pending.get(key).map(|v| v.as_deref())
}

/// The buffered changes to keys under `prefix`, in ascending key order.
pub(crate) fn range<'p>(
    pending: &'p Pending,
    prefix: &'p [u8],
) -> impl Iterator<Item = (&'p [u8], Option<&'p [u8]>)> + 'p {
    pending
        .range::<[u8], _>((Bound::Included(prefix), Bound::Unbounded))
        .take_while(move |(k, _)| k.starts_with(prefix))
        .map(|(k, v)| (k.as_slice(), v.as_deref()))
}

/// Calls `f` for every key under `prefix` of the layer below (walked by `base_walk`) merged with
/// `pending`, in ascending key order: buffered sets replace or add entries, buffered deletes hide them.
///
/// `base_walk` must call its callback in ascending key order with keys under `prefix` (the contract of
/// every `iterate_prefix`); the merge is then a single pass over both, with no copy of either side.
pub(crate) fn iterate_merged<'p>(
    upper: impl Iterator<Item = (&'p [u8], Option<&'p [u8]>)>,
    base_walk: impl FnOnce(&mut dyn FnMut(&[u8], &[u8]) -> bool) -> Result<(), StoreError>,
    f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
) -> Result<(), StoreError> {
    let mut upper = upper.peekable();
    let mut stopped = false;
    base_walk(&mut |key, value| {
        // Emit buffered entries that sort before `key`; a buffered entry for `key` itself wins over it.
        while let Some(&(pk, pv)) = upper.peek() {
            match pk.cmp(key) {
                Ordering::Greater => break,
                order => {
                    upper.next();
                    if let Some(pv) = pv {
                        if !f(pk, pv) {
                            stopped = true;
                            return false;
                        }
                    }
                    if order == Ordering::Equal {
                        return true;
                    }
                }
            }
        }
        if !f(key, value) {
            stopped = true;
            return false;
        }
        true
    })?;
    if stopped {
        return Ok(());
    }
    for (pk, pv) in upper {
        if let Some(pv) = pv {
            if !f(pk, pv) {
                break;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn merged(
        base: &BTreeMap<Vec<u8>, Vec<u8>>,
        pending: &Pending,
        prefix: &[u8],
        limit: usize,
    ) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        iterate_merged(
            range(pending, prefix),
            |g| {
                for (k, v) in base.iter().filter(|(k, _)| k.starts_with(prefix)) {
                    if !g(k, v) {
                        break;
                    }
                }
                Ok(())
            },
            &mut |k, v| {
                let mut e = k.to_vec();
                e.push(b'=');
                e.extend_from_slice(v);
                out.push(e);
                out.len() < limit
            },
        )
        .expect("merge");
        out
    }

    proptest! {
        /// The merge equals applying the buffer to a copy of the base and walking that.
        #[test]
        fn merge_equals_applied_copy(
            base in proptest::collection::btree_map(proptest::collection::vec(0u8..4, 0..4), proptest::collection::vec(any::<u8>(), 0..3), 0..12),
            pending in proptest::collection::btree_map(proptest::collection::vec(0u8..4, 0..4), proptest::option::of(proptest::collection::vec(any::<u8>(), 0..3)), 0..12),
            prefix in proptest::collection::vec(0u8..4, 0..2),
            limit in 1usize..20,
        ) {
            let mut applied = base.clone();
            for (k, v) in &pending {
                match v {
                    Some(v) => applied.insert(k.clone(), v.clone()),
                    None => applied.remove(k),
                };
            }
            let expected = merged(&applied, &Pending::new(), &prefix, limit);
            prop_assert_eq!(merged(&base, &pending, &prefix, limit), expected);
        }
    }
}
