//! A token bucket, for a connection's messages, its bytes and its presence.

use std::time::Instant;

/// A token bucket: `rate` messages per second on average, `burst` at once.
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl RateLimiter {
    pub fn new(rate: u32, burst: u32) -> Self {
        Self {
            rate: f64::from(rate),
            burst: f64::from(burst),
            tokens: f64::from(burst),
            last: Instant::now(),
        }
    }

    pub fn allow(&mut self, now: Instant) -> bool {
        self.allow_many(now, 1.0)
    }

    /// Whether `count` more (bytes, say) fit now; taken if they do.
    pub fn allow_many(&mut self, now: Instant, count: f64) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= count {
            self.tokens -= count;
            true
        } else {
            false
        }
    }
}
