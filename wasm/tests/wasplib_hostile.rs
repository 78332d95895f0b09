//! Hostile contracts of the Pollen-era ABI (contracts/hostile/wasplib/*.wat, modules importing from
//! `WasmLib` or `wasplib`): each attack runs as a request between two honest ones (or as a view), and
//! must fail with a clean, named error (the receipt's text is checked), never a host panic, with the
//! attacker's state as it was, the accounts invariant holding (the fixture checks it after every
//! block), and the honest requests, and then the fixture's own honest entry point, succeeding. Every
//! fixture's whole run is repeated on a second chain: the same receipts, view outcomes and state hash.
//!
//! Fixtures whose `on_load` is the attack must fail their deployment cleanly, leave no contract
//! behind, and leave the chain working.

use std::sync::Arc;
use std::time::{Duration, Instant};

use isc_abi::{Dict, Hname};
use isc_env::fixture::*;
use isc_native_contracts::blocklog::Receipt;
use isc_wasm::{cache::fingerprint, limits::WasmLimits, CompiledModule, WasmVm};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../contracts/hostile/wasplib/{name}.wat",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The compiled module of `module` (binary or WAT) in `vm`'s cache.
fn compiled(vm: &WasmVm, module: &[u8]) -> Arc<CompiledModule> {
    let hash = Deployment::wasm(module, "hostile", Dict::new())
        .expect("a deployment")
        .program_hash;
    vm.cache()
        .cached(&hash, &fingerprint(&WasmLimits::default()))
        .expect("the module is cached")
}

fn inccounter() -> Vec<u8> {
    std::fs::read(format!(
        "{}/../contracts/wasm/inccounter.wasm",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every key of `contract`'s partition.
fn partition(env: &ChainFixture, contract: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    env.chain
        .store()
        .iterate_prefix(&Hname::new(contract).to_bytes(), &mut |k, v| {
            out.push((k.to_vec(), v.to_vec()));
            true
        })
        .unwrap();
    out
}

/// An error must say what the contract did wrong: not an engine's unexplained trap, not the node's
/// store, not instrumentation or a module other than what validation accepted.
fn assert_clean(error: &str) {
    assert!(!error.starts_with("state store failure"), "{error}");
    if let Some(trap) = error.strip_prefix("wasm trap: ") {
        assert!(trap != "engine error" && trap != "trap", "{error}");
        assert!(!trap.contains("metering global"), "{error}");
    }
    for fragment in ["instrumentation", "export `", "exports no memory"] {
        assert!(!error.contains(fragment), "{error}");
    }
}

fn assert_says(error: &str, expected: &[&str], what: &str) {
    assert_clean(error);
    for part in expected {
        assert!(
            error.contains(part),
            "{what}: `{error}` does not say `{part}`"
        );
    }
}

/// A chain with the `isc` inccounter and a hostile fixture deployed as `hostile`, and the record of
/// everything the attacks produced (compared between two chains).
struct Arena {
    env: ChainFixture,
    name: &'static str,
    log: Vec<String>,
}

impl Arena {
    fn new(name: &'static str) -> Arena {
        Arena::with_module(name, &fixture(name))
    }

    /// An arena with `module` (binary or WAT) deployed as `hostile`; `name` names it in messages.
    fn with_module(name: &'static str, module: &[u8]) -> Arena {
        Arena::on_vm(name, module, Arc::new(WasmVm::default()))
    }

    /// [`Arena::with_module`] on a chain whose Wasm VM is `vm`.
    fn on_vm(name: &'static str, module: &[u8], vm: Arc<WasmVm>) -> Arena {
        let mut env = ChainFixture::wasm_on(vm);
        assert_eq!(
            env.deploy_wasm("inccounter", &inccounter(), Dict::new()),
            None
        );
        assert_eq!(
            env.deploy_wasm("hostile", module, Dict::new()),
            None,
            "{name}"
        );
        Arena {
            env,
            name,
            log: Vec::new(),
        }
    }

    /// Runs `func` as a request between two honest ones; returns its receipt.
    fn request(&mut self, func: &str) -> Receipt {
        let env = &mut self.env;
        let a = env.post("alice", "inccounter", "increment", Dict::new(), base(0), 0);
        let bad = env.post("alice", "hostile", func, Dict::new(), base(0), 0);
        let b = env.post("bob", "inccounter", "increment", Dict::new(), base(0), 0);
        let res = env.run().expect("a block");
        let ids: Vec<_> = res.receipts.iter().map(|r| r.request_id).collect();
        assert_eq!(ids, vec![a.id, bad.id, b.id]);
        for honest in [&res.receipts[0], &res.receipts[2]] {
            assert!(honest.error.is_none(), "{}.{func}: {honest:?}", self.name);
        }
        let rc = res.receipts[1].clone();
        self.log
            .push(format!("{func}: {rc:?} -> {:?}", res.state_hash));
        rc
    }

    /// The fixture's own honest entry point still works.
    fn honest(&mut self) {
        let rc = self
            .env
            .call("alice", "hostile", "ok", Dict::new(), base(0));
        assert!(rc.error.is_none(), "{}.ok: {rc:?}", self.name);
    }

    /// `func` fails as a request with an error containing every one of `expected`, leaves the
    /// fixture's state as it was, and the fixture's honest entry point works after it.
    fn fails(&mut self, func: &str, expected: &[&str]) -> Receipt {
        let before = partition(&self.env, "hostile");
        let rc = self.request(func);
        let error = rc
            .error
            .as_deref()
            .unwrap_or_else(|| panic!("{}.{func} must fail: {rc:?}", self.name));
        assert_says(error, expected, &format!("{}.{func}", self.name));
        assert_eq!(
            before,
            partition(&self.env, "hostile"),
            "{}.{func} left state behind",
            self.name
        );
        self.honest();
        rc
    }

    /// `func` succeeds as a request.
    fn works(&mut self, func: &str) -> Receipt {
        let rc = self.request(func);
        assert!(rc.error.is_none(), "{}.{func}: {rc:?}", self.name);
        rc
    }

    fn view(&mut self, func: &str) -> Result<Dict, String> {
        let out = self
            .env
            .try_view("hostile", func, Dict::new())
            .map_err(|e| e.to_string());
        self.log.push(format!("view {func}: {out:?}"));
        out
    }

    /// View `func` fails with an error containing every one of `expected`; the state is as it was
    /// and a request after it works.
    fn view_fails(&mut self, func: &str, expected: &[&str]) {
        let before = partition(&self.env, "hostile");
        let error = self
            .view(func)
            .err()
            .unwrap_or_else(|| panic!("view {}.{func} must fail", self.name));
        assert_says(&error, expected, &format!("view {}.{func}", self.name));
        assert_eq!(before, partition(&self.env, "hostile"));
        self.honest();
    }

    /// View `func` succeeds; returns its results.
    fn view_works(&mut self, func: &str) -> Dict {
        self.view(func)
            .unwrap_or_else(|e| panic!("view {}.{func}: {e}", self.name))
    }

    /// What the run produced, ending with the state hash of the head.
    fn finish(mut self) -> Vec<String> {
        self.env.check_invariant();
        let head = self.env.chain.head().unwrap();
        self.log.push(format!("head {head:?}"));
        self.log
    }
}

/// Runs `script` against `fixture` on two fresh chains; both must produce the same record.
fn twice(name: &'static str, script: impl Fn(&mut Arena)) {
    let mut one = Arena::new(name);
    script(&mut one);
    let mut two = Arena::new(name);
    script(&mut two);
    assert_eq!(one.finish(), two.finish(), "{name}: the chains disagree");
}

#[test]
fn bad_object_ids_fail_cleanly() {
    twice("bad_objects", |a| {
        a.works("ok");
        a.fails("objZero", &["FindObject: invalid objID: 0"]);
        a.fails("objNegative", &["FindObject: invalid objID: -1"]);
        a.fails("objHuge", &["FindObject: invalid objID: 2147483647"]);
        a.fails("objMin", &["FindObject: invalid objID: -2147483648"]);
        a.fails("objNotMade", &["FindObject: invalid objID: 3"]);
        a.fails("objOfPreviousCall", &["FindObject: invalid objID: 2"]);
        a.fails(
            "objOfCaller",
            &[
                "root.failed to invoke call:",
                "FindObject: invalid objID: 4",
            ],
        );
        a.fails("objChild", &["FindObject: invalid objID: 4"]);
        a.fails("objUtilityAsMap", &["$utility.GetObjectID: invalid type"]);
        a.fails("objSetMaps", &["$maps.invalid key: 0"]);
        a.fails("objRootSetState", &["root.invalid key: -37"]);
    });
}

#[test]
fn bad_key_ids_fail_cleanly() {
    twice("bad_keys", |a| {
        a.fails("keyUnknown", &["$state.invalid key: 999"]);
        a.fails("keyUnknownRoot", &["root.GetMapObjectID: invalid key"]);
        a.fails("keyOutOfTable", &["$state.invalid key: -44"]);
        a.fails("keyMin", &["$state.invalid key: -2147483648"]);
        a.fails("keyMinRoot", &["root.invalid key: -2147483648"]);
        a.fails("keyZero", &["$state.invalid key: 0"]);
        a.fails("keyVersion", &["$state.invalid key: -43"]);
        a.fails("keyExportsInCall", &["root.invalid key: -20"]);
        a.fails("keyEmpty", &["state key must not be empty"]);
        // An id from on_load is valid in every call; one handed out in a call is not in the next.
        a.works("keyRemember");
        let stale = partition(&a.env, "hostile");
        assert!(stale.iter().any(|(k, _)| k.ends_with(b"kid")), "{stale:?}");
        a.fails("keyStale", &["$state.invalid key: 2"]);
    });
}

#[test]
fn bad_type_ids_fail_cleanly() {
    twice("bad_types", |a| {
        for func in ["typeZero", "type99", "typeArrayOnRootMap"] {
            a.fails(func, &["root.GetMapObjectID: invalid type"]);
        }
        a.fails("typeScalarObject", &["$state.GetObjectID: invalid type"]);
        for func in ["typeMapOnValue", "typeArrayThenValue"] {
            a.fails(func, &["$state.validate: invalid access"]);
        }
        // The write already fails: an array type is no value type (the original host's table of
        // sizes had no entry for it).
        a.fails(
            "typeArrayFlagOnValue",
            &["$state.typeCheck: invalid type id 45"],
        );
        a.fails("typeElemString", &["$state.a.validate: invalid type"]);
        a.fails("typeElemBytes", &["$state.a.validate: invalid byte type"]);
        a.fails("typeSize", &["$state.typeCheck: invalid type size"]);
        a.fails(
            "typeChainId",
            &["$state.typeCheck: invalid chain id address type"],
        );
        a.fails("typeAddress", &["$state.typeCheck: invalid address type"]);
        a.fails(
            "typeRequestId",
            &["$state.typeCheck: invalid request id output index"],
        );
        a.fails("typeCallOnState", &["$state.CallFunc: invalid call"]);
        for func in ["typeCallResultFirst", "typeCall42"] {
            a.fails(func, &["HostGetBytes: Invalid func call state"]);
        }
        a.works("typeArrSetup");
        a.fails(
            "typeArrLenBad",
            &["$state.InitObj: invalid array length of 3 bytes"],
        );
        a.fails("typeIntOnCommand", &["SetBytes: invalid int32"]);
        a.fails("typeValue99", &["$state.typeCheck: invalid type id 99"]);
        a.fails("typeGet30", &["$state.typeCheck: invalid type id 30"]);
    });
}

#[test]
fn bad_lengths_and_pointers_fail_cleanly() {
    twice("bad_lengths", |a| {
        a.fails("setNegLen", &["SetBytes: invalid length -1"]);
        a.fails("setMinLen", &["SetBytes: invalid length -2147483648"]);
        a.fails(
            "setHugeLen",
            &["memory range 0+2147483647 is out of bounds"],
        );
        a.fails("setPastEnd", &["memory range 65530+10 is out of bounds"]);
        a.fails(
            "setPtrWrap",
            &["memory range 4294967295+2 is out of bounds"],
        );
        a.fails("getPastEnd", &["memory range 65530+10 is out of bounds"]);
        a.fails("getNegPtr", &["memory range 4294967288+8 is out of bounds"]);
        a.fails("keyPastEnd", &["memory range 65530+10 is out of bounds"]);
        a.fails("keyMinLen", &["memory range 0+2147483647 is out of bounds"]);
        a.fails(
            "keyByteKeyPastEnd",
            &["memory range 65535+2 is out of bounds"],
        );
        a.fails(
            "keyHugeLen",
            &["memory range 0+2147483647 is out of bounds"],
        );
        a.fails(
            "utilArgsPastEnd",
            &["memory range 65000+1000 is out of bounds"],
        );
        a.fails(
            "utilResultPastEnd",
            &["memory range 65530+32 is out of bounds"],
        );
        // A buffer larger than the value gets the value (and its length), nothing more.
        a.works("getHugeCap");
        let got = stored(&a.env, b"got");
        assert_eq!(got, 10i32.to_le_bytes(), "the value's length");
        // A negative length on a read is the existence test: the key is missing.
        a.works("getNegLenExists");
        assert_eq!(stored(&a.env, b"got"), (-1i32).to_le_bytes());
    });
}

/// The fixture's state under `key`.
fn stored(env: &ChainFixture, key: &[u8]) -> Vec<u8> {
    env.chain
        .store()
        .get(&[Hname::new("hostile").to_bytes().as_slice(), key].concat())
        .unwrap()
        .unwrap_or_else(|| panic!("nothing stored under {key:?}"))
}

#[test]
fn malformed_payloads_fail_cleanly() {
    twice("bad_payloads", |a| {
        let cases: &[(&str, &[&str])] = &[
            ("callTruncatedLeb", &["insufficient bytes"]),
            ("callOverlongLeb", &["integer representation too long"]),
            ("callNonMinimalLeb", &["integer too large"]),
            ("callLenPastEnd", &["insufficient bytes"]),
            ("callShortHname", &["invalid hname length 3"]),
            (
                "callParamsState",
                &["invalid map object id 2: not a map the contract built"],
            ),
            ("callParamsRoot", &["invalid map object id 1"]),
            ("callParamsMissing", &["FindObject: invalid objID: 50"]),
            ("callParamsNegative", &["FindObject: invalid objID: -1"]),
            ("callTransferColor31", &["invalid color in transfer"]),
            ("callTransferAmount4", &["invalid int64 length"]),
            (
                "callTransferUnfunded",
                &["root.failed to invoke call:", "insufficient funds"],
            ),
            (
                "callUnknownContract",
                &["root.failed to invoke call:", "contract 7fffffff not found"],
            ),
            ("postNoTransfer", &["root.transfer is required for post"]),
            ("postBadChainVersion", &["invalid chain id: version byte 9"]),
            ("postShortChain", &["invalid chain id: 32 bytes"]),
            ("postNegativeDelay", &["root.invalid delay: -1"]),
            ("deployShortHash", &["invalid program hash length 31"]),
            ("deployUnknownProgram", &["root.failed to deploy:"]),
            (
                "deployParamsState",
                &["invalid map object id 2: not a map the contract built"],
            ),
        ];
        for (func, expected) in cases {
            a.fails(func, expected);
        }
        a.works("callTrailingBytes");
        // Nothing was posted or deployed: the backlog is empty, and no contract "x" exists.
        assert_eq!(a.env.chain.backlog_len().unwrap(), 0);
        assert!(a.env.try_view("x", "anything", Dict::new()).is_err());
    });
}

#[test]
fn views_cannot_write_post_or_transfer() {
    twice("view_writes", |a| {
        let cases: &[(&str, &[&str])] = &[
            ("viewSetState", &["ScViewState.Set"]),
            ("viewClearArray", &["ScViewState.Set"]),
            ("viewArrayGrow", &["$state.a.validate: invalid index"]),
            ("viewPost", &["root.post: not available in a view"]),
            ("viewTransfer", &["transfers: not available in a view"]),
            (
                "viewCallTransfer",
                &[
                    "root.failed to invoke call:",
                    "a view cannot transfer tokens",
                ],
            ),
            (
                "viewCallFunc",
                &["root.failed to invoke call:", "is not a view"],
            ),
            ("viewEvent", &["root.invalid key: -19"]),
            ("viewDeploy", &["root.deploy: not available in a view"]),
            ("viewIncoming", &["no incoming() on views"]),
            ("viewMinted", &["no minted() on views"]),
            ("viewCaller", &["root.invalid key: -10"]),
            ("viewRequestId", &["root.invalid key: -34"]),
            ("viewRandom", &["utility.random is not available in a view"]),
        ];
        for (func, expected) in cases {
            a.view_fails(func, expected);
        }
        // The chain refuses a view sent as a request.
        a.fails("viewSetState", &["is not a func"]);
        let results = a.view_works("viewReads");
        assert_eq!(results.get(b"t").map(<[u8]>::len), Some(8), "{results:?}");
    });
}

#[test]
fn recursion_through_call_stops_at_the_call_depth() {
    twice("recursion", |a| {
        let rc = a.fails("recurse", &["root.failed to invoke call:"]);
        let e = rc.error.unwrap();
        assert!(
            e.contains("call depth limit of 64 exceeded") || e.contains("out of gas"),
            "{e}"
        );
        let e = a.view("recurseView").unwrap_err();
        assert!(
            e.contains("call depth limit of 64 exceeded") || e.contains("out of gas"),
            "{e}"
        );
        assert_clean(&e);
        a.honest();
    });
}

#[test]
fn grown_memory_and_globals_do_not_reach_the_next_call() {
    twice("memory_persist", |a| {
        a.works("check");
        a.works("grow");
        a.works("check");
        a.fails("useGrown", &["wasm trap:", "out of bounds"]);
        a.works("check");
        a.works("growThenCheck");
        a.works("check");
        a.view_works("viewCheck");
        a.view_works("viewGrow");
        a.view_works("viewCheck");
        a.view_works("viewGrow");
        a.view_works("viewCheck");
        // Requests and views after each other, several times: each starts from on_load's memory.
        for _ in 0..3 {
            a.works("grow");
            a.view_works("viewGrow");
            a.works("check");
            a.view_works("viewCheck");
        }
    });
}

/// Deploys `name`, which must fail with a message containing `on_load failed` and `expected` (any
/// clean error if `expected` is empty); then nothing is deployed and the chain works. Twice, on
/// fresh chains, with the same error.
fn rejected_at_deployment(name: &'static str, expected: &str) {
    let mut errors = Vec::new();
    for _ in 0..2 {
        let mut env = ChainFixture::wasm();
        assert_eq!(
            env.deploy_wasm("inccounter", &inccounter(), Dict::new()),
            None
        );
        let error = env
            .deploy_wasm("hostile", &fixture(name), Dict::new())
            .unwrap_or_else(|| panic!("{name} must not deploy"));
        if expected.is_empty() {
            assert_clean(&error);
        } else {
            assert_says(&error, &["on_load failed", expected], name);
        }
        let rc = env.call("alice", "hostile", "run", Dict::new(), base(0));
        let e = rc.error.expect("no contract");
        assert!(e.contains("not found"), "{name}: {e}");
        let rc = env.call("bob", "inccounter", "increment", Dict::new(), base(0));
        assert!(rc.error.is_none(), "{name}: {rc:?}");
        errors.push(error);
    }
    assert_eq!(errors[0], errors[1], "{name}");
}

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

/// The fixtures every test above runs (a new fixture needs a test and a line here).
const FIXTURES: &[&str] = &[
    "bad_objects",
    "bad_keys",
    "bad_types",
    "bad_lengths",
    "bad_payloads",
    "view_writes",
    "recursion",
    "memory_persist",
    "on_load_loop",
    "on_load_recursion",
    "on_load_duplicate",
    "on_load_bad_version",
    "on_load_bad_index",
    "on_load_context",
    "v01_copy_all_state",
    "v01_bad_ids",
    "results_bad_key",
    "on_load_spin",
    "on_load_keys",
    "on_load_exports",
    "host_work",
];

#[test]
fn every_fixture_says_what_it_attacks_and_is_listed() {
    let dir = format!(
        "{}/../contracts/hostile/wasplib",
        env!("CARGO_MANIFEST_DIR")
    );
    let readme = std::fs::read_to_string(format!("{dir}/README.md")).expect("README.md");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the fixtures' folder") {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".wat") else {
            continue;
        };
        let text = String::from_utf8(fixture(name)).unwrap();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with(";;")).collect();
        let header = header.join("\n");
        assert!(header.contains("Attack:"), "{file}: no `Attack:`");
        assert!(header.contains("Host must:"), "{file}: no `Host must:`");
        assert!(
            text.contains("\"WasmLib\"") || text.contains("\"wasplib\""),
            "{file}: a Pollen-era module"
        );
        assert!(
            readme.contains(&format!("`{file}`")),
            "{file} is not in README.md"
        );
        assert!(FIXTURES.contains(&name), "{file} is not in FIXTURES");
        found.push(name.to_string());
    }
    found.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed);
}
