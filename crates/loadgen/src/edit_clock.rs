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
//!
//! The same holds for which edits add a note: counted from zero, every
//! peer adds its n-th note in the same interval, and a quarter of the
//! large load's intervals carried every add (the generator fell 400 ms
//! behind in each). Each peer's count starts at its own random offset.

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

/// Which of a peer's edits add a note: its first, then every
/// `note_every`-th counted from a random offset; the rest type into one.
#[derive(Debug, Clone, Copy)]
pub struct NoteSchedule {
    note_every: u64,
    offset: u64,
}

impl NoteSchedule {
    pub fn new(note_every: u32) -> Self {
        let note_every = u64::from(note_every.max(1));
        Self {
            note_every,
            offset: rand::random_range(0..note_every),
        }
    }

    /// Whether edit number `edit` (from 0) adds a note; a peer with no
    /// note yet always adds one.
    pub fn adds(&self, edit: u64, has_notes: HasNotes) -> bool {
        has_notes == HasNotes::No || (edit + self.offset).is_multiple_of(self.note_every)
    }
}

/// Whether a peer has added a note yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasNotes {
    No,
    Yes,
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

    /// A hundred peers at one note every four edits: their adds fall on
    /// different edits, not all on the same one.
    #[test]
    fn peers_add_their_notes_on_different_edits() {
        let schedules: Vec<NoteSchedule> = (0..100).map(|_| NoteSchedule::new(4)).collect();
        for edit in 1..12 {
            let adding = schedules
                .iter()
                .filter(|s| s.adds(edit, HasNotes::Yes))
                .count();
            assert!(
                (5..=50).contains(&adding),
                "{adding} of 100 peers add a note on edit {edit}"
            );
        }
        assert!(schedules.iter().all(|s| s.adds(0, HasNotes::No)));
    }
}
