//! The entry points a module registers in `on_load`, by writing their names into the `exports`
//! array under their index (bit 0x8000: a view).
//!
//! A name may be registered once (v0.2.0 accepts the same name again under the same index), and no
//! two names may share an hname, since that is what a request names. A module registers at most
//! [`WasmLimits::max_exports`](crate::limits::WasmLimits::max_exports) entry points, as an `isc`
//! module exports at most that many: the registrations live with the compiled module.

use std::collections::{BTreeMap, BTreeSet};

use isc_abi::Hname;
use isc_sandbox::VmError;

use super::frame::Frame;
use super::tags::{Key, Tag, VIEW_FLAG};

/// The entry points registered so far, in order, with the indexes of their names and hnames.
#[derive(Debug, Default)]
pub struct Exports {
    list: Vec<(i32, String)>,
    by_name: BTreeMap<String, i32>,
    hnames: BTreeSet<Hname>,
    max: usize,
}

impl Exports {
    /// No registrations yet; at most `max` will be accepted.
    pub fn new(max: usize) -> Self {
        Exports {
            max,
            ..Exports::default()
        }
    }

    /// Registers `name` under `index`, as the host itself does for the views it gives every contract.
    pub fn add(&mut self, tag: Tag, index: i32, name: String) -> Result<(), VmError> {
        if let Some(&known) = self.by_name.get(&name) {
            if tag == Tag::V02 && known == index {
                return Ok(());
            }
            return Err(VmError::Panic("SetExport: duplicate function name".into()));
        }
        let hname = Hname::new(&name);
        if self.hnames.contains(&hname) {
            return Err(VmError::Panic("SetExport: duplicate hashed name".into()));
        }
        if index & !(VIEW_FLAG | 0x7fff) != 0 {
            return Err(VmError::Panic(format!("SetExport: invalid index {index}")));
        }
        if self.list.len() >= self.max {
            return Err(VmError::Panic(format!(
                "SetExport: more than {} entry points",
                self.max
            )));
        }
        self.hnames.insert(hname);
        self.by_name.insert(name.clone(), index);
        self.list.push((index, name));
        Ok(())
    }

    /// The registrations (index, name), in order.
    pub fn into_list(self) -> Vec<(i32, String)> {
        self.list
    }
}

impl Frame {
    /// `on_load` registers entry point `key` (bit 0x8000: a view) under the name `value`.
    pub(super) fn export(&mut self, key: i32, value: &[u8]) -> Result<(), VmError> {
        let tag = self.tag;
        if key < 0 {
            if tag.key(key) == Some(Key::Zzzzzzz) {
                return Ok(());
            }
            return Err(VmError::Panic(
                "SetExport: predefined key value mismatch".into(),
            ));
        }
        let name = String::from_utf8(value.to_vec())
            .map_err(|_| VmError::Panic("SetExport: the name is not UTF-8".into()))?;
        match &mut self.exports {
            Some(exports) => exports.add(tag, key, name),
            None => Err(VmError::Panic("SetExport: not in on_load".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_or_hname_is_registered_once_and_the_count_is_bounded() {
        let mut e = Exports::new(3);
        e.add(Tag::V02, 1, "a".into()).unwrap();
        e.add(Tag::V02, 1, "a".into()).unwrap();
        let again = e.add(Tag::V01, 1, "a".into()).unwrap_err();
        assert!(
            again.to_string().contains("duplicate function name"),
            "{again}"
        );
        let other = e.add(Tag::V02, 2, "a".into()).unwrap_err();
        assert!(
            other.to_string().contains("duplicate function name"),
            "{other}"
        );
        e.add(Tag::V02, 2, "b".into()).unwrap();
        e.add(Tag::V02, 0x8003, "c".into()).unwrap();
        let full = e.add(Tag::V02, 4, "d".into()).unwrap_err();
        assert!(
            full.to_string().contains("more than 3 entry points"),
            "{full}"
        );
        let bad = Exports::new(3)
            .add(Tag::V02, 0x10000, "e".into())
            .unwrap_err();
        assert!(bad.to_string().contains("invalid index"), "{bad}");
        assert_eq!(
            e.into_list(),
            vec![(1, "a".into()), (2, "b".into()), (0x8003, "c".into())]
        );
    }
}
