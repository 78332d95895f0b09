//! What the end-to-end tests share: running the binary, and a chain file in a temporary directory.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

use isc_abi::Hash;
use serde_json::Value;

/// Runs iscvm with `args`; returns exit code, stdout, stderr.
pub fn iscvm(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iscvm"))
        .args(args)
        .output()
        .expect("run iscvm");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A chain file in a temporary directory.
pub struct Chain {
    _dir: tempfile::TempDir,
    /// The store file.
    pub path: PathBuf,
}

impl Chain {
    /// A new file with a chain whose init block has run.
    pub fn initialized() -> Chain {
        let chain = Chain::created();
        let v = chain.json(&["block", "run"]);
        assert_eq!(v["block_index"], 1);
        assert_eq!(v["receipts"][0]["contract"], "root");
        assert_eq!(v["receipts"][0]["func"], "init");
        assert!(v["receipts"][0]["error"].is_null(), "{v}");
        chain
    }

    /// A new file with a chain whose init request is still in the backlog.
    pub fn created() -> Chain {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("chain.redb");
        let chain = Chain { _dir: dir, path };
        chain.ok(&["chain", "init"]);
        chain
    }

    /// The store file's path, as text.
    pub fn db(&self) -> &str {
        self.path.to_str().expect("utf-8 temp path")
    }

    /// Runs `iscvm --db FILE args...`.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["--db", self.db()];
        all.extend_from_slice(args);
        iscvm(&all)
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "{args:?} failed: {err}");
        out
    }

    /// Runs with `--json`, expects success, parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.ok(&all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    }

    /// Runs and expects failure with a message; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 1, "{args:?} should fail: {out}");
        assert!(err.starts_with("error:"), "{args:?}: {err}");
        err
    }

    /// Posts a request and returns its id.
    pub fn request(&self, args: &[&str]) -> String {
        let mut all = vec!["request"];
        all.extend_from_slice(args);
        let v = self.json(&all);
        v["request_id"].as_str().expect("request_id").to_string()
    }

    /// Runs a block and returns its JSON.
    pub fn block(&self) -> Value {
        self.json(&["block", "run"])
    }

    /// Deposits `amount` base tokens for wallet `name` and runs the block.
    pub fn deposit(&self, name: &str, amount: u64) {
        let transfer = format!("base:{amount}");
        self.call(name, "accounts", "deposit", &["--transfer", &transfer]);
        let v = self.block();
        assert!(v["receipts"][0]["error"].is_null(), "{v}");
    }

    /// Posts a request from `sender` to `func` of `contract`, with `more` arguments after them
    /// (`-p` params, `--transfer`); returns its id.
    pub fn call(&self, sender: &str, contract: &str, func: &str, more: &[&str]) -> String {
        let mut all = vec!["--sender", sender, "--contract", contract, "--func", func];
        all.extend_from_slice(more);
        self.request(&all)
    }

    /// Stores the program `file` as a blob (the block that stores it is not run); returns its hash.
    pub fn store_blob(&self, file: &str) -> String {
        let v = self.json(&["blob", "store", file]);
        v["hash"].as_str().expect("hash").to_string()
    }

    /// Posts the deployment of the program `hash` as `name` with these `params` (`-p` each); returns
    /// the command's JSON.
    pub fn deploy(&self, hash: &str, name: &str, params: &[&str]) -> Value {
        let mut all = vec!["deploy", "--program", hash, "--name", name];
        for p in params {
            all.extend_from_slice(&["-p", p]);
        }
        self.json(&all)
    }
}

/// The inccounter example contract's Wasm build.
pub const INCCOUNTER_WASM: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../contracts/wasm/inccounter.wasm"
);

/// Asserts that no receipt of a block's JSON has an error.
pub fn all_ok(block: &Value) {
    assert!(
        block["receipts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["error"].is_null()),
        "{block}"
    );
}

/// The `(field, size)` pairs of `blob info` JSON, in its order.
pub fn field_sizes(info: &Value) -> Vec<(String, u64)> {
    info["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_string(),
                f["size"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// True for 64 hex digits.
pub fn is_hash(v: &Value) -> bool {
    v.as_str().is_some_and(|s| Hash::from_hex(s).is_ok())
}
