//! Everything a run produced that every node must agree on.

use isc_abi::{Address, Balances, Hash, RequestId};
use isc_native_contracts::blocklog::Receipt;
use isc_runtime::Event;

/// The observable outcome of a run, block by block: two runs of one input on fresh chains must give
/// equal traces.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Trace {
    /// Receipts (success or error, gas budget and burned, fee) of every block.
    pub receipts: Vec<Receipt>,
    /// Events of every block.
    pub events: Vec<Event>,
    /// The state hash after every block.
    pub state_hashes: Vec<Hash>,
    /// L1 transfers of every block.
    pub transfers: Vec<(Address, Balances)>,
    /// Requests posted to other chains: target, entry point and tokens.
    pub outgoing: Vec<String>,
    /// Requests of the input that did not run, and why.
    pub not_run: Vec<String>,
    /// Views called: their results (encoded) or their error.
    pub views: Vec<Result<Vec<u8>, String>>,
    /// Requests sent that the chain refused, by position in the run, with the reason.
    pub refused: Vec<(usize, String)>,
    /// Ids of the requests sent, in order.
    pub sent: Vec<RequestId>,
}
