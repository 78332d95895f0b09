//! What an entry point returns: nothing, a [`Dict`], or a [`Results`] built key by key.

use alloc::format;

use super::output::len;
use super::{panic, sys};
use crate::{Codec, Dict};

/// A results dict built by chaining: `Results::new().set("counter", &n)`.
///
/// Keys are `&str` (non-empty); a key the dict encoding cannot carry fails the call instead of being
/// dropped.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Results(Dict);

impl Results {
    /// No results yet.
    pub fn new() -> Results {
        Results::default()
    }

    /// Adds (or replaces) `key` with the encoding of `value`.
    pub fn set<T: Codec + ?Sized>(mut self, key: &str, value: &T) -> Results {
        if let Err(err) = self.0.set_as(key, value) {
            panic(&format!("bad result `{key}`: {err}"));
        }
        self
    }

    /// The dict built so far.
    pub fn into_dict(self) -> Dict {
        self.0
    }
}

impl From<Results> for Dict {
    fn from(results: Results) -> Dict {
        results.0
    }
}

/// A value an entry point may return: [`entry_points!`](crate::entry_points) hands it to the host.
pub trait IntoResults {
    /// The results dict, or `None` for "no results" (the host then reports an empty dict).
    fn into_results(self) -> Option<Dict>;
}

impl IntoResults for () {
    fn into_results(self) -> Option<Dict> {
        None
    }
}

impl IntoResults for Dict {
    fn into_results(self) -> Option<Dict> {
        Some(self)
    }
}

impl IntoResults for Results {
    fn into_results(self) -> Option<Dict> {
        Some(self.0)
    }
}

/// Passes an entry point's return value to the host's `results` import (nothing for `()`).
#[doc(hidden)]
pub fn __set_results(value: impl IntoResults) {
    if let Some(dict) = value.into_results() {
        let bytes = dict.encode();
        // SAFETY: `bytes` is readable for its length.
        unsafe { sys::results(bytes.as_ptr(), len(bytes.len())) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_chain_into_a_dict() {
        let r = Results::new().set("counter", &5i64).set("name", "x");
        let dict = Dict::from(r.clone());
        assert_eq!(dict.get_as::<i64>(b"counter"), Ok(Some(5)));
        assert_eq!(dict.get(b"name"), Some(&b"x"[..]));
        assert_eq!(r.into_results(), Some(dict));
        assert_eq!(().into_results(), None);
    }
}
