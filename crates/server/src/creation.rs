//! Bounds on creating sessions: anyone may create one (no accounts), so
//! one address may create only a few per hour, everyone together only so
//! many per minute, and the server holds at most so many at once. A
//! partnership day needs one session (a rehearsal or two besides); an
//! instance serves a few organisations, not thousands — the attack this
//! stops created 354 sessions a second.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The limits, from the command line.
#[derive(Debug, Clone, Copy)]
pub struct CreationLimits {
    pub per_address_per_hour: u32,
    pub per_minute: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreationRefusal {
    /// This address created its share this hour.
    Address,
    /// Everyone together created the minute's share.
    Everyone,
}

const HOUR: Duration = Duration::from_secs(60 * 60);
const MINUTE: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct CreationLimiter {
    limits: CreationLimits,
    windows: Mutex<Windows>,
}

#[derive(Debug, Default)]
struct Windows {
    by_address: HashMap<IpAddr, (Instant, u32)>,
    everyone: Option<(Instant, u32)>,
}

impl CreationLimiter {
    pub fn new(limits: CreationLimits) -> Self {
        Self {
            limits,
            windows: Mutex::default(),
        }
    }

    /// Counts one creation from `address` if both windows have room.
    pub fn admit(&self, address: IpAddr, now: Instant) -> Result<(), CreationRefusal> {
        let Ok(mut windows) = self.windows.lock() else {
            return Err(CreationRefusal::Everyone);
        };
        if windows.by_address.len() > 100_000 {
            windows
                .by_address
                .retain(|_, (start, _)| now.duration_since(*start) < HOUR);
        }
        let everyone = match windows.everyone {
            Some((start, n)) if now.duration_since(start) < MINUTE => (start, n),
            _ => (now, 0),
        };
        let mine = match windows.by_address.get(&address) {
            Some(&(start, n)) if now.duration_since(start) < HOUR => (start, n),
            _ => (now, 0),
        };
        if mine.1 >= self.limits.per_address_per_hour {
            return Err(CreationRefusal::Address);
        }
        if everyone.1 >= self.limits.per_minute {
            return Err(CreationRefusal::Everyone);
        }
        windows.everyone = Some((everyone.0, everyone.1 + 1));
        windows.by_address.insert(address, (mine.0, mine.1 + 1));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_share_an_hour_and_everyone_theirs_a_minute() {
        let limiter = CreationLimiter::new(CreationLimits {
            per_address_per_hour: 2,
            per_minute: 3,
        });
        let (a, b, c): (IpAddr, IpAddr, IpAddr) = (
            "10.0.0.1".parse().unwrap_or(IpAddr::from([10, 0, 0, 1])),
            IpAddr::from([10, 0, 0, 2]),
            IpAddr::from([10, 0, 0, 3]),
        );
        let t = Instant::now();
        assert_eq!(limiter.admit(a, t), Ok(()));
        assert_eq!(limiter.admit(a, t), Ok(()));
        assert_eq!(limiter.admit(a, t), Err(CreationRefusal::Address));
        assert_eq!(limiter.admit(b, t), Ok(()));
        assert_eq!(limiter.admit(c, t), Err(CreationRefusal::Everyone));
        assert_eq!(limiter.admit(c, t + MINUTE), Ok(()), "a new minute");
        assert_eq!(
            limiter.admit(a, t + MINUTE),
            Err(CreationRefusal::Address),
            "still the same hour"
        );
        assert_eq!(limiter.admit(a, t + HOUR), Ok(()), "a new hour");
    }
}
