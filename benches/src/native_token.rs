//! The example `token` contract (contracts/token) written as a native processor, for the "native vs
//! Wasm version of the same token transfer" figures: the same entry points, state layout, checks,
//! results and event text, so the two differ only in how the code runs.
//!
//! It is loaded like any program: a blob whose VM type is [`VM_TYPE`] and whose program is
//! [`PROGRAM`], deployed through root. [`NativeTokenVm`] is the [`VmFactory`] that loads it.

use std::sync::Arc;

use isc_abi::{AgentId, Codec, Dict, Hash};
use isc_native_contracts::params::{required, result};
use isc_native_contracts::{Handler, NativeContract, NativeProcessor};
use isc_runtime::VmFactory;
use isc_sandbox::{Processor, Sandbox, SandboxView, VmError};

/// The VM type of the native token's blob.
pub const VM_TYPE: &str = "native-token";

/// The program bytes of the native token's blob (the only program [`NativeTokenVm`] loads).
pub const PROGRAM: &[u8] = b"token";

/// State key and result name of the total supply.
const SUPPLY: &str = "supply";

/// The native token's entry points.
static TOKEN: NativeContract = NativeContract {
    name: "token",
    // `Hname::new("token")`; a test checks it.
    hname: isc_abi::Hname(0x0afc_3e7b),
    description: "the example token contract, native",
    entry_points: &[
        ("init", Handler::Func(init)),
        ("transfer", Handler::Func(transfer)),
        ("balance", Handler::View(balance)),
        ("totalSupply", Handler::View(total_supply)),
    ],
};

/// The native token's contract description.
pub fn contract() -> &'static NativeContract {
    &TOKEN
}

/// Loads [`PROGRAM`] as the native token.
#[derive(Default)]
pub struct NativeTokenVm;

impl VmFactory for NativeTokenVm {
    fn vm_type(&self) -> &'static str {
        VM_TYPE
    }

    fn validate(&self, binary: &[u8]) -> Result<(), VmError> {
        if binary == PROGRAM {
            Ok(())
        } else {
            Err(VmError::Program(format!(
                "the {VM_TYPE} VM runs only the program `token`"
            )))
        }
    }

    fn load(&self, _program_hash: &Hash, binary: &[u8]) -> Result<Arc<dyn Processor>, VmError> {
        self.validate(binary)?;
        Ok(Arc::new(NativeProcessor::new(&TOKEN)))
    }
}

/// The state key of `agent`'s balance: `b` ‖ agent id.
fn balance_key(agent: &AgentId) -> Vec<u8> {
    [&b"b"[..], agent.as_bytes()].concat()
}

/// `agent`'s balance (0 when it never held any).
fn balance_of(ctx: &mut dyn SandboxView, agent: &AgentId) -> Result<u64, VmError> {
    match ctx.get(&balance_key(agent))? {
        None => Ok(0),
        Some(bytes) => u64::decode(&bytes)
            .map_err(|e| VmError::Panic(format!("bad state value under a balance: {e}"))),
    }
}

fn init(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let supply: u64 = required(ctx.params()?, SUPPLY)?;
    let owner = ctx.request_sender();
    ctx.set(SUPPLY.as_bytes(), &supply.encode())?;
    ctx.set(&balance_key(&owner), &supply.encode())?;
    Ok(Dict::new())
}

fn transfer(ctx: &mut dyn Sandbox) -> Result<Dict, VmError> {
    let params = ctx.params()?;
    let to: AgentId = required(params, "to")?;
    let amount: u64 = required(params, "amount")?;
    if amount == 0 {
        return Err(VmError::Panic("transfer: `amount` must be positive".into()));
    }
    let from = ctx.caller();
    let have = balance_of(ctx, &from)?;
    if have < amount {
        return Err(VmError::Panic(format!(
            "transfer: insufficient balance: have {have}, need {amount}"
        )));
    }
    // Debit first: when `to == from` the credit then reads the debited balance.
    ctx.set(&balance_key(&from), &(have - amount).encode())?;
    let credited = balance_of(ctx, &to)?
        .checked_add(amount)
        .ok_or_else(|| VmError::Panic("transfer: balance overflow".into()))?;
    ctx.set(&balance_key(&to), &credited.encode())?;
    ctx.emit_event(&format!("token: transfer {amount} from {from} to {to}"))?;
    Ok(Dict::new())
}

fn balance(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let agent: AgentId = required(ctx.params()?, "agent")?;
    Ok(result("amount", &balance_of(ctx, &agent)?))
}

fn total_supply(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let supply = match ctx.get(SUPPLY.as_bytes())? {
        None => 0,
        Some(bytes) => u64::decode(&bytes)
            .map_err(|e| VmError::Panic(format!("bad state value under `supply`: {e}")))?,
    };
    Ok(result(SUPPLY, &supply))
}
