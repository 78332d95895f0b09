//! `iscvm verify`: replay the chain from the origin and check every block, hash and state key.

use serde::Serialize;

use crate::args::Cli;
use crate::error::CliError;
use crate::output::print_json;
use crate::session::Session;

#[derive(Serialize)]
struct Out {
    ok: bool,
    blocks: u64,
    state_hash: Option<String>,
    keys: Option<usize>,
    error: Option<String>,
}

/// Runs `verify`: exit code 0 only when every block checks out.
pub fn run(cli: &Cli) -> Result<(), CliError> {
    let session = Session::open(cli, "verify")?;
    match isc_sandbox::verify(session.store()) {
        Ok(report) => {
            if cli.json {
                return print_json(&Out {
                    ok: true,
                    blocks: report.blocks,
                    state_hash: Some(report.state_hash.to_string()),
                    keys: Some(report.keys),
                    error: None,
                });
            }
            println!(
                "ok: {} blocks replayed from the origin; state hash {} and all {} state keys match",
                report.blocks, report.state_hash, report.keys
            );
            Ok(())
        }
        Err(source) => {
            if cli.json {
                print_json(&Out {
                    ok: false,
                    blocks: 0,
                    state_hash: None,
                    keys: None,
                    error: Some(source.to_string()),
                })?;
            }
            Err(CliError::Verify {
                path: session.path().to_path_buf(),
                source,
            })
        }
    }
}
