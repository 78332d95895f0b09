//! What root's `getChainInfo` view returns, typed: written by the view and read by its callers through
//! the same struct, so the result keys and their encodings are in one place.

use isc_abi::{AgentId, ChainId, Codec, Color, DecodeError, Dict};
use isc_gas::FeePolicy;

use super::keys;

/// The chain as root sees it: the result of `getChainInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainInfo {
    /// `c`: the chain's id.
    pub chain_id: ChainId,
    /// `o`: the owner; `None` before root's init ran.
    pub owner: Option<AgentId>,
    /// `ds`: the chain's description.
    pub description: String,
    /// `fc` and `gt`: the fee policy in force (free before root's init ran).
    pub fee_policy: FeePolicy,
    /// `n`: how many contracts the registry holds.
    pub contract_count: u32,
}

fn set(out: &mut Dict, key: &str, value: Vec<u8>) {
    // Keys are literals of this crate and values are far below the dict's limits: `set` cannot fail.
    let _ = out.set(key.as_bytes(), value);
}

fn required<T: Codec>(dict: &Dict, key: &'static str) -> Result<T, DecodeError> {
    dict.get_as(key.as_bytes())?.ok_or(DecodeError::Invalid {
        what: "chain info",
        reason: missing(key),
    })
}

/// The message of a missing result key (static, as [`DecodeError`] carries no owned text).
fn missing(key: &str) -> &'static str {
    match key {
        keys::CHAIN_ID => "no chain id (`c`)",
        keys::DESCRIPTION => "no description (`ds`)",
        keys::FEE_COLOR => "no fee colour (`fc`)",
        keys::GAS_PER_TOKEN => "no gas per token (`gt`)",
        keys::CONTRACT_COUNT => "no contract count (`n`)",
        _ => "a result key is missing",
    }
}

impl ChainInfo {
    /// The result dict of `getChainInfo`: every key, but `o` only when there is an owner.
    pub fn to_dict(&self) -> Dict {
        let mut out = Dict::new();
        set(&mut out, keys::CHAIN_ID, self.chain_id.encode());
        if let Some(owner) = &self.owner {
            set(&mut out, keys::OWNER, owner.encode());
        }
        set(
            &mut out,
            keys::DESCRIPTION,
            self.description.as_bytes().to_vec(),
        );
        set(&mut out, keys::FEE_COLOR, self.fee_policy.color.encode());
        set(
            &mut out,
            keys::GAS_PER_TOKEN,
            self.fee_policy.gas_per_token.encode(),
        );
        set(&mut out, keys::CONTRACT_COUNT, self.contract_count.encode());
        out
    }

    /// Reads a `getChainInfo` result. Every key but the owner's is required; a missing or malformed
    /// one is an error that names it.
    pub fn from_dict(dict: &Dict) -> Result<ChainInfo, DecodeError> {
        Ok(ChainInfo {
            chain_id: required(dict, keys::CHAIN_ID)?,
            owner: dict.get_as(keys::OWNER.as_bytes())?,
            description: required(dict, keys::DESCRIPTION)?,
            fee_policy: FeePolicy {
                color: required::<Color>(dict, keys::FEE_COLOR)?,
                gas_per_token: required(dict, keys::GAS_PER_TOKEN)?,
            },
            contract_count: required(dict, keys::CONTRACT_COUNT)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isc_abi::Address;

    fn info(owner: Option<AgentId>) -> ChainInfo {
        ChainInfo {
            chain_id: ChainId([7; 32]),
            owner,
            description: "a chain".into(),
            fee_policy: FeePolicy {
                color: Color([3; 32]),
                gas_per_token: 250,
            },
            contract_count: 5,
        }
    }

    #[test]
    fn round_trip_with_and_without_owner() {
        for owner in [None, Some(AgentId::address(Address([9; 32])))] {
            let i = info(owner);
            let dict = i.to_dict();
            assert_eq!(dict.get(keys::OWNER.as_bytes()).is_some(), owner.is_some());
            assert_eq!(ChainInfo::from_dict(&dict), Ok(i));
        }
    }

    #[test]
    fn missing_and_malformed_keys_are_named() {
        let full = info(None).to_dict();
        for key in [
            keys::CHAIN_ID,
            keys::DESCRIPTION,
            keys::FEE_COLOR,
            keys::GAS_PER_TOKEN,
            keys::CONTRACT_COUNT,
        ] {
            let mut d = full.clone();
            d.remove(key.as_bytes());
            let err = ChainInfo::from_dict(&d).unwrap_err().to_string();
            assert!(err.contains(&format!("`{key}`")), "{key}: {err}");
        }
        let mut d = full.clone();
        d.set(keys::GAS_PER_TOKEN.as_bytes(), vec![1, 2]).unwrap();
        assert!(ChainInfo::from_dict(&d).is_err());
        let mut d = full;
        d.set(keys::DESCRIPTION.as_bytes(), vec![0xff]).unwrap();
        assert!(ChainInfo::from_dict(&d).is_err());
    }
}
