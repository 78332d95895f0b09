//! `isc-runtime`: the iscvm execution engine.
//!
//! A node links this crate to run blocks: [`execute_block`] takes ordered requests and the chain's
//! [`VirtualState`](isc_sandbox::VirtualState) and produces a block, receipts, events and outgoing
//! requests; [`Chain`] wraps a store with its backlog and commits blocks atomically. Contracts run
//! through the [`CallContext`], the one implementation of the sandbox, and are found through the
//! [`ProcessorRegistry`].
#![deny(missing_docs)]

mod anchor;
mod backlog;
mod chain;
mod context;
mod error;
mod executor;
mod outbox;
mod refusal;
mod registry;
mod request;

pub use anchor::anchor_id;
pub use chain::Chain;
pub use context::{CallContext, ChainEnv, Effects, EntryFilter, RequestInfo};
pub use error::RuntimeError;
pub use executor::{
    execute_block, BlockInput, BlockResult, Event, ExecutedBlock, NotRun, RequestOutcome,
    MAX_OUTGOING_PER_BLOCK,
};
pub use isc_sandbox::VmFactory;
pub use outbox::OutboxEntry;
pub use refusal::Refusal;
pub use registry::{ProcessorRef, ProcessorRegistry};
pub use request::{OutgoingRequest, Request};
