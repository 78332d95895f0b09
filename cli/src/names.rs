//! Contract and entry-point names: parsing `NAME|HNAME` arguments, and showing hnames readably (core
//! contracts' entry points, names from root's contract records, else 8 hex digits).

use std::collections::BTreeMap;

use isc_abi::{Codec, Dict, Hname};
use isc_native_contracts::root::{self, ContractRecord};
use isc_native_contracts::{NativeContract, CORE_CONTRACTS};

use crate::error::CliError;
use crate::session::Session;

/// Entry-point names any contract may have.
const GENERIC_ENTRY_POINTS: [&str; 1] = ["init"];

/// Parses a contract or entry-point argument: exactly 8 hex digits are an hname, anything else a name.
pub fn parse_hname_arg(text: &str) -> Result<Hname, CliError> {
    if text.is_empty() {
        return Err(CliError::bad_arg(text, "a name cannot be empty"));
    }
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return text
            .parse::<Hname>()
            .map_err(|e| CliError::bad_arg(text, e));
    }
    Ok(Hname::new(text))
}

fn core_contract(hname: Hname) -> Option<&'static NativeContract> {
    CORE_CONTRACTS.into_iter().find(|c| c.hname() == hname)
}

/// The name of an entry point of a core contract, or a generic one (`init`).
fn known_entry(contract: Option<&'static NativeContract>, entry: Hname) -> Option<&'static str> {
    contract
        .into_iter()
        .flat_map(|c| c.entry_points.iter().map(|(name, _)| *name))
        .chain(GENERIC_ENTRY_POINTS)
        .find(|name| Hname::new(name) == entry)
}

/// `contract.entry` with what is known statically (core contracts), hex otherwise.
pub fn static_label(contract: Hname, entry: Hname) -> String {
    let c = core_contract(contract);
    let cname = c.map_or_else(|| contract.to_string(), |c| c.name.to_string());
    let ename = known_entry(c, entry).map_or_else(|| entry.to_string(), str::to_string);
    format!("{cname}.{ename}")
}

/// Names of the chain's contracts, for showing receipts and events.
pub struct Names {
    contracts: BTreeMap<Hname, String>,
    /// Entry point names of deployed Wasm contracts, read from their programs' exports.
    entries: BTreeMap<(Hname, Hname), String>,
}

impl Names {
    /// The core contracts, plus every contract in root's records (when the view can be read).
    pub fn load(session: &Session) -> Names {
        let mut contracts: BTreeMap<Hname, String> = CORE_CONTRACTS
            .into_iter()
            .map(|c| (c.hname(), c.name.to_string()))
            .collect();
        let mut entries = BTreeMap::new();
        if let Ok(records) = contract_records(session) {
            for (hname, record) in records {
                if record.vm_type == isc_wasm::VM_TYPE {
                    for (entry, name) in wasm_entry_names(session, &record.program_hash) {
                        entries.insert((hname, entry), name);
                    }
                }
                contracts.insert(hname, record.name);
            }
        }
        Names { contracts, entries }
    }

    /// The contract's name, or its hname in hex.
    pub fn contract(&self, hname: Hname) -> String {
        self.contracts
            .get(&hname)
            .cloned()
            .unwrap_or_else(|| hname.to_string())
    }

    /// The entry point's name when known (core contracts, `init`), or its hname in hex.
    pub fn entry(&self, contract: Hname, entry: Hname) -> String {
        if let Some(name) = self.entries.get(&(contract, entry)) {
            return name.clone();
        }
        known_entry(core_contract(contract), entry)
            .map_or_else(|| entry.to_string(), str::to_string)
    }
}

/// The entry points a Wasm program exports, by hname (empty when the blob cannot be read).
fn wasm_entry_names(session: &Session, program: &isc_abi::Hash) -> Vec<(Hname, String)> {
    let mut params = Dict::new();
    if params.set(b"hash".to_vec(), program.encode()).is_err()
        || params.set(b"field".to_vec(), b"p".to_vec()).is_err()
    {
        return Vec::new();
    }
    let Ok(field) = session.view(
        isc_native_contracts::blob::CONTRACT.hname(),
        Hname::new(isc_native_contracts::blob::names::GET_BLOB_FIELD),
        params,
    ) else {
        return Vec::new();
    };
    let Some(binary) = field.get(b"bytes") else {
        return Vec::new();
    };
    match isc_wasm::validate::validate(binary, &Default::default()) {
        Ok(report) => report
            .entry_points
            .into_iter()
            .map(|e| (e.hname, e.name))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Root's contract records, by hname.
pub fn contract_records(session: &Session) -> Result<Vec<(Hname, ContractRecord)>, CliError> {
    let dict = session.view(
        root::CONTRACT.hname(),
        Hname::new(root::names::GET_CONTRACT_RECORDS),
        Dict::new(),
    )?;
    dict.iter()
        .map(|(key, value)| {
            let hname = Hname::from_slice(key).map_err(CliError::decode("contract hname"))?;
            let record = ContractRecord::decode(value)
                .map_err(CliError::decode(format!("contract record of {hname}")))?;
            Ok((hname, record))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hname_arguments() {
        assert_eq!(parse_hname_arg("cebf5908").unwrap(), Hname::new("root"));
        assert_eq!(parse_hname_arg("CEBF5908").unwrap(), Hname::new("root"));
        assert_eq!(parse_hname_arg("root").unwrap(), Hname::new("root"));
        assert_eq!(parse_hname_arg("cebf590").unwrap(), Hname::new("cebf590"));
        assert!(parse_hname_arg("").is_err());
    }

    #[test]
    fn static_labels() {
        assert_eq!(
            static_label(Hname::new("accounts"), Hname::new("deposit")),
            "accounts.deposit"
        );
        assert_eq!(
            static_label(Hname::new("mine"), Hname::new("init")),
            format!("{}.init", Hname::new("mine"))
        );
        assert_eq!(
            static_label(Hname::new("root"), Hname::new("nope")),
            format!("root.{}", Hname::new("nope"))
        );
    }
}
