//! Shared helpers of the ports of Wasp's Solo tests (`wasp_*.rs`): a chain with funded wallets, the
//! value encodings of that era, requests with the receipts of everything they caused, and the views
//! the Solo tests used (`FindContract`, `GetInfo`'s contract records, account balances).
//!
//! iscvm's token rules hold, not Wasp's: there is no 1-iota request token, a request pays its gas
//! from its sender's on-chain account (every sending wallet deposits [`FEES`] first, and a contract
//! that posts requests to itself gets a deposit for their gas), tokens attached to a request are
//! credited to the sender's on-chain account and the call moves them to the contract, and the faucet
//! gives each wallet [`FAUCET`] base tokens.
#![allow(dead_code)]

use isc_abi::{Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hname};
use isc_env::TestEnv;
use isc_native_contracts::blocklog::Receipt;
use isc_wasm::wasplib::{agent_out, Tag};

/// Base tokens a sending wallet deposits on the chain for the gas of its requests.
pub const FEES: u64 = 50_000_000;

/// Base tokens the faucet gives a new wallet (Wasp: 1337 at v0.1.0, 1,000,000 at v0.2.0).
pub const FAUCET: u64 = 1_000_000_000;

/// Base tokens deposited into a contract's account for the gas of the requests it posts to itself.
pub const CONTRACT_GAS: u64 = 10_000_000;

/// The wasplib tag of a fixture folder name.
pub fn tag_of(tag: &str) -> Tag {
    match tag {
        "v0.1.0" => Tag::V01,
        "v0.2.0" => Tag::V02,
        other => panic!("unknown Wasp tag {other}"),
    }
}

/// A params dict from raw entries.
pub fn dict(entries: &[(&str, Vec<u8>)]) -> Dict {
    let mut d = Dict::new();
    for (k, v) in entries {
        d.set(k.as_bytes(), v.clone()).unwrap();
    }
    d
}

/// `n` base tokens (Wasp: `TransferIotas(n)` / `WithTransfer(ColorIOTA, n)`).
pub fn iotas(n: u64) -> Balances {
    if n == 0 {
        Balances::new()
    } else {
        Balances::single(Color::BASE, n)
    }
}

/// An int64 result: `None` when the key is absent, a panic when it is not 8 bytes.
pub fn int64(d: &Dict, key: &str) -> Option<i64> {
    d.get(key.as_bytes()).map(|v| {
        i64::from_le_bytes(
            v.try_into()
                .unwrap_or_else(|_| panic!("`{key}` is not an int64: {v:?} in {d:?}")),
        )
    })
}

/// An int64 result that must be there (Solo's `Exists()` then `Value()`).
pub fn must_int64(d: &Dict, key: &str) -> i64 {
    int64(d, key).unwrap_or_else(|| panic!("no `{key}` in {d:?}"))
}

/// The request succeeded.
pub fn ok(rc: &Receipt) {
    assert!(rc.error.is_none(), "the request failed: {rc:?}");
}

/// The request failed with an error containing `text`.
pub fn fails(rc: &Receipt, text: &str) {
    let error = rc.error.as_deref().unwrap_or_else(|| {
        panic!("the request succeeded, expected an error with `{text}`: {rc:?}")
    });
    assert!(
        error.contains(text),
        "expected `{text}` in the error: {rc:?}"
    );
}

/// One chain of a test environment, with the tag whose binaries run on it.
pub struct Wasp {
    /// The environment.
    pub env: TestEnv,
    /// The chain.
    pub chain: ChainId,
    /// The tag of the binaries (for the 37-byte agent ids).
    pub tag: Tag,
    /// The chain owner (Solo's originator), with a deposit for fees.
    pub owner: Address,
}

impl Wasp {
    /// A new chain (Solo's `NewChain(nil, "chain1")`) whose owner has deposited [`FEES`].
    pub fn new(tag: &str) -> Wasp {
        let mut env = TestEnv::new();
        let chain = env.new_chain("chain1").unwrap();
        let owner = env.owner(chain).unwrap();
        env.deposit(&owner, chain, FEES).unwrap();
        Wasp {
            env,
            chain,
            tag: tag_of(tag),
            owner,
        }
    }

    /// A new chain with `wasm` deployed as `name` without init params (Wasp v0.1.0's
    /// `StartChainAndDeployWasmContractByName`, v0.2.0's `NewSoloContext`).
    pub fn with(tag: &str, name: &str, wasm: &[u8]) -> Wasp {
        let w = Wasp::new(tag);
        w.deploy(name, wasm, Dict::new());
        w
    }

    /// Deploys `wasm` as `name` with `init`, as the chain owner; panics when it fails.
    pub fn deploy(&self, name: &str, wasm: &[u8], init: Dict) {
        let hname = self
            .try_deploy(name, wasm, init)
            .unwrap_or_else(|e| panic!("deploying {name}: {e}"));
        assert_eq!(hname, Hname::new(name));
    }

    /// Deploys `wasm` as `name` with `init`, as the chain owner: the error text when it fails.
    pub fn try_deploy(&self, name: &str, wasm: &[u8], init: Dict) -> Result<Hname, String> {
        self.env
            .deploy_wasm(self.chain, name, wasm, init)
            .map_err(|e| format!("{e:?}: {e}"))
    }

    /// A new wallet (Solo's `NewSignatureSchemeWithFunds` / `NewSoloAgent`) that has deposited
    /// [`FEES`] on the chain.
    pub fn user(&self, name: &str) -> Address {
        let wallet = self.env.wallet(name).unwrap();
        self.env.deposit(&wallet, self.chain, FEES).unwrap();
        wallet
    }

    /// The 37-byte agent id of wallet `who` in this tag's encoding.
    pub fn agent(&self, who: &Address) -> Vec<u8> {
        agent_out(self.tag, &AgentId::address(*who))
    }

    /// The agent id of contract `name` on this chain (Solo's `ContractAccount` / `ctx.Account()`).
    pub fn contract(&self, name: &str) -> AgentId {
        AgentId::contract(self.chain, Hname::new(name))
    }

    /// Sends a request from `sender` with `n` base tokens, runs until quiet: its receipt.
    pub fn call(
        &self,
        sender: &Address,
        contract: &str,
        entry: &str,
        params: Dict,
        n: u64,
    ) -> Receipt {
        self.call_all(sender, contract, entry, params, n).0
    }

    /// Sends a request from `sender` with `n` base tokens and runs until quiet: its receipt, and the
    /// receipts of the other requests that ran on the chain meanwhile (the ones it posted), in order.
    pub fn call_all(
        &self,
        sender: &Address,
        contract: &str,
        entry: &str,
        params: Dict,
        n: u64,
    ) -> (Receipt, Vec<Receipt>) {
        let req = self
            .env
            .post(sender, self.chain, contract, entry, params, iotas(n))
            .unwrap();
        let (mut own, mut others) = (None, Vec::new());
        for rc in self.run() {
            if rc.request_id == req.id {
                own = Some(rc);
            } else {
                others.push(rc);
            }
        }
        (own.expect("the request did not run"), others)
    }

    /// Runs until quiet: the receipts of every request that ran on the chain, in order.
    pub fn run(&self) -> Vec<Receipt> {
        let blocks = self.env.run().unwrap();
        blocks
            .into_iter()
            .filter(|(chain, _)| *chain == self.chain)
            .flat_map(|(_, block)| block.receipts)
            .collect()
    }

    /// View `contract.entry` on the committed state; panics when it fails.
    pub fn view(&self, contract: &str, entry: &str, params: Dict) -> Dict {
        self.try_view(contract, entry, params)
            .unwrap_or_else(|e| panic!("view {contract}.{entry}: {e}"))
    }

    /// View `contract.entry` on the committed state: the error text when it fails.
    pub fn try_view(&self, contract: &str, entry: &str, params: Dict) -> Result<Dict, String> {
        self.env
            .view(self.chain, contract, entry, params)
            .map_err(|e| e.to_string())
    }

    /// Whether root has a record of contract `name` (Solo's `FindContract` / `ContractExists`).
    pub fn exists(&self, name: &str) -> bool {
        let params = dict(&[("hn", Hname::new(name).encode())]);
        self.try_view("root", "findContract", params).is_ok()
    }

    /// The number of contract records root keeps (Solo's `len(GetInfo().contracts)`).
    pub fn records(&self) -> usize {
        self.view("root", "getContractRecords", Dict::new()).len()
    }

    /// `agent`'s base tokens on the chain.
    pub fn on_chain(&self, agent: &AgentId) -> u64 {
        self.env
            .balance(self.chain, agent)
            .unwrap()
            .get(&Color::BASE)
    }

    /// Wallet `who`'s base tokens on the chain.
    pub fn account(&self, who: &Address) -> u64 {
        self.on_chain(&AgentId::address(*who))
    }

    /// `who`'s base tokens on L1.
    pub fn l1(&self, who: &Address) -> u64 {
        self.env.l1_balance(who).unwrap().get(&Color::BASE)
    }

    /// The owner deposits `n` base tokens into contract `name`'s account (for the gas of the requests
    /// the contract posts, which its own account pays in iscvm).
    pub fn fund_contract(&self, name: &str, n: u64) {
        let before = self.on_chain(&self.contract(name));
        let params = dict(&[("a", self.contract(name).encode())]);
        let rc = self.call(&self.owner, "accounts", "deposit", params, n);
        ok(&rc);
        assert_eq!(self.on_chain(&self.contract(name)), before + n);
    }

    /// The owner takes back to L1 what its on-chain account holds beyond [`FEES`]: each deployment
    /// attaches tokens of its L1 wallet for the fees, which stay in its account (the faucet's tokens
    /// last for four deployments).
    pub fn owner_withdraws_surplus(&self) {
        let surplus = self.account(&self.owner).saturating_sub(FEES);
        if surplus > 0 {
            let params = dict(&[("n", surplus.encode())]);
            ok(&self.call(&self.owner, "accounts", "withdrawToAddress", params, 0));
        }
    }

    /// Every token accounted for, on L1 and the chain.
    pub fn audit(&self) {
        self.env.audit().unwrap().check().unwrap();
    }
}
