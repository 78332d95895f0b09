//! The byte form of a [`ModuleReport`], kept beside a compiled artifact in the module cache so that a
//! restarted node does not validate the module again (the artifact file's hash covers both).

use isc_abi::Hname;
use isc_sandbox::EntryKind;

use super::report::{EntryPointInfo, ModuleReport};

/// Appends `bytes` with a u32 LE length.
fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Reads what [`ModuleReport::to_bytes`] wrote; every read checks the length left.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn string(&mut self) -> Option<String> {
        let len = self.u32()? as usize;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }

    /// A count of items of at least `min_item` bytes each, refused if the rest cannot hold them.
    fn count(&mut self, min_item: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(min_item)? <= self.0.len()).then_some(n)
    }
}

impl ModuleReport {
    /// The report as bytes (little-endian integers, u32-length-prefixed strings and lists).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(self.size as u64).to_le_bytes());
        out.extend_from_slice(&(self.entry_points.len() as u32).to_le_bytes());
        for e in &self.entry_points {
            put_bytes(&mut out, e.name.as_bytes());
            out.push(match e.kind {
                EntryKind::Func => 0,
                EntryKind::View => 1,
            });
            out.extend_from_slice(&e.hname.0.to_le_bytes());
            put_bytes(&mut out, e.export.as_bytes());
        }
        out.extend_from_slice(&(self.imports.len() as u32).to_le_bytes());
        for i in &self.imports {
            put_bytes(&mut out, i.as_bytes());
        }
        out.extend_from_slice(&self.imported_functions.to_le_bytes());
        out.extend_from_slice(&self.defined_functions.to_le_bytes());
        out.extend_from_slice(&(self.frame_costs.len() as u32).to_le_bytes());
        for c in &self.frame_costs {
            out.extend_from_slice(&c.to_le_bytes());
        }
        out.extend_from_slice(&self.max_indirect_cost.to_le_bytes());
        out.extend_from_slice(&self.memory_initial_pages.to_le_bytes());
        match self.memory_maximum_pages {
            Some(max) => {
                out.push(1);
                out.extend_from_slice(&max.to_le_bytes());
            }
            None => out.push(0),
        }
        out.extend_from_slice(&self.data_size.to_le_bytes());
        out
    }

    /// The report `bytes` hold; `None` if they are malformed, truncated or have bytes left over.
    pub fn from_bytes(bytes: &[u8]) -> Option<ModuleReport> {
        let mut r = Reader(bytes);
        let size = usize::try_from(r.u64()?).ok()?;
        let mut entry_points = Vec::new();
        for _ in 0..r.count(13)? {
            let name = r.string()?;
            let kind = match r.u8()? {
                0 => EntryKind::Func,
                1 => EntryKind::View,
                _ => return None,
            };
            let hname = Hname(r.u32()?);
            let export = r.string()?;
            entry_points.push(EntryPointInfo {
                name,
                kind,
                hname,
                export,
            });
        }
        let mut imports = Vec::new();
        for _ in 0..r.count(4)? {
            imports.push(r.string()?);
        }
        let imported_functions = r.u32()?;
        let defined_functions = r.u32()?;
        let mut frame_costs = Vec::new();
        for _ in 0..r.count(4)? {
            frame_costs.push(r.u32()?);
        }
        let max_indirect_cost = r.u32()?;
        let memory_initial_pages = r.u32()?;
        let memory_maximum_pages = match r.u8()? {
            0 => None,
            1 => Some(r.u64()?),
            _ => return None,
        };
        let data_size = r.u64()?;
        r.0.is_empty().then_some(ModuleReport {
            size,
            entry_points,
            imports,
            imported_functions,
            defined_functions,
            frame_costs,
            max_indirect_cost,
            memory_initial_pages,
            memory_maximum_pages,
            data_size,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::wasm::limits::WasmLimits;
    use crate::wasm::validate::{validate, ModuleReport};

    fn report() -> ModuleReport {
        let wasm = include_bytes!("../../../../contracts/wasm/token.wasm");
        validate(wasm, &WasmLimits::DEFAULT).expect("token validates")
    }

    #[test]
    fn round_trips() {
        let r = report();
        assert!(!r.entry_points.is_empty() && !r.frame_costs.is_empty());
        assert_eq!(ModuleReport::from_bytes(&r.to_bytes()), Some(r.clone()));
        let mut other = r;
        other.memory_maximum_pages = Some(40);
        other.imports.clear();
        assert_eq!(ModuleReport::from_bytes(&other.to_bytes()), Some(other));
    }

    #[test]
    fn refuses_truncated_extended_and_damaged_bytes() {
        let bytes = report().to_bytes();
        for len in 0..bytes.len() {
            assert_eq!(
                ModuleReport::from_bytes(&bytes[..len]),
                None,
                "cut at {len}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(ModuleReport::from_bytes(&longer), None);
        let mut huge_count = bytes;
        huge_count[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(ModuleReport::from_bytes(&huge_count), None);
    }
}
