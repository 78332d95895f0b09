//! The chain's fee policy: how burned gas becomes a fee in tokens.

use isc_abi::{Color, DecodeError, Reader};

/// Fees are charged in `color`, one token per `gas_per_token` gas burned (rounded up), from the sender's
/// on-chain account to the chain owner's. `gas_per_token == 0` disables fees.
///
/// A request's gas budget is clamped to what the sender can pay, so a request never burns gas it cannot
/// pay for: it runs out of gas instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeePolicy {
    /// Colour of the fee token.
    pub color: Color,
    /// Gas bought by one token; 0 means no fees.
    pub gas_per_token: u64,
}

impl FeePolicy {
    /// No fees at all (a chain before its owner sets a policy).
    pub const FREE: FeePolicy = FeePolicy {
        color: Color::BASE,
        gas_per_token: 0,
    };

    /// The policy a new chain starts with: one base token per 1,000 gas (a plain call costs a few tokens).
    pub const DEFAULT: FeePolicy = FeePolicy {
        color: Color::BASE,
        gas_per_token: 1_000,
    };

    /// The fee for `burned` gas.
    pub fn fee_for(&self, burned: u64) -> u64 {
        if self.gas_per_token == 0 {
            0
        } else {
            burned.div_ceil(self.gas_per_token)
        }
    }

    /// The most gas `balance` tokens of the fee colour can pay for (unbounded when fees are off).
    pub fn affordable_gas(&self, balance: u64) -> u64 {
        if self.gas_per_token == 0 {
            u64::MAX
        } else {
            balance.saturating_mul(self.gas_per_token)
        }
    }

    /// Binary form: colour (32 bytes) ‖ gas_per_token u64 LE.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(40);
        out.extend_from_slice(&self.color.0);
        out.extend_from_slice(&self.gas_per_token.to_le_bytes());
        out
    }

    /// Decodes [`FeePolicy::encode`]'s form.
    pub fn decode(bytes: &[u8]) -> Result<FeePolicy, DecodeError> {
        let mut r = Reader::new(bytes);
        let color = Color(r.array("fee policy colour")?);
        let gas_per_token = r.u64("fee policy gas per token")?;
        r.finish("fee policy")?;
        Ok(FeePolicy {
            color,
            gas_per_token,
        })
    }
}

impl Default for FeePolicy {
    fn default() -> Self {
        FeePolicy::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_rounds_up_and_free_is_free() {
        let p = FeePolicy {
            color: Color::BASE,
            gas_per_token: 100,
        };
        assert_eq!(p.fee_for(0), 0);
        assert_eq!(p.fee_for(1), 1);
        assert_eq!(p.fee_for(100), 1);
        assert_eq!(p.fee_for(101), 2);
        assert_eq!(FeePolicy::FREE.fee_for(1_000_000), 0);
    }

    #[test]
    fn affordable_gas_never_exceeds_what_the_balance_pays() {
        let p = FeePolicy {
            color: Color::BASE,
            gas_per_token: 100,
        };
        assert_eq!(p.affordable_gas(3), 300);
        assert_eq!(p.fee_for(p.affordable_gas(3)), 3);
        assert_eq!(p.affordable_gas(u64::MAX), u64::MAX);
        assert_eq!(FeePolicy::FREE.affordable_gas(0), u64::MAX);
    }

    #[test]
    fn encoding_round_trips_and_rejects_bad_lengths() {
        let p = FeePolicy {
            color: Color([7; 32]),
            gas_per_token: 42,
        };
        assert_eq!(FeePolicy::decode(&p.encode()), Ok(p));
        assert!(matches!(
            FeePolicy::decode(&p.encode()[..39]),
            Err(DecodeError::Truncated { .. })
        ));
        let mut long = p.encode();
        long.push(0);
        assert!(matches!(
            FeePolicy::decode(&long),
            Err(DecodeError::TrailingBytes { .. })
        ));
    }
}
