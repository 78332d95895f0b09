//! `iscvm view`: a view call on the committed state, and its result dict.

use isc_abi::Dict;
use serde::Serialize;

use crate::args::{Cli, ViewArgs};
use crate::commands::values::parse_params;
use crate::error::CliError;
use crate::names::parse_hname_arg;
use crate::output::{print_json, printable, short_hex, thousands};
use crate::session::Session;

/// One entry of a result dict.
#[derive(Serialize)]
pub struct EntryOut {
    /// The key as text when printable, else hex.
    pub key: String,
    /// The key in hex.
    pub key_hex: String,
    /// The value in hex.
    pub value_hex: String,
    /// The value as text, when it is printable UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The value as a little-endian u64, when it has 8 bytes and is not text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub u64: Option<u64>,
}

/// The rows of a result dict, with decoded guesses.
pub fn entries(dict: &Dict) -> Vec<EntryOut> {
    dict.iter()
        .map(|(key, value)| {
            let text = printable(value).map(str::to_string);
            let u64 = match (text.is_none(), <[u8; 8]>::try_from(value)) {
                (true, Ok(b)) => Some(u64::from_le_bytes(b)),
                _ => None,
            };
            EntryOut {
                key: printable(key).map_or_else(|| hex::encode(key), str::to_string),
                key_hex: hex::encode(key),
                value_hex: hex::encode(value),
                text,
                u64,
            }
        })
        .collect()
}

/// Prints a result dict as text: `key = hex` and a decoded guess.
pub fn print_dict(dict: &Dict) {
    if dict.is_empty() {
        println!("(empty result)");
    }
    for (row, (_, value)) in entries(dict).iter().zip(dict.iter()) {
        let guess = match (&row.text, row.u64) {
            (Some(t), _) => format!("  text {t:?}"),
            (None, Some(n)) => format!("  u64 {}", thousands(n)),
            _ => String::new(),
        };
        println!("{} = {}{guess}", row.key, short_hex(value, 48));
    }
}

/// Runs `view ...`.
pub fn run(cli: &Cli, args: &ViewArgs) -> Result<(), CliError> {
    let contract = parse_hname_arg(&args.contract)?;
    let func = parse_hname_arg(&args.func)?;
    let params = parse_params(&args.params.params)?;
    let session = Session::open(cli, "view")?;
    let result = session
        .chain()
        .call_view(contract, func, params)
        .map_err(CliError::runtime(format!(
            "view {}.{} failed",
            args.contract, args.func
        )))?;
    if cli.json {
        return print_json(&entries(&result));
    }
    print_dict(&result);
    Ok(())
}
