//! Host-only checks of contract binaries against the host ABI ([`isc_abi::host_abi`]), without running
//! them: the contracts of this workspace (`wasm/*.wasm`) and the hostile fixtures (`hostile/*.wat`).
//!
//! [`inspect`] is a small, independent restatement of the runtime validator's structural rules
//! (imports, exports, start function, proposals). The runtime's validator is the authority; this crate
//! exists so that a contract that cannot possibly load is caught where it is built, and so that the
//! committed binaries are checked by `cargo test` even where the wasm32 target is not installed.
//!
//! [`strip_linker_exports`] (and the `strip-linker-exports` binary the build script runs) removes the
//! two globals the linker exports from every wasm32 `cdylib`; [`inspect`] is stricter than the runtime
//! and rejects them, so the committed binaries export exactly `memory` and their entry points.

mod features;
mod strip;

pub use features::accepted_features;
pub use strip::{strip_linker_exports, LINKER_GLOBALS};

use std::collections::BTreeSet;
use std::fmt;

use isc_abi::host_abi::{self, FUNC_PREFIX, MEMORY, MODULE, VIEW_PREFIX};
use isc_abi::Hname;
use wasmparser::{ExternalKind, Parser, Payload, TypeRef, ValType, ValidPayload, Validator};

/// What a valid contract module offers.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ContractInfo {
    /// Names of the `fn:` exports, prefix removed.
    pub funcs: BTreeSet<String>,
    /// Names of the `view:` exports, prefix removed.
    pub views: BTreeSet<String>,
    /// Names of the `isc` imports used.
    pub imports: BTreeSet<String>,
}

/// Why a module cannot be a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// wasmparser rejects the module with the accepted proposals ([`accepted_features`]).
    Invalid(String),
    /// A start function: it would run at instantiation, outside any entry point.
    StartFunction,
    /// An import from a module other than `isc`.
    ImportModule {
        /// The module named by the import.
        module: String,
        /// The import's name.
        name: String,
    },
    /// An `isc` import the host does not define.
    UnknownImport(String),
    /// An import that is not a function.
    ImportNotFunction(String),
    /// An import whose type differs from [`host_abi::signature`].
    ImportSignature {
        /// The import's name.
        name: String,
        /// `(params, results)` in the notation of [`host_abi::signature`].
        expected: (&'static str, &'static str),
        /// What the module declares.
        actual: (String, String),
    },
    /// An export other than `memory`, `fn:NAME` or `view:NAME`, or one of the wrong kind or type.
    Export {
        /// The export's name.
        name: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// Two entry points whose names have the same hname.
    DuplicateHname(String),
    /// No exported `memory`.
    NoMemory,
    /// No `fn:` or `view:` export.
    NoEntryPoint,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Invalid(msg) => write!(f, "invalid module: {msg}"),
            Problem::StartFunction => f.write_str("the module has a start function"),
            Problem::ImportModule { module, name } => {
                write!(f, "import {module}.{name}: only module `{MODULE}` exists")
            }
            Problem::UnknownImport(name) => write!(f, "unknown import isc.{name}"),
            Problem::ImportNotFunction(name) => write!(f, "import isc.{name} is not a function"),
            Problem::ImportSignature {
                name,
                expected,
                actual,
            } => write!(
                f,
                "import isc.{name} has type {actual:?}, the host defines {expected:?}"
            ),
            Problem::Export { name, why } => write!(f, "export `{name}`: {why}"),
            Problem::DuplicateHname(name) => write!(f, "entry point `{name}` repeats an hname"),
            Problem::NoMemory => f.write_str("no exported memory"),
            Problem::NoEntryPoint => f.write_str("no fn: or view: export"),
        }
    }
}

/// `'i'` for i32, `'I'` for i64, `'?'` for any other type (never in the host ABI).
fn code(types: &[ValType]) -> String {
    types
        .iter()
        .map(|t| match t {
            ValType::I32 => 'i',
            ValType::I64 => 'I',
            _ => '?',
        })
        .collect()
}

/// Validates `bytes` and checks imports and exports against the host ABI.
pub fn inspect(bytes: &[u8]) -> Result<ContractInfo, Problem> {
    let invalid = |e: wasmparser::BinaryReaderError| Problem::Invalid(e.to_string());
    let mut validator = Validator::new_with_features(accepted_features());
    // (name, function index) of function imports and exports, and whether `memory` is exported.
    let mut imports: Vec<(String, u32)> = Vec::new();
    let mut exports: Vec<(String, u32)> = Vec::new();
    let mut memory = false;
    let mut func_imports = 0u32;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(invalid)?;
        match &payload {
            Payload::StartSection { .. } => return Err(Problem::StartFunction),
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    let import = import.map_err(invalid)?;
                    let name = import.name.to_string();
                    if import.module != MODULE {
                        return Err(Problem::ImportModule {
                            module: import.module.to_string(),
                            name,
                        });
                    }
                    if host_abi::signature(&name).is_none() {
                        return Err(Problem::UnknownImport(name));
                    }
                    match import.ty {
                        TypeRef::Func(_) | TypeRef::FuncExact(_) => {
                            imports.push((name, func_imports));
                            func_imports += 1;
                        }
                        _ => return Err(Problem::ImportNotFunction(name)),
                    }
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader.clone() {
                    let export = export.map_err(invalid)?;
                    let name = export.name.to_string();
                    match export.kind {
                        ExternalKind::Memory if name == MEMORY => memory = true,
                        ExternalKind::Func
                            if name.starts_with(FUNC_PREFIX) || name.starts_with(VIEW_PREFIX) =>
                        {
                            exports.push((name, export.index))
                        }
                        _ => {
                            return Err(Problem::Export {
                                name,
                                why: "only `memory` and functions `fn:NAME` / `view:NAME` may be exported",
                            })
                        }
                    }
                }
            }
            _ => {}
        }
        match validator.payload(&payload).map_err(invalid)? {
            ValidPayload::End(types) => {
                let signature = |index: u32| {
                    let ty = types[types.as_ref().core_function_at(index)].unwrap_func();
                    (code(ty.params()), code(ty.results()))
                };
                let mut info = ContractInfo::default();
                for (name, index) in imports {
                    let expected = host_abi::signature(&name)
                        .ok_or_else(|| Problem::UnknownImport(name.clone()))?;
                    let actual = signature(index);
                    if (actual.0.as_str(), actual.1.as_str()) != expected {
                        return Err(Problem::ImportSignature {
                            name,
                            expected,
                            actual,
                        });
                    }
                    info.imports.insert(name);
                }
                let mut hnames = BTreeSet::new();
                for (name, index) in exports {
                    if signature(index) != (String::new(), String::new()) {
                        return Err(Problem::Export {
                            name,
                            why: "an entry point must have type () -> ()",
                        });
                    }
                    let (set, entry) = match name.strip_prefix(FUNC_PREFIX) {
                        Some(entry) => (&mut info.funcs, entry),
                        None => (&mut info.views, &name[VIEW_PREFIX.len()..]),
                    };
                    if entry.is_empty() {
                        return Err(Problem::Export {
                            name,
                            why: "an entry point needs a name",
                        });
                    }
                    if !hnames.insert(Hname::new(entry)) {
                        return Err(Problem::DuplicateHname(name));
                    }
                    set.insert(entry.to_string());
                }
                if !memory {
                    return Err(Problem::NoMemory);
                }
                if info.funcs.is_empty() && info.views.is_empty() {
                    return Err(Problem::NoEntryPoint);
                }
                return Ok(info);
            }
            ValidPayload::Parser(_) => {
                return Err(Problem::Invalid("a nested module or component".into()))
            }
            ValidPayload::Func(func, body) => {
                let mut func = func.into_validator(Default::default());
                func.validate(&body).map_err(invalid)?;
            }
            ValidPayload::Ok => {}
        }
    }
    Err(Problem::Invalid("the module ends before its end".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wat(text: &str) -> Vec<u8> {
        wat::parse_str(text).expect("test WAT parses")
    }

    #[test]
    fn a_minimal_contract_passes() {
        let info = inspect(&wat(r#"(module
            (import "isc" "results" (func (param i32 i32)))
            (memory (export "memory") 1)
            (func (export "fn:run"))
            (func (export "view:get")))"#))
        .unwrap();
        assert_eq!(info.funcs, BTreeSet::from(["run".to_string()]));
        assert_eq!(info.views, BTreeSet::from(["get".to_string()]));
        assert_eq!(info.imports, BTreeSet::from(["results".to_string()]));
    }

    #[test]
    fn every_rule_is_enforced() {
        /// A module and a test of the problem it must be rejected for.
        type Case = (&'static str, fn(&Problem) -> bool);
        let cases: &[Case] = &[
            (
                r#"(module (memory (export "memory") 1) (func (export "fn:a")) (start 0))"#,
                |p| *p == Problem::StartFunction,
            ),
            (
                r#"(module (import "env" "f" (func)) (memory (export "memory") 1) (func (export "fn:a")))"#,
                |p| matches!(p, Problem::ImportModule { .. }),
            ),
            (
                r#"(module (import "isc" "nope" (func)) (memory (export "memory") 1) (func (export "fn:a")))"#,
                |p| matches!(p, Problem::UnknownImport(n) if n == "nope"),
            ),
            (
                r#"(module (import "isc" "contract" (func (result i64))) (memory (export "memory") 1) (func (export "fn:a")))"#,
                |p| matches!(p, Problem::ImportSignature { .. }),
            ),
            (
                r#"(module (import "isc" "contract" (global i32)) (memory (export "memory") 1) (func (export "fn:a")))"#,
                |p| matches!(p, Problem::ImportNotFunction(_)),
            ),
            (
                r#"(module (memory (export "memory") 1) (func (export "fn:a") (param i32)))"#,
                |p| matches!(p, Problem::Export { .. }),
            ),
            (
                r#"(module (memory (export "memory") 1) (func (export "helper")))"#,
                |p| matches!(p, Problem::Export { .. }),
            ),
            (
                r#"(module (memory (export "memory") 1) (global (export "g") i32 (i32.const 0)) (func (export "fn:a")))"#,
                |p| matches!(p, Problem::Export { .. }),
            ),
            (
                r#"(module (memory (export "memory") 1) (func (export "fn:a")) (func (export "view:a")))"#,
                |p| matches!(p, Problem::DuplicateHname(_)),
            ),
            (r#"(module (func (export "fn:a")))"#, |p| {
                *p == Problem::NoMemory
            }),
            (r#"(module (memory (export "memory") 1))"#, |p| {
                *p == Problem::NoEntryPoint
            }),
            (
                r#"(module (memory (export "memory") 1) (func (export "fn:a") (drop (v128.const i64x2 0 0))))"#,
                |p| matches!(p, Problem::Invalid(_)),
            ),
        ];
        for (text, expected) in cases {
            let problem = inspect(&wat(text)).expect_err(text);
            assert!(expected(&problem), "{text}: {problem}");
        }
    }
}
