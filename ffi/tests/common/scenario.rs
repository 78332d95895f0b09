//! The fixed scenarios whose results are pinned in `ffi/tests/vectors/` and replayed by the Go tests
//! (`go/vectors_test.go` builds the same inputs): a block of native transfers, and the Wasm
//! inccounter stored, deployed and called. Each runs against a [`Node`], so that the same inputs go
//! through the Rust API and through the C API, and gives its transcript: one line per block (index,
//! state hash), per receipt (request id, gas, fee, ok or the error), per event, and the views asked
//! (result keys and values in hex).
//!
//! The inputs, written out so that another language can build them byte for byte:
//! - chain id 32 × 0x01, owner the L1 address 32 × 0x00, origin at `T0`, description `DESCRIPTION`;
//! - wallet n is the L1 address 32 × n; request id `req(n)` is transaction `n` (u32 LE, then 28 zero
//!   bytes), index 0; gas budget 0 (the chain's default), no time lock;
//! - block k runs at `T0 + k × 1000` with entropy 32 × k and previous anchor 32 × (0xA0 + k);
//! - block 1 is root's `init` from the backlog, then deposits of 1,000,000,000 base tokens from
//!   wallets 1 and 2 (`req(1_000_001)`, `req(1_000_002)`; inccounter also wallet 0, `req(1_000_000)`).

use std::sync::Arc;

use isc_abi::{
    blob_hash, Address, AgentId, Balances, ChainId, Codec, Color, Dict, Hash, Hname, RequestId,
    TxId,
};
use isc_runtime::{BlockInput, BlockResult, Chain, ProcessorRegistry, Request};
use isc_sandbox::Store;

/// The origin timestamp.
pub const T0: i64 = 1_700_000_000_000_000_000;
/// The chain's id.
pub const CHAIN_ID: ChainId = ChainId([1; 32]);
/// Root's description param.
pub const DESCRIPTION: &str = "ffi test chain";
/// What each wallet deposits in block 1.
pub const FUNDS: u64 = 1_000_000_000;
/// Transfers in the transfers scenario's block 2 (then one that fails).
pub const TRANSFERS: u32 = 20;

/// Wallet `n`'s agent.
pub fn wallet(n: u8) -> AgentId {
    AgentId::address(Address([n; 32]))
}

/// The chain owner.
pub fn owner() -> AgentId {
    wallet(0)
}

/// Request id `n`.
pub fn req_id(n: u32) -> RequestId {
    let mut tx = [0u8; 32];
    tx[..4].copy_from_slice(&n.to_le_bytes());
    RequestId::new(TxId(tx), 0)
}

/// A request with the scenario's defaults.
pub fn request(
    n: u32,
    sender: AgentId,
    contract: &str,
    func: &str,
    params: Dict,
    transfer: Balances,
) -> Request {
    Request {
        id: req_id(n),
        sender,
        contract: Hname::new(contract),
        entry_point: Hname::new(func),
        params,
        transfer,
        gas_budget: 0,
        timelock: 0,
    }
}

/// The input of block `k`.
pub fn input(k: u8, requests: Vec<Request>) -> BlockInput {
    BlockInput {
        requests,
        timestamp: T0 + i64::from(k) * 1000,
        entropy: Hash([k; 32]),
        previous_anchor: Hash([0xA0 + k; 32]),
    }
}

/// `accounts.transfer` of `n` base tokens to `to`.
pub fn transfer(id: u32, from: AgentId, to: AgentId, n: u64) -> Request {
    let mut params = Dict::new();
    params.set(b"a".to_vec(), to.encode()).expect("key");
    params.set(b"n".to_vec(), n.encode()).expect("key");
    request(id, from, "accounts", "transfer", params, Balances::new())
}

fn deposit(id: u32, from: AgentId) -> Request {
    request(
        id,
        from,
        "accounts",
        "deposit",
        Dict::new(),
        Balances::single(Color::BASE, FUNDS),
    )
}

/// Where a scenario runs: a chain created with the scenario's id, owner, timestamp and description.
pub trait Node {
    /// The backlog.
    fn backlog(&mut self) -> Vec<Request>;
    /// Runs and commits a block.
    fn commit(&mut self, input: &BlockInput) -> Option<BlockResult>;
    /// Calls a view.
    fn view(&mut self, contract: &str, entry: &str, params: Dict) -> Dict;
}

/// The scenario on the Rust API directly: `isc_runtime::Chain` over `store`.
pub struct RustNode(pub Chain);

impl RustNode {
    /// A new chain on `store` with the core contracts and the Wasm VM.
    pub fn new(store: Arc<dyn Store>) -> RustNode {
        let registry =
            Arc::new(ProcessorRegistry::new().with_vm(Arc::new(isc_wasm::WasmVm::default())));
        RustNode(
            Chain::create(store, registry, CHAIN_ID, owner(), T0, DESCRIPTION).expect("create"),
        )
    }
}

impl Node for RustNode {
    fn backlog(&mut self) -> Vec<Request> {
        self.0.backlog().expect("backlog")
    }
    fn commit(&mut self, input: &BlockInput) -> Option<BlockResult> {
        self.0.commit_block(input).expect("block")
    }
    fn view(&mut self, contract: &str, entry: &str, params: Dict) -> Dict {
        self.0
            .call_view(Hname::new(contract), Hname::new(entry), params)
            .expect("view")
    }
}

/// The scenario through the C API, on a chain handle.
pub struct FfiNode(pub u64);

impl Node for FfiNode {
    fn backlog(&mut self) -> Vec<Request> {
        super::backlog(self.0).expect("backlog")
    }
    fn commit(&mut self, input: &BlockInput) -> Option<BlockResult> {
        super::commit(self.0, input).expect("block")
    }
    fn view(&mut self, contract: &str, entry: &str, params: Dict) -> Dict {
        super::view(self.0, contract, entry, &params).expect("view")
    }
}

/// The scenario through the C API with `isc_chain_commit_block_lazy`: each block's result is put
/// together from its summary and parts (checked against the whole envelope), then freed.
pub struct LazyFfiNode(pub u64);

impl Node for LazyFfiNode {
    fn backlog(&mut self) -> Vec<Request> {
        super::backlog(self.0).expect("backlog")
    }
    fn commit(&mut self, input: &BlockInput) -> Option<BlockResult> {
        super::commit_lazy(self.0, input).expect("block")
    }
    fn view(&mut self, contract: &str, entry: &str, params: Dict) -> Dict {
        super::view(self.0, contract, entry, &params).expect("view")
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs `input` and appends its transcript to `out`.
fn block(node: &mut dyn Node, input: &BlockInput, out: &mut String) -> BlockResult {
    let res = node.commit(input).expect("a block ran");
    out.push_str(&format!(
        "block {} {}\n",
        res.block.index,
        hex(res.state_hash.as_bytes())
    ));
    for rc in &res.receipts {
        let verdict = match &rc.error {
            None => "ok".to_string(),
            Some(e) => format!("err {e}"),
        };
        out.push_str(&format!(
            "receipt {} {} {} {verdict}\n",
            hex(&rc.request_id.to_bytes()),
            rc.gas_burned,
            rc.fee
        ));
    }
    for ev in &res.events {
        out.push_str(&format!("event {} {}\n", ev.contract, ev.text));
    }
    res
}

fn view_line(node: &mut dyn Node, contract: &str, entry: &str, out: &mut String) {
    let result = node.view(contract, entry, Dict::new());
    let fields: Vec<String> = result
        .iter()
        .map(|(k, v)| format!("{}={}", hex(k), hex(v)))
        .collect();
    out.push_str(&format!("view {contract}.{entry} {}\n", fields.join(" ")));
}

/// Block 1: root's init (the backlog) and the deposits of `wallets`.
pub fn funding_input(backlog: Vec<Request>, wallets: &[u8]) -> BlockInput {
    assert_eq!(backlog.len(), 1, "root's init waits in the backlog");
    let mut requests = backlog;
    for &w in wallets {
        requests.push(deposit(1_000_000 + u32::from(w), wallet(w)));
    }
    input(1, requests)
}

fn funding_block(node: &mut dyn Node, wallets: &[u8], out: &mut String) {
    let backlog = node.backlog();
    block(node, &funding_input(backlog, wallets), out);
}

/// Native transfers: block 2 holds `TRANSFERS` transfers of 1 token, alternating wallet 1 → 2
/// (`req(i)`, i even) and 2 → 1 (i odd), then `req(TRANSFERS)`: wallet 1 → 2 of 2 × `FUNDS`, which
/// fails (the sender's account is short).
pub fn transfers(node: &mut dyn Node) -> String {
    let mut out = String::new();
    funding_block(node, &[1, 2], &mut out);
    let mut requests: Vec<Request> = (0..TRANSFERS)
        .map(|i| {
            let (from, to) = if i % 2 == 0 { (1, 2) } else { (2, 1) };
            transfer(i, wallet(from), wallet(to), 1)
        })
        .collect();
    requests.push(transfer(TRANSFERS, wallet(1), wallet(2), 2 * FUNDS));
    let res = block(node, &input(2, requests), &mut out);
    assert_eq!(res.receipts.len() as u32, TRANSFERS + 1);
    view_line(node, "accounts", "totalAssets", &mut out);
    out
}

/// The inccounter program as built in `contracts/wasm/`.
pub fn inccounter_wasm() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../contracts/wasm/inccounter.wasm"
    );
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The blob of a Wasm program: `v` = `wasmer`, `p` = the binary.
pub fn wasm_blob(program: Vec<u8>) -> Dict {
    let mut fields = Dict::new();
    fields
        .set(b"v".to_vec(), b"wasmer".to_vec())
        .expect("field");
    fields.set(b"p".to_vec(), program).expect("field");
    fields
}

/// The Wasm inccounter: block 2, the owner stores the blob (`blob.storeBlob`, `req(2_000_001)`, with
/// 100,000,000 base tokens attached) and deploys it as `inccounter` (`root.deployContract`,
/// `req(2_000_002)`, params `ph` the blob hash, `nm` the name, `counter` = i64 5); block 3, wallet 1
/// calls `increment` three times (`req(3_000_000..=3_000_002)`) and wallet 2 `incrementBy` with
/// `n` = i64 10 (`req(3_000_003)`); then the view `getCounter` (18).
pub fn inccounter(node: &mut dyn Node) -> String {
    let mut out = String::new();
    funding_block(node, &[0, 1, 2], &mut out);
    let blob = wasm_blob(inccounter_wasm());
    let mut deploy = Dict::new();
    deploy
        .set(b"ph".to_vec(), blob_hash(&blob).encode())
        .expect("field");
    deploy
        .set(b"nm".to_vec(), b"inccounter".to_vec())
        .expect("field");
    deploy
        .set(b"counter".to_vec(), 5i64.encode())
        .expect("field");
    let store = request(
        2_000_001,
        owner(),
        "blob",
        "storeBlob",
        blob,
        Balances::single(Color::BASE, 100_000_000),
    );
    let deploy = request(
        2_000_002,
        owner(),
        "root",
        "deployContract",
        deploy,
        Balances::new(),
    );
    block(node, &input(2, vec![store, deploy]), &mut out);
    let mut calls: Vec<Request> = (0..3)
        .map(|i| {
            request(
                3_000_000 + i,
                wallet(1),
                "inccounter",
                "increment",
                Dict::new(),
                Balances::new(),
            )
        })
        .collect();
    let mut by = Dict::new();
    by.set(b"n".to_vec(), 10i64.encode()).expect("field");
    calls.push(request(
        3_000_003,
        wallet(2),
        "inccounter",
        "incrementBy",
        by,
        Balances::new(),
    ));
    block(node, &input(3, calls), &mut out);
    view_line(node, "inccounter", "getCounter", &mut out);
    out
}
