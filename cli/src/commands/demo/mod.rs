//! `iscvm demo`: what the runtime does, told step by step on a fresh chain.
//!
//! Creates a chain, runs root's init, funds two wallets from the L1 faucet, deposits to the chain, stores
//! a small program blob, tries to deploy it, runs many `accounts.transfer` requests in blocks (timing
//! block execution), withdraws to L1; then creates a second chain in the same file and sends a request
//! with tokens from the first chain to the second and back (`pingpong`), printing the balances on both
//! chains and on L1 before and after; and checks every token and both chains' histories (`verify`). The
//! store file stays behind, so every other command can look at it.

mod cross_chain;
mod narrator;
pub mod program;
mod summary;
mod tally;

use std::path::PathBuf;

use isc_abi::{blob_hash, AgentId, Balances, Codec, Color, Dict, Hname};
use isc_native_contracts::{accounts, blob, root};

use crate::args::{Cli, DemoArgs};
use crate::commands::accounts::total_assets;
use crate::commands::blob::{blob_gas, program_blob};
use crate::commands::deploy::deploy_params;
use crate::commands::funding::on_chain_balance;
use crate::commands::receipts::{print_rows, ReceiptRow};
use crate::commands::values::dict_of;
use crate::error::CliError;
use crate::names::Names;
use crate::output::{balances_text, thousands};
use crate::session::{now_ns, RanBlock, Session};

use narrator::Narrator;
use summary::{BalanceRow, Summary};
use tally::Tally;

/// The wallets of the story.
const WALLETS: [&str; 3] = ["owner", "alice", "bob"];
/// What alice and bob deposit to the chain.
const DEPOSIT: u64 = 10_000_000;
/// What the owner deposits to pay for the blob and the deployment.
const OWNER_DEPOSIT: u64 = 1_000_000;
/// Per transfer: alice sends this much to bob, bob sends `BOB_SENDS` back.
const ALICE_SENDS: u64 = 100;
/// See [`ALICE_SENDS`].
const BOB_SENDS: u64 = 60;
/// What alice withdraws to L1 at the end.
const WITHDRAWAL: u64 = 1_000_000;
/// The contract name the demo tries to deploy.
const CONTRACT_NAME: &str = "inccounter";

/// A new temporary directory with a store file path in it.
fn fresh_store_path() -> Result<PathBuf, CliError> {
    let dir = std::env::temp_dir().join(format!("iscvm-demo-{}-{}", std::process::id(), now_ns()));
    std::fs::create_dir_all(&dir).map_err(|source| CliError::CreateFile {
        path: dir.clone(),
        source,
    })?;
    Ok(dir.join("chain.redb"))
}

/// The demo's chain with its running totals.
/// Prints a block's receipts as the demo's narration shows them (the first three rows).
fn tell_receipts(session: &Session, receipts: &[isc_native_contracts::blocklog::Receipt]) {
    let names = Names::load(session);
    let rows: Vec<ReceiptRow> = receipts
        .iter()
        .map(|rc| ReceiptRow::new(rc, &names))
        .collect();
    print_rows(&rows, 3);
}

struct Demo {
    session: Session,
    narrator: Narrator,
    all: Tally,
}

impl Demo {
    /// Runs the backlog as one block; it must run something.
    fn block(&mut self) -> Result<RanBlock, CliError> {
        let ran = self
            .session
            .run_backlog(usize::MAX, None)?
            .ok_or_else(|| CliError::Demo("the backlog was unexpectedly empty".into()))?;
        self.all.add(&ran);
        Ok(ran)
    }

    /// Runs a block and tells its receipts.
    fn block_told(&mut self) -> Result<RanBlock, CliError> {
        let ran = self.block()?;
        if self.narrator.speaks() {
            let r = &ran.result;
            self.narrator.line(format!(
                "block {}: {} request(s), state hash {}",
                r.block.index,
                r.receipts.len(),
                r.state_hash
            ));
            tell_receipts(&self.session, &r.receipts);
        }
        Ok(ran)
    }

    fn agent(&self, name: &str) -> Result<AgentId, CliError> {
        Ok(AgentId::address(self.session.wallet(name)?))
    }

    fn base_on_chain(&self, name: &str) -> Result<u64, CliError> {
        Ok(on_chain_balance(&self.session, &self.agent(name)?)?.get(&Color::BASE))
    }

    fn base_on_l1(&self, name: &str) -> Result<u64, CliError> {
        Ok(self.session.l1_balance_of(name)?.get(&Color::BASE))
    }

    fn send(
        &self,
        from: &str,
        contract: Hname,
        func: &str,
        params: Dict,
        transfer: Balances,
        gas: u64,
    ) -> Result<isc_runtime::Request, CliError> {
        self.session
            .send(from, contract, Hname::new(func), params, transfer, gas)
    }
}

/// Runs `demo`.
pub fn run(cli: &Cli, args: &DemoArgs) -> Result<(), CliError> {
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => fresh_store_path()?,
    };
    let mut narrator = Narrator::new(cli.json);
    if narrator.speaks() {
        println!("iscvm demo: a chain on an embedded redb file, and what the runtime did with it");
        println!("store file: {}", path.display());
    }

    narrator.step("Create a chain owned by test wallet `owner`");
    let session = Session::create(&path, isc_env::MAIN_CHAIN, "owner", "iscvm demo chain")
        .map_err(|e| match e {
            CliError::ChainExists { path, name, .. } => CliError::DemoStoreInUse { path, name },
            e => e,
        })?;
    let (_, _, origin_hash) = session.head()?;
    narrator.line(format!("chain id           {}", session.chain().id()));
    narrator.line(format!(
        "owner              {} (funded by the L1 faucet)",
        AgentId::address(session.wallet("owner")?)
    ));
    narrator.line(format!("origin state hash  {origin_hash} (block 0)"));
    narrator.line("root.init waits in the backlog: the chain does nothing until a block runs");
    let mut demo = Demo {
        session,
        narrator,
        all: Tally::default(),
    };

    demo.narrator.step("Run the first block: root.init makes `owner` the chain owner and deploys the core contracts");
    demo.block_told()?;
    let contracts = crate::names::contract_records(&demo.session)?;
    demo.narrator.line(format!(
        "contracts: {}",
        contracts
            .iter()
            .map(|(h, r)| format!("{} ({h})", r.name))
            .collect::<Vec<_>>()
            .join(", ")
    ));

    demo.narrator
        .step("Fund wallets alice and bob from the simulated L1 faucet");
    let mut l1_start = Vec::new();
    for name in WALLETS {
        let address = demo.session.wallet(name)?;
        let on_l1 = demo.base_on_l1(name)?;
        l1_start.push(on_l1);
        demo.narrator.line(format!(
            "{name:<6} A/{address}  {} base on L1",
            thousands(on_l1)
        ));
    }

    demo.narrator.step(
        "Deposit tokens to the chain (accounts.deposit): fees are paid from on-chain accounts",
    );
    for (name, amount) in [
        ("alice", DEPOSIT),
        ("bob", DEPOSIT),
        ("owner", OWNER_DEPOSIT),
    ] {
        demo.send(
            name,
            accounts::CONTRACT.hname(),
            accounts::names::DEPOSIT,
            Dict::new(),
            Balances::single(Color::BASE, amount),
            0,
        )?;
        demo.narrator.line(format!(
            "{name} sends {} base with a deposit request",
            thousands(amount)
        ));
    }
    demo.block_told()?;
    let mut chain_before = Vec::new();
    for name in WALLETS {
        chain_before.push(demo.base_on_chain(name)?);
    }
    demo.narrator.line(format!(
        "on the chain: alice {}, bob {}, owner {} (each paid a small fee to the owner)",
        thousands(chain_before[1]),
        thousands(chain_before[2]),
        thousands(chain_before[0])
    ));

    demo.narrator
        .step("Store the inccounter contract (Rust, built for wasm32) in the blob registry (blob.storeBlob)");
    let fields = program_blob(
        program::INCCOUNTER_WASM.to_vec(),
        "wasmer",
        Some("inccounter: the example counter contract"),
    );
    let hash = blob_hash(&fields);
    let gas = blob_gas(&demo.session);
    demo.send(
        "owner",
        blob::CONTRACT.hname(),
        blob::names::STORE_BLOB,
        fields,
        Balances::new(),
        gas,
    )?;
    demo.narrator.line(format!(
        "{} bytes of Wasm, VM type `wasmer`; blob hash {hash} (computed before it runs)",
        program::INCCOUNTER_WASM.len()
    ));
    let ran = demo.block_told()?;
    if let Some(e) = ran.result.receipts.first().and_then(|r| r.error.clone()) {
        return Err(CliError::Demo(format!("storing the blob failed: {e}")));
    }

    demo.narrator.step(&format!(
        "Deploy it as contract `{CONTRACT_NAME}` (root.deployContract)"
    ));
    let mut init = Dict::new();
    init.set(b"counter".to_vec(), 100i64.encode())
        .map_err(|e| CliError::Demo(e.to_string()))?;
    let params = deploy_params(&hash, CONTRACT_NAME, Some("demo contract"), &init)?;
    demo.send(
        "owner",
        root::CONTRACT.hname(),
        root::names::DEPLOY_CONTRACT,
        params,
        Balances::new(),
        0,
    )?;
    let ran = demo.block_told()?;
    let deploy_error = ran.result.receipts.first().and_then(|r| r.error.clone());
    match &deploy_error {
        Some(e) => return Err(CliError::Demo(format!("deploying inccounter failed: {e}"))),
        None => demo.narrator.line(format!(
            "contract `{CONTRACT_NAME}` deployed ({}): validated, compiled by Cranelift, init ran with counter = 100",
            Hname::new(CONTRACT_NAME)
        )),
    }

    demo.narrator.step(
        "Use it: alice increments twice, bob adds 5, one call panics (incrementBy without `n`)",
    );
    let counter_h = Hname::new(CONTRACT_NAME);
    let mut by5 = Dict::new();
    by5.set(b"n".to_vec(), 5i64.encode())
        .map_err(|e| CliError::Demo(e.to_string()))?;
    for (who, func, params) in [
        ("alice", "increment", Dict::new()),
        ("alice", "increment", Dict::new()),
        ("bob", "incrementBy", by5),
        ("bob", "incrementBy", Dict::new()),
    ] {
        demo.send(who, counter_h, func, params, Balances::new(), 0)?;
    }
    demo.block_told()?;
    let counter = demo
        .session
        .view(counter_h, Hname::new("getCounter"), Dict::new())?;
    let value = counter
        .get(b"counter")
        .and_then(|v| i64::decode(v).ok())
        .ok_or_else(|| CliError::Demo("getCounter returned no counter".into()))?;
    demo.narrator.line(format!(
        "view getCounter: {value} (100 + 1 + 1 + 5; the failed call changed nothing but paid its fee)"
    ));

    let transfers = run_transfers(&mut demo, args)?;

    demo.narrator
        .step("Withdraw to L1 (accounts.withdrawToAddress)");
    let l1_before = demo.base_on_l1("alice")?;
    demo.send(
        "alice",
        accounts::CONTRACT.hname(),
        accounts::names::WITHDRAW_TO_ADDRESS,
        dict_of(&[(accounts::keys::AMOUNT, WITHDRAWAL.encode())]),
        Balances::new(),
        0,
    )?;
    let ran = demo.block_told()?;
    if let Some(e) = ran.result.receipts.first().and_then(|r| r.error.clone()) {
        return Err(CliError::Demo(format!("the withdrawal failed: {e}")));
    }
    let l1_after = demo.base_on_l1("alice")?;
    demo.narrator.line(format!(
        "alice on L1: {} -> {} base (+{})",
        thousands(l1_before),
        thousands(l1_after),
        thousands(l1_after.saturating_sub(l1_before))
    ));

    let cross_chain = cross_chain::run(&mut demo.session, &mut demo.narrator)?;

    let mut balances = Vec::new();
    for (i, name) in WALLETS.iter().enumerate() {
        balances.push(BalanceRow {
            name: (*name).to_string(),
            l1_start: l1_start[i],
            chain_before: chain_before[i],
            chain_after: demo.base_on_chain(name)?,
            l1_after: demo.base_on_l1(name)?,
        });
    }
    let total = total_assets(&demo.session)?;
    let held = demo
        .session
        .l1()
        .balance(&isc_env::l1::chain_address(&demo.session.chain().id()))
        .map_err(CliError::runtime("read the L1 ledger"))?;
    if total != held {
        return Err(CliError::Demo(format!(
            "total assets {} differ from what the chain holds on L1 {}",
            balances_text(&total),
            balances_text(&held)
        )));
    }
    let report = isc_sandbox::verify(demo.session.store()).map_err(|source| CliError::Verify {
        path: path.clone(),
        source,
    })?;
    let second = demo
        .session
        .env()
        .chain_named(cross_chain::SECOND)
        .map_err(CliError::runtime("open the second chain"))?;
    isc_sandbox::verify(second.store().as_ref()).map_err(|source| CliError::Verify {
        path: path.clone(),
        source,
    })?;
    let (head, _, state_hash) = demo.session.head()?;
    let summary = Summary {
        db: path.display().to_string(),
        chain_id: demo.session.chain().id().to_string(),
        owner: demo.agent("owner")?.to_string(),
        blocks: head,
        receipts: demo.all,
        blob_hash: hash.to_string(),
        deploy_error,
        transfers: summary::TransfersOut::new(&transfers, args.requests),
        withdrawal: summary::WithdrawalOut {
            amount: WITHDRAWAL,
            l1_before,
            l1_after,
        },
        balances,
        total_assets: total.get(&Color::BASE),
        held_on_l1: held.get(&Color::BASE),
        state_hash: state_hash.to_string(),
        verify: summary::VerifyOut {
            ok: true,
            blocks: report.blocks,
            keys: report.keys,
        },
        cross_chain,
    };
    summary.print(cli.json)
}

/// Step 7: `args.requests` transfers between alice and bob, in blocks of at most `args.block_size`.
///
/// Per block, alice and bob each send one L1 transaction carrying their share of the block's requests
/// (a transaction can carry many: `[i]txid`), and the block's requests go to the chain as one block
/// input, the way a node hands over what consensus ordered. Sending them one by one through the backlog
/// would cost three durable store commits per request, which on a slow disk takes minutes; the backlog
/// path is the one the earlier steps show.
fn run_transfers(demo: &mut Demo, args: &DemoArgs) -> Result<Tally, CliError> {
    demo.narrator.step(&format!(
        "{} accounts.transfer requests between alice and bob, in blocks of at most {}",
        thousands(u64::from(args.requests)),
        thousands(u64::from(args.block_size))
    ));
    demo.narrator.line(format!(
        "alice sends bob {ALICE_SENDS}, bob sends alice {BOB_SENDS}, in turns; per block each sends one L1 transaction"
    ));
    demo.narrator.line(
        "carrying its requests, and the block's requests reach the chain as one ordered block input",
    );
    let alice = demo.agent("alice")?;
    let bob = demo.agent("bob")?;
    let transfer = Hname::new(accounts::names::TRANSFER);
    let call = |to: AgentId, amount: u64| {
        (
            accounts::CONTRACT.hname(),
            transfer,
            dict_of(&[
                (accounts::keys::AGENT, to.encode()),
                (accounts::keys::AMOUNT, amount.encode()),
            ]),
        )
    };
    let bar = demo.narrator.progress(u64::from(args.requests));
    let mut tally = Tally::default();
    let mut sending = std::time::Duration::ZERO;
    let mut transactions = 0usize;
    let mut done = 0u32;
    while done < args.requests {
        let n = args.block_size.min(args.requests - done);
        bar.set_message("sending");
        let started = std::time::Instant::now();
        // Request `done + k` of the story: even ones alice -> bob, odd ones bob -> alice.
        let from_alice = (0..n).filter(|k| (done + k).is_multiple_of(2)).count();
        let from_bob = n as usize - from_alice;
        let alice_batch = demo.session.send_batch(
            "alice",
            (0..from_alice).map(|_| call(bob, ALICE_SENDS)).collect(),
        )?;
        let bob_batch = demo.session.send_batch(
            "bob",
            (0..from_bob).map(|_| call(alice, BOB_SENDS)).collect(),
        )?;
        transactions += usize::from(!alice_batch.is_empty()) + usize::from(!bob_batch.is_empty());
        let (mut a, mut b) = (alice_batch.into_iter(), bob_batch.into_iter());
        let requests: Vec<_> = (0..n)
            .filter_map(|k| {
                if (done + k).is_multiple_of(2) {
                    a.next()
                } else {
                    b.next()
                }
            })
            .collect();
        sending += started.elapsed();
        bar.set_message("running a block");
        let ran = demo
            .session
            .commit_requests(requests)?
            .ok_or_else(|| CliError::Demo("a block of transfers ran nothing".into()))?;
        demo.all.add(&ran);
        if ran.result.receipts.len() != n as usize {
            return Err(CliError::Demo(format!(
                "block {} ran {} of {n} requests",
                ran.result.block.index,
                ran.result.receipts.len()
            )));
        }
        tally.add(&ran);
        done += n;
        bar.inc(u64::from(n));
    }
    bar.finish_and_clear();
    if tally.blocks > 0 {
        let (last, _, _) = demo.session.head()?;
        demo.narrator.line(format!(
            "blocks {}-{last}: {} requests, {} ok, {} failed; gas {}, fees {}",
            last + 1 - tally.blocks,
            thousands(tally.total),
            thousands(tally.ok),
            thousands(tally.failed),
            thousands(tally.gas_burned),
            thousands(tally.fees)
        ));
        demo.narrator.line(format!(
            "sending them took {:.3} s ({} L1 transactions)",
            sending.as_secs_f64(),
            transactions
        ));
        if let Some(rps) = tally.throughput() {
            demo.narrator.line(format!(
                "block execution: {} requests in {:.3} s of block execution and commit = {} requests/s",
                thousands(tally.total),
                tally.elapsed.as_secs_f64(),
                thousands(rps.round() as u64)
            ));
        }
    }
    Ok(tally)
}
