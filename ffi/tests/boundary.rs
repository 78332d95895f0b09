//! Bad input across the boundary: null pointers, truncated buffers, unknown and closed handles, a
//! busy chain, failing store callbacks, refused blocks. Each gets its error code and a message, and
//! leaves the chain as it was.

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use common::kv::NodeKv;
use common::scenario::{self, input, owner, transfer, wallet, CHAIN_ID, T0};
use common::{call, config, create, head, take};
use isc_abi::{Codec, Dict};
use isc_ffi::envelope::encode_block_input;
use isc_ffi::*;

fn chain_on(engine: u64, kind: u32) -> u64 {
    create(engine, &config(kind), CHAIN_ID, owner(), T0).expect("create")
}

/// A chain that ran its first block (root's init).
fn initialised(engine: u64) -> u64 {
    let chain = chain_on(engine, ISC_STORE_MEMORY);
    let init = common::backlog(chain).unwrap();
    common::commit(chain, &input(1, init))
        .unwrap()
        .expect("a block");
    chain
}

fn code<T>(r: Result<T, common::Failure>) -> (i32, String) {
    match r {
        Ok(_) => panic!("the call succeeded"),
        Err(e) => e,
    }
}

#[test]
fn null_pointers_are_refused() {
    let engine = common::engine();
    let chain = chain_on(engine, ISC_STORE_MEMORY);
    let (c, m) = code(call(|err| unsafe {
        isc_engine_new(std::ptr::null(), 0, std::ptr::null_mut(), err)
    }));
    assert_eq!(
        (c, m.as_str()),
        (ISC_ERR_NULL, "out_engine is a null pointer")
    );
    let (c, _) = code(call(|err| unsafe {
        isc_chain_head(chain, std::ptr::null_mut(), err)
    }));
    assert_eq!(c, ISC_ERR_NULL);
    let mut out = IscBuffer::default();
    let (c, m) = code(call(|err| unsafe {
        isc_chain_commit_block(chain, std::ptr::null(), 5, &mut out, err)
    }));
    assert_eq!((c, m.as_str()), (ISC_ERR_NULL, "input is a null pointer"));
    let mut h = 0;
    let (c, m) = code(call(|err| unsafe {
        isc_chain_open(engine, std::ptr::null(), &mut h, err)
    }));
    assert_eq!((c, m.as_str()), (ISC_ERR_NULL, "store is a null pointer"));
    let mut hname = 0;
    let (c, _) = code(call(|err| unsafe {
        isc_hname(std::ptr::null(), 3, &mut hname, err)
    }));
    assert_eq!(c, ISC_ERR_NULL);
    // A callback store needs all three callbacks.
    let kv = NodeKv::default();
    let mut callbacks = config(ISC_STORE_CALLBACKS);
    callbacks.callbacks = IscStoreCallbacks {
        iterate: None,
        ..kv.callbacks()
    };
    let (c, m) = code(create(engine, &callbacks, CHAIN_ID, owner(), T0));
    assert_eq!(
        (c, m.as_str()),
        (ISC_ERR_NULL, "store callback `iterate` is a null pointer")
    );
    // Without an error buffer the code still says what happened.
    assert_eq!(
        unsafe { isc_chain_head(chain, std::ptr::null_mut(), std::ptr::null_mut()) },
        ISC_ERR_NULL
    );
    assert_eq!(
        unsafe { isc_value_set(std::ptr::null_mut(), std::ptr::null(), 0) },
        ISC_ERR_NULL
    );
    assert!(!unsafe {
        isc_visit(
            std::ptr::null_mut(),
            std::ptr::null(),
            0,
            std::ptr::null(),
            0,
        )
    });
}

#[test]
fn truncated_and_malformed_buffers_are_refused_and_change_nothing() {
    let engine = common::engine();
    let chain = initialised(engine);
    let before = head(chain).unwrap();
    let bytes = encode_block_input(&input(2, vec![transfer(1, wallet(1), wallet(2), 1)]));
    for cut in [0, 1, 9, 40, 76, 80, bytes.len() - 1] {
        let (c, m) = code(common::commit_bytes(chain, &bytes[..cut]));
        assert_eq!(c, ISC_ERR_DECODE, "cut at {cut}: {m}");
        assert!(m.starts_with("block input: "), "{m}");
    }
    let mut long = bytes.clone();
    long.push(0);
    assert_eq!(code(common::commit_bytes(chain, &long)).0, ISC_ERR_DECODE);
    let mut version = bytes.clone();
    version[0] = 9;
    let (c, m) = code(common::commit_bytes(chain, &version));
    assert_eq!(c, ISC_ERR_DECODE);
    assert!(m.contains("unknown envelope version"), "{m}");
    assert_eq!(head(chain).unwrap(), before);

    let req = transfer(1, wallet(1), wallet(2), 1).encode();
    let (c, m) = code(call(|err| unsafe {
        isc_chain_post(chain, req.as_ptr(), req.len() - 3, err)
    }));
    assert_eq!(c, ISC_ERR_DECODE, "{m}");
    assert!(m.starts_with("request: truncated"), "{m}");
    assert!(common::backlog(chain).unwrap().is_empty());

    let mut params = Dict::new();
    params.set(b"a".to_vec(), wallet(1).encode()).unwrap();
    let params = params.encode();
    let mut out = IscBuffer::default();
    let (c, _) = code(call(|err| unsafe {
        isc_chain_call_view(
            chain,
            1,
            2,
            params.as_ptr(),
            params.len() - 1,
            &mut out,
            err,
        )
    }));
    assert_eq!(c, ISC_ERR_DECODE);
    let mut hash = IscHash::default();
    let (c, _) = code(call(|err| unsafe {
        isc_blob_hash(params.as_ptr(), 2, &mut hash, err)
    }));
    assert_eq!(c, ISC_ERR_DECODE);
}

#[test]
fn arguments_out_of_their_domain_are_refused() {
    let engine = common::engine();
    let mut h = 0;
    let owner = owner().encode();
    let (c, m) = code(call(|err| unsafe {
        isc_chain_create(
            engine,
            &config(ISC_STORE_MEMORY),
            [1u8; 31].as_ptr(),
            31,
            owner.as_ptr(),
            owner.len(),
            T0,
            std::ptr::null(),
            0,
            &mut h,
            err,
        )
    }));
    assert_eq!(
        (c, m.as_str()),
        (
            ISC_ERR_INVALID_ARGUMENT,
            "chain_id must be 32 bytes, got 31"
        )
    );
    let (c, m) = code(create(engine, &config(9), CHAIN_ID, scenario::owner(), T0));
    assert_eq!(c, ISC_ERR_INVALID_ARGUMENT);
    assert!(m.starts_with("unknown store kind 9"), "{m}");
    let (c, _) = code(create(
        engine,
        &config(ISC_STORE_REDB),
        CHAIN_ID,
        scenario::owner(),
        T0,
    ));
    assert_eq!(c, ISC_ERR_INVALID_ARGUMENT);
    let bad = [0xffu8, 0xfe];
    let mut hname = 0;
    let (c, _) = code(call(|err| unsafe {
        isc_hname(bad.as_ptr(), 2, &mut hname, err)
    }));
    assert_eq!(c, ISC_ERR_INVALID_ARGUMENT);
}

#[test]
fn unknown_and_closed_handles_are_errors() {
    let engine = common::engine();
    let chain = chain_on(engine, ISC_STORE_MEMORY);
    for bogus in [0, 12345, engine, chain + 1000] {
        let (c, m) = code(head(bogus));
        assert_eq!(c, ISC_ERR_UNKNOWN_HANDLE, "{bogus:#x}: {m}");
    }
    let (c, m) = code(head(engine));
    assert!(
        m.contains("an engine handle, not a chain handle"),
        "{c}: {m}"
    );
    assert_eq!(
        code(create(
            chain,
            &config(ISC_STORE_MEMORY),
            CHAIN_ID,
            owner(),
            T0
        ))
        .0,
        ISC_ERR_UNKNOWN_HANDLE
    );

    common::close(chain).unwrap();
    let (c, m) = code(head(chain));
    assert_eq!(
        (c, m),
        (ISC_ERR_CLOSED, format!("chain handle {chain:#x} is closed"))
    );
    assert_eq!(code(common::backlog(chain)).0, ISC_ERR_CLOSED);
    assert_eq!(code(common::commit_bytes(chain, &[1])).0, ISC_ERR_CLOSED);
    assert_eq!(code(common::close(chain)).0, ISC_ERR_CLOSED);

    // A freed engine takes no new chains; the chains opened on it keep working.
    let live = initialised(engine);
    call(|err| unsafe { isc_engine_free(engine, err) }).unwrap();
    assert_eq!(
        code(create(
            engine,
            &config(ISC_STORE_MEMORY),
            CHAIN_ID,
            owner(),
            T0
        ))
        .0,
        ISC_ERR_CLOSED
    );
    let mut metrics = IscCacheMetrics::default();
    assert_eq!(
        code(call(|err| unsafe {
            isc_engine_cache_metrics(engine, &mut metrics, err)
        }))
        .0,
        ISC_ERR_CLOSED
    );
    assert_eq!(head(live).unwrap().index, 1);
}

#[test]
fn a_chain_in_use_by_another_thread_is_busy_not_a_crash() {
    let engine = common::engine();
    let kv = Arc::new(NodeKv::default());
    let mut store = config(ISC_STORE_CALLBACKS);
    store.callbacks = kv.callbacks();
    let chain = create(engine, &store, CHAIN_ID, owner(), T0).unwrap();
    kv.hold.store(true, Ordering::SeqCst);
    let inside = std::thread::spawn(move || head(chain));
    while !kv.waiting.load(Ordering::SeqCst) {
        std::thread::yield_now();
    }
    let (c, m) = code(head(chain));
    assert_eq!(c, ISC_ERR_BUSY, "{m}");
    assert!(m.contains("in use by another thread"), "{m}");
    assert_eq!(code(common::close(chain)).0, ISC_ERR_BUSY);
    kv.release();
    assert_eq!(inside.join().unwrap().unwrap().index, 0);
    assert_eq!(head(chain).unwrap().index, 0);
    common::close(chain).unwrap();
}

#[test]
fn a_failing_store_callback_is_a_store_error_and_commits_nothing() {
    let engine = common::engine();
    let kv = NodeKv::default();
    let mut store = config(ISC_STORE_CALLBACKS);
    store.callbacks = kv.callbacks();
    let chain = create(engine, &store, CHAIN_ID, owner(), T0).unwrap();
    let init = common::backlog(chain).unwrap();
    let commits = kv.commits.load(Ordering::SeqCst);
    kv.fail_with.store(42, Ordering::SeqCst);
    let (c, m) = code(common::commit(chain, &input(1, init.clone())));
    assert_eq!(c, ISC_ERR_STORE, "{m}");
    assert!(m.contains("callback returned 42"), "{m}");
    assert_eq!(kv.commits.load(Ordering::SeqCst), commits);
    kv.fail_with.store(0, Ordering::SeqCst);
    common::commit(chain, &input(1, init))
        .unwrap()
        .expect("the block runs once the store works");
    assert_eq!(head(chain).unwrap().index, 1);
}

#[test]
fn refusals_of_the_runtime_have_their_codes() {
    let engine = common::engine();
    let (c, _) = code(common::open(engine, &config(ISC_STORE_MEMORY)));
    assert_eq!(c, ISC_ERR_NO_CHAIN);
    let chain = initialised(engine);
    // Not after the state's timestamp.
    let (c, m) = code(common::commit(
        chain,
        &input(1, vec![transfer(1, wallet(1), wallet(2), 1)]),
    ));
    assert_eq!(c, ISC_ERR_BLOCK, "{m}");
    let (c, _) = code(common::view(chain, "nosuch", "view", &Dict::new()));
    assert_eq!(c, ISC_ERR_VIEW);
    let req = transfer(1, wallet(1), wallet(2), 1).encode();
    call(|err| unsafe { isc_chain_post(chain, req.as_ptr(), req.len(), err) }).unwrap();
    let (c, m) = code(call(|err| unsafe {
        isc_chain_post(chain, req.as_ptr(), req.len(), err)
    }));
    assert_eq!(c, ISC_ERR_REFUSED, "{m}");
    // Nothing to run: no block, and the result says so.
    let none = common::commit(chain, &input(5, Vec::new())).unwrap();
    assert!(none.is_none());
}

#[test]
fn a_redb_chain_reopens_and_shares_its_file() {
    let engine = common::engine();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("node.redb");
    let path = path.to_str().unwrap();
    let a = create(
        engine,
        &common::redb_config(path, "a"),
        CHAIN_ID,
        owner(),
        T0,
    )
    .unwrap();
    let b = create(
        engine,
        &common::redb_config(path, "b"),
        CHAIN_ID,
        owner(),
        T0,
    )
    .unwrap();
    let init = common::backlog(a).unwrap();
    common::commit(a, &input(1, init)).unwrap().unwrap();
    let (c, _) = code(create(
        engine,
        &common::redb_config(path, "a"),
        CHAIN_ID,
        owner(),
        T0,
    ));
    assert_eq!(c, ISC_ERR_CHAIN_EXISTS);
    let head_a = head(a).unwrap();
    common::close(a).unwrap();
    common::close(b).unwrap();
    let a = common::open(engine, &common::redb_config(path, "a")).unwrap();
    assert_eq!(head(a).unwrap(), head_a);
    assert_eq!(head(a).unwrap().chain_id, CHAIN_ID.0);
    common::close(a).unwrap();
}

#[test]
fn modules_are_checked_and_the_cache_counts() {
    let wasm = scenario::inccounter_wasm();
    let mut report = IscBuffer::default();
    call(|err| unsafe { isc_check_module(wasm.as_ptr(), wasm.len(), &mut report, err) }).unwrap();
    let report = take(report);
    assert_eq!(report[0], 1);
    assert_eq!(&report[5..8], b"isc");
    let garbage = b"not wasm at all";
    let (c, m) = code(call(|err| unsafe {
        isc_check_module(
            garbage.as_ptr(),
            garbage.len(),
            &mut IscBuffer::default(),
            err,
        )
    }));
    assert_eq!(c, ISC_ERR_MODULE);
    assert!(m.contains("neither a Wasm binary"), "{m}");
    let simd = br#"(module (memory (export "memory") 1)
        (func (export "fn:f") (drop (v128.const i64x2 0 0))))"#;
    let (c, m) = code(call(|err| unsafe {
        isc_check_module(simd.as_ptr(), simd.len(), &mut IscBuffer::default(), err)
    }));
    assert_eq!(c, ISC_ERR_MODULE);
    assert!(m.to_lowercase().contains("simd"), "{m}");

    let engine = common::engine();
    let chain = chain_on(engine, ISC_STORE_MEMORY);
    scenario::inccounter(&mut scenario::FfiNode(chain));
    let mut metrics = IscCacheMetrics::default();
    call(|err| unsafe { isc_engine_cache_metrics(engine, &mut metrics, err) }).unwrap();
    assert_eq!(metrics.compiles, 1, "{metrics:?}");
    assert!(metrics.memory_hits >= 4, "{metrics:?}");
    assert_eq!(metrics.memory_modules, 1);
}

#[test]
fn helpers_match_the_design_vectors() {
    let mut hname = 0;
    call(|err| unsafe { isc_hname(b"accounts".as_ptr(), 8, &mut hname, err) }).unwrap();
    assert_eq!(hname, 0x3c4b5e02);
    let mut fields = Dict::new();
    fields.set(b"d".to_vec(), b"test".to_vec()).unwrap();
    fields
        .set(b"p".to_vec(), b"\0asm\x01\0\0\0".to_vec())
        .unwrap();
    fields.set(b"v".to_vec(), b"wasmtime".to_vec()).unwrap();
    let fields = fields.encode();
    let mut hash = IscHash::default();
    call(|err| unsafe { isc_blob_hash(fields.as_ptr(), fields.len(), &mut hash, err) }).unwrap();
    assert_eq!(
        scenario::hex(&hash.bytes),
        "f25d5329c39c0c34f7eb537af2c312754e1ffde95ce8a8219d6d0b0fc5962b16"
    );
    let version = unsafe { std::ffi::CStr::from_ptr(isc_version()) };
    assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}
