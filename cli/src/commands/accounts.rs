//! `iscvm accounts balance|list|total`: the on-chain ledger (the accounts contract).

use std::collections::BTreeMap;

use isc_abi::{AgentId, Balances, Codec, Dict, Hname};
use isc_env::l1::chain_address;
use isc_native_contracts::accounts;
use serde::Serialize;

use crate::args::{AccountsCmd, Cli};
use crate::commands::funding::on_chain_balance;
use crate::commands::values::parse_agent;
use crate::error::CliError;
use crate::names::Names;
use crate::output::{balances_from_dict, balances_json, balances_text, print_json};
use crate::session::Session;

/// Runs `accounts ...`.
pub fn run(cli: &Cli, cmd: &AccountsCmd) -> Result<(), CliError> {
    match cmd {
        AccountsCmd::Balance { agent } => balance(cli, agent),
        AccountsCmd::List => list(cli),
        AccountsCmd::Total => total(cli),
    }
}

#[derive(Serialize)]
struct BalanceOut {
    agent: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    wallet: Option<String>,
    balances: BTreeMap<String, u64>,
    l1: Option<BTreeMap<String, u64>>,
}

fn balance(cli: &Cli, text: &str) -> Result<(), CliError> {
    let agent = parse_agent(text)?;
    let session = Session::open(cli, "accounts balance")?;
    let on_chain = on_chain_balance(&session, &agent)?;
    let l1 = match agent.as_address() {
        Some(address) => Some(
            session
                .l1()
                .balance(&address)
                .map_err(CliError::runtime("read the L1 ledger"))?,
        ),
        None => None,
    };
    let wallet = (!text.starts_with("A/") && !text.starts_with("C/")).then(|| text.to_string());
    let out = BalanceOut {
        agent: agent.to_string(),
        wallet,
        balances: balances_json(&on_chain),
        l1: l1.as_ref().map(balances_json),
    };
    if cli.json {
        return print_json(&out);
    }
    match &out.wallet {
        Some(w) => println!("{} (wallet `{w}`)", out.agent),
        None => println!("{}", out.agent),
    }
    println!("  on the chain  {}", balances_text(&on_chain));
    if let Some(l1) = &l1 {
        println!("  on L1         {}", balances_text(l1));
    }
    Ok(())
}

#[derive(Serialize)]
struct AccountRow {
    agent: String,
    contract: Option<String>,
    balances: BTreeMap<String, u64>,
}

/// Every on-chain account: agent → balances.
pub fn all_accounts(session: &Session) -> Result<Vec<(AgentId, Balances)>, CliError> {
    let dict = session.view(
        accounts::CONTRACT.hname(),
        Hname::new(accounts::names::ACCOUNTS),
        Dict::new(),
    )?;
    dict.iter()
        .map(|(agent, balances)| {
            Ok((
                AgentId::decode(agent).map_err(CliError::decode("account agent"))?,
                Balances::decode(balances).map_err(CliError::decode("account balances"))?,
            ))
        })
        .collect()
}

fn list(cli: &Cli) -> Result<(), CliError> {
    let session = Session::open(cli, "accounts list")?;
    let names = Names::load(&session);
    let chain = session.chain().id();
    let rows: Vec<AccountRow> = all_accounts(&session)?
        .into_iter()
        .map(|(agent, balances)| AccountRow {
            agent: agent.to_string(),
            contract: agent
                .contract_id()
                .filter(|c| c.chain == chain)
                .map(|c| names.contract(c.hname)),
            balances: balances_json(&balances),
        })
        .collect();
    if cli.json {
        return print_json(&rows);
    }
    if rows.is_empty() {
        println!("no accounts with tokens");
    }
    for r in &rows {
        let label = r
            .contract
            .as_ref()
            .map(|c| format!(" (contract {c})"))
            .unwrap_or_default();
        let text = r
            .balances
            .iter()
            .map(|(c, n)| format!("{} {c}", crate::output::thousands(*n)))
            .collect::<Vec<_>>()
            .join(", ");
        println!("{}{label}: {text}", r.agent);
    }
    Ok(())
}

#[derive(Serialize)]
struct TotalOut {
    balances: BTreeMap<String, u64>,
    held_on_l1: BTreeMap<String, u64>,
}

/// The chain's total assets.
pub fn total_assets(session: &Session) -> Result<Balances, CliError> {
    let dict = session.view(
        accounts::CONTRACT.hname(),
        Hname::new(accounts::names::TOTAL_ASSETS),
        Dict::new(),
    )?;
    balances_from_dict(&dict)
}

fn total(cli: &Cli) -> Result<(), CliError> {
    let session = Session::open(cli, "accounts total")?;
    let total = total_assets(&session)?;
    let held = session
        .l1()
        .balance(&chain_address(&session.chain().id()))
        .map_err(CliError::runtime("read the L1 ledger"))?;
    let out = TotalOut {
        balances: balances_json(&total),
        held_on_l1: balances_json(&held),
    };
    if cli.json {
        return print_json(&out);
    }
    println!("total assets on the chain  {}", balances_text(&total));
    println!("held by the chain on L1    {}", balances_text(&held));
    if held != total {
        println!("  (the difference: tokens sent with requests still in the backlog)");
    }
    Ok(())
}
