//! What a call of a compiled module starts from: the entry point ([`Entry`]) and, for a Pollen-era
//! module, what its `on_load` established ([`WasplibModule`]). Compilation makes them, instances and
//! the processor use them; they sit apart so that neither side needs the other for them.

use std::sync::Arc;

use isc_sandbox::EntryKind;

/// An entry point of a compiled module.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The export's full name (`fn:NAME` / `view:NAME`).
    pub export: String,
    /// Func or view.
    pub kind: EntryKind,
    /// Stack slots the entry function's own frame takes (the depth the host starts it at).
    pub frame_cost: u32,
    /// Position among the module's entry points, for per-instance lookups.
    pub index: usize,
    /// The argument of a Pollen-era module's call export: the entry point's index as `on_load`
    /// registered it (bit 0x8000 for a view). `None` for `isc` modules, whose entry points take none.
    pub arg: Option<i32>,
}

/// What a Pollen-era module's `on_load` established: the key ids every call starts from, and the
/// state a fresh instance is put into.
#[derive(Debug, Clone)]
pub struct WasplibModule {
    /// The tag of the ABI.
    pub tag: crate::wasplib::Tag,
    /// The key ids `on_load` obtained (kept in its memory, so valid in every call).
    pub keys: Arc<crate::wasplib::KeyTable>,
    /// Gas `on_load` burned.
    pub on_load_gas: u64,
    /// The memory and globals `on_load` left, if the module's instances can be put into them.
    pub(crate) snapshot: Option<Arc<crate::on_load::LoadSnapshot>>,
}
