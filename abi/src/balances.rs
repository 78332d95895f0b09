//! Colored balances: how many tokens of each color an account holds or a request transfers.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::fmt;

use crate::{Codec, Color, DecodeError, Reader};

/// Bytes of one encoded entry: color (32) ‖ amount (u64 LE).
const ENTRY_LEN: usize = 32 + 8;

/// Token amounts per color.
///
/// A `BTreeMap` so that iteration, and therefore the encoding and every hash over it, is the same on every
/// node. Zero amounts are never stored (an emptied color disappears), so two balances with the same
/// amounts are equal and encode the same. All arithmetic is checked: overflow and overdraft are errors,
/// never a wrap or a panic, and a failed operation leaves the balances unchanged.
///
/// Binary form: u32 LE count, then per entry in ascending color order: color (32 bytes) ‖ amount (u64 LE).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Balances {
    map: BTreeMap<Color, u64>,
}

/// Why a balance operation was refused. The balances are unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BalanceError {
    /// Adding would exceed `u64::MAX` tokens of one color.
    #[error("balance of {color} would overflow: have {have}, adding {adding}")]
    Overflow {
        /// The color.
        color: Color,
        /// The amount held.
        have: u64,
        /// The amount being added.
        adding: u64,
    },
    /// Taking more than is held.
    #[error("insufficient {color}: have {have}, need {need}")]
    Insufficient {
        /// The color.
        color: Color,
        /// The amount held.
        have: u64,
        /// The amount asked for.
        need: u64,
    },
}

impl Balances {
    /// No tokens.
    pub fn new() -> Balances {
        Balances::default()
    }

    /// `amount` tokens of one color (no entry when `amount` is 0).
    pub fn single(color: Color, amount: u64) -> Balances {
        let mut b = Balances::new();
        if amount != 0 {
            b.map.insert(color, amount);
        }
        b
    }

    /// The amount of `color` held (0 when there is no entry).
    pub fn get(&self, color: &Color) -> u64 {
        self.map.get(color).copied().unwrap_or(0)
    }

    /// The non-zero entries, in ascending color order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&Color, &u64)> + DoubleEndedIterator + '_ {
        self.map.iter()
    }

    /// True when no tokens are held.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The number of colors held (with a non-zero amount).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Adds `amount` of `color`; overflow is an error. Adding 0 is a no-op.
    pub fn add(&mut self, color: Color, amount: u64) -> Result<(), BalanceError> {
        if amount == 0 {
            return Ok(());
        }
        let have = self.get(&color);
        let sum = have.checked_add(amount).ok_or(BalanceError::Overflow {
            color,
            have,
            adding: amount,
        })?;
        self.map.insert(color, sum);
        Ok(())
    }

    /// Takes `amount` of `color`; taking more than is held is an error. An entry taken to zero is removed.
    pub fn sub(&mut self, color: Color, amount: u64) -> Result<(), BalanceError> {
        if amount == 0 {
            return Ok(());
        }
        let have = self.get(&color);
        let left = have.checked_sub(amount).ok_or(BalanceError::Insufficient {
            color,
            have,
            need: amount,
        })?;
        if left == 0 {
            self.map.remove(&color);
        } else {
            self.map.insert(color, left);
        }
        Ok(())
    }

    /// Adds every entry of `other`, all or nothing: on overflow in any color nothing is added.
    pub fn add_all(&mut self, other: &Balances) -> Result<(), BalanceError> {
        for (color, amount) in other.iter() {
            let have = self.get(color);
            if have.checked_add(*amount).is_none() {
                return Err(BalanceError::Overflow {
                    color: *color,
                    have,
                    adding: *amount,
                });
            }
        }
        for (color, amount) in other.iter() {
            self.add(*color, *amount)?;
        }
        Ok(())
    }

    /// True when every entry of `other` is held, i.e. [`Balances::sub_all`] would succeed.
    pub fn covers(&self, other: &Balances) -> bool {
        self.check_covers(other).is_ok()
    }

    /// The first color (in ascending order) where `other` asks for more than is held.
    fn check_covers(&self, other: &Balances) -> Result<(), BalanceError> {
        for (color, need) in other.iter() {
            let have = self.get(color);
            if have < *need {
                return Err(BalanceError::Insufficient {
                    color: *color,
                    have,
                    need: *need,
                });
            }
        }
        Ok(())
    }

    /// Takes every entry of `other`, all or nothing: when any color is short, nothing is taken and the
    /// error names the first short color in ascending order. This is what a transfer needs: a request
    /// either moves its whole transfer or none of it.
    pub fn sub_all(&mut self, other: &Balances) -> Result<(), BalanceError> {
        self.check_covers(other)?;
        for (color, amount) in other.iter() {
            self.sub(*color, *amount)?;
        }
        Ok(())
    }

    /// The binary form.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.map.len() * ENTRY_LEN);
        // A count past u32::MAX would need over 150 GiB of balances in memory; it cannot be reached.
        out.extend_from_slice(&(self.map.len() as u32).to_le_bytes());
        for (color, amount) in &self.map {
            out.extend_from_slice(&color.0);
            out.extend_from_slice(&amount.to_le_bytes());
        }
        out
    }

    /// Parses the binary form. Rejects truncated input, trailing bytes, colors out of order or repeated
    /// and zero amounts: only what [`Balances::encode`] produces is accepted.
    pub fn decode(bytes: &[u8]) -> Result<Balances, DecodeError> {
        const WHAT: &str = "balances";
        let mut r = Reader::new(bytes);
        let count = r.count(WHAT, ENTRY_LEN)?;
        let mut map = BTreeMap::new();
        let mut prev: Option<Color> = None;
        for index in 0..count as usize {
            let color = Color(r.array("balances color")?);
            let amount = r.u64("balances amount")?;
            if let Some(prev) = prev {
                match color.cmp(&prev) {
                    core::cmp::Ordering::Less => {
                        return Err(DecodeError::Unsorted { what: WHAT, index })
                    }
                    core::cmp::Ordering::Equal => {
                        return Err(DecodeError::DuplicateKey { what: WHAT, index })
                    }
                    core::cmp::Ordering::Greater => {}
                }
            }
            if amount == 0 {
                return Err(DecodeError::ZeroAmount { what: WHAT, index });
            }
            map.insert(color, amount);
            prev = Some(color);
        }
        r.finish(WHAT)?;
        Ok(Balances { map })
    }
}

impl Codec for Balances {
    fn encode(&self) -> Vec<u8> {
        Balances::encode(self)
    }

    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        Balances::decode(bytes)
    }
}

impl fmt::Debug for Balances {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.map.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Balances {
    type Item = (&'a Color, &'a u64);
    type IntoIter = alloc::collections::btree_map::Iter<'a, Color, u64>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategies::{any_balances, any_color};
    use alloc::format;
    use proptest::prelude::*;

    const RED: Color = Color([1; 32]);
    const BLUE: Color = Color([2; 32]);

    fn of(entries: &[(Color, u64)]) -> Balances {
        let mut b = Balances::new();
        for (c, a) in entries {
            b.add(*c, *a).expect("test balances fit");
        }
        b
    }

    fn entry(color: Color, amount: u64) -> Vec<u8> {
        let mut v = color.0.to_vec();
        v.extend_from_slice(&amount.to_le_bytes());
        v
    }

    fn encoded(count: u32, entries: &[(Color, u64)]) -> Vec<u8> {
        let mut v = count.to_le_bytes().to_vec();
        for (c, a) in entries {
            v.extend(entry(*c, *a));
        }
        v
    }

    proptest! {
        #[test]
        fn round_trip(b in any_balances()) {
            prop_assert_eq!(Balances::decode(&b.encode()), Ok(b.clone()));
            prop_assert_eq!(<Balances as Codec>::decode(&Codec::encode(&b)), Ok(b));
        }

        #[test]
        fn never_stores_zero(ops in proptest::collection::vec((any_color(), 0u64..4, any::<bool>()), 0..40)) {
            let mut b = Balances::new();
            for (color, amount, add) in ops {
                let before = b.clone();
                let result = if add { b.add(color, amount) } else { b.sub(color, amount) };
                if result.is_err() {
                    prop_assert_eq!(&b, &before);
                }
                prop_assert!(b.iter().all(|(_, a)| *a != 0));
            }
        }

        #[test]
        fn add_all_then_sub_all_is_identity(a in any_balances(), b in any_balances()) {
            let mut x = a.clone();
            if x.add_all(&b).is_ok() {
                prop_assert!(x.covers(&b));
                prop_assert_eq!(x.sub_all(&b), Ok(()));
                prop_assert_eq!(x, a);
            } else {
                prop_assert_eq!(x, a);
            }
        }

        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = Balances::decode(&bytes);
        }
    }

    #[test]
    fn add_and_sub() {
        let mut b = Balances::new();
        assert!(b.is_empty());
        b.add(RED, 0).expect("zero add");
        assert!(b.is_empty(), "adding 0 stores nothing");
        b.add(RED, 5).expect("add");
        b.add(RED, 7).expect("add");
        assert_eq!(b.get(&RED), 12);
        assert_eq!(b.get(&BLUE), 0);
        assert_eq!(b.len(), 1);
        b.sub(RED, 2).expect("sub");
        assert_eq!(b.get(&RED), 10);
        b.sub(BLUE, 0).expect("sub of 0 from nothing is fine");
        b.sub(RED, 10).expect("sub to zero");
        assert!(b.is_empty(), "an entry taken to zero is removed");
        assert_eq!(Balances::single(RED, 0), Balances::new());
        assert_eq!(Balances::single(RED, 3), of(&[(RED, 3)]));
    }

    #[test]
    fn overflow_is_an_error_and_changes_nothing() {
        let mut b = of(&[(RED, u64::MAX - 1)]);
        assert_eq!(
            b.add(RED, 2),
            Err(BalanceError::Overflow {
                color: RED,
                have: u64::MAX - 1,
                adding: 2
            })
        );
        assert_eq!(b.get(&RED), u64::MAX - 1);
        b.add(RED, 1).expect("exactly u64::MAX fits");
        assert_eq!(b.get(&RED), u64::MAX);
    }

    #[test]
    fn overdraft_is_an_error_and_changes_nothing() {
        let mut b = of(&[(RED, 3)]);
        assert_eq!(
            b.sub(RED, 4),
            Err(BalanceError::Insufficient {
                color: RED,
                have: 3,
                need: 4
            })
        );
        assert_eq!(
            b.sub(BLUE, 1),
            Err(BalanceError::Insufficient {
                color: BLUE,
                have: 0,
                need: 1
            })
        );
        assert_eq!(b, of(&[(RED, 3)]));
        let msg = format!(
            "{}",
            BalanceError::Insufficient {
                color: Color::BASE,
                have: 1,
                need: 2
            }
        );
        assert_eq!(msg, "insufficient base: have 1, need 2");
    }

    #[test]
    fn sub_all_is_atomic() {
        let mut b = of(&[(RED, 10), (BLUE, 1)]);
        // RED is fine, BLUE is short: nothing at all must be taken.
        let take = of(&[(RED, 5), (BLUE, 2)]);
        assert!(!b.covers(&take));
        assert_eq!(
            b.sub_all(&take),
            Err(BalanceError::Insufficient {
                color: BLUE,
                have: 1,
                need: 2
            })
        );
        assert_eq!(b, of(&[(RED, 10), (BLUE, 1)]));
        b.sub_all(&of(&[(RED, 5), (BLUE, 1)])).expect("covered");
        assert_eq!(b, of(&[(RED, 5)]));
        assert_eq!(b.len(), 1, "BLUE went to zero and is gone");
    }

    #[test]
    fn add_all_is_atomic() {
        let mut b = of(&[(RED, 1), (BLUE, u64::MAX)]);
        let add = of(&[(RED, 1), (BLUE, 1)]);
        assert_eq!(
            b.add_all(&add),
            Err(BalanceError::Overflow {
                color: BLUE,
                have: u64::MAX,
                adding: 1
            })
        );
        assert_eq!(b, of(&[(RED, 1), (BLUE, u64::MAX)]));
        let mut c = of(&[(RED, 1)]);
        c.add_all(&of(&[(RED, 2), (BLUE, 3)])).expect("fits");
        assert_eq!(c, of(&[(RED, 3), (BLUE, 3)]));
    }

    #[test]
    fn encoding_is_sorted_by_color() {
        let b = of(&[(BLUE, 2), (Color::BASE, 9), (RED, 1)]);
        let want = encoded(3, &[(Color::BASE, 9), (RED, 1), (BLUE, 2)]);
        assert_eq!(b.encode(), want);
        assert_eq!(Balances::new().encode(), [0, 0, 0, 0]);
        assert_eq!(
            format!("{b:?}"),
            format!("{{Color(base): 9, {RED:?}: 1, {BLUE:?}: 2}}")
        );
    }

    #[test]
    fn decode_rejects_malformed() {
        let what = "balances";
        let ok = encoded(2, &[(RED, 1), (BLUE, 2)]);
        assert!(Balances::decode(&ok).is_ok());
        // Truncated anywhere.
        assert!(matches!(
            Balances::decode(&[]),
            Err(DecodeError::Truncated { .. })
        ));
        assert!(matches!(
            Balances::decode(&[1, 0]),
            Err(DecodeError::Truncated { .. })
        ));
        for cut in 4..ok.len() {
            assert!(
                matches!(
                    Balances::decode(&ok[..cut]),
                    Err(DecodeError::Truncated { .. } | DecodeError::CountTooLarge { .. })
                ),
                "cut at {cut}"
            );
        }
        assert!(matches!(
            Balances::decode(&ok[..ok.len() - 1]),
            Err(DecodeError::CountTooLarge {
                what: "balances",
                count: 2,
                min_bytes: 80,
                available: 79
            })
        ));
        // Trailing bytes.
        let mut trailing = ok.clone();
        trailing.push(0);
        assert_eq!(
            Balances::decode(&trailing),
            Err(DecodeError::TrailingBytes { what, count: 1 })
        );
        // Unsorted, duplicate, zero.
        assert_eq!(
            Balances::decode(&encoded(2, &[(BLUE, 1), (RED, 2)])),
            Err(DecodeError::Unsorted { what, index: 1 })
        );
        assert_eq!(
            Balances::decode(&encoded(2, &[(RED, 1), (RED, 2)])),
            Err(DecodeError::DuplicateKey { what, index: 1 })
        );
        assert_eq!(
            Balances::decode(&encoded(2, &[(RED, 1), (BLUE, 0)])),
            Err(DecodeError::ZeroAmount { what, index: 1 })
        );
        // A huge count with a few bytes fails before looping.
        assert_eq!(
            Balances::decode(&encoded(u32::MAX, &[(RED, 1)])),
            Err(DecodeError::CountTooLarge {
                what,
                count: u32::MAX,
                min_bytes: u64::from(u32::MAX) * 40,
                available: 40
            })
        );
        // Count smaller than the entries: the rest is trailing.
        assert_eq!(
            Balances::decode(&encoded(1, &[(RED, 1), (BLUE, 2)])),
            Err(DecodeError::TrailingBytes { what, count: 40 })
        );
        assert_eq!(Balances::decode(&[0; 4]), Ok(Balances::new()));
    }
}
