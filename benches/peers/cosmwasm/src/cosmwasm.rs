//! The cosmwasm-vm side: a cache as a node keeps it (code stored, compiled module in the in-memory
//! cache), instances taken from it, and calls through its public API.

use cosmwasm_std::Checksum;
use cosmwasm_vm::testing::{mock_backend, mock_env, mock_info, MockApi, MockQuerier, MockStorage};
use cosmwasm_vm::{
    call_execute_raw, capabilities_from_csv, to_vec, Cache, CacheOptions, InstanceOptions, Size,
};

use crate::Result;

/// The capabilities a current chain offers (those of cosmwasm-vm's own benchmarks).
const CAPABILITIES: &str = "cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0,cosmwasm_2_1,cosmwasm_2_2,iterator,staking";

/// Gas for each instance: far more than a no-op call burns.
const INSTANCE: InstanceOptions = InstanceOptions {
    gas_limit: 1_000_000_000_000,
};

/// The message of the no-op entry of the `cyberpunk` test contract (`ExecuteMsg::Noop`).
pub const NOOP: &[u8] = br#"{"noop":{}}"#;

/// A cache holding one contract, loaded into its in-memory cache.
pub struct CosmWasm {
    cache: Cache<MockApi, MockStorage, MockQuerier>,
    checksum: Checksum,
    env: Vec<u8>,
    info: Vec<u8>,
    _dir: tempfile::TempDir,
}

impl CosmWasm {
    /// Stores `wasm` (checked, compiled, persisted) and takes one instance, which moves the compiled
    /// module from the file-system cache into the in-memory cache.
    pub fn new(wasm: &[u8]) -> Result<CosmWasm> {
        let dir = tempfile::tempdir()?;
        let options = CacheOptions::new(
            dir.path(),
            capabilities_from_csv(CAPABILITIES),
            Size::mebi(200),
            Size::mebi(64),
        );
        // SAFETY: the cache's directory is new and this process's alone (the constructor's contract).
        let cache = unsafe { Cache::new(options)? };
        let checksum = cache.store_code(wasm, true, true)?;
        cache.get_instance(&checksum, mock_backend(&[]), INSTANCE)?;
        let env = to_vec(&mock_env())?;
        let info = to_vec(&mock_info("creator", &[]))?;
        Ok(CosmWasm {
            cache,
            checksum,
            env,
            info,
            _dir: dir,
        })
    }

    /// An instance from the in-memory cache, and the contract's `execute` called with `msg`, which
    /// must succeed.
    pub fn instantiate_and_execute(&self, msg: &[u8]) -> Result<()> {
        let mut instance = self
            .cache
            .get_instance(&self.checksum, mock_backend(&[]), INSTANCE)?;
        let result = call_execute_raw(&mut instance, &self.env, &self.info, msg)?;
        if !result.starts_with(br#"{"ok":"#) {
            return Err(format!("execute failed: {}", String::from_utf8_lossy(&result)).into());
        }
        Ok(())
    }

    /// An instance from the in-memory cache, not called.
    pub fn instantiate(&self) -> Result<()> {
        self.cache
            .get_instance(&self.checksum, mock_backend(&[]), INSTANCE)?;
        Ok(())
    }

    /// What a node does with new code: static checks and a compile (Singlepass, with cosmwasm-vm's
    /// gatekeeper and metering middlewares), here without writing it to disk.
    pub fn compile(&self, wasm: &[u8]) -> Result<()> {
        self.cache.store_code(wasm, true, false)?;
        Ok(())
    }

    /// Instances served from the in-memory cache so far, and compiled modules the cache missed.
    pub fn memory_hits_and_misses(&self) -> (u32, u32) {
        let stats = self.cache.stats();
        (stats.hits_memory_cache, stats.misses)
    }
}
