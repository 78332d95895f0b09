//! `isc-sandbox`: what a contract sees and what state is.
//!
//! This crate holds the state layer of iscvm, bottom to top:
//!
//! - the data of a block ([`Mutation`], [`StateUpdate`], [`Block`]) with its canonical encoding, and the
//!   state-hash chain ([`origin_state_hash`], [`next_state_hash`]) that every node must compute alike;
//! - the persistence seam ([`Store`]) with an in-memory ([`MemStore`]) and a redb ([`RedbStore`])
//!   backend, where one block is one atomic commit;
//! - the layers execution works on, all behind the small [`KvRead`]/[`KvWrite`] pair: the
//!   [`VirtualState`] of the block being built, a per-request [`Overlay`] that a failed request drops,
//!   and the per-contract [`Partition`]/[`PartitionMut`] views;
//! - [`verify`], which replays a store's history and says where it diverges.
//!
//! Modules are private and their items re-exported here, so a new concept (the sandbox and processor
//! traits come next) is one new file plus one `mod`/`pub use` pair below.
#![deny(missing_docs)]

mod block;
mod block_changes;
mod codec;
mod kv;
mod mem_store;
mod merge;
mod mutation;
mod overlay;
mod partition;
mod processor;
mod redb_apply;
mod redb_store;
mod sandbox_api;
mod state_error;
mod state_hash;
mod state_update;
mod store;
mod store_error;
mod verify;
mod virtual_state;
mod vm_error;
mod vm_factory;

#[cfg(test)]
mod store_tests;

pub use block::Block;
pub use kv::{apply_mutations, KvRead, KvWrite};
pub use mem_store::MemStore;
pub use mutation::Mutation;
pub use overlay::Overlay;
pub use partition::{Partition, PartitionMut};
pub use processor::{EntryKind, Processor};
pub use redb_store::{RedbStore, DEFAULT_NAMESPACE};
pub use sandbox_api::{CoreOps, Sandbox, SandboxView};
pub use state_error::StateError;
pub use state_hash::{next_state_hash, origin_state_hash};
pub use state_update::StateUpdate;
pub use store::{AuxChange, ChainHead, CommitBatch, Store, StoredBlock};
pub use store_error::{BoxError, StoreError};
pub use verify::{verify, MismatchKind, VerifyError, VerifyReport};
pub use virtual_state::{BlockCommit, VirtualState, ORIGIN_TIMESTAMP};
pub use vm_error::VmError;
pub use vm_factory::VmFactory;
