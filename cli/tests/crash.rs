//! Crash safety: a process committing blocks is killed with SIGKILL at many points; every time, the store
//! reopens at a whole block, `verify` replays it from the origin without a mismatch, and `audit` accounts
//! for every token.

mod common;

use std::process::{Command, Stdio};
use std::time::Instant;

use common::iscvm;
use serde_json::Value;

/// Starts `iscvm demo` on `path` (it commits dozens of blocks and L1 transactions).
fn start_demo(path: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_iscvm"))
        .args([
            "demo",
            "--db",
            path,
            "--requests",
            "3000",
            "--block-size",
            "100",
            "--json",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start iscvm demo")
}

#[test]
fn sigkill_at_any_point_leaves_a_whole_verifiable_block() {
    // How long a whole run takes here, so that kills spread over all of it.
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.redb");
    let started = Instant::now();
    let status = start_demo(full.to_str().unwrap()).wait().unwrap();
    assert!(status.success());
    let total = started.elapsed();

    let mut verified_blocks = Vec::new();
    for i in 1..=12u32 {
        let path = dir.path().join(format!("kill{i}.redb"));
        let path = path.to_str().unwrap();
        let mut child = start_demo(path);
        std::thread::sleep(total * i / 13);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let (code, out, err) = iscvm(&["--db", path, "--json", "verify"]);
        if code != 0
            && (err.contains("no chain")
                || err.contains("does not exist")
                || err.contains("no such"))
        {
            // Killed before the chain's origin block was committed: nothing to verify.
            verified_blocks.push(0);
            continue;
        }
        assert_eq!(code, 0, "kill {i}: verify failed: {out} {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["ok"], true, "kill {i}: {v}");
        let blocks = v["blocks"].as_u64().unwrap();
        // The head is a whole block: it can be shown, and its index is the last verified one.
        let (code, shown, err) = iscvm(&[
            "--db",
            path,
            "--json",
            "block",
            "show",
            &(blocks - 1).to_string(),
        ]);
        assert_eq!(code, 0, "kill {i}: {err}");
        let shown: Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(shown["index"].as_u64(), Some(blocks - 1));
        // Every token is accounted for, whatever the kill interrupted (an L1 transaction, a block,
        // its delivery).
        let (code, out, err) = iscvm(&["--db", path, "--json", "audit"]);
        assert_eq!(code, 0, "kill {i}: audit failed: {out} {err}");
        verified_blocks.push(blocks);
    }
    // The kills landed at different points of the run (not all before the first commit).
    assert!(
        verified_blocks.iter().filter(|&&b| b > 2).count() >= 4,
        "{verified_blocks:?}"
    );
    eprintln!("blocks verified after each kill: {verified_blocks:?}");
}
