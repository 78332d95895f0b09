//! Many chains from many threads at once, each chain used by one thread: every chain computes the
//! same results as it would alone, and the Wasm module is compiled once for all of them.

mod common;

use common::scenario::{self, input, transfer, wallet, FfiNode};
use isc_ffi::{isc_engine_cache_metrics, IscCacheMetrics};

const THREADS: usize = 8;
const BLOCKS: u8 = 5;

/// The transfers scenario and `BLOCKS` more blocks of transfers on a new chain; returns the state
/// hash after each block from the scenario's last.
fn run_chain(engine: u64) -> Vec<[u8; 32]> {
    let chain = common::memory_chain(engine);
    let mut node = FfiNode(chain);
    let mut hashes = Vec::new();
    scenario::transfers(&mut node);
    hashes.push(common::head(chain).unwrap().state_hash);
    for k in 3..3 + BLOCKS {
        let requests = (0..50u32)
            .map(|i| {
                transfer(
                    u32::from(k) * 1000 + i,
                    wallet(1 + (i % 2) as u8),
                    wallet(2 - (i % 2) as u8),
                    1,
                )
            })
            .collect();
        let res = common::commit(chain, &input(k, requests))
            .unwrap()
            .expect("a block");
        assert!(res.receipts.iter().all(|r| r.error.is_none()));
        hashes.push(res.state_hash.0);
    }
    common::close(chain).unwrap();
    hashes
}

#[test]
fn many_chains_on_many_threads_agree() {
    let engine = common::engine();
    let alone = run_chain(engine);
    let results: Vec<Vec<[u8; 32]>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| s.spawn(|| run_chain(engine)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in results {
        assert_eq!(r, alone);
    }
}

#[test]
fn wasm_chains_in_parallel_share_one_compiled_module() {
    let engine = common::engine();
    let transcripts: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let chain = common::memory_chain(engine);
                    let t = scenario::inccounter(&mut FfiNode(chain));
                    common::close(chain).unwrap();
                    t
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(transcripts.windows(2).all(|w| w[0] == w[1]));
    let mut metrics = IscCacheMetrics::default();
    common::call(|err| unsafe { isc_engine_cache_metrics(engine, &mut metrics, err) }).unwrap();
    // Two threads missing the same program at once may both compile it (the cache never holds its
    // lock across a compile); the cache keeps one.
    assert!(
        metrics.compiles >= 1 && metrics.compiles <= 4,
        "{metrics:?}"
    );
    assert_eq!(metrics.memory_modules, 1);
}
