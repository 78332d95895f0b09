//! `iscvm chain init`, `iscvm chain info` and `iscvm chain list`.

use isc_abi::{AgentId, Color, Dict, Hname};
use isc_native_contracts::root;
use serde::Serialize;

use crate::args::{ChainCmd, Cli};
use crate::error::CliError;
use crate::names::contract_records;
use crate::output::{print_json, timestamp_text};
use crate::session::Session;
use isc_env::MAIN_CHAIN;

/// Runs `chain ...`.
pub fn run(cli: &Cli, cmd: &ChainCmd) -> Result<(), CliError> {
    match cmd {
        ChainCmd::Init {
            name,
            owner,
            description,
        } => {
            let name = name
                .as_deref()
                .or(cli.chain.as_deref())
                .unwrap_or(MAIN_CHAIN);
            init(cli, name, owner, description)
        }
        ChainCmd::Info => info(cli),
        ChainCmd::List => list(cli),
    }
}

#[derive(Serialize)]
struct InitOut {
    db: String,
    name: String,
    chain_id: String,
    owner: String,
    owner_name: String,
    origin_block: u32,
    origin_state_hash: String,
    backlog: usize,
    next: &'static str,
}

fn init(cli: &Cli, name: &str, owner: &str, description: &str) -> Result<(), CliError> {
    let path = Session::db_path(cli, "chain init")?;
    let session = Session::create(path, name, owner, description)?;
    let (index, _, state_hash) = session.head()?;
    let out = InitOut {
        db: path.display().to_string(),
        name: name.to_string(),
        chain_id: session.chain().id().to_string(),
        owner: AgentId::address(session.wallet(owner)?).to_string(),
        owner_name: owner.to_string(),
        origin_block: index,
        origin_state_hash: state_hash.to_string(),
        backlog: session
            .chain()
            .backlog_len()
            .map_err(CliError::runtime("read the backlog"))?,
        next: "root.init is in the backlog: `iscvm block run` executes it",
    };
    if cli.json {
        return print_json(&out);
    }
    println!(
        "created chain `{}` {} in {}",
        out.name, out.chain_id, out.db
    );
    println!("  owner              {} (wallet `{owner}`)", out.owner);
    println!("  origin state hash  {} (block 0)", out.origin_state_hash);
    println!(
        "  backlog            {} request: root.init, which makes the owner the chain owner and deploys the core contracts",
        out.backlog
    );
    let chain_flag = if name == MAIN_CHAIN {
        String::new()
    } else {
        format!(" --chain {name}")
    };
    println!(
        "next: `iscvm --db {}{chain_flag} block run` executes it (block 1)",
        out.db
    );
    Ok(())
}

#[derive(Serialize)]
struct Head {
    index: u32,
    timestamp: i64,
    state_hash: String,
}

#[derive(Serialize)]
struct Fee {
    color: String,
    gas_per_token: u64,
}

#[derive(Serialize)]
struct ContractOut {
    name: String,
    hname: String,
    vm_type: String,
    program_hash: String,
    description: String,
    creator: String,
}

#[derive(Serialize)]
struct InfoOut {
    name: String,
    chain_id: String,
    owner: Option<String>,
    description: String,
    fee: Option<Fee>,
    head: Head,
    backlog: usize,
    contracts: Vec<ContractOut>,
}

fn info(cli: &Cli) -> Result<(), CliError> {
    let session = Session::open(cli, "chain info")?;
    let (index, timestamp, state_hash) = session.head()?;
    let info = chain_info(&session)?;
    let owner = info.owner;
    let description = info.description;
    let fee = owner.map(|_| Fee {
        color: info.fee_policy.color.to_string(),
        gas_per_token: info.fee_policy.gas_per_token,
    });
    let contracts = contract_records(&session)?
        .into_iter()
        .map(|(hname, r)| ContractOut {
            name: r.name,
            hname: hname.to_string(),
            vm_type: r.vm_type,
            program_hash: r.program_hash.to_string(),
            description: r.description,
            creator: r.creator.to_string(),
        })
        .collect();
    let out = InfoOut {
        name: session.chain_name().to_string(),
        chain_id: session.chain().id().to_string(),
        owner: owner.map(|o| o.to_string()),
        description,
        fee,
        head: Head {
            index,
            timestamp,
            state_hash: state_hash.to_string(),
        },
        backlog: session
            .chain()
            .backlog_len()
            .map_err(CliError::runtime("read the backlog"))?,
        contracts,
    };
    if cli.json {
        return print_json(&out);
    }
    println!("chain `{}` {}", out.name, out.chain_id);
    match &out.owner {
        Some(o) => println!("  owner        {o}"),
        None => println!("  owner        none yet (root.init has not run: `iscvm block run`)"),
    }
    println!("  description  {}", out.description);
    if let Some(fee) = &out.fee {
        println!(
            "  fees         1 {} token per {} gas",
            fee.color, fee.gas_per_token
        );
    }
    println!(
        "  head         block {} at {}",
        out.head.index,
        timestamp_text(out.head.timestamp)
    );
    println!("  state hash   {}", out.head.state_hash);
    println!("  backlog      {} waiting", out.backlog);
    println!("  contracts    {}", out.contracts.len());
    for c in &out.contracts {
        println!(
            "    {:<10} {}  {:<6} program {}",
            c.name, c.hname, c.vm_type, c.program_hash
        );
    }
    Ok(())
}

/// What root's `getChainInfo` says about the chain.
fn chain_info(session: &Session) -> Result<root::ChainInfo, CliError> {
    let info = session.view(
        root::CONTRACT.hname(),
        Hname::new(root::names::GET_CHAIN_INFO),
        Dict::new(),
    )?;
    root::ChainInfo::from_dict(&info).map_err(CliError::decode("chain info"))
}

/// The fee policy to expect for requests posted now: the chain's, or the default one a chain starts
/// with when root's init has not run yet (it will have run by the time these requests do).
pub fn fee_policy(session: &Session) -> Result<isc_gas::FeePolicy, CliError> {
    let info = chain_info(session)?;
    Ok(match info.owner {
        None => isc_gas::FeePolicy::DEFAULT,
        Some(_) => info.fee_policy,
    })
}

#[derive(Serialize)]
struct ListedChain {
    name: String,
    chain_id: String,
    head: u32,
    backlog: usize,
    l1_balance: u64,
}

#[derive(Serialize)]
struct PendingOut {
    target: String,
    request_id: String,
    sender: String,
    base_tokens: u64,
}

#[derive(Serialize)]
struct ListOut {
    chains: Vec<ListedChain>,
    pending: Vec<PendingOut>,
}

fn list(cli: &Cli) -> Result<(), CliError> {
    let session = Session::open(cli, "chain list")?;
    let env = session.env();
    let mut chains = Vec::new();
    for (name, id) in env.chains() {
        let chain = env.chain(&id).map_err(CliError::runtime("open a chain"))?;
        let (head, _, _) = chain.head().map_err(CliError::runtime("read a head"))?;
        chains.push(ListedChain {
            name,
            chain_id: id.to_string(),
            head,
            backlog: chain
                .backlog_len()
                .map_err(CliError::runtime("read a backlog"))?,
            l1_balance: env
                .l1()
                .balance(&isc_env::l1::chain_address(&id))
                .map_err(CliError::runtime("read the L1 ledger"))?
                .get(&Color::BASE),
        });
    }
    let pending = env
        .pending()
        .map_err(CliError::runtime("read the pending requests"))?
        .into_iter()
        .map(|p| PendingOut {
            target: p.target.to_string(),
            request_id: p.request.id.to_string(),
            sender: p.request.sender.to_string(),
            base_tokens: p.request.transfer.get(&Color::BASE),
        })
        .collect();
    let out = ListOut { chains, pending };
    if cli.json {
        return print_json(&out);
    }
    println!(
        "{:<12} {:<46} {:>6} {:>8} {:>16}",
        "name", "chain id", "head", "backlog", "on L1 (base)"
    );
    for c in &out.chains {
        println!(
            "{:<12} {:<46} {:>6} {:>8} {:>16}",
            c.name, c.chain_id, c.head, c.backlog, c.l1_balance
        );
    }
    if !out.pending.is_empty() {
        println!("pending on L1 (no such chain, or a full backlog):");
        for p in &out.pending {
            println!(
                "  {} -> chain {} from {} with {} base tokens",
                p.request_id, p.target, p.sender, p.base_tokens
            );
        }
    }
    Ok(())
}
