//! Where the metering checks gas: a guest that runs out in loop-free code goes on to the next check
//! (a loop header, a call, a return, the function's end) and no further: it never reaches the host
//! or returns successfully, whatever it runs in between, and it ends out of gas with the whole budget
//! burned, as when every run was checked. A trap that is not about gas inside a run leaves the run
//! unpaid, as it did when every run was checked at its end.

use isc_abi::Dict;
use isc_env::fixture::*;

/// `n` loop-free steps of plain instructions (2 gas each: a constant and a drop).
fn straight(n: usize) -> String {
    "(drop (i32.const 1))\n".repeat(n)
}

fn module() -> String {
    let long = straight(2_000);
    format!(
        r#"(module
  (import "isc" "state_set" (func $set (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "kv")
  ;; 4,000 gas of straight-line code, then a host call that writes state
  (func (export "fn:thenWrite")
    {long}
    (call $set (i32.const 0) (i32.const 1) (i32.const 1) (i32.const 1)))
  ;; the same code, then a plain return to the host
  (func (export "fn:thenReturn")
    {long})
  ;; the same code in a helper, then a write after it returns
  (func $helper {long})
  (func (export "fn:helperThenWrite")
    (call $helper)
    (call $set (i32.const 0) (i32.const 1) (i32.const 1) (i32.const 1)))
  ;; the same code, then a trap that is not about gas
  (func (export "fn:thenTrap")
    {long}
    unreachable)
)"#
    )
}

/// Runs `func` with `budget`; returns its receipt's gas and error, and whether key "k" was written.
fn run(func: &str, budget: u64) -> (u64, Option<String>, bool) {
    let mut env = ChainFixture::wasm();
    assert_eq!(env.deploy_wasm("m", module().as_bytes(), Dict::new()), None);
    let req = env.post("alice", "m", func, Dict::new(), base(0), budget);
    let res = env.run().expect("a block");
    let rc = res
        .receipts
        .into_iter()
        .find(|r| r.request_id == req.id)
        .expect("a receipt");
    let mut written = false;
    env.chain
        .store()
        .iterate_prefix(&isc_abi::Hname::new("m").to_bytes(), &mut |_, _| {
            written = true;
            false
        })
        .expect("the store");
    (rc.gas_burned, rc.error, written)
}

#[test]
fn running_out_in_straight_line_code_is_caught_before_the_host_and_at_the_return() {
    // What a call costs up to the end of the straight-line code (instantiation included).
    let (upto_end, error, _) = run("thenReturn", 5_000_000);
    assert_eq!(error, None);
    for func in ["thenWrite", "thenReturn", "helperThenWrite"] {
        let (_, error, written) = run(func, 5_000_000);
        assert_eq!(error, None, "{func}");
        assert_eq!(written, func.ends_with("Write"), "{func}");
        // Enough to reach the middle of the straight-line code only.
        let budget = upto_end - 2_000;
        let (gas, error, written) = run(func, budget);
        assert_eq!(gas, budget, "{func}: the whole budget");
        let error = error.unwrap_or_else(|| panic!("{func}: succeeded past its budget"));
        assert!(
            error.starts_with("out of gas: wasm needs"),
            "{func}: {error}"
        );
        assert!(!written, "{func}: the host ran after the budget was gone");
    }
}

#[test]
fn a_trap_inside_a_run_leaves_the_run_unpaid_whatever_the_budget() {
    // The run's gas is paid at its end, which a trap inside it never reaches (as under wasmer's
    // Metering): the call costs the same with a budget that the run would have exceeded.
    let (upto_end, _, _) = run("thenReturn", 5_000_000);
    let (gas, error, _) = run("thenTrap", 5_000_000);
    let error = error.expect("a trap");
    assert!(error.contains("unreachable"), "{error}");
    assert!(
        gas < upto_end - 3_000,
        "{gas}: the straight-line run was charged"
    );
    assert_eq!(run("thenTrap", upto_end - 2_000), (gas, Some(error), false));
}
