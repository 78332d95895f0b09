//! donatewithfeedback: collects donations in base tokens with a line of feedback each; the owner
//! withdraws them to an L1 address.
//!
//! State: `owner` (agent id), `count` (u32), `total` and `max` (u64), and donation `i` under
//! `d` ‖ i (u32 big-endian, so that records sort in order) as an encoded [`Donation`].

use isc_abi::guest::prelude::*;
use isc_abi::{DecodeError, Reader};

const OWNER: &str = "owner";
const COUNT: &str = "count";
const TOTAL: &str = "total";
const MAX: &str = "max";
/// Prefix of the donation records.
const RECORD: &[u8] = b"d";

isc_abi::entry_points! {
    /// The request's sender becomes the owner.
    func init(ctx: &mut FuncCtx) {
        let owner = ctx.sender();
        ctx.set(OWNER, &owner);
    }

    /// Records the base tokens that came with the call (already in this contract's account) with param
    /// `feedback` (string, may be empty).
    func donate(ctx: &mut FuncCtx) {
        let feedback: String = ctx.param("feedback").unwrap_or_default();
        let amount = ctx.incoming().get(&Color::BASE);
        if amount == 0 {
            panic("donate: attach base tokens to donate");
        }
        let donation = Donation { donor: ctx.caller(), amount, timestamp: ctx.timestamp(), feedback };
        let count: u32 = ctx.get(COUNT).unwrap_or(0);
        ctx.set(record_key(count), &donation);
        ctx.set(COUNT, &(count + 1));
        ctx.set(TOTAL, &(ctx.get::<u64>(TOTAL).unwrap_or(0) + amount));
        ctx.set(MAX, &ctx.get::<u64>(MAX).unwrap_or(0).max(amount));
        ctx.event(&format!("donatewithfeedback: {amount} from {}", donation.donor));
    }

    /// Owner only: sends param `amount` (u64) base tokens of this contract to the owner's L1 address.
    func withdraw(ctx: &mut FuncCtx) {
        let Some(owner) = ctx.get::<AgentId>(OWNER) else {
            panic("withdraw: no owner (init did not run)");
        };
        if ctx.caller() != owner {
            panic("withdraw: only the owner may withdraw");
        }
        let Some(address) = owner.as_address() else {
            panic("withdraw: the owner is not an L1 address");
        };
        let amount: u64 = ctx.require("amount");
        let have = ctx.balance(&Color::BASE);
        if amount == 0 || amount > have {
            panic(&format!("withdraw: cannot withdraw {amount}, the balance is {have}"));
        }
        ctx.send(&address, &Balances::single(Color::BASE, amount));
    }

    /// Results `count` (u32) and every record under its state key `d` ‖ i (u32 big-endian).
    view donations(ctx: &ViewCtx) -> Dict {
        let mut results = ctx.prefix(RECORD);
        let count: u32 = ctx.get(COUNT).unwrap_or(0);
        let _ = results.set_as(COUNT, &count);
        results
    }

    /// Results `count` (u32), `total` and `max` (u64).
    view donationInfo(ctx: &ViewCtx) -> Results {
        Results::new()
            .set(COUNT, &ctx.get::<u32>(COUNT).unwrap_or(0))
            .set(TOTAL, &ctx.get::<u64>(TOTAL).unwrap_or(0))
            .set(MAX, &ctx.get::<u64>(MAX).unwrap_or(0))
    }
}

/// One donation. Binary: donor (36 bytes) ‖ amount (u64 LE) ‖ timestamp (i64 LE) ‖ feedback (UTF-8).
pub struct Donation {
    /// Who called `donate`.
    pub donor: AgentId,
    /// Base tokens donated.
    pub amount: u64,
    /// When (Unix ns).
    pub timestamp: i64,
    /// The donor's words.
    pub feedback: String,
}

impl Codec for Donation {
    fn encode(&self) -> Vec<u8> {
        [
            &self.donor.as_bytes()[..],
            &self.amount.to_le_bytes(),
            &self.timestamp.to_le_bytes(),
            self.feedback.as_bytes(),
        ]
        .concat()
    }

    fn decode(bytes: &[u8]) -> Result<Donation, DecodeError> {
        let mut r = Reader::new(bytes);
        let donor = AgentId::from_bytes(r.array("donor")?);
        let amount = r.u64("amount")?;
        let timestamp = r.i64("timestamp")?;
        let feedback = String::decode(r.bytes(r.remaining(), "feedback")?)?;
        Ok(Donation {
            donor,
            amount,
            timestamp,
            feedback,
        })
    }
}

/// The state key of donation `index`.
fn record_key(index: u32) -> Vec<u8> {
    [RECORD, &index.to_be_bytes()].concat()
}
