//! Transaction ids: the ledger transaction a request came in.

use crate::id32::{id32, id32_text};

id32!(
    /// The 32-byte id (hash) of an L1 transaction.
    ///
    /// Requests are identified by the transaction that carried them plus their index in it (see
    /// [`RequestId`](crate::RequestId)); keeping it a distinct type stops a tx id from being mixed up with
    /// the color of the tokens minted in the same transaction, although the bytes are the same. Shown in base58.
    TxId,
    "transaction id"
);
id32_text!(TxId);

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
            let t = TxId(bytes);
            prop_assert_eq!(TxId::decode(&t.encode()), Ok(t));
            prop_assert_eq!(t.to_string().parse::<TxId>(), Ok(t));
        }
    }

    #[test]
    fn debug_is_readable() {
        let t = TxId([1; 32]);
        assert_eq!(format!("{t:?}"), format!("TxId({t})"));
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(
            TxId::decode(&[0; 34]),
            Err(DecodeError::BadLength {
                what: "transaction id",
                expected: 32,
                actual: 34
            })
        );
        assert!(matches!(
            "l".parse::<TxId>(),
            Err(ParseIdError::BadBase58 { index: 0, .. })
        ));
    }
}
