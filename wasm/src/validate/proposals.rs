//! Which Wasm proposals a contract may use, and how a forbidden construct maps to its rule.
//!
//! The same decision is made twice on purpose: wasmparser's validator runs with [`accepted_features`]
//! (the authority: nothing outside the set can get through), and the checker looks at every operator and
//! type itself first, so that a rejection names the rule ("SIMD instruction v128.const at function 3")
//! instead of wasmparser's generic message.

use wasmparser::{AbstractHeapType, HeapType, Operator, RefType, ValType, WasmFeatures};

use super::Rule;

// The proposals a contract may use: one file, which the contracts workspace's `check` crate (built
// apart, it cannot depend on the runtime) compiles as well, so that the two cannot differ.
#[path = "../../../contracts/check/src/features.rs"]
mod features;

pub use features::accepted_features;

/// The rule for a set of missing features reported by wasmparser, if one of them is a proposal we name.
pub(crate) fn rule_of_features(missing: WasmFeatures) -> Option<Rule> {
    const TABLE: &[(WasmFeatures, Rule)] = &[
        (WasmFeatures::SIMD, Rule::Simd),
        (WasmFeatures::RELAXED_SIMD, Rule::Simd),
        (WasmFeatures::THREADS, Rule::Threads),
        (WasmFeatures::SHARED_EVERYTHING_THREADS, Rule::Threads),
        (WasmFeatures::ACQUIRE_RELEASE_ATOMICS, Rule::Threads),
        (WasmFeatures::EXCEPTIONS, Rule::Exceptions),
        (WasmFeatures::LEGACY_EXCEPTIONS, Rule::Exceptions),
        (WasmFeatures::GC, Rule::Gc),
        (WasmFeatures::CUSTOM_DESCRIPTORS, Rule::Gc),
        (WasmFeatures::FUNCTION_REFERENCES, Rule::FunctionReferences),
        (WasmFeatures::TAIL_CALL, Rule::TailCall),
        (WasmFeatures::MEMORY64, Rule::Memory64),
        (WasmFeatures::MULTI_MEMORY, Rule::MultiMemory),
        (WasmFeatures::CUSTOM_PAGE_SIZES, Rule::CustomPageSizes),
        (WasmFeatures::WIDE_ARITHMETIC, Rule::WideArithmetic),
        (WasmFeatures::STACK_SWITCHING, Rule::StackSwitching),
        (WasmFeatures::COMPONENT_MODEL, Rule::ComponentModel),
    ];
    if missing.is_empty() {
        return None;
    }
    let named = TABLE
        .iter()
        .find(|(feature, _)| missing.intersects(*feature))
        .map(|(_, rule)| *rule);
    Some(named.unwrap_or(Rule::Feature))
}

/// The proposal an operator belongs to (wasmparser's grouping: `mvp`, `simd`, `threads`, ...) and its
/// name (`v128_const`), for every operator wasmparser knows.
fn classify(op: &Operator<'_>) -> (&'static str, &'static str) {
    macro_rules! define_classify {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
            match op {
                $( Operator::$op { .. } => (stringify!($proposal), stringify!($visit)), )*
                _ => ("unknown", "visit_unknown"),
            }
        };
    }
    wasmparser::for_each_operator!(define_classify)
}

/// The text-format name of an operator, close to the spec's: `visit_v128_const` → `v128.const`.
///
/// The first `_` after a type or namespace prefix becomes a `.`; other names (`return_call`) are kept.
fn display_name(visit: &'static str) -> String {
    const PREFIXES: &[&str] = &[
        "i32", "i64", "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
        "memory", "table", "ref", "local", "global", "elem", "data", "struct", "array", "any",
        "extern", "i31", "cont",
    ];
    let name = visit.strip_prefix("visit_").unwrap_or(visit);
    match name.split_once('_') {
        Some((head, tail)) if PREFIXES.contains(&head) => format!("{head}.{tail}"),
        _ => name.to_string(),
    }
}

/// Why an operator is forbidden, or `None` when a contract may use it.
///
/// Returns the rule and a message naming the instruction.
pub(crate) fn forbidden_operator(op: &Operator<'_>) -> Option<(Rule, String)> {
    let (proposal, visit) = classify(op);
    let (rule, what) = match proposal {
        "mvp"
        | "sign_extension"
        | "saturating_float_to_int"
        | "bulk_memory"
        | "reference_types" => {
            return match op {
                Operator::TableGrow { .. } | Operator::TableFill { .. } => Some((
                    Rule::TableGrow,
                    format!(
                        "instruction {} (the table's size is fixed at instantiation)",
                        display_name(visit)
                    ),
                )),
                _ => None,
            };
        }
        "simd" | "relaxed_simd" => (Rule::Simd, "SIMD"),
        "threads" | "shared_everything_threads" | "acquire_release_atomics" => {
            (Rule::Threads, "atomic")
        }
        "exceptions" | "legacy_exceptions" => (Rule::Exceptions, "exception-handling"),
        "tail_call" => (Rule::TailCall, "tail-call"),
        "gc" | "custom_descriptors" => (Rule::Gc, "GC"),
        "function_references" => (Rule::FunctionReferences, "typed function reference"),
        "stack_switching" => (Rule::StackSwitching, "stack-switching"),
        "wide_arithmetic" => (Rule::WideArithmetic, "wide-arithmetic"),
        _ => (Rule::Feature, "unsupported"),
    };
    Some((rule, format!("{what} instruction {}", display_name(visit))))
}

/// Why a value type is forbidden, or `None` when a contract may use it.
pub(crate) fn forbidden_val_type(ty: ValType) -> Option<(Rule, String)> {
    match ty {
        ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64 => None,
        ValType::V128 => Some((Rule::Simd, "SIMD value type v128".to_string())),
        ValType::Ref(rt) => forbidden_ref_type(rt),
    }
}

/// Why a reference type is forbidden: only the nullable `funcref` and `externref` of reference types
/// are accepted.
pub(crate) fn forbidden_ref_type(rt: RefType) -> Option<(Rule, String)> {
    if rt == RefType::FUNCREF || rt == RefType::EXTERNREF {
        return None;
    }
    let rule = match rt.heap_type() {
        HeapType::Abstract { shared: true, .. } => Rule::Threads,
        HeapType::Abstract { ty, .. } => match ty {
            AbstractHeapType::Exn | AbstractHeapType::NoExn => Rule::Exceptions,
            AbstractHeapType::Cont | AbstractHeapType::NoCont => Rule::StackSwitching,
            AbstractHeapType::Func | AbstractHeapType::Extern => Rule::FunctionReferences,
            _ => Rule::Gc,
        },
        HeapType::Concrete(_) => Rule::FunctionReferences,
        HeapType::Exact(_) => Rule::Gc,
    };
    Some((rule, format!("reference type {rt}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_like_the_text_format() {
        assert_eq!(display_name("visit_v128_const"), "v128.const");
        assert_eq!(
            display_name("visit_i32_trunc_sat_f32_s"),
            "i32.trunc_sat_f32_s"
        );
        assert_eq!(display_name("visit_table_grow"), "table.grow");
        assert_eq!(display_name("visit_return_call"), "return_call");
        assert_eq!(display_name("visit_nop"), "nop");
    }

    #[test]
    fn accepted_operators_pass_and_forbidden_ones_name_their_rule() {
        assert!(forbidden_operator(&Operator::I32Add).is_none());
        assert!(forbidden_operator(&Operator::MemoryCopy {
            dst_mem: 0,
            src_mem: 0
        })
        .is_none());
        assert!(forbidden_operator(&Operator::I64Extend32S).is_none());
        let (rule, msg) = forbidden_operator(&Operator::TableGrow { table: 0 }).unwrap();
        assert_eq!((rule, msg.contains("table.grow")), (Rule::TableGrow, true));
        let (rule, _) = forbidden_operator(&Operator::ReturnCall { function_index: 0 }).unwrap();
        assert_eq!(rule, Rule::TailCall);
        let (rule, _) = forbidden_operator(&Operator::AtomicFence {
            ordering: wasmparser::Ordering::SeqCst,
        })
        .unwrap();
        assert_eq!(rule, Rule::Threads);
    }

    #[test]
    fn missing_features_map_to_rules() {
        assert_eq!(rule_of_features(WasmFeatures::SIMD), Some(Rule::Simd));
        assert_eq!(
            rule_of_features(WasmFeatures::MEMORY64),
            Some(Rule::Memory64)
        );
        assert_eq!(
            rule_of_features(WasmFeatures::COMPACT_IMPORTS),
            Some(Rule::Feature)
        );
        assert_eq!(rule_of_features(WasmFeatures::empty()), None);
        assert!(!accepted_features().simd());
        assert!(accepted_features().reference_types());
    }
}
