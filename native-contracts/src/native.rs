//! A native contract: a static table of entry points written in Rust.

use std::collections::BTreeMap;

use isc_abi::{blake2b256, Dict, Hash, Hname};
use isc_sandbox::{EntryKind, Processor, Sandbox, SandboxView, VmError};

/// A native func.
pub type FuncFn = fn(&mut dyn Sandbox) -> Result<Dict, VmError>;
/// A native view.
pub type ViewFn = fn(&mut dyn SandboxView) -> Result<Dict, VmError>;

/// One entry point's code.
#[derive(Clone, Copy)]
pub enum Handler {
    /// A func.
    Func(FuncFn),
    /// A view.
    View(ViewFn),
}

/// A core contract's static description.
pub struct NativeContract {
    /// The contract's name (its hname is the contract's id on every chain).
    pub name: &'static str,
    /// `Hname::new(name)`, spelled out because it is looked up on every call (a test checks it).
    pub hname: Hname,
    /// What it is for.
    pub description: &'static str,
    /// Entry points by name.
    pub entry_points: &'static [(&'static str, Handler)],
}

/// The program hash of a core contract: blake2b-256 of its name.
pub fn program_hash(name: &str) -> Hash {
    blake2b256(name.as_bytes())
}

impl NativeContract {
    /// The contract's hname.
    pub fn hname(&self) -> Hname {
        self.hname
    }

    /// The contract's program hash.
    pub fn program_hash(&self) -> Hash {
        program_hash(self.name)
    }

    /// A processor for this contract.
    pub fn processor(&'static self) -> NativeProcessor {
        NativeProcessor::new(self)
    }
}

/// The [`Processor`] of a native contract: entry points indexed by hname.
pub struct NativeProcessor {
    contract: &'static NativeContract,
    table: BTreeMap<Hname, Handler>,
}

impl NativeProcessor {
    /// Indexes `contract`'s entry points.
    pub fn new(contract: &'static NativeContract) -> Self {
        let table = contract
            .entry_points
            .iter()
            .map(|(name, handler)| (Hname::new(name), *handler))
            .collect();
        NativeProcessor { contract, table }
    }

    /// The contract it runs.
    pub fn contract(&self) -> &'static NativeContract {
        self.contract
    }
}

impl Processor for NativeProcessor {
    fn entry_point(&self, code: Hname) -> Option<EntryKind> {
        self.table.get(&code).map(|h| match h {
            Handler::Func(_) => EntryKind::Func,
            Handler::View(_) => EntryKind::View,
        })
    }

    fn call(&self, code: Hname, ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
        match self.table.get(&code) {
            Some(Handler::Func(f)) => f(ctx),
            Some(Handler::View(v)) => v(ctx),
            None => Err(VmError::EntryPointNotFound {
                contract: self.contract.hname(),
                entry: code,
            }),
        }
    }

    fn call_view(&self, code: Hname, ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
        match self.table.get(&code) {
            Some(Handler::View(v)) => v(ctx),
            Some(Handler::Func(_)) => Err(VmError::WrongEntryKind {
                contract: self.contract.hname(),
                entry: code,
                expected: "view",
            }),
            None => Err(VmError::EntryPointNotFound {
                contract: self.contract.hname(),
                entry: code,
            }),
        }
    }
}
