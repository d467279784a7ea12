//! Cross-node events on PostgreSQL: a node asks the node serving a
//! session to hand it over (LISTEN/NOTIFY, ids only), and a listener that
//! lost its connection catches up from the `node_events` table.
//!
//! The listener has a connection of its own (pooled connections are
//! recycled, and a LISTEN lives as long as its connection), driven through
//! `Connection::poll_message`, which is where notifications arrive. When
//! the connection ends it connects again after a pause, LISTENs first and
//! then reads every row after the last sequence number it saw, so nothing
//! committed while it was away is missed. An event may arrive twice (live
//! and replayed); acting on it is idempotent.

use std::time::Duration;

use futures_util::StreamExt;
use samenbord_core::ids::SessionId;
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, NoTls};

use super::super::{Delivery, NodeEvent, NodeEventKind};

/// The NOTIFY channel; payloads are `"<seq> <session id>"`.
pub const CHANNEL: &str = "samenbord_events";
/// How the listener's connection shows in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "samenbord-listener";
const RECONNECT_AFTER: Duration = Duration::from_secs(1);
const QUEUE: usize = 256;
/// Rows older than an hour go (see the migration), checked this often.
const PRUNE: &str = "DELETE FROM node_events WHERE created_at < now() - interval '1 hour'";
const PRUNE_EVERY: Duration = Duration::from_secs(600);

/// Records that `node` wants `session_id` (unless it asked already) and
/// notifies the listeners on [`CHANNEL`], in one statement: the row and the
/// notification commit together.
pub const ASK_FOR_HANDOVER: &str = "WITH asked AS (
        UPDATE leases SET wanted_by = $2
        WHERE session_id = $1 AND wanted_by IS DISTINCT FROM $2
        RETURNING session_id),
     event AS (
        INSERT INTO node_events (session_id, kind)
        SELECT session_id, 'handover' FROM asked
        RETURNING seq, session_id)
     SELECT pg_notify('samenbord_events', seq::text || ' ' || session_id) FROM event";

/// Starts the listener on the current runtime; its events arrive on the
/// receiver until the receiver is dropped.
pub fn start(mut config: tokio_postgres::Config) -> mpsc::Receiver<NodeEvent> {
    config.application_name(APPLICATION_NAME);
    let (sender, receiver) = mpsc::channel(QUEUE);
    tokio::spawn(async move {
        let mut last_seen = None;
        while !sender.is_closed() {
            if let Err(error) = listen(&config, &sender, &mut last_seen).await {
                tracing::warn!(%error, "cross-node event listener disconnected; reconnecting");
            }
            tokio::time::sleep(RECONNECT_AFTER).await;
        }
    });
    receiver
}

/// One connection's life: LISTEN, catch up, then pass notifications on
/// until the connection ends.
async fn listen(
    config: &tokio_postgres::Config,
    sender: &mpsc::Sender<NodeEvent>,
    last_seen: &mut Option<i64>,
) -> Result<(), tokio_postgres::Error> {
    let (client, mut connection) = config.connect(NoTls).await?;
    let (notified, mut notifications) = mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(n)) => {
                    let _ = notified.send(n.payload().to_owned());
                }
                Ok(_) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    });
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    client.execute(PRUNE, &[]).await?;
    match *last_seen {
        // First connection: what was asked before this node started was
        // asked of whoever held the sessions then.
        None => {
            let row = client
                .query_one("SELECT coalesce(max(seq), 0) FROM node_events", &[])
                .await?;
            *last_seen = Some(row.get(0));
        }
        Some(seen) => {
            let rows = client
                .query(
                    "SELECT seq, session_id, kind FROM node_events WHERE seq > $1 ORDER BY seq",
                    &[&seen],
                )
                .await?;
            for row in rows {
                let seq: i64 = row.get(0);
                deliver(sender, seq, row.get(1), row.get(2), Delivery::Replayed).await;
                *last_seen = Some(seq);
            }
        }
    }
    let mut prune =
        tokio::time::interval_at(tokio::time::Instant::now() + PRUNE_EVERY, PRUNE_EVERY);
    loop {
        let payload = tokio::select! {
            payload = notifications.recv() => payload,
            _ = prune.tick() => {
                client.execute(PRUNE, &[]).await?;
                continue;
            }
        };
        let Some(payload) = payload else {
            break;
        };
        let Some((seq, session)) = payload
            .split_once(' ')
            .and_then(|(seq, session)| Some((seq.parse::<i64>().ok()?, session.to_owned())))
        else {
            continue;
        };
        // Replays start after the highest seen. Rows can commit out of
        // sequence order, so one committed late while the listener was
        // away may be skipped: the holder's renewal reads the lease row's
        // `wanted_by` anyway, so that costs at most a renewal period.
        *last_seen = Some(last_seen.map_or(seq, |seen| seen.max(seq)));
        deliver(sender, seq, session, "handover".into(), Delivery::Live).await;
    }
    drop(client);
    match driver.await {
        Ok(result) => result,
        Err(_) => Ok(()),
    }
}

async fn deliver(
    sender: &mpsc::Sender<NodeEvent>,
    seq: i64,
    session: String,
    kind: String,
    delivery: Delivery,
) {
    let kind = match kind.as_str() {
        "handover" => NodeEventKind::Handover,
        // A kind a newer node writes: not for this one.
        _ => return,
    };
    let Ok(session_id) = SessionId::new(session) else {
        return;
    };
    let _ = sender
        .send(NodeEvent {
            seq,
            session_id,
            kind,
            delivery,
        })
        .await;
}
