//! End-to-end tests of the stateless commands: run the built `iscvm` binary.

use std::process::Command;

fn iscvm(args: &[&str]) -> (i32, String, String) {
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

#[test]
fn hname_prints_one_per_line() {
    let (code, out, _) = iscvm(&["hname", "root", "accounts"]);
    assert_eq!(code, 0);
    assert_eq!(out, "cebf5908\n3c4b5e02\n");
}

#[test]
fn hname_json() {
    let (code, out, _) = iscvm(&["--json", "hname", "blob"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["name"], "blob");
    assert_eq!(v[0]["hname"], "fd91bc63");
}

#[test]
fn blob_hash_vector_in_any_field_order() {
    let (code, out, _) = iscvm(&[
        "blob-hash",
        "v=wasmtime",
        "p=hex:0061736d01000000",
        "d=test",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        "f25d5329c39c0c34f7eb537af2c312754e1ffde95ce8a8219d6d0b0fc5962b16"
    );
    let (_, json, _) = iscvm(&[
        "blob-hash",
        "--json",
        "d=test",
        "p=hex:0061736d01000000",
        "v=wasmtime",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["hash"], out.trim());
}

#[test]
fn bad_arguments_fail_with_a_message() {
    for args in [
        vec!["blob-hash", "novalue"],
        vec!["blob-hash", "=x"],
        vec!["blob-hash", "p=hex:zz"],
        vec!["blob-hash", "a=1", "a=2"],
        vec!["hname"],
        vec!["no-such-command"],
    ] {
        let (code, out, err) = iscvm(&args);
        assert_ne!(code, 0, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(!err.trim().is_empty(), "{args:?}: no message");
    }
}

#[test]
fn help_on_every_command() {
    for args in [
        vec!["--help"],
        vec!["hname", "--help"],
        vec!["blob-hash", "--help"],
    ] {
        let (code, out, _) = iscvm(&args);
        assert_eq!(code, 0, "{args:?}");
        assert!(out.contains("Usage"), "{args:?}");
    }
}
