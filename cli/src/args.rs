//! The command-line grammar (clap derive).

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};

/// iscvm: execution engine for IOTA-Smart-Contracts-style chains.
///
/// Chain commands work on a store file (`--db PATH`, one redb file holding one or more chains and the
/// simulated L1 ledger between them) and on one of its chains (`--chain NAME`, default `main`). Requests
/// go into the chain's backlog and take effect at the next `block run`; what a block sends to another
/// chain of the file waits in that chain's backlog.
#[derive(Debug, Parser)]
#[command(name = "iscvm", version, about, long_about = None)]
pub struct Cli {
    /// The chain store file (redb).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The chain of the store file to work on (see `chain list`; default `main`).
    #[arg(long, global = true, value_name = "NAME")]
    pub chain: Option<String>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the hname of each NAME, one per line (8 hex digits).
    Hname {
        /// Names of contracts or entry points.
        #[arg(required = true, value_name = "NAME")]
        names: Vec<String>,
    },
    /// Print the hash of a blob given as FIELD=VALUE pairs (prefix a value with `hex:` for raw bytes).
    BlobHash {
        /// Blob fields, e.g. `v=wasmer` or `p=hex:0061736d01000000`.
        #[arg(required = true, value_name = "FIELD=VALUE")]
        fields: Vec<String>,
    },
    /// Create a chain, or show it.
    #[command(subcommand)]
    Chain(ChainCmd),
    /// Send a request from a test wallet to a contract of the chain (it waits in the backlog).
    Request(RequestArgs),
    /// Store blobs (contract programs) and look at them.
    #[command(subcommand)]
    Blob(BlobCmd),
    /// Deploy a program from the blob registry as a new contract (a request to root.deployContract).
    Deploy(DeployArgs),
    /// Run the backlog as a block, or show a committed block.
    #[command(subcommand)]
    Block(BlockCmd),
    /// Call a view of a contract on the committed state and print its result.
    View(ViewArgs),
    /// On-chain accounts (the accounts contract).
    #[command(subcommand)]
    Accounts(AccountsCmd),
    /// Print the receipts of the requests of block N.
    Receipts {
        /// The block index.
        #[arg(value_name = "N")]
        block: u32,
    },
    /// Print eventlog records, newest first.
    Events(EventsArgs),
    /// Replay every block from the origin and check the stored state and hashes against it.
    Verify,
    /// Account for every token of the store file: L1 holds what was minted, and each chain's address
    /// holds its accounts, backlog, pending requests and outbox; exits 1 when the books do not balance.
    Audit,
    /// A quick run of the headline performance figures (criterion suites in benches/ give careful ones).
    Bench {
        /// Also measure gas per microsecond of every host operation against plain Wasm.
        #[arg(long)]
        calibrate: bool,
    },
    /// Check a Wasm contract (`.wasm` or `.wat`) against the validation rules; exits 1 naming the rule it
    /// breaks.
    Check {
        /// The module.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Show what the runtime does, on a fresh store file: a chain's init, deposits, a Wasm contract,
    /// many transfers and a withdrawal; then a second chain and a request with tokens between the two.
    Demo(DemoArgs),
}

/// `chain ...`
#[derive(Debug, Subcommand)]
pub enum ChainCmd {
    /// Create a chain in the store file (creating the file if needed); root's init waits in the backlog.
    /// A file holds several chains under different names.
    Init {
        /// The chain's name in the file (default: `--chain`, else `main`).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// The test wallet that owns the chain.
        #[arg(long, value_name = "NAME", default_value = "owner")]
        owner: String,
        /// The chain's description.
        #[arg(long, value_name = "TEXT", default_value = "")]
        description: String,
    },
    /// Show the chain: id, owner, head block, backlog, contracts.
    Info,
    /// List the chains of the store file: name, id, head block, backlog; and requests pending on L1.
    List,
}

/// Arguments that attach params to a call.
#[derive(Debug, Args)]
pub struct ParamArgs {
    /// A param `KEY=VALUE`; the value is typed by a prefix: `string:` (default), `u64:`, `i64:`, `u32:`,
    /// `hex:`, `agent:` (an agent id `A/...`/`C/...` or a wallet NAME), `hname:` (8 hex digits or a name),
    /// `color:` (`base` or base58), `bool:` (true/false), `chain:` (a chain id, base58).
    #[arg(short = 'p', long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
}

/// `request ...`
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The test wallet that sends it (funded by the simulated L1 faucet on first use).
    #[arg(long, value_name = "NAME")]
    pub sender: String,
    /// The target contract: a name, or its hname as exactly 8 hex digits.
    #[arg(long, value_name = "NAME|HNAME")]
    pub contract: String,
    /// The entry point (a func): a name, or its hname as exactly 8 hex digits.
    #[arg(long, value_name = "NAME|HNAME")]
    pub func: String,
    /// Params of the call.
    #[command(flatten)]
    pub params: ParamArgs,
    /// Tokens sent with the request from the sender's L1 wallet, `COLOR:AMOUNT` (`base` is the base token).
    #[arg(long, value_name = "COLOR:AMOUNT")]
    pub transfer: Vec<String>,
    /// Gas budget (default: the chain's default budget).
    #[arg(long, value_name = "N")]
    pub gas: Option<u64>,
}

/// `blob ...`
#[derive(Debug, Subcommand)]
pub enum BlobCmd {
    /// Store a blob: FILE as a program blob (fields p = the file's bytes, v = VM type, d = description),
    /// or a blob of any fields given with `--field`; a request to blob.storeBlob that takes effect at the
    /// next `block run`.
    Store(BlobStoreArgs),
    /// List the stored blobs.
    List,
    /// Show the fields of blob HASH and their sizes.
    Info {
        /// The blob hash (64 hex digits).
        #[arg(value_name = "HASH")]
        hash: String,
    },
}

/// `blob store ...`: the program form (`FILE [--vm TYPE] [--description TEXT]`) or the field form
/// (`--field NAME=@FILE|VALUE ...`), one or the other.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("contents").required(true).args(["file", "fields"])))]
pub struct BlobStoreArgs {
    /// The program file (its bytes are stored as given; for VM type `wasmer`, WAT text is assembled
    /// first). Not with `--field`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The VM type (field `v`) of the program form.
    #[arg(
        long,
        value_name = "TYPE",
        default_value = "wasmer",
        conflicts_with = "fields"
    )]
    pub vm: String,
    /// A description (field `d`; left out when not given) of the program form.
    #[arg(long, value_name = "TEXT", conflicts_with = "fields")]
    pub description: Option<String>,
    /// A field of the blob, instead of FILE (repeat it for each field; a name once): `NAME=@FILE` stores
    /// the file's bytes, `NAME=VALUE` a value typed like `-p` values (`string:` by default, `hex:`,
    /// `u64:`, ...; `string:@x` is the text `@x`). The blob is exactly these fields. The reserved names
    /// keep their meaning: `p` program, `v` VM type, `d` description; with `v=wasmer`, `p` is a Wasm
    /// program, assembled from WAT as FILE is. Limits: the chain's blob size (names and values of all
    /// fields, 4 MiB by default), state value size per field and state key size per name.
    #[arg(long = "field", value_name = "NAME=@FILE|VALUE")]
    pub fields: Vec<String>,
    /// The sending test wallet.
    #[arg(long, value_name = "NAME", default_value = "owner")]
    pub sender: String,
    /// Gas budget (default: enough for a 1 MB blob).
    #[arg(long, value_name = "N")]
    pub gas: Option<u64>,
    #[command(flatten)]
    /// Fee funding.
    pub funding: FundingArgs,
}

/// How a command that needs much gas gets the tokens for its fee.
#[derive(Debug, Args)]
pub struct FundingArgs {
    /// Do not deposit tokens first when the sender's on-chain account cannot pay the fee for the gas
    /// budget (by default a deposit request from the sender's L1 wallet goes first).
    #[arg(long)]
    pub no_deposit: bool,
}

/// `deploy ...`
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The program's blob hash (64 hex digits).
    #[arg(long, value_name = "HASH")]
    pub program: String,
    /// The new contract's name (its hname is the contract's id).
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// A description.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Params passed to the new contract's `init`.
    #[command(flatten)]
    pub params: ParamArgs,
    /// The sending test wallet (the chain owner, or an agent with deploy permission).
    #[arg(long, value_name = "NAME", default_value = "owner")]
    pub sender: String,
    /// Gas budget (default: the chain's default budget, or what compiling the program costs plus a
    /// margin when that is more).
    #[arg(long, value_name = "N")]
    pub gas: Option<u64>,
    #[command(flatten)]
    /// Fee funding.
    pub funding: FundingArgs,
}

/// `block ...`
#[derive(Debug, Subcommand)]
pub enum BlockCmd {
    /// Run the backlog as one block, commit it and apply its L1 transfers.
    Run {
        /// Run at most N requests (the rest stay in the backlog).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        max: Option<u64>,
        /// Print each request's gas report: gas and count per operation, from its burn log.
        #[arg(long)]
        gas_report: bool,
        /// Run the block at this timestamp (Unix nanoseconds) instead of the clock's; it must be after
        /// the head's (request i runs at NS + i; the block's `timestamp`, the state's new one, is NS
        /// plus the number of requests that ran). For replays: the output then leaves out the module-cache report (JSON field
        /// `module_cache`, the text line `module cache:`), which depends on the machine, the clock and
        /// the `.modules` directory, so that the same backlog run at the same timestamp on copies of
        /// one store file prints the same bytes.
        #[arg(long, value_name = "NS", allow_negative_numbers = true)]
        timestamp: Option<i64>,
    },
    /// Show committed block N: its state updates and the hashes that chain it.
    Show {
        /// The block index.
        #[arg(value_name = "N")]
        index: u32,
    },
}

/// `view ...`
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// The contract: a name, or its hname as exactly 8 hex digits.
    #[arg(long, value_name = "NAME|HNAME")]
    pub contract: String,
    /// The view: a name, or its hname as exactly 8 hex digits.
    #[arg(long, value_name = "NAME|HNAME")]
    pub func: String,
    /// Params of the call.
    #[command(flatten)]
    pub params: ParamArgs,
}

/// `accounts ...`
#[derive(Debug, Subcommand)]
pub enum AccountsCmd {
    /// Balances of one agent on the chain (and on L1 for an address).
    Balance {
        /// An agent id (`A/...`, `C/...`) or a test wallet NAME.
        #[arg(value_name = "AGENT|NAME")]
        agent: String,
    },
    /// Every account with tokens.
    List,
    /// The chain's total assets.
    Total,
}

/// `events ...`
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Only this contract (a name or 8 hex digits); by default every deployed contract.
    #[arg(long, value_name = "NAME|HNAME")]
    pub contract: Option<String>,
    /// Show at most N records, the newest (1 to 1000).
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max: u32,
}

/// `demo ...`
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of transfer requests between alice and bob.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub requests: u32,
    /// Most requests per block.
    #[arg(long, value_name = "N", default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub block_size: u32,
}
