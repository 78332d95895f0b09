//! The root entry points.

use isc_abi::{AgentId, Codec, Color, Dict, Hash, Hname};
use isc_gas::FeePolicy;
use isc_sandbox::{Sandbox, SandboxView, VmError};

use super::{keys, state, ChainInfo, ContractRecord};
use crate::kv::{FuncState, ViewState};
use crate::params::{optional, required, result};
use crate::CORE_CONTRACTS;

/// The VM type recorded for core contracts.
pub const CORE_VM_TYPE: &str = "core";

/// Longest contract name, in bytes.
pub const MAX_NAME_LEN: usize = 255;

fn require_owner(ctx: &mut dyn Sandbox, what: &str) -> Result<AgentId, VmError> {
    let owner = state::owner(&mut FuncState(ctx))?
        .ok_or_else(|| VmError::Unauthorized("the chain is not initialized".into()))?;
    let caller = ctx.caller();
    if caller != owner {
        return Err(VmError::Unauthorized(format!(
            "{what}: only the chain owner may do this"
        )));
    }
    Ok(owner)
}

/// init: the request sender becomes the chain owner; records every core contract; default fee policy.
pub fn init(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    if state::owner(&mut FuncState(ctx))?.is_some() {
        return Err(VmError::Unauthorized(
            "root.init: the chain is already initialized".into(),
        ));
    }
    let owner = ctx.caller();
    let description: String = optional(ctx.params()?, keys::DESCRIPTION)?.unwrap_or_default();
    ctx.set(state::OWNER, &owner.encode())?;
    ctx.set(state::DESCRIPTION, description.as_bytes())?;
    ctx.set(state::FEE_POLICY, &FeePolicy::DEFAULT.encode())?;
    for contract in CORE_CONTRACTS {
        let record = ContractRecord {
            program_hash: contract.program_hash(),
            name: contract.name.to_string(),
            description: contract.description.to_string(),
            vm_type: CORE_VM_TYPE.to_string(),
            creator: owner,
        };
        ctx.set(&state::contract_key(contract.hname()), &record.encode())?;
    }
    ctx.emit_event("[init] chain initialized, core contracts deployed")?;
    Ok(Dict::new())
}

/// deployContract: `ph` program hash, `nm` name, `ds` description; every other param goes to the new
/// contract's `init`. The owner, agents with deploy permission and the contracts of this chain may
/// deploy (a contract deploys another by calling root, as the architecture describes and the
/// original root allowed); a contract of another chain needs a permission like any agent.
pub fn deploy_contract(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let caller = ctx.caller();
    let owner = state::owner(&mut FuncState(ctx))?;
    let of_this_chain = caller
        .contract_id()
        .is_some_and(|c| c.chain == ctx.chain_id());
    if owner != Some(caller)
        && !of_this_chain
        && ctx.get(&state::permission_key(&caller))?.is_none()
    {
        return Err(VmError::Unauthorized(
            "deployContract: no deploy permission".into(),
        ));
    }
    let params = ctx.params()?;
    let program_hash: Hash = required(params, keys::PROGRAM_HASH)?;
    let name: String = required(params, keys::NAME)?;
    let description: String = optional(params, keys::DESCRIPTION)?.unwrap_or_default();
    let mut init_params = params.clone();
    for key in [keys::PROGRAM_HASH, keys::NAME, keys::DESCRIPTION] {
        init_params.remove(key.as_bytes());
    }
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(VmError::bad_params(format!(
            "contract name must be 1 to {MAX_NAME_LEN} bytes"
        )));
    }
    let hname = Hname::new(&name);
    if state::find_contract(&mut FuncState(ctx), hname)?.is_some() {
        return Err(VmError::bad_params(format!(
            "contract name `{name}` ({hname}) is taken"
        )));
    }
    let core = ctx
        .core()
        .ok_or_else(|| VmError::Unauthorized("deployContract needs the core sandbox".into()))?;
    let vm_type = core.load_program(&program_hash)?;
    let record = ContractRecord {
        program_hash,
        name: name.clone(),
        description,
        vm_type,
        creator: caller,
    };
    ctx.set(&state::contract_key(hname), &record.encode())?;
    let init = super::INIT_HNAME;
    let has_init = match ctx.core() {
        Some(core) => core.has_entry_point(hname, init)?,
        None => false,
    };
    if has_init {
        ctx.call(hname, init, init_params, Default::default())?;
    }
    ctx.emit_event(&format!(
        "[deploy] {name} ({hname}) from program {program_hash}"
    ))?;
    Ok(result(keys::HNAME, &hname))
}

/// grantDeployPermission: agent `dp` may deploy contracts. Owner only.
pub fn grant_deploy_permission(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    require_owner(ctx, "grantDeployPermission")?;
    let agent: AgentId = required(ctx.params()?, keys::DEPLOYER)?;
    ctx.set(&state::permission_key(&agent), &[1])?;
    Ok(Dict::new())
}

/// revokeDeployPermission: agent `dp` may no longer deploy. Owner only.
pub fn revoke_deploy_permission(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    require_owner(ctx, "revokeDeployPermission")?;
    let agent: AgentId = required(ctx.params()?, keys::DEPLOYER)?;
    ctx.delete(&state::permission_key(&agent))?;
    Ok(Dict::new())
}

/// delegateChainOwnership: agent `oi` may claim ownership. Owner only.
pub fn delegate_chain_ownership(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    require_owner(ctx, "delegateChainOwnership")?;
    let agent: AgentId = required(ctx.params()?, keys::OWNER_ID)?;
    ctx.set(state::DELEGATED_OWNER, &agent.encode())?;
    Ok(Dict::new())
}

/// claimChainOwnership: the delegated agent becomes the owner.
pub fn claim_chain_ownership(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let caller = ctx.caller();
    let delegated = match ctx.get(state::DELEGATED_OWNER)? {
        Some(bytes) => Some(
            AgentId::decode(&bytes)
                .map_err(|e| VmError::Store(format!("corrupt delegated owner: {e}")))?,
        ),
        None => None,
    };
    if delegated != Some(caller) {
        return Err(VmError::Unauthorized(
            "claimChainOwnership: the caller is not the delegated owner".into(),
        ));
    }
    ctx.set(state::OWNER, &caller.encode())?;
    ctx.delete(state::DELEGATED_OWNER)?;
    ctx.emit_event(&format!("[owner] chain owner is now {caller}"))?;
    Ok(Dict::new())
}

/// setFeePolicy: `fc` fee colour (default base), `gt` gas per token (0 disables fees). Owner only.
pub fn set_fee_policy(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    require_owner(ctx, "setFeePolicy")?;
    let params = ctx.params()?;
    let color: Color = optional(params, keys::FEE_COLOR)?.unwrap_or(Color::BASE);
    let gas_per_token: u64 = required(params, keys::GAS_PER_TOKEN)?;
    let policy = FeePolicy {
        color,
        gas_per_token,
    };
    ctx.set(state::FEE_POLICY, &policy.encode())?;
    Ok(Dict::new())
}

/// findContract: the record (`dt`) of contract `hn`.
pub fn find_contract(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let hname: Hname = required(ctx.params()?, keys::HNAME)?;
    match state::find_contract(&mut ViewState(ctx), hname)? {
        Some(record) => Ok(result(keys::DATA, &record)),
        None => Err(VmError::ContractNotFound(hname)),
    }
}

/// getContractRecords: hname (4 bytes LE) → encoded record, for every contract.
pub fn get_contract_records(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let mut out = Dict::new();
    for (hname, record) in state::contracts(&mut ViewState(ctx))? {
        let _ = out.set(hname.to_bytes(), record.encode());
    }
    Ok(out)
}

/// getChainInfo: `c` chain id, `o` owner, `ds` description, `fc`/`gt` fee policy, `n` contract count
/// (see [`ChainInfo`]).
pub fn get_chain_info(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let chain_id = ctx.chain_id();
    let mut st = ViewState(ctx);
    let owner = state::owner(&mut st)?;
    let description = st.0.get(state::DESCRIPTION)?.unwrap_or_default();
    let info = ChainInfo {
        chain_id,
        owner,
        description: String::from_utf8(description)
            .map_err(|_| VmError::Store("corrupt root description: not UTF-8".into()))?,
        fee_policy: state::fee_policy(&mut st)?,
        contract_count: state::contracts(&mut st)?.len() as u32,
    };
    Ok(info.to_dict())
}
