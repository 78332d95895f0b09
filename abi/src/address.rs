//! L1 addresses: who owns tokens on the ledger, and the identity of an off-chain agent.

use crate::id32::{id32, id32_text};

id32!(
    /// A 32-byte L1 address.
    ///
    /// The runtime never checks signatures (the node and the ledger do); an address is only an identity:
    /// the sender of an off-chain request, the owner of an on-chain account, the target of a withdrawal.
    /// Shown in base58 like on the ledger.
    Address,
    "address"
);
id32_text!(Address);

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
            let a = Address(bytes);
            prop_assert_eq!(Address::decode(&a.encode()), Ok(a));
            prop_assert_eq!(a.to_string().parse::<Address>(), Ok(a));
        }
    }

    #[test]
    fn text_forms() {
        let a = Address([0; 32]);
        assert_eq!(a.to_string(), "1".repeat(32));
        assert_eq!(format!("{a:?}"), format!("Address({})", "1".repeat(32)));
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(
            Address::decode(&[0; 33]),
            Err(DecodeError::BadLength {
                what: "address",
                expected: 32,
                actual: 33
            })
        );
        assert_eq!(
            "0".parse::<Address>(),
            Err(ParseIdError::BadBase58 {
                what: "address",
                index: 0
            })
        );
        assert_eq!(
            "1111".parse::<Address>(),
            Err(ParseIdError::BadLength {
                what: "address",
                expected: 32,
                actual: 4
            })
        );
    }
}
