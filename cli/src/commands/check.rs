//! `iscvm check FILE`: the validation a deployment runs, without a chain.

use std::path::Path;

use isc_wasm::inspect;
use isc_wasm::limits::WasmLimits;
use isc_wasm::validate::{validate, wasm_bytes};
use serde::Serialize;

use crate::args::Cli;
use crate::error::CliError;
use crate::output::print_json;

#[derive(Serialize)]
struct EntryOut {
    name: String,
    kind: &'static str,
    hname: String,
    export: String,
}

#[derive(Serialize)]
struct CheckOut {
    file: String,
    accepted: bool,
    abi: &'static str,
    size: usize,
    entry_points: Vec<EntryOut>,
    imports: Vec<String>,
    functions: u32,
    memory_pages: u32,
}

/// Validates `file`; exits 0 with a summary, or fails with the rule it broke.
pub fn run(cli: &Cli, file: &Path) -> Result<(), CliError> {
    let input = std::fs::read(file).map_err(|source| CliError::ReadFile {
        path: file.to_path_buf(),
        source,
    })?;
    let rejected = |e: isc_wasm::validate::ValidationError| CliError::Rejected {
        file: file.to_path_buf(),
        reason: e.to_string(),
    };
    let wasm = wasm_bytes(&input).map_err(rejected)?;
    validate(&wasm, &WasmLimits::DEFAULT).map_err(rejected)?;
    // A Pollen-era module's entry points are what its `on_load` registers: compiled and run here.
    let report = inspect(&wasm, &WasmLimits::DEFAULT).map_err(|e| CliError::Rejected {
        file: file.to_path_buf(),
        reason: e.to_string(),
    })?;
    let out = CheckOut {
        file: file.display().to_string(),
        accepted: true,
        abi: report.abi.name(),
        size: report.size,
        entry_points: report
            .entry_points
            .iter()
            .map(|e| EntryOut {
                name: e.name.clone(),
                kind: match e.kind {
                    isc_sandbox::EntryKind::Func => "func",
                    isc_sandbox::EntryKind::View => "view",
                },
                hname: e.hname.to_string(),
                export: e.export.clone(),
            })
            .collect(),
        imports: report.imports.clone(),
        functions: report.defined_functions,
        memory_pages: report.memory_initial_pages,
    };
    if cli.json {
        return print_json(&out);
    }
    println!("{}: accepted", out.file);
    println!("{}", report.summary().trim_end());
    Ok(())
}
