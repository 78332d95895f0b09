//! root: the chain's constitution. Owns the contract registry (name → program), the chain owner, deploy
//! permissions and the fee policy, and deploys the other core contracts when the chain boots.

mod entries;
mod info;
mod record;
pub mod state;

pub use info::ChainInfo;
pub use record::ContractRecord;

use isc_abi::Hname;

use crate::native::{Handler, NativeContract};

/// Entry point names.
pub mod names {
    /// Boots the chain: the sender becomes the owner; deploys the other core contracts.
    pub const INIT: &str = "init";
    /// Deploys a program from the blob registry as a new contract.
    pub const DEPLOY_CONTRACT: &str = "deployContract";
    /// Lets agent `dp` deploy contracts.
    pub const GRANT_DEPLOY_PERMISSION: &str = "grantDeployPermission";
    /// Takes the permission back.
    pub const REVOKE_DEPLOY_PERMISSION: &str = "revokeDeployPermission";
    /// Names agent `oi` as the next owner (who must claim).
    pub const DELEGATE_CHAIN_OWNERSHIP: &str = "delegateChainOwnership";
    /// The delegated agent becomes the owner.
    pub const CLAIM_CHAIN_OWNERSHIP: &str = "claimChainOwnership";
    /// Sets the fee policy (`fc` colour, `gt` gas per token).
    pub const SET_FEE_POLICY: &str = "setFeePolicy";
    /// View: the record of contract `hn`.
    pub const FIND_CONTRACT: &str = "findContract";
    /// View: every contract record.
    pub const GET_CONTRACT_RECORDS: &str = "getContractRecords";
    /// View: chain id, owner, description, fee policy, contract count (read it with [`super::ChainInfo`]).
    pub const GET_CHAIN_INFO: &str = "getChainInfo";
}

/// Param and result keys.
pub mod keys {
    /// Program hash.
    pub const PROGRAM_HASH: &str = "ph";
    /// Contract name.
    pub const NAME: &str = "nm";
    /// Description.
    pub const DESCRIPTION: &str = "ds";
    /// An agent given or denied deploy permission.
    pub const DEPLOYER: &str = "dp";
    /// The delegated owner.
    pub const OWNER_ID: &str = "oi";
    /// Fee colour.
    pub const FEE_COLOR: &str = "fc";
    /// Gas per fee token.
    pub const GAS_PER_TOKEN: &str = "gt";
    /// A contract's hname.
    pub const HNAME: &str = "hn";
    /// A contract record (result).
    pub const DATA: &str = "dt";
    /// Chain id (result).
    pub const CHAIN_ID: &str = "c";
    /// Chain owner (result).
    pub const OWNER: &str = "o";
    /// Number of contracts (result).
    pub const CONTRACT_COUNT: &str = "n";
}

/// `hname("init")`: the entry point root calls when it deploys a contract, and only root may call.
pub const INIT_HNAME: Hname = Hname(0x1f44_d644);

/// The root contract.
pub static CONTRACT: NativeContract = NativeContract {
    name: "root",
    hname: Hname(0xcebf_5908),
    description: "Root contract: registry, ownership, fees",
    entry_points: &[
        (names::INIT, Handler::Func(entries::init)),
        (
            names::DEPLOY_CONTRACT,
            Handler::Func(entries::deploy_contract),
        ),
        (
            names::GRANT_DEPLOY_PERMISSION,
            Handler::Func(entries::grant_deploy_permission),
        ),
        (
            names::REVOKE_DEPLOY_PERMISSION,
            Handler::Func(entries::revoke_deploy_permission),
        ),
        (
            names::DELEGATE_CHAIN_OWNERSHIP,
            Handler::Func(entries::delegate_chain_ownership),
        ),
        (
            names::CLAIM_CHAIN_OWNERSHIP,
            Handler::Func(entries::claim_chain_ownership),
        ),
        (
            names::SET_FEE_POLICY,
            Handler::Func(entries::set_fee_policy),
        ),
        (names::FIND_CONTRACT, Handler::View(entries::find_contract)),
        (
            names::GET_CONTRACT_RECORDS,
            Handler::View(entries::get_contract_records),
        ),
        (
            names::GET_CHAIN_INFO,
            Handler::View(entries::get_chain_info),
        ),
    ],
};
