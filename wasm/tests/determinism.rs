//! Determinism: a pinned hash over every float instruction applied to awkward inputs, and the same
//! hostile block executed in two separate processes giving identical results.

use isc_abi::{Codec, Dict, Hname};
use isc_env::fixture::*;

const F64_INPUTS: [u64; 14] = [
    0x0000_0000_0000_0000, // 0
    0x8000_0000_0000_0000, // -0
    0x3ff0_0000_0000_0000, // 1
    0xbff0_0000_0000_0000, // -1
    0x3fe0_0000_0000_0000, // 0.5
    0x7ff0_0000_0000_0000, // inf
    0xfff0_0000_0000_0000, // -inf
    0x7ff8_0000_0000_0000, // canonical NaN
    0xfff8_0000_0000_0001, // negative quiet NaN with payload
    0x7ff0_0000_0000_0001, // signalling NaN
    0x0000_0000_0000_0001, // smallest subnormal
    0x7fef_ffff_ffff_ffff, // max
    0x4202_a05f_2000_0000, // 1e10
    0xc3e0_0000_0000_0000, // -2^63
];

const F64_BINARY: [&str; 7] = ["add", "sub", "mul", "div", "min", "max", "copysign"];
const F64_UNARY: [&str; 7] = ["sqrt", "ceil", "floor", "trunc", "nearest", "abs", "neg"];

/// A module whose `fn:sweep` applies every f64 and f32 arithmetic instruction to every pair of inputs
/// (loaded from memory, so nothing is folded at compile time), plus conversions, and stores the
/// blake2b of all result bits under state key "h".
fn sweep_module() -> String {
    let n = F64_INPUTS.len();
    let mut data = String::new();
    for bits in F64_INPUTS {
        for b in bits.to_le_bytes() {
            data.push_str(&format!("\\{b:02x}"));
        }
    }
    let mut body = String::new();
    let mut out = 4096u32;
    let mut store64 = |body: &mut String, expr: String| {
        body.push_str(&format!("(f64.store (i32.const {out}) {expr})\n"));
        out += 8;
    };
    let load64 = |i: usize| format!("(f64.load (i32.const {}))", i * 8);
    for op in F64_BINARY {
        for a in 0..n {
            for b in 0..n {
                store64(&mut body, format!("(f64.{op} {} {})", load64(a), load64(b)));
            }
        }
    }
    for op in F64_UNARY {
        for a in 0..n {
            store64(&mut body, format!("(f64.{op} {})", load64(a)));
        }
    }
    for a in 0..n {
        store64(
            &mut body,
            format!("(f64.promote_f32 (f32.demote_f64 {}))", load64(a)),
        );
        store64(
            &mut body,
            format!("(f64.convert_i64_s (i64.trunc_sat_f64_s {}))", load64(a)),
        );
        store64(
            &mut body,
            format!("(f64.convert_i32_u (i32.trunc_sat_f64_u {}))", load64(a)),
        );
        for op in ["add", "sub", "mul", "div", "min", "max"] {
            for b in 0..n {
                store64(
                    &mut body,
                    format!(
                        "(f64.promote_f32 (f32.{op} (f32.demote_f64 {}) (f32.demote_f64 {})))",
                        load64(a),
                        load64(b)
                    ),
                );
            }
        }
        for op in ["sqrt", "ceil", "floor", "trunc", "nearest"] {
            store64(
                &mut body,
                format!(
                    "(f64.promote_f32 (f32.{op} (f32.demote_f64 {})))",
                    load64(a)
                ),
            );
        }
    }
    let len = out - 4096;
    format!(
        r#"(module
  (import "isc" "blake2b" (func $blake2b (param i32 i32 i32)))
  (import "isc" "state_set" (func $set (param i32 i32 i32 i32)))
  (memory (export "memory") 4)
  (data (i32.const 0) "{data}")
  (data (i32.const 2048) "h")
  (func (export "fn:sweep")
    {body}
    (call $blake2b (i32.const 4096) (i32.const {len}) (i32.const 2100))
    (call $set (i32.const 2048) (i32.const 1) (i32.const 2100) (i32.const 32))))"#
    )
}

/// The pinned hash of the sweep's result bits. Any node computing something else would fork.
const SWEEP_HASH: &str = "8ee56443766cd2de78d445f4b584c9347de1aaeebe07b5ec346ec97903a5feca";

#[test]
fn every_float_instruction_gives_pinned_bits() {
    let mut env = ChainFixture::wasm();
    assert_eq!(
        env.deploy_wasm("sweep", sweep_module().as_bytes(), Dict::new()),
        None
    );
    let rc = env.call("alice", "sweep", "sweep", Dict::new(), base(0));
    assert!(rc.error.is_none(), "{rc:?}");
    let key = [Hname::new("sweep").to_bytes().as_slice(), b"h"].concat();
    let h = env.chain.store().get(&key).unwrap().expect("hash stored");
    assert_eq!(
        isc_abi::Hash::from_slice(&h).unwrap().to_string(),
        SWEEP_HASH
    );
}

/// A block mixing honest and hostile requests; returns its receipts and state hash as text.
fn hostile_block() -> String {
    let hostile = |name: &str| {
        std::fs::read(format!(
            "{}/../contracts/hostile/{name}.wat",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let mut env = ChainFixture::wasm();
    assert_eq!(
        env.deploy_wasm("loop", &hostile("infinite_loop"), Dict::new()),
        None
    );
    assert_eq!(
        env.deploy_wasm("rec", &hostile("recursion"), Dict::new()),
        None
    );
    assert_eq!(env.deploy_wasm("nan", &hostile("nan"), Dict::new()), None);
    assert_eq!(
        env.deploy_wasm("sweep", sweep_module().as_bytes(), Dict::new()),
        None
    );
    env.post("alice", "loop", "run", Dict::new(), base(0), 3_000_000);
    env.post("alice", "rec", "run", Dict::new(), base(0), 0);
    env.post("alice", "nan", "run", Dict::new(), base(0), 0);
    env.post("bob", "sweep", "sweep", Dict::new(), base(0), 0);
    env.post(
        "bob",
        "accounts",
        "transfer",
        dict(&[("a", env.agent("alice").encode()), ("n", 5u64.encode())]),
        base(0),
        0,
    );
    let res = env.run().unwrap();
    format!("{:?} {}", res.receipts, res.state_hash)
}

#[test]
fn the_same_hostile_block_gives_the_same_result_in_two_processes() {
    if std::env::var("ISCVM_DETERMINISM_CHILD").is_ok() {
        println!("RESULT {}", isc_abi::blake2b256(hostile_block().as_bytes()));
        return;
    }
    let run_child = || {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "the_same_hostile_block_gives_the_same_result_in_two_processes",
                "--nocapture",
            ])
            .env("ISCVM_DETERMINISM_CHILD", "1")
            .output()
            .expect("spawn the test binary");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        stdout
            .lines()
            .find_map(|l| l.strip_prefix("RESULT ").map(str::to_string))
            .unwrap_or_else(|| panic!("no result from the child: {stdout}"))
    };
    let a = run_child();
    let b = run_child();
    assert_eq!(a, b, "two processes disagree");
    assert_eq!(
        a,
        isc_abi::blake2b256(hostile_block().as_bytes()).to_string(),
        "the parent disagrees"
    );
}

/// Cranelift's threads change how fast a module compiles, not what it compiles to.
#[test]
fn machine_code_does_not_depend_on_compile_threads() {
    let wasm = isc_env::fixture::example_wasm("token");
    let limits = isc_wasm::limits::WasmLimits::default();
    let artifact = |threads: usize| {
        let compiled =
            isc_wasm::compile_on_threads(&wasm, &limits, std::num::NonZeroUsize::new(threads))
                .expect("token.wasm compiles");
        compiled.module.serialize().expect("serializes").to_vec()
    };
    assert_eq!(artifact(1), artifact(2));
    assert_eq!(artifact(1), artifact(4));
}
