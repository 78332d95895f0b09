//! What a contract module may contain, decided the same way on every node.
//!
//! [`validate`] accepts a module only if its behaviour can be the same everywhere and its cost is
//! bounded: the proposals of [`accepted_features`], no start function, imports only from the host
//! (module `isc`, names and signatures of [`isc_abi::host_abi`]), exports only `memory` and entry
//! points `fn:NAME` / `view:NAME` of type `() -> ()` with unique hnames, exactly one memory, and every
//! count and size within [`WasmLimits`]. A rejection is a [`ValidationError`] naming the [`Rule`] it
//! broke, the function and the byte offset where that applies.
//!
//! Validation also computes what the engine needs later, in a [`ModuleReport`]: the entry points and
//! their hnames, the imports, the memory size, and the frame cost of every function for the
//! deterministic stack limit.
//!
//! [`wasm_bytes`] turns WAT text into binary, so that every tool that takes a `.wasm` also takes a
//! `.wat`.

mod checker;
mod code;
mod error;
mod exports;
mod proposals;
mod report;
mod report_bytes;
mod sections;

pub use error::{Rule, ValidationError};
pub use proposals::accepted_features;
pub use report::{EntryPointInfo, ModuleReport};

use wasmparser::{Parser, ValidPayload, Validator};

use crate::limits::WasmLimits;
use checker::Checker;

/// The first four bytes of every binary Wasm module (and component).
pub const WASM_MAGIC: &[u8; 4] = b"\0asm";

/// Validates a contract module against `limits` and reports what the engine needs to run it.
///
/// Deterministic (the verdict and the report depend only on the bytes and the limits) and total: any
/// input, however malformed or hostile, yields an error, never a panic. The work is linear in the size
/// of the module, which is checked first.
pub fn validate(bytes: &[u8], limits: &WasmLimits) -> Result<ModuleReport, ValidationError> {
    if !bytes.starts_with(WASM_MAGIC) {
        return Err(ValidationError::new(
            Rule::NotWasm,
            "not a Wasm binary: it does not start with \\0asm",
        ));
    }
    checker::check_limit(
        Rule::ModuleSize,
        "module bytes",
        u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        u64::try_from(limits.max_module_size).unwrap_or(u64::MAX),
    )?;
    let mut checker = Checker::new(limits, bytes.len());
    let mut validator = Validator::new_with_features(accepted_features());
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(checker::malformed)?;
        checker.before(&payload)?;
        let valid = validator
            .payload(&payload)
            .map_err(|e| ValidationError::from_wasmparser(Rule::Invalid, &e))?;
        match valid {
            ValidPayload::Ok => checker.after(&payload)?,
            ValidPayload::Func(func, body) => checker.function(func, &body)?,
            ValidPayload::End(_) => return checker.finish(),
            ValidPayload::Parser(_) => {
                return Err(ValidationError::new(
                    Rule::ComponentModel,
                    "a nested module or component",
                ))
            }
        }
    }
    Err(ValidationError::new(
        Rule::Malformed,
        "the module ends before its end",
    ))
}

/// The binary form of a module given as binary Wasm (starting with `\0asm`, returned as is) or as WAT
/// text, so that `.wat` files work everywhere a `.wasm` does.
///
/// Anything else is rejected by rule [`Rule::NotWasm`]; text that looks like WAT (its first token is
/// `(`) but does not parse is rejected by rule [`Rule::Wat`] with the parser's message and position.
/// The result still has to pass [`validate`].
pub fn wasm_bytes(input: &[u8]) -> Result<Vec<u8>, ValidationError> {
    if input.starts_with(WASM_MAGIC) {
        return Ok(input.to_vec());
    }
    let not_wasm = || {
        ValidationError::new(
            Rule::NotWasm,
            "neither a Wasm binary (starting with \\0asm) nor WAT text",
        )
    };
    let text = core::str::from_utf8(input).map_err(|_| not_wasm())?;
    if !looks_like_wat(text) {
        return Err(not_wasm());
    }
    wat::parse_str(text)
        .map_err(|e| ValidationError::new(Rule::Wat, format!("WAT text does not parse: {e}")))
}

/// Whether the first token of `text`, after whitespace and comments, is `(`.
fn looks_like_wat(mut text: &str) -> bool {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix(";;") {
            text = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = text.strip_prefix("(;") {
            text = rest.split_once(";)").map_or("", |(_, after)| after);
        } else {
            return text.starts_with('(');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wat_is_recognised_after_comments() {
        assert!(looks_like_wat("(module)"));
        assert!(looks_like_wat("  ;; a contract\n (; block ;) (module)"));
        assert!(!looks_like_wat(""));
        assert!(!looks_like_wat(";; only a comment"));
        assert!(!looks_like_wat("hello"));
    }
}
