//! `iscvm receipts N`, and the receipt rows `block run` and the demo print too.

use isc_abi::{Codec, Hname};
use isc_native_contracts::blocklog::{self, Receipt};
use serde::Serialize;

use crate::args::Cli;
use crate::commands::values::dict_of;
use crate::error::CliError;
use crate::names::Names;
use crate::output::{print_json, thousands};
use crate::session::Session;

/// One receipt, as printed.
#[derive(Serialize)]
pub struct ReceiptRow {
    /// `[index]base58`.
    pub request_id: String,
    /// Contract name when known, else its hname.
    pub contract: String,
    /// Entry-point name when known, else its hname.
    pub func: String,
    /// Why it failed; `null` when it succeeded.
    pub error: Option<String>,
    /// Gas it could burn (after clamping to limits and to what the sender can pay).
    pub gas_budget: u64,
    /// Gas burned.
    pub gas_burned: u64,
    /// Fee charged.
    pub fee: u64,
}

impl ReceiptRow {
    /// The row of `receipt`, with readable names from `names`.
    pub fn new(receipt: &Receipt, names: &Names) -> ReceiptRow {
        ReceiptRow {
            request_id: receipt.request_id.to_string(),
            contract: names.contract(receipt.contract),
            func: names.entry(receipt.contract, receipt.entry_point),
            error: receipt.error.clone(),
            gas_budget: receipt.gas_budget,
            gas_burned: receipt.gas_burned,
            fee: receipt.fee,
        }
    }
}

/// Prints receipt rows as text, one line each (and the error below a failed one), indented by `indent`.
pub fn print_rows(rows: &[ReceiptRow], indent: usize) {
    let pad = " ".repeat(indent);
    for r in rows {
        let status = if r.error.is_some() { "FAILED" } else { "ok" };
        println!(
            "{pad}{status:<6} {:<28} gas {:>12}  fee {:>8}  {}",
            format!("{}.{}", r.contract, r.func),
            thousands(r.gas_burned),
            thousands(r.fee),
            r.request_id
        );
        if let Some(e) = &r.error {
            println!("{pad}       error: {e}");
        }
    }
}

/// The receipts of block `index`, in request order (from blocklog).
pub fn receipts_of_block(session: &Session, index: u32) -> Result<Vec<Receipt>, CliError> {
    let dict = session.view(
        blocklog::CONTRACT.hname(),
        Hname::new(blocklog::names::GET_REQUEST_RECEIPTS_FOR_BLOCK),
        dict_of(&[(blocklog::keys::BLOCK_INDEX, index.encode())]),
    )?;
    let count = dict
        .get_as::<u32>(blocklog::keys::COUNT.as_bytes())
        .map_err(CliError::decode("receipt count"))?
        .unwrap_or(0);
    (0..count)
        .map(|i| {
            let key = u16::try_from(i)
                .map_err(|_| CliError::Decode {
                    what: "receipt count".into(),
                    reason: format!("{count} receipts do not fit a block"),
                })?
                .to_be_bytes();
            let bytes = dict.get(&key).ok_or_else(|| CliError::Decode {
                what: format!("receipt {i} of block {index}"),
                reason: "missing".into(),
            })?;
            Receipt::decode(bytes)
                .map_err(CliError::decode(format!("receipt {i} of block {index}")))
        })
        .collect()
}

#[derive(Serialize)]
struct Out {
    block_index: u32,
    receipts: Vec<ReceiptRow>,
}

/// Runs `receipts N`.
pub fn run(cli: &Cli, index: u32) -> Result<(), CliError> {
    let session = Session::open(cli, "receipts")?;
    let (head, _, _) = session.head()?;
    if index > head {
        return Err(CliError::NotFound(format!(
            "block {index} does not exist (the last block is {head})"
        )));
    }
    let names = Names::load(&session);
    let receipts = receipts_of_block(&session, index)?;
    let out = Out {
        block_index: index,
        receipts: receipts
            .iter()
            .map(|r| ReceiptRow::new(r, &names))
            .collect(),
    };
    if cli.json {
        return print_json(&out);
    }
    if out.receipts.is_empty() {
        println!("block {index} has no request receipts");
        return Ok(());
    }
    let failed = out.receipts.iter().filter(|r| r.error.is_some()).count();
    println!(
        "block {index}: {} requests ({} ok, {failed} failed)",
        out.receipts.len(),
        out.receipts.len() - failed
    );
    print_rows(&out.receipts, 2);
    Ok(())
}
