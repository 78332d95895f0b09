//! Arbitrary sequences of requests against the core contracts and the example contracts (inccounter,
//! token, donatewithfeedback and caller: their committed Wasm builds, deployed through root once), in
//! blocks: no panic, every receipt's error clean, the accounts invariant after every block, `verify` at
//! the end, and two runs of one input on fresh copies of the chain give the same trace (receipts, gas,
//! events, views, state hashes).
//!
//! Requests name contracts and entry points either from the lists below (so that most of them reach
//! real code) or as arbitrary hnames; params are typed for their entry point or arbitrary. With
//! `ISC_FUZZ_TRACE` set, each input's trace is printed.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use isc_abi::{AgentId, Codec, Dict, Hname};
use isc_fuzz::{assert_agree, wasm_registry, Template, Trace, World, WALLETS};
use isc_gas::Limits;
use libfuzzer_sys::fuzz_target;

/// The example contracts, as committed (`scripts/build-contracts.sh` rebuilds them).
const EXAMPLES: [(&str, &[u8]); 4] = [
    (
        "inccounter",
        include_bytes!("../../contracts/wasm/inccounter.wasm"),
    ),
    ("token", include_bytes!("../../contracts/wasm/token.wasm")),
    (
        "donatewithfeedback",
        include_bytes!("../../contracts/wasm/donatewithfeedback.wasm"),
    ),
    ("caller", include_bytes!("../../contracts/wasm/caller.wasm")),
];

/// The token's supply, minted to the owner at deployment.
const SUPPLY: u64 = 1_000_000;

/// Contracts a request may name by index.
const CONTRACTS: [&str; 9] = [
    "root",
    "accounts",
    "blob",
    "eventlog",
    "blocklog",
    "inccounter",
    "token",
    "donatewithfeedback",
    "caller",
];

/// Entry points a request may name by index: every one of the contracts above, and a few that do
/// not exist.
const ENTRY_POINTS: [&str; 43] = [
    "init",
    "deployContract",
    "grantDeployPermission",
    "revokeDeployPermission",
    "delegateChainOwnership",
    "claimChainOwnership",
    "setFeePolicy",
    "findContract",
    "getContractRecords",
    "getChainInfo",
    "deposit",
    "withdrawToAddress",
    "withdrawToChain",
    "transfer",
    "balance",
    "accounts",
    "totalAssets",
    "storeBlob",
    "getBlobInfo",
    "getBlobField",
    "listBlobs",
    "getNumRecords",
    "getRecords",
    "getBlockInfo",
    "getLatestBlockInfo",
    "getRequestReceipt",
    "getRequestReceiptsForBlock",
    "isRequestProcessed",
    "increment",
    "incrementBy",
    "getCounter",
    "callIncrement",
    "postIncrement",
    "totalSupply",
    "donate",
    "withdraw",
    "donations",
    "donationInfo",
    "callFunc",
    "callView",
    "nothing",
    "",
    "view",
];

/// Most actions of one input.
const MAX_ACTIONS: usize = 48;

/// Blocks run at the end of an input, to drain the requests contracts posted to themselves.
const MAX_DRAIN_BLOCKS: usize = 4;

#[derive(Arbitrary, Debug, Clone)]
enum Contract {
    Known(u8),
    Any(u32),
}

impl Contract {
    fn hname(&self) -> Hname {
        match self {
            Contract::Known(i) => Hname::new(CONTRACTS[usize::from(*i) % CONTRACTS.len()]),
            Contract::Any(h) => Hname(*h),
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
enum Entry {
    Known(u8),
    Name(String),
    Any(u32),
}

impl Entry {
    fn hname(&self) -> Hname {
        match self {
            Entry::Any(h) => Hname(*h),
            other => Hname::new(&other.name()),
        }
    }

    fn name(&self) -> String {
        match self {
            Entry::Known(i) => ENTRY_POINTS[usize::from(*i) % ENTRY_POINTS.len()].to_string(),
            Entry::Name(name) => name.clone(),
            Entry::Any(h) => format!("{h:08x}"),
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
enum Agent {
    Wallet(u8),
    Contract(u8),
    Raw([u8; 36]),
}

impl Agent {
    fn encode(&self, world: &World) -> Vec<u8> {
        match self {
            Agent::Wallet(i) => {
                AgentId::address(world.l1().wallet(wallet(*i)).expect("funded")).encode()
            }
            Agent::Contract(i) => AgentId::contract(
                world.chain().id(),
                Hname::new(CONTRACTS[usize::from(*i) % CONTRACTS.len()]),
            )
            .encode(),
            Agent::Raw(bytes) => bytes.to_vec(),
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
enum Action {
    Deposit {
        from: u8,
        amount: u16,
        to: Option<Agent>,
    },
    Transfer {
        from: u8,
        to: Agent,
        amount: u32,
    },
    Withdraw {
        from: u8,
        amount: u32,
    },
    StoreBlob {
        from: u8,
        field: Vec<u8>,
        value: Vec<u8>,
    },
    Increment {
        from: u8,
        how: u8,
    },
    IncrementBy {
        from: u8,
        n: i64,
    },
    TokenTransfer {
        from: u8,
        to: Agent,
        amount: u64,
    },
    Donate {
        from: u8,
        amount: u16,
        feedback: String,
    },
    DonationWithdraw {
        from: u8,
        amount: u32,
    },
    CallerCall {
        from: u8,
        contract: Contract,
        entry: Entry,
        amount: u16,
        params: Params,
    },
    CallerView {
        contract: Contract,
        entry: Entry,
        params: Params,
    },
    Raw {
        from: u8,
        contract: Contract,
        entry: Entry,
        params: Params,
        amount: u16,
        gas: u32,
    },
    View {
        contract: Contract,
        entry: Entry,
        params: Params,
    },
    Block,
}

/// Arbitrary params (at most 8 entries; empty keys are dropped, as a dict has none).
#[derive(Arbitrary, Debug, Clone)]
struct Params(Vec<(Vec<u8>, Vec<u8>)>);

impl Params {
    fn dict(&self) -> Dict {
        let mut d = Dict::new();
        for (k, v) in self.0.iter().take(8) {
            let _ = d.set(k.clone(), v.clone());
        }
        d
    }
}

fn wallet(i: u8) -> &'static str {
    WALLETS[usize::from(i) % WALLETS.len()]
}

fn dict(entries: &[(&str, Vec<u8>)]) -> Dict {
    let mut d = Dict::new();
    for (k, v) in entries {
        d.set(k.as_bytes().to_vec(), v.clone()).expect("a key");
    }
    d
}

fn fixture() -> &'static Template {
    static FIXTURE: OnceLock<Template> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut world = World::new(wasm_registry(), Limits::DEFAULT);
        for (name, wasm) in EXAMPLES {
            let init = match name {
                "token" => dict(&[("supply", SUPPLY.encode())]),
                _ => Dict::new(),
            };
            world.send_deploy_with(name, wasm, init, 0);
        }
        world.settled("deploying the examples")
    })
}

fn act(world: &mut World, action: &Action) {
    let h = Hname::new;
    match action {
        Action::Deposit { from, amount, to } => {
            let params = match to {
                Some(to) => dict(&[("a", to.encode(world))]),
                None => Dict::new(),
            };
            let tokens = u64::from(*amount) * 1_000;
            world.send(
                wallet(*from),
                h("accounts"),
                h("deposit"),
                params,
                tokens,
                0,
            );
        }
        Action::Transfer { from, to, amount } => {
            let params = dict(&[("a", to.encode(world)), ("n", u64::from(*amount).encode())]);
            world.send(wallet(*from), h("accounts"), h("transfer"), params, 0, 0);
        }
        Action::Withdraw { from, amount } => {
            let params = dict(&[("n", u64::from(*amount).encode())]);
            world.send(
                wallet(*from),
                h("accounts"),
                h("withdrawToAddress"),
                params,
                0,
                0,
            );
        }
        Action::StoreBlob { from, field, value } => {
            let mut params = Dict::new();
            let _ = params.set(field.clone(), value.clone());
            world.send(wallet(*from), h("blob"), h("storeBlob"), params, 0, 0);
        }
        Action::Increment { from, how } => {
            let entry = ["increment", "callIncrement", "postIncrement"][usize::from(*how) % 3];
            world.send(wallet(*from), h("inccounter"), h(entry), Dict::new(), 0, 0);
        }
        Action::IncrementBy { from, n } => {
            let params = dict(&[("n", n.encode())]);
            world.send(
                wallet(*from),
                h("inccounter"),
                h("incrementBy"),
                params,
                0,
                0,
            );
        }
        Action::TokenTransfer { from, to, amount } => {
            let params = dict(&[("to", to.encode(world)), ("amount", amount.encode())]);
            world.send(wallet(*from), h("token"), h("transfer"), params, 0, 0);
        }
        Action::Donate {
            from,
            amount,
            feedback,
        } => {
            let params = dict(&[("feedback", feedback.as_bytes().to_vec())]);
            let tokens = u64::from(*amount);
            world.send(
                wallet(*from),
                h("donatewithfeedback"),
                h("donate"),
                params,
                tokens,
                0,
            );
        }
        Action::DonationWithdraw { from, amount } => {
            let params = dict(&[("amount", u64::from(*amount).encode())]);
            world.send(
                wallet(*from),
                h("donatewithfeedback"),
                h("withdraw"),
                params,
                0,
                0,
            );
        }
        Action::CallerCall {
            from,
            contract,
            entry,
            amount,
            params,
        } => {
            let mut params = params.dict();
            let _ = params.set(b"contract".to_vec(), contract.hname().encode());
            let _ = params.set(b"func".to_vec(), entry.name().into_bytes());
            let _ = params.set(b"amount".to_vec(), u64::from(*amount).encode());
            world.send(wallet(*from), h("caller"), h("callFunc"), params, 0, 0);
        }
        Action::CallerView {
            contract,
            entry,
            params,
        } => {
            let mut params = params.dict();
            let _ = params.set(b"contract".to_vec(), contract.hname().encode());
            let _ = params.set(b"view".to_vec(), entry.name().into_bytes());
            let _ = world.view(h("caller"), h("callView"), params);
        }
        Action::Raw {
            from,
            contract,
            entry,
            params,
            amount,
            gas,
        } => {
            world.send(
                wallet(*from),
                contract.hname(),
                entry.hname(),
                params.dict(),
                u64::from(*amount),
                u64::from(*gas),
            );
        }
        Action::View {
            contract,
            entry,
            params,
        } => {
            let _ = world.view(contract.hname(), entry.hname(), params.dict());
        }
        Action::Block => {
            world.run_block();
        }
    }
}

fn run(actions: &[Action]) -> Trace {
    let mut world = World::from_template(fixture());
    for action in actions.iter().take(MAX_ACTIONS) {
        act(&mut world, action);
    }
    world.run_blocks(MAX_DRAIN_BLOCKS);
    world.finish()
}

fuzz_target!(|actions: Vec<Action>| {
    assert_agree(|| run(&actions));
});
