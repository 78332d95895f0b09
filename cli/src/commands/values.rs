//! Parsing of `KEY=VALUE` arguments and typed values.

use crate::error::CliError;

/// Parses a value with an optional type prefix: `hex:` gives raw bytes, anything else is UTF-8 text.
pub fn parse_bytes(arg: &str, text: &str) -> Result<Vec<u8>, CliError> {
    match text.strip_prefix("hex:") {
        Some(digits) => {
            hex::decode(digits).map_err(|e| CliError::bad_arg(arg, format!("bad hex: {e}")))
        }
        None => Ok(text.as_bytes().to_vec()),
    }
}

/// Splits `FIELD=VALUE` of a blob; the field must be non-empty.
pub fn parse_blob_field(arg: &str) -> Result<(String, Vec<u8>), CliError> {
    let (name, value) = arg
        .split_once('=')
        .ok_or_else(|| CliError::bad_arg(arg, "expected FIELD=VALUE"))?;
    if name.is_empty() {
        return Err(CliError::bad_arg(arg, "empty field name"));
    }
    Ok((name.to_string(), parse_bytes(arg, value)?))
}
