//! An open store file: a multi-chain environment in one redb file (the simulated L1 ledger and the chain
//! catalogue in namespace `l1`, one namespace per chain), the chain a command works on (`--chain NAME`,
//! default `main`), and the few operations every command needs (send a request, run a block, call a
//! view). Every block's requests to chains and L1 transfers are delivered as soon as it commits.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use isc_abi::{Address, Balances, Dict, Hname};
use isc_env::l1::{test_address, L1Ledger, RequestSpec};
use isc_env::{BatchError, Env, MAIN_CHAIN};
use isc_runtime::{BlockResult, Chain, ProcessorRegistry, Request, RuntimeError};
use isc_sandbox::Store;
use isc_wasm::{CacheMetrics, ModuleCache, WasmVm, DEFAULT_CACHE_BYTES};

use crate::args::Cli;
use crate::error::CliError;

/// The processors of a store file: core contracts and the Wasm VM, whose compiled modules are kept
/// next to the file (`<file>.modules/`), so that a command after the first never recompiles a program.
fn registry(db: &Path) -> (ProcessorRegistry, Arc<ModuleCache>) {
    let mut dir = db.as_os_str().to_owned();
    dir.push(".modules");
    let cache = Arc::new(
        ModuleCache::with_disk(&dir, DEFAULT_CACHE_BYTES)
            .unwrap_or_else(|_| ModuleCache::in_memory(DEFAULT_CACHE_BYTES)),
    );
    let vm = WasmVm::with_cache(Default::default(), cache.clone());
    (ProcessorRegistry::new().with_vm(Arc::new(vm)), cache)
}

/// Unix nanoseconds now (0 on a clock set before 1970).
pub fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A test wallet name: what `--sender` and `agent:NAME` accept.
pub fn check_wallet_name(name: &str) -> Result<(), CliError> {
    if name.is_empty() {
        return Err(CliError::bad_arg(name, "a wallet name cannot be empty"));
    }
    if name.starts_with("A/") || name.starts_with("C/") {
        return Err(CliError::bad_arg(
            name,
            "expected a test wallet NAME, not an agent id",
        ));
    }
    Ok(())
}

/// The timestamp of the next block: now, or just after the head's when the clock is behind it.
fn next_block_timestamp(head_ts: i64) -> i64 {
    now_ns().max(head_ts.saturating_add(1))
}

/// One block that ran.
pub struct RanBlock {
    /// What the runtime returned.
    pub result: BlockResult,
    /// Time spent in `Chain::run_backlog` or `Chain::commit_block` (execution and commit).
    pub elapsed: Duration,
}

/// An open store file with the chain a command works on.
pub struct Session {
    path: PathBuf,
    env: Env,
    chain: Arc<Chain>,
    name: String,
    modules: Arc<ModuleCache>,
}

/// The chain a command names with `--chain` (default [`MAIN_CHAIN`]).
fn chain_name(cli: &Cli) -> &str {
    cli.chain.as_deref().unwrap_or(MAIN_CHAIN)
}

/// Opens (creating if needed) the environment in the file at `path`.
fn open_env(path: &Path) -> Result<(Env, Arc<ModuleCache>), CliError> {
    let (processors, modules) = registry(path);
    let env = Env::open(path, processors).map_err(|source| CliError::Runtime {
        action: format!("open the store file `{}`", path.display()),
        source,
    })?;
    Ok((env, modules))
}

impl Session {
    /// The `--db` path of a chain command.
    pub fn db_path<'a>(cli: &'a Cli, command: &'static str) -> Result<&'a Path, CliError> {
        cli.db.as_deref().ok_or(CliError::NoDb { command })
    }

    /// Opens the `--chain` chain in the `--db` file; the file must exist and hold that chain.
    pub fn open(cli: &Cli, command: &'static str) -> Result<Session, CliError> {
        let path = Session::db_path(cli, command)?;
        if !path.exists() {
            return Err(CliError::NoSuchFile {
                path: path.to_path_buf(),
            });
        }
        let (env, modules) = open_env(path)?;
        let name = chain_name(cli);
        let chain = match env.chain_named(name) {
            Ok(chain) => chain.clone(),
            Err(_) if env.chains().is_empty() => {
                return Err(CliError::NoChain {
                    path: path.to_path_buf(),
                })
            }
            Err(_) => {
                return Err(CliError::NoSuchChain {
                    path: path.to_path_buf(),
                    name: name.to_string(),
                    known: env.chains().into_iter().map(|(n, _)| n).collect(),
                })
            }
        };
        Ok(Session {
            path: path.to_path_buf(),
            env,
            chain,
            name: name.to_string(),
            modules,
        })
    }

    /// Creates chain `name` owned by test wallet `owner` in the file at `path` (created if needed):
    /// commits the origin block and leaves root's init in the backlog. Refuses a name the file already
    /// holds.
    pub fn create(
        path: &Path,
        name: &str,
        owner: &str,
        description: &str,
    ) -> Result<Session, CliError> {
        check_wallet_name(owner)?;
        isc_env::check_name(name).map_err(|e| CliError::bad_arg(name, e.to_string()))?;
        let (mut env, modules) = open_env(path)?;
        if let Ok(existing) = env.chain_named(name) {
            return Err(CliError::ChainExists {
                path: path.to_path_buf(),
                name: name.to_string(),
                chain_id: existing.id().to_string(),
            });
        }
        let owner_address = env
            .wallet(owner)
            .map_err(CliError::runtime("fund the owner's wallet"))?;
        let id = env
            .create_chain(name, &owner_address, description, now_ns())
            .map_err(CliError::runtime("create the chain"))?;
        let chain = env
            .chain(&id)
            .map_err(CliError::runtime("open the new chain"))?
            .clone();
        Ok(Session {
            path: path.to_path_buf(),
            env,
            chain,
            name: name.to_string(),
            modules,
        })
    }

    /// The environment: every chain of the file and the ledger.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The environment, to create chains.
    pub fn env_mut(&mut self) -> &mut Env {
        &mut self.env
    }

    /// The local name of the chain this session works on.
    pub fn chain_name(&self) -> &str {
        &self.name
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The chain.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// The module cache's counters in this process.
    pub fn module_cache(&self) -> CacheMetrics {
        self.modules.metrics()
    }

    /// The chain's store.
    pub fn store(&self) -> &dyn Store {
        self.chain.store().as_ref()
    }

    /// The simulated L1 ledger.
    pub fn l1(&self) -> L1Ledger<'_> {
        self.env.l1()
    }

    /// The L1 address of test wallet `name`, funded by the faucet on first use.
    pub fn wallet(&self, name: &str) -> Result<Address, CliError> {
        check_wallet_name(name)?;
        self.env
            .wallet(name)
            .map_err(CliError::runtime(format!("fund wallet `{name}`")))
    }

    /// L1 balances of test wallet `name` (without funding it).
    pub fn l1_balance_of(&self, name: &str) -> Result<Balances, CliError> {
        self.l1()
            .balance(&test_address(name))
            .map_err(CliError::runtime("read the L1 ledger"))
    }

    /// Index, timestamp and state hash of the last block.
    pub fn head(&self) -> Result<(u32, i64, isc_abi::Hash), CliError> {
        self.chain
            .head()
            .map_err(CliError::runtime("read the chain's head"))
    }

    /// Sends a request from test wallet `sender` on L1 (its transfer moves to the chain's address) and
    /// puts it into the chain's backlog, all or nothing: a request the chain refuses moves no tokens.
    pub fn send(
        &self,
        sender: &str,
        contract: Hname,
        entry_point: Hname,
        params: Dict,
        transfer: Balances,
        gas_budget: u64,
    ) -> Result<Request, CliError> {
        // The ledger asks the chain (`Chain::check_post`) before tokens leave the sender.
        let address = self.wallet(sender)?;
        let spec = RequestSpec {
            chain: self.chain.id(),
            contract,
            entry_point,
            params,
            transfer,
            gas_budget,
            timelock: 0,
        };
        self.env
            .send(&address, &spec)
            .map_err(CliError::runtime(format!(
                "send the request from wallet `{sender}` to the chain"
            )))
    }

    /// Keeps a burn log per request, so block results carry gas reports.
    pub fn with_gas_reports(self, on: bool) -> Result<Session, CliError> {
        let env = self
            .env
            .with_gas_reports(on)
            .map_err(CliError::runtime("reopen the chains"))?;
        let chain = env
            .chain(&self.chain.id())
            .map_err(CliError::runtime("reopen the chain"))?
            .clone();
        Ok(Session { env, chain, ..self })
    }

    /// Runs up to `max` requests of the backlog as one block at `timestamp` (by default now, or just
    /// after the head's when the clock is behind it), then delivers what it sent (L1 transfers, requests
    /// to chains of the file). `None` when nothing ran. A timestamp not after the head's is refused
    /// with both numbers ([`CliError::TimestampNotAfterHead`]).
    pub fn run_backlog(
        &self,
        max: usize,
        timestamp: Option<i64>,
    ) -> Result<Option<RanBlock>, CliError> {
        let (index, head_ts, _) = self.head()?;
        let timestamp = timestamp.unwrap_or_else(|| next_block_timestamp(head_ts));
        let started = Instant::now();
        let result = self
            .env
            .run_backlog(&self.chain.id(), timestamp, max)
            .map_err(|source| match source {
                RuntimeError::TimestampNotAfterState { block, state } => {
                    CliError::TimestampNotAfterHead {
                        timestamp: block,
                        head: state,
                        index,
                    }
                }
                source => CliError::runtime("run the block")(source),
            })?;
        Ok(result.map(|result| RanBlock {
            result,
            elapsed: started.elapsed(),
        }))
    }

    /// Runs `requests` as one block without the backlog, the way a node runs the ordered requests
    /// consensus agreed on; the block input is built as `Chain::run_backlog` builds it. `None` when
    /// nothing ran.
    pub fn commit_requests(&self, requests: Vec<Request>) -> Result<Option<RanBlock>, CliError> {
        let (_, head_ts, _) = self.head()?;
        let input = self
            .chain
            .next_block_input(requests, next_block_timestamp(head_ts))
            .map_err(CliError::runtime("read the chain's head"))?;
        let started = Instant::now();
        let result = self
            .env
            .commit_block(&self.chain.id(), &input)
            .map_err(CliError::runtime("run the block"))?;
        Ok(result.map(|result| RanBlock {
            result,
            elapsed: started.elapsed(),
        }))
    }

    /// Sends `calls` (contract, entry point, params; no tokens) from wallet `sender` as ONE L1
    /// transaction carrying them all ([`Env::send_batch`]): request `i` gets the id `[i]txid`. Only
    /// the first enters the backlog (as the transaction's delivery); run them all with
    /// [`Session::commit_requests`].
    pub fn send_batch(
        &self,
        sender: &str,
        calls: Vec<(Hname, Hname, Dict)>,
    ) -> Result<Vec<Request>, CliError> {
        let address = self.wallet(sender)?;
        self.env
            .send_batch(&address, &self.chain.id(), calls)
            .map_err(|e| match e {
                BatchError::Runtime(source) => CliError::Runtime {
                    action: format!("send the requests from wallet `{sender}` to the chain"),
                    source,
                },
                too_many => CliError::bad_arg("batch", too_many),
            })
    }

    /// Calls a view on the committed state.
    pub fn view(&self, contract: Hname, entry: Hname, params: Dict) -> Result<Dict, CliError> {
        self.chain
            .call_view(contract, entry, params)
            .map_err(|source| {
                let hint = match self.chain.head() {
                    Ok((0, _, _)) => " (root's init has not run yet: run `iscvm block run`)",
                    _ => "",
                };
                CliError::Runtime {
                    action: format!(
                        "call view {}{hint}",
                        crate::names::static_label(contract, entry)
                    ),
                    source,
                }
            })
    }
}
