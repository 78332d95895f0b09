//! The byte form of a [`ModuleReport`], kept beside a compiled artifact in the module cache so that a
//! restarted node does not validate the module again (the artifact file's hash covers both).

use isc_abi::{DecodeError, Hname, Reader};
use isc_sandbox::EntryKind;

use super::report::{EntryPointInfo, ModuleReport};
use crate::Abi;

/// Appends `bytes` with a u32 LE length.
fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

const WHAT: &str = "module report";

/// A u32-length-prefixed UTF-8 string.
fn string(r: &mut Reader<'_>) -> Result<String, DecodeError> {
    String::from_utf8(r.bytes_u32(WHAT)?.to_vec()).map_err(|_| DecodeError::Invalid {
        what: WHAT,
        reason: "a name is not UTF-8",
    })
}

/// A one-byte tag that must be 0 or 1.
fn flag(r: &mut Reader<'_>, reason: &'static str) -> Result<bool, DecodeError> {
    match r.u8(WHAT)? {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(DecodeError::Invalid { what: WHAT, reason }),
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
        // Reports of `isc` modules end here, as before the ABI was recorded.
        if let Some(abi) = self.abi.to_byte() {
            out.push(abi);
        }
        out
    }

    /// The report `bytes` hold; `None` if they are malformed, truncated or have bytes left over.
    pub fn from_bytes(bytes: &[u8]) -> Option<ModuleReport> {
        Self::decode(bytes).ok()
    }

    fn decode(bytes: &[u8]) -> Result<ModuleReport, DecodeError> {
        let mut r = Reader::new(bytes);
        let size = usize::try_from(r.u64(WHAT)?).map_err(|_| DecodeError::Invalid {
            what: WHAT,
            reason: "module size past this machine's address space",
        })?;
        let mut entry_points = Vec::new();
        for _ in 0..r.count(WHAT, 13)? {
            let name = string(&mut r)?;
            let kind = match flag(&mut r, "unknown entry point kind")? {
                false => EntryKind::Func,
                true => EntryKind::View,
            };
            let hname = Hname(r.u32(WHAT)?);
            let export = string(&mut r)?;
            entry_points.push(EntryPointInfo {
                name,
                kind,
                hname,
                export,
            });
        }
        let mut imports = Vec::new();
        for _ in 0..r.count(WHAT, 4)? {
            imports.push(string(&mut r)?);
        }
        let imported_functions = r.u32(WHAT)?;
        let defined_functions = r.u32(WHAT)?;
        let mut frame_costs = Vec::new();
        for _ in 0..r.count(WHAT, 4)? {
            frame_costs.push(r.u32(WHAT)?);
        }
        let max_indirect_cost = r.u32(WHAT)?;
        let memory_initial_pages = r.u32(WHAT)?;
        let memory_maximum_pages = match flag(&mut r, "bad maximum-memory tag")? {
            false => None,
            true => Some(r.u64(WHAT)?),
        };
        let data_size = r.u64(WHAT)?;
        let abi = if r.remaining() == 0 {
            Abi::Isc
        } else {
            Abi::from_byte(r.u8(WHAT)?).ok_or(DecodeError::Invalid {
                what: WHAT,
                reason: "unknown ABI",
            })?
        };
        r.finish(WHAT)?;
        Ok(ModuleReport {
            abi,
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
    use crate::limits::WasmLimits;
    use crate::validate::{validate, ModuleReport};

    fn report() -> ModuleReport {
        let wasm = include_bytes!("../../../contracts/wasm/token.wasm");
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
        assert_eq!(
            ModuleReport::from_bytes(&other.to_bytes()),
            Some(other.clone())
        );
        for tag in [crate::wasplib::Tag::V01, crate::wasplib::Tag::V02] {
            other.abi = crate::Abi::Wasplib(tag);
            assert_eq!(
                ModuleReport::from_bytes(&other.to_bytes()),
                Some(other.clone())
            );
        }
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
