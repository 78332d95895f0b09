//! The gas schedule: one table of every cost, with the reason for each value.
//!
//! The unit is chosen so that one plain Wasm instruction costs 1 gas; compiled, plain Wasm runs at about
//! 12 gas per nanosecond on the reference machine. Host operations are priced from their measured time
//! (`iscvm bench --calibrate`) at about 8 gas per nanosecond, so that none takes more than 3 times the
//! time per gas of plain Wasm (an underpriced operation is a denial-of-service hole); persistent writes
//! cost well above their time, because they cost every node disk space forever.

use std::fmt;

/// A fixed cost plus a cost per byte of the operation's payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// Charged once per operation.
    pub fixed: u64,
    /// Charged per byte moved, hashed or stored.
    pub per_byte: u64,
}

impl Cost {
    /// Cost of an operation on `bytes` bytes; saturates instead of overflowing (a saturated cost is
    /// always more than any budget, so it fails as out of gas).
    #[inline]
    pub fn of(self, bytes: u64) -> u64 {
        self.fixed
            .saturating_add(self.per_byte.saturating_mul(bytes))
    }
}

/// Every operation that costs gas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GasOp {
    /// Every request, whatever it does: receipt, eventlog line, bookkeeping.
    Request,
    /// Reading the call's params (per byte read).
    ParamsRead,
    /// State read (`get`/`has`); bytes = key + value.
    StateRead,
    /// State write; bytes = key + value.
    StateWrite,
    /// State delete; bytes = key.
    StateDelete,
    /// One item of a prefix iteration; bytes = key + value.
    StateIterate,
    /// A call to another contract's entry point; bytes = params.
    Call,
    /// Moving tokens between on-chain accounts; bytes = number of colours × 40.
    Transfer,
    /// Posting a request to another chain; bytes = encoded params.
    PostRequest,
    /// Sending tokens to an L1 address.
    SendToAddress,
    /// Emitting an event; bytes = event text.
    Event,
    /// Writing a log line; bytes = text.
    Log,
    /// blake2b-256; bytes = input.
    Hash,
    /// Computing an hname; bytes = name.
    Hname,
    /// Reading context values (caller, ids, timestamp, entropy, balances).
    Context,
    /// Validating a program before deployment; bytes = program size.
    Validate,
    /// Deploying a contract: compilation of the validated program; bytes = program size.
    Deploy,
    /// Returning results to the caller; bytes = encoded results.
    Results,
}

impl GasOp {
    /// Every operation, in report order.
    pub const ALL: [GasOp; 18] = [
        GasOp::Request,
        GasOp::ParamsRead,
        GasOp::StateRead,
        GasOp::StateWrite,
        GasOp::StateDelete,
        GasOp::StateIterate,
        GasOp::Call,
        GasOp::Transfer,
        GasOp::PostRequest,
        GasOp::SendToAddress,
        GasOp::Event,
        GasOp::Log,
        GasOp::Hash,
        GasOp::Hname,
        GasOp::Context,
        GasOp::Validate,
        GasOp::Deploy,
        GasOp::Results,
    ];

    /// Short name used in gas reports.
    #[inline]
    pub fn name(self) -> &'static str {
        match self {
            GasOp::Request => "request",
            GasOp::ParamsRead => "params",
            GasOp::StateRead => "state.read",
            GasOp::StateWrite => "state.write",
            GasOp::StateDelete => "state.delete",
            GasOp::StateIterate => "state.iterate",
            GasOp::Call => "call",
            GasOp::Transfer => "transfer",
            GasOp::PostRequest => "post",
            GasOp::SendToAddress => "send",
            GasOp::Event => "event",
            GasOp::Log => "log",
            GasOp::Hash => "hash",
            GasOp::Hname => "hname",
            GasOp::Context => "context",
            GasOp::Validate => "validate",
            GasOp::Deploy => "deploy",
            GasOp::Results => "results",
        }
    }
}

impl fmt::Display for GasOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The cost of every operation. One instance, [`GasSchedule::DEFAULT`], is used by every node: a change
/// here changes consensus results (and the module-cache fingerprint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GasSchedule {
    /// See [`GasOp::Request`].
    pub request: Cost,
    /// See [`GasOp::ParamsRead`].
    pub params_read: Cost,
    /// See [`GasOp::StateRead`].
    pub state_read: Cost,
    /// See [`GasOp::StateWrite`].
    pub state_write: Cost,
    /// See [`GasOp::StateDelete`].
    pub state_delete: Cost,
    /// See [`GasOp::StateIterate`].
    pub state_iterate: Cost,
    /// See [`GasOp::Call`].
    pub call: Cost,
    /// See [`GasOp::Transfer`].
    pub transfer: Cost,
    /// See [`GasOp::PostRequest`].
    pub post_request: Cost,
    /// See [`GasOp::SendToAddress`].
    pub send_to_address: Cost,
    /// See [`GasOp::Event`].
    pub event: Cost,
    /// See [`GasOp::Log`].
    pub log: Cost,
    /// See [`GasOp::Hash`].
    pub hash: Cost,
    /// See [`GasOp::Hname`].
    pub hname: Cost,
    /// See [`GasOp::Context`].
    pub context: Cost,
    /// See [`GasOp::Validate`].
    pub validate: Cost,
    /// See [`GasOp::Deploy`].
    pub deploy: Cost,
    /// See [`GasOp::Results`].
    pub results: Cost,
}

impl GasSchedule {
    /// The schedule every node uses.
    pub const DEFAULT: GasSchedule = GasSchedule {
        // Receipt, eventlog line, exactly-once record and the request's own state update: ~10 µs of work.
        request: Cost {
            fixed: 10_000,
            per_byte: 0,
        },
        // A host call and a copy.
        params_read: Cost {
            fixed: 1_000,
            per_byte: 1,
        },
        // A host call, a B-tree lookup through three buffers, a copy (~170 ns).
        state_read: Cost {
            fixed: 1_000,
            per_byte: 1,
        },
        // Persistent: every node stores the bytes forever and hashes them into the block.
        state_write: Cost {
            fixed: 1_000,
            per_byte: 20,
        },
        // Persistent like a write, but frees space.
        state_delete: Cost {
            fixed: 500,
            per_byte: 10,
        },
        // One step of a merged iteration plus a copy.
        state_iterate: Cost {
            fixed: 1_000,
            per_byte: 1,
        },
        // A new frame, registry lookup, params copy.
        call: Cost {
            fixed: 2_000,
            per_byte: 2,
        },
        // Two balance reads and writes in the accounts partition per colour.
        transfer: Cost {
            fixed: 2_000,
            per_byte: 25,
        },
        // An outgoing request is anchored on L1 and executed by another chain.
        post_request: Cost {
            fixed: 20_000,
            per_byte: 20,
        },
        // An L1 output in the anchor transaction.
        send_to_address: Cost {
            fixed: 20_000,
            per_byte: 0,
        },
        // Stored in the eventlog partition.
        event: Cost {
            fixed: 1_000,
            per_byte: 20,
        },
        // A host call and a node log line (~110 ns).
        log: Cost {
            fixed: 1_000,
            per_byte: 1,
        },
        // blake2b at ~1 byte/ns, plus the host call (~1.2 µs for 1 KiB).
        hash: Cost {
            fixed: 1_000,
            per_byte: 8,
        },
        // A blake2b of the name and the host call (~280 ns).
        hname: Cost {
            fixed: 2_000,
            per_byte: 8,
        },
        // A host call copying a small value; balances read the accounts partition (~60-160 ns).
        context: Cost {
            fixed: 1_000,
            per_byte: 1,
        },
        // One pass of wasmparser over the bytes: charged before validating, so a rejected module only
        // pays for being read.
        validate: Cost {
            fixed: 10_000,
            per_byte: 10,
        },
        // Cranelift compilation of a validated module: ~2 ms per KB of Wasm measured (wall time, 2
        // cores compiling in parallel): ~1 µs of CPU per byte per core.
        deploy: Cost {
            fixed: 100_000,
            per_byte: 1_000,
        },
        // Copying results back to the caller.
        results: Cost {
            fixed: 500,
            per_byte: 1,
        },
    };

    /// The cost entry of `op`.
    #[inline]
    pub fn cost(&self, op: GasOp) -> Cost {
        match op {
            GasOp::Request => self.request,
            GasOp::ParamsRead => self.params_read,
            GasOp::StateRead => self.state_read,
            GasOp::StateWrite => self.state_write,
            GasOp::StateDelete => self.state_delete,
            GasOp::StateIterate => self.state_iterate,
            GasOp::Call => self.call,
            GasOp::Transfer => self.transfer,
            GasOp::PostRequest => self.post_request,
            GasOp::SendToAddress => self.send_to_address,
            GasOp::Event => self.event,
            GasOp::Log => self.log,
            GasOp::Hash => self.hash,
            GasOp::Hname => self.hname,
            GasOp::Context => self.context,
            GasOp::Validate => self.validate,
            GasOp::Deploy => self.deploy,
            GasOp::Results => self.results,
        }
    }
}

impl Default for GasSchedule {
    fn default() -> Self {
        GasSchedule::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_fixed_plus_per_byte_and_saturates() {
        let c = Cost {
            fixed: 10,
            per_byte: 3,
        };
        assert_eq!(c.of(0), 10);
        assert_eq!(c.of(5), 25);
        assert_eq!(c.of(u64::MAX), u64::MAX);
    }

    #[test]
    fn every_op_has_a_distinct_name_and_a_nonzero_cost() {
        let s = GasSchedule::DEFAULT;
        let mut names = std::collections::BTreeSet::new();
        for op in GasOp::ALL {
            assert!(names.insert(op.name()), "duplicate name {op}");
            assert!(s.cost(op).of(0) > 0, "{op} is free");
        }
    }

    #[test]
    fn persistent_writes_cost_more_per_byte_than_reads() {
        let s = GasSchedule::DEFAULT;
        assert!(s.state_write.per_byte > s.state_read.per_byte);
        assert!(s.event.per_byte > s.log.per_byte);
    }
}
