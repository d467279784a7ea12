//! What protects a join code from being guessed: wrong codes counted per
//! client address and per device, each in a one-minute window. Only wrong
//! codes count, so a whole hall joining from behind one router, all with
//! the right code, is never slowed down; and one person mistyping the code
//! again and again is stopped on their own device long before the hall's
//! shared address is.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Windows kept before expired ones are swept, so a flood of fresh keys
/// cannot grow memory without bound.
const SWEEP_AT: usize = 100_000;
/// Longest device key counted; a longer one counts as no device.
pub const MAX_DEVICE_KEY: usize = 64;

/// The limits, per minute.
#[derive(Debug, Clone, Copy)]
pub struct JoinLimits {
    pub per_address: u32,
    pub per_device: u32,
}

/// Who is trying a code: the client address (after a trusted proxy) and,
/// when the browser sent one, its device key.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub address: IpAddr,
    pub device: Option<&'a str>,
}

pub struct JoinLimiter {
    limits: JoinLimits,
    addresses: Windows<IpAddr>,
    devices: Windows<String>,
}

impl JoinLimiter {
    pub fn new(limits: JoinLimits) -> Self {
        Self {
            limits,
            addresses: Windows::default(),
            devices: Windows::default(),
        }
    }

    /// Whether this attempt may try a code now: neither its address nor its
    /// device has used up this minute's wrong codes. A blocked one is
    /// refused even the right code, or guessing would go on.
    pub fn allow(&self, attempt: Attempt<'_>, now: Instant) -> bool {
        self.addresses
            .below(&attempt.address, self.limits.per_address, now)
            && device_key(attempt)
                .is_none_or(|d| self.devices.below(d, self.limits.per_device, now))
    }

    /// Counts a wrong code against the attempt's address and device.
    pub fn wrong_code(&self, attempt: Attempt<'_>, now: Instant) {
        self.addresses.count(attempt.address, now);
        if let Some(device) = device_key(attempt) {
            self.devices.count(device.to_owned(), now);
        }
    }
}

fn device_key(attempt: Attempt<'_>) -> Option<&str> {
    attempt
        .device
        .filter(|d| !d.is_empty() && d.len() <= MAX_DEVICE_KEY)
}

/// Wrong codes per key in the current minute.
struct Windows<K>(Mutex<HashMap<K, (Instant, u32)>>);

impl<K> Default for Windows<K> {
    fn default() -> Self {
        Self(Mutex::new(HashMap::new()))
    }
}

impl<K: Eq + Hash> Windows<K> {
    fn below<Q>(&self, key: &Q, limit: u32, now: Instant) -> bool
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let Ok(windows) = self.0.lock() else {
            return false;
        };
        match windows.get(key) {
            Some((start, wrong)) if now.duration_since(*start) < WINDOW => *wrong < limit,
            _ => true,
        }
    }

    fn count(&self, key: K, now: Instant) {
        let Ok(mut windows) = self.0.lock() else {
            return;
        };
        if windows.len() > SWEEP_AT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let window = windows.entry(key).or_insert((now, 0));
        if now.duration_since(window.0) >= WINDOW {
            *window = (now, 0);
        }
        window.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HALL: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));

    fn limiter() -> JoinLimiter {
        JoinLimiter::new(JoinLimits {
            per_address: 20,
            per_device: 3,
        })
    }

    #[test]
    fn one_device_mistyping_is_stopped_without_stopping_the_hall() {
        let limiter = limiter();
        let now = Instant::now();
        let phone = Attempt {
            address: HALL,
            device: Some("phone-1"),
        };
        for _ in 0..3 {
            assert!(limiter.allow(phone, now));
            limiter.wrong_code(phone, now);
        }
        assert!(!limiter.allow(phone, now), "the mistyping phone waits");
        let neighbour = Attempt {
            address: HALL,
            device: Some("phone-2"),
        };
        assert!(limiter.allow(neighbour, now), "the next phone joins");
        assert!(
            limiter.allow(phone, now + WINDOW),
            "after the minute the phone tries again"
        );
    }

    #[test]
    fn an_address_guessing_without_device_keys_is_stopped() {
        let limiter = limiter();
        let now = Instant::now();
        let mut allowed = 0;
        for n in 0..1000 {
            let key = format!("fresh-{n}");
            let guess = Attempt {
                address: HALL,
                device: Some(&key),
            };
            if limiter.allow(guess, now) {
                allowed += 1;
                limiter.wrong_code(guess, now);
            }
        }
        assert_eq!(
            allowed, 20,
            "fresh device keys do not lift the address limit"
        );
    }
}
