//! One simulated participant: joins its room document, then every
//! `edit_every` either adds a note or types a word into one of its own
//! notes. A full replica records the latency of every other participant's
//! change that reaches it; a light writer ([`crate::light`]) only writes
//! and acknowledges. A dropped connection is retried a bounded number of
//! times, keeping what was typed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, ObjId};
use samenbord_protocol::document_id::DocumentId;
use samenbord_protocol::wire::WireMessage;
use tokio::sync::watch;

use crate::LoadError;
use crate::conn::Conn;
use crate::edit_clock::{EditClock, HasNotes, NoteSchedule};
use crate::light::LightWriter;
use crate::notes;
use crate::stats::Recorder;

const MAX_RECONNECTS: u32 = 5;
/// `doc-unavailable` retries while the creator's first sync is in flight.
const MAX_UNAVAILABLE: u32 = 40;

/// What peers should be doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Connected and syncing, not editing.
    Quiet,
    Edit,
    /// Close and return the replica.
    Stop,
}

/// Shared by the participants of one room.
#[derive(Debug, Default)]
pub struct RoomShared {
    /// Participants that hold the room document right now.
    pub ready: AtomicU64,
    /// Of those, the full replicas: the ones that measure latency.
    pub measuring: AtomicU64,
}

/// Whether a participant keeps the room's document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replica {
    /// Applies every change and measures their latency.
    Full,
    /// Writes and acknowledges, tracking only the change graph.
    Light,
}

#[derive(Debug, Clone)]
pub struct PeerSpec {
    /// Unique across the generator; appears in change stamps.
    pub id: u32,
    pub url: String,
    pub doc: DocumentId,
    pub creates: bool,
    pub edit_every: Duration,
    /// Every n-th edit adds a note; the others type into one.
    pub note_every: u32,
    pub room: Arc<RoomShared>,
    /// Whose identity the peer's notes carry.
    pub author: crate::notes::NoteAuthor,
    pub replica: Replica,
}

/// A participant's replica when it stopped, and the notes it added.
pub struct PeerOutcome {
    /// The room's document id.
    pub room: DocumentId,
    /// A light writer's `doc` holds only its own notes.
    pub replica: Replica,
    pub doc: AutoCommit,
    pub own_notes: Vec<String>,
    pub error: Option<String>,
}

struct State {
    /// The room (full replica), or the room's start and own notes (light).
    doc: AutoCommit,
    own: Vec<(String, ObjId)>,
    edits: u64,
    notes: NoteSchedule,
    /// The room's notes map, once the replica holds it.
    notes_map: Option<ObjId>,
    /// Set once a light writer holds the room's start.
    light: Option<LightWriter>,
}

pub async fn run(
    spec: PeerSpec,
    recorder: Arc<Recorder>,
    mut phase: watch::Receiver<Phase>,
) -> PeerOutcome {
    let mut state = State {
        doc: AutoCommit::new(),
        own: Vec::new(),
        edits: 0,
        notes: NoteSchedule::new(spec.note_every),
        notes_map: None,
        light: None,
    };
    if spec.creates && notes::init_room(&mut state.doc).is_err() {
        recorder.error();
    }
    let mut last_error = None;
    for attempt in 0..=MAX_RECONNECTS {
        if attempt > 0 {
            recorder.reconnect();
            tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
        }
        match session(&spec, &mut state, &recorder, &mut phase).await {
            Ok(()) => {
                last_error = None;
                break;
            }
            Err(error) => {
                recorder.error();
                last_error = Some(error.to_string());
                if *phase.borrow() == Phase::Stop {
                    break;
                }
            }
        }
    }
    PeerOutcome {
        room: spec.doc,
        replica: spec.replica,
        own_notes: state.own.into_iter().map(|(id, _)| id).collect(),
        doc: state.doc,
        error: last_error,
    }
}

/// Marks the peer ready in its room while it holds the document.
struct ReadyGuard(Option<(Arc<RoomShared>, Replica)>);

impl ReadyGuard {
    fn set(&mut self, room: &Arc<RoomShared>, replica: Replica) {
        if self.0.is_none() {
            room.ready.fetch_add(1, Ordering::Relaxed);
            if replica == Replica::Full {
                room.measuring.fetch_add(1, Ordering::Relaxed);
            }
            self.0 = Some((room.clone(), replica));
        }
    }
}

impl Drop for ReadyGuard {
    fn drop(&mut self) {
        if let Some((room, replica)) = self.0.take() {
            room.ready.fetch_sub(1, Ordering::Relaxed);
            if replica == Replica::Full {
                room.measuring.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
}

async fn session(
    spec: &PeerSpec,
    state: &mut State,
    recorder: &Recorder,
    phase: &mut watch::Receiver<Phase>,
) -> Result<(), LoadError> {
    let mut conn = Conn::open(
        &spec.url,
        format!("lg-{}-{}", spec.id, rand::random::<u32>()),
    )
    .await?;
    let mut sync_state = sync::State::new();
    let mut request = notes::notes_map(&state.doc).is_none();
    match &state.light {
        Some(light) => {
            conn.send_sync(spec.doc, light.hello().encode(), false)
                .await?
        }
        None => {
            flush(
                &mut conn,
                spec.doc,
                &mut state.doc,
                &mut sync_state,
                &mut request,
            )
            .await?
        }
    }
    let mut ready = ReadyGuard(None);
    let mut unavailable = 0;
    let mut clock = EditClock::new(spec.edit_every);
    loop {
        // Looked up until found, then kept: the notes map never moves, and
        // looking it up on every message and edit was ~15 % of the
        // generator's CPU at 300 rooms × 10.
        if ready.0.is_none()
            && let Some(map) = state
                .notes_map
                .clone()
                .or_else(|| notes::notes_map(&state.doc))
        {
            state.notes_map = Some(map);
            ready.set(&spec.room, spec.replica);
            if spec.replica == Replica::Light && state.light.is_none() {
                state.light = Some(LightWriter::from_replica(&mut state.doc));
            }
        }
        let editing = ready.0.is_some() && *phase.borrow() == Phase::Edit;
        clock.run(editing);
        tokio::select! {
            message = conn.next() => match message? {
                None => return Err(LoadError::Closed("connection ended".into())),
                Some(WireMessage::Sync { document_id, data, .. } | WireMessage::Request { document_id, data, .. })
                    if document_id == spec.doc =>
                {
                    if let Some(light) = &mut state.light {
                        match sync::Message::decode(&data) {
                            Ok(message) => {
                                if let Some(answer) = light.receive(&message)? {
                                    conn.send_sync(spec.doc, answer.encode(), false).await?;
                                }
                            }
                            Err(_) => recorder.error(),
                        }
                    } else {
                        receive(spec, state, &mut sync_state, &data, recorder)?;
                        flush(&mut conn, spec.doc, &mut state.doc, &mut sync_state, &mut request).await?;
                    }
                }
                Some(WireMessage::DocUnavailable { .. }) => {
                    unavailable += 1;
                    if unavailable > MAX_UNAVAILABLE {
                        return Err(LoadError::Unavailable(spec.doc));
                    }
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    sync_state = sync::State::new();
                    request = true;
                    flush(&mut conn, spec.doc, &mut state.doc, &mut sync_state, &mut request).await?;
                }
                Some(WireMessage::Error { message }) => return Err(LoadError::Closed(message)),
                Some(_) => {}
            },
            () = clock.tick(), if editing => {
                edit(spec, state, recorder)?;
                match &mut state.light {
                    Some(light) => {
                        let message = light.commit(&mut state.doc)?;
                        conn.send_sync(spec.doc, message.encode(), false).await?;
                    }
                    None => {
                        flush(&mut conn, spec.doc, &mut state.doc, &mut sync_state, &mut request).await?;
                    }
                }
            }
            changed = phase.changed() => {
                if changed.is_err() || *phase.borrow() == Phase::Stop {
                    conn.close().await;
                    return Ok(());
                }
            }
        }
    }
}

/// Applies a sync message and records every stamped change it brought.
fn receive(
    spec: &PeerSpec,
    state: &mut State,
    sync_state: &mut sync::State,
    data: &[u8],
    recorder: &Recorder,
) -> Result<(), LoadError> {
    let Ok(message) = sync::Message::decode(data) else {
        recorder.error();
        return Ok(());
    };
    let carries_changes = !message.changes.is_empty();
    let before = if carries_changes {
        state.doc.get_heads()
    } else {
        Vec::new()
    };
    state.doc.sync().receive_sync_message(sync_state, message)?;
    if carries_changes {
        let now = recorder.now_us();
        for change in state.doc.get_changes_meta(&before) {
            let stamp = change.message.as_deref().and_then(notes::parse_stamp);
            if let Some((author, sent)) = stamp
                && author != spec.id
            {
                recorder.arrived(sent, now);
            }
        }
    }
    Ok(())
}

fn edit(spec: &PeerSpec, state: &mut State, recorder: &Recorder) -> Result<(), LoadError> {
    let Some(notes_map) = state.notes_map.clone() else {
        return Ok(());
    };
    let t = recorder.now_us();
    let has_notes = if state.own.is_empty() {
        HasNotes::No
    } else {
        HasNotes::Yes
    };
    if state.notes.adds(state.edits, has_notes) {
        let id = format!("p{}-{}", spec.id, state.own.len());
        let text = notes::add_note(&mut state.doc, &notes_map, &id, &spec.author, spec.id, t)?;
        state.own.push((id, text));
    } else {
        let pick = (t as usize / 7) % state.own.len();
        notes::type_into(&mut state.doc, &state.own[pick].1, spec.id, t)?;
    }
    state.edits += 1;
    if recorder.in_window(t) {
        // Only full replicas measure: they are who the change must reach.
        let measuring = spec.room.measuring.load(Ordering::Relaxed);
        let others = match spec.replica {
            Replica::Full => measuring.saturating_sub(1),
            Replica::Light => measuring,
        };
        recorder.made(others);
    }
    Ok(())
}

async fn flush(
    conn: &mut Conn,
    doc_id: DocumentId,
    doc: &mut AutoCommit,
    sync_state: &mut sync::State,
    request: &mut bool,
) -> Result<(), LoadError> {
    while let Some(message) = doc.sync().generate_sync_message(sync_state) {
        conn.send_sync(doc_id, message.encode(), *request).await?;
        *request = false;
    }
    Ok(())
}
