//! End-to-end tests of `blob store --field`: blobs of any fields, stored and read back, and the errors.

mod common;

use common::{field_sizes, Chain};
use serde_json::Value;

/// The blob hash by the rule of the design handbook: blake2b-256 of value ‖ name over the fields sorted
/// by name, written out here rather than taken from the code under test.
fn expected_hash(fields: &[(&str, &[u8])]) -> String {
    let mut sorted = fields.to_vec();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut all = Vec::new();
    for (name, value) in sorted {
        all.extend_from_slice(value);
        all.extend_from_slice(name.as_bytes());
    }
    isc_abi::blake2b256(&all).to_string()
}

#[test]
fn a_blob_of_two_fields_is_stored_and_read_back() {
    let chain = Chain::initialized();
    let data = chain.path.with_file_name("data.bin");
    let bytes = [0u8, 1, 2, 0xff, 0x80];
    std::fs::write(&data, bytes).unwrap();
    let bin_arg = format!("bin=@{}", data.display());
    let v = chain.json(&["blob", "store", "--field", &bin_arg, "--field", "n=u64:7"]);
    let hash = v["hash"].as_str().unwrap().to_string();
    assert_eq!(
        hash,
        expected_hash(&[("bin", &bytes), ("n", &7u64.to_le_bytes())])
    );
    assert!(v["size"].is_null(), "no program: {v}");
    assert!(v["vm_type"].is_null(), "no VM type: {v}");
    assert_eq!(v["blob_size"], 3 + 5 + 1 + 8);
    assert_eq!(v["fields"][0]["field"], "bin");
    assert_eq!(v["fields"][0]["size"], 5);
    assert_eq!(v["fields"][1]["field"], "n");
    assert_eq!(v["fields"][1]["size"], 8);
    assert!(v["request_id"].is_string(), "{v}");

    let b = chain.block();
    let receipts = b["receipts"].as_array().unwrap();
    let store = receipts.iter().find(|r| r["func"] == "storeBlob").unwrap();
    assert!(store["error"].is_null(), "{b}");

    let info = chain.json(&["blob", "info", &hash]);
    assert_eq!(info["hash"], hash.as_str());
    assert_eq!(field_sizes(&info), vec![("bin".into(), 5), ("n".into(), 8)]);
    let list = chain.json(&["blob", "list"]);
    assert_eq!(list[0]["hash"], hash.as_str());
    assert!(list[0]["vm_type"].is_null());
    // Each field's bytes, as the blob contract returns them.
    let hash_param = format!("hash=hex:{hash}");
    for (field, hex) in [("bin", "000102ff80"), ("n", "0700000000000000")] {
        let got = chain.json(&[
            "view",
            "--contract",
            "blob",
            "--func",
            "getBlobField",
            "-p",
            &hash_param,
            "-p",
            &format!("field={field}"),
        ]);
        assert_eq!(got[0]["key"], "bytes");
        assert_eq!(got[0]["value_hex"], hex, "{field}");
    }
    // The text form lists the fields.
    let text = chain.ok(&["blob", "store", "--field", "t=hello", "--field", "u=world"]);
    assert!(text.contains("(2 fields, 12 bytes)"), "{text}");
}

#[test]
fn the_handbook_vector_as_fields() {
    let chain = Chain::initialized();
    // VM type `wasmtime` is not the Wasm VM of this chain: `p` is stored as given.
    let v = chain.json(&[
        "blob",
        "store",
        "--field",
        "d=test",
        "--field",
        "p=hex:0061736d01000000",
        "--field",
        "v=wasmtime",
    ]);
    assert_eq!(
        v["hash"],
        "f25d5329c39c0c34f7eb537af2c312754e1ffde95ce8a8219d6d0b0fc5962b16"
    );
    assert_eq!(v["size"], 8);
    assert_eq!(v["vm_type"], "wasmtime");
}

#[test]
fn a_program_in_fields_is_the_program_form() {
    let chain = Chain::initialized();
    let wat = chain.path.with_file_name("prog.wat");
    std::fs::write(&wat, b"(module (memory (export \"memory\") 1))").unwrap();
    let file = wat.to_str().unwrap();
    let program = chain.json(&["blob", "store", file, "--description", "tiny"]);
    let fields = chain.json(&[
        "blob",
        "store",
        "--field",
        &format!("p=@{file}"),
        "--field",
        "v=wasmer",
        "--field",
        "d=tiny",
    ]);
    assert_eq!(
        fields["hash"], program["hash"],
        "WAT is assembled as FILE is"
    );
    assert_eq!(fields["size"], program["size"]);
    assert_eq!(fields["vm_type"], "wasmer");
    let err = chain.fails(&["blob", "store", "--field", "p=junk", "--field", "v=wasmer"]);
    assert!(
        err.contains("--field p") && err.contains("not_wasm"),
        "{err}"
    );
}

#[test]
fn bad_fields_are_refused_before_anything_is_sent() {
    let chain = Chain::initialized();
    let backlog = |c: &Chain| -> Value { c.json(&["chain", "info"])["backlog"].clone() };
    let before = backlog(&chain);
    let err = chain.fails(&["blob", "store", "--field", "a=1", "--field", "a=2"]);
    assert!(err.contains("field `a` given twice"), "{err}");
    let err = chain.fails(&["blob", "store", "--field", "=1"]);
    assert!(err.contains("empty field name"), "{err}");
    let missing = chain.path.with_file_name("missing.bin");
    let arg = format!("a=@{}", missing.display());
    let err = chain.fails(&["blob", "store", "--field", &arg]);
    assert!(
        err.contains("field `a`: cannot read") && err.contains("missing.bin"),
        "{err}"
    );
    let err = chain.fails(&["blob", "store", "--field", "a=u64:x"]);
    assert!(err.contains("bad u64"), "{err}");
    // Past the chain's blob size limit (4 MiB, names and values).
    let big = chain.path.with_file_name("big.bin");
    std::fs::write(&big, vec![7u8; 4 * 1024 * 1024]).unwrap();
    let arg = format!("huge=@{}", big.display());
    let err = chain.fails(&["blob", "store", "--field", &arg, "--field", "x=1"]);
    assert!(
        err.contains("blob size limit of 4194304 bytes")
            && err.contains("`huge` (4194304 bytes)")
            && err.contains("4194310 bytes"),
        "{err}"
    );
    // The program form has the same limit.
    let err = chain.fails(&["blob", "store", big.to_str().unwrap(), "--vm", "raw"]);
    assert!(err.contains("blob size limit of 4194304 bytes"), "{err}");
    // A name too long for the blob contract's state key (33 bytes before the name, 1024 at most).
    let name = "n".repeat(1000);
    let err = chain.fails(&["blob", "store", "--field", &format!("{name}=1")]);
    assert!(
        err.contains("1033 bytes, past the chain's limit of 1024 bytes"),
        "{err}"
    );
    // FILE and --field are the two forms, one or the other.
    let (code, _, err) = chain.run(&["blob", "store", "x.wasm", "--field", "a=1"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, err) = chain.run(&["blob", "store", "--vm", "evm", "--field", "a=1"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, err) = chain.run(&["blob", "store"]);
    assert_eq!(code, 1);
    assert!(err.contains("required"), "{err}");
    assert_eq!(backlog(&chain), before, "nothing was sent");
}
