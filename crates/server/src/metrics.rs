//! Counters exposed at `/metrics` in Prometheus text format. Plain atomics:
//! cheap to bump on hot paths, read only when scraped.

use std::fmt::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds, in milliseconds, of [`Histogram`]'s buckets.
const BUCKETS_MS: [u64; 11] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000];

/// A Prometheus histogram of durations with fixed buckets.
#[derive(Debug, Default)]
pub struct Histogram {
    /// Observations per bucket (not cumulative); the last is "above all".
    buckets: [AtomicU64; BUCKETS_MS.len() + 1],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, elapsed: Duration) {
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        let bucket = BUCKETS_MS
            .iter()
            .position(|&ms| micros <= ms * 1_000)
            .unwrap_or(BUCKETS_MS.len());
        add(&self.buckets[bucket], 1);
        add(&self.count, 1);
        add(&self.sum_micros, micros);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        let mut cumulative = 0;
        for (index, bucket) in self.buckets.iter().enumerate() {
            cumulative += bucket.load(Ordering::Relaxed);
            let le = BUCKETS_MS
                .get(index)
                .map_or_else(|| "+Inf".to_owned(), |ms| (*ms as f64 / 1e3).to_string());
            let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {cumulative}");
        }
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
    }
}

#[derive(Debug, Default)]
pub struct Metrics {
    pub connections_open: AtomicU64,
    pub connections_total: AtomicU64,
    pub connections_refused: AtomicU64,
    pub documents_loaded: AtomicU64,
    pub documents_dormant: AtomicU64,
    pub messages_in: AtomicU64,
    pub messages_out: AtomicU64,
    pub bytes_in: AtomicU64,
    pub bytes_out: AtomicU64,
    pub protocol_errors: AtomicU64,
    pub slow_peers_disconnected: AtomicU64,
    pub storage_writes: AtomicU64,
    pub storage_write_micros_total: AtomicU64,
    pub storage_errors: AtomicU64,
    pub api_errors: AtomicU64,
    /// Set when the last storage write failed; cleared by the next success.
    pub storage_failing: AtomicBool,
    /// From the server reading a change to its fan-out being queued for
    /// the room's peers (durable by then): the server's own share of a
    /// change's latency, apart from the network and the clients.
    pub change_hold: Histogram,
}

pub fn add(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
}

pub fn sub(counter: &AtomicU64, n: u64) {
    counter.fetch_sub(n, Ordering::Relaxed);
}

impl Metrics {
    pub fn record_storage_write(&self, micros: u64, ok: bool) {
        add(&self.storage_writes, 1);
        add(&self.storage_write_micros_total, micros);
        if !ok {
            add(&self.storage_errors, 1);
        }
        self.storage_failing.store(!ok, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let rows: [(&str, &str, &str, &AtomicU64); 15] = [
            (
                "samenbord_connections_open",
                "gauge",
                "Open sync connections",
                &self.connections_open,
            ),
            (
                "samenbord_connections_total",
                "counter",
                "Sync connections accepted",
                &self.connections_total,
            ),
            (
                "samenbord_connections_refused_total",
                "counter",
                "Sync connections refused (auth, limits)",
                &self.connections_refused,
            ),
            (
                "samenbord_documents_loaded",
                "gauge",
                "Room documents in memory",
                &self.documents_loaded,
            ),
            (
                "samenbord_documents_dormant",
                "gauge",
                "Loaded documents whose Automerge state is packed away while \
                 their peers are quiet",
                &self.documents_dormant,
            ),
            (
                "samenbord_messages_in_total",
                "counter",
                "Sync protocol messages received",
                &self.messages_in,
            ),
            (
                "samenbord_messages_out_total",
                "counter",
                "Sync protocol messages sent",
                &self.messages_out,
            ),
            (
                "samenbord_bytes_in_total",
                "counter",
                "Sync bytes received",
                &self.bytes_in,
            ),
            (
                "samenbord_bytes_out_total",
                "counter",
                "Sync bytes sent",
                &self.bytes_out,
            ),
            (
                "samenbord_protocol_errors_total",
                "counter",
                "Connections closed for bad input",
                &self.protocol_errors,
            ),
            (
                "samenbord_slow_peers_disconnected_total",
                "counter",
                "Peers disconnected because their queue was full",
                &self.slow_peers_disconnected,
            ),
            (
                "samenbord_storage_writes_total",
                "counter",
                "Storage writes",
                &self.storage_writes,
            ),
            (
                "samenbord_storage_write_seconds_total",
                "counter",
                "Time spent in storage writes (microseconds / 1e6)",
                &self.storage_write_micros_total,
            ),
            (
                "samenbord_storage_errors_total",
                "counter",
                "Failed storage writes",
                &self.storage_errors,
            ),
            (
                "samenbord_api_errors_total",
                "counter",
                "HTTP API errors returned",
                &self.api_errors,
            ),
        ];
        let mut out = String::new();
        for (name, kind, help, value) in rows {
            let mut value = value.load(Ordering::Relaxed) as f64;
            if name == "samenbord_storage_write_seconds_total" {
                value /= 1e6;
            }
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        self.change_hold.render(
            &mut out,
            "samenbord_change_hold_seconds",
            "From reading a change to its fan-out queued for the room (durable by then)",
        );
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Buckets are cumulative, as Prometheus reads them, and a duration
    /// above the last bound counts only in `+Inf`.
    #[test]
    fn the_histogram_renders_cumulative_buckets() {
        let metrics = Metrics::default();
        for ms in [0.5, 3.0, 3_000.0] {
            metrics
                .change_hold
                .observe(Duration::from_secs_f64(ms / 1e3));
        }
        let text = metrics.render();
        for line in [
            "samenbord_change_hold_seconds_bucket{le=\"0.001\"} 1",
            "samenbord_change_hold_seconds_bucket{le=\"0.002\"} 1",
            "samenbord_change_hold_seconds_bucket{le=\"0.005\"} 2",
            "samenbord_change_hold_seconds_bucket{le=\"2\"} 2",
            "samenbord_change_hold_seconds_bucket{le=\"+Inf\"} 3",
            "samenbord_change_hold_seconds_count 3",
            "samenbord_change_hold_seconds_sum 3.0035",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing:\n{text}");
        }
    }
}
