//! pingpong: the same program deployed on two chains bounces a request, with the tokens attached to it,
//! between them until the count runs out: a tour of cross-chain requests.
//!
//! State: `owner` (agent id), `count` (u64, pings received), `last` (agent id, who sent the last one).

use isc_abi::guest::prelude::*;

const OWNER: &str = "owner";
const COUNT: &str = "count";
const LAST: &str = "last";
/// Param: the chain to answer (a chain id).
const PEER: &str = "c";
/// Param: how many more times the ping bounces (u64).
const BOUNCES: &str = "n";

isc_abi::entry_points! {
    /// The request's sender becomes the owner.
    func init(ctx: &mut FuncCtx) {
        let owner = ctx.sender();
        ctx.set(OWNER, &owner);
    }

    /// Counts the ping; while param `n` (u64) is positive, sends a ping with `n - 1` and every token
    /// that came with this one to this same contract on chain `c`, naming this chain as the peer.
    func ping(ctx: &mut FuncCtx) {
        let peer: ChainId = ctx.require(PEER);
        let bounces: u64 = ctx.require(BOUNCES);
        let count = ctx.get::<u64>(COUNT).unwrap_or(0) + 1;
        let from = ctx.caller();
        ctx.set(COUNT, &count);
        ctx.set(LAST, &from);
        let tokens = ctx.incoming();
        ctx.event(&format!("pingpong: ping {count} from {from}, {bounces} to go"));
        if bounces > 0 {
            let mut params = Dict::new();
            let _ = params.set_as(PEER, &ctx.chain_id());
            let _ = params.set_as(BOUNCES, &(bounces - 1));
            let target = ContractId::new(peer, ctx.contract());
            let ping = ctx.hname("ping");
            ctx.post(&target, ping, &params, &tokens);
        }
    }

    /// Owner only: asks chain `c` to send `n` (u64) base tokens of this contract's account there back to
    /// its account here (a request to `accounts.withdrawToChain` on chain `c`).
    func withdrawFrom(ctx: &mut FuncCtx) {
        if Some(ctx.caller()) != ctx.get::<AgentId>(OWNER) {
            panic("withdrawFrom: only the owner may withdraw");
        }
        let chain: ChainId = ctx.require(PEER);
        let amount: u64 = ctx.require(BOUNCES);
        let mut params = Dict::new();
        let _ = params.set_as(BOUNCES, &amount);
        let accounts = ContractId::new(chain, ctx.hname("accounts"));
        let withdraw = ctx.hname("withdrawToChain");
        ctx.post(&accounts, withdraw, &params, &Balances::new());
    }

    /// Results `count` (u64) and `last` (agent id, when a ping arrived).
    view getCount(ctx: &ViewCtx) -> Dict {
        let mut results = Dict::new();
        let _ = results.set_as(COUNT, &ctx.get::<u64>(COUNT).unwrap_or(0));
        if let Some(last) = ctx.get::<AgentId>(LAST) {
            let _ = results.set_as(LAST, &last);
        }
        results
    }
}
