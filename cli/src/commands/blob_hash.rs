//! `iscvm blob-hash FIELD=VALUE...`

use isc_abi::{blob_hash, Dict};
use serde::Serialize;

use crate::args::Cli;
use crate::commands::values::parse_blob_field;
use crate::error::CliError;
use crate::output::print_json;

#[derive(Serialize)]
struct Out {
    hash: String,
}

/// Prints the blob hash of the given fields.
pub fn run(cli: &Cli, fields: &[String]) -> Result<(), CliError> {
    let mut blob = Dict::new();
    for arg in fields {
        let (name, value) = parse_blob_field(arg)?;
        if blob.contains(name.as_bytes()) {
            return Err(CliError::bad_arg(arg, "field given twice"));
        }
        blob.set(name.as_bytes(), value)
            .map_err(|e| CliError::bad_arg(arg, e))?;
    }
    let hash = blob_hash(&blob).to_string();
    if cli.json {
        return print_json(&Out { hash });
    }
    println!("{hash}");
    Ok(())
}
