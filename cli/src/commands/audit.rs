//! `iscvm audit`: account for every token of the store file, on L1 and on every chain.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::args::Cli;
use crate::error::CliError;
use crate::output::{balances_json, balances_text, print_json};
use crate::session::Session;

#[derive(Serialize)]
struct ChainOut {
    name: String,
    chain_id: String,
    held_on_l1: BTreeMap<String, u64>,
    total_assets: BTreeMap<String, u64>,
    in_backlog: BTreeMap<String, u64>,
    pending: BTreeMap<String, u64>,
    in_outbox: BTreeMap<String, u64>,
}

#[derive(Serialize)]
struct Out {
    ok: bool,
    minted: BTreeMap<String, u64>,
    on_l1: BTreeMap<String, u64>,
    chains: Vec<ChainOut>,
    pending_elsewhere: BTreeMap<String, u64>,
    problems: Vec<String>,
}

/// Runs `audit`: exit code 0 only when the books balance.
pub fn run(cli: &Cli) -> Result<(), CliError> {
    let session = Session::open(cli, "audit")?;
    let env = session.env();
    let audit = env
        .audit()
        .map_err(CliError::runtime("audit the store file"))?;
    let out = Out {
        ok: audit.problems.is_empty(),
        minted: balances_json(&audit.minted),
        on_l1: balances_json(&audit.on_l1),
        chains: audit
            .chains
            .iter()
            .map(|c| ChainOut {
                name: env.name_of(&c.chain).unwrap_or_default().to_string(),
                chain_id: c.chain.to_string(),
                held_on_l1: balances_json(&c.held_on_l1),
                total_assets: balances_json(&c.total_assets),
                in_backlog: balances_json(&c.in_backlog),
                pending: balances_json(&c.pending),
                in_outbox: balances_json(&c.in_outbox),
            })
            .collect(),
        pending_elsewhere: balances_json(&audit.pending_elsewhere),
        problems: audit.problems.clone(),
    };
    if cli.json {
        print_json(&out)?;
    } else {
        println!("minted on L1 {}", balances_text(&audit.minted));
        println!("held on L1   {}", balances_text(&audit.on_l1));
        for c in &audit.chains {
            println!(
                "chain {}: holds {} = accounts {} + backlog {} + pending {} + outbox {}",
                env.name_of(&c.chain).unwrap_or_default(),
                balances_text(&c.held_on_l1),
                balances_text(&c.total_assets),
                balances_text(&c.in_backlog),
                balances_text(&c.pending),
                balances_text(&c.in_outbox)
            );
        }
        if !audit.pending_elsewhere.is_empty() {
            println!(
                "pending for chains not in this file: {}",
                balances_text(&audit.pending_elsewhere)
            );
        }
        if out.ok {
            println!("ok: every token is accounted for");
        }
    }
    audit
        .check()
        .map_err(CliError::runtime("balance the books"))
}
