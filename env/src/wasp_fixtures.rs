//! Where the Wasp binaries live: the contracts built for Wasp v0.1.0 and v0.2.0 that iscvm runs
//! unmodified. They are kept outside this repository (`shared/wasp/<tag>/<name>_bg.wasm` beside it);
//! the tests and benchmarks that use them find them here.
//!
//! The folder is `$ISCVM_WASP_DIR` if set, else the first `shared/wasp` found walking up from the
//! current directory or from this crate's folder. With `ISCVM_REQUIRE_WASP=1` (CI sets it when the
//! folder is there) a test that cannot find a binary fails instead of skipping.

use std::path::{Path, PathBuf};

/// The folder holding `v0.1.0/` and `v0.2.0/`, if there is one.
pub fn wasp_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("ISCVM_WASP_DIR") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let here = std::env::current_dir().ok();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    for start in here.into_iter().chain([crate_dir]) {
        for dir in start.ancestors() {
            let candidate = dir.join("shared").join("wasp");
            if candidate.join("v0.1.0").is_dir() {
                return Some(candidate);
            }
        }
    }
    None
}

/// The binary of contract `name` at `tag` (`v0.1.0` or `v0.2.0`), if the folder has it.
///
/// # Panics
/// When `ISCVM_REQUIRE_WASP=1` and the binary cannot be read.
pub fn wasp_binary(tag: &str, name: &str) -> Option<Vec<u8>> {
    let found =
        wasp_dir().and_then(|d| std::fs::read(d.join(tag).join(format!("{name}_bg.wasm"))).ok());
    if found.is_none() {
        if std::env::var("ISCVM_REQUIRE_WASP").as_deref() == Ok("1") {
            panic!("the Wasp binary {tag}/{name} is required (ISCVM_REQUIRE_WASP=1) but not found");
        }
        eprintln!("skipped: the Wasp binary {tag}/{name} is not here (set ISCVM_WASP_DIR)");
    }
    found
}
