//! Limits on requests and blocks, with the reason for each default.

use crate::{GasOp, GasSchedule};

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

/// Gas a deployment needs beyond validating and compiling its program, in
/// [`Limits::deploy_budget`]: a Pollen-era module's `on_load` (bounded at 10 million on its own),
/// the contract's init and root's records.
pub const DEPLOY_MARGIN: u64 = 10_000_000;

impl Limits {
    /// The budget of a deployment whose sender names none, for a program of `program_len` bytes:
    /// the default budget, or what validating and compiling the program costs plus
    /// [`DEPLOY_MARGIN`] when that is more (a contract of more than about 39 KB), at most
    /// `max_gas_per_request` (a program too large to compile within it cannot be deployed on this
    /// chain whatever budget it asks for).
    pub fn deploy_budget(&self, program_len: u64) -> u64 {
        let schedule = &GasSchedule::DEFAULT;
        let needed = schedule
            .cost(GasOp::Validate)
            .of(program_len)
            .saturating_add(schedule.cost(GasOp::Deploy).of(program_len))
            .saturating_add(DEPLOY_MARGIN);
        needed
            .max(self.default_gas_budget)
            .min(self.max_gas_per_request)
    }
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
    fn a_deployment_asks_for_what_its_program_costs() {
        let l = Limits::DEFAULT;
        // Small programs keep the default budget.
        assert_eq!(l.deploy_budget(0), l.default_gas_budget);
        assert_eq!(l.deploy_budget(30_000), l.default_gas_budget);
        // A 50 KB program costs more than the default to compile: its budget covers that and the
        // margin.
        let s = GasSchedule::DEFAULT;
        let compile = s.cost(GasOp::Validate).of(50_251) + s.cost(GasOp::Deploy).of(50_251);
        assert!(compile > l.default_gas_budget);
        assert_eq!(l.deploy_budget(50_251), compile + DEPLOY_MARGIN);
        // Never more than a request may burn.
        assert_eq!(l.deploy_budget(1 << 30), l.max_gas_per_request);
    }

    #[test]
    fn params_can_carry_the_largest_blob() {
        let l = Limits::DEFAULT;
        assert!(l.max_params_size > l.max_blob_size);
        assert!(l.max_value_size >= l.max_blob_size);
    }
}
