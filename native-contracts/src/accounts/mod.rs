//! accounts: the on-chain ledger. Every agent (L1 address or contract, of this or another chain) has an
//! account of coloured balances; the sum of all accounts is the chain's total assets, which always equals
//! what the chain holds on L1.
//!
//! Tokens sent with a call to the accounts contract (as to any core contract) stay in the caller's
//! account: the ledger is not an account holder, its entry points act on the caller's account.

mod entries;
pub mod ledger;

use isc_abi::Hname;

use crate::native::{Handler, NativeContract};

/// Entry point names.
pub mod names {
    /// Credits the tokens of the request to the sender (or to agent `a`).
    pub const DEPOSIT: &str = "deposit";
    /// Sends tokens of the caller's account to the caller's L1 address.
    pub const WITHDRAW_TO_ADDRESS: &str = "withdrawToAddress";
    /// Sends tokens of the calling contract's account back to its own chain.
    pub const WITHDRAW_TO_CHAIN: &str = "withdrawToChain";
    /// Moves tokens of the caller's account to another agent's account on this chain.
    pub const TRANSFER: &str = "transfer";
    /// View: balances of agent `a`.
    pub const BALANCE: &str = "balance";
    /// View: every agent with a non-empty account.
    pub const ACCOUNTS: &str = "accounts";
    /// View: the chain's total assets.
    pub const TOTAL_ASSETS: &str = "totalAssets";
}

/// Param and result keys.
pub mod keys {
    /// An agent id.
    pub const AGENT: &str = "a";
    /// A colour (withdrawals of one colour).
    pub const COLOR: &str = "c";
    /// An amount (u64).
    pub const AMOUNT: &str = "n";
}

/// The accounts contract.
pub static CONTRACT: NativeContract = NativeContract {
    name: "accounts",
    hname: Hname(0x3c4b_5e02),
    description: "Chain account ledger",
    entry_points: &[
        (names::DEPOSIT, Handler::Func(entries::deposit)),
        (
            names::WITHDRAW_TO_ADDRESS,
            Handler::Func(entries::withdraw_to_address),
        ),
        (
            names::WITHDRAW_TO_CHAIN,
            Handler::Func(entries::withdraw_to_chain),
        ),
        (names::TRANSFER, Handler::Func(entries::transfer)),
        (names::BALANCE, Handler::View(entries::balance)),
        (names::ACCOUNTS, Handler::View(entries::accounts)),
        (names::TOTAL_ASSETS, Handler::View(entries::total_assets)),
    ],
};
