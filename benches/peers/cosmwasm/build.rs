//! Finds the test contracts cosmwasm-vm ships in its crate (`testdata/`, downloaded with its source)
//! and tells the binary where they are (`COSMWASM_VM_TESTDATA`) and which version they are of
//! (`COSMWASM_VM_VERSION`), from `cargo metadata` of this workspace.

use std::path::Path;
use std::process::Command;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    // Only this target's packages: those of other platforms need not have been downloaded.
    let target = std::env::var("TARGET").expect("cargo sets TARGET");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &target, "--manifest-path"])
        .arg(Path::new(&manifest_dir).join("Cargo.toml"))
        .output()
        .expect("running cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let vm = metadata["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == "cosmwasm-vm"))
        .expect("cosmwasm-vm among the packages");
    let manifest = Path::new(vm["manifest_path"].as_str().expect("a manifest path"));
    let testdata = manifest
        .parent()
        .expect("a crate directory")
        .join("testdata");
    assert!(
        testdata.join("cyberpunk.wasm").is_file(),
        "no cyberpunk.wasm in {}",
        testdata.display()
    );
    println!(
        "cargo:rustc-env=COSMWASM_VM_TESTDATA={}",
        testdata.display()
    );
    println!(
        "cargo:rustc-env=COSMWASM_VM_VERSION={}",
        vm["version"].as_str().expect("a version")
    );
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=build.rs");
}
