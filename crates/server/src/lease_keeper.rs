//! Keeps this node's session leases alive: renews them three times per
//! lease period, and lets go of the sessions it lost (it could not renew
//! in time) or was asked for (the load balancer sends their traffic to
//! another node now). Another node's ask arrives as a cross-node event
//! (see `storage::NodeEvent`) and is acted on at once; the renewal would
//! find it in the lease row anyway, so a missed event only costs time.
//! With one node on SQLite there is nothing to renew.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::app::SharedState;
use crate::storage::NodeEvent;

pub async fn run(state: SharedState, lease: Duration, shutdown: CancellationToken) {
    let mut events = state.storage.listen();
    let mut tick = tokio::time::interval(lease / 3);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = tick.tick() => {}
            Some(event) = next(&mut events) => {
                if !state.storage.holds(&event.session_id) {
                    continue;
                }
                tracing::info!(
                    session.id = %event.session_id, seq = event.seq, delivery = ?event.delivery,
                    "another node asks for a session"
                );
                // Renewing now releases it (the lease row says who asked).
            }
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

/// The next cross-node event; never, without a listener.
async fn next(events: &mut Option<mpsc::Receiver<NodeEvent>>) -> Option<NodeEvent> {
    match events {
        Some(receiver) => receiver.recv().await,
        None => std::future::pending().await,
    }
}
