//! `iscvm block show N`: a committed block, its state updates, and the hashes that chain it, so that
//! anyone can recompute StateHash(N) = blake2b256(StateHash(N-1) ‖ blake2b256(encoded block N)).

use isc_abi::{blake2b256, Hname};
use isc_sandbox::{origin_state_hash, Block, Mutation, StoreError};
use serde::Serialize;

use crate::args::Cli;
use crate::error::CliError;
use crate::names::Names;
use crate::output::{print_json, printable, short_hex, timestamp_text};
use crate::session::Session;

#[derive(Serialize)]
struct MutationOut {
    op: &'static str,
    key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

#[derive(Serialize)]
struct UpdateOut {
    timestamp: i64,
    mutations: Vec<MutationOut>,
}

#[derive(Serialize)]
struct Out {
    index: u32,
    timestamp: i64,
    state_hash: String,
    previous_state_hash: String,
    block_hash: String,
    encoded_size: usize,
    updates: Vec<UpdateOut>,
}

/// A key inside a partition: text when printable, else its leading letters (the record kind, by the core
/// contracts' convention) and the rest in hex, e.g. `q:0000000100`.
fn inner_key_text(key: &[u8]) -> String {
    if let Some(text) = printable(key) {
        return text.to_string();
    }
    let letters = key.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 {
        return hex::encode(key);
    }
    let (head, rest) = key.split_at(letters);
    format!("{}:{}", String::from_utf8_lossy(head), hex::encode(rest))
}

/// `contract/key` of a state key: the contract owning it (first 4 bytes, the hname LE) and the rest.
fn key_text(key: &[u8], names: &Names) -> String {
    match key.split_first_chunk::<4>() {
        Some((prefix, rest)) => {
            let owner = names.contract(Hname(u32::from_le_bytes(*prefix)));
            format!("{owner}/{}", inner_key_text(rest))
        }
        None => hex::encode(key),
    }
}

/// Runs `block show N`.
pub fn run(cli: &Cli, index: u32) -> Result<(), CliError> {
    let session = Session::open(cli, "block show")?;
    let store_err = |source: StoreError| CliError::Store {
        path: session.path().to_path_buf(),
        source,
    };
    let (head, _, _) = session.head()?;
    let stored = session
        .store()
        .block(index)
        .map_err(store_err)?
        .ok_or_else(|| {
            CliError::NotFound(format!(
                "block {index} does not exist (the last block is {head})"
            ))
        })?;
    let previous = match index.checked_sub(1) {
        None => origin_state_hash(),
        Some(p) => {
            session
                .store()
                .block(p)
                .map_err(store_err)?
                .ok_or_else(|| {
                    CliError::NotFound(format!("block {p}, before block {index}, is missing"))
                })?
                .state_hash
        }
    };
    let block = Block::decode(&stored.bytes).map_err(CliError::decode(format!("block {index}")))?;
    let out = Out {
        index: stored.index,
        timestamp: stored.timestamp,
        state_hash: stored.state_hash.to_string(),
        previous_state_hash: previous.to_string(),
        block_hash: blake2b256(&stored.bytes).to_string(),
        encoded_size: stored.bytes.len(),
        updates: block
            .updates
            .iter()
            .map(|u| UpdateOut {
                timestamp: u.timestamp,
                mutations: u
                    .mutations
                    .iter()
                    .map(|m| match m {
                        Mutation::Set { key, value } => MutationOut {
                            op: "set",
                            key: hex::encode(key),
                            value: Some(hex::encode(value)),
                        },
                        Mutation::Delete { key } => MutationOut {
                            op: "delete",
                            key: hex::encode(key),
                            value: None,
                        },
                    })
                    .collect(),
            })
            .collect(),
    };
    if cli.json {
        return print_json(&out);
    }
    let names = Names::load(&session);
    println!("block {} at {}", out.index, timestamp_text(out.timestamp));
    println!("  previous state hash  {}", out.previous_state_hash);
    println!(
        "  block hash           {} (blake2b-256 of its {} encoded bytes)",
        out.block_hash, out.encoded_size
    );
    println!(
        "  state hash           {} = blake2b-256(previous state hash ‖ block hash)",
        out.state_hash
    );
    for (i, u) in block.updates.iter().enumerate() {
        println!(
            "  update {i} at {}: {} mutations",
            timestamp_text(u.timestamp),
            u.mutations.len()
        );
        for m in &u.mutations {
            match m {
                Mutation::Set { key, value } => {
                    let guess = printable(value)
                        .filter(|t| t.len() <= 64)
                        .map(|t| format!("  {t:?}"))
                        .unwrap_or_default();
                    println!(
                        "    set    {} = {}{guess}",
                        key_text(key, &names),
                        short_hex(value, 24)
                    );
                }
                Mutation::Delete { key } => println!("    delete {}", key_text(key, &names)),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_keys() {
        assert_eq!(inner_key_text(b"o"), "o");
        assert_eq!(inner_key_text(b"q\0\0\0\x01"), "q:00000001");
        assert_eq!(inner_key_text(&[0, 1]), "0001");
    }
}
