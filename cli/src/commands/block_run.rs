//! `iscvm block run`: the backlog as one block.

use std::collections::BTreeMap;

use isc_runtime::NotRun;
use serde::Serialize;

use crate::args::Cli;
use crate::commands::receipts::{print_rows, ReceiptRow};
use crate::error::CliError;
use crate::names::Names;
use crate::output::{balances_json, balances_text, print_json, thousands, timestamp_text};
use crate::session::Session;

#[derive(Serialize)]
struct NotRunRow {
    request_id: String,
    reason: &'static str,
}

#[derive(Serialize)]
struct L1Transfer {
    address: String,
    tokens: BTreeMap<String, u64>,
}

#[derive(Serialize)]
struct OutgoingRow {
    /// The target chain's id.
    chain_id: String,
    /// Its name in this store file; `null` for a chain the file does not hold (the request then waits
    /// on L1, see `chain list`).
    chain: Option<String>,
    request_id: String,
    contract: String,
    func: String,
    tokens: BTreeMap<String, u64>,
}

#[derive(Serialize)]
struct Out {
    block_index: Option<u32>,
    state_hash: Option<String>,
    timestamp: Option<i64>,
    receipts: Vec<ReceiptRow>,
    gas_burned: u64,
    fees: u64,
    not_run: Vec<NotRunRow>,
    l1_transfers: Vec<L1Transfer>,
    /// Requests the block sent to chains (delivered to their backlogs when the file holds them).
    outgoing: Vec<OutgoingRow>,
    /// Present with `--gas-report`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    gas_reports: Vec<GasReportRow>,
    /// The module cache in this run: compiles, hits, bytes. Left out with `--timestamp`: it depends on
    /// the machine, the clock and the `.modules` directory, not on the chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    module_cache: Option<ModuleCacheOut>,
    backlog: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

#[derive(Serialize)]
struct ModuleCacheOut {
    compiles: u64,
    compile_ms: u64,
    memory_hits: u64,
    disk_hits: u64,
    rejected_artifacts: u64,
    memory_bytes: u64,
}

#[derive(Serialize)]
struct GasReportRow {
    request_id: String,
    report: String,
}

fn not_run_row(n: &NotRun) -> NotRunRow {
    let (id, reason) = match n {
        NotRun::AlreadyProcessed(id) => (id, "already processed: dropped from the backlog"),
        NotRun::TimeLocked(id) => (id, "time-locked: stays in the backlog"),
        NotRun::BlockGasLimit(id) => (id, "block gas limit reached: stays in the backlog"),
        NotRun::BlockOutputLimit(id) => (
            id,
            "block limit of outgoing requests reached: stays in the backlog",
        ),
    };
    NotRunRow {
        request_id: id.to_string(),
        reason,
    }
}

/// Runs `block run [--max N] [--gas-report] [--timestamp NS]`. With a timestamp the output leaves out
/// the module-cache report, so that a replay of the same backlog on a copy of the store prints the
/// same bytes.
pub fn run(
    cli: &Cli,
    max: Option<u64>,
    gas_report: bool,
    timestamp: Option<i64>,
) -> Result<(), CliError> {
    let session = Session::open(cli, "block run")?.with_gas_reports(gas_report)?;
    let max = max.map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX));
    let ran = session.run_backlog(max, timestamp)?;
    let replay = timestamp.is_some();
    let backlog = session
        .chain()
        .backlog_len()
        .map_err(CliError::runtime("read the backlog"))?;
    let Some(ran) = ran else {
        let message = if backlog == 0 {
            "the backlog is empty: nothing to run".to_string()
        } else {
            format!("no request of the {backlog} in the backlog can run now (time-locked)")
        };
        let out = Out {
            block_index: None,
            state_hash: None,
            timestamp: None,
            receipts: Vec::new(),
            gas_burned: 0,
            fees: 0,
            not_run: Vec::new(),
            l1_transfers: Vec::new(),
            outgoing: Vec::new(),
            gas_reports: Vec::new(),
            module_cache: None,
            backlog,
            message: Some(message.clone()),
        };
        if cli.json {
            return print_json(&out);
        }
        println!("{message}");
        return Ok(());
    };
    let r = &ran.result;
    let names = Names::load(&session);
    let out = Out {
        block_index: Some(r.block.index),
        state_hash: Some(r.state_hash.to_string()),
        timestamp: Some(r.block.timestamp),
        receipts: r
            .receipts
            .iter()
            .map(|rc| ReceiptRow::new(rc, &names))
            .collect(),
        gas_burned: r.info.gas_burned,
        fees: r.info.fees,
        not_run: r.not_run.iter().map(not_run_row).collect(),
        l1_transfers: r
            .transfers
            .iter()
            .map(|(address, tokens)| L1Transfer {
                address: address.to_string(),
                tokens: balances_json(tokens),
            })
            .collect(),
        outgoing: r
            .delivered_requests(&session.chain().id())
            .into_iter()
            .map(|(target, req)| OutgoingRow {
                chain_id: target.to_string(),
                chain: session.env().name_of(&target).map(str::to_string),
                request_id: req.id.to_string(),
                contract: names.contract(req.contract),
                func: names.entry(req.contract, req.entry_point),
                tokens: balances_json(&req.transfer),
            })
            .collect(),
        gas_reports: r
            .gas_reports
            .iter()
            .map(|(id, report)| GasReportRow {
                request_id: id.to_string(),
                report: report.clone(),
            })
            .collect(),
        module_cache: {
            let m = session.module_cache();
            (!replay && m.compiles + m.memory_hits + m.disk_hits > 0).then_some(ModuleCacheOut {
                compiles: m.compiles,
                compile_ms: m.compile_micros / 1000,
                memory_hits: m.memory_hits,
                disk_hits: m.disk_hits,
                rejected_artifacts: m.rejected_artifacts,
                memory_bytes: m.memory_bytes,
            })
        },
        backlog,
        message: None,
    };
    if cli.json {
        return print_json(&out);
    }
    let failed = out.receipts.iter().filter(|r| r.error.is_some()).count();
    println!(
        "block {} at {}: {} requests ({} ok, {failed} failed), gas {}, fees {}",
        r.block.index,
        timestamp_text(r.block.timestamp),
        out.receipts.len(),
        out.receipts.len() - failed,
        thousands(out.gas_burned),
        thousands(out.fees)
    );
    print_rows(&out.receipts, 2);
    for n in &out.not_run {
        println!("  not run {}: {}", n.request_id, n.reason);
    }
    for (address, tokens) in &r.transfers {
        println!("  L1 transfer: {} to A/{address}", balances_text(tokens));
    }
    for o in &out.outgoing {
        let to = match &o.chain {
            Some(name) => format!("chain {name}'s backlog"),
            None => format!("chain {} (not in this file: pending on L1)", o.chain_id),
        };
        println!("  sent {} {}.{} to {to}", o.request_id, o.contract, o.func);
    }
    for g in &out.gas_reports {
        println!("  gas report of {}:", g.request_id);
        for line in g.report.lines() {
            println!("    {line}");
        }
    }
    if let Some(m) = &out.module_cache {
        println!(
            "  module cache: {} compiled ({} ms), {} from memory, {} from disk",
            m.compiles, m.compile_ms, m.memory_hits, m.disk_hits
        );
    }
    println!("state hash {}", out.state_hash.as_deref().unwrap_or(""));
    if backlog > 0 {
        println!("{backlog} requests still wait in the backlog");
    }
    Ok(())
}
