//! The shared shape of the 32-byte ledger ids ([`Address`](crate::Address), [`ChainId`](crate::ChainId),
//! [`Color`](crate::Color), [`TxId`](crate::TxId)).
//!
//! They are distinct types so that a chain id cannot be passed where a color is expected, but they have the
//! same binary form (the 32 raw bytes) and text form (base58), generated here once.

/// Defines a 32-byte id newtype with its binary form, base58 helpers and [`Codec`](crate::Codec).
///
/// `id32!(doc attrs; Name, "what")` where `what` names the type in error messages. Display, Debug and
/// FromStr are left to the caller (see [`id32_text`]) because [`Color`](crate::Color) prints differently.
macro_rules! id32 {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub [u8; 32]);

        impl $name {
            /// Size of the binary form.
            pub const LEN: usize = 32;

            /// The raw bytes (also the binary form).
            pub const fn as_bytes(&self) -> &[u8; 32] {
                &self.0
            }

            /// Decodes exactly 32 bytes; any other length is [`DecodeError::BadLength`](crate::DecodeError).
            pub fn from_slice(bytes: &[u8]) -> Result<Self, crate::DecodeError> {
                crate::codec::exact(bytes, $what).map($name)
            }

            /// The base58 text form.
            pub fn to_base58(&self) -> alloc::string::String {
                crate::base58::encode(&self.0)
            }

            /// Parses the base58 text form of exactly 32 bytes.
            pub fn from_base58(text: &str) -> Result<Self, crate::ParseIdError> {
                crate::base58::decode32(text, $what).map($name)
            }
        }

        impl From<[u8; 32]> for $name {
            fn from(bytes: [u8; 32]) -> Self {
                $name(bytes)
            }
        }

        impl From<$name> for [u8; 32] {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl crate::Codec for $name {
            fn encode(&self) -> alloc::vec::Vec<u8> {
                self.0.to_vec()
            }

            fn decode(bytes: &[u8]) -> Result<Self, crate::DecodeError> {
                $name::from_slice(bytes)
            }
        }
    };
}

/// Display (base58), Debug (`Name(base58)`) and FromStr (base58) for an [`id32`] type.
macro_rules! id32_text {
    ($name:ident) => {
        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.to_base58())
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.to_base58())
            }
        }

        impl core::str::FromStr for $name {
            type Err = crate::ParseIdError;

            /// Parses the base58 text form.
            fn from_str(text: &str) -> Result<Self, crate::ParseIdError> {
                $name::from_base58(text)
            }
        }
    };
}

pub(crate) use id32;
pub(crate) use id32_text;
