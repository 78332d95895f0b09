//! Which host ABI a module was built for, decided by the module name of its imports: `isc` (this
//! project's), or the Pollen-era `wasplib` (Wasp v0.1.0) / `WasmLib` (Wasp v0.2.0).

use crate::wasplib::Tag;

/// A module's host ABI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Abi {
    /// Imports of module `isc`, entry points exported as `fn:NAME` / `view:NAME`.
    #[default]
    Isc,
    /// The object-model ABI of Wasp v0.1.0 or v0.2.0: entry points registered by `on_load`.
    Wasplib(Tag),
}

impl Abi {
    /// The printed name: `isc`, `wasplib-v0.1` or `wasmlib-v0.2`.
    pub fn name(self) -> &'static str {
        match self {
            Abi::Isc => "isc",
            Abi::Wasplib(tag) => tag.abi_name(),
        }
    }

    /// The Pollen-era tag, if the module is built for one.
    pub fn tag(self) -> Option<Tag> {
        match self {
            Abi::Isc => None,
            Abi::Wasplib(tag) => Some(tag),
        }
    }

    /// The ABI of an import module name, if the host defines that module.
    pub fn of_module(module: &str) -> Option<Abi> {
        if module == isc_abi::host_abi::MODULE {
            return Some(Abi::Isc);
        }
        Tag::of_module(module).map(Abi::Wasplib)
    }

    /// The byte that stands for the ABI in a cached module report (none for `isc`, whose reports
    /// predate the field).
    pub(crate) fn to_byte(self) -> Option<u8> {
        match self {
            Abi::Isc => None,
            Abi::Wasplib(Tag::V01) => Some(1),
            Abi::Wasplib(Tag::V02) => Some(2),
        }
    }

    /// The ABI of a cached report's byte.
    pub(crate) fn from_byte(b: u8) -> Option<Abi> {
        match b {
            1 => Some(Abi::Wasplib(Tag::V01)),
            2 => Some(Abi::Wasplib(Tag::V02)),
            _ => None,
        }
    }
}
