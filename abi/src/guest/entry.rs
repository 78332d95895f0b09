//! Exporting entry points ([`entry_points!`](crate::entry_points)) and turning Rust panics into host
//! panics (see "Panics" in the [guest module docs](crate::guest)).

use alloc::format;
use core::sync::atomic::{AtomicBool, Ordering};

use super::panic;

/// Set once the panic hook is installed (an instance may serve several calls).
static HOOK_INSTALLED: AtomicBool = AtomicBool::new(false);

/// True the first time it is called in this instance: the caller then installs the panic hook.
#[doc(hidden)]
pub fn __first_entry() -> bool {
    !HOOK_INSTALLED.swap(true, Ordering::Relaxed)
}

/// The body of the panic hook: fails the call through the host with the panic's message and location.
#[doc(hidden)]
pub fn __panic_hook(message: Option<&str>, location: Option<(&str, u32, u32)>) {
    let message = message.unwrap_or("contract panicked");
    match location {
        Some((file, line, column)) => panic(&format!("{message} at {file}:{line}:{column}")),
        None => panic(message),
    }
}

/// Exports entry points written as plain Rust functions.
///
/// ```ignore
/// use isc_abi::guest::prelude::*;
///
/// isc_abi::entry_points! {
///     /// Adds one to the counter.
///     func increment(ctx: &mut FuncCtx) {
///         let n: i64 = ctx.get("counter").unwrap_or(0);
///         ctx.set("counter", &(n + 1));
///     }
///
///     /// The counter.
///     view getCounter(ctx: &ViewCtx) -> Results {
///         Results::new().set("counter", &ctx.get::<i64>("counter").unwrap_or(0))
///     }
/// }
/// ```
///
/// `func NAME(ctx: &mut FuncCtx)` is exported as `fn:NAME` and `view NAME(ctx: &ViewCtx)` as
/// `view:NAME`, both of Wasm type `() -> ()`; the name is used exactly as written (camelCase is the
/// convention, and allowed). The function may return `()`, a [`Dict`](crate::Dict) or a
/// [`Results`](super::Results) ([`IntoResults`](super::IntoResults)); a returned dict is passed to the
/// host's `results`. Each call gets a fresh context. Doc comments and attributes on an entry point
/// are kept. See the [guest module docs](crate::guest) for how panics reach the host.
#[macro_export]
macro_rules! entry_points {
    () => {};
    (
        $(#[$attr:meta])*
        func $name:ident ($ctx:ident : $ty:ty) $(-> $ret:ty)? $body:block
        $($rest:tt)*
    ) => {
        $(#[$attr])*
        #[allow(non_snake_case)]
        fn $name($ctx: $ty) $(-> $ret)? $body

        const _: () = {
            #[export_name = concat!("fn:", stringify!($name))]
            extern "C" fn __isc_export() {
                $crate::__isc_install_panic_hook!();
                let mut ctx = $crate::guest::FuncCtx::__new();
                $crate::guest::__set_results($name(&mut ctx));
            }
        };

        $crate::entry_points!($($rest)*);
    };
    (
        $(#[$attr:meta])*
        view $name:ident ($ctx:ident : $ty:ty) $(-> $ret:ty)? $body:block
        $($rest:tt)*
    ) => {
        $(#[$attr])*
        #[allow(non_snake_case)]
        fn $name($ctx: $ty) $(-> $ret)? $body

        const _: () = {
            #[export_name = concat!("view:", stringify!($name))]
            extern "C" fn __isc_export() {
                $crate::__isc_install_panic_hook!();
                let ctx = $crate::guest::ViewCtx::__new();
                $crate::guest::__set_results($name(&ctx));
            }
        };

        $crate::entry_points!($($rest)*);
    };
}

/// Installs the std panic hook that reports panics to the host, once per instance. Expanded in the
/// contract's crate, which has `std`.
#[doc(hidden)]
#[macro_export]
macro_rules! __isc_install_panic_hook {
    () => {
        if $crate::guest::__first_entry() {
            ::std::panic::set_hook(::std::boxed::Box::new(|info| {
                $crate::guest::__panic_hook(
                    info.payload_as_str(),
                    info.location().map(|l| (l.file(), l.line(), l.column())),
                )
            }));
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_is_installed_once_per_instance() {
        // Other tests may have run first in this process; after one call it is always false.
        let _ = __first_entry();
        assert!(!__first_entry());
    }
}
