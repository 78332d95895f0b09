//! The Wasm gas handshake: how the gas a guest burns inside Wasm reaches the request's meter.
//!
//! Two counters hold one budget. The request's **meter** (the sandbox's `gas_remaining` and
//! `charge_gas`) is what the host charges and what the receipt reports. The **metering global**
//! (`wasmer_metering_remaining_points`) is what the compiled code counts down per instruction, and
//! per byte or page of sized instructions: it must hold the gas the guest may still burn, or a
//! guest could run past its budget. Every write the host makes to it during a call is in this file
//! (resetting an idle instance restores it with the other mutable globals; the next call's load
//! overwrites that). [`WasmGas`] remembers
//! `synced`, the value it last wrote into the global.
//!
//! **Invariant: exactly one of the two owns the truth at every moment.** While guest code runs, the
//! global owns it and the meter has exactly `synced` left: the meter lags behind by `synced - global`,
//! gas burned and not charged yet. While host code runs (an import, or the processor before and after
//! the call), the meter owns it and the global is stale until the handshake writes it again.
//!
//! - Before the guest runs ([`WasmGas::load`]) the meter owns it: its remainder is written into the
//!   global and `synced` set to it.
//! - While guest code runs the global owns it. Nothing charges the meter then: the guest reaches
//!   the host only through imports.
//! - A host call ([`host_call`]) first takes the lag into the meter ([`WasmGas::enter`]): the meter
//!   owns the truth while the import runs and charges its own cost; then the meter's remainder is
//!   written back into the global ([`WasmGas::leave`]), even when the import failed, and the global
//!   owns it again. If charging the lag fails the import does not run and nothing is written back:
//!   the call is over.
//! - After the guest call the meter owns it again: the instance reports the lag since the last
//!   host call ([`WasmGas::lag`]) and [`settle`] charges it, then maps the end of the call: out of
//!   gas inside Wasm (the metering global below zero, or the exhausted flag of a sized
//!   instruction) burns the rest of the budget, so the
//!   error and the gas are the same on every node.
//!
//! So each unit of gas is charged exactly once, and the global never holds more than the meter has
//! left: the lag never exceeds what the meter has, and charging it cannot fail in a call that keeps
//! the invariant. A Pollen-era module's `on_load` runs with no request: its meter is a
//! [`LoadMeter`] of its own bound, and the handshake is the same (its host calls are charged to it
//! like a request's are).
//!
//! The host-call round trip (a few loads and stores here, two virtual calls into the meter) is on
//! the path of every import, which is why these functions are small, generic and `#[inline]`.

use isc_gas::GasMeter;
use isc_sandbox::{SandboxView, VmError};
use wasmer::RuntimeError;

/// The most the metering global holds: the guest counts down a signed `i64` (below zero is out of
/// gas), so a larger budget is capped there (far more than a call can burn), the meter keeping the rest.
pub const MAX_GLOBAL: u64 = i64::MAX as u64;

/// The label of Wasm instruction gas in the burn log.
const WASM: &str = "wasm";

/// The request's meter, as the handshake sees it.
pub trait Meter {
    /// Gas left in the budget.
    fn remaining(&self) -> u64;
    /// Charges `gas` the guest burned inside Wasm.
    fn charge_wasm(&mut self, gas: u64) -> Result<(), VmError>;
}

impl<T: SandboxView + ?Sized> Meter for T {
    #[inline]
    fn remaining(&self) -> u64 {
        self.gas_remaining()
    }

    #[inline]
    fn charge_wasm(&mut self, gas: u64) -> Result<(), VmError> {
        self.charge_gas(WASM, gas)
    }
}

/// The meter of a Pollen-era module's `on_load`, which runs with no request: a budget of its own
/// that the Wasm it runs and its host calls are charged to, like a request's meter.
#[derive(Debug)]
pub struct LoadMeter(GasMeter);

impl LoadMeter {
    /// A meter with `budget` gas.
    pub fn new(budget: u64) -> Self {
        LoadMeter(GasMeter::new(budget))
    }

    /// Charges `gas` of host work labelled `op`.
    #[inline]
    pub fn charge(&mut self, op: &'static str, gas: u64) -> Result<(), VmError> {
        Ok(self.0.charge_gas(op, 0, gas)?)
    }

    /// Gas charged so far.
    pub fn burned(&self) -> u64 {
        self.0.burned()
    }
}

impl Meter for LoadMeter {
    #[inline]
    fn remaining(&self) -> u64 {
        self.0.remaining()
    }

    #[inline]
    fn charge_wasm(&mut self, gas: u64) -> Result<(), VmError> {
        self.charge(WASM, gas)
    }
}

/// The metering global of an instance: gas the guest may still burn (for an instance, its
/// `RawAccess`).
pub trait MeteringGlobal {
    /// The global's value.
    fn get(&self) -> u64;
    /// Sets the global.
    fn set(&mut self, gas: u64);
}

/// One instance's side of the handshake: the value last written into its metering global.
#[derive(Debug, Default)]
pub struct WasmGas {
    synced: u64,
}

impl WasmGas {
    /// A handshake with nothing loaded yet.
    pub fn new() -> Self {
        WasmGas { synced: 0 }
    }

    /// Before the guest runs: the meter's remainder into the global, which owns the truth from now.
    #[inline]
    pub fn load<G: MeteringGlobal + ?Sized, M: Meter + ?Sized>(
        &mut self,
        global: &mut G,
        meter: &M,
    ) {
        let budget = meter.remaining().min(MAX_GLOBAL);
        global.set(budget);
        self.synced = budget;
    }

    /// Gas the guest burned since the global last got the truth, not charged to the meter yet.
    #[inline]
    pub fn lag<G: MeteringGlobal + ?Sized>(&self, global: &G) -> u64 {
        self.synced.saturating_sub(global.get())
    }

    /// A host call begins: the lag into the meter, which owns the truth while the import runs.
    #[inline]
    pub fn enter<G: MeteringGlobal + ?Sized, M: Meter + ?Sized>(
        &mut self,
        global: &G,
        meter: &mut M,
    ) -> Result<(), VmError> {
        let now = global.get();
        let used = self.synced.saturating_sub(now);
        self.synced = now;
        meter.charge_wasm(used)
    }

    /// A host call ends: the meter's remainder (after what the import charged) back into the global.
    #[inline]
    pub fn leave<G: MeteringGlobal + ?Sized, M: Meter + ?Sized>(
        &mut self,
        global: &mut G,
        meter: &M,
    ) {
        let remaining = meter.remaining().min(MAX_GLOBAL);
        self.synced = remaining;
        global.set(remaining);
    }
}

/// What a host call's handshake needs of the import's environment.
pub trait HostGas {
    /// The metering global.
    type Global: MeteringGlobal + ?Sized;
    /// The meter.
    type Meter: Meter + ?Sized;
    /// The handshake, the global and the request's meter; `None` when there is no request (no call
    /// in progress, or `on_load`) or no global yet (an import run before instantiation finished).
    fn gas_parts(&mut self) -> Option<(&mut WasmGas, &mut Self::Global, &mut Self::Meter)>;

    /// The handshake, the global and the meter of a Pollen-era module's `on_load`, while it runs
    /// (asked only when [`gas_parts`](Self::gas_parts) has none); `None` otherwise, and nothing
    /// moves.
    fn load_parts(&mut self) -> Option<(&mut WasmGas, &mut Self::Global, &mut LoadMeter)> {
        None
    }
}

/// Runs one import `op` inside the handshake: the lag in, the operation (which charges its own
/// cost), the meter's remainder out. `op`'s error is returned after the remainder is written back.
#[inline]
pub fn host_call<H: HostGas, R>(
    host: &mut H,
    op: impl FnOnce(&mut H) -> Result<R, VmError>,
) -> Result<R, VmError> {
    enter(host)?;
    let result = op(host);
    leave(host);
    result
}

/// The start of a host call: the lag into the request's meter or `on_load`'s.
#[inline]
fn enter<H: HostGas>(host: &mut H) -> Result<(), VmError> {
    if let Some((gas, global, meter)) = host.gas_parts() {
        return gas.enter(global, meter);
    }
    if let Some((gas, global, meter)) = host.load_parts() {
        return gas.enter(global, meter);
    }
    Ok(())
}

/// The end of a host call: the remainder of the meter that [`enter`] charged back into the global.
#[inline]
fn leave<H: HostGas>(host: &mut H) {
    if let Some((gas, global, meter)) = host.gas_parts() {
        return gas.leave(global, meter);
    }
    if let Some((gas, global, meter)) = host.load_parts() {
        gas.leave(global, meter);
    }
}

/// How a guest call ended, once its gas is settled.
#[derive(Debug)]
pub enum Settled {
    /// The guest returned. `Err`: charging its lag failed (the instance is clean all the same).
    Returned(Result<(), VmError>),
    /// The call failed with this error: a host call's own, the lag's charge, or out of gas inside
    /// Wasm (the rest of the budget burned).
    Failed(VmError),
    /// A trap gas does not explain (the stack limit, a Wasm trap): the caller maps it.
    Trapped(RuntimeError),
}

/// After the guest call: charges `lag` (from [`WasmGas::lag`]) and maps how the call ended.
/// `exhausted` tells whether the guest ran out of gas inside Wasm, with the gas its code ran past
/// the budget before a check caught it (the metering global below zero; 0 for a sized instruction
/// that stopped before its work); it is asked only for a trap no host call raised.
pub fn settle<M: Meter + ?Sized>(
    meter: &mut M,
    lag: u64,
    result: Result<(), RuntimeError>,
    exhausted: impl FnOnce() -> Option<u64>,
) -> Settled {
    let charged = meter.charge_wasm(lag);
    let err = match result {
        Ok(()) => return Settled::Returned(charged),
        Err(err) => err,
    };
    let err = match err.downcast::<VmError>() {
        Ok(vm) => return Settled::Failed(vm),
        Err(err) => err,
    };
    if let Err(charge) = charged {
        return Settled::Failed(charge);
    }
    if let Some(overrun) = exhausted() {
        return Settled::Failed(out_of_gas(meter, overrun));
    }
    Settled::Trapped(err)
}

/// Out of gas inside Wasm: burns the rest of the budget, as every node does, and returns the
/// meter's error, which says the guest needed `overrun` (at least 1) more than was left.
fn out_of_gas<M: Meter + ?Sized>(meter: &mut M, overrun: u64) -> VmError {
    let rest = meter.remaining();
    match meter.charge_wasm(rest.saturating_add(overrun.max(1))) {
        Err(out_of_gas) => out_of_gas,
        Ok(()) => VmError::Trap("out of gas".into()),
    }
}

#[cfg(test)]
mod tests {
    use isc_gas::{GasMeter, OutOfGas};

    use super::*;

    /// A request's meter.
    struct TestMeter(GasMeter);

    impl TestMeter {
        fn new(budget: u64) -> Self {
            TestMeter(GasMeter::new(budget))
        }

        /// What an import charges for itself.
        fn charge_host(&mut self, gas: u64) -> Result<(), VmError> {
            Ok(self.0.charge_gas("host", 0, gas)?)
        }
    }

    impl Meter for TestMeter {
        fn remaining(&self) -> u64 {
            self.0.remaining()
        }

        fn charge_wasm(&mut self, gas: u64) -> Result<(), VmError> {
            Ok(self.0.charge_gas(WASM, 0, gas)?)
        }
    }

    /// A metering global; [`Slot::burn`] is guest code running.
    struct Slot(u64);

    impl Slot {
        fn burn(&mut self, gas: u64) {
            self.0 -= gas;
        }
    }

    impl MeteringGlobal for Slot {
        fn get(&self) -> u64 {
            self.0
        }

        fn set(&mut self, gas: u64) {
            self.0 = gas;
        }
    }

    /// An import's environment; no meter is `on_load`.
    struct Env {
        gas: WasmGas,
        global: Slot,
        meter: Option<TestMeter>,
    }

    impl Env {
        /// A call of a request with `budget`, loaded.
        fn loaded(budget: u64) -> Self {
            let mut env = Env {
                gas: WasmGas::new(),
                global: Slot(0),
                meter: Some(TestMeter::new(budget)),
            };
            let Env { gas, global, meter } = &mut env;
            gas.load(global, meter.as_ref().unwrap());
            env
        }

        fn meter(&self) -> &TestMeter {
            self.meter.as_ref().unwrap()
        }

        /// The invariant while guest code runs: the meter has exactly `synced` left.
        #[track_caller]
        fn assert_guest_owns_the_truth(&self) {
            assert_eq!(self.meter().remaining(), self.gas.synced);
            assert!(self.global.get() <= self.gas.synced);
        }
    }

    impl HostGas for Env {
        type Global = Slot;
        type Meter = TestMeter;

        fn gas_parts(&mut self) -> Option<(&mut WasmGas, &mut Slot, &mut TestMeter)> {
            let meter = self.meter.as_mut()?;
            Some((&mut self.gas, &mut self.global, meter))
        }
    }

    #[test]
    fn load_hands_the_meters_remainder_to_the_global() {
        let mut meter = TestMeter::new(1_000);
        meter.charge_host(250).unwrap();
        let (mut gas, mut global) = (WasmGas::new(), Slot(7));
        gas.load(&mut global, &meter);
        assert_eq!((global.0, gas.synced), (750, 750));
        assert_eq!(gas.lag(&global), 0);
    }

    #[test]
    fn every_unit_is_charged_once_across_host_calls() {
        let mut env = Env::loaded(1_000);
        env.assert_guest_owns_the_truth();
        env.global.burn(100);
        assert_eq!(env.gas.lag(&env.global), 100);
        let seen = host_call(&mut env, |env| {
            // Inside the import the meter owns the truth: the guest's 100 are in it.
            let meter = env.meter.as_mut().unwrap();
            let seen = meter.remaining();
            meter.charge_host(50)?;
            Ok(seen)
        });
        assert_eq!(seen, Ok(900));
        assert_eq!(env.global.0, 850);
        env.assert_guest_owns_the_truth();
        env.global.burn(30);
        let lag = env.gas.lag(&env.global);
        let meter = env.meter.as_mut().unwrap();
        assert!(matches!(
            settle(meter, lag, Ok(()), || unreachable!()),
            Settled::Returned(Ok(()))
        ));
        assert_eq!(meter.0.burned(), 100 + 50 + 30);
        assert_eq!(meter.remaining(), env.global.0);
    }

    #[test]
    fn a_failed_import_still_writes_the_remainder_back() {
        let mut env = Env::loaded(1_000);
        env.global.burn(10);
        let result: Result<(), VmError> = host_call(&mut env, |env| {
            env.meter.as_mut().unwrap().charge_host(20)?;
            Err(VmError::Panic("no".into()))
        });
        assert_eq!(result, Err(VmError::Panic("no".into())));
        assert_eq!(env.global.0, 970);
        env.assert_guest_owns_the_truth();
    }

    #[test]
    fn an_import_out_of_gas_leaves_the_global_at_zero() {
        let mut env = Env::loaded(100);
        env.global.burn(40);
        let result = host_call(&mut env, |env| env.meter.as_mut().unwrap().charge_host(500));
        assert!(matches!(result, Err(VmError::OutOfGas(_))));
        assert_eq!((env.global.0, env.meter().remaining()), (0, 0));
    }

    #[test]
    fn a_lag_the_meter_cannot_pay_stops_the_import_before_it_runs() {
        let mut env = Env::loaded(100);
        // Broken on purpose: the meter charged behind the handshake's back.
        env.meter.as_mut().unwrap().charge_host(80).unwrap();
        env.global.burn(50);
        let mut ran = false;
        let result = host_call(&mut env, |_| {
            ran = true;
            Ok(())
        });
        assert!(matches!(result, Err(VmError::OutOfGas(_))));
        assert!(!ran);
        assert_eq!(env.global.0, 50, "nothing written back");
        assert_eq!(env.meter().0.burned(), 100);
    }

    #[test]
    fn without_a_meter_nothing_moves() {
        let mut env = Env {
            gas: WasmGas::new(),
            global: Slot(500),
            meter: None,
        };
        env.global.burn(100);
        let result = host_call(&mut env, |_| Ok(3));
        assert_eq!(result, Ok(3));
        assert_eq!((env.global.0, env.gas.synced), (400, 0));
    }

    /// `on_load`'s side of the handshake: a global and a [`LoadMeter`], no request.
    struct Load {
        gas: WasmGas,
        global: Slot,
        meter: LoadMeter,
    }

    impl HostGas for Load {
        type Global = Slot;
        type Meter = TestMeter;

        fn gas_parts(&mut self) -> Option<(&mut WasmGas, &mut Slot, &mut TestMeter)> {
            None
        }

        fn load_parts(&mut self) -> Option<(&mut WasmGas, &mut Slot, &mut LoadMeter)> {
            Some((&mut self.gas, &mut self.global, &mut self.meter))
        }
    }

    #[test]
    fn on_load_pays_its_host_calls_from_its_own_bound() {
        let mut env = Load {
            gas: WasmGas::new(),
            global: Slot(0),
            meter: LoadMeter::new(1_000),
        };
        env.gas.load(&mut env.global, &env.meter);
        env.global.burn(100);
        let charged = host_call(&mut env, |l| l.meter.charge("host", 300));
        assert_eq!(charged, Ok(()));
        assert_eq!((env.meter.burned(), env.global.0), (400, 600));
        env.global.burn(500);
        let over = host_call(&mut env, |l| l.meter.charge("host", 200));
        assert!(matches!(over, Err(VmError::OutOfGas(_))), "{over:?}");
        assert_eq!((env.meter.burned(), env.global.0), (1_000, 0));
    }

    #[test]
    fn out_of_gas_inside_wasm_burns_the_rest_of_the_budget() {
        let mut meter = TestMeter::new(1_000);
        let mut asked = false;
        let end = settle(
            &mut meter,
            990,
            Err(RuntimeError::new("unreachable")),
            || {
                asked = true;
                Some(0)
            },
        );
        assert!(asked);
        let Settled::Failed(err) = end else {
            panic!("{end:?}")
        };
        let expected = OutOfGas {
            op: WASM,
            needed: 11,
            remaining: 10,
            budget: 1_000,
        };
        assert_eq!(err, VmError::OutOfGas(expected));
        assert_eq!(meter.0.burned(), 1_000);
    }

    #[test]
    fn a_budget_past_the_signed_range_is_handed_over_capped() {
        // The guest counts down an i64: a larger budget would read as below zero.
        let mut env = Env::loaded(u64::MAX);
        assert_eq!(env.global.0, MAX_GLOBAL);
        env.global.burn(5);
        let Env { gas, global, meter } = &mut env;
        gas.enter(global, meter.as_mut().unwrap()).unwrap();
        assert_eq!(env.meter().0.burned(), 5);
    }

    #[test]
    fn a_guest_below_zero_burns_the_budget_and_names_its_overrun() {
        // The guest had 1,000 and ran 7 past it before a check trapped: the global reads 0, so the
        // lag is everything, and the error says what was missing.
        let mut meter = TestMeter::new(1_000);
        let end = settle(
            &mut meter,
            1_000,
            Err(RuntimeError::new("unreachable")),
            || Some(7),
        );
        let Settled::Failed(err) = end else {
            panic!("{end:?}")
        };
        let expected = OutOfGas {
            op: WASM,
            needed: 7,
            remaining: 0,
            budget: 1_000,
        };
        assert_eq!(err, VmError::OutOfGas(expected));
        assert_eq!(meter.0.burned(), 1_000);
    }

    #[test]
    fn a_host_error_wins_over_the_exhausted_flag() {
        let mut meter = TestMeter::new(1_000);
        let trap = RuntimeError::user(Box::new(VmError::Panic("host".into())));
        let end = settle(&mut meter, 5, Err(trap), || unreachable!());
        assert!(matches!(end, Settled::Failed(VmError::Panic(m)) if m == "host"));
        assert_eq!(meter.0.burned(), 5, "the lag is charged all the same");
    }

    #[test]
    fn a_trap_gas_does_not_explain_goes_back_to_the_caller() {
        let mut meter = TestMeter::new(1_000);
        let end = settle(&mut meter, 5, Err(RuntimeError::new("trap")), || None);
        assert!(matches!(end, Settled::Trapped(_)));
        assert_eq!(meter.0.burned(), 5);
    }

    #[test]
    fn a_lag_the_meter_cannot_pay_fails_the_call() {
        let mut meter = TestMeter::new(10);
        let end = settle(&mut meter, 11, Ok(()), || unreachable!());
        assert!(matches!(end, Settled::Returned(Err(VmError::OutOfGas(_)))));
        let end = settle(&mut meter, 1, Err(RuntimeError::new("trap")), || Some(0));
        assert!(matches!(end, Settled::Failed(VmError::OutOfGas(_))));
    }
}
