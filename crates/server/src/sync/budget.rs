//! How many bytes each participant (or organiser) may still send over
//! sync, across all their connections: one bucket per principal, so a
//! device that is cut off for sending too much gets no fresh allowance by
//! connecting again, nor by opening several sockets at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::hub::Principal;
use super::rate::RateLimiter;

#[derive(Default)]
pub struct ByteBudgets(Mutex<HashMap<Principal, Arc<Mutex<RateLimiter>>>>);

/// One principal's bucket, shared by their connections.
#[derive(Clone)]
pub struct ByteBudget(Arc<Mutex<RateLimiter>>);

impl ByteBudgets {
    /// `principal`'s bucket (`per_second` on average, `burst` at once),
    /// made full the first time they connect.
    pub fn of(&self, principal: &Principal, per_second: u32, burst: u32) -> ByteBudget {
        let bucket = match self.0.lock() {
            Ok(mut buckets) => buckets
                .entry(principal.clone())
                .or_insert_with(|| Arc::new(Mutex::new(RateLimiter::new(per_second, burst))))
                .clone(),
            // Poisoned: a bucket of its own for this connection.
            Err(_) => Arc::new(Mutex::new(RateLimiter::new(per_second, burst))),
        };
        ByteBudget(bucket)
    }
}

impl ByteBudget {
    /// Whether `bytes` more may be sent now; taken if so.
    pub fn spend(&self, now: Instant, bytes: usize) -> bool {
        self.0
            .lock()
            .is_ok_and(|mut bucket| bucket.allow_many(now, bytes as f64))
    }
}
