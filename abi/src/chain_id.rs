//! Chain ids: the global identity of a chain.

use crate::id32::{id32, id32_text};

id32!(
    /// The 32-byte id of a chain.
    ///
    /// It names the chain for its whole life (the chain's address may change, its id does not), so it is what
    /// contract agents, contract ids and cross-chain requests refer to. Shown in base58.
    ChainId,
    "chain id"
);
id32_text!(ChainId);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Codec, DecodeError, ParseIdError};
    use alloc::format;
    use alloc::string::ToString;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn binary_and_text_round_trip(bytes: [u8; 32]) {
            let c = ChainId(bytes);
            prop_assert_eq!(ChainId::decode(&c.encode()), Ok(c));
            prop_assert_eq!(c.to_string().parse::<ChainId>(), Ok(c));
        }
    }

    #[test]
    fn debug_is_readable() {
        let c = ChainId([0xff; 32]);
        assert_eq!(format!("{c:?}"), format!("ChainId({c})"));
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(
            ChainId::decode(&[]),
            Err(DecodeError::BadLength {
                what: "chain id",
                expected: 32,
                actual: 0
            })
        );
        assert_eq!(
            "abc!".parse::<ChainId>(),
            Err(ParseIdError::BadBase58 {
                what: "chain id",
                index: 3
            })
        );
        assert!(matches!(
            "".parse::<ChainId>(),
            Err(ParseIdError::BadLength { actual: 0, .. })
        ));
    }
}
