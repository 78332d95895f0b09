//! The call context: one request's (or one external view call's) execution state, and the implementation
//! of the sandbox that every processor, native or Wasm, runs against.
//!
//! It owns the gas meter, the stack of call frames and the effects (events, posted requests, L1
//! transfers) collected while the request runs, and it writes into a buffer over the block's state that
//! the executor keeps or drops as a whole.

mod sandbox_impl;

use std::borrow::Cow;

use isc_abi::{Address, AgentId, Balances, ChainId, Dict, Hash, Hname, RequestId};
use isc_gas::{GasMeter, GasOp, Limits};
use isc_native_contracts::{accounts, blob, is_core_contract, kv::StateRead, root};
use isc_sandbox::{EntryKind, KvWrite, Partition, PartitionMut, VmError};

use crate::registry::{ProcessorRef, ProcessorRegistry};
use crate::request::OutgoingRequest;

/// What a chain's calls need from the node: the chain's id, its limits and the processors.
#[derive(Clone, Copy)]
pub struct ChainEnv<'a> {
    /// The chain's id.
    pub chain_id: ChainId,
    /// The chain's limits.
    pub limits: &'a Limits,
    /// The node's processors.
    pub registry: &'a ProcessorRegistry,
    /// Keep a burn log per request and return it as a gas report (costs an allocation per charge).
    pub gas_reports: bool,
}

/// The request being processed, as the sandbox reports it.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    /// Its id.
    pub id: RequestId,
    /// Its sender.
    pub sender: AgentId,
    /// Entropy of this request: blake2b(block entropy ‖ request id).
    pub entropy: Hash,
}

/// Effects a request produces besides state changes; dropped with the state if the request fails.
#[derive(Debug, Default, Clone)]
pub struct Effects {
    /// Events, by emitting contract.
    pub events: Vec<(Hname, String)>,
    /// Requests posted to other chains.
    pub posted: Vec<OutgoingRequest>,
    /// Tokens sent to L1 addresses.
    pub sent: Vec<(Address, Balances)>,
}

/// Which entry points a call may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryFilter {
    /// Funcs and views (a func calling).
    Any,
    /// Views only (a view calling, or an external view call).
    ViewOnly,
    /// Funcs only (a request).
    FuncOnly,
}

struct Frame<'a> {
    contract: Hname,
    caller: AgentId,
    /// Borrowed from the request for the outermost call (no copy per request).
    params: Cow<'a, Dict>,
    params_len: u64,
    incoming: Balances,
}

/// One request's execution state. See the module docs.
pub struct CallContext<'a> {
    env: ChainEnv<'a>,
    state: &'a mut dyn KvWrite,
    meter: GasMeter,
    frames: Vec<Frame<'a>>,
    request: Option<RequestInfo>,
    timestamp: i64,
    effects: Effects,
}

impl<'a> CallContext<'a> {
    /// A context writing into `state`, charging `meter`; `request` is `None` for views called from
    /// outside the chain.
    pub fn new(
        env: ChainEnv<'a>,
        state: &'a mut dyn KvWrite,
        meter: GasMeter,
        request: Option<RequestInfo>,
        timestamp: i64,
    ) -> Self {
        CallContext {
            env,
            state,
            meter,
            frames: Vec::new(),
            request,
            timestamp,
            effects: Effects::default(),
        }
    }

    /// The meter and the effects, once the call is over.
    pub fn finish(self) -> (GasMeter, Effects) {
        (self.meter, self.effects)
    }

    /// Gas charged so far.
    pub fn meter(&self) -> &GasMeter {
        &self.meter
    }

    /// Charges `op` on `bytes` bytes.
    pub fn charge(&mut self, op: GasOp, bytes: u64) -> Result<(), VmError> {
        Ok(self.meter.charge(op, bytes)?)
    }

    /// Charges gas computed by a VM (metered instructions), labelled `op` in the burn log.
    pub fn charge_gas(&mut self, op: &'static str, gas: u64) -> Result<(), VmError> {
        Ok(self.meter.charge_gas(op, 0, gas)?)
    }

    fn frame(&self) -> &Frame<'a> {
        // The sandbox is only handed to processors from inside `call_entry`, which pushed a frame.
        self.frames
            .last()
            .expect("sandbox used outside a call frame")
    }

    fn own_agent(&self) -> AgentId {
        AgentId::contract(self.env.chain_id, self.frame().contract)
    }

    fn own(&mut self) -> PartitionMut<'_> {
        let contract = self.frame().contract;
        PartitionMut::new(&mut *self.state, contract)
    }

    fn read_partition(&self, contract: Hname) -> Partition<'_> {
        Partition::new(&*self.state, contract)
    }

    fn accounts(&mut self) -> PartitionMut<'_> {
        PartitionMut::new(&mut *self.state, accounts::CONTRACT.hname())
    }

    /// The processor of deployed contract `contract`.
    fn resolve(&mut self, contract: Hname) -> Result<ProcessorRef, VmError> {
        let root_h = root::CONTRACT.hname();
        if let Some(core) = isc_native_contracts::CORE_CONTRACTS
            .into_iter()
            .find(|c| c.hname() == contract)
        {
            // Root is always there; the others once root's init recorded them (no need to decode).
            if contract != root_h
                && !root::state::is_deployed(&mut self.read_partition(root_h), contract)?
            {
                return Err(VmError::ContractNotFound(contract));
            }
            return Ok(crate::registry::core_processor(core));
        }
        let program_hash = root::state::find_contract(&mut self.read_partition(root_h), contract)?
            .ok_or(VmError::ContractNotFound(contract))?
            .program_hash;
        let registry = self.env.registry;
        registry.processor(
            &program_hash,
            &mut self.read_partition(blob::CONTRACT.hname()),
        )
    }

    /// Calls `entry` of `contract` as `caller`, moving `transfer` from the caller's account to the
    /// contract's first. `filter` says which kinds of entry point the caller may reach. A contract's
    /// `init` answers only root (which calls it once, at deployment): anyone else gets
    /// [`VmError::RepeatingInitCall`].
    pub fn call_entry(
        &mut self,
        caller: AgentId,
        contract: Hname,
        entry: Hname,
        params: Dict,
        transfer: Balances,
        filter: EntryFilter,
    ) -> Result<Dict, VmError> {
        self.call_entry_with(
            caller,
            contract,
            entry,
            Cow::Owned(params),
            transfer,
            filter,
        )
    }

    /// [`CallContext::call_entry`] with params that may be borrowed: a request's outlive the context,
    /// and the call reads them in place instead of copying them.
    pub fn call_entry_with(
        &mut self,
        caller: AgentId,
        contract: Hname,
        entry: Hname,
        params: Cow<'a, Dict>,
        transfer: Balances,
        filter: EntryFilter,
    ) -> Result<Dict, VmError> {
        let limit = self.env.limits.max_call_depth;
        if self.frames.len() >= limit as usize {
            return Err(VmError::CallDepth { limit });
        }
        let params_len = params.encoded_len() as u64;
        if params_len > u64::from(self.env.limits.max_params_size) {
            return Err(VmError::LimitExceeded {
                what: "params size",
                size: params_len,
                limit: u64::from(self.env.limits.max_params_size),
            });
        }
        self.charge(GasOp::Call, params_len)?;
        let processor = self.resolve(contract)?;
        let kind = processor
            .entry_point(entry)
            .ok_or(VmError::EntryPointNotFound { contract, entry })?;
        let expected = match (filter, kind) {
            (EntryFilter::ViewOnly, EntryKind::Func) => Some("view"),
            (EntryFilter::FuncOnly, EntryKind::View) => Some("func"),
            _ => None,
        };
        if let Some(expected) = expected {
            return Err(VmError::WrongEntryKind {
                contract,
                entry,
                expected,
            });
        }
        if entry == root::INIT_HNAME
            && contract != root::CONTRACT.hname()
            && caller != AgentId::contract(self.env.chain_id, root::CONTRACT.hname())
        {
            return Err(VmError::RepeatingInitCall(contract));
        }
        if !transfer.is_empty() {
            if kind == EntryKind::View {
                return Err(VmError::bad_params("a view cannot receive tokens"));
            }
            self.charge(GasOp::Transfer, transfer.len() as u64 * 40)?;
            // Tokens sent to a core contract stay in the caller's account: core contracts act on it.
            if !is_core_contract(contract) {
                let target = AgentId::contract(self.env.chain_id, contract);
                accounts::ledger::move_tokens(&mut self.accounts(), &caller, &target, &transfer)?;
            }
        }
        self.frames.push(Frame {
            contract,
            caller,
            params,
            params_len,
            incoming: transfer,
        });
        let result = match kind {
            EntryKind::Func => processor.call(entry, self),
            EntryKind::View => processor.call_view(entry, self),
        };
        self.frames.pop();
        let result = result?;
        self.charge(GasOp::Results, result.encoded_len() as u64)?;
        Ok(result)
    }

    /// Whether the current frame is a core contract (which gets [`isc_sandbox::CoreOps`]).
    fn in_core_contract(&self) -> bool {
        is_core_contract(self.frame().contract)
    }

    fn check_limit(&self, what: &'static str, size: usize, limit: u32) -> Result<(), VmError> {
        if size as u64 > u64::from(limit) {
            return Err(VmError::LimitExceeded {
                what,
                size: size as u64,
                limit: u64::from(limit),
            });
        }
        Ok(())
    }

    fn debit_own(&mut self, tokens: &Balances) -> Result<(), VmError> {
        let own = self.own_agent();
        accounts::ledger::debit(&mut self.accounts(), &own, tokens)
    }

    fn load_program(&mut self, program_hash: &Hash) -> Result<String, VmError> {
        if isc_native_contracts::core_contract_by_program(program_hash).is_some() {
            return Err(VmError::Program(
                "a core program cannot be deployed again".into(),
            ));
        }
        let program = blob::state::program(
            &mut self.read_partition(blob::CONTRACT.hname()),
            program_hash,
        )?
        .ok_or_else(|| {
            VmError::Program(format!(
                "program {program_hash} not found in the blob registry"
            ))
        })?;
        let registry = self.env.registry;
        let vm = registry.vm(&program.vm_type).ok_or_else(|| {
            VmError::Program(format!("VM type `{}` is not supported", program.vm_type))
        })?;
        let size = program.binary.len() as u64;
        // Reading the module is cheap and always paid; compiling is paid only for a valid one, so a
        // rejected module fails naming the rule it broke.
        self.charge(GasOp::Validate, size)?;
        vm.validate(&program.binary)?;
        self.charge(GasOp::Deploy, size)?;
        registry.processor(
            program_hash,
            &mut self.read_partition(blob::CONTRACT.hname()),
        )?;
        Ok(program.vm_type)
    }

    fn state_read_chain_owner(&mut self) -> Result<Option<AgentId>, VmError> {
        root::state::owner(&mut self.read_partition(root::CONTRACT.hname()))
    }

    fn read_balances(&mut self, agent: &AgentId) -> Result<Balances, VmError> {
        accounts::ledger::balances(
            &mut self.read_partition(accounts::CONTRACT.hname()) as &mut dyn StateRead,
            agent,
        )
    }
}
