//! Idle instances of compiled modules, reset to their initial state, so that a call need not
//! instantiate its module.
//!
//! A call takes an idle instance of its module (funcs and views have separate ones: their imports
//! differ) or, if there is none, instantiates the module. After a successful call the instance is
//! reset (memory, mutable globals; see `reuse` for which modules qualify and `memory_image` for how)
//! and kept; an instance whose call failed in any way (trap, out of gas, stack limit, host error) is
//! dropped, as is one whose reset failed. So every call starts from the state instantiation gives, as
//! if the instance were fresh, and gas, results and state do not depend on whether it was:
//! instantiation is charged the same either way.
//!
//! Idle instances are kept per thread: a wasmer store must stay on the thread it runs on (wasmer's
//! `Store` is not `Send`), and a thread runs one call at a time (plus the calls it nests), so it needs
//! few of them.
//!
//! **Bounds.** A thread keeps at most [`MAX_IDLE_PER_KIND`] idle func instances and as many view
//! instances of each module, and at most [`MAX_IDLE_PER_THREAD`] in all (the least recently used go
//! first). Instances of a module that is gone (evicted from the module cache) are dropped when the
//! thread next uses its pool, and all of a thread's when it ends. An idle instance holds the resident
//! pages of its memory's initial image (the data segments: a few KiB for the example contracts), its
//! store's bookkeeping (tens of KiB), and, like every instance, the address space of its memory mapped
//! at the cap (16 MiB by default, see `reserved_memory`; only touched pages take RAM).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, Weak};

use super::instance::ContractInstance;
use super::memory_image::MemoryImage;
use super::reuse::ReusePlan;

/// Idle instances a thread keeps of one module for funcs, and as many for views.
pub const MAX_IDLE_PER_KIND: usize = 2;

/// Idle instances a thread keeps over all modules.
pub const MAX_IDLE_PER_THREAD: usize = 16;

/// Source of pool ids.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// An idle instance in a thread's pool.
struct Idle {
    /// The pool (module) it belongs to.
    pool: u64,
    /// Alive while the module is.
    alive: Weak<()>,
    instance: ContractInstance,
}

thread_local! {
    /// This thread's idle instances, least recently used first.
    static IDLE: RefCell<Vec<Idle>> = const { RefCell::new(Vec::new()) };
}

/// What a compiled module needs to reuse its instances: how to reset them, and their initial memory.
pub struct InstancePool {
    id: u64,
    /// Idle instances hold a `Weak` of it: they are dropped once the module is.
    alive: Arc<()>,
    /// How to reset an instance; `None`: instances are never reused.
    plan: Option<ReusePlan>,
    /// The memory's initial image, from the first instance (every instance starts the same).
    image: OnceLock<Option<MemoryImage>>,
}

impl InstancePool {
    /// A pool for a module with this plan; with none, it never keeps an instance.
    pub fn new(plan: Option<ReusePlan>) -> Self {
        InstancePool {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            alive: Arc::new(()),
            plan,
            image: OnceLock::new(),
        }
    }

    /// How instances are reset, if they are reused.
    pub fn plan(&self) -> Option<&ReusePlan> {
        self.plan.as_ref()
    }

    /// An idle instance of this thread, with a view's imports if `view`, in its initial state.
    pub fn take(&self, view: bool) -> Option<ContractInstance> {
        self.plan.as_ref()?;
        let (found, dead) = IDLE.with_borrow_mut(|idle| {
            let dead = drop_dead(idle);
            let found = idle
                .iter()
                .rposition(|e| e.pool == self.id && e.instance.is_view() == view)
                .map(|i| idle.remove(i).instance);
            (found, dead)
        });
        drop(dead);
        found
    }

    /// Records the memory image from `fresh`, a new instance not called yet, if none is recorded.
    pub fn observe(&self, fresh: &ContractInstance) {
        if self.plan.is_some() {
            self.image.get_or_init(|| fresh.memory_image());
        }
    }

    /// Takes back `instance` after a successful call: resets it and keeps it if this thread has room
    /// for it, else drops it.
    pub fn put(&self, mut instance: ContractInstance) {
        let Some(image) = self.image.get().and_then(Option::as_ref) else {
            return;
        };
        let view = instance.is_view();
        let room = IDLE.with_borrow(|idle| {
            idle.iter()
                .filter(|e| e.pool == self.id && e.instance.is_view() == view)
                .count()
                < MAX_IDLE_PER_KIND
        });
        if !room || !instance.reset(image) {
            return;
        }
        let evicted = IDLE.with_borrow_mut(|idle| {
            let mut evicted = drop_dead(idle);
            if idle.len() >= MAX_IDLE_PER_THREAD {
                evicted.push(idle.remove(0));
            }
            idle.push(Idle {
                pool: self.id,
                alive: Arc::downgrade(&self.alive),
                instance,
            });
            evicted
        });
        drop(evicted);
    }

    /// Idle instances of this module kept by the calling thread.
    pub fn idle_here(&self) -> usize {
        IDLE.with_borrow(|idle| idle.iter().filter(|e| e.pool == self.id).count())
    }
}

/// Removes the instances of modules that are gone; the caller drops them once the pool is released.
fn drop_dead(idle: &mut Vec<Idle>) -> Vec<Idle> {
    if idle.iter().all(|e| e.alive.strong_count() > 0) {
        return Vec::new();
    }
    let (live, dead) = std::mem::take(idle)
        .into_iter()
        .partition(|e| e.alive.strong_count() > 0);
    *idle = live;
    dead
}
