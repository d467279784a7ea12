//! When a simulated participant edits: every `every`, each peer at its
//! own random phase, so a fleet's edits are spread over the interval as a
//! hall's would be.
//!
//! A plain `tokio::time::Interval` fires at once for every tick it missed
//! while nobody polled it: peers that wait (quiet between ramp steps,
//! still joining) all fire together when editing starts, and with
//! `MissedTickBehavior::Delay` they stay in step from then on. The whole
//! fleet then edits in one burst per interval, and the server's latency
//! measured that burst, not the load (issue 17, BENCHMARKS.md).

use std::time::Duration;

use tokio::time::{Instant, Interval, MissedTickBehavior};

/// A peer's edit schedule; paused while the peer must not edit.
#[derive(Debug)]
pub struct EditClock {
    every: Duration,
    ticker: Interval,
    running: bool,
}

impl EditClock {
    /// A paused clock that, once resumed, fires every `every`.
    pub fn new(every: Duration) -> Self {
        Self {
            every,
            ticker: tokio::time::interval(every),
            running: false,
        }
    }

    /// Starts or stops the schedule. Starting picks a new random phase
    /// within one interval, so no tick missed while stopped fires.
    pub fn run(&mut self, running: bool) {
        if running && !self.running {
            let phase = self.every.mul_f64(rand::random::<f64>());
            self.ticker = tokio::time::interval_at(Instant::now() + phase, self.every);
            self.ticker
                .set_missed_tick_behavior(MissedTickBehavior::Delay);
        }
        self.running = running;
    }

    /// Waits for the next edit; use only while running.
    pub async fn tick(&mut self) {
        self.ticker.tick().await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Fifty peers join, wait quiet for ten intervals, then start: their
    /// first edits spread over the interval instead of landing at once.
    #[tokio::test(start_paused = true)]
    async fn peers_that_waited_do_not_edit_in_step() {
        let every = Duration::from_secs(2);
        let mut clocks: Vec<EditClock> = (0..50).map(|_| EditClock::new(every)).collect();
        tokio::time::sleep(every * 10).await;
        let started = Instant::now();
        for clock in &mut clocks {
            clock.run(true);
        }
        let mut firsts = Vec::new();
        for clock in &mut clocks {
            clock.tick().await;
            firsts.push(Instant::now());
        }
        // Polled in order, each first tick is at or after the previous
        // one; what matters is how far apart they fall.
        let spread = *firsts.last().unwrap() - started;
        assert!(
            spread > every / 2,
            "fifty first edits within {spread:?} of starting"
        );
        // And every peer then keeps its interval.
        let clock = &mut clocks[0];
        let before = Instant::now();
        clock.tick().await;
        assert!(Instant::now() - before <= every);
    }
}
