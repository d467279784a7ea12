//! What every peer reports into: an HDR histogram of edit-to-peer latency
//! and counters, for changes made inside the current measuring window.
//!
//! Peers stamp each commit with the time it was made on a clock shared by
//! the whole generator (one process, one `Instant` epoch), so a peer that
//! receives the change knows exactly how long it took to reach it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

/// Latencies are recorded in microseconds up to a minute.
const MAX_MICROS: u64 = 60_000_000;

pub struct Recorder {
    epoch: Instant,
    start_us: AtomicU64,
    end_us: AtomicU64,
    histogram: Mutex<Histogram<u64>>,
    /// Changes made inside the window.
    pub changes: AtomicU64,
    /// Peer deliveries those changes should reach (ready peers at the time).
    pub expected: AtomicU64,
    /// Deliveries of in-window changes seen by peers.
    pub delivered: AtomicU64,
    pub errors: AtomicU64,
    pub reconnects: AtomicU64,
}

/// Results of one window.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Latency {
    pub samples: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub changes: u64,
    pub expected: u64,
    pub delivered: u64,
    pub errors: u64,
    pub reconnects: u64,
}

impl Default for Recorder {
    fn default() -> Self {
        Self::new()
    }
}

impl Recorder {
    pub fn new() -> Self {
        let histogram = Histogram::new_with_bounds(1, MAX_MICROS, 3)
            .unwrap_or_else(|_| Histogram::new(3).unwrap_or_else(|_| unreachable!()));
        Self {
            epoch: Instant::now(),
            start_us: AtomicU64::new(u64::MAX),
            end_us: AtomicU64::new(u64::MAX),
            histogram: Mutex::new(histogram),
            changes: AtomicU64::new(0),
            expected: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            reconnects: AtomicU64::new(0),
        }
    }

    /// Microseconds since the generator started.
    pub fn now_us(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    /// Whether a change made at `t_us` is being measured.
    pub fn in_window(&self, t_us: u64) -> bool {
        t_us >= self.start_us.load(Ordering::Relaxed) && t_us < self.end_us.load(Ordering::Relaxed)
    }

    /// Clears everything and measures changes made from now on.
    pub fn open_window(&self) {
        if let Ok(mut histogram) = self.histogram.lock() {
            histogram.reset();
        }
        for counter in [
            &self.changes,
            &self.expected,
            &self.delivered,
            &self.errors,
            &self.reconnects,
        ] {
            counter.store(0, Ordering::Relaxed);
        }
        self.end_us.store(u64::MAX, Ordering::Relaxed);
        self.start_us.store(self.now_us(), Ordering::Relaxed);
    }

    /// Stops counting new changes (their deliveries still count).
    pub fn close_window(&self) {
        self.end_us.store(self.now_us(), Ordering::Relaxed);
    }

    /// A change made in the window, which `peers` other ready peers should see.
    pub fn made(&self, peers: u64) {
        self.changes.fetch_add(1, Ordering::Relaxed);
        self.expected.fetch_add(peers, Ordering::Relaxed);
    }

    /// A peer saw a change made at `sent_us`.
    pub fn arrived(&self, sent_us: u64, now_us: u64) {
        if !self.in_window(sent_us) {
            return;
        }
        self.delivered.fetch_add(1, Ordering::Relaxed);
        let micros = now_us.saturating_sub(sent_us).clamp(1, MAX_MICROS);
        if let Ok(mut histogram) = self.histogram.lock() {
            let _ = histogram.record(micros);
        }
    }

    pub fn error(&self) {
        self.errors.fetch_add(1, Ordering::Relaxed);
    }

    pub fn reconnect(&self) {
        self.reconnects.fetch_add(1, Ordering::Relaxed);
    }

    pub fn latency(&self) -> Latency {
        let ms = |micros: u64| micros as f64 / 1000.0;
        let (samples, p50, p95, p99, max) = match self.histogram.lock() {
            Ok(h) if !h.is_empty() => (
                h.len(),
                h.value_at_quantile(0.50),
                h.value_at_quantile(0.95),
                h.value_at_quantile(0.99),
                h.max(),
            ),
            _ => (0, 0, 0, 0, 0),
        };
        Latency {
            samples,
            p50_ms: ms(p50),
            p95_ms: ms(p95),
            p99_ms: ms(p99),
            max_ms: ms(max),
            changes: self.changes.load(Ordering::Relaxed),
            expected: self.expected.load(Ordering::Relaxed),
            delivered: self.delivered.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
            reconnects: self.reconnects.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changes_made_in_the_window_count() {
        let recorder = Recorder::new();
        recorder.arrived(0, 5_000);
        assert_eq!(recorder.latency().samples, 0);
        recorder.open_window();
        let t = recorder.now_us();
        recorder.made(2);
        recorder.arrived(t, t + 3_000);
        recorder.arrived(t, t + 7_000);
        let latency = recorder.latency();
        assert_eq!(
            (latency.samples, latency.expected, latency.delivered),
            (2, 2, 2)
        );
        assert!((latency.max_ms - 7.0).abs() < 0.1, "{latency:?}");
    }
}
