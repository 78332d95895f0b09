//! proptest strategies for the vocabulary types, shared by the tests of every file.

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;

use crate::{AgentId, Balances, ChainId, Color, ContractId, Dict, Hname, RequestId, TxId};

/// Any color, with the base color drawn often (it is the common case and prints differently).
pub(crate) fn any_color() -> impl Strategy<Value = Color> {
    prop_oneof![
        1 => Just(Color::BASE),
        4 => any::<[u8; 32]>().prop_map(Color),
    ]
}

/// Any contract id.
pub(crate) fn any_contract_id() -> impl Strategy<Value = ContractId> {
    (any::<[u8; 32]>(), any::<u32>()).prop_map(|(c, h)| ContractId::new(ChainId(c), Hname(h)))
}

/// Any agent id, half of them addresses (hname 0).
pub(crate) fn any_agent_id() -> impl Strategy<Value = AgentId> {
    (any::<[u8; 32]>(), prop_oneof![Just(0u32), any::<u32>()]).prop_map(|(id, h)| {
        let mut bytes = [0u8; 36];
        bytes[..32].copy_from_slice(&id);
        bytes[32..].copy_from_slice(&h.to_le_bytes());
        AgentId::from_bytes(bytes)
    })
}

/// Any request id.
pub(crate) fn any_request_id() -> impl Strategy<Value = RequestId> {
    (any::<[u8; 32]>(), any::<u16>()).prop_map(|(tx, index)| RequestId::new(TxId(tx), index))
}

/// Any balances (non-zero amounts, a few colors).
pub(crate) fn any_balances() -> impl Strategy<Value = Balances> {
    btree_map(any_color(), 1..=u64::MAX, 0..6).prop_map(|map| {
        let mut b = Balances::new();
        for (color, amount) in map {
            b.add(color, amount)
                .expect("distinct colors cannot overflow");
        }
        b
    })
}

/// Any dict: short keys (so that prefixes and equal-length keys both occur) and values up to 40 bytes.
pub(crate) fn any_dict() -> impl Strategy<Value = Dict> {
    btree_map(vec(any::<u8>(), 1..5), vec(any::<u8>(), 0..40), 0..10).prop_map(|map| {
        let mut d = Dict::new();
        for (k, v) in map {
            d.set(k, v).expect("keys are non-empty and short");
        }
        d
    })
}
