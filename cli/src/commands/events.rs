//! `iscvm events`: eventlog records, newest first.

use isc_abi::{Codec, Hname};
use isc_native_contracts::eventlog::{self, Record};
use serde::Serialize;

use crate::args::{Cli, EventsArgs};
use crate::commands::values::dict_of;
use crate::error::CliError;
use crate::names::{contract_records, parse_hname_arg, Names};
use crate::output::{print_json, timestamp_text};
use crate::session::Session;

/// One event, as printed.
#[derive(Serialize)]
pub struct EventRow {
    /// The contract it belongs to (name when known, else hname).
    pub contract: String,
    /// Unix nanoseconds.
    pub timestamp: i64,
    /// The text.
    pub text: String,
}

/// The newest `max` records of `contract`, newest first.
pub fn records_of(session: &Session, contract: Hname, max: u32) -> Result<Vec<Record>, CliError> {
    let dict = session.view(
        eventlog::CONTRACT.hname(),
        Hname::new(eventlog::names::GET_RECORDS),
        dict_of(&[
            (eventlog::keys::CONTRACT_HNAME, contract.encode()),
            (eventlog::keys::MAX_LAST_RECORDS, max.encode()),
        ]),
    )?;
    let count = dict
        .get_as::<u32>(eventlog::keys::NUM_RECORDS.as_bytes())
        .map_err(CliError::decode("number of event records"))?
        .unwrap_or(0);
    (0..count)
        .map(|i| {
            let bytes = dict.get(&i.to_be_bytes()).ok_or_else(|| CliError::Decode {
                what: format!("event record {i} of {contract}"),
                reason: "missing".into(),
            })?;
            Record::decode(bytes)
                .map_err(CliError::decode(format!("event record {i} of {contract}")))
        })
        .collect()
}

/// Runs `events [--contract NAME] [--max N]`.
pub fn run(cli: &Cli, args: &EventsArgs) -> Result<(), CliError> {
    let only = args.contract.as_deref().map(parse_hname_arg).transpose()?;
    let session = Session::open(cli, "events")?;
    let names = Names::load(&session);
    let contracts: Vec<Hname> = match only {
        Some(h) => vec![h],
        None => contract_records(&session)?
            .into_iter()
            .map(|(h, _)| h)
            .collect(),
    };
    let mut rows = Vec::new();
    for contract in contracts {
        for r in records_of(&session, contract, args.max)? {
            rows.push(EventRow {
                contract: names.contract(contract),
                timestamp: r.timestamp,
                text: r.text,
            });
        }
    }
    // Newest first; within one timestamp, keep each contract's own (newest-first) order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.timestamp));
    rows.truncate(args.max as usize);
    if cli.json {
        return print_json(&rows);
    }
    if rows.is_empty() {
        println!("no events");
    }
    for r in &rows {
        println!(
            "{}  {:<10} {}",
            timestamp_text(r.timestamp),
            r.contract,
            r.text
        );
    }
    Ok(())
}
