//! `iscvm deploy`: a request to root.deployContract.

use isc_abi::{Codec, Dict, Hash, Hname};
use isc_native_contracts::root;
use serde::Serialize;

use crate::args::{Cli, DeployArgs};
use crate::commands::blob::program_size;
use crate::commands::funding::ensure_fee_funds;
use crate::commands::request::{post, print_posted, Call, Posted};
use crate::commands::values::parse_params;
use crate::error::CliError;
use crate::output::print_json;
use crate::session::Session;

/// The params of root.deployContract: `ph` program hash, `nm` name, `ds` description, and the new
/// contract's init params (which must not use those three keys).
pub fn deploy_params(
    program: &Hash,
    name: &str,
    description: Option<&str>,
    init_params: &Dict,
) -> Result<Dict, CliError> {
    let mut params = Dict::new();
    for (key, value) in init_params.iter() {
        let reserved = [
            root::keys::PROGRAM_HASH,
            root::keys::NAME,
            root::keys::DESCRIPTION,
        ];
        if reserved.iter().any(|r| r.as_bytes() == key) {
            return Err(CliError::bad_arg(
                String::from_utf8_lossy(key),
                "this key is reserved by deployContract (use --program, --name, --description)",
            ));
        }
        params
            .set(key, value)
            .map_err(|e| CliError::bad_arg(String::from_utf8_lossy(key), e))?;
    }
    let mut set = |key: &str, value: Vec<u8>| {
        params
            .set(key.as_bytes(), value)
            .map_err(|e| CliError::bad_arg(key, e))
    };
    set(root::keys::PROGRAM_HASH, program.encode())?;
    set(root::keys::NAME, name.as_bytes().to_vec())?;
    if let Some(d) = description {
        set(root::keys::DESCRIPTION, d.as_bytes().to_vec())?;
    }
    Ok(params)
}

#[derive(Serialize)]
struct DeployOut {
    name: String,
    hname: String,
    program: String,
    #[serde(flatten)]
    request: Posted,
}

/// Runs `deploy ...`.
pub fn run(cli: &Cli, args: &DeployArgs) -> Result<(), CliError> {
    let program = Hash::from_hex(&args.program)
        .map_err(|e| CliError::bad_arg(&args.program, format!("not a program hash: {e}")))?;
    if args.name.is_empty() {
        return Err(CliError::bad_arg(
            "--name",
            "a contract name cannot be empty",
        ));
    }
    let init_params = parse_params(&args.params.params)?;
    let params = deploy_params(
        &program,
        &args.name,
        args.description.as_deref(),
        &init_params,
    )?;
    let session = Session::open(cli, "deploy")?;
    // Without --gas, a program that costs more than the default budget to compile gets a budget
    // that covers it (Limits::deploy_budget); others keep the default (0).
    let gas = match args.gas {
        Some(gas) => gas,
        None => {
            let limits = session.chain().limits();
            program_size(&session, &program)?
                .map(|len| limits.deploy_budget(len))
                .filter(|&budget| budget > limits.default_gas_budget)
                .unwrap_or(0)
        }
    };
    let deposit = if args.funding.no_deposit {
        None
    } else {
        let budget = match gas {
            0 => session.chain().limits().default_gas_budget,
            g => g,
        };
        ensure_fee_funds(&session, &args.sender, budget)?
    };
    let call = Call {
        sender: &args.sender,
        contract: (root::CONTRACT.name, root::CONTRACT.hname()),
        func: (
            root::names::DEPLOY_CONTRACT,
            Hname::new(root::names::DEPLOY_CONTRACT),
        ),
        params,
        transfer: Default::default(),
        gas,
    };
    let out = DeployOut {
        name: args.name.clone(),
        hname: Hname::new(&args.name).to_string(),
        program: program.to_string(),
        request: post(&session, call, deposit)?,
    };
    if cli.json {
        return print_json(&out);
    }
    println!(
        "deploy program {} as contract `{}` ({})",
        out.program, out.name, out.hname
    );
    print_posted(&out.request, &Default::default());
    Ok(())
}
