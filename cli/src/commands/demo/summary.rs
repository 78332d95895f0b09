//! The demo's closing account: text for people, one JSON object for programs.

use serde::Serialize;

use super::tally::Tally;
use crate::error::CliError;
use crate::output::{print_json, thousands};

/// Base-token balances of one wallet through the demo.
#[derive(Serialize)]
pub struct BalanceRow {
    /// The wallet.
    pub name: String,
    /// On L1 after the faucet funded it.
    pub l1_start: u64,
    /// On the chain after the deposits, before the transfers.
    pub chain_before: u64,
    /// On the chain at the end.
    pub chain_after: u64,
    /// On L1 at the end.
    pub l1_after: u64,
}

/// The transfer phase.
#[derive(Serialize)]
pub struct TransfersOut {
    /// Requests asked for.
    pub requests: u32,
    /// Blocks they ran in.
    pub blocks: u32,
    /// Succeeded.
    pub ok: u64,
    /// Failed.
    pub failed: u64,
    /// Gas burned.
    pub gas_burned: u64,
    /// Fees.
    pub fees: u64,
    /// Seconds spent executing and committing the blocks (`Chain::commit_block`, timed around the call).
    pub execution_seconds: f64,
    /// Requests per second of block execution; `null` when none ran.
    pub requests_per_second: Option<f64>,
}

impl TransfersOut {
    /// From the phase's tally.
    pub fn new(t: &Tally, requests: u32) -> TransfersOut {
        TransfersOut {
            requests,
            blocks: t.blocks,
            ok: t.ok,
            failed: t.failed,
            gas_burned: t.gas_burned,
            fees: t.fees,
            execution_seconds: t.elapsed.as_secs_f64(),
            requests_per_second: t.throughput(),
        }
    }
}

/// The withdrawal.
#[derive(Serialize)]
pub struct WithdrawalOut {
    /// Base tokens withdrawn by alice.
    pub amount: u64,
    /// Alice on L1 before.
    pub l1_before: u64,
    /// Alice on L1 after.
    pub l1_after: u64,
}

/// What `verify` established.
#[derive(Serialize)]
pub struct VerifyOut {
    /// Always true here: a failure ends the demo with an error.
    pub ok: bool,
    /// Blocks replayed.
    pub blocks: u64,
    /// State keys compared.
    pub keys: usize,
}

/// Everything the demo reports.
#[derive(Serialize)]
pub struct Summary {
    /// The store file.
    pub db: String,
    /// The chain.
    pub chain_id: String,
    /// Its owner.
    pub owner: String,
    /// Index of the last block.
    pub blocks: u32,
    /// Receipts of every block.
    pub receipts: Tally,
    /// The stored blob.
    pub blob_hash: String,
    /// Why the deployment failed (`null` if it succeeded).
    pub deploy_error: Option<String>,
    /// The transfer phase.
    pub transfers: TransfersOut,
    /// The withdrawal.
    pub withdrawal: WithdrawalOut,
    /// Base-token balances per wallet.
    pub balances: Vec<BalanceRow>,
    /// The chain's total assets (base tokens).
    pub total_assets: u64,
    /// What the chain holds on L1 (equal to the total assets).
    pub held_on_l1: u64,
    /// The final state hash.
    pub state_hash: String,
    /// The verification.
    pub verify: VerifyOut,
    /// The second act: two chains exchanging a request with tokens.
    pub cross_chain: super::cross_chain::CrossChainOut,
}

impl Summary {
    /// Prints the summary as JSON or as text.
    pub fn print(&self, json: bool) -> Result<(), CliError> {
        if json {
            return print_json(self);
        }
        let r = &self.receipts;
        println!();
        println!("Summary");
        println!(
            "   receipts     {} requests in {} blocks: {} ok, {} failed; gas {}, fees {} base",
            thousands(r.total),
            r.blocks,
            thousands(r.ok),
            thousands(r.failed),
            thousands(r.gas_burned),
            thousands(r.fees)
        );
        if self.deploy_error.is_none() && r.failed == 1 {
            println!("                (the one failure is the deliberate incrementBy without `n`)");
        }
        println!("   balances     (base tokens)");
        println!(
            "   {:<8} {:>15} {:>20} {:>15} {:>15}",
            "wallet", "L1 at start", "chain before xfers", "chain at end", "L1 at end"
        );
        for b in &self.balances {
            println!(
                "   {:<8} {:>15} {:>20} {:>15} {:>15}",
                b.name,
                thousands(b.l1_start),
                thousands(b.chain_before),
                thousands(b.chain_after),
                thousands(b.l1_after)
            );
        }
        println!(
            "   total assets on the chain {} = held by the chain on L1 {}",
            thousands(self.total_assets),
            thousands(self.held_on_l1)
        );
        match self.transfers.requests_per_second {
            Some(rps) => println!(
                "   throughput   {} requests/s of block execution ({} transfers in {:.3} s, commits included)",
                thousands(rps.round() as u64),
                thousands(self.transfers.ok + self.transfers.failed),
                self.transfers.execution_seconds
            ),
            None => println!("   throughput   no transfers ran"),
        }
        println!(
            "   state hash   {} (block {})",
            self.state_hash, self.blocks
        );
        println!(
            "   verify       passed: {} blocks replayed from the origin, {} state keys match",
            self.verify.blocks,
            thousands(self.verify.keys as u64)
        );
        let x = &self.cross_chain;
        println!(
            "   two chains   a ping with {} base went from main to {} and back in {} blocks; every token accounted for",
            thousands(x.ping_tokens),
            super::cross_chain::SECOND,
            x.blocks.len()
        );
        println!();
        println!("Look around:");
        for cmd in [
            "chain info",
            "block show 2",
            "receipts 2",
            "accounts list",
            "events --max 10",
            "verify",
            "chain list",
            "--chain second chain info",
        ] {
            println!("   iscvm --db {} {cmd}", self.db);
        }
        Ok(())
    }
}
