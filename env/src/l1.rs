//! A simulated L1 ledger: a deterministic test double for the real ledger, for tests, the demo and the
//! command line. Addresses hold coloured balances; a request transaction moves tokens from the sender's
//! address to the chain's address and carries one request; a chain's L1 transfers move tokens from its
//! address to their targets. Test addresses are named (`test_address("alice")`) and funded on first use
//! by a faucet that mints base tokens.
//!
//! A chain's block is anchored on L1 once ([`L1Ledger::anchor`]): its L1 transfers leave the chain's
//! address, and its requests to chains move their tokens to the target chain's address, where they wait
//! as pending requests until the target chain takes them into its backlog.
//!
//! State lives in a store's auxiliary key space: `a` ‖ address → encoded balances; `n` → nonce; `m` →
//! total minted per colour; `f` ‖ address → funded by the faucet; `p` ‖ target chain ‖ sequence (u64 BE) →
//! pending request; `s` → next pending sequence number; `x` ‖ chain ‖ block index (u32 BE) → the block is anchored.

use isc_abi::{
    blake2b256, Address, AgentId, BalanceError, Balances, ChainId, Codec, Color, Dict, Hname,
    RequestId, TxId,
};
use isc_sandbox::{AuxChange, Store};

use std::collections::BTreeMap;

use isc_runtime::OutboxEntry;
use isc_runtime::Request;
use isc_runtime::{Refusal, RuntimeError};

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
    RuntimeError::Corrupt {
        record: "L1 ledger",
        reason: e.to_string(),
    }
}

fn refused(e: BalanceError) -> RuntimeError {
    Refusal::L1Transfer(e).into()
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
            .map_err(|e| RuntimeError::Books(vec![format!("minting: {e}")]))?;
        minted
            .add_all(tokens)
            .map_err(|e| RuntimeError::Books(vec![format!("minting: {e}")]))?;
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
        source.sub_all(tokens).map_err(refused)?;
        let mut target = self.balance(to)?;
        target.add_all(tokens).map_err(refused)?;
        let mut changes = Vec::new();
        Self::put(&mut changes, from, &source);
        Self::put(&mut changes, to, &target);
        Ok(self.store.aux_commit(&changes)?)
    }

    /// Sends a request transaction from `sender` to `chain`, all or nothing: the chain is asked first
    /// whether it takes the request; only then do the tokens move to its address and the request enter
    /// its backlog. A refused request leaves the sender's tokens where they were.
    ///
    /// The transaction is one ledger commit that also records the request as pending at the chain's
    /// address, forgotten once the backlog holds it: a node that stops in between finds it pending and
    /// delivers it later ([`crate::Env::deliver`]), so tokens never arrive without their request.
    pub fn send_to_chain(
        &self,
        sender: &Address,
        spec: &RequestSpec,
        chain: &isc_runtime::Chain,
    ) -> Result<Request, RuntimeError> {
        let req = Self::build(sender, spec, self.nonce()?);
        chain.check_post(&req)?;
        let (req, pending) = self.commit_transaction(sender, spec, true)?;
        let Some(pending) = pending else {
            return Err(RuntimeError::Internal(
                "a pending request was not recorded".into(),
            ));
        };
        if let Err(e) = chain.post(req.clone()) {
            // Undo the transaction: the chain did not take the request.
            let mut back = self.balance(sender)?;
            let mut held = self.balance(&chain_address(&spec.chain))?;
            held.sub_all(&spec.transfer).map_err(corrupt)?;
            back.add_all(&spec.transfer).map_err(corrupt)?;
            let mut changes = Vec::new();
            Self::put(&mut changes, &chain_address(&spec.chain), &held);
            Self::put(&mut changes, sender, &back);
            changes.push((pending_key(&pending.target, pending.seq), None));
            self.store.aux_commit(&changes)?;
            return Err(e);
        }
        self.remove_pending(&pending)?;
        Ok(req)
    }

    /// One request transaction in one commit: the tokens move from `sender` to the chain's address, the
    /// nonce advances, and with `pending` the request is recorded as pending for the chain.
    fn commit_transaction(
        &self,
        sender: &Address,
        spec: &RequestSpec,
        pending: bool,
    ) -> Result<(Request, Option<PendingRequest>), RuntimeError> {
        let nonce = self.nonce()?;
        let req = Self::build(sender, spec, nonce);
        let target = chain_address(&spec.chain);
        let mut changes = Vec::new();
        if *sender != target {
            let mut source = self.balance(sender)?;
            source.sub_all(&spec.transfer).map_err(refused)?;
            let mut held = self.balance(&target)?;
            held.add_all(&spec.transfer).map_err(refused)?;
            Self::put(&mut changes, sender, &source);
            Self::put(&mut changes, &target, &held);
        }
        changes.push((b"n".to_vec(), Some((nonce + 1).encode())));
        let recorded = if pending {
            let seq = self.counter(b"s")?;
            changes.push((pending_key(&spec.chain, seq), Some(req.encode())));
            changes.push((b"s".to_vec(), Some((seq + 1).encode())));
            Some(PendingRequest {
                target: spec.chain,
                seq,
                request: req.clone(),
            })
        } else {
            None
        };
        self.store.aux_commit(&changes)?;
        Ok((req, recorded))
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
        Ok(self.commit_transaction(sender, spec, false)?.0)
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

    /// Anchors a committed block's outbox entry, exactly once: in one commit, its transfers leave the
    /// chain's address for their targets, its requests' tokens move to their target chains' addresses
    /// and the requests become pending there, and the block is marked anchored. Returns false, changing
    /// nothing, for a block already anchored.
    pub fn anchor(&self, entry: &OutboxEntry) -> Result<bool, RuntimeError> {
        let marker = anchored_key(&entry.chain, entry.block_index);
        if self.store.aux_get(&marker)?.is_some() {
            return Ok(false);
        }
        let mut balances: BTreeMap<Address, Balances> = BTreeMap::new();
        let source = chain_address(&entry.chain);
        let mut moves: Vec<(Address, &Balances)> = Vec::new();
        for (target, req) in &entry.requests {
            moves.push((chain_address(target), &req.transfer));
        }
        for (address, tokens) in &entry.transfers {
            moves.push((*address, tokens));
        }
        for (to, tokens) in moves {
            for address in [source, to] {
                if let std::collections::btree_map::Entry::Vacant(v) = balances.entry(address) {
                    v.insert(self.balance(&address)?);
                }
            }
            let from = balances.get_mut(&source).expect("inserted above");
            from.sub_all(tokens).map_err(|e| {
                RuntimeError::Books(vec![format!(
                    "anchoring block {} of chain {}: its address lacks the tokens it sends: {e}",
                    entry.block_index, entry.chain
                )])
            })?;
            balances
                .get_mut(&to)
                .expect("inserted above")
                .add_all(tokens)
                .map_err(refused)?;
        }
        let mut changes = Vec::new();
        for (address, b) in &balances {
            Self::put(&mut changes, address, b);
        }
        let mut seq = self.counter(b"s")?;
        for (target, req) in &entry.requests {
            changes.push((pending_key(target, seq), Some(req.encode())));
            seq += 1;
        }
        changes.push((b"s".to_vec(), Some(seq.encode())));
        changes.push((marker, Some(vec![1])));
        self.store.aux_commit(&changes)?;
        Ok(true)
    }

    fn counter(&self, key: &[u8]) -> Result<u64, RuntimeError> {
        match self.store.aux_get(key)? {
            None => Ok(0),
            Some(b) => u64::decode(&b).map_err(corrupt),
        }
    }

    /// Requests waiting at a chain's address, by target chain and then in the order they were sent:
    /// sent by anchored blocks and not yet taken by their target (no such chain, or a full backlog).
    pub fn pending(&self) -> Result<Vec<PendingRequest>, RuntimeError> {
        self.pending_with_prefix(b"p")
    }

    /// The requests pending for `chain`, in the order they were sent.
    pub fn pending_for(&self, chain: &ChainId) -> Result<Vec<PendingRequest>, RuntimeError> {
        let mut prefix = b"p".to_vec();
        prefix.extend_from_slice(chain.as_bytes());
        self.pending_with_prefix(&prefix)
    }

    fn pending_with_prefix(&self, prefix: &[u8]) -> Result<Vec<PendingRequest>, RuntimeError> {
        let mut raw = Vec::new();
        self.store.aux_iterate_prefix(prefix, &mut |k, v| {
            raw.push((k.to_vec(), v.to_vec()));
            true
        })?;
        raw.into_iter()
            .map(|(k, v)| {
                if k.len() != 41 {
                    return Err(corrupt("malformed pending request key"));
                }
                let target = ChainId::from_slice(&k[1..33]).map_err(corrupt)?;
                let seq = u64::from_be_bytes(k[33..41].try_into().map_err(corrupt)?);
                let request = Request::decode(&v).map_err(corrupt)?;
                Ok(PendingRequest {
                    target,
                    seq,
                    request,
                })
            })
            .collect()
    }

    /// Forgets a pending request once its target chain has taken it.
    pub fn remove_pending(&self, pending: &PendingRequest) -> Result<(), RuntimeError> {
        Ok(self
            .store
            .aux_commit(&[(pending_key(&pending.target, pending.seq), None)])?)
    }
}

/// A request waiting on L1 for its target chain to take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRequest {
    /// The chain it is for.
    pub target: ChainId,
    /// Its place in the ledger's order of pending requests.
    pub seq: u64,
    /// The request.
    pub request: Request,
}

fn pending_key(target: &ChainId, seq: u64) -> Vec<u8> {
    let mut k = b"p".to_vec();
    k.extend_from_slice(target.as_bytes());
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn anchored_key(chain: &ChainId, index: u32) -> Vec<u8> {
    let mut k = b"x".to_vec();
    k.extend_from_slice(chain.as_bytes());
    k.extend_from_slice(&index.to_be_bytes());
    k
}
