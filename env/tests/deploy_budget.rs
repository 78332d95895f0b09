//! A program that costs more than the chain's default budget to validate and compile deploys without
//! its sender naming a budget: the deployment asks for `Limits::deploy_budget` of its size. (Wasp
//! v0.2.0's testcore, 50,251 bytes, is such a program: 50.9 million gas against a default of 50.)

use isc_abi::Dict;
use isc_env::TestEnv;
use isc_gas::{GasOp, GasSchedule, Limits};

/// A contract of about `len` bytes: one entry point and a data segment of `len` bytes.
fn big_module(len: usize) -> Vec<u8> {
    let data: String = (0..len).map(|i| format!("\\{:02x}", i % 251)).collect();
    format!(
        r#"(module
  (memory (export "memory") 2)
  (data (i32.const 0) "{data}")
  (func (export "fn:noop"))
)"#
    )
    .into_bytes()
}

#[test]
fn a_program_over_the_default_budget_deploys_with_the_budget_it_needs() {
    let program = big_module(60_000);
    let binary = isc_wasm::validate::wasm_bytes(&program).unwrap();
    let s = GasSchedule::DEFAULT;
    let len = binary.len() as u64;
    let compile = s.cost(GasOp::Validate).of(len) + s.cost(GasOp::Deploy).of(len);
    let limits = Limits::DEFAULT;
    assert!(compile > limits.default_gas_budget, "{compile}");
    assert!(limits.deploy_budget(len) > compile);

    let mut env = TestEnv::new();
    let chain = env.new_chain("a").unwrap();
    let alice = env.wallet("alice").unwrap();
    env.deposit(&alice, chain, 1_000_000).unwrap();
    env.deploy_wasm(chain, "big", &program, Dict::new())
        .expect("deploys without a named budget");
    let rc = env
        .call(
            &alice,
            chain,
            "big",
            "noop",
            Dict::new(),
            Default::default(),
        )
        .unwrap();
    assert!(rc.error.is_none(), "{rc:?}");
    env.audit().unwrap().check().unwrap();
}

#[test]
fn a_program_too_large_for_any_request_fails_naming_its_cost() {
    // 110 KB costs more to compile than a request may burn (100 million).
    let program = big_module(110_000);
    let mut env = TestEnv::new();
    let chain = env.new_chain("a").unwrap();
    let err = env
        .deploy_wasm(chain, "huge", &program, Dict::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("out of gas"), "{err}");
    assert!(err.contains("deploy"), "{err}");
}
