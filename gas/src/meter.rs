//! The per-request gas meter and its burn log.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::schedule::{GasOp, GasSchedule};

/// The budget ran out: the operation that asked for `needed` gas found only `remaining`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("out of gas: {op} needs {needed}, {remaining} left of budget {budget}")]
pub struct OutOfGas {
    /// What was being charged.
    pub op: &'static str,
    /// Gas the operation costs.
    pub needed: u64,
    /// Gas left before it.
    pub remaining: u64,
    /// The whole budget.
    pub budget: u64,
}

/// One line of the burn log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Burn {
    /// The operation (or `wasm` for metered instructions).
    pub op: &'static str,
    /// Payload size it was charged for.
    pub bytes: u64,
    /// Gas charged.
    pub gas: u64,
}

/// Charges operations against a budget. When the budget is exhausted the meter burns it completely and
/// every further charge fails: an out-of-gas request always burns exactly its budget, on every node.
#[derive(Debug, Clone)]
pub struct GasMeter {
    schedule: GasSchedule,
    budget: u64,
    burned: u64,
    log: Option<Vec<Burn>>,
}

impl GasMeter {
    /// A meter with `budget` gas and the default schedule.
    pub fn new(budget: u64) -> Self {
        GasMeter {
            schedule: GasSchedule::DEFAULT,
            budget,
            burned: 0,
            log: None,
        }
    }

    /// Keeps a burn log (for gas reports); off by default because it allocates per charge.
    pub fn with_log(mut self) -> Self {
        self.log = Some(Vec::new());
        self
    }

    /// The schedule in use.
    pub fn schedule(&self) -> &GasSchedule {
        &self.schedule
    }

    /// The budget.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// Gas burned so far.
    pub fn burned(&self) -> u64 {
        self.burned
    }

    /// Gas left.
    #[inline]
    pub fn remaining(&self) -> u64 {
        self.budget - self.burned
    }

    /// Charges `op` on a payload of `bytes` bytes.
    #[inline]
    pub fn charge(&mut self, op: GasOp, bytes: u64) -> Result<(), OutOfGas> {
        let gas = self.schedule.cost(op).of(bytes);
        self.charge_gas(op.name(), bytes, gas)
    }

    /// Charges an amount computed elsewhere (e.g. metered Wasm instructions), labelled `op` in the log.
    #[inline]
    pub fn charge_gas(&mut self, op: &'static str, bytes: u64, gas: u64) -> Result<(), OutOfGas> {
        let remaining = self.remaining();
        if gas > remaining {
            self.record(op, bytes, remaining);
            self.burned = self.budget;
            return Err(OutOfGas {
                op,
                needed: gas,
                remaining,
                budget: self.budget,
            });
        }
        self.burned += gas;
        self.record(op, bytes, gas);
        Ok(())
    }

    #[inline]
    fn record(&mut self, op: &'static str, bytes: u64, gas: u64) {
        if let Some(log) = &mut self.log {
            log.push(Burn { op, bytes, gas });
        }
    }

    /// The burn log, if enabled.
    pub fn log(&self) -> Option<&[Burn]> {
        self.log.as_deref()
    }

    /// A gas report: gas and count per operation, largest first, then the total.
    pub fn report(&self) -> String {
        let mut per_op: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for burn in self.log.iter().flatten() {
            let entry = per_op.entry(burn.op).or_default();
            entry.0 += 1;
            entry.1 += burn.gas;
        }
        let mut rows: Vec<_> = per_op.into_iter().collect();
        rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
        let mut out = String::new();
        for (op, (count, gas)) in rows {
            let _ = writeln!(out, "{op:<14} {count:>8} x {gas:>14} gas");
        }
        let _ = writeln!(
            out,
            "{:<14} {:>25} gas of {}",
            "total", self.burned, self.budget
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_from_the_schedule() {
        let mut m = GasMeter::new(1_000_000);
        m.charge(GasOp::StateRead, 10).unwrap();
        let expected = GasSchedule::DEFAULT.state_read.of(10);
        assert_eq!(m.burned(), expected);
        assert_eq!(m.remaining(), 1_000_000 - expected);
    }

    #[test]
    fn out_of_gas_burns_the_whole_budget_and_stays_out() {
        let mut m = GasMeter::new(500);
        let err = m.charge(GasOp::StateWrite, 100).unwrap_err();
        assert_eq!(err.remaining, 500);
        assert_eq!(err.budget, 500);
        assert_eq!(m.burned(), 500);
        assert!(m.charge_gas("wasm", 0, 1).is_err());
        assert!(m.charge_gas("wasm", 0, 0).is_ok());
    }

    #[test]
    fn report_sums_per_op() {
        let mut m = GasMeter::new(u64::MAX).with_log();
        m.charge(GasOp::Log, 0).unwrap();
        m.charge(GasOp::Log, 0).unwrap();
        m.charge_gas("wasm", 0, 7).unwrap();
        let report = m.report();
        let log_total = 2 * GasSchedule::DEFAULT.log.of(0);
        let log_line = report
            .lines()
            .find(|l| l.starts_with("log "))
            .expect("a log line");
        let fields: Vec<&str> = log_line.split_whitespace().collect();
        assert_eq!(
            fields,
            ["log", "2", "x", &log_total.to_string(), "gas"],
            "{report}"
        );
        assert!(report.contains("wasm"), "{report}");
        assert_eq!(m.log().map(|l| l.len()), Some(3));
    }
}
