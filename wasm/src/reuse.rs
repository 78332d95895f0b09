//! Which modules' instances may serve more than one call: those whose whole state the host can put
//! back to what instantiation made.
//!
//! After a successful call, an instance differs from a fresh one only in what the call changed: its
//! linear memory (restored by [`MemoryImage`](super::memory_image::MemoryImage)), its mutable
//! globals (the instrumentation exports every one of them, so the host can write their initial values
//! back), and the host's per-call state (cleared by the environment). The host cannot restore tables
//! or dropped segments, so a module whose code contains `table.set`, `table.copy`, `table.init`,
//! `elem.drop` or `data.drop` (or the table growth validation already rejects) always runs in fresh
//! instances.
//!
//! The code is scanned once, before compiling ([`resettable_code`]), and the verdict recorded in the
//! compiled module (see `instrument`), so that loading a serialized artifact does not scan again. An
//! artifact without the mark (compiled before it existed) is not reused.

use wasmer::{ExportIndex, Module, Mutability};
use wasmparser::{Operator, Parser, Payload};

use super::instrument::REUSE_SECTION;
use super::memory_image;

/// How to put a used instance of a module back into its initial state.
#[derive(Debug, Clone)]
pub struct ReusePlan {
    /// The export name of every mutable global of the module.
    pub globals: Vec<String>,
}

/// The plan for a compiled module, or `None` when its instances cannot be reset (then every call
/// gets a fresh instance).
pub fn reuse_plan(module: &Module) -> Option<ReusePlan> {
    if !memory_image::SUPPORTED || !marked_resettable(module) {
        return None;
    }
    let info = module.info();
    let mut globals = Vec::new();
    for (index, ty) in info.globals.iter() {
        if ty.mutability != Mutability::Var {
            continue;
        }
        let name = info
            .exports
            .iter()
            .find_map(|(name, export)| match export {
                ExportIndex::Global(g) if *g == index => Some(name.clone()),
                _ => None,
            })?;
        globals.push(name);
    }
    Some(ReusePlan { globals })
}

/// Whether the compiled `module` carries the mark that its code lets its instances be reset (the
/// same on every platform, whether or not this one restores memories).
pub fn marked_resettable(module: &Module) -> bool {
    module.custom_sections(REUSE_SECTION).next().is_some()
}

/// Whether the code of `binary` lets its instances be reset: no function may change a table or drop
/// a segment (and every function can be read, which validation ensures).
pub fn resettable_code(binary: &[u8]) -> bool {
    !mutates_tables_or_segments(binary)
}

fn mutates_tables_or_segments(binary: &[u8]) -> bool {
    for payload in Parser::new(0).parse_all(binary) {
        let Ok(payload) = payload else {
            return true;
        };
        let Payload::CodeSectionEntry(body) = payload else {
            continue;
        };
        let Ok(mut ops) = body.get_operators_reader() else {
            return true;
        };
        while !ops.eof() {
            match ops.read() {
                Ok(
                    Operator::TableSet { .. }
                    | Operator::TableCopy { .. }
                    | Operator::TableInit { .. }
                    | Operator::TableGrow { .. }
                    | Operator::TableFill { .. }
                    | Operator::ElemDrop { .. }
                    | Operator::DataDrop { .. },
                )
                | Err(_) => return true,
                Ok(_) => {}
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutates(wat: &str) -> bool {
        mutates_tables_or_segments(&wat::parse_str(wat).expect("wat"))
    }

    #[test]
    fn table_and_segment_writes_are_found() {
        assert!(!mutates(
            r#"(module (memory 1) (table 1 funcref) (func (drop (table.get 0 (i32.const 0)))))"#
        ));
        assert!(mutates(
            r#"(module (table 1 funcref) (func (table.set 0 (i32.const 0) (ref.null func))))"#
        ));
        assert!(mutates(
            r#"(module (table 2 funcref) (func (table.copy (i32.const 0) (i32.const 1) (i32.const 1))))"#
        ));
        assert!(mutates(
            r#"(module (table 1 funcref) (elem func 0) (func (table.init 0 (i32.const 0) (i32.const 0) (i32.const 1))))"#
        ));
        assert!(mutates(r#"(module (elem func 0) (func (elem.drop 0)))"#));
        assert!(mutates(
            r#"(module (memory 1) (data "x") (func (data.drop 0)))"#
        ));
    }
}
