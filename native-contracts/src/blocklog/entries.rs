//! The blocklog views.

use isc_abi::{Codec, Dict, RequestId};
use isc_sandbox::{SandboxView, VmError};

use super::{keys, ViewState};
use crate::params::{required, result};

/// getBlockInfo: info `i` of block `n`.
pub fn get_block_info(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let index: u32 = required(ctx.params()?, keys::BLOCK_INDEX)?;
    let info = super::block_info(&mut ViewState(ctx), index)?
        .ok_or_else(|| VmError::bad_params(format!("block {index} not found")))?;
    Ok(result(keys::BLOCK_INFO, &info))
}

/// getLatestBlockInfo: index `n` and info `i` of the latest block.
pub fn get_latest_block_info(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let info = super::latest_block_info(&mut ViewState(ctx))?
        .ok_or_else(|| VmError::bad_params("no block recorded yet"))?;
    let mut out = result(keys::BLOCK_INFO, &info);
    let _ = out.set(keys::BLOCK_INDEX.as_bytes(), info.index.encode());
    Ok(out)
}

/// getRequestReceipt: receipt `rc` of request `r`.
pub fn get_request_receipt(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let id: RequestId = required(ctx.params()?, keys::REQUEST_ID)?;
    let rc = super::receipt(&mut ViewState(ctx), &id)?
        .ok_or_else(|| VmError::bad_params(format!("request {id} not processed")))?;
    Ok(result(keys::RECEIPT, &rc))
}

/// getRequestReceiptsForBlock: count `c` and index (u16 BE) → receipt, for block `n`.
pub fn get_request_receipts_for_block(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let index: u32 = required(ctx.params()?, keys::BLOCK_INDEX)?;
    let receipts = super::receipts_for_block(&mut ViewState(ctx), index)?;
    let mut out = result(keys::COUNT, &(receipts.len() as u32));
    for (i, rc) in receipts.iter().enumerate() {
        let _ = out.set((i as u16).to_be_bytes().to_vec(), rc.encode());
    }
    Ok(out)
}

/// isRequestProcessed: `p` (bool) for request `r`.
pub fn is_request_processed(ctx: &mut dyn SandboxView) -> Result<Dict, VmError> {
    let id: RequestId = required(ctx.params()?, keys::REQUEST_ID)?;
    let done = super::is_processed(&mut ViewState(ctx), &id)?;
    Ok(result(keys::PROCESSED, &done))
}
