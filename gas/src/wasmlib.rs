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
    /// Building the stored key of a map's or an array's key, or the path and name of a nested
    /// object: a copy per byte of the path (a key path grows with each level of nesting and with
    /// the length of the keys on the way).
    pub path: Cost,
    /// base58 encoding or decoding, its linear part; the work is quadratic in the input's length,
    /// which [`WasmLibCosts::base58_per_square_byte`] charges (see [`WasmLibCosts::base58_of`]).
    pub base58: Cost,
    /// Gas per squared byte of a base58 input: encoding `n` bytes takes 1-4 ns per `n²` on a
    /// current core (the digits are a long division per input byte), about 16 plain Wasm
    /// instructions. An id of 37 bytes then costs ~27,000 gas; 40 KB would cost ~25 billion.
    pub base58_per_square_byte: u64,
    /// sha3-256 and the blake2b of an address: a hash (as [`GasOp::Hash`](crate::GasOp::Hash)).
    pub sha3: Cost,
    /// An ed25519 signature check: ~50 µs.
    pub signature: Cost,
    /// A random draw: a copy, and every fourth draw a blake2b of 32 bytes.
    pub random: Cost,
}

impl WasmLibCosts {
    /// What base58 costs on an input of `n` bytes: the linear part and the quadratic one.
    pub fn base58_of(&self, n: u64) -> u64 {
        self.base58.of(n).saturating_add(
            n.saturating_mul(n)
                .saturating_mul(self.base58_per_square_byte),
        )
    }

    /// The costs every node uses.
    pub const DEFAULT: WasmLibCosts = WasmLibCosts {
        host_call: Cost {
            fixed: 500,
            per_byte: 1,
        },
        path: Cost {
            fixed: 0,
            per_byte: 1,
        },
        base58: Cost {
            fixed: 1_000,
            per_byte: 100,
        },
        base58_per_square_byte: 16,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58_is_charged_by_the_square_of_its_input() {
        let c = WasmLibCosts::DEFAULT;
        assert_eq!(c.base58_of(0), c.base58.fixed);
        assert_eq!(c.base58_of(37), 1_000 + 37 * 100 + 37 * 37 * 16);
        assert!(c.base58_of(40_000) > 20_000_000_000);
        assert_eq!(c.base58_of(u64::MAX), u64::MAX);
    }
}
