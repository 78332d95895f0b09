//! The other Wasp fixtures through the `iscvm` command, a Solo scenario each (the full ports run
//! through `TestEnv` in env/tests/wasp_*.rs): erc20's transfer, donatewithfeedback's donation and
//! fairroulette's bet, at both tags, with params typed as `-p` values and the 37-byte agent ids of
//! that era given as `hex:`.

mod common;

use common::{all_ok, Chain};
use isc_abi::AgentId;
use isc_env::l1::test_address;
use isc_wasm::wasplib::{agent_out, Tag};
use serde_json::Value;

const TAGS: [(&str, Tag); 2] = [("v0.1.0", Tag::V01), ("v0.2.0", Tag::V02)];

/// A chain with the Wasp binary `name` of `tag` deployed under its own name with `params`, and
/// alice's and bob's deposits for fees; `None` when the binaries are not here.
fn deployed(tag: &str, name: &str, params: &[&str]) -> Option<Chain> {
    isc_env::wasp_binary(tag, name)?;
    let file = isc_env::wasp_dir()?
        .join(tag)
        .join(format!("{name}_bg.wasm"));
    let chain = Chain::initialized();
    chain.deposit("alice", 10_000_000);
    chain.deposit("bob", 10_000_000);
    let hash = chain.store_blob(file.to_str().unwrap());
    all_ok(&chain.block());
    chain.deploy(&hash, name, params);
    all_ok(&chain.block());
    Some(chain)
}

/// Wallet `name`'s agent id in `tag`'s 37-byte encoding, as a `hex:` value.
fn agent(tag: Tag, name: &str) -> String {
    let id = agent_out(tag, &AgentId::address(test_address(name)));
    format!("hex:{}", hex::encode(id))
}

/// The int64 under `key` of a view's JSON result rows.
fn int64(rows: &Value, key: &str) -> i64 {
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no `{key}` in {rows}"));
    let bytes = hex::decode(row["value_hex"].as_str().unwrap()).unwrap();
    i64::from_le_bytes(bytes.try_into().unwrap())
}

fn view(chain: &Chain, contract: &str, func: &str, params: &[&str]) -> Value {
    let mut args = vec!["view", "--contract", contract, "--func", func];
    for p in params {
        args.extend_from_slice(&["-p", p]);
    }
    chain.json(&args)
}

#[test]
fn erc20_transfers_between_agents_of_its_era() {
    for (tag, t) in TAGS {
        let alice = agent(t, "alice");
        let init = ["s=i64:1337".to_string(), format!("c={alice}")];
        let init: Vec<&str> = init.iter().map(String::as_str).collect();
        let Some(chain) = deployed(tag, "erc20", &init) else {
            return;
        };
        assert_eq!(int64(&view(&chain, "erc20", "totalSupply", &[]), "s"), 1337);
        let bob = agent(t, "bob");
        let to = format!("ac={bob}");
        chain.call(
            "alice",
            "erc20",
            "transfer",
            &["-p", &to, "-p", "am=i64:42"],
        );
        all_ok(&chain.block());
        let of = |who: &str| {
            int64(
                &view(&chain, "erc20", "balanceOf", &[&format!("ac={who}")]),
                "am",
            )
        };
        assert_eq!((of(&alice), of(&bob)), (1295, 42), "{tag}");
        // More than alice holds: the contract refuses, nothing moves.
        chain.call(
            "bob",
            "erc20",
            "transfer",
            &["-p", &format!("ac={alice}"), "-p", "am=i64:43"],
        );
        let b = chain.block();
        assert!(!b["receipts"][0]["error"].is_null(), "{tag}: {b}");
        assert_eq!((of(&alice), of(&bob)), (1295, 42), "{tag}");
    }
}

#[test]
fn donatewithfeedback_records_a_donation() {
    for (tag, _) in TAGS {
        let Some(chain) = deployed(tag, "donatewithfeedback", &[]) else {
            return;
        };
        let feedback = ["-p", "feedback=string:Nice work!", "--transfer", "base:42"];
        chain.call("alice", "donatewithfeedback", "donate", &feedback);
        all_ok(&chain.block());
        let (info, count) = match tag {
            "v0.1.0" => ("donations", "donations"),
            _ => ("donationInfo", "count"),
        };
        let rows = view(&chain, "donatewithfeedback", info, &[]);
        assert_eq!(int64(&rows, count), 1, "{tag}: {rows}");
        assert_eq!(int64(&rows, "maxDonation"), 42, "{tag}");
        assert_eq!(int64(&rows, "totalDonation"), 42, "{tag}");
        // The donation itself, with its feedback: in the same view at v0.1.0, by number at v0.2.0.
        let donation = match tag {
            "v0.1.0" => rows,
            _ => view(&chain, "donatewithfeedback", "donation", &["nr=i64:0"]),
        };
        assert!(
            donation.to_string().contains("Nice work!"),
            "{tag}: {donation}"
        );
    }
}

#[test]
fn fairroulette_takes_a_bet() {
    for (tag, _) in TAGS {
        let Some(chain) = deployed(tag, "fairroulette", &[]) else {
            return;
        };
        let bet = ["-p", "number=i64:3", "--transfer", "base:100"];
        chain.call("alice", "fairroulette", "placeBet", &bet);
        all_ok(&chain.block());
        // An out-of-range number is refused by the contract.
        chain.call(
            "bob",
            "fairroulette",
            "placeBet",
            &["-p", "number=i64:9", "--transfer", "base:100"],
        );
        let b = chain.block();
        assert!(!b["receipts"][0]["error"].is_null(), "{tag}: {b}");
    }
}
