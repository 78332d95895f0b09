//! The demo's second act: a second chain in the same store file, the `pingpong` contract on both, and a
//! ping with tokens from the first chain to the second and back, with the balances on both chains and on
//! L1 before and after.

use isc_abi::{blob_hash, AgentId, Balances, ChainId, Codec, Color, Dict, Hname};
use isc_env::l1::{chain_address, RequestSpec};
use isc_env::Env;
use isc_native_contracts::{accounts, blob, root};
use isc_runtime::BlockResult;
use serde::Serialize;

use super::narrator::Narrator;
use super::program::PINGPONG_WASM;
use super::tell_receipts;
use crate::commands::blob::{blob_gas, program_blob};
use crate::commands::deploy::deploy_params;
use crate::commands::values::dict_of;
use crate::error::CliError;
use crate::output::{balances_from_dict, thousands};
use crate::session::{now_ns, Session};

/// The second chain's name in the store file.
pub const SECOND: &str = "second";
/// The contract deployed on both chains.
const PINGPONG: &str = "pingpong";
/// Tokens alice attaches to the ping.
const PING_TOKENS: u64 = 5_000;
/// How often the ping bounces on after the first hop: to the second chain and back.
const BOUNCES: u64 = 2;
/// What alice deposits for each pingpong's fees on the other chain, and for her own fees there.
const FEE_FUNDS: u64 = 1_000_000;

/// One balance line of the cross-chain story.
#[derive(Serialize, Clone)]
pub struct Holding {
    /// Where: `L1`, or the chain's name.
    pub place: String,
    /// Whose: a wallet, an account, or a chain's address.
    pub holder: String,
    /// Base tokens before the ping.
    pub before: u64,
    /// Base tokens after.
    pub after: u64,
}

/// What the second act reports.
#[derive(Serialize)]
pub struct CrossChainOut {
    /// The second chain's id.
    pub second_chain_id: String,
    /// Tokens attached to the ping.
    pub ping_tokens: u64,
    /// Blocks that ran for the exchange, as (chain name, block index).
    pub blocks: Vec<(String, u32)>,
    /// Pings counted by pingpong on each chain: (first, second).
    pub pings: (u64, u64),
    /// Base-token holdings before and after.
    pub holdings: Vec<Holding>,
    /// Every token accounted for across L1 and both chains.
    pub audit_ok: bool,
}

/// A request to `contract.entry` of `chain` with `transfer` base tokens and a gas budget (0: default).
fn call(
    chain: ChainId,
    contract: Hname,
    entry: &str,
    params: Dict,
    transfer: u64,
    gas_budget: u64,
) -> RequestSpec {
    RequestSpec {
        chain,
        contract,
        entry_point: Hname::new(entry),
        params,
        transfer: Balances::single(Color::BASE, transfer),
        gas_budget,
        timelock: 0,
    }
}

/// Sends `spec` from test wallet `wallet` (funded by the faucet on first use).
fn send(env: &Env, wallet: &str, spec: RequestSpec) -> Result<(), CliError> {
    let sender = env
        .wallet(wallet)
        .map_err(CliError::runtime(format!("fund wallet `{wallet}`")))?;
    env.send(&sender, &spec).map_err(CliError::runtime(format!(
        "send a request from `{wallet}` to chain {}",
        spec.chain
    )))?;
    Ok(())
}

/// Sends `FEE_FUNDS` base tokens from `wallet` to `chain`'s accounts contract: into the wallet's own
/// account there, or into `agent`'s.
fn deposit(
    env: &Env,
    wallet: &str,
    chain: ChainId,
    agent: Option<&AgentId>,
) -> Result<(), CliError> {
    let params = match agent {
        Some(agent) => dict_of(&[(accounts::keys::AGENT, agent.encode())]),
        None => Dict::new(),
    };
    let spec = call(
        chain,
        accounts::CONTRACT.hname(),
        accounts::names::DEPOSIT,
        params,
        FEE_FUNDS,
        0,
    );
    send(env, wallet, spec)
}

/// Runs rounds of blocks on every chain of the file until none has anything to run; tells each block.
fn run_until_quiet(
    session: &Session,
    narrator: &Narrator,
) -> Result<Vec<(ChainId, BlockResult)>, CliError> {
    let env = session.env();
    let mut all = Vec::new();
    for _ in 0..100 {
        let ran = env
            .run_round(now_ns(), usize::MAX)
            .map_err(CliError::runtime("run a round of blocks"))?;
        if ran.is_empty() {
            return Ok(all);
        }
        for (id, r) in &ran {
            if narrator.speaks() {
                let name = env.name_of(id).unwrap_or("?");
                narrator.line(format!(
                    "chain {name}, block {}: {} request(s), {} sent to chains",
                    r.block.index,
                    r.receipts.len(),
                    r.outgoing.len()
                ));
                tell_receipts(session, &r.receipts);
            }
            if let Some(e) = r.receipts.iter().find_map(|rc| rc.error.clone()) {
                return Err(CliError::Demo(format!("a request failed: {e}")));
            }
        }
        all.extend(ran);
    }
    Err(CliError::Demo(
        "the chains were still busy after 100 rounds".into(),
    ))
}

fn account(env: &Env, chain: ChainId, agent: &AgentId) -> Result<u64, CliError> {
    let dict = env
        .chain(&chain)
        .and_then(|c| {
            c.call_view(
                accounts::CONTRACT.hname(),
                Hname::new(accounts::names::BALANCE),
                dict_of(&[(accounts::keys::AGENT, agent.encode())]),
            )
        })
        .map_err(CliError::runtime("read an account"))?;
    Ok(balances_from_dict(&dict)?.get(&Color::BASE))
}

fn on_l1(env: &Env, address: &isc_abi::Address) -> Result<u64, CliError> {
    Ok(env
        .l1()
        .balance(address)
        .map_err(CliError::runtime("read the L1 ledger"))?
        .get(&Color::BASE))
}

/// The holdings the story watches, in order (before or after).
fn holdings(
    env: &Env,
    first: ChainId,
    second: ChainId,
) -> Result<Vec<(String, String, u64)>, CliError> {
    let alice = env
        .wallet("alice")
        .map_err(CliError::runtime("fund wallet `alice`"))?;
    let pp = |chain| AgentId::contract(chain, Hname::new(PINGPONG));
    let mut out = vec![
        ("L1".to_string(), "alice".to_string(), on_l1(env, &alice)?),
        (
            "L1".to_string(),
            "address of chain main".to_string(),
            on_l1(env, &chain_address(&first))?,
        ),
        (
            "L1".to_string(),
            format!("address of chain {SECOND}"),
            on_l1(env, &chain_address(&second))?,
        ),
    ];
    for (name, chain) in [("main", first), (SECOND, second)] {
        for (holder, agent) in [
            ("alice".to_string(), AgentId::address(alice)),
            ("pingpong@main".to_string(), pp(first)),
            (format!("pingpong@{SECOND}"), pp(second)),
        ] {
            out.push((name.to_string(), holder, account(env, chain, &agent)?));
        }
    }
    Ok(out)
}

fn count(env: &Env, chain: ChainId) -> Result<u64, CliError> {
    let d = env
        .chain(&chain)
        .and_then(|c| c.call_view(Hname::new(PINGPONG), Hname::new("getCount"), Dict::new()))
        .map_err(CliError::runtime("call pingpong.getCount"))?;
    d.get_as::<u64>(b"count")
        .map_err(CliError::decode("pingpong count"))
        .map(Option::unwrap_or_default)
}

/// Runs the second act on the file of `session` (whose chain is `main`).
pub fn run(session: &mut Session, narrator: &mut Narrator) -> Result<CrossChainOut, CliError> {
    let first = session.chain().id();
    narrator.step(&format!(
        "Create a second chain `{SECOND}` in the same store file, owned by `owner`"
    ));
    let owner = session.wallet("owner")?;
    let second = session
        .env_mut()
        .create_chain(SECOND, &owner, "iscvm demo: the second chain", now_ns())
        .map_err(CliError::runtime("create the second chain"))?;
    narrator.line(format!("chain id  {second}"));
    run_until_quiet(session, narrator)?;

    narrator.step("Deploy the pingpong contract on both chains (one blob, one deployment each)");
    let fields = program_blob(
        PINGPONG_WASM.to_vec(),
        "wasmer",
        Some("pingpong: bounces a request with tokens between chains"),
    );
    let hash = blob_hash(&fields);
    let gas = blob_gas(session);
    let env = session.env();
    for chain in [first, second] {
        deposit(env, "owner", chain, None)?;
        send(
            env,
            "owner",
            call(
                chain,
                blob::CONTRACT.hname(),
                blob::names::STORE_BLOB,
                fields.clone(),
                0,
                gas,
            ),
        )?;
    }
    run_until_quiet(session, narrator)?;
    let params = deploy_params(
        &hash,
        PINGPONG,
        Some("demo: cross-chain ping"),
        &Dict::new(),
    )?;
    for chain in [first, second] {
        send(
            env,
            "owner",
            call(
                chain,
                root::CONTRACT.hname(),
                root::names::DEPLOY_CONTRACT,
                params.clone(),
                0,
                0,
            ),
        )?;
    }
    run_until_quiet(session, narrator)?;

    narrator.step(
        "Fund each pingpong's account on the other chain (its requests there pay fees from it)",
    );
    // alice pays the fees of her deposits on the second chain from an account of her own there.
    deposit(env, "alice", second, None)?;
    for (home, other) in [(first, second), (second, first)] {
        let agent = AgentId::contract(home, Hname::new(PINGPONG));
        deposit(env, "alice", other, Some(&agent))?;
        narrator.line(format!(
            "alice deposits {} base for {agent} on the other chain",
            thousands(FEE_FUNDS)
        ));
    }
    run_until_quiet(session, narrator)?;

    let before = holdings(env, first, second)?;
    narrator.step(&format!(
        "alice pings pingpong on main with {} base: it sends them to `{SECOND}` and back",
        thousands(PING_TOKENS)
    ));
    send(
        env,
        "alice",
        call(
            first,
            Hname::new(PINGPONG),
            "ping",
            dict_of(&[("c", second.encode()), ("n", BOUNCES.encode())]),
            PING_TOKENS,
            0,
        ),
    )?;
    let ran = run_until_quiet(session, narrator)?;
    let after = holdings(env, first, second)?;
    let pings = (count(env, first)?, count(env, second)?);
    narrator.line(format!(
        "pings counted: {} on main, {} on {SECOND}",
        pings.0, pings.1
    ));
    let audit = env.audit().map_err(CliError::runtime("audit the books"))?;
    audit.check().map_err(|e| CliError::Demo(e.to_string()))?;
    let holdings: Vec<Holding> = before
        .into_iter()
        .zip(after)
        .map(|((place, holder, before), (_, _, after))| Holding {
            place,
            holder,
            before,
            after,
        })
        .collect();
    if narrator.speaks() {
        narrator.line("base tokens before and after the ping:");
        narrator.line(format!(
            "{:<8} {:<24} {:>15} {:>15}",
            "where", "holder", "before", "after"
        ));
        for h in &holdings {
            narrator.line(format!(
                "{:<8} {:<24} {:>15} {:>15}",
                h.place,
                h.holder,
                thousands(h.before),
                thousands(h.after)
            ));
        }
        narrator.line(
            "every token accounted for: L1 holds what was minted, and each chain's address holds its accounts",
        );
    }
    Ok(CrossChainOut {
        second_chain_id: second.to_string(),
        ping_tokens: PING_TOKENS,
        blocks: ran
            .iter()
            .map(|(id, r)| (env.name_of(id).unwrap_or("?").to_string(), r.block.index))
            .collect(),
        pings,
        holdings,
        audit_ok: true,
    })
}
