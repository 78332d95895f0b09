//! Printing: text for people, JSON (`--json`) for programs.

use serde::Serialize;

use crate::error::CliError;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
