//! The one error type of every decoder in this crate.

/// Why a byte string could not be decoded. Carries enough context to say what was wrong, never a panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The input ended before the value was complete.
    #[error("truncated {what}: need {needed} more bytes, {available} left")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Bytes still needed.
        needed: usize,
        /// Bytes left in the input.
        available: usize,
    },
    /// The value was complete but bytes were left over.
    #[error("{count} trailing bytes after {what}")]
    TrailingBytes {
        /// What was decoded.
        what: &'static str,
        /// How many bytes were left.
        count: usize,
    },
    /// Wrong fixed length for a value of fixed size.
    #[error("{what} must be {expected} bytes, got {actual}")]
    BadLength {
        /// What was being decoded.
        what: &'static str,
        /// The required length.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// Map keys out of order (they must be strictly ascending bytewise).
    #[error("{what}: keys not sorted at entry {index}")]
    Unsorted {
        /// The container.
        what: &'static str,
        /// Index of the first entry out of order.
        index: usize,
    },
    /// The same key twice.
    #[error("{what}: duplicate key at entry {index}")]
    DuplicateKey {
        /// The container.
        what: &'static str,
        /// Index of the duplicate entry.
        index: usize,
    },
    /// An empty key where keys must be non-empty.
    #[error("{what}: empty key at entry {index}")]
    EmptyKey {
        /// The container.
        what: &'static str,
        /// Index of the entry.
        index: usize,
    },
    /// A zero amount where zero entries are never stored.
    #[error("{what}: zero amount at entry {index}")]
    ZeroAmount {
        /// The container.
        what: &'static str,
        /// Index of the entry.
        index: usize,
    },
    /// An element count that the remaining bytes cannot possibly hold. Checked before reading the elements,
    /// so a forged count costs nothing: decoders never size anything from an untrusted count.
    #[error("{what}: count {count} needs at least {min_bytes} bytes, {available} left")]
    CountTooLarge {
        /// The container.
        what: &'static str,
        /// The declared element count.
        count: u32,
        /// The fewest bytes `count` elements can take.
        min_bytes: u64,
        /// Bytes left in the input.
        available: usize,
    },
    /// A value outside the range of its type (a bool byte other than 0/1, an unknown tag...).
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// What was being decoded.
        what: &'static str,
        /// Why it is invalid.
        reason: &'static str,
    },
}
