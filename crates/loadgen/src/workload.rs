//! Rooms of participants, measured in steps: a fleet of peers that can
//! grow (for ramps), a measuring window per step, and the ramps that stop
//! at the first step whose p99 exceeds the bar.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::LoadError;
use crate::lateness::{self, Lateness};
use crate::peer::{self, PeerOutcome, PeerSpec, Phase, Replica, RoomShared};
use crate::procstat;
use crate::stats::{Latency, Recorder};
use crate::target::RoomPlan;

/// The edit pattern of every participant.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub edits_per_second: f64,
    /// Every n-th edit adds a note; the others type into an own note.
    pub note_every: u32,
}

/// Which participants keep a full replica of their room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replicas {
    /// Every participant: the generator does the work of real browsers.
    All,
    /// The first `n` of each room measure; the others write as light
    /// writers, so the generator can drive loads a replica each cannot.
    Measuring(usize),
}

impl Replicas {
    fn of(self, n: usize) -> Replica {
        match self {
            Self::All => Replica::Full,
            Self::Measuring(measuring) if n < measuring => Replica::Full,
            Self::Measuring(_) => Replica::Light,
        }
    }
}

/// How long a step warms up, measures and drains.
#[derive(Debug, Clone, Copy)]
pub struct StepTimes {
    pub warmup: Duration,
    pub measure: Duration,
    pub drain: Duration,
}

/// A generator whose own tasks woke this much late was saturated for a
/// stretch, whatever its average: at 300 × 10 with two replicas a room it
/// averaged 77 % of its core but ran at 100 % for seconds at a time,
/// waking 230–540 ms late, and those stalls were the latency tail (see
/// BENCHMARKS.md, seventh round).
pub const STALLED_MS: f64 = 100.0;

/// Whether a generator at `share` of its cores that woke its tasks as
/// late as `lateness` says was saturated during the step.
pub fn saturated(share: f64, lateness: &Lateness) -> bool {
    share > 0.9 || lateness.max_ms > STALLED_MS
}

/// One measured step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepResult {
    pub rooms: usize,
    pub clients: usize,
    pub edits_per_second_per_client: f64,
    pub latency: Latency,
    pub changes_per_second: f64,
    /// Server CPU seconds in the window (None when no pid was given).
    pub server_cpu_seconds: Option<f64>,
    pub server_cpu_ms_per_1000_changes: Option<f64>,
    pub server_rss_bytes: Option<u64>,
    pub server_peak_rss_bytes: Option<u64>,
    /// The generator's CPU use as a share of the cores it may use.
    pub generator_cpu_share: f64,
    /// The generator was saturated (above 90 % of its cores on average,
    /// or stalled: see [`STALLED_MS`]): the step says nothing about the
    /// server.
    pub generator_saturated: bool,
    /// Share of expected peer deliveries that arrived.
    pub delivered_share: f64,
    /// Participants that wrote without a replica (and did not measure).
    #[serde(default)]
    pub light_writers: usize,
    /// How late the generator woke its own tasks in the window: its share
    /// of the latency tail.
    #[serde(default)]
    pub generator_lateness: Lateness,
}

impl StepResult {
    /// The step held the bar: p99 under `p99_ms`, everything delivered,
    /// no errors, the generator not saturated.
    pub fn held(&self, p99_ms: f64) -> bool {
        self.latency.samples > 0
            && self.latency.p99_ms < p99_ms
            && self.delivered_share >= 0.99
            && self.latency.errors == 0
            && !self.generator_saturated
    }
}

/// All running peers.
pub struct Fleet {
    pub recorder: Arc<Recorder>,
    phase: watch::Sender<Phase>,
    tasks: JoinSet<PeerOutcome>,
    rooms: Vec<Arc<RoomShared>>,
    clients: usize,
    light: usize,
    next_id: u32,
    pace: Pace,
    replicas: Replicas,
}

impl Fleet {
    pub fn new(pace: Pace) -> Self {
        Self {
            recorder: Arc::new(Recorder::new()),
            phase: watch::Sender::new(Phase::Quiet),
            tasks: JoinSet::new(),
            rooms: Vec::new(),
            clients: 0,
            light: 0,
            next_id: 0,
            pace,
            replicas: Replicas::All,
        }
    }

    /// Who keeps a replica from here on.
    pub fn with_replicas(mut self, replicas: Replicas) -> Self {
        self.replicas = replicas;
        self
    }

    pub fn clients(&self) -> usize {
        self.clients
    }

    pub fn rooms(&self) -> usize {
        self.rooms.len()
    }

    /// Registers a room; its participants join with [`Fleet::join`].
    pub fn add_room(&mut self) -> usize {
        self.rooms.push(Arc::new(RoomShared::default()));
        self.rooms.len() - 1
    }

    /// Starts participants `range` of `plan` in room `room`, paced so the
    /// server's accept queue is not flooded.
    pub async fn join(&mut self, room: usize, plan: &RoomPlan, range: std::ops::Range<usize>) {
        let shared = self.rooms[room].clone();
        for n in range {
            let Some(url) = plan.urls.get(n) else { break };
            let spec = PeerSpec {
                id: self.next_id,
                url: url.clone(),
                doc: plan.doc,
                creates: plan.client_creates && n == 0,
                edit_every: Duration::from_secs_f64(1.0 / self.pace.edits_per_second.max(0.001)),
                note_every: self.pace.note_every,
                room: shared.clone(),
                author: plan.authors.get(n).cloned().unwrap_or_default(),
                replica: self.replicas.of(n),
            };
            self.next_id += 1;
            self.clients += 1;
            if spec.replica == Replica::Light {
                self.light += 1;
            }
            self.tasks.spawn(peer::run(
                spec,
                self.recorder.clone(),
                self.phase.subscribe(),
            ));
            if self.clients.is_multiple_of(25) {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }

    /// Waits (bounded) until every participant holds its room document.
    pub async fn wait_ready(&self, timeout: Duration) -> Result<(), LoadError> {
        let deadline = Instant::now() + timeout;
        while self.ready() < self.clients {
            if Instant::now() > deadline {
                return Err(LoadError::NotReady {
                    ready: self.ready(),
                    clients: self.clients,
                    seconds: timeout.as_secs(),
                });
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    pub fn ready(&self) -> usize {
        self.rooms
            .iter()
            .map(|r| r.ready.load(Ordering::Relaxed) as usize)
            .sum()
    }

    pub fn set_phase(&self, phase: Phase) {
        let _ = self.phase.send(phase);
    }

    /// Edits for `times`, measuring the middle window.
    pub async fn step(&self, times: StepTimes, server_pid: Option<u32>) -> StepResult {
        self.set_phase(Phase::Edit);
        tokio::time::sleep(times.warmup).await;
        let cpu = |pid| procstat::cpu_time(pid).ok().map(|d| d.as_secs_f64());
        let server_cpu = || server_pid.and_then(|pid| cpu(Some(pid)));
        let (server0, own0, wall0) = (server_cpu(), cpu(None), Instant::now());
        self.recorder.open_window();
        let probe = lateness::Probe::start();
        tokio::time::sleep(times.measure).await;
        self.recorder.close_window();
        let generator_lateness = probe.finish().await;
        let wall = wall0.elapsed().as_secs_f64();
        let (server1, own1) = (server_cpu(), cpu(None));
        tokio::time::sleep(times.drain).await;
        let latency = self.recorder.latency();
        let memory = server_pid.and_then(|pid| procstat::memory(Some(pid)).ok());
        let server_cpu = server0.zip(server1).map(|(a, b)| b - a);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let share = own0.zip(own1).map_or(0.0, |(a, b)| (b - a) / wall / cores);
        let changes = latency.changes as f64;
        StepResult {
            rooms: self.rooms.len(),
            clients: self.clients,
            edits_per_second_per_client: self.pace.edits_per_second,
            changes_per_second: changes / wall,
            server_cpu_seconds: server_cpu,
            server_cpu_ms_per_1000_changes: server_cpu
                .filter(|_| changes > 0.0)
                .map(|s| s * 1000.0 / changes * 1000.0),
            server_rss_bytes: memory.map(|m| m.0),
            server_peak_rss_bytes: memory.map(|m| m.1),
            generator_cpu_share: share,
            generator_saturated: saturated(share, &generator_lateness),
            delivered_share: if latency.expected == 0 {
                1.0
            } else {
                latency.delivered as f64 / latency.expected as f64
            },
            light_writers: self.light,
            generator_lateness,
            latency,
        }
    }

    /// Stops every peer and returns their replicas, room by room in
    /// start order (bounded wait).
    pub async fn stop(mut self) -> Vec<PeerOutcome> {
        self.set_phase(Phase::Stop);
        let mut outcomes = Vec::with_capacity(self.clients);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while let Ok(Some(joined)) = tokio::time::timeout_at(deadline, self.tasks.join_next()).await
        {
            if let Ok(outcome) = joined {
                outcomes.push(outcome);
            }
        }
        self.tasks.abort_all();
        outcomes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The large load's two replicas a room: 77 % on average, yet stalled
    /// for 380 ms; one replica a room: 65 %, never more than 35 ms late.
    #[test]
    fn a_generator_that_stalls_is_saturated_whatever_its_average() {
        let stalled = Lateness {
            samples: 2_000,
            p50_ms: 1.1,
            p99_ms: 48.6,
            max_ms: 380.9,
        };
        let steady = Lateness {
            max_ms: 34.6,
            ..stalled.clone()
        };
        assert!(saturated(0.77, &stalled));
        assert!(!saturated(0.65, &steady));
        assert!(saturated(0.95, &steady));
    }
}
