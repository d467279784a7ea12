//! How long a document gathers sync messages into one batch: group
//! commit that adapts to load.
//!
//! A batch costs one storage write and one answer per peer however many
//! messages it holds. Answering at once is what a lightly loaded server
//! should do (no added latency); a saturated one answers faster overall
//! by gathering: at 300 rooms × 10 a 100 ms window lowered CPU per change
//! by 12 % and p99 from 1.3 s to 0.3 s (BENCHMARKS.md). So the window
//! follows the process's CPU use: it opens in steps while the server is
//! busy and closes again when it is not, and stays 0 while it is idle.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

/// Above this share of its cores the server widens the window.
const BUSY: f64 = 0.85;
/// Below this share it narrows it again.
const CALM: f64 = 0.6;
/// How much the window moves per sample.
const STEP: Duration = Duration::from_millis(10);
/// How often the CPU use is sampled.
const SAMPLE_EVERY: Duration = Duration::from_millis(250);

/// Whether the window is set by the operator or follows the load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Always this window (0: never wait).
    Fixed(Duration),
    /// From 0 up to this window, as the load asks.
    Adaptive(Duration),
}

/// The current window, shared by every document actor.
#[derive(Debug, Clone)]
pub struct Coalescing {
    window_us: Arc<AtomicU64>,
    policy: Policy,
}

impl Coalescing {
    pub fn new(policy: Policy) -> Self {
        let start = match policy {
            Policy::Fixed(window) => window,
            Policy::Adaptive(_) => Duration::ZERO,
        };
        Self {
            window_us: Arc::new(AtomicU64::new(micros(start))),
            policy,
        }
    }

    /// How long a batch gathers now.
    pub fn window(&self) -> Duration {
        Duration::from_micros(self.window_us.load(Ordering::Relaxed))
    }

    /// Moves the window one step for a sampled CPU share (0.0–1.0 of the
    /// cores the process may use).
    pub fn adjust(&self, cpu_share: f64) {
        let Policy::Adaptive(max) = self.policy else {
            return;
        };
        let now = self.window();
        let next = if cpu_share > BUSY {
            (now + STEP).min(max)
        } else if cpu_share < CALM {
            now.saturating_sub(STEP)
        } else {
            now
        };
        self.window_us.store(micros(next), Ordering::Relaxed);
    }

    /// Samples the process's CPU use until `shutdown` and adjusts the
    /// window; returns at once for a fixed window, or where the process's
    /// CPU time cannot be read (the window then stays 0).
    pub async fn follow_load(self, shutdown: CancellationToken) {
        if matches!(self.policy, Policy::Fixed(_)) {
            return;
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let Some(mut cpu) = process_cpu() else {
            tracing::info!("process CPU time unreadable; batches do not gather");
            return;
        };
        let mut at = Instant::now();
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(SAMPLE_EVERY) => {}
            }
            let (Some(now_cpu), now_at) = (process_cpu(), Instant::now()) else {
                return;
            };
            let wall = now_at.duration_since(at).as_secs_f64();
            if wall > 0.0 {
                let used = now_cpu.saturating_sub(cpu).as_secs_f64();
                self.adjust(used / wall / cores);
            }
            (cpu, at) = (now_cpu, now_at);
        }
    }
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

/// User plus system CPU time of this process, from `/proc/self/stat`
/// (Linux; in clock ticks of 1/100 s, which `/proc` always uses).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; fields after it are
    // counted from its closing parenthesis.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace();
    // utime and stime are fields 14 and 15: 11th and 12th after the name.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_server_never_waits_and_a_busy_one_gathers_up_to_the_bound() {
        let window = Coalescing::new(Policy::Adaptive(Duration::from_millis(30)));
        for _ in 0..10 {
            window.adjust(0.2);
        }
        assert_eq!(window.window(), Duration::ZERO, "idle: answers at once");
        window.adjust(0.95);
        assert_eq!(window.window(), STEP, "busy: opens one step at a time");
        for _ in 0..10 {
            window.adjust(0.95);
        }
        assert_eq!(
            window.window(),
            Duration::from_millis(30),
            "never past the bound"
        );
        window.adjust(0.7);
        assert_eq!(window.window(), Duration::from_millis(30), "between: holds");
        for _ in 0..10 {
            window.adjust(0.3);
        }
        assert_eq!(window.window(), Duration::ZERO, "calm again: closes");
    }

    #[test]
    fn a_fixed_window_does_not_move() {
        let window = Coalescing::new(Policy::Fixed(Duration::from_millis(100)));
        window.adjust(0.0);
        window.adjust(1.0);
        assert_eq!(window.window(), Duration::from_millis(100));
    }

    #[test]
    fn this_process_has_a_readable_cpu_time() {
        assert!(process_cpu().is_some());
    }
}
