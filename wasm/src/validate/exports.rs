//! The named rules of the export section: `memory`, entry points, and nothing else.
//!
//! A contract exports its memory as `memory` and one function `() -> ()` per entry point, named
//! `fn:NAME` (func) or `view:NAME` (view); the host addresses entry points by `hname(NAME)`, so two
//! entry points may not share one, across funcs and views. The only other exports tolerated are the two
//! data globals the LLVM linker exports from every `cdylib` (`__data_end`, `__heap_base`): they are
//! inert, and rejecting them would reject every Rust contract built without post-processing.

use isc_abi::host_abi;
use isc_abi::Hname;
use isc_native_contracts::root::names::INIT;
use isc_sandbox::EntryKind;
use wasmparser::{ExportSectionReader, ExternalKind};

use super::checker::{check_limit, malformed, Checker};
use super::{EntryPointInfo, Rule, ValidationError};

/// Globals the LLVM linker exports from every `cdylib`; inert, so tolerated.
const LINKER_GLOBALS: &[&str] = &["__data_end", "__heap_base"];

/// Splits an export name into an entry point's kind and name, if it has an entry-point prefix.
fn entry_point_name(export: &str) -> Option<(EntryKind, &str)> {
    if let Some(name) = export.strip_prefix(host_abi::FUNC_PREFIX) {
        Some((EntryKind::Func, name))
    } else {
        export
            .strip_prefix(host_abi::VIEW_PREFIX)
            .map(|name| (EntryKind::View, name))
    }
}

impl Checker<'_> {
    /// Exports: `memory`, entry points of type `() -> ()` with unique hnames, the linker's globals.
    pub(super) fn export_section(
        &mut self,
        s: &ExportSectionReader<'_>,
    ) -> Result<(), ValidationError> {
        check_limit(
            Rule::ExportCount,
            "exports",
            u64::from(s.count()),
            u64::from(self.limits.max_exports),
        )
        .map_err(|e| e.at(s.range().start))?;
        for export in s.clone().into_iter_with_offsets() {
            let (offset, export) = export.map_err(malformed)?;
            let name = export.name;
            let reject = |message: String| ValidationError::new(Rule::Export, message).at(offset);
            match export.kind {
                ExternalKind::Memory if name == host_abi::MEMORY => self.memory_exported = true,
                ExternalKind::Memory => {
                    return Err(reject(format!(
                        "memory exported as `{name}`: the only memory export is `{}`",
                        host_abi::MEMORY
                    )))
                }
                ExternalKind::Global if LINKER_GLOBALS.contains(&name) => {}
                ExternalKind::Func if self.abi.tag().is_some() => {
                    self.wasplib_export(name, export.index, offset)?
                }
                ExternalKind::Func => self.entry_point(name, export.index, offset)?,
                ExternalKind::Global => {
                    return Err(reject(format!(
                        "global export `{name}`: a contract exports only `memory` and entry points"
                    )))
                }
                ExternalKind::Table => {
                    return Err(reject(format!(
                        "table export `{name}`: a contract exports only `memory` and entry points"
                    )))
                }
                ExternalKind::Tag | ExternalKind::FuncExact => {
                    return Err(reject(format!(
                        "export `{name}`: a contract exports only `memory` and entry points"
                    )))
                }
            }
        }
        Ok(())
    }

    /// A function export of a Pollen-era module: `on_load` `() -> ()` and the call export
    /// `(i32) -> ()`; any other function export is inert (the host never calls it) and tolerated.
    fn wasplib_export(
        &mut self,
        export: &str,
        index: u32,
        offset: u64,
    ) -> Result<(), ValidationError> {
        let Some(tag) = self.abi.tag() else {
            return Ok(());
        };
        let (params, seen): (&[wasmparser::ValType], bool) = if export == "on_load" {
            (&[], self.load_export)
        } else if export == tag.call_export() {
            (&[wasmparser::ValType::I32], self.call_export)
        } else {
            return Ok(());
        };
        if seen {
            return Err(ValidationError::new(
                Rule::Export,
                format!("`{export}` is exported twice"),
            )
            .at(offset));
        }
        if let Some(ty) = self.func_type(index) {
            if ty.params() != params || !ty.results().is_empty() {
                return Err(ValidationError::new(
                    Rule::Export,
                    format!("`{export}` has type {ty}, the host calls it with {} i32 argument(s) and no result", params.len()),
                )
                .in_function(index)
                .at(offset));
            }
        }
        self.indirect.insert(index);
        if export == "on_load" {
            self.load_export = true;
        } else {
            self.call_export = true;
        }
        Ok(())
    }

    /// One function export: must be a well-named entry point of type `() -> ()` with a fresh hname.
    fn entry_point(
        &mut self,
        export: &str,
        index: u32,
        offset: u64,
    ) -> Result<(), ValidationError> {
        let reject = |rule: Rule, message: String| {
            ValidationError::new(rule, message)
                .in_function(index)
                .at(offset)
        };
        let Some((kind, name)) = entry_point_name(export) else {
            return Err(reject(
                Rule::Export,
                format!(
                    "function export `{export}` is not an entry point: entry points are named \
                     `{}NAME` or `{}NAME`",
                    host_abi::FUNC_PREFIX,
                    host_abi::VIEW_PREFIX
                ),
            ));
        };
        if name.is_empty() {
            return Err(reject(
                Rule::Export,
                format!("entry point `{export}` has an empty name"),
            ));
        }
        if kind == EntryKind::View && name == INIT {
            return Err(reject(
                Rule::Export,
                format!(
                    "entry point `{export}`: `init` runs at deployment and may write state, so it \
                     must be a func (`{}{INIT}`)",
                    host_abi::FUNC_PREFIX
                ),
            ));
        }
        // An out-of-range function index is the validator's to reject.
        if let Some(ty) = self.func_type(index) {
            if !ty.params().is_empty() || !ty.results().is_empty() {
                return Err(reject(
                    Rule::Export,
                    format!("entry point `{export}` has type {ty}, entry points are (func)"),
                ));
            }
        }
        let hname = Hname::new(name);
        if let Some(other) = self.hnames.get(&hname) {
            return Err(reject(
                Rule::DuplicateEntryPoint,
                format!("entry points `{other}` and `{export}` have the same hname {hname}"),
            ));
        }
        self.hnames.insert(hname, export.to_string());
        self.indirect.insert(index);
        self.entry_points.push(EntryPointInfo {
            name: name.to_string(),
            kind,
            hname,
            export: export.to_string(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_select_the_kind() {
        assert_eq!(entry_point_name("fn:init"), Some((EntryKind::Func, "init")));
        assert_eq!(entry_point_name("view:get"), Some((EntryKind::View, "get")));
        assert_eq!(entry_point_name("view:"), Some((EntryKind::View, "")));
        assert_eq!(entry_point_name("main"), None);
        assert_eq!(entry_point_name("fn"), None);
    }
}
