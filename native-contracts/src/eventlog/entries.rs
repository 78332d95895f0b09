//! The eventlog views.

use isc_abi::{Dict, Hname};
use isc_sandbox::{SandboxView, VmError};

use super::{keys, num_records, records, MAX_RECORDS};
use crate::kv::ViewState;
use crate::params::{optional, required, result};

/// getNumRecords: `numRecords` (u32) of contract `contractHname`.
pub fn get_num_records(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let contract: Hname = required(ctx.params()?, keys::CONTRACT_HNAME)?;
    let n = num_records(&mut ViewState(ctx), contract)?;
    Ok(result(keys::NUM_RECORDS, &n))
}

/// getRecords: records newest first, as `numRecords` (u32) and index (u32 BE) → timestamp ‖ text.
pub fn get_records(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let params = ctx.params()?;
    let contract: Hname = required(params, keys::CONTRACT_HNAME)?;
    let from: i64 = optional(params, keys::FROM_TS)?.unwrap_or(0);
    let to: i64 = optional(params, keys::TO_TS)?.unwrap_or(i64::MAX);
    let max: u32 = optional(params, keys::MAX_LAST_RECORDS)?
        .filter(|&m: &u32| m > 0)
        .unwrap_or(MAX_RECORDS)
        .min(MAX_RECORDS);
    let recs = records(&mut ViewState(ctx), contract, from, to, max)?;
    let mut out = result(keys::NUM_RECORDS, &(recs.len() as u32));
    for (i, rec) in recs.iter().enumerate() {
        let _ = out.set((i as u32).to_be_bytes(), rec.encode());
    }
    Ok(out)
}
