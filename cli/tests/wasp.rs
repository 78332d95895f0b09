//! The Wasp binaries through the `iscvm` command: `check` names their ABI and the entry points their
//! `on_load` registers; `blob store`, `deploy`, `request` and `view` run them like any contract.

mod common;

use common::{iscvm, Chain, INCCOUNTER_WASM};
use serde_json::Value;

fn wasp_file(tag: &str, name: &str) -> Option<String> {
    isc_env::wasp_binary(tag, name)?;
    let dir = isc_env::wasp_dir()?;
    Some(
        dir.join(tag)
            .join(format!("{name}_bg.wasm"))
            .display()
            .to_string(),
    )
}

#[test]
fn check_names_the_abi_and_the_registered_entry_points() {
    for (tag, abi) in [("v0.1.0", "wasplib-v0.1"), ("v0.2.0", "wasmlib-v0.2")] {
        let Some(file) = wasp_file(tag, "inccounter") else {
            return;
        };
        let (code, out, err) = iscvm(&["--json", "check", &file]);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["abi"], abi, "{v}");
        let entries = v["entry_points"].as_array().unwrap();
        let find = |name: &str| entries.iter().find(|e| e["name"] == name).cloned();
        let get = find("getCounter").expect("getCounter");
        assert_eq!(get["kind"], "view");
        assert_eq!(get["hname"], "b423e607");
        let inc = find("increment").expect("increment");
        assert_eq!(inc["kind"], "func");
        assert_eq!(inc["hname"], "d351bd12");
        // v0.1.0 also has the host's own view `copy_all_state`.
        let expected = if tag == "v0.1.0" { 12 } else { 14 };
        assert_eq!(entries.len(), expected, "{v}");
        let (code, text, _) = iscvm(&["check", &file]);
        assert_eq!(code, 0);
        assert!(text.contains(&format!("abi: {abi}")), "{text}");
        assert!(text.contains("b423e607 view getCounter"), "{text}");
    }
    let (code, out, _) = iscvm(&["--json", "check", INCCOUNTER_WASM]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["abi"], "isc");
}

#[test]
fn a_wasp_inccounter_is_stored_deployed_called_and_viewed() {
    for tag in ["v0.1.0", "v0.2.0"] {
        let Some(file) = wasp_file(tag, "inccounter") else {
            return;
        };
        let chain = Chain::initialized();
        chain.deposit("alice", 10_000_000);
        let hash = chain.store_blob(&file);
        assert!(chain.block()["receipts"][0]["error"].is_null());
        chain.deploy(&hash, "inccounter", &["counter=i64:5"]);
        let b = chain.block();
        assert!(b["receipts"][0]["error"].is_null(), "{tag}: {b}");
        chain.call("alice", "inccounter", "increment", &[]);
        let b = chain.block();
        assert!(b["receipts"][0]["error"].is_null(), "{tag}: {b}");
        let v = chain.json(&["view", "--contract", "inccounter", "--func", "getCounter"]);
        assert!(
            v.to_string().contains("0600000000000000"),
            "{tag}: counter 6: {v}"
        );
    }
}
