//! Memory per idle room and per idle connection, as slopes of the
//! server's resident set size over growing numbers of each.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::LoadError;
use crate::procstat;
use crate::target::Server;
use crate::workload::{Fleet, Pace};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdleResult {
    /// (rooms, RSS bytes) with one connection per room.
    pub rooms: Vec<(usize, u64)>,
    /// (connections, RSS bytes) all in one room.
    pub connections: Vec<(usize, u64)>,
    pub bytes_per_room_with_connection: f64,
    pub bytes_per_connection: f64,
    /// The room alone: the first slope minus the second.
    pub bytes_per_room: f64,
}

impl IdleResult {
    fn from_points(rooms: Vec<(usize, u64)>, connections: Vec<(usize, u64)>) -> Self {
        let per_room_with_connection = slope(&rooms);
        let per_connection = slope(&connections);
        Self {
            bytes_per_room_with_connection: per_room_with_connection,
            bytes_per_connection: per_connection,
            bytes_per_room: per_room_with_connection - per_connection,
            rooms,
            connections,
        }
    }

    /// One result from the two halves measured on separate server starts.
    pub fn combine(rooms: &IdleResult, connections: &IdleResult) -> Self {
        Self::from_points(rooms.rooms.clone(), connections.connections.clone())
    }
}

/// Which slopes one run measures. Measured on one server, the second half
/// reuses what the first freed (the allocator keeps it), which once made
/// an idle connection cost less than nothing; `bench/run` therefore
/// measures each half on a fresh server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Halves {
    Both,
    Rooms,
    Connections,
}

/// Least-squares slope of `y` over `x`.
pub fn slope(points: &[(usize, u64)]) -> f64 {
    let n = points.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mean_x = points.iter().map(|p| p.0 as f64).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1 as f64).sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for &(x, y) in points {
        num += (x as f64 - mean_x) * (y as f64 - mean_y);
        den += (x as f64 - mean_x).powi(2);
    }
    if den == 0.0 { 0.0 } else { num / den }
}

pub async fn measure(
    server: &Server,
    pid: u32,
    room_steps: &[usize],
    connection_steps: &[usize],
    halves: Halves,
    settle: Duration,
) -> Result<IdleResult, LoadError> {
    let pace = Pace {
        edits_per_second: 0.001,
        note_every: 1,
    };
    let rss = || procstat::memory(Some(pid)).map(|m| m.0);
    let room_steps = if halves == Halves::Connections {
        &[]
    } else {
        room_steps
    };
    let connection_steps = if halves == Halves::Rooms {
        &[]
    } else {
        connection_steps
    };
    let mut rooms = Vec::new();
    let mut fleet = Fleet::new(pace);
    for &total in room_steps {
        let plans = server.rooms(total.saturating_sub(fleet.rooms()), 1).await?;
        for plan in &plans {
            let room = fleet.add_room();
            fleet.join(room, plan, 0..1).await;
        }
        fleet.wait_ready(Duration::from_secs(60)).await?;
        tokio::time::sleep(settle).await;
        rooms.push((total, rss()?));
    }
    fleet.stop().await;
    let Some(most) = connection_steps.iter().copied().max() else {
        return Ok(IdleResult::from_points(rooms, Vec::new()));
    };
    let plan = server
        .rooms(1, most)
        .await?
        .pop()
        .ok_or(LoadError::Timeout("room setup"))?;
    let mut connections = Vec::new();
    let mut fleet = Fleet::new(pace);
    let room = fleet.add_room();
    for &total in connection_steps {
        let from = fleet.clients();
        fleet.join(room, &plan, from..total).await;
        fleet.wait_ready(Duration::from_secs(60)).await?;
        tokio::time::sleep(settle).await;
        connections.push((total, rss()?));
    }
    fleet.stop().await;
    Ok(IdleResult::from_points(rooms, connections))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_of_a_line() {
        assert!((slope(&[(0, 10), (10, 30), (20, 50)]) - 2.0).abs() < 1e-9);
        assert_eq!(slope(&[(5, 1)]), 0.0);
    }

    #[test]
    fn halves_from_two_runs_make_one_result() {
        let rooms = IdleResult::from_points(vec![(100, 1_000), (200, 3_000)], Vec::new());
        let connections = IdleResult::from_points(Vec::new(), vec![(100, 500), (200, 1_000)]);
        let both = IdleResult::combine(&rooms, &connections);
        assert!((both.bytes_per_room_with_connection - 20.0).abs() < 1e-9);
        assert!((both.bytes_per_connection - 5.0).abs() < 1e-9);
        assert!((both.bytes_per_room - 15.0).abs() < 1e-9);
    }
}
