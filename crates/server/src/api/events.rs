//! The live event stream (server-sent events) of a session. A device gets
//! `state` first, then events meant for it; if it falls behind, it gets a
//! fresh `state` instead of the missed events, so nothing is silently lost.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use samenbord_core::ids::ParticipantId;
use samenbord_core::session::SessionEvent;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::auth::TokenQuery;
use super::views::{me_view, organiser_view};
use crate::app::SharedState;
use crate::error::ApiError;
use crate::registry::{LiveEvent, SlotRef};
use crate::sync::hub::Principal;

pub async fn stream(
    State(state): State<SharedState>,
    Query(query): Query<TokenQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let token = query.token.as_deref().ok_or(ApiError::Unauthorized)?;
    let principal = state
        .registry
        .authenticate(token)
        .ok_or(ApiError::Unauthorized)?;
    let slot = state
        .registry
        .slot(principal.session_id())
        .ok_or(ApiError::NotFound("session"))?;
    let mut events = slot.lock().await.subscribe();
    let shutdown = state.shutdown.clone();
    let stream = async_stream(move |mut yielder| async move {
        yielder
            .send(snapshot(&state, &slot, &principal).await)
            .await;
        loop {
            let received = tokio::select! {
                () = shutdown.cancelled() => break,
                received = events.recv() => received,
            };
            match received {
                Ok(event) => match &*event {
                    LiveEvent::Deleted => {
                        yielder.send(named("session-deleted", json!({}))).await;
                        break;
                    }
                    LiveEvent::Session(event) => {
                        if let Some(out) = for_device(event, &principal) {
                            yielder.send(out).await;
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
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn named(kind: &str, data: serde_json::Value) -> Event {
    let mut data = data;
    if let Some(map) = data.as_object_mut() {
        map.insert("type".into(), json!(kind));
    }
    Event::default().data(data.to_string())
}

async fn snapshot(state: &SharedState, slot: &SlotRef, principal: &Principal) -> Event {
    let slot = slot.lock().await;
    let body = match principal {
        Principal::Organiser { .. } => {
            serde_json::to_value(organiser_view(&slot, &state.public_url)).unwrap_or_default()
        }
        Principal::Participant { participant_id, .. } => {
            ParticipantId::new(participant_id.as_str())
                .ok()
                .and_then(|id| me_view(&slot, &id).and_then(|v| serde_json::to_value(v).ok()))
                .unwrap_or_default()
        }
    };
    named("state", body)
}

/// What one device should hear of an event; participants hear only their
/// own room assignments.
fn for_device(event: &SessionEvent, principal: &Principal) -> Option<Event> {
    let mut body = serde_json::to_value(event).ok()?;
    if let SessionEvent::RoomAssigned {
        participant_id,
        document_id,
        ..
    } = event
    {
        if let Principal::Participant {
            participant_id: me, ..
        } = principal
            && me != participant_id.as_str()
        {
            return None;
        }
        if let Some(map) = body.as_object_mut() {
            map.insert("doc_url".into(), json!(format!("automerge:{document_id}")));
        }
    }
    if matches!(event, SessionEvent::ParticipantJoined { .. })
        && matches!(principal, Principal::Participant { .. })
    {
        return None;
    }
    Some(Event::default().data(body.to_string()))
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
