//! Contract validation of raw bytes: hand-built binaries (encodings WAT cannot express), garbage,
//! truncated and mutated modules, and WAT text through `wasm_bytes`. The rules one WAT snippet each
//! are in `wasm_validate.rs`.

mod validate_common;

use isc_sandbox::EntryKind;
use isc_wasm::limits::WasmLimits;
use isc_wasm::validate::{validate, wasm_bytes, Rule};
use validate_common::{check, contract, rejected, wasm, MINIMAL};

/// A LEB128-encoded u32.
fn leb(mut value: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// A section: id, LEB length, contents.
fn section(id: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![id];
    out.extend(leb(u32::try_from(contents.len()).unwrap()));
    out.extend_from_slice(contents);
    out
}

/// A minimal contract built by hand, whose only function body is `body` (locals included).
fn hand_built(body: &[u8]) -> Vec<u8> {
    hand_built_with(&[], 0, body)
}

/// A contract built by hand: types `() -> ()` and `(i32 i32) -> ()`, the import section `imports`
/// (if not empty) bringing `imported` functions, a memory, `fn:x` with `body`.
fn hand_built_with(imports: &[u8], imported: u8, body: &[u8]) -> Vec<u8> {
    let mut module = b"\0asm\x01\0\0\0".to_vec();
    module.extend(section(1, &[2, 0x60, 0, 0, 0x60, 2, 0x7f, 0x7f, 0]));
    if !imports.is_empty() {
        module.extend(section(2, imports));
    }
    module.extend(section(3, &[1, 0])); // one function of type 0
    module.extend(section(5, &[1, 0, 1])); // one memory, min 1 page
    let mut exports = vec![2, 6];
    exports.extend_from_slice(b"memory");
    exports.extend([2, 0, 4]);
    exports.extend_from_slice(b"fn:x");
    exports.extend([0, imported]);
    module.extend(section(7, &exports));
    let mut code = vec![1];
    code.extend(leb(u32::try_from(body.len()).unwrap()));
    code.extend_from_slice(body);
    module.extend(section(10, &code));
    module
}

#[test]
fn hand_built_module_is_accepted() {
    let report = validate(&hand_built(&[1, 2, 0x7f, 0x0b]), &WasmLimits::DEFAULT).unwrap();
    assert_eq!(report.frame_costs, vec![3]);
    let log = [1, 3, b'i', b's', b'c', 3, b'l', b'o', b'g', 0, 1];
    let report = validate(&hand_built_with(&log, 1, &[0, 0x0b]), &WasmLimits::DEFAULT).unwrap();
    assert_eq!(report.imports, vec!["log".to_string()]);
}

#[test]
fn compact_imports_are_rejected() {
    // One group from `isc`: empty name, 0x7f, then one item `log` of type 1.
    let compact = [
        1, 3, b'i', b's', b'c', 0, 0x7f, 1, 3, b'l', b'o', b'g', 0, 1,
    ];
    let bytes = hand_built_with(&compact, 1, &[0, 0x0b]);
    rejected(validate(&bytes, &WasmLimits::DEFAULT), Rule::Feature);
}

#[test]
fn four_billion_locals_are_rejected_cheaply() {
    let default = |body: &[u8]| validate(&hand_built(body), &WasmLimits::DEFAULT);
    // One declaration of u32::MAX i32 locals, then `end`.
    let mut body = vec![1];
    body.extend(leb(u32::MAX));
    body.extend([0x7f, 0x0b]);
    let err = rejected(default(&body), Rule::Locals);
    assert_eq!(
        (err.function, err.offset),
        (Some(0), Some(hand_built(&body).len() - 7))
    );
    assert!(err.message.contains("4294967295, limit 4096"), "{err}");
    // Declarations that are only too many together: 3 x 2000 > 4096.
    let mut body = vec![3];
    for _ in 0..3 {
        body.extend(leb(2000));
        body.push(0x7f);
    }
    body.push(0x0b);
    rejected(default(&body), Rule::Locals);
}

/// `input` must be refused by [`wasm_bytes`] under `rule`.
#[track_caller]
fn refused(input: &[u8], rule: Rule) {
    match wasm_bytes(input) {
        Ok(_) => panic!("expected rule `{rule}`, input accepted"),
        Err(err) => assert_eq!(err.rule, rule, "{err}"),
    }
}

#[test]
fn garbage_is_not_wasm() {
    rejected(
        validate(b"hello, world", &WasmLimits::DEFAULT),
        Rule::NotWasm,
    );
    rejected(validate(b"", &WasmLimits::DEFAULT), Rule::NotWasm);
    refused(b"hello, world", Rule::NotWasm);
    refused(&[0xff, 0xfe, 0x00], Rule::NotWasm);
    refused(b"", Rule::NotWasm);
}

#[test]
fn truncated_modules_are_malformed_and_never_panic() {
    // No `$` names: wat would append a name section, and a cut before it leaves a valid module.
    let bytes = wasm(&contract(
        r#"(func (export "fn:x") (local i32) i32.const 7 local.set 0)"#,
    ));
    assert!(validate(&bytes, &WasmLimits::DEFAULT).is_ok());
    rejected(
        validate(&bytes[..bytes.len() - 3], &WasmLimits::DEFAULT),
        Rule::Malformed,
    );
    for len in 0..bytes.len() {
        assert!(
            validate(&bytes[..len], &WasmLimits::DEFAULT).is_err(),
            "prefix {len}"
        );
    }
}

#[test]
fn wat_text_goes_through_wasm_bytes() {
    let bytes = wasm_bytes(format!(";; a contract\n{MINIMAL}").as_bytes()).unwrap();
    assert!(bytes.starts_with(b"\0asm"));
    let report = validate(&bytes, &WasmLimits::DEFAULT).unwrap();
    assert_eq!(report.entry_points[0].name, "init");
    // Binary passes through unchanged.
    assert_eq!(wasm_bytes(&bytes).unwrap(), bytes);
    // Broken WAT is reported as such.
    refused(b"(module (func (bogus)))", Rule::Wat);
}

/// A module using most sections, as the seed of the mutation test.
const RICH: &str = r#"(module
  (type $t (func (param i32 i32) (result i32)))
  (import "isc" "log" (func (param i32 i32)))
  (import "isc" "state_get" (func (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2 32)
  (table 4 funcref)
  (global (mut i32) (i32.const 1024))
  (global (export "__heap_base") i32 (i32.const 4096))
  (elem (i32.const 1) $add $sub)
  (data (i32.const 16) "hello")
  (func $add (type $t) local.get 0 local.get 1 i32.add)
  (func $sub (type $t) local.get 0 local.get 1 i32.sub)
  (func (export "fn:init") (local i64 f64)
    i32.const 16 i32.const 5 call 0
    (drop (call_indirect (type $t) (i32.const 1) (i32.const 2) (i32.const 1)))
    (block (loop (br_if 1 (i32.eqz (i32.const 0))) (br 0))))
  (func (export "view:get") (drop (call 1 (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))))"#;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any few-byte corruption of a valid module yields a verdict, the same one twice, never a panic.
    #[test]
    fn mutated_modules_never_panic(
        edits in proptest::collection::vec(
            (proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()),
            1..6,
        ),
        cut in proptest::prelude::any::<proptest::sample::Index>(),
    ) {
        let mut bytes = wasm(RICH);
        for (index, byte) in edits {
            let at = index.index(bytes.len());
            bytes[at] = byte;
        }
        let first = validate(&bytes, &WasmLimits::DEFAULT);
        proptest::prop_assert_eq!(&first, &validate(&bytes, &WasmLimits::DEFAULT));
        let cut = cut.index(bytes.len());
        let _ = validate(&bytes[..cut], &WasmLimits::DEFAULT);
    }
}

#[test]
fn rich_module_is_accepted() {
    let report = check(RICH).unwrap();
    assert_eq!(report.imported_functions, 2);
    assert_eq!(report.defined_functions, 4);
    assert_eq!(report.data_size, 5);
    let kinds: Vec<_> = report.entry_points.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![EntryKind::Func, EntryKind::View]);
}
