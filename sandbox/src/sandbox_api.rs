//! What a contract sees: the [`SandboxView`] of a view and the [`Sandbox`] of a func.
//!
//! A contract reaches the chain only through these traits, so they are the security boundary: keys are
//! confined to the contract's own partition, every operation is charged gas, and a view gets a type that
//! has no way to write or to call a func.

use isc_abi::{
    Address, AgentId, Balances, ChainId, Color, ContractId, Dict, Hash, Hname, RequestId,
};
use isc_gas::Limits;

use crate::VmError;

/// The read-only sandbox of a view (and the read-only part of a func's).
pub trait SandboxView {
    /// The params of this call.
    fn params(&mut self) -> Result<&Dict, VmError>;
    /// A value of the contract's own partition.
    fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, VmError>;
    /// [`get`](Self::get) into `out`, whose contents it replaces, instead of a new vector (a Wasm
    /// contract's reads reuse one buffer). `false`, with `out` untouched, when the key is absent.
    /// Charged exactly as `get`.
    fn get_into(&mut self, key: &[u8], out: &mut Vec<u8>) -> Result<bool, VmError> {
        match self.get(key)? {
            Some(value) => {
                *out = value;
                Ok(true)
            }
            None => Ok(false),
        }
    }
    /// Whether the key exists in the contract's own partition.
    fn has(&mut self, key: &[u8]) -> Result<bool, VmError>;
    /// Visits the keys of the own partition that start with `prefix`, in ascending byte order, until `f`
    /// returns false. Keys are given without the partition prefix.
    fn iterate_prefix(
        &mut self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), VmError>;
    /// Calls a view of a contract on this chain.
    fn call_view(&mut self, contract: Hname, entry: Hname, params: Dict) -> Result<Dict, VmError>;
    /// The hname of the running contract.
    fn contract(&self) -> Hname;
    /// The running contract's id (chain id + hname).
    fn contract_id(&self) -> ContractId;
    /// The chain's id.
    fn chain_id(&self) -> ChainId;
    /// The chain owner (from root's state).
    fn chain_owner(&mut self) -> Result<AgentId, VmError>;
    /// Timestamp of the request (funcs) or of the state (views), Unix nanoseconds.
    fn timestamp(&mut self) -> Result<i64, VmError>;
    /// The running contract's on-chain balances.
    fn balances(&mut self) -> Result<Balances, VmError>;
    /// The running contract's balance of one colour.
    fn balance(&mut self, color: &Color) -> Result<u64, VmError>;
    /// blake2b-256 of `data`.
    fn blake2b(&mut self, data: &[u8]) -> Result<Hash, VmError>;
    /// The hname of `name`.
    fn hname(&mut self, name: &str) -> Result<Hname, VmError>;
    /// Writes a line to the node log (not stored in state).
    fn log(&mut self, msg: &str) -> Result<(), VmError>;
    /// The chain's limits.
    fn limits(&self) -> &Limits;
    /// Gas left in this request's budget.
    fn gas_remaining(&self) -> u64;
    /// Charges gas a VM metered itself (Wasm instructions), labelled `op` in the burn log.
    fn charge_gas(&mut self, op: &'static str, gas: u64) -> Result<(), VmError>;
}

/// The full sandbox of a func: the view's operations plus writes, calls, transfers and requests.
pub trait Sandbox: SandboxView {
    /// Sets a key of the own partition.
    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), VmError>;
    /// Deletes a key of the own partition.
    fn delete(&mut self, key: &[u8]) -> Result<(), VmError>;
    /// Calls a func (or view) of a contract on this chain; `transfer` moves from this contract's account
    /// to the callee's first and fails when this contract's balance is short.
    fn call(
        &mut self,
        contract: Hname,
        entry: Hname,
        params: Dict,
        transfer: Balances,
    ) -> Result<Dict, VmError>;
    /// Posts a request to a contract on another (or this) chain, paid from this contract's account; it
    /// leaves with the block's anchor and runs in a later block of the target chain.
    fn post_request(
        &mut self,
        target: ContractId,
        entry: Hname,
        params: Dict,
        transfer: Balances,
    ) -> Result<(), VmError>;
    /// [`post_request`](Self::post_request) with a time lock: the request runs in no block before
    /// `timelock` (Unix seconds; 0: none). The default refuses a time lock it cannot keep.
    fn post_request_at(
        &mut self,
        target: ContractId,
        entry: Hname,
        params: Dict,
        transfer: Balances,
        timelock: u32,
    ) -> Result<(), VmError> {
        if timelock != 0 {
            return Err(VmError::Panic(
                "this sandbox cannot post time-locked requests".into(),
            ));
        }
        self.post_request(target, entry, params, transfer)
    }
    /// Sends tokens from this contract's account to an L1 address (an output of the anchor transaction).
    fn send_to_address(&mut self, address: Address, tokens: Balances) -> Result<(), VmError>;
    /// Appends an event to the chain's eventlog under this contract.
    fn emit_event(&mut self, msg: &str) -> Result<(), VmError>;
    /// Who called this entry point: the request sender for the first frame, else the calling contract.
    fn caller(&self) -> AgentId;
    /// The sender of the request being processed.
    fn request_sender(&self) -> AgentId;
    /// The id of the request being processed.
    fn request_id(&self) -> RequestId;
    /// The tokens that came with this call (already in this contract's account).
    fn incoming(&self) -> &Balances;
    /// 32 bytes of entropy, the same on every node: derived from the block's entropy and the request id.
    fn entropy(&mut self) -> Result<Hash, VmError>;
    /// Operations only core contracts get; `None` for every other contract.
    fn core(&mut self) -> Option<&mut dyn CoreOps>;
}

/// Operations reserved to the core contracts (root deploying programs, accounts moving the ledger).
pub trait CoreOps {
    /// Finds the program (a core program or a blob), checks its VM type, validates and compiles it
    /// (charged by size). Returns the VM type.
    fn load_program(&mut self, program_hash: &Hash) -> Result<String, VmError>;
    /// Whether the deployed contract `contract` has entry point `entry` (funcs and views).
    fn has_entry_point(&mut self, contract: Hname, entry: Hname) -> Result<bool, VmError>;
}
