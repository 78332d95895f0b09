//! The key/value view every layer of state offers: the store, the virtual state, a request's overlay, a
//! contract's partition. One small pair of traits lets them stack in any order.

use crate::StoreError;

/// Reading a key/value space.
///
/// Reads are fallible because the bottom of every stack is a store that may hit a disk error; upper
/// layers pass that error through instead of hiding it.
pub trait KvRead {
    /// The value of `key`, or `None` when absent.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;

    /// Calls `f` with the value of `key` (`None` when absent) where it lies, without a copy. Layers
    /// that hold values in memory override it; the default copies through [`get`](Self::get).
    fn get_with(&self, key: &[u8], f: &mut dyn FnMut(Option<&[u8]>)) -> Result<(), StoreError> {
        f(self.get(key)?.as_deref());
        Ok(())
    }

    /// Whether `key` exists. Layers override it when they can answer without copying the value.
    fn has(&self, key: &[u8]) -> Result<bool, StoreError> {
        Ok(self.get(key)?.is_some())
    }

    /// Calls `f(key, value)` for every key starting with `prefix`, in ascending lexicographic key order,
    /// until `f` returns `false`.
    ///
    /// A callback (rather than an iterator) lets a store keep its read transaction or lock for exactly
    /// the duration of the walk, and lets the trait stay object-safe.
    fn iterate_prefix(
        &self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError>;
}

/// Writing a key/value space.
///
/// Writes are infallible: every writable layer is an in-memory buffer, and errors surface when the
/// buffer is committed to a store.
pub trait KvWrite: KvRead {
    /// Sets `key` to `value`.
    fn set(&mut self, key: &[u8], value: &[u8]);

    /// Removes `key` (a no-op in effect when it is absent, but still recorded).
    fn delete(&mut self, key: &[u8]);
}

/// Replays `mutations` onto `target`, in order: how a successful request's buffer (see
/// [`crate::Overlay::into_mutations`]) lands in the layer below.
pub fn apply_mutations(target: &mut dyn KvWrite, mutations: &[crate::Mutation]) {
    for m in mutations {
        match m {
            crate::Mutation::Set { key, value } => target.set(key, value),
            crate::Mutation::Delete { key } => target.delete(key),
        }
    }
}
