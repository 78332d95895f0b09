//! Counting what the demo's blocks did.

use std::time::Duration;

use serde::Serialize;

use crate::session::RanBlock;

/// Receipts and gas over some blocks.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Tally {
    /// Blocks.
    pub blocks: u32,
    /// Requests processed.
    pub total: u64,
    /// Requests that succeeded.
    pub ok: u64,
    /// Requests that failed.
    pub failed: u64,
    /// Gas burned.
    pub gas_burned: u64,
    /// Fees charged.
    pub fees: u64,
    /// Time spent executing and committing the blocks.
    #[serde(skip)]
    pub elapsed: Duration,
}

impl Tally {
    /// Adds one block.
    pub fn add(&mut self, ran: &RanBlock) {
        let r = &ran.result;
        let failed = r.receipts.iter().filter(|rc| rc.error.is_some()).count() as u64;
        self.blocks += 1;
        self.total += r.receipts.len() as u64;
        self.failed += failed;
        self.ok += r.receipts.len() as u64 - failed;
        self.gas_burned += r.info.gas_burned;
        self.fees += r.info.fees;
        self.elapsed += ran.elapsed;
    }

    /// Requests per second of block execution time.
    pub fn throughput(&self) -> Option<f64> {
        let secs = self.elapsed.as_secs_f64();
        (self.total > 0 && secs > 0.0).then(|| self.total as f64 / secs)
    }
}
