//! A check that some work takes linear time, which does not depend on how fast or how loaded
//! the machine is: the same work at size `n` and at size `8n`, each timed as the fastest of
//! three runs, must differ by well under the 64× a quadratic algorithm would show (the bound
//! is 24×; linear work gives about 8×). An absolute time limit instead fails on a busy 2-core
//! machine running a debug build, and passes for a quadratic algorithm on a fast one.
//!
//! Used by the unit tests of `core/src` (through `#[path]` in `lib.rs`) and by the integration
//! tests (`core/tests/faults.rs`).

#![allow(dead_code)] // each test crate uses a different part

use std::time::{Duration, Instant};

/// How much larger the second size is.
pub const FACTOR: usize = 8;
/// The largest ratio of the two times accepted as linear.
pub const MAX_RATIO: f64 = 24.0;

/// The times of `work(n)` and `work(FACTOR * n)` (each the fastest of three runs) and their
/// ratio.
#[derive(Debug)]
pub struct Scaling {
    pub small: Duration,
    pub large: Duration,
    pub ratio: f64,
}

fn fastest(n: usize, work: &mut impl FnMut(usize)) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            work(n);
            started.elapsed()
        })
        .min()
        .expect("three runs")
}

/// Times `work` at `n` and `FACTOR * n` and panics, naming `what` and the figures, unless
/// the larger takes less than `MAX_RATIO` times the smaller. Times below 1 ms count as 1 ms,
/// so that a very fast small run cannot make the ratio meaningless.
pub fn assert_linear(what: &str, n: usize, mut work: impl FnMut(usize)) -> Scaling {
    work(n); // warm-up: allocations, page faults, lazy statics
    let small = fastest(n, &mut work);
    let large = fastest(FACTOR * n, &mut work);
    let floor = Duration::from_millis(1);
    let ratio = large.as_secs_f64() / small.max(floor).as_secs_f64();
    let scaling = Scaling { small, large, ratio };
    println!(
        "{what}: n = {n}: {small:?}; {FACTOR}n: {large:?}; ratio {ratio:.1} (linear ≈ {FACTOR}, quadratic ≈ {})",
        FACTOR * FACTOR
    );
    assert!(
        ratio < MAX_RATIO,
        "{what} does not take linear time: {FACTOR}× the input took {ratio:.1}× as long ({small:?} → {large:?})"
    );
    scaling
}
