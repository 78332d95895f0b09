//! Limits on requests and blocks, with the reason for each default.

/// Bounds that keep one request, one block and one contract from taking more than their share of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Gas a request may burn at most (its budget is clamped to this). Must not exceed `max_gas_per_block`,
    /// so that any request fits in an empty block.
    pub max_gas_per_request: u64,
    /// Gas a block may burn; a request that would pass it waits for the next block.
    pub max_gas_per_block: u64,
    /// Budget of a request that does not name one.
    pub default_gas_budget: u64,
    /// Budget of a view called from outside the chain.
    pub view_gas_budget: u64,
    /// Nested calls deeper than this fail deterministically (native stack use is far below the limit).
    pub max_call_depth: u32,
    /// Encoded params of a request or call. Must hold the largest blob plus its other fields.
    pub max_params_size: u32,
    /// A blob's total size (all fields).
    pub max_blob_size: u32,
    /// A state key (inside the contract's partition).
    pub max_key_size: u32,
    /// A state value.
    pub max_value_size: u32,
    /// One event's text.
    pub max_event_size: u32,
    /// Events one request may emit.
    pub max_events_per_request: u32,
    /// Requests one request may post to other chains.
    pub max_posts_per_request: u32,
    /// One log line.
    pub max_log_size: u32,
    /// Requests a chain's backlog holds; beyond it, new requests are refused (the node's memory and
    /// disk stay bounded whatever arrives).
    pub max_backlog: u32,
}

impl Limits {
    /// The limits every node uses unless the chain says otherwise.
    pub const DEFAULT: Limits = Limits {
        // 100 ms of work on the reference machine.
        max_gas_per_request: 100_000_000,
        // 10 s of work: a block stays well inside a consensus round.
        max_gas_per_block: 10_000_000_000,
        // Enough for a deployment of a large contract; callers may ask for less.
        default_gas_budget: 50_000_000,
        // Views are free to the caller but still bounded.
        view_gas_budget: 50_000_000,
        // Deep enough for real contracts, far from any native stack limit.
        max_call_depth: 64,
        // A 4 MiB blob plus field names and the other params.
        max_params_size: 4 * 1024 * 1024 + 4096,
        // Contract binaries are typically 20-300 KB; 4 MiB leaves room without letting one blob bloat state.
        max_blob_size: 4 * 1024 * 1024,
        // Keys are names, not data.
        max_key_size: 1024,
        // Large enough for a blob field; bigger data should be split.
        max_value_size: 4 * 1024 * 1024,
        // Events are for humans and indexers.
        max_event_size: 4096,
        // Bounds eventlog growth per request.
        max_events_per_request: 256,
        // Bounds the anchor transaction's size.
        max_posts_per_request: 64,
        // Node log lines.
        max_log_size: 4096,
        // About a hundred full blocks of work.
        max_backlog: 100_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_request_fits_in_an_empty_block() {
        let l = Limits::DEFAULT;
        assert!(l.max_gas_per_request <= l.max_gas_per_block);
        assert!(l.default_gas_budget <= l.max_gas_per_request);
    }

    #[test]
    fn params_can_carry_the_largest_blob() {
        let l = Limits::DEFAULT;
        assert!(l.max_params_size > l.max_blob_size);
        assert!(l.max_value_size >= l.max_blob_size);
    }
}
