//! Removing the two globals the LLVM linker exports from every wasm32 `cdylib`.
//!
//! rustc passes `--export=__heap_base --export=__data_end` to `wasm-ld` for `wasm32-unknown-unknown`,
//! and there is no flag to take them back. They are inert (the runtime's validator tolerates them), but
//! a contract's exports should be exactly `memory` and its entry points, so the build script removes
//! them. Everything but the export section is copied byte for byte: exports are not referenced by index
//! anywhere else, so the module stays valid and otherwise identical.

use wasmparser::{BinaryReader, BinaryReaderError};

/// The exports removed.
pub const LINKER_GLOBALS: &[&str] = &["__data_end", "__heap_base"];

/// Id of the export section.
const EXPORT_SECTION: u8 = 7;

/// `bytes` with every export named in [`LINKER_GLOBALS`] removed.
pub fn strip_linker_exports(bytes: &[u8]) -> Result<Vec<u8>, BinaryReaderError> {
    let mut r = BinaryReader::new(bytes, 0);
    // Magic and version.
    let header = r.read_bytes(8)?;
    let mut out = header.to_vec();
    while !r.eof() {
        let id = r.read_u8()?;
        let len = r.read_var_u32()?;
        let content = r.read_bytes(len as usize)?;
        let content = if id == EXPORT_SECTION {
            filter_exports(content)?
        } else {
            content.to_vec()
        };
        out.push(id);
        write_leb(&mut out, u32::try_from(content.len()).unwrap_or(u32::MAX));
        out.extend_from_slice(&content);
    }
    Ok(out)
}

/// The content of an export section without the linker globals; each kept export copied raw.
fn filter_exports(content: &[u8]) -> Result<Vec<u8>, BinaryReaderError> {
    let mut r = BinaryReader::new(content, 0);
    let count = r.read_var_u32()?;
    let mut kept = Vec::new();
    let mut n = 0u32;
    for _ in 0..count {
        let start = r.current_position();
        let name = r.read_string()?;
        let _kind = r.read_u8()?;
        let _index = r.read_var_u32()?;
        if !LINKER_GLOBALS.contains(&name) {
            kept.extend_from_slice(&content[start..r.current_position()]);
            n += 1;
        }
    }
    let mut out = Vec::with_capacity(kept.len() + 5);
    write_leb(&mut out, n);
    out.extend_from_slice(&kept);
    Ok(out)
}

/// Appends `value` as unsigned LEB128.
fn write_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect;

    #[test]
    fn removes_only_the_linker_globals() {
        let module = wat::parse_str(
            r#"(module
                (memory (export "memory") 1)
                (global (export "__data_end") i32 (i32.const 8))
                (func (export "fn:a"))
                (global (export "__heap_base") i32 (i32.const 16))
                (func (export "view:b")))"#,
        )
        .unwrap();
        assert!(inspect(&module).is_err());
        let stripped = strip_linker_exports(&module).unwrap();
        let info = inspect(&stripped).unwrap();
        assert_eq!(info.funcs.len() + info.views.len(), 2);
        assert_eq!(strip_linker_exports(&stripped).unwrap(), stripped);
    }

    #[test]
    fn leb_round_trips() {
        for value in [0u32, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            let mut out = Vec::new();
            write_leb(&mut out, value);
            assert_eq!(BinaryReader::new(&out, 0).read_var_u32().unwrap(), value);
        }
    }
}
