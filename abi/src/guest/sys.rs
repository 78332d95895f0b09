//! The raw host imports of module `isc`, exactly as [`crate::host_abi`] fixes them.
//!
//! Pointers are `*const u8`/`*mut u8` and lengths `i32`: on wasm32 both lower to the Wasm `i32` the
//! host expects. Only the safe wrappers of this module's parent call them.
//!
//! On any other target there is no host to import from: every function is a stub with the same
//! signature that panics with [`NOT_IN_RUNTIME`], so that the SDK (and contracts) still build on the
//! developer's machine for docs, clippy and unit tests of pure helpers. No contract runs there.

/// What the host-build stubs panic with.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) const NOT_IN_RUNTIME: &str =
    "isc guest SDK: host functions only exist inside the iscvm Wasm runtime";

/// Declares every import (but `panic`, which returns `!`) once: the wasm32 `extern` block, the host
/// stubs, and (for tests) the table of names and Wasm types that is checked against
/// [`crate::host_abi::signature`].
macro_rules! imports {
    ($( fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?; )*) => {
        #[cfg(target_arch = "wasm32")]
        #[link(wasm_import_module = "isc")]
        unsafe extern "C" {
            $( pub(crate) fn $name($($arg: $ty),*) $(-> $ret)?; )*
            /// Fails the call with a UTF-8 message; never returns.
            pub(crate) fn panic(msg: *const u8, len: i32) -> !;
        }

        #[cfg(not(target_arch = "wasm32"))]
        mod host_stubs {
            $(
                #[allow(clippy::too_many_arguments)]
                pub(crate) unsafe fn $name($(_: $ty),*) $(-> $ret)? {
                    panic!("{}", super::NOT_IN_RUNTIME)
                }
            )*
            pub(crate) unsafe fn panic(_: *const u8, _: i32) -> ! {
                panic!("{}", super::NOT_IN_RUNTIME)
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        pub(crate) use host_stubs::*;

        /// `(name, params, results)` of every import, in the notation of
        /// [`crate::host_abi::signature`].
        #[cfg(test)]
        pub(crate) fn declared() -> alloc::vec::Vec<(&'static str, alloc::string::String, alloc::string::String)> {
            let mut all = alloc::vec![
                $((
                    stringify!($name),
                    codes([$(<$ty as WasmType>::CODE),*]),
                    codes([$(<$ret as WasmType>::CODE)?]),
                ),)*
            ];
            all.push(("panic", codes(['i', 'i']), codes([])));
            all
        }
    };
}

imports! {
    fn params(buf: *mut u8, cap: i32) -> i32;
    fn output(buf: *mut u8, cap: i32) -> i32;
    fn state_get(key: *const u8, key_len: i32, buf: *mut u8, cap: i32) -> i32;
    fn state_has(key: *const u8, key_len: i32) -> i32;
    fn state_prefix(prefix: *const u8, prefix_len: i32, buf: *mut u8, cap: i32) -> i32;
    fn call_view(contract: i32, entry: i32, params: *const u8, params_len: i32, buf: *mut u8, cap: i32) -> i32;
    fn contract() -> i32;
    fn chain_id(out: *mut u8);
    fn chain_owner(out: *mut u8);
    fn timestamp() -> i64;
    fn balances(buf: *mut u8, cap: i32) -> i32;
    fn balance(color: *const u8) -> i64;
    fn blake2b(data: *const u8, len: i32, out: *mut u8);
    fn hname(name: *const u8, len: i32) -> i32;
    fn log(msg: *const u8, len: i32);
    fn gas_remaining() -> i64;
    fn results(data: *const u8, len: i32);

    fn state_set(key: *const u8, key_len: i32, value: *const u8, value_len: i32);
    fn state_delete(key: *const u8, key_len: i32);
    fn call(
        contract: i32, entry: i32, params: *const u8, params_len: i32,
        transfer: *const u8, transfer_len: i32, buf: *mut u8, cap: i32
    ) -> i32;
    fn post(
        target: *const u8, entry: i32, params: *const u8, params_len: i32,
        transfer: *const u8, transfer_len: i32
    );
    fn send(address: *const u8, tokens: *const u8, tokens_len: i32);
    fn event(msg: *const u8, len: i32);
    fn caller(out: *mut u8);
    fn sender(out: *mut u8);
    fn request_id(out: *mut u8);
    fn incoming(buf: *mut u8, cap: i32) -> i32;
    fn entropy(out: *mut u8);
}

/// The notation of [`crate::host_abi::signature`] for a list of value types.
#[cfg(test)]
fn codes<const N: usize>(codes: [char; N]) -> alloc::string::String {
    codes.iter().collect()
}

/// The Wasm value type a Rust parameter type lowers to on wasm32.
#[cfg(test)]
trait WasmType {
    /// `'i'` for i32, `'I'` for i64.
    const CODE: char;
}

#[cfg(test)]
mod wasm_types {
    use super::WasmType;

    impl WasmType for i32 {
        const CODE: char = 'i';
    }
    impl WasmType for i64 {
        const CODE: char = 'I';
    }
    impl WasmType for *const u8 {
        const CODE: char = 'i';
    }
    impl WasmType for *mut u8 {
        const CODE: char = 'i';
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host_abi;

    #[test]
    fn every_import_matches_the_host_abi_and_all_are_declared() {
        let declared = declared();
        for (name, params, results) in &declared {
            assert_eq!(
                host_abi::signature(name),
                Some((params.as_str(), results.as_str())),
                "{name}"
            );
        }
        let mut names: alloc::vec::Vec<&str> = declared.iter().map(|d| d.0).collect();
        names.sort_unstable();
        let mut expected: alloc::vec::Vec<&str> = host_abi::VIEW_IMPORTS
            .iter()
            .chain(host_abi::FUNC_IMPORTS)
            .copied()
            .collect();
        expected.sort_unstable();
        assert_eq!(names, expected);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    #[should_panic(expected = "host functions only exist inside the iscvm Wasm runtime")]
    fn host_stubs_say_why_they_fail() {
        // SAFETY: the host stub touches no memory; it only panics.
        unsafe { contract() };
    }
}
