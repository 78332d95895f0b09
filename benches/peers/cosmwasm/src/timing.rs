//! Timings taken side by side: each contestant runs in turn in every round, and each keeps its best
//! round, so that a load on the machine that comes and goes slows every side alike.

use std::time::{Duration, Instant};

use crate::Result;

/// Something timed: `batch` runs of it make one round.
pub type Contestant<'a> = Box<dyn FnMut() -> Result<()> + 'a>;

/// The best time of one run of each contestant, over `rounds` rounds of `batch` runs each (the
/// contestants take turns within every round).
pub fn best_per_run(
    rounds: u32,
    batch: u32,
    contestants: &mut [Contestant<'_>],
) -> Result<Vec<Duration>> {
    let mut best = vec![Duration::MAX; contestants.len()];
    for _ in 0..rounds {
        for (f, best) in contestants.iter_mut().zip(&mut best) {
            let started = Instant::now();
            for _ in 0..batch {
                f()?;
            }
            *best = (*best).min(started.elapsed() / batch);
        }
    }
    Ok(best)
}
