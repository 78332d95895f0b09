//! Hostile contracts of the Pollen-era ABI, part two: `on_load` attacks (endless, recursive,
//! registering badly or without bound, holding memory), results that cannot be returned, and host
//! work paid in proportion to its time. The arena is in `wasplib_arena/mod.rs`.

mod wasplib_arena;

use std::sync::Arc;
use std::time::{Duration, Instant};

use isc_wasm::WasmVm;
use wasplib_arena::*;

#[test]
fn an_on_load_that_never_returns_fails_deployment() {
    rejected_at_deployment("on_load_loop", "ran out of its 10000000 gas");
}

#[test]
fn an_on_load_that_recurses_fails_deployment() {
    rejected_at_deployment("on_load_recursion", "hit the stack limit");
}

#[test]
fn bad_registrations_in_on_load_fail_deployment() {
    rejected_at_deployment("on_load_duplicate", "SetExport: duplicate function name");
    rejected_at_deployment(
        "on_load_bad_version",
        "SetExport: predefined key value mismatch",
    );
    rejected_at_deployment("on_load_bad_index", "SetExport: invalid index 65536");
    rejected_at_deployment("on_load_context", "root.missing context");
    rejected_at_deployment("v01_copy_all_state", "SetExport: duplicate function name");
}

#[test]
fn v01_ids_lengths_and_payloads_fail_with_its_wording() {
    twice("v01_bad_ids", |a| {
        let cases: &[(&str, &[&str])] = &[
            ("objZero", &["FindObject: invalid objId: 0"]),
            ("keyUnknown", &["state.Invalid key: 999"]),
            ("keyUnknownRoot", &["root.GetMapObjectId: Invalid key"]),
            ("typeBadRoot", &["root.GetMapObjectId: Invalid type"]),
            ("setNegLen", &["SetBytes: invalid length -1"]),
            ("callTruncated", &["Cannot decode bytes"]),
            ("callParamsHuge", &["invalid object id 1099511627776"]),
            ("callOverlong", &["integer representation too long"]),
            ("postBadDelay", &["root.invalid delay: -2"]),
            ("postShortContract", &["invalid contract id: 36 bytes"]),
        ];
        for (func, expected) in cases {
            a.fails(func, expected);
        }
        a.view_fails("viewCaller", &["root.Invalid key: -9"]);
        a.view_fails("viewArrayGrow", &["ScViewState.Set"]);
        a.view_fails("viewIncoming", &["No incoming transfers on views"]);
        a.fails("utilityUnknownKey", &["utility.Invalid key: 5"]);
        a.works("ok");
    });
}

#[test]
fn results_that_cannot_be_returned_fail_the_call() {
    twice("results_bad_key", |a| {
        a.fails("emptyResultKey", &["results: dict keys must not be empty"]);
        a.fails("panicAfterSpin", &["panic: spun"]);
    });
}

#[test]
fn a_call_whose_results_cannot_be_returned_pays_for_its_wasm() {
    let mut a = Arena::new("results_bad_key");
    let bad = a.fails("emptyResultKey", &["results: dict keys must not be empty"]);
    let control = a.fails("panicAfterSpin", &["panic: spun"]);
    assert!(
        bad.gas_burned >= control.gas_burned - control.gas_burned / 10,
        "the same Wasm: {} gas, with a panic at the end {}",
        bad.gas_burned,
        control.gas_burned
    );
}

/// `on_load_spin.wat` with an on_load that does not spin.
fn on_load_without_spin() -> Vec<u8> {
    let text = String::from_utf8(fixture("on_load_spin")).unwrap();
    let spin = "(call $spin (i32.const 1000000))";
    assert!(text.contains(spin));
    text.replace(spin, "(call $spin (i32.const 0))")
        .into_bytes()
}

#[test]
fn an_on_load_that_spins_deploys_and_serves() {
    twice("on_load_spin", |a| {
        for _ in 0..3 {
            a.fails("fail", &["panic: fail"]);
        }
        a.works("ok");
    });
    let mut plain = Arena::with_module("on_load_spin (no spin)", &on_load_without_spin());
    plain.fails("fail", &["panic: fail"]);
}

/// The gas of `n` failing calls, each after a failed one (so each in a fresh instance).
fn failing_calls(a: &mut Arena, n: usize) -> u64 {
    (0..n)
        .map(|_| a.fails("fail", &["panic: fail"]).gas_burned)
        .sum()
}

/// `module` (text) with a function that drops a data segment: its instances cannot be reset, so
/// none starts from the state `on_load` left.
fn unresettable(module: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8(module).unwrap();
    let end = text.rfind(')').unwrap();
    format!(
        "{}  (data $passive \"x\")\n  (func $drop (data.drop $passive))\n)\n",
        &text[..end]
    )
    .into_bytes()
}

#[test]
fn fresh_instances_start_from_the_state_on_load_left_without_running_it() {
    let vm = Arc::new(WasmVm::default());
    let mut a = Arena::on_vm("on_load_spin", &fixture("on_load_spin"), vm.clone());
    let spinning = failing_calls(&mut a, 5);
    a.works("ok");
    let module = compiled(&vm, &fixture("on_load_spin"));
    let on_load_gas = module
        .wasplib
        .as_ref()
        .expect("a WasmLib module")
        .on_load_gas;
    assert!(on_load_gas > 5_000_000, "on_load burned {on_load_gas}");
    if cfg!(target_os = "linux") {
        assert_eq!(module.on_load_runs(), 1, "on_load ran again");
    }
    let plain = failing_calls(&mut Arena::with_module("plain", &on_load_without_spin()), 5);
    assert_eq!(spinning, plain, "no call runs on_load, none pays for it");
}

#[test]
fn a_module_whose_instances_cannot_be_reset_pays_its_on_load_on_every_call() {
    let spinning = failing_calls(
        &mut Arena::with_module("unresettable", &unresettable(fixture("on_load_spin"))),
        3,
    );
    let plain = failing_calls(
        &mut Arena::with_module("unresettable plain", &unresettable(on_load_without_spin())),
        3,
    );
    // Three calls, three fresh instances, each running on_load's ~8 million gas.
    assert!(
        spinning > plain + 3 * 5_000_000,
        "spinning on_load: {spinning} gas, plain: {plain}"
    );
}

#[test]
fn an_on_load_cannot_make_the_host_hold_its_memory() {
    rejected_at_deployment("on_load_keys", "ran out of its 10000000 gas");
}

#[test]
fn an_on_load_cannot_register_without_bound() {
    rejected_at_deployment("on_load_exports", "SetExport: more than 256 entry points");
}

/// Each attack of `host_work` ends out of gas: the budget, not the host, stops it.
#[test]
fn host_work_is_paid_in_proportion_to_its_time() {
    let mut a = Arena::new("host_work");
    for func in ["typesFlood", "longPrefix", "base58Big"] {
        let t = Instant::now();
        let rc = a.request(func);
        let error = rc.error.unwrap_or_default();
        assert!(error.contains("out of gas"), "{func}: {error}");
        // A guard against a host that hangs, not a speed figure (those are `iscvm bench`'s): the
        // default budget of plain Wasm takes well under a second even in a debug build.
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "{func}: {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn host_work_fixture_serves_honest_calls() {
    // The attacks themselves are the test above; here only that the module deploys and works.
    let mut a = Arena::new("host_work");
    a.works("ok");
}
