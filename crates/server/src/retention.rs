//! Deletes sessions whose retention period has passed, every minute.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::app::{SharedState, now_ms};

pub async fn run(state: SharedState, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        match state.registry.delete_expired(now_ms()).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "expired sessions deleted"),
            Err(error) => tracing::error!(%error, "retention sweep failed"),
        }
    }
}
