//! Printing: text for people, JSON (`--json`) for programs, and the small formatting helpers both use.

use std::collections::BTreeMap;

use isc_abi::{Balances, Codec, Color, Dict};
use serde::Serialize;

use crate::error::CliError;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Balances as JSON: colour (`base` or base58) → amount.
pub fn balances_json(balances: &Balances) -> BTreeMap<String, u64> {
    balances
        .iter()
        .map(|(color, amount)| (color.to_string(), *amount))
        .collect()
}

/// Balances as text: `1,000 base, 5 <colour>`, or `nothing`.
pub fn balances_text(balances: &Balances) -> String {
    if balances.is_empty() {
        return "nothing".to_string();
    }
    balances
        .iter()
        .map(|(color, amount)| format!("{} {color}", thousands(*amount)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a result dict of colour (32 bytes) → amount (u64), as accounts' `balance` and `totalAssets` give.
pub fn balances_from_dict(dict: &Dict) -> Result<Balances, CliError> {
    let mut out = Balances::new();
    for (key, value) in dict.iter() {
        let color = Color::from_slice(key).map_err(CliError::decode("balance colour"))?;
        let amount = u64::decode(value).map_err(CliError::decode("balance amount"))?;
        out.add(color, amount).map_err(|e| CliError::Decode {
            what: "balances".into(),
            reason: e.to_string(),
        })?;
    }
    Ok(out)
}

/// Bytes as text when they are printable UTF-8, `None` otherwise.
pub fn printable(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    (!text.is_empty() && text.chars().all(|c| !c.is_control())).then_some(text)
}

/// Hex, cut to `max` bytes with the full length noted.
pub fn short_hex(bytes: &[u8], max: usize) -> String {
    if bytes.len() <= max {
        hex::encode(bytes)
    } else {
        format!("{}... ({} bytes)", hex::encode(&bytes[..max]), bytes.len())
    }
}

/// Unix nanoseconds as a UTC date and time, exact to the nanosecond: `2024-05-01 12:00:00.000000001 UTC`.
pub fn timestamp_text(ns: i64) -> String {
    let secs = ns.div_euclid(1_000_000_000);
    let nanos = ns.rem_euclid(1_000_000_000);
    let (days, day_secs) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{nanos:09} UTC",
        day_secs / 3_600,
        day_secs % 3_600 / 60,
        day_secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(printable(b"abc"), Some("abc"));
        assert_eq!(printable(&[0, 1]), None);
        assert_eq!(printable(b""), None);
        assert_eq!(short_hex(&[1, 2, 3], 2), "0102... (3 bytes)");
        assert_eq!(
            timestamp_text(1_500_000_000),
            "1970-01-01 00:00:01.500000000 UTC"
        );
        assert_eq!(
            timestamp_text(1_709_251_199_000_000_001),
            "2024-02-29 23:59:59.000000001 UTC"
        );
        assert_eq!(timestamp_text(-1), "1969-12-31 23:59:59.999999999 UTC");
        assert_eq!(
            balances_text(&Balances::single(Color::BASE, 1500)),
            "1,500 base"
        );
    }
}
