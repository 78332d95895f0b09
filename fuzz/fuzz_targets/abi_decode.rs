//! Every decoder of `isc-abi` (and the block decoder) on arbitrary bytes: none may panic, and whatever
//! decodes must re-encode to exactly the same bytes (one canonical form per value).
#![no_main]

use isc_abi::{AgentId, Balances, Codec, ContractId, Dict, Hash, Hname, RequestId};
use libfuzzer_sys::fuzz_target;

fn canonical<T: Codec>(data: &[u8]) {
    if let Ok(value) = T::decode(data) {
        assert_eq!(
            value.encode(),
            data,
            "{} re-encodes differently",
            std::any::type_name::<T>()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the decoder, so the corpus covers each one; the rest is the input.
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 11 {
        0 => canonical::<Dict>(rest),
        1 => canonical::<Balances>(rest),
        2 => canonical::<AgentId>(rest),
        3 => canonical::<RequestId>(rest),
        4 => canonical::<ContractId>(rest),
        5 => canonical::<Hash>(rest),
        6 => canonical::<Hname>(rest),
        7 => canonical::<String>(rest),
        8 => canonical::<u64>(rest),
        9 => canonical::<bool>(rest),
        _ => {
            if let Ok(block) = isc_sandbox::Block::decode(rest) {
                assert_eq!(block.encode(), rest, "block re-encodes differently");
            }
        }
    }
    // Text forms: parsing never panics.
    if let Ok(text) = std::str::from_utf8(rest) {
        let _ = text.parse::<AgentId>();
        let _ = text.parse::<RequestId>();
        let _ = text.parse::<Hname>();
    }
});
