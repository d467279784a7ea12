//! A time of day on the programme, written `HH:MM` (24-hour). Programmes
//! carry no date: the session that runs one supplies the day.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Minutes since midnight, 00:00–23:59.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

/// Why a string is not an `HH:MM` time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a time of day written HH:MM (e.g. 13:15)")]
pub struct ClockTimeError(String);

impl ClockTime {
    /// `hour` 0–23, `minute` 0–59.
    pub fn new(hour: u16, minute: u16) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self(hour * 60 + minute))
    }

    pub fn minutes_since_midnight(self) -> u16 {
        self.0
    }

    pub fn hour(self) -> u16 {
        self.0 / 60
    }

    pub fn minute(self) -> u16 {
        self.0 % 60
    }
}

impl FromStr for ClockTime {
    type Err = ClockTimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ClockTimeError(s.to_owned());
        let (hh, mm) = s.split_once(':').ok_or_else(bad)?;
        let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(hh) || !two_digits(mm) {
            return Err(bad());
        }
        let hour = hh.parse().map_err(|_| bad())?;
        let minute = mm.parse().map_err(|_| bad())?;
        Self::new(hour, minute).ok_or_else(bad)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_hh_mm() {
        let t: ClockTime = "13:15".parse().unwrap();
        assert_eq!((t.hour(), t.minute()), (13, 15));
        assert_eq!(t.to_string(), "13:15");
        assert_eq!(
            "00:00"
                .parse::<ClockTime>()
                .unwrap()
                .minutes_since_midnight(),
            0
        );
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "13.15", "1:15", "24:00", "12:60", "13:15:00", "", "ab:cd", "+1:30",
        ] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad} accepted");
        }
    }
}
