//! The arena the hostile Pollen-era fixtures run in (contracts/hostile/wasplib/*.wat, modules
//! importing from `WasmLib` or `wasplib`), shared by `wasplib_hostile.rs` (bad ids, lengths,
//! payloads, views, recursion, memory) and `wasplib_hostile_on_load.rs` (`on_load`, results, host
//! work): each attack runs as a request between two honest ones (or as a view), and must fail with a
//! clean, named error (the receipt's text is checked), never a host panic, with the attacker's state
//! as it was, the accounts invariant holding (the fixture checks it after every block), and the
//! honest requests, and then the fixture's own honest entry point, succeeding. A fixture's whole run
//! is repeated on a second chain: the same receipts, view outcomes and state hash.
#![allow(dead_code)]

use std::sync::Arc;

use isc_abi::{Dict, Hname};
use isc_env::fixture::*;
use isc_native_contracts::blocklog::Receipt;
use isc_wasm::{cache::fingerprint, limits::WasmLimits, CompiledModule, WasmVm};

/// The hostile fixture `name` (`contracts/hostile/wasplib/NAME.wat`).
pub fn fixture(name: &str) -> Vec<u8> {
    hostile_wat(&format!("wasplib/{name}"))
}

/// The compiled module of `module` (binary or WAT) in `vm`'s cache.
pub fn compiled(vm: &WasmVm, module: &[u8]) -> Arc<CompiledModule> {
    let hash = Deployment::wasm(module, "hostile", Dict::new())
        .expect("a deployment")
        .program_hash;
    vm.cache()
        .cached(&hash, &fingerprint(&WasmLimits::default()))
        .expect("the module is cached")
}

/// An error must say what the contract did wrong: not an engine's unexplained trap, not the node's
/// store, not instrumentation or a module other than what validation accepted.
pub fn assert_clean(error: &str) {
    assert!(!error.starts_with("state store failure"), "{error}");
    if let Some(trap) = error.strip_prefix("wasm trap: ") {
        assert!(trap != "engine error" && trap != "trap", "{error}");
        assert!(!trap.contains("metering global"), "{error}");
    }
    for fragment in ["instrumentation", "export `", "exports no memory"] {
        assert!(!error.contains(fragment), "{error}");
    }
}

pub fn assert_says(error: &str, expected: &[&str], what: &str) {
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
pub struct Arena {
    /// The chain.
    pub env: ChainFixture,
    /// The fixture's name, for messages.
    pub name: &'static str,
    log: Vec<String>,
}

impl Arena {
    pub fn new(name: &'static str) -> Arena {
        Arena::with_module(name, &fixture(name))
    }

    /// An arena with `module` (binary or WAT) deployed as `hostile`; `name` names it in messages.
    pub fn with_module(name: &'static str, module: &[u8]) -> Arena {
        Arena::on_vm(name, module, Arc::new(WasmVm::default()))
    }

    /// [`Arena::with_module`] on a chain whose Wasm VM is `vm`.
    pub fn on_vm(name: &'static str, module: &[u8], vm: Arc<WasmVm>) -> Arena {
        let mut env = ChainFixture::wasm_on(vm);
        assert_eq!(
            env.deploy_wasm("inccounter", &example_wasm("inccounter"), Dict::new()),
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
    pub fn request(&mut self, func: &str) -> Receipt {
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
    pub fn honest(&mut self) {
        let rc = self
            .env
            .call("alice", "hostile", "ok", Dict::new(), base(0));
        assert!(rc.error.is_none(), "{}.ok: {rc:?}", self.name);
    }

    /// `func` fails as a request with an error containing every one of `expected`, leaves the
    /// fixture's state as it was, and the fixture's honest entry point works after it.
    pub fn fails(&mut self, func: &str, expected: &[&str]) -> Receipt {
        let before = self.env.partition("hostile");
        let rc = self.request(func);
        let error = rc
            .error
            .as_deref()
            .unwrap_or_else(|| panic!("{}.{func} must fail: {rc:?}", self.name));
        assert_says(error, expected, &format!("{}.{func}", self.name));
        assert_eq!(
            before,
            self.env.partition("hostile"),
            "{}.{func} left state behind",
            self.name
        );
        self.honest();
        rc
    }

    /// `func` succeeds as a request.
    pub fn works(&mut self, func: &str) -> Receipt {
        let rc = self.request(func);
        assert!(rc.error.is_none(), "{}.{func}: {rc:?}", self.name);
        rc
    }

    pub fn view(&mut self, func: &str) -> Result<Dict, String> {
        let out = self
            .env
            .try_view("hostile", func, Dict::new())
            .map_err(|e| e.to_string());
        self.log.push(format!("view {func}: {out:?}"));
        out
    }

    /// View `func` fails with an error containing every one of `expected`; the state is as it was
    /// and a request after it works.
    pub fn view_fails(&mut self, func: &str, expected: &[&str]) {
        let before = self.env.partition("hostile");
        let error = self
            .view(func)
            .err()
            .unwrap_or_else(|| panic!("view {}.{func} must fail", self.name));
        assert_says(&error, expected, &format!("view {}.{func}", self.name));
        assert_eq!(before, self.env.partition("hostile"));
        self.honest();
    }

    /// View `func` succeeds; returns its results.
    pub fn view_works(&mut self, func: &str) -> Dict {
        self.view(func)
            .unwrap_or_else(|e| panic!("view {}.{func}: {e}", self.name))
    }

    /// What the run produced, ending with the state hash of the head.
    pub fn finish(mut self) -> Vec<String> {
        self.env.check_invariant();
        let head = self.env.chain.head().unwrap();
        self.log.push(format!("head {head:?}"));
        self.log
    }
}

/// Runs `script` against `fixture` on two fresh chains; both must produce the same record.
pub fn twice(name: &'static str, script: impl Fn(&mut Arena)) {
    let mut one = Arena::new(name);
    script(&mut one);
    let mut two = Arena::new(name);
    script(&mut two);
    assert_eq!(one.finish(), two.finish(), "{name}: the chains disagree");
}

/// The fixture's state under `key`.
pub fn stored(env: &ChainFixture, key: &[u8]) -> Vec<u8> {
    env.chain
        .store()
        .get(&[Hname::new("hostile").to_bytes().as_slice(), key].concat())
        .unwrap()
        .unwrap_or_else(|| panic!("nothing stored under {key:?}"))
}

/// Deploys `name`, which must fail with a message containing `on_load failed` and `expected` (any
/// clean error if `expected` is empty); then nothing is deployed and the chain works. Twice, on
/// fresh chains, with the same error.
pub fn rejected_at_deployment(name: &'static str, expected: &str) {
    let mut errors = Vec::new();
    for _ in 0..2 {
        let mut env = ChainFixture::wasm();
        assert_eq!(
            env.deploy_wasm("inccounter", &example_wasm("inccounter"), Dict::new()),
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
