//! `isc-native-contracts`: the core contracts every chain starts with, as native [`Processor`]s.
//!
//! root (contract registry, chain owner, fee policy), accounts (the on-chain ledger), blob (the program
//! registry), eventlog (events per contract) and blocklog (blocks and request receipts). They run behind
//! the same [`Processor`] interface as Wasm contracts and see the chain only through the sandbox. Their
//! state layouts are also exposed as plain functions over a partition ([`kv::StateRead`]/[`kv::StateWrite`])
//! so that the runtime can credit accounts, write receipts and resolve contracts without a call.
//!
//! [`Processor`]: isc_sandbox::Processor
#![deny(missing_docs)]

pub mod accounts;
pub mod blob;
pub mod blocklog;
pub mod eventlog;
pub mod kv;
mod native;
pub mod params;
pub mod root;

pub use native::{program_hash, Handler, NativeContract, NativeProcessor};

/// Every core contract, in deployment order (root first).
pub const CORE_CONTRACTS: [&NativeContract; 5] = [
    &root::CONTRACT,
    &accounts::CONTRACT,
    &blob::CONTRACT,
    &eventlog::CONTRACT,
    &blocklog::CONTRACT,
];

/// Whether `contract` is a core contract. Core contracts never hold tokens sent with a call: tokens
/// sent to them stay in the caller's account, and their entry points act on that account.
pub fn is_core_contract(contract: isc_abi::Hname) -> bool {
    CORE_CONTRACTS.iter().any(|c| c.hname() == contract)
}

/// The core contract whose program hash is `hash`, if any.
pub fn core_contract_by_program(hash: &isc_abi::Hash) -> Option<&'static NativeContract> {
    static PROGRAMS: std::sync::LazyLock<Vec<(isc_abi::Hash, &'static NativeContract)>> =
        std::sync::LazyLock::new(|| {
            CORE_CONTRACTS
                .iter()
                .map(|c| (c.program_hash(), *c))
                .collect()
        });
    PROGRAMS.iter().find(|(h, _)| h == hash).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelled_out_hnames_match_the_names() {
        for c in CORE_CONTRACTS {
            assert_eq!(c.hname(), isc_abi::Hname::new(c.name), "{}", c.name);
            assert!(is_core_contract(c.hname()));
            assert_eq!(
                core_contract_by_program(&c.program_hash()).map(|x| x.name),
                Some(c.name)
            );
        }
        assert!(!is_core_contract(isc_abi::Hname::new("inccounter")));
        assert_eq!(root::INIT_HNAME, isc_abi::Hname::new(root::names::INIT));
    }
}
