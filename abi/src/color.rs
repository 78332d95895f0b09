//! Colors: which token a balance is in.

use core::fmt;
use core::str::FromStr;

use crate::id32::id32;
use crate::ParseIdError;

id32!(
    /// The 32-byte color of a token.
    ///
    /// Tokens on the ledger are colored; the base token has the all-zero color [`Color::BASE`], any other
    /// color is the id of the transaction that minted it. Balances are kept per color. Shown in base58, except
    /// the base color, which prints (and parses) as `base` so that the common case reads well.
    Color,
    "color"
);

impl Color {
    /// The color of the base token: all zeros.
    pub const BASE: Color = Color([0; 32]);

    /// The word that stands for [`Color::BASE`] in text.
    pub const BASE_NAME: &'static str = "base";

    /// True for the base token's color.
    pub fn is_base(&self) -> bool {
        *self == Color::BASE
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_base() {
            f.write_str(Color::BASE_NAME)
        } else {
            f.write_str(&self.to_base58())
        }
    }
}

impl fmt::Debug for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Color({self})")
    }
}

impl FromStr for Color {
    type Err = ParseIdError;

    /// Parses `base` or the base58 form (the base58 of 32 zero bytes is the base color too).
    fn from_str(text: &str) -> Result<Color, ParseIdError> {
        if text == Color::BASE_NAME {
            Ok(Color::BASE)
        } else {
            Color::from_base58(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Codec, DecodeError};
    use alloc::format;
    use alloc::string::ToString;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn binary_and_text_round_trip(bytes: [u8; 32]) {
            let c = Color(bytes);
            prop_assert_eq!(Color::decode(&c.encode()), Ok(c));
            prop_assert_eq!(c.to_string().parse::<Color>(), Ok(c));
        }
    }

    #[test]
    fn base_color() {
        assert_eq!(Color::BASE.0, [0; 32]);
        assert_eq!(Color::default(), Color::BASE);
        assert!(Color::BASE.is_base() && !Color([1; 32]).is_base());
        assert_eq!(Color::BASE.to_string(), "base");
        assert_eq!(format!("{:?}", Color::BASE), "Color(base)");
        assert_eq!("base".parse::<Color>(), Ok(Color::BASE));
        assert_eq!("1".repeat(32).parse::<Color>(), Ok(Color::BASE));
    }

    #[test]
    fn rejects_malformed() {
        // Only the exact word is special: anything else is read as base58.
        assert!(matches!(
            "Base".parse::<Color>(),
            Err(ParseIdError::BadLength { .. })
        ));
        assert_eq!(
            "base ".parse::<Color>(),
            Err(ParseIdError::BadBase58 {
                what: "color",
                index: 4
            })
        );
        assert_eq!(
            Color::decode(&[0; 31]),
            Err(DecodeError::BadLength {
                what: "color",
                expected: 32,
                actual: 31
            })
        );
    }
}
