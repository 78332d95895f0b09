//! `iscvm hname NAME...`

use isc_abi::Hname;
use serde::Serialize;

use crate::args::Cli;
use crate::error::CliError;
use crate::output::print_json;

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    hname: String,
}

/// Prints one hname per name.
pub fn run(cli: &Cli, names: &[String]) -> Result<(), CliError> {
    let rows: Vec<Row> = names
        .iter()
        .map(|name| Row {
            name,
            hname: Hname::new(name).to_string(),
        })
        .collect();
    if cli.json {
        return print_json(&rows);
    }
    for row in rows {
        println!("{}", row.hname);
    }
    Ok(())
}
