//! The seconds-long smoke run CI uses so the generator does not rot: a few
//! small rooms edit for a moment, then every replica must hold every note
//! any participant of its room added (light writers' notes included: the
//! server took their re-based changes as a browser's).

use std::time::Duration;

use serde::Serialize;

use crate::LoadError;
use crate::notes;
use crate::peer::Replica;
use crate::target::Server;
use crate::workload::{Fleet, Pace, Replicas, StepResult, StepTimes};

#[derive(Debug, Serialize)]
pub struct SmokeReport {
    pub step: StepResult,
    /// Replicas missing a note someone in their room added.
    pub missing: Vec<String>,
    pub notes_added: usize,
    pub errors: Vec<String>,
}

pub async fn run(
    server: &Server,
    rooms: usize,
    participants: usize,
    replicas: Replicas,
    duration: Duration,
) -> Result<SmokeReport, LoadError> {
    let plans = server.rooms(rooms, participants).await?;
    let mut fleet = Fleet::new(Pace {
        edits_per_second: 4.0,
        note_every: 3,
    })
    .with_replicas(replicas);
    for plan in &plans {
        let room = fleet.add_room();
        fleet.join(room, plan, 0..participants).await;
    }
    fleet.wait_ready(Duration::from_secs(20)).await?;
    let step = fleet
        .step(
            StepTimes {
                warmup: Duration::from_millis(200),
                measure: duration,
                drain: Duration::ZERO,
            },
            None,
        )
        .await;
    fleet.set_phase(crate::peer::Phase::Quiet);
    // Let the last edits travel before comparing replicas.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let outcomes = fleet.stop().await;
    let mut missing = Vec::new();
    let mut notes_added = 0;
    let errors = outcomes.iter().filter_map(|o| o.error.clone()).collect();
    let all_notes: Vec<&String> = outcomes.iter().flat_map(|o| o.own_notes.iter()).collect();
    notes_added += all_notes.len();
    let replicas = outcomes.iter().filter(|o| o.replica == Replica::Full);
    for (i, outcome) in replicas.enumerate() {
        let held = notes::note_ids(&outcome.doc);
        let room = outcome.room;
        for other in outcomes.iter().filter(|o| o.room == room) {
            for note in &other.own_notes {
                if !held.contains(note) {
                    missing.push(format!("replica {i} (room {room}) lacks {note}"));
                }
            }
        }
    }
    Ok(SmokeReport {
        step,
        missing,
        notes_added,
        errors,
    })
}
