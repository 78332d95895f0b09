//! A simulated L1 ledger: a deterministic test double for the real ledger, for tests, the demo and the
//! command line. Addresses hold coloured balances; a request transaction moves tokens from the sender's
//! address to the chain's address and carries one request; a chain's L1 transfers move tokens from its
//! address to their targets. Test addresses are named (`test_address("alice")`) and funded on first use
//! by a faucet that mints base tokens.
//!
//! State lives in a store's auxiliary key space: `a` ‖ address → encoded balances; `n` → nonce; `m` →
//! total minted per colour.

use isc_abi::{
    blake2b256, Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hname, RequestId, TxId,
};
use isc_sandbox::{AuxChange, Store};

use crate::error::RuntimeError;
use crate::request::Request;

/// Base tokens the faucet gives a test address on first use.
pub const FAUCET_AMOUNT: u64 = 1_000_000_000;

/// The deterministic L1 address of test wallet `name`.
pub fn test_address(name: &str) -> Address {
    Address(blake2b256(format!("iscvm test address: {name}").as_bytes()).0)
}

/// The L1 address of a chain (in this model the chain id is the chain's address).
pub fn chain_address(chain: &ChainId) -> Address {
    Address(chain.0)
}

/// What a request transaction asks for.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    /// Target chain.
    pub chain: ChainId,
    /// Target contract.
    pub contract: Hname,
    /// Target entry point.
    pub entry_point: Hname,
    /// Arguments.
    pub params: Dict,
    /// Tokens sent with it.
    pub transfer: Balances,
    /// Gas budget (0: the chain's default).
    pub gas_budget: u64,
    /// Unix seconds before which it may not run (0: none).
    pub timelock: u32,
}

/// The simulated ledger over a store's auxiliary key space.
pub struct L1Ledger<'a> {
    store: &'a dyn Store,
}

fn addr_key(a: &Address) -> Vec<u8> {
    let mut k = b"a".to_vec();
    k.extend_from_slice(a.as_bytes());
    k
}

fn corrupt(e: impl std::fmt::Display) -> RuntimeError {
    RuntimeError::Store(format!("corrupt L1 ledger: {e}"))
}

impl<'a> L1Ledger<'a> {
    /// The ledger kept in `store`.
    pub fn new(store: &'a dyn Store) -> Self {
        L1Ledger { store }
    }

    /// Balances of `address`.
    pub fn balance(&self, address: &Address) -> Result<Balances, RuntimeError> {
        match self.store.aux_get(&addr_key(address))? {
            None => Ok(Balances::new()),
            Some(b) => Balances::decode(&b).map_err(corrupt),
        }
    }

    /// Every address with tokens.
    pub fn addresses(&self) -> Result<Vec<(Address, Balances)>, RuntimeError> {
        let mut raw = Vec::new();
        self.store.aux_iterate_prefix(b"a", &mut |k, v| {
            raw.push((k.to_vec(), v.to_vec()));
            true
        })?;
        raw.into_iter()
            .map(|(k, v)| {
                Ok((
                    Address::from_slice(&k[1..]).map_err(corrupt)?,
                    Balances::decode(&v).map_err(corrupt)?,
                ))
            })
            .collect()
    }

    /// Total tokens ever minted, per colour (the supply: it never changes except by minting).
    pub fn minted(&self) -> Result<Balances, RuntimeError> {
        match self.store.aux_get(b"m")? {
            None => Ok(Balances::new()),
            Some(b) => Balances::decode(&b).map_err(corrupt),
        }
    }

    fn nonce(&self) -> Result<u64, RuntimeError> {
        match self.store.aux_get(b"n")? {
            None => Ok(0),
            Some(b) => u64::decode(&b).map_err(corrupt),
        }
    }

    fn put(changes: &mut Vec<AuxChange>, address: &Address, balances: &Balances) {
        let value = if balances.is_empty() {
            None
        } else {
            Some(balances.encode())
        };
        changes.push((addr_key(address), value));
    }

    /// Mints `tokens` into `address`.
    pub fn mint(&self, address: &Address, tokens: &Balances) -> Result<(), RuntimeError> {
        let mut balance = self.balance(address)?;
        let mut minted = self.minted()?;
        balance
            .add_all(tokens)
            .map_err(|e| RuntimeError::Refused(e.to_string()))?;
        minted
            .add_all(tokens)
            .map_err(|e| RuntimeError::Refused(e.to_string()))?;
        let mut changes = Vec::new();
        Self::put(&mut changes, address, &balance);
        changes.push((b"m".to_vec(), Some(minted.encode())));
        Ok(self.store.aux_commit(&changes)?)
    }

    /// Funds test wallet `name` from the faucet if it never had tokens; returns its address.
    pub fn wallet(&self, name: &str) -> Result<Address, RuntimeError> {
        let address = test_address(name);
        let funded_key = [b"f".as_slice(), address.as_bytes()].concat();
        if self.store.aux_get(&funded_key)?.is_none() {
            self.mint(&address, &Balances::single(Color::BASE, FAUCET_AMOUNT))?;
            self.store.aux_commit(&[(funded_key, Some(vec![1]))])?;
        }
        Ok(address)
    }

    /// Moves `tokens` between two addresses; fails, changing nothing, when `from` is short.
    pub fn transfer(
        &self,
        from: &Address,
        to: &Address,
        tokens: &Balances,
    ) -> Result<(), RuntimeError> {
        if from == to {
            return Ok(());
        }
        let mut source = self.balance(from)?;
        source
            .sub_all(tokens)
            .map_err(|e| RuntimeError::Refused(format!("L1 transfer: {e}")))?;
        let mut target = self.balance(to)?;
        target
            .add_all(tokens)
            .map_err(|e| RuntimeError::Refused(format!("L1 transfer: {e}")))?;
        let mut changes = Vec::new();
        Self::put(&mut changes, from, &source);
        Self::put(&mut changes, to, &target);
        Ok(self.store.aux_commit(&changes)?)
    }

    /// Sends a request transaction from `sender` to `chain`, all or nothing: the chain is asked first
    /// whether it takes the request; only then do the tokens move to its address and the request enter
    /// its backlog. A refused request leaves the sender's tokens where they were.
    pub fn send_to_chain(
        &self,
        sender: &Address,
        spec: &RequestSpec,
        chain: &crate::Chain,
    ) -> Result<Request, RuntimeError> {
        let req = Self::build(sender, spec, self.nonce()?);
        chain.check_post(&req)?;
        let req = self.send_request(sender, spec)?;
        if let Err(e) = chain.post(req.clone()) {
            // Undo the transfer: the chain did not take the request.
            self.transfer(&chain_address(&spec.chain), sender, &spec.transfer)?;
            return Err(e);
        }
        Ok(req)
    }

    fn build(sender: &Address, spec: &RequestSpec, nonce: u64) -> Request {
        let mut essence = Vec::new();
        essence.extend_from_slice(sender.as_bytes());
        essence.extend_from_slice(&nonce.to_le_bytes());
        essence.extend_from_slice(spec.chain.as_bytes());
        essence.extend_from_slice(&spec.contract.to_bytes());
        essence.extend_from_slice(&spec.entry_point.to_bytes());
        essence.extend_from_slice(&spec.params.encode());
        essence.extend_from_slice(&spec.transfer.encode());
        let tx = TxId(blake2b256(&essence).0);
        Request {
            id: RequestId::new(tx, 0),
            sender: AgentId::address(*sender),
            contract: spec.contract,
            entry_point: spec.entry_point,
            params: spec.params.clone(),
            transfer: spec.transfer.clone(),
            gas_budget: spec.gas_budget,
            timelock: spec.timelock,
        }
    }

    /// A request transaction from `sender`: its tokens move to the chain's address and the request gets
    /// id `[0]txid`, where txid hashes the sender, a ledger nonce and the request. The caller delivers
    /// the request to the chain's backlog ([`L1Ledger::send_to_chain`] does both, all or nothing).
    pub fn send_request(
        &self,
        sender: &Address,
        spec: &RequestSpec,
    ) -> Result<Request, RuntimeError> {
        let nonce = self.nonce()?;
        let req = Self::build(sender, spec, nonce);
        self.transfer(sender, &chain_address(&spec.chain), &spec.transfer)?;
        self.store
            .aux_commit(&[(b"n".to_vec(), Some((nonce + 1).encode()))])?;
        Ok(req)
    }

    /// Applies a block's L1 transfers: tokens leave the chain's address for their targets.
    pub fn apply_transfers(
        &self,
        chain: &ChainId,
        transfers: &[(Address, Balances)],
    ) -> Result<(), RuntimeError> {
        for (to, tokens) in transfers {
            self.transfer(&chain_address(chain), to, tokens)?;
        }
        Ok(())
    }
}
