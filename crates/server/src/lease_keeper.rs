//! Keeps this node's session leases alive: renews them three times per
//! lease period, and lets go of the sessions it lost (it could not renew
//! in time) or was asked for (the load balancer sends their traffic to
//! another node now). With one node on SQLite there is nothing to renew.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::app::SharedState;

pub async fn run(state: SharedState, lease: Duration, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(lease / 3);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        let storage = state.storage.clone();
        match tokio::task::spawn_blocking(move || storage.renew()).await {
            Ok(Ok(lost)) if lost.is_empty() => {}
            Ok(Ok(lost)) => state.registry.let_go(&lost).await,
            // Writes fail too while the database is away (they check the
            // lease in it), so nothing is acknowledged meanwhile; leases
            // that ran out are let go at the first renewal that answers.
            Ok(Err(error)) => tracing::warn!(%error, "could not renew session leases"),
            Err(error) => tracing::error!(%error, "lease renewal stopped"),
        }
    }
}
