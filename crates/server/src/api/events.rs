//! The live event stream (server-sent events) of a session. Every event
//! is the device's whole view ([`ParticipantEvent`] / [`OrganiserEvent`]):
//! `state` first, then a fresh `state` after every change that concerns
//! the device, and after it fell behind, so nothing is silently lost and
//! the browser never merges partial updates. A quiet stream sends `alive`
//! so the device can tell silence from a dead connection.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, Sse};
use futures_util::Stream;
use samenbord_core::contract::{
    ErrorBody, OrganiserEvent, ParticipantEvent, me_view, organiser_view,
};
use samenbord_core::ids::ParticipantId;
use samenbord_core::session::SessionEvent;
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;

use super::auth::TokenQuery;
use super::extract::ApiQuery;
use crate::app::SharedState;
use crate::error::ApiError;
use crate::registry::{LiveEvent, SlotRef};
use crate::sync::hub::Principal;

#[utoipa::path(get, path = "/api/events", tag = "events",
    params(TokenQuery),
    responses((status = 200, content_type = "text/event-stream",
        description = "Server-sent events; each `data:` is a ParticipantEvent (participant token) or an OrganiserEvent (organiser secret)",
        body = ParticipantEvent),
        (status = 401, body = ErrorBody)))]
pub async fn stream(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<TokenQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let token = query.token.as_deref().ok_or(ApiError::Unauthorized)?;
    let principal = state
        .registry
        .sign_in(token, query.session.as_ref())
        .await?;
    let slot = state
        .registry
        .slot(principal.session_id())
        .ok_or(ApiError::NotFound("session"))?;
    let mut events = slot.lock().await.subscribe();
    let shutdown = state.shutdown.clone();
    let alive_every = alive_interval(state.sync_limits.ping_interval);
    let stream = async_stream(move |mut yielder| async move {
        yielder
            .send(snapshot(&state, &slot, &principal).await)
            .await;
        let mut alive =
            tokio::time::interval_at(tokio::time::Instant::now() + alive_every, alive_every);
        loop {
            let received = tokio::select! {
                () = shutdown.cancelled() => break,
                _ = alive.tick() => {
                    yielder.send(still_alive(&principal, alive_every)).await;
                    continue;
                }
                received = events.recv() => received,
            };
            match received {
                Ok(event) => match &*event {
                    LiveEvent::Deleted => {
                        yielder.send(deleted(&principal)).await;
                        break;
                    }
                    // The stream ends; the browser's EventSource reconnects,
                    // through the load balancer, to the session's new node.
                    LiveEvent::Moved => break,
                    // Reconnecting, the device hears why (403).
                    LiveEvent::Revoked(removed) if *removed == principal => break,
                    LiveEvent::Revoked(_) => {
                        // Someone else left: the console lists people.
                        if let Principal::Organiser { .. } = principal {
                            yielder
                                .send(snapshot(&state, &slot, &principal).await)
                                .await;
                        }
                    }
                    LiveEvent::Session(event) => {
                        if concerns(event, &principal) {
                            yielder
                                .send(snapshot(&state, &slot, &principal).await)
                                .await;
                        }
                    }
                },
                Err(RecvError::Lagged(_)) => {
                    yielder
                        .send(snapshot(&state, &slot, &principal).await)
                        .await;
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
    Ok(Sse::new(stream))
}

/// How often a quiet stream says it is alive: as often as sync sockets
/// are pinged, and at least every ten seconds, so a device notices a dead
/// connection well within a minute.
fn alive_interval(ping: Duration) -> Duration {
    ping.min(Duration::from_secs(10))
}

fn still_alive(principal: &Principal, every: Duration) -> Event {
    let every_ms = u32::try_from(every.as_millis()).unwrap_or(u32::MAX);
    match principal {
        Principal::Organiser { .. } => data(&OrganiserEvent::Alive { every_ms }),
        Principal::Participant { .. } => data(&ParticipantEvent::Alive { every_ms }),
    }
}

fn data(event: &impl Serialize) -> Event {
    Event::default().data(serde_json::to_string(event).unwrap_or_default())
}

fn deleted(principal: &Principal) -> Event {
    match principal {
        Principal::Organiser { .. } => data(&OrganiserEvent::SessionDeleted),
        Principal::Participant { .. } => data(&ParticipantEvent::SessionDeleted),
    }
}

async fn snapshot(state: &SharedState, slot: &SlotRef, principal: &Principal) -> Event {
    let slot = slot.lock().await;
    match principal {
        Principal::Organiser { host, .. } => data(&OrganiserEvent::State {
            session: Box::new(
                organiser_view(
                    slot.session(),
                    slot.join_code(),
                    &state.public_url,
                    host.standing(),
                )
                .with_incomplete(|id| state.hub.is_damaged(id)),
            ),
        }),
        Principal::Participant { participant_id, .. } => {
            let view = ParticipantId::new(participant_id.as_str())
                .ok()
                .and_then(|id| me_view(slot.session(), &id, slot.private_document(&id)));
            match view {
                Some(me) => data(&ParticipantEvent::State { me: Box::new(me) }),
                // Removed from the session: nothing of it is theirs to see.
                None => data(&ParticipantEvent::SessionDeleted),
            }
        }
    }
}

/// Whether a device's view may have changed: organisers see everything;
/// a participant hears of other people's room moves and arrivals only
/// through their own view, which those do not change.
fn concerns(event: &SessionEvent, principal: &Principal) -> bool {
    let Principal::Participant {
        participant_id: me, ..
    } = principal
    else {
        return true;
    };
    match event {
        SessionEvent::RoomAssigned { participant_id, .. }
        | SessionEvent::RoleChanged { participant_id }
        | SessionEvent::AttendanceChanged { participant_id } => participant_id == me,
        SessionEvent::ParticipantJoined { .. } => false,
        _ => true,
    }
}

/// A tiny generator: the closure sends events through a bounded channel
/// that backs the returned stream.
struct Yielder(tokio::sync::mpsc::Sender<Event>);

impl Yielder {
    async fn send(&mut self, event: Event) {
        let _ = self.0.send(event).await;
    }
}

fn async_stream<F, Fut>(body: F) -> impl Stream<Item = Result<Event, Infallible>>
where
    F: FnOnce(Yielder) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (sender, receiver) = tokio::sync::mpsc::channel(16);
    tokio::spawn(body(Yielder(sender)));
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (Ok(event), receiver))
    })
}
