//! `iscvm request`: a request from a test wallet into the chain's backlog.

use std::collections::BTreeMap;

use isc_abi::{AgentId, Balances, Dict, Hname};
use isc_env::l1::test_address;
use isc_native_contracts::accounts;
use serde::Serialize;

use crate::args::{Cli, RequestArgs};
use crate::commands::chain::fee_policy;
use crate::commands::funding::{on_chain_balance, Deposit};
use crate::commands::values::{parse_params, parse_transfers};
use crate::error::CliError;
use crate::names::parse_hname_arg;
use crate::output::{balances_json, balances_text, print_json, thousands};
use crate::session::Session;

/// What a posting command reports.
#[derive(Serialize)]
pub struct Posted {
    /// The request id.
    pub request_id: String,
    /// The sending wallet's name.
    pub sender: String,
    /// Its agent id.
    pub sender_agent: String,
    /// The target contract as given (name or hname).
    pub contract: String,
    /// The target entry point as given.
    pub func: String,
    /// The target contract's hname.
    pub contract_hname: String,
    /// The entry point's hname.
    pub func_hname: String,
    /// Tokens sent with it.
    pub transfer: BTreeMap<String, u64>,
    /// Gas budget asked for (0: the chain's default).
    pub gas_budget: u64,
    /// A deposit posted just before, to pay the fee.
    pub deposit_request_id: Option<String>,
    /// Tokens of that deposit.
    pub deposit: Option<BTreeMap<String, u64>>,
    /// Requests waiting in the backlog now.
    pub backlog: usize,
    /// Something that will probably make the request fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// One request to post.
pub struct Call<'a> {
    /// Sending wallet.
    pub sender: &'a str,
    /// Target contract, as given and as hname.
    pub contract: (&'a str, Hname),
    /// Target entry point, as given and as hname.
    pub func: (&'a str, Hname),
    /// Params.
    pub params: Dict,
    /// Tokens sent with it.
    pub transfer: Balances,
    /// Gas budget (0: default).
    pub gas: u64,
}

/// A warning when `call`'s sender has nothing on the chain to pay the fee with (committed state), and the
/// call itself does not bring the tokens (a call to accounts with tokens of the fee colour does).
fn fee_warning(
    session: &Session,
    call: &Call<'_>,
    deposit: &Option<Deposit>,
) -> Result<Option<String>, CliError> {
    let policy = fee_policy(session)?;
    if policy.gas_per_token == 0 || deposit.is_some() {
        return Ok(None);
    }
    if call.contract.1 == accounts::CONTRACT.hname() && call.transfer.get(&policy.color) > 0 {
        return Ok(None);
    }
    let agent = AgentId::address(test_address(call.sender));
    if on_chain_balance(session, &agent)?.get(&policy.color) > 0 {
        return Ok(None);
    }
    Ok(Some(format!(
        "`{0}` has no {1} tokens on the chain (committed state) to pay the fee: unless a deposit runs first, \
         the request fails out of gas. Deposit with `iscvm request --sender {0} --contract accounts --func deposit --transfer {1}:100000`",
        call.sender, policy.color
    )))
}

/// Posts `call` (after `deposit`, if any, was posted) and describes it.
pub fn post(
    session: &Session,
    call: Call<'_>,
    deposit: Option<Deposit>,
) -> Result<Posted, CliError> {
    let warning = fee_warning(session, &call, &deposit)?;
    let request = session.send(
        call.sender,
        call.contract.1,
        call.func.1,
        call.params,
        call.transfer.clone(),
        call.gas,
    )?;
    Ok(Posted {
        request_id: request.id.to_string(),
        sender: call.sender.to_string(),
        sender_agent: AgentId::address(session.wallet(call.sender)?).to_string(),
        contract: call.contract.0.to_string(),
        func: call.func.0.to_string(),
        contract_hname: call.contract.1.to_string(),
        func_hname: call.func.1.to_string(),
        transfer: balances_json(&call.transfer),
        gas_budget: call.gas,
        deposit_request_id: deposit.as_ref().map(|d| d.request_id.to_string()),
        deposit: deposit.as_ref().map(|d| balances_json(&d.tokens)),
        backlog: session
            .chain()
            .backlog_len()
            .map_err(CliError::runtime("read the backlog"))?,
        warning,
    })
}

/// Prints what [`post`] reported, as text.
pub fn print_posted(p: &Posted, transfer: &Balances) {
    if let Some(id) = &p.deposit_request_id {
        let tokens = p
            .deposit
            .as_ref()
            .map(|d| {
                d.iter()
                    .map(|(c, n)| format!("{} {c}", thousands(*n)))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        println!(
            "deposit {id}: {tokens} from `{}` to its on-chain account, to pay the fee of the gas budget",
            p.sender
        );
    }
    println!(
        "request {}: {} -> {}.{}",
        p.request_id, p.sender, p.contract, p.func
    );
    if !transfer.is_empty() {
        println!("  transfer  {}", balances_text(transfer));
    }
    if p.gas_budget > 0 {
        println!("  gas       {}", thousands(p.gas_budget));
    }
    println!(
        "  backlog   {} waiting; `iscvm block run` executes them",
        p.backlog
    );
    if let Some(w) = &p.warning {
        println!("warning: {w}");
    }
}

/// Runs `request ...`.
pub fn run(cli: &Cli, args: &RequestArgs) -> Result<(), CliError> {
    let contract = parse_hname_arg(&args.contract)?;
    let func = parse_hname_arg(&args.func)?;
    let params = parse_params(&args.params.params)?;
    let transfer = parse_transfers(&args.transfer)?;
    let session = Session::open(cli, "request")?;
    let call = Call {
        sender: &args.sender,
        contract: (&args.contract, contract),
        func: (&args.func, func),
        params,
        transfer: transfer.clone(),
        gas: args.gas.unwrap_or(0),
    };
    let posted = post(&session, call, None)?;
    if cli.json {
        return print_json(&posted);
    }
    print_posted(&posted, &transfer);
    Ok(())
}
