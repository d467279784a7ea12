//! Ramps: grow the load step by step until p99 edit-to-peer latency
//! passes the bar, and report the largest load held.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::LoadError;
use crate::target::Server;
use crate::workload::{Fleet, Pace, Replicas, StepResult, StepTimes};

/// The latency bar of the quality bars (PRODUCT.md).
/// The bar: a step holds while p99 stays under this.
pub const P99_BAR_MS: f64 = 100.0;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RampResult {
    pub steps: Vec<StepResult>,
    /// Clients of the largest step held (0 if none).
    pub held_clients: usize,
    pub held_rooms: usize,
    /// Why the ramp stopped.
    pub stopped: String,
    /// The p99 bar the steps were held to (ms).
    #[serde(default = "default_bar")]
    pub p99_bar_ms: f64,
}

fn default_bar() -> f64 {
    P99_BAR_MS
}

fn finish(steps: Vec<StepResult>, stopped: String, bar_ms: f64) -> RampResult {
    let held = steps.iter().rev().find(|s| s.held(bar_ms));
    RampResult {
        held_clients: held.map_or(0, |s| s.clients),
        held_rooms: held.map_or(0, |s| s.rooms),
        steps,
        stopped,
        p99_bar_ms: bar_ms,
    }
}

/// Why a step ends the ramp, if it does.
fn stop_reason(step: &StepResult, bar_ms: f64) -> Option<String> {
    if step.generator_saturated {
        Some(format!(
            "generator saturated ({:.0}% of its cores) at {} clients",
            step.generator_cpu_share * 100.0,
            step.clients
        ))
    } else if !step.held(bar_ms) {
        Some(format!(
            "p99 {:.1} ms, {:.1}% delivered, {} errors at {} clients",
            step.latency.p99_ms,
            step.delivered_share * 100.0,
            step.latency.errors,
            step.clients
        ))
    } else {
        None
    }
}

/// More and more rooms of `participants` each (`room_steps` is the total
/// number of rooms per step).
/// The steps of a ramp and the p99 bar they are held to.
#[derive(Debug, Clone)]
pub struct RampSpec {
    pub steps: Vec<usize>,
    pub bar_ms: f64,
    pub replicas: Replicas,
}

pub async fn rooms(
    server: &Server,
    participants: usize,
    ramp: &RampSpec,
    pace: Pace,
    times: StepTimes,
    server_pid: Option<u32>,
) -> Result<RampResult, LoadError> {
    let mut fleet = Fleet::new(pace).with_replicas(ramp.replicas);
    let mut steps = Vec::new();
    let mut stopped = "all steps held".to_owned();
    for &total in &ramp.steps {
        let new = total.saturating_sub(fleet.rooms());
        let plans = server.rooms(new, participants).await?;
        fleet.set_phase(crate::peer::Phase::Quiet);
        for plan in &plans {
            let room = fleet.add_room();
            fleet.join(room, plan, 0..participants).await;
        }
        if let Err(error) = fleet.wait_ready(ready_timeout(fleet.clients())).await {
            stopped = format!("{error} at {} clients", fleet.clients());
            break;
        }
        let step = fleet.step(times, server_pid).await;
        eprintln!("{} rooms: {}", step.rooms, summary(&step));
        let reason = stop_reason(&step, ramp.bar_ms);
        steps.push(step);
        if let Some(reason) = reason {
            stopped = reason;
            break;
        }
    }
    fleet.stop().await;
    Ok(finish(steps, stopped, ramp.bar_ms))
}

/// One room growing through `client_steps` participants.
pub async fn one_room(
    server: &Server,
    ramp: &RampSpec,
    pace: Pace,
    times: StepTimes,
    server_pid: Option<u32>,
) -> Result<RampResult, LoadError> {
    let most = ramp.steps.iter().copied().max().unwrap_or(0);
    let plan = server
        .rooms(1, most)
        .await?
        .pop()
        .ok_or(LoadError::Timeout("room setup"))?;
    let mut fleet = Fleet::new(pace).with_replicas(ramp.replicas);
    let room = fleet.add_room();
    let mut steps = Vec::new();
    let mut stopped = "all steps held".to_owned();
    for &total in &ramp.steps {
        let from = fleet.clients();
        fleet.set_phase(crate::peer::Phase::Quiet);
        fleet.join(room, &plan, from..total).await;
        if let Err(error) = fleet.wait_ready(ready_timeout(fleet.clients())).await {
            stopped = format!("{error} at {} clients", fleet.clients());
            break;
        }
        let step = fleet.step(times, server_pid).await;
        eprintln!("1 room: {}", summary(&step));
        let reason = stop_reason(&step, ramp.bar_ms);
        steps.push(step);
        if let Some(reason) = reason {
            stopped = reason;
            break;
        }
    }
    fleet.stop().await;
    Ok(finish(steps, stopped, ramp.bar_ms))
}

fn ready_timeout(clients: usize) -> Duration {
    Duration::from_secs(20 + clients as u64 / 50)
}

pub fn summary(step: &StepResult) -> String {
    format!(
        "{} clients, {:.0} changes/s, p50 {:.1} p99 {:.1} max {:.1} ms, {:.1}% delivered, {} errors, generator {:.0}% (late p99 {:.1} max {:.1} ms)",
        step.clients,
        step.changes_per_second,
        step.latency.p50_ms,
        step.latency.p99_ms,
        step.latency.max_ms,
        step.delivered_share * 100.0,
        step.latency.errors,
        step.generator_cpu_share * 100.0,
        step.generator_lateness.p99_ms,
        step.generator_lateness.max_ms
    )
}
