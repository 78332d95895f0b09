//! `isc_chain_commit_block_lazy` and its result handles: the same block as `isc_chain_commit_block`
//! (same state hash, same result bytes), each part on its own, and every bad call an error code with
//! a message (null pointers, unknown, foreign and freed handles, an unknown part, a bad input).

mod common;

use common::scenario::{input, transfer, wallet};
use common::{call, funded_chain, result_part};
use isc_ffi::envelope::encode_block_input;
use isc_ffi::*;

fn head(chain: u64) -> IscHead {
    common::head(chain).expect("head")
}

fn code<T>(r: Result<T, common::Failure>) -> (i32, String) {
    match r {
        Ok(_) => panic!("the call succeeded"),
        Err(e) => e,
    }
}

/// Block 2: `n` transfers between wallets 1 and 2, the last one of more than wallet 1 holds (so it
/// fails, with an error in its receipt).
fn transfers(n: u32) -> Vec<u8> {
    let mut requests: Vec<_> = (0..n)
        .map(|i| {
            let (from, to) = if i % 2 == 0 { (1, 2) } else { (2, 1) };
            transfer(i, wallet(from), wallet(to), 1)
        })
        .collect();
    requests.push(transfer(n, wallet(1), wallet(2), u64::MAX / 2));
    encode_block_input(&input(2, requests))
}

#[test]
fn a_lazy_block_is_the_same_block_with_the_same_result() {
    let engine = common::engine();
    let (eager, lazy) = (funded_chain(engine), funded_chain(engine));
    let block = transfers(100);
    let bytes = common::commit_bytes(eager, &block).expect("eager block");
    let (summary, result) = common::commit_lazy_bytes(lazy, &block).expect("lazy block");
    assert_ne!(result, 0);
    assert_eq!(summary.committed, 1);
    assert_eq!(head(lazy).state_hash, head(eager).state_hash);
    assert_eq!(summary.state_hash, head(eager).state_hash);
    assert_eq!((summary.block_index, summary.receipts), (2, 101));
    assert_eq!(summary.info.successful_requests, 100);
    assert_eq!(result_part(result, ISC_PART_ENVELOPE).unwrap(), bytes);
    assert_eq!(common::envelope_from_parts(&summary, result), bytes);
    // Parts again, from several threads at once: the result is shared until freed.
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| assert_eq!(result_part(result, ISC_PART_ENVELOPE).unwrap(), bytes));
        }
    });
    common::free_result(result).expect("free");
    for chain in [eager, lazy] {
        common::close(chain).expect("close");
    }
}

#[test]
fn a_block_where_nothing_ran_has_no_handle() {
    let engine = common::engine();
    let chain = funded_chain(engine);
    let before = head(chain);
    // Only a request that already ran (in block 2): nothing runs in block 3.
    let done = vec![transfer(0, wallet(1), wallet(2), 1)];
    common::commit(chain, &input(2, done.clone())).expect("block 2");
    let (summary, result) =
        common::commit_lazy_bytes(chain, &encode_block_input(&input(3, done))).expect("block 3");
    assert_eq!((summary, result), (IscBlockSummary::default(), 0));
    assert_eq!(head(chain).index, before.index + 1, "nothing committed");
    common::free_result(0).expect("freeing handle 0 is a no-op");
    common::close(chain).expect("close");
}

#[test]
fn bad_calls_are_errors_with_messages() {
    let engine = common::engine();
    let chain = funded_chain(engine);
    let before = head(chain);
    let block = transfers(3);
    let mut summary = IscBlockSummary::default();
    let mut result = 0u64;
    let (c, m) = code(call(|err| unsafe {
        isc_chain_commit_block_lazy(
            chain,
            block.as_ptr(),
            block.len(),
            std::ptr::null_mut(),
            &mut result,
            err,
        )
    }));
    assert_eq!(
        (c, m.as_str()),
        (ISC_ERR_NULL, "out_summary is a null pointer")
    );
    let (c, m) = code(call(|err| unsafe {
        isc_chain_commit_block_lazy(
            chain,
            block.as_ptr(),
            block.len(),
            &mut summary,
            std::ptr::null_mut(),
            err,
        )
    }));
    assert_eq!(
        (c, m.as_str()),
        (ISC_ERR_NULL, "out_result is a null pointer")
    );
    let (c, _) = code(call(|err| unsafe {
        isc_chain_commit_block_lazy(chain, std::ptr::null(), 5, &mut summary, &mut result, err)
    }));
    assert_eq!(c, ISC_ERR_NULL);
    let (c, _) = code(common::commit_lazy_bytes(chain, &block[..block.len() - 1]));
    assert_eq!(c, ISC_ERR_DECODE);
    let (c, _) = code(common::commit_lazy_bytes(engine, &block));
    assert_eq!(c, ISC_ERR_UNKNOWN_HANDLE);
    assert_eq!(head(chain), before, "no failed call committed anything");
    assert_eq!((summary.committed, result), (0, 0), "nor wrote its outputs");

    let (summary, result) = common::commit_lazy_bytes(chain, &block).expect("block");
    assert_eq!(summary.receipts, 4);
    let (c, m) = code(result_part(result, 7));
    assert_eq!(
        (c, m.as_str()),
        (
            ISC_ERR_INVALID_ARGUMENT,
            "part 7 is not a block result part (0 to 6)"
        )
    );
    let (c, _) = code(call(|err| unsafe {
        isc_block_result_part(result, ISC_PART_BLOCK, std::ptr::null_mut(), err)
    }));
    assert_eq!(c, ISC_ERR_NULL);
    let (c, m) = code(result_part(chain, ISC_PART_BLOCK));
    assert_eq!(c, ISC_ERR_UNKNOWN_HANDLE);
    assert!(
        m.contains("a chain handle, not a block result handle"),
        "{m}"
    );
    let (c, m) = code(common::close(result));
    assert_eq!(c, ISC_ERR_UNKNOWN_HANDLE);
    assert!(
        m.contains("a block result handle, not a chain handle"),
        "{m}"
    );
    let (c, _) = code(result_part(result + 1000, ISC_PART_BLOCK));
    assert_eq!(c, ISC_ERR_UNKNOWN_HANDLE);
    let (c, _) = code(common::free_result(u64::MAX));
    assert_eq!(c, ISC_ERR_UNKNOWN_HANDLE);

    common::free_result(result).expect("free");
    let (c, m) = code(result_part(result, ISC_PART_RECEIPTS));
    assert_eq!(
        (c, m),
        (
            ISC_ERR_CLOSED,
            format!("block result handle {result:#x} is closed")
        )
    );
    let (c, _) = code(common::free_result(result));
    assert_eq!(c, ISC_ERR_CLOSED);
    // The chain is free again for the next block, whatever happens to the result.
    assert_eq!(head(chain).index, before.index + 1);
    common::close(chain).expect("close");
    // A result outlives its chain.
    let chain = funded_chain(engine);
    let (_, result) = common::commit_lazy_bytes(chain, &block).expect("block");
    common::close(chain).expect("close");
    assert!(!result_part(result, ISC_PART_BLOCK).unwrap().is_empty());
    common::free_result(result).expect("free");
}
