//! What the host functions of the Pollen-era contract ABI (wasplib v0.1 / WasmLib v0.2) cost on top
//! of the sandbox operations they perform (a state read through `hostGetBytes` also pays
//! [`GasOp::StateRead`](crate::GasOp::StateRead), a `call` pays [`GasOp::Call`](crate::GasOp::Call)).
//!
//! That ABI reaches everything through an object table the host keeps, so even a call that touches
//! no chain state (a key id, a value of a params map) is a host call with a lookup: it is charged
//! [`WasmLibCosts::host_call`] so that no import is free.

use crate::Cost;

/// The costs of the Pollen-era ABI's host functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmLibCosts {
    /// Every import: a host call, an object or key lookup and the bytes copied in or out
    /// (~100 ns plus the copy, priced like the `isc` imports' fixed parts).
    pub host_call: Cost,
    /// base58 encoding or decoding: quadratic in principle, bounded here by charging per byte well
    /// above the linear part (inputs are ids of 32-37 bytes).
    pub base58: Cost,
    /// sha3-256 and the blake2b of an address: a hash (as [`GasOp::Hash`](crate::GasOp::Hash)).
    pub sha3: Cost,
    /// An ed25519 signature check: ~50 µs.
    pub signature: Cost,
    /// A random draw: a copy, and every fourth draw a blake2b of 32 bytes.
    pub random: Cost,
}

impl WasmLibCosts {
    /// The costs every node uses.
    pub const DEFAULT: WasmLibCosts = WasmLibCosts {
        host_call: Cost {
            fixed: 500,
            per_byte: 1,
        },
        base58: Cost {
            fixed: 1_000,
            per_byte: 100,
        },
        sha3: Cost {
            fixed: 1_000,
            per_byte: 10,
        },
        signature: Cost {
            fixed: 400_000,
            per_byte: 10,
        },
        random: Cost {
            fixed: 500,
            per_byte: 0,
        },
    };
}
