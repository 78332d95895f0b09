//! blob, eventlog and blocklog: storage, views, limits.

mod test_vm;
use isc_abi::{blob_hash, Codec, Dict, Hash, Hname};
use isc_env::fixture::*;
use isc_gas::Limits;
use isc_native_contracts::blocklog::{BlockInfo, Receipt};
use isc_native_contracts::eventlog::Record;
use isc_runtime::ProcessorRegistry;
use std::sync::Arc;
use test_vm::TestVm;

#[test]
fn store_blob_then_read_it_back() {
    let mut env = ChainFixture::new();
    let fields = dict(&[
        ("p", vec![0, 97, 115, 109]),
        ("v", b"wasmer".to_vec()),
        ("d", b"demo".to_vec()),
    ]);
    let expected = blob_hash(&fields);
    let req = env.post("alice", "blob", "storeBlob", fields, base(100_000), 0);
    let res = env.run().unwrap();
    assert!(res.receipts[0].error.is_none(), "{:?}", res.receipts[0]);
    assert_eq!(res.receipts[0].request_id, req.id);
    let info = env.view("blob", "getBlobInfo", dict(&[("hash", expected.encode())]));
    assert_eq!(u32::decode(info.get(b"p").unwrap()).unwrap(), 4);
    assert_eq!(u32::decode(info.get(b"v").unwrap()).unwrap(), 6);
    let field = env.view(
        "blob",
        "getBlobField",
        dict(&[("hash", expected.encode()), ("field", b"v".to_vec())]),
    );
    assert_eq!(field.get(b"bytes"), Some(b"wasmer".as_slice()));
    let list = env.view("blob", "listBlobs", Dict::new());
    assert_eq!(list.len(), 1);
    assert_eq!(
        u32::decode(list.get(expected.as_bytes()).unwrap()).unwrap(),
        4 + 6 + 4 + 3
    );
    // Unknown blob and field.
    assert!(env
        .try_view(
            "blob",
            "getBlobInfo",
            dict(&[("hash", Hash([1; 32]).encode())])
        )
        .is_err());
    assert!(env
        .try_view(
            "blob",
            "getBlobField",
            dict(&[("hash", expected.encode()), ("field", b"zz".to_vec())])
        )
        .is_err());
}

#[test]
fn blob_size_limit_and_empty_blob() {
    let limits = Limits {
        max_blob_size: 100,
        ..Limits::DEFAULT
    };
    let mut env = ChainFixture::with(ProcessorRegistry::new(), limits);
    let rc = env.call(
        "alice",
        "blob",
        "storeBlob",
        dict(&[("p", vec![0; 200])]),
        base(100_000),
    );
    assert!(rc
        .error
        .unwrap()
        .contains("blob size of 201 exceeds the limit of 100"));
    let rc = env.call("alice", "blob", "storeBlob", Dict::new(), base(100_000));
    assert!(rc.error.unwrap().contains("at least one field"));
    assert!(env.view("blob", "listBlobs", Dict::new()).is_empty());
}

#[test]
fn eventlog_keeps_events_per_contract_newest_first() {
    let mut env = ChainFixture::with(
        ProcessorRegistry::new().with_vm(Arc::new(TestVm)),
        Limits::DEFAULT,
    );
    let program = {
        let fields = dict(&[("v", b"test".to_vec()), ("p", b"counter".to_vec())]);
        env.call("owner", "blob", "storeBlob", fields.clone(), base(100_000));
        blob_hash(&fields)
    };
    let rc = env.call(
        "owner",
        "root",
        "deployContract",
        dict(&[("ph", program.encode()), ("nm", b"counter".to_vec())]),
        base(100_000),
    );
    assert!(rc.error.is_none(), "{rc:?}");
    env.call("alice", "accounts", "deposit", Dict::new(), base(100_000));
    let mut stamps = Vec::new();
    for _ in 0..3 {
        env.call("alice", "counter", "increment", Dict::new(), base(0));
        stamps.push(env.chain.head().unwrap().1);
    }
    let counter = Hname::new("counter");
    let n = env.view(
        "eventlog",
        "getNumRecords",
        dict(&[("contractHname", counter.encode())]),
    );
    // Three "counter is N" events and three "[req]" lines.
    assert_eq!(u32::decode(n.get(b"numRecords").unwrap()).unwrap(), 6);
    let all = env.view(
        "eventlog",
        "getRecords",
        dict(&[("contractHname", counter.encode())]),
    );
    let records: Vec<Record> = (0..u32::decode(all.get(b"numRecords").unwrap()).unwrap())
        .map(|i| Record::decode(all.get(&i.to_be_bytes()).unwrap()).unwrap())
        .collect();
    assert_eq!(records.len(), 6);
    assert!(records[0].text.starts_with("[req] "), "{:?}", records[0]);
    assert!(records[0].text.ends_with(": Ok"));
    assert_eq!(records[1].text, "counter is 3");
    assert!(records.windows(2).all(|w| w[0].timestamp >= w[1].timestamp));
    // At most the last N; time window.
    let last2 = env.view(
        "eventlog",
        "getRecords",
        dict(&[
            ("contractHname", counter.encode()),
            ("maxLastRecords", 2u32.encode()),
        ]),
    );
    assert_eq!(u32::decode(last2.get(b"numRecords").unwrap()).unwrap(), 2);
    let first_only = env.view(
        "eventlog",
        "getRecords",
        dict(&[
            ("contractHname", counter.encode()),
            ("toTs", (stamps[0]).encode()),
        ]),
    );
    let texts: Vec<String> = (0..u32::decode(first_only.get(b"numRecords").unwrap()).unwrap())
        .map(|i| {
            Record::decode(first_only.get(&i.to_be_bytes()).unwrap())
                .unwrap()
                .text
        })
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert_eq!(texts[1], "counter is 1");
}

#[test]
fn blocklog_records_blocks_and_receipts() {
    let mut env = ChainFixture::new();
    let r1 = env.post(
        "alice",
        "accounts",
        "deposit",
        Dict::new(),
        base(100_000),
        0,
    );
    let r2 = env.post(
        "alice",
        "nosuchcontract",
        "whatever",
        Dict::new(),
        base(0),
        0,
    );
    let res = env.run().unwrap();
    let index = res.block.index;
    let latest = env.view("blocklog", "getLatestBlockInfo", Dict::new());
    assert_eq!(u32::decode(latest.get(b"n").unwrap()).unwrap(), index);
    let info = BlockInfo::decode(latest.get(b"i").unwrap()).unwrap();
    assert_eq!(info, res.info);
    assert_eq!(info.total_requests, 2);
    assert_eq!(info.successful_requests, 1);
    assert_eq!(
        info.gas_burned,
        res.receipts.iter().map(|r| r.gas_burned).sum::<u64>()
    );
    assert_eq!(info.fees, res.receipts.iter().map(|r| r.fee).sum::<u64>());
    let by_index = env.view("blocklog", "getBlockInfo", dict(&[("n", index.encode())]));
    assert_eq!(
        BlockInfo::decode(by_index.get(b"i").unwrap()).unwrap(),
        info
    );
    // The previous block's anchor is recorded in this one.
    let prev = index - 1;
    let (_, _, _) = env.chain.head().unwrap();
    let prev_hash = env.chain.store().block(prev).unwrap().unwrap().state_hash;
    assert_eq!(
        info.previous_anchor,
        isc_runtime::anchor_id(&env.chain.id(), prev, &prev_hash)
    );
    let rc = env.view(
        "blocklog",
        "getRequestReceipt",
        dict(&[("r", r2.id.encode())]),
    );
    let rc = Receipt::decode(rc.get(b"rc").unwrap()).unwrap();
    assert_eq!(
        rc.error.as_deref(),
        Some(&*format!(
            "contract {} not found",
            Hname::new("nosuchcontract")
        ))
    );
    let all = env.view(
        "blocklog",
        "getRequestReceiptsForBlock",
        dict(&[("n", index.encode())]),
    );
    assert_eq!(u32::decode(all.get(b"c").unwrap()).unwrap(), 2);
    let first = Receipt::decode(all.get(&0u16.to_be_bytes()).unwrap()).unwrap();
    assert_eq!(first.request_id, r1.id);
    assert_eq!(first, res.receipts[0]);
    for id in [r1.id, r2.id] {
        let p = env.view(
            "blocklog",
            "isRequestProcessed",
            dict(&[("r", id.encode())]),
        );
        assert_eq!(p.get(b"p"), Some([1u8].as_slice()));
    }
    let unknown = isc_abi::RequestId::new(isc_abi::TxId([5; 32]), 0);
    let p = env.view(
        "blocklog",
        "isRequestProcessed",
        dict(&[("r", unknown.encode())]),
    );
    assert_eq!(p.get(b"p"), Some([0u8].as_slice()));
    assert!(env
        .try_view("blocklog", "getBlockInfo", dict(&[("n", 999u32.encode())]))
        .is_err());
}
