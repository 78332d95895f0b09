//! [`Sandbox`], [`SandboxView`] and [`CoreOps`] over a [`CallContext`]: every operation checks its
//! limits, charges gas, then acts on the current frame's partition.

use isc_abi::{
    blake2b256, Address, AgentId, Balances, ChainId, Color, ContractId, Dict, Hash, Hname,
    RequestId,
};
use isc_gas::{GasOp, Limits};
use isc_sandbox::{CoreOps, KvRead, KvWrite, Sandbox, SandboxView, VmError};

use super::{CallContext, EntryFilter, RequestInfo};
use crate::request::OutgoingRequest;

impl CallContext<'_> {
    fn request_info(&self) -> Result<&RequestInfo, VmError> {
        self.request
            .as_ref()
            .ok_or_else(|| VmError::panic("no request: a func cannot run outside a request"))
    }
}

impl SandboxView for CallContext<'_> {
    fn params(&mut self) -> Result<&Dict, VmError> {
        let len = self.frame().params_len;
        self.charge(GasOp::ParamsRead, len)?;
        Ok(&self.frame().params)
    }

    fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, VmError> {
        let mut value = Vec::new();
        Ok(self.get_into(key, &mut value)?.then_some(value))
    }

    fn get_into(&mut self, key: &[u8], out: &mut Vec<u8>) -> Result<bool, VmError> {
        self.charge(GasOp::StateRead, key.len() as u64)?;
        let mut found = false;
        KvRead::get_with(&self.own(), key, &mut |value| {
            if let Some(v) = value {
                out.clear();
                out.extend_from_slice(v);
                found = true;
            }
        })?;
        if found {
            self.charge(GasOp::StateRead, out.len() as u64)?;
        }
        Ok(found)
    }

    fn has(&mut self, key: &[u8]) -> Result<bool, VmError> {
        self.charge(GasOp::StateRead, key.len() as u64)?;
        Ok(KvRead::has(&self.own(), key)?)
    }

    fn iterate_prefix(
        &mut self,
        prefix: &[u8],
        f: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), VmError> {
        self.charge(GasOp::StateIterate, prefix.len() as u64)?;
        let contract = self.frame().contract;
        let mut out_of_gas = None;
        {
            let state = isc_sandbox::Partition::new(&*self.state, contract);
            let meter = &mut self.meter;
            state.iterate_prefix(prefix, &mut |k, v| {
                if let Err(e) = meter.charge(GasOp::StateIterate, (k.len() + v.len()) as u64) {
                    out_of_gas = Some(e);
                    return false;
                }
                f(k, v)
            })?;
        }
        match out_of_gas {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }

    fn call_view(&mut self, contract: Hname, entry: Hname, params: Dict) -> Result<Dict, VmError> {
        let caller = self.own_agent();
        self.call_entry(
            caller,
            contract,
            entry,
            params,
            Balances::new(),
            EntryFilter::ViewOnly,
        )
    }

    fn contract(&self) -> Hname {
        self.frame().contract
    }

    fn contract_id(&self) -> ContractId {
        ContractId::new(self.env.chain_id, self.frame().contract)
    }

    fn chain_id(&self) -> ChainId {
        self.env.chain_id
    }

    fn chain_owner(&mut self) -> Result<AgentId, VmError> {
        self.charge(GasOp::Context, 36)?;
        self.state_read_chain_owner()?
            .ok_or_else(|| VmError::Unauthorized("the chain is not initialized".into()))
    }

    fn timestamp(&mut self) -> Result<i64, VmError> {
        self.charge(GasOp::Context, 8)?;
        Ok(self.timestamp)
    }

    fn balances(&mut self) -> Result<Balances, VmError> {
        let own = self.own_agent();
        let balances = self.read_balances(&own)?;
        self.charge(GasOp::Context, balances.len() as u64 * 40)?;
        Ok(balances)
    }

    fn balance(&mut self, color: &Color) -> Result<u64, VmError> {
        self.charge(GasOp::Context, 40)?;
        let own = self.own_agent();
        Ok(self.read_balances(&own)?.get(color))
    }

    fn blake2b(&mut self, data: &[u8]) -> Result<Hash, VmError> {
        self.charge(GasOp::Hash, data.len() as u64)?;
        Ok(blake2b256(data))
    }

    fn hname(&mut self, name: &str) -> Result<Hname, VmError> {
        self.charge(GasOp::Hname, name.len() as u64)?;
        Ok(Hname::new(name))
    }

    fn log(&mut self, msg: &str) -> Result<(), VmError> {
        self.check_limit("log line", msg.len(), self.env.limits.max_log_size)?;
        self.charge(GasOp::Log, msg.len() as u64)?;
        tracing::debug!(contract = %self.frame().contract, "{msg}");
        Ok(())
    }

    fn limits(&self) -> &Limits {
        self.env.limits
    }

    fn gas_remaining(&self) -> u64 {
        self.meter.remaining()
    }

    fn charge_gas(&mut self, op: &'static str, gas: u64) -> Result<(), VmError> {
        CallContext::charge_gas(self, op, gas)
    }
}

impl Sandbox for CallContext<'_> {
    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), VmError> {
        if key.is_empty() {
            return Err(VmError::EmptyKey);
        }
        self.check_limit("state key", key.len(), self.env.limits.max_key_size)?;
        self.check_limit("state value", value.len(), self.env.limits.max_value_size)?;
        self.charge(GasOp::StateWrite, (key.len() + value.len()) as u64)?;
        KvWrite::set(&mut self.own(), key, value);
        Ok(())
    }

    fn delete(&mut self, key: &[u8]) -> Result<(), VmError> {
        if key.is_empty() {
            return Err(VmError::EmptyKey);
        }
        self.check_limit("state key", key.len(), self.env.limits.max_key_size)?;
        self.charge(GasOp::StateDelete, key.len() as u64)?;
        KvWrite::delete(&mut self.own(), key);
        Ok(())
    }

    fn call(
        &mut self,
        contract: Hname,
        entry: Hname,
        params: Dict,
        transfer: Balances,
    ) -> Result<Dict, VmError> {
        let caller = self.own_agent();
        self.call_entry(caller, contract, entry, params, transfer, EntryFilter::Any)
    }

    fn post_request(
        &mut self,
        target: ContractId,
        entry: Hname,
        params: Dict,
        transfer: Balances,
    ) -> Result<(), VmError> {
        self.post_request_at(target, entry, params, transfer, 0)
    }

    fn post_request_at(
        &mut self,
        target: ContractId,
        entry: Hname,
        params: Dict,
        transfer: Balances,
        timelock: u32,
    ) -> Result<(), VmError> {
        let limits = self.env.limits;
        let count = self.effects.posted.len() + 1;
        self.check_limit("posted requests", count, limits.max_posts_per_request)?;
        let len = params.encoded_len();
        self.check_limit("params size", len, limits.max_params_size)?;
        self.charge(GasOp::PostRequest, len as u64)?;
        self.charge(GasOp::Transfer, transfer.len() as u64 * 40)?;
        self.debit_own(&transfer)?;
        let sender = self.own_agent();
        self.effects.posted.push(OutgoingRequest {
            sender,
            target,
            entry_point: entry,
            params,
            transfer,
            timelock,
        });
        Ok(())
    }

    fn send_to_address(&mut self, address: Address, tokens: Balances) -> Result<(), VmError> {
        let count = self.effects.sent.len() + 1;
        self.check_limit("L1 transfers", count, self.env.limits.max_posts_per_request)?;
        self.charge(GasOp::SendToAddress, 0)?;
        self.charge(GasOp::Transfer, tokens.len() as u64 * 40)?;
        if tokens.is_empty() {
            return Err(VmError::bad_params("nothing to send"));
        }
        self.debit_own(&tokens)?;
        self.effects.sent.push((address, tokens));
        Ok(())
    }

    fn emit_event(&mut self, msg: &str) -> Result<(), VmError> {
        let limits = self.env.limits;
        self.check_limit("event", msg.len(), limits.max_event_size)?;
        self.check_limit(
            "events",
            self.effects.events.len() + 1,
            limits.max_events_per_request,
        )?;
        self.charge(GasOp::Event, msg.len() as u64)?;
        let contract = self.frame().contract;
        self.effects.events.push((contract, msg.to_string()));
        Ok(())
    }

    fn caller(&self) -> AgentId {
        self.frame().caller
    }

    fn request_sender(&self) -> AgentId {
        match &self.request {
            Some(r) => r.sender,
            None => self.frame().caller,
        }
    }

    fn request_id(&self) -> RequestId {
        match &self.request {
            Some(r) => r.id,
            None => RequestId::new(Default::default(), 0),
        }
    }

    fn incoming(&self) -> &Balances {
        &self.frame().incoming
    }

    fn entropy(&mut self) -> Result<Hash, VmError> {
        self.charge(GasOp::Context, 32)?;
        Ok(self.request_info()?.entropy)
    }

    fn core(&mut self) -> Option<&mut dyn CoreOps> {
        if self.in_core_contract() {
            Some(self)
        } else {
            None
        }
    }
}

impl CoreOps for CallContext<'_> {
    fn load_program(&mut self, program_hash: &Hash) -> Result<String, VmError> {
        CallContext::load_program(self, program_hash)
    }

    fn has_entry_point(&mut self, contract: Hname, entry: Hname) -> Result<bool, VmError> {
        let processor = self.resolve(contract)?;
        Ok(processor.entry_point(entry).is_some())
    }
}
