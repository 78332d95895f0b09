//! Request ids: the global, unique name of a request, used for exactly-once processing and receipts.

use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::{Codec, DecodeError, ParseIdError, Reader, TxId};

/// A request: the transaction that carried it and its index among that transaction's requests.
///
/// A transaction can carry several requests, so the tx id alone is not enough; the pair is unique on the
/// ledger, which is what lets the chain process every request exactly once. Binary: txid (32 bytes) ‖ index
/// (u16 LE) = 34 bytes. Text: `[index]base58(txid)`, e.g. `[0]8v2G3wi1JzDb3vieAR2wZFYnxYqnaeLs9skduPpok5jp`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RequestId {
    /// The transaction that carried the request.
    pub tx: TxId,
    /// The request's position among the requests of that transaction.
    pub index: u16,
}

impl RequestId {
    /// Size of the binary form.
    pub const LEN: usize = 34;

    /// Request `index` of transaction `tx`.
    pub const fn new(tx: TxId, index: u16) -> RequestId {
        RequestId { tx, index }
    }

    /// The 34-byte binary form.
    pub fn to_bytes(&self) -> [u8; 34] {
        let mut out = [0u8; 34];
        let (tx, index) = out.split_at_mut(32);
        tx.copy_from_slice(&self.tx.0);
        index.copy_from_slice(&self.index.to_le_bytes());
        out
    }

    /// Decodes exactly 34 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<RequestId, DecodeError> {
        if bytes.len() != Self::LEN {
            return Err(DecodeError::BadLength {
                what: "request id",
                expected: Self::LEN,
                actual: bytes.len(),
            });
        }
        let mut r = Reader::new(bytes);
        let tx = TxId(r.array("request id tx")?);
        let index = r.u16("request id index")?;
        r.finish("request id")?;
        Ok(RequestId { tx, index })
    }
}

impl Codec for RequestId {
    fn encode(&self) -> Vec<u8> {
        self.to_bytes().to_vec()
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        RequestId::from_slice(bytes)
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]{}", self.index, self.tx)
    }
}

impl fmt::Debug for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequestId({self})")
    }
}

/// Why a text is not `[index]base58(txid)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseRequestIdError {
    /// The text does not start with `[`.
    #[error("a request id starts with '[': [index]txid")]
    MissingOpenBracket,
    /// No `]` after the index.
    #[error("a request id has ']' after the index: [index]txid")]
    MissingCloseBracket,
    /// The index is not a canonical decimal u16.
    #[error("bad request index: {reason}")]
    BadIndex {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The part after `]` is not a transaction id.
    #[error("bad transaction id in request id: {0}")]
    TxId(ParseIdError),
}

/// Parses the index between the brackets: decimal digits only, no sign, no leading zero, at most 65535.
/// Strict so that every request id has exactly one text form.
fn parse_index(text: &str) -> Result<u16, ParseRequestIdError> {
    let bad = |reason| ParseRequestIdError::BadIndex { reason };
    if text.is_empty() {
        return Err(bad("empty"));
    }
    if !text.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad("not a decimal number"));
    }
    if text.len() > 1 && text.starts_with('0') {
        return Err(bad("leading zero"));
    }
    text.parse().map_err(|_| bad("larger than 65535"))
}

impl FromStr for RequestId {
    type Err = ParseRequestIdError;

    /// Parses `[index]base58(txid)`.
    fn from_str(text: &str) -> Result<RequestId, ParseRequestIdError> {
        let rest = text
            .strip_prefix('[')
            .ok_or(ParseRequestIdError::MissingOpenBracket)?;
        let (index, tx) = rest
            .split_once(']')
            .ok_or(ParseRequestIdError::MissingCloseBracket)?;
        Ok(RequestId {
            index: parse_index(index)?,
            tx: TxId::from_base58(tx).map_err(ParseRequestIdError::TxId)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategies::any_request_id;
    use alloc::format;
    use alloc::string::ToString;
    use proptest::prelude::*;

    /// The example from the architecture description.
    const EXAMPLE: &str = "[0]8v2G3wi1JzDb3vieAR2wZFYnxYqnaeLs9skduPpok5jp";

    proptest! {
        #[test]
        fn binary_and_text_round_trip(id in any_request_id()) {
            prop_assert_eq!(RequestId::decode(&id.encode()), Ok(id));
            prop_assert_eq!(id.to_string().parse::<RequestId>(), Ok(id));
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,60}") {
            let _ = text.parse::<RequestId>();
        }
    }

    #[test]
    fn design_example() {
        let id: RequestId = EXAMPLE.parse().expect("the documented example parses");
        assert_eq!(id.index, 0);
        assert_eq!(id.to_string(), EXAMPLE);
        assert_eq!(format!("{id:?}"), format!("RequestId({EXAMPLE})"));
        let id3: RequestId = "[3]8v2G3wi1JzDb3vieAR2wZFYnxYqnaeLs9skduPpok5jp"
            .parse()
            .expect("parses");
        assert_eq!(id3, RequestId::new(id.tx, 3));
    }

    #[test]
    fn binary_layout() {
        let id = RequestId::new(TxId([5; 32]), 0x0102);
        let bytes = id.encode();
        assert_eq!(bytes.len(), 34);
        assert_eq!(bytes[..32], [5; 32]);
        assert_eq!(bytes[32..], [0x02, 0x01]);
    }

    #[test]
    fn rejects_malformed_binary() {
        for len in [0, 32, 33, 35] {
            assert_eq!(
                RequestId::decode(&[0; 40][..len]),
                Err(DecodeError::BadLength {
                    what: "request id",
                    expected: 34,
                    actual: len
                })
            );
        }
    }

    #[test]
    fn rejects_malformed_text() {
        let tx = "8v2G3wi1JzDb3vieAR2wZFYnxYqnaeLs9skduPpok5jp";
        let parse = |t: &str| t.parse::<RequestId>();
        assert_eq!(parse(""), Err(ParseRequestIdError::MissingOpenBracket));
        assert_eq!(
            parse(&format!("0]{tx}")),
            Err(ParseRequestIdError::MissingOpenBracket)
        );
        assert_eq!(
            parse(&format!("[0{tx}")),
            Err(ParseRequestIdError::MissingCloseBracket)
        );
        let bad = |reason| Err(ParseRequestIdError::BadIndex { reason });
        assert_eq!(parse(&format!("[]{tx}")), bad("empty"));
        assert_eq!(parse(&format!("[-1]{tx}")), bad("not a decimal number"));
        assert_eq!(parse(&format!("[+1]{tx}")), bad("not a decimal number"));
        assert_eq!(parse(&format!("[ 1]{tx}")), bad("not a decimal number"));
        assert_eq!(parse(&format!("[01]{tx}")), bad("leading zero"));
        assert_eq!(parse(&format!("[65536]{tx}")), bad("larger than 65535"));
        assert_eq!(
            parse(&format!("[99999999999999999999]{tx}")),
            bad("larger than 65535")
        );
        assert!(parse(&format!("[65535]{tx}")).is_ok());
        assert_eq!(
            parse("[0]8v2G3wi1JzDb3vieAR2wZFYnxYqnaeLs9skduPpok5j0"),
            Err(ParseRequestIdError::TxId(ParseIdError::BadBase58 {
                what: "transaction id",
                index: 43
            }))
        );
        assert_eq!(
            parse("[0]8v2G3wi1JzDb3vieAR2wZFYnxYqnaeLs9skduPpok5jpp"),
            Err(ParseRequestIdError::TxId(ParseIdError::TooLong {
                what: "transaction id",
                len: 45,
                max: 44
            }))
        );
        assert_eq!(
            parse("[0]8v2G"),
            Err(ParseRequestIdError::TxId(ParseIdError::BadLength {
                what: "transaction id",
                expected: 32,
                actual: 3
            }))
        );
        assert!(matches!(
            parse("[0]"),
            Err(ParseRequestIdError::TxId(ParseIdError::BadLength {
                actual: 0,
                ..
            }))
        ));
        assert!(matches!(
            parse(&format!("[0]]{tx}")),
            Err(ParseRequestIdError::TxId(_))
        ));
    }
}
