//! Parsing of `KEY=VALUE` arguments, typed values, agents and transfers.

use isc_abi::{AgentId, Balances, Codec, Color, Dict};
use isc_env::l1::test_address;

use crate::error::CliError;
use crate::names::parse_hname_arg;
use crate::session::check_wallet_name;

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

/// The type prefixes of [`parse_typed`].
const TYPE_PREFIXES: [&str; 10] = [
    "string", "u64", "i64", "u32", "hex", "agent", "hname", "color", "bool", "chain",
];

/// An agent: an agent id text (`A/...`, `C/...`) or the name of a test wallet (its L1 address).
pub fn parse_agent(text: &str) -> Result<AgentId, CliError> {
    if text.starts_with("A/") || text.starts_with("C/") {
        return text
            .parse::<AgentId>()
            .map_err(|e| CliError::bad_arg(text, e));
    }
    check_wallet_name(text)?;
    Ok(AgentId::address(test_address(text)))
}

fn number<T: std::str::FromStr>(arg: &str, text: &str, what: &str) -> Result<T, CliError>
where
    T::Err: std::fmt::Display,
{
    text.replace('_', "")
        .parse::<T>()
        .map_err(|e| CliError::bad_arg(arg, format!("bad {what} `{text}`: {e}")))
}

/// Parses a typed value into its canonical bytes. The type is a prefix: `string:` (the default, also
/// when the prefix is not a known type), `u64:`, `i64:`, `u32:` (little-endian), `hex:` (raw bytes),
/// `agent:` (agent id or wallet NAME), `hname:` (8 hex digits or a name), `color:` (`base` or base58),
/// `bool:` (`true`/`false`), `chain:` (a chain id in base58).
pub fn parse_typed(arg: &str, text: &str) -> Result<Vec<u8>, CliError> {
    let (kind, value) = match text.split_once(':') {
        Some((kind, value)) if TYPE_PREFIXES.contains(&kind) => (kind, value),
        _ => ("string", text),
    };
    Ok(match kind {
        "u64" => number::<u64>(arg, value, "u64")?.encode(),
        "i64" => number::<i64>(arg, value, "i64")?.encode(),
        "u32" => number::<u32>(arg, value, "u32")?.encode(),
        "hex" => {
            let digits = value.strip_prefix("0x").unwrap_or(value);
            hex::decode(digits).map_err(|e| CliError::bad_arg(arg, format!("bad hex: {e}")))?
        }
        "agent" => parse_agent(value)
            .map_err(|e| CliError::bad_arg(arg, e))?
            .encode(),
        "hname" => parse_hname_arg(value)
            .map_err(|e| CliError::bad_arg(arg, e))?
            .encode(),
        "color" => value
            .parse::<Color>()
            .map_err(|e| CliError::bad_arg(arg, format!("bad color: {e}")))?
            .encode(),
        "chain" => value
            .parse::<isc_abi::ChainId>()
            .map_err(|e| CliError::bad_arg(arg, format!("bad chain id: {e}")))?
            .encode(),
        "bool" => match value {
            "true" | "1" => true.encode(),
            "false" | "0" => false.encode(),
            _ => {
                return Err(CliError::bad_arg(
                    arg,
                    format!("bad bool `{value}`: expected true or false"),
                ))
            }
        },
        _ => value.as_bytes().to_vec(),
    })
}

/// Parses `KEY=VALUE` params (typed values, see [`parse_typed`]) into a dict; a key may appear once.
pub fn parse_params(args: &[String]) -> Result<Dict, CliError> {
    let mut dict = Dict::new();
    for arg in args {
        let (key, value) = arg
            .split_once('=')
            .ok_or_else(|| CliError::bad_arg(arg, "expected KEY=VALUE"))?;
        if key.is_empty() {
            return Err(CliError::bad_arg(arg, "empty key"));
        }
        if dict.contains(key.as_bytes()) {
            return Err(CliError::bad_arg(arg, "key given twice"));
        }
        let value = parse_typed(arg, value)?;
        dict.set(key.as_bytes(), value)
            .map_err(|e| CliError::bad_arg(arg, e))?;
    }
    Ok(dict)
}

/// Parses `COLOR:AMOUNT` transfers (`base:1000`) and adds them up.
pub fn parse_transfers(args: &[String]) -> Result<Balances, CliError> {
    let mut total = Balances::new();
    for arg in args {
        let (color, amount) = arg
            .rsplit_once(':')
            .ok_or_else(|| CliError::bad_arg(arg, "expected COLOR:AMOUNT, e.g. base:1000"))?;
        let color = color
            .parse::<Color>()
            .map_err(|e| CliError::bad_arg(arg, format!("bad color: {e}")))?;
        let amount: u64 = number(arg, amount, "amount")?;
        if amount == 0 {
            return Err(CliError::bad_arg(arg, "the amount must be positive"));
        }
        total
            .add(color, amount)
            .map_err(|e| CliError::bad_arg(arg, e))?;
    }
    Ok(total)
}

/// A single-entry dict, for calls the command line builds itself.
pub fn dict_of(entries: &[(&str, Vec<u8>)]) -> Dict {
    let mut dict = Dict::new();
    for (key, value) in entries {
        // Keys are literals of this crate: non-empty and short, so `set` cannot fail.
        let _ = dict.set(key.as_bytes(), value.clone());
    }
    dict
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::Hname;

    #[test]
    fn typed_values() {
        assert_eq!(parse_typed("a", "hello").unwrap(), b"hello");
        assert_eq!(parse_typed("a", "string:u64:5").unwrap(), b"u64:5");
        assert_eq!(parse_typed("a", "other:x").unwrap(), b"other:x");
        assert_eq!(
            parse_typed("a", "u64:1_000").unwrap(),
            1000u64.to_le_bytes()
        );
        assert_eq!(parse_typed("a", "i64:-1").unwrap(), (-1i64).to_le_bytes());
        assert_eq!(parse_typed("a", "u32:7").unwrap(), 7u32.to_le_bytes());
        assert_eq!(parse_typed("a", "hex:0x00ff").unwrap(), vec![0, 255]);
        assert_eq!(parse_typed("a", "bool:true").unwrap(), vec![1]);
        assert_eq!(
            parse_typed("a", "hname:root").unwrap(),
            Hname::new("root").encode()
        );
        assert_eq!(parse_typed("a", "color:base").unwrap(), vec![0; 32]);
        assert_eq!(
            parse_typed("a", "agent:alice").unwrap(),
            AgentId::address(test_address("alice")).encode()
        );
        let text = AgentId::address(test_address("bob")).to_string();
        assert_eq!(
            parse_typed("a", &format!("agent:{text}")).unwrap(),
            AgentId::address(test_address("bob")).encode()
        );
        for bad in [
            "u64:x",
            "u64:-1",
            "u32:5000000000",
            "hex:zz",
            "bool:yes",
            "agent:A/xyz",
            "agent:",
            "color:xyz0",
        ] {
            assert!(parse_typed("a", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn params_and_transfers() {
        let d = parse_params(&["a=agent:alice".into(), "n=u64:5".into()]).unwrap();
        assert_eq!(d.len(), 2);
        assert!(parse_params(&["a=1".into(), "a=2".into()]).is_err());
        assert!(parse_params(&["noequals".into()]).is_err());
        assert!(parse_params(&["=x".into()]).is_err());
        let t = parse_transfers(&["base:10".into(), "base:5".into()]).unwrap();
        assert_eq!(t.get(&Color::BASE), 15);
        for bad in ["base", "base:0", "base:x", "nocolor0:5", ":5"] {
            assert!(parse_transfers(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
