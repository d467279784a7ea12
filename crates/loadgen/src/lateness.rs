//! How late the generator's own runtime wakes its tasks: a probe sleeps
//! for a short tick, again and again, and records how much longer than
//! the tick each sleep took.
//!
//! A peer that receives a change is woken the same way, so the probe's
//! tail is what the generator itself adds to the edit-to-peer latency
//! tail (its scheduling and its core's load), as opposed to the server
//! and the network. It is what tells a server's tail from a busy
//! generator's when the generator is below saturation but far from idle.

use std::time::Duration;

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The tick slept between readings.
const TICK: Duration = Duration::from_millis(5);
/// Lateness is recorded in microseconds up to a minute.
const MAX_MICROS: u64 = 60_000_000;

/// The generator's wake-up lateness over one window.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Lateness {
    pub samples: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Lateness {
    fn of(histogram: &Histogram<u64>) -> Self {
        let ms = |micros: u64| micros as f64 / 1000.0;
        if histogram.is_empty() {
            return Self::default();
        }
        Self {
            samples: histogram.len(),
            p50_ms: ms(histogram.value_at_quantile(0.50)),
            p99_ms: ms(histogram.value_at_quantile(0.99)),
            max_ms: ms(histogram.max()),
        }
    }
}

/// A running probe; [`Probe::finish`] stops it and reads it.
pub struct Probe {
    stop: oneshot::Sender<()>,
    task: JoinHandle<Lateness>,
}

impl Probe {
    pub fn start() -> Self {
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let Ok(mut histogram) = Histogram::<u64>::new_with_bounds(1, MAX_MICROS, 3) else {
                return Lateness::default();
            };
            let started = tokio::time::Instant::now();
            loop {
                let asleep = tokio::time::Instant::now();
                tokio::select! {
                    _ = &mut stopped => break,
                    () = tokio::time::sleep(TICK) => {}
                }
                let late = asleep.elapsed().saturating_sub(TICK);
                // Worth seeing in the run's log: when, and how long.
                if late > Duration::from_millis(50) {
                    eprintln!(
                        "generator woke {} ms late, {:.1} s into the window",
                        late.as_millis(),
                        (asleep - started).as_secs_f64()
                    );
                }
                let micros = u64::try_from(late.as_micros()).unwrap_or(MAX_MICROS);
                let _ = histogram.record(micros.clamp(1, MAX_MICROS));
            }
            Lateness::of(&histogram)
        });
        Self { stop, task }
    }

    pub async fn finish(self) -> Lateness {
        let _ = self.stop.send(());
        self.task.await.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A runtime kept busy by a task that does not yield wakes the probe
    /// late by about as long as the task runs.
    #[tokio::test(flavor = "current_thread")]
    async fn a_busy_runtime_shows_as_lateness() {
        let probe = Probe::start();
        tokio::time::sleep(Duration::from_millis(50)).await;
        // Hold the only thread for 60 ms.
        std::thread::sleep(Duration::from_millis(60));
        tokio::time::sleep(Duration::from_millis(50)).await;
        let lateness = probe.finish().await;
        assert!(lateness.samples >= 5, "{lateness:?}");
        assert!(lateness.max_ms >= 40.0, "{lateness:?}");
    }
}
