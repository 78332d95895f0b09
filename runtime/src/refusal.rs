//! Why a request, a chain or an L1 transaction was refused before anything was recorded.

use isc_abi::{BalanceError, ChainId, DictError, RequestId};

/// A refusal: the input broke a rule, and the rule's limit is in the variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The request's encoded params are larger than the chain's limit.
    #[error("params of {size} bytes exceed the limit of {limit}")]
    ParamsTooLarge {
        /// Encoded size of the params.
        size: usize,
        /// The chain's `max_params_size`.
        limit: u32,
    },
    /// The backlog holds as many requests as it may.
    #[error("the backlog is full ({limit} requests)")]
    BacklogFull {
        /// The chain's `max_backlog`.
        limit: u32,
    },
    /// A request with this id waits in the backlog already.
    #[error("request {0} is already in the backlog")]
    Duplicate(RequestId),
    /// A dict field could not be set (empty or oversized key, oversized value).
    #[error("{0}")]
    Field(#[from] DictError),
    /// A chain's local name breaks the naming rule.
    #[error("chain name `{name}`: {reason}")]
    ChainName {
        /// The refused name.
        name: String,
        /// The rule it broke.
        reason: String,
    },
    /// A chain of this local name exists already.
    #[error("there is already a chain named `{name}` ({id})")]
    ChainNameTaken {
        /// The name.
        name: String,
        /// The chain that has it.
        id: ChainId,
    },
    /// A chain of this id exists already.
    #[error("chain {0} exists already")]
    ChainIdTaken(ChainId),
    /// The store meant for a new chain holds blocks.
    #[error("the store of chain `{0}` is not empty")]
    StoreNotEmpty(String),
    /// An L1 transfer the sender cannot cover (or that would overflow the receiver).
    #[error("L1 transfer: {0}")]
    L1Transfer(BalanceError),
}
