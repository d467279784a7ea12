//! The session registry: every session in memory, persisted on each
//! change, with its secrets and a live event channel. Handlers call these
//! methods; the decisions themselves are made by `samenbord_core::session`.
//!
//! Each change works on a copy of the session: the core decides, the side
//! effects (room documents) are carried out, the new state is written to
//! storage, and only then does the copy replace the original and the
//! events go out. A failure anywhere leaves the session as it was.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use samenbord_core::ids::{ParticipantId, SessionId};
use samenbord_core::programme::Programme;
use samenbord_core::role::ParticipantRole;
use samenbord_core::room::{RoomMeta, create_room_document, set_closed};
use samenbord_core::session::{Session, SessionError, SessionEvent, SessionSettings};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::{Mutex, broadcast};

use crate::error::ApiError;
use crate::storage::{DocumentKind, DocumentRecord, Storage, StorageError, StoredSession};
use crate::sync::document_id::DocumentId;
use crate::sync::hub::{Hub, Principal};

/// Unambiguous characters for join codes (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH: usize = 6;
const EVENT_BUFFER: usize = 256;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredState {
    session: Session,
    join_code: String,
    organiser_secret_hash: String,
    participants: BTreeMap<ParticipantId, ParticipantSecrets>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ParticipantSecrets {
    token_hash: String,
    private_document_id: String,
}

/// A live event for the devices of one session.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    Session(SessionEvent),
    Deleted,
}

pub struct Slot {
    state: StoredState,
    events: broadcast::Sender<Arc<LiveEvent>>,
}

impl Slot {
    pub fn session(&self) -> &Session {
        &self.state.session
    }

    pub fn join_code(&self) -> &str {
        &self.state.join_code
    }

    pub fn private_document(&self, participant: &ParticipantId) -> Option<&str> {
        self.state
            .participants
            .get(participant)
            .map(|p| p.private_document_id.as_str())
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.events.subscribe()
    }
}

pub type SlotRef = Arc<Mutex<Slot>>;

/// What a creator gets back: the only time the organiser secret is shown.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub session_id: SessionId,
    pub join_code: String,
    pub organiser_secret: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Joined {
    pub session_id: SessionId,
    pub participant_id: ParticipantId,
    pub token: String,
    pub private_doc_url: String,
}

pub struct Registry {
    slots: RwLock<HashMap<SessionId, SlotRef>>,
    codes: RwLock<HashMap<String, SessionId>>,
    tokens: RwLock<HashMap<String, Principal>>,
    storage: Arc<dyn Storage>,
    hub: Arc<Hub>,
}

fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secret() -> String {
    let bytes: [u8; 24] = rand::random();
    bs58::encode(bytes).into_string()
}

fn new_code() -> String {
    (0..CODE_LENGTH)
        .map(|_| CODE_ALPHABET[rand::random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

fn new_id(kind: &str) -> String {
    let bytes: [u8; 9] = rand::random();
    format!("{kind}{}", bs58::encode(bytes).into_string())
}

/// Normalises what someone typed as a join code.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn lock_error<T>(_: T) -> ApiError {
    ApiError::Storage(StorageError::Unavailable("registry lock poisoned".into()))
}

impl Registry {
    /// Loads every stored session.
    pub fn load(storage: Arc<dyn Storage>, hub: Arc<Hub>) -> Result<Self, StorageError> {
        let registry = Self {
            slots: RwLock::default(),
            codes: RwLock::default(),
            tokens: RwLock::default(),
            storage: storage.clone(),
            hub,
        };
        for stored in storage.sessions()? {
            let state: StoredState = serde_json::from_str(&stored.state_json).map_err(|e| {
                StorageError::Corrupt(format!("session {}: {e}", stored.session_id))
            })?;
            registry
                .index(state)
                .map_err(|_| StorageError::Unavailable("registry lock poisoned".into()))?;
        }
        Ok(registry)
    }

    fn index(&self, state: StoredState) -> Result<SlotRef, ApiError> {
        let session_id = state.session.id.clone();
        {
            let mut tokens = self.tokens.write().map_err(lock_error)?;
            tokens.insert(
                state.organiser_secret_hash.clone(),
                Principal::Organiser {
                    session_id: session_id.to_string(),
                },
            );
            for (participant, secrets) in &state.participants {
                tokens.insert(
                    secrets.token_hash.clone(),
                    Principal::Participant {
                        session_id: session_id.to_string(),
                        participant_id: participant.to_string(),
                    },
                );
            }
        }
        for record in state.session.participants.values() {
            for (round, room) in &record.leads {
                self.hub.leaders.appoint(
                    session_id.as_str(),
                    record.id.as_str(),
                    round.as_str(),
                    room.as_str(),
                );
            }
        }
        self.codes
            .write()
            .map_err(lock_error)?
            .insert(state.join_code.clone(), session_id.clone());
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let slot = Arc::new(Mutex::new(Slot { state, events }));
        self.slots
            .write()
            .map_err(lock_error)?
            .insert(session_id, slot.clone());
        Ok(slot)
    }

    async fn persist(&self, state: &StoredState) -> Result<(), ApiError> {
        let stored = StoredSession {
            session_id: state.session.id.to_string(),
            join_code: state.join_code.clone(),
            state_json: serde_json::to_string(state)
                .map_err(|e| StorageError::Corrupt(e.to_string()))?,
            expires_at: state.session.expires_at(),
        };
        let storage = self.storage.clone();
        tokio::task::spawn_blocking(move || storage.save_session(&stored))
            .await
            .map_err(|e| StorageError::Unavailable(e.to_string()))??;
        Ok(())
    }

    pub async fn create(
        &self,
        settings: SessionSettings,
        plan: Programme,
        now: i64,
    ) -> Result<Created, ApiError> {
        let session_id =
            SessionId::new(new_id("s")).map_err(|e| ApiError::bad_request(e.to_string()))?;
        let join_code = {
            let codes = self.codes.read().map_err(lock_error)?;
            let mut code = new_code();
            while codes.contains_key(&code) {
                code = new_code();
            }
            code
        };
        let organiser_secret = new_secret();
        let state = StoredState {
            session: Session::new(session_id.clone(), settings, plan, now),
            join_code: join_code.clone(),
            organiser_secret_hash: hash(&organiser_secret),
            participants: BTreeMap::new(),
        };
        self.persist(&state).await?;
        self.index(state)?;
        Ok(Created {
            session_id,
            join_code,
            organiser_secret,
        })
    }

    /// Who a bearer token belongs to.
    pub fn authenticate(&self, token: &str) -> Option<Principal> {
        self.tokens.read().ok()?.get(&hash(token)).cloned()
    }

    pub fn slot(&self, session_id: &str) -> Option<SlotRef> {
        let id = SessionId::new(session_id).ok()?;
        self.slots.read().ok()?.get(&id).cloned()
    }

    /// The session, if `token` is its organiser secret.
    pub fn as_organiser(&self, session_id: &str, token: Option<&str>) -> Result<SlotRef, ApiError> {
        let token = token.ok_or(ApiError::Unauthorized)?;
        match self.authenticate(token) {
            Some(Principal::Organiser { session_id: owned }) if owned == session_id => {
                self.slot(session_id).ok_or(ApiError::NotFound("session"))
            }
            Some(_) => Err(ApiError::Forbidden),
            None => Err(ApiError::Unauthorized),
        }
    }

    pub async fn join(
        &self,
        code: &str,
        name: &str,
        role: ParticipantRole,
        now: i64,
    ) -> Result<Joined, ApiError> {
        let session_id = self
            .codes
            .read()
            .map_err(lock_error)?
            .get(&normalise_code(code))
            .cloned()
            .ok_or(ApiError::NotFound("session code"))?;
        let slot = self
            .slots
            .read()
            .map_err(lock_error)?
            .get(&session_id)
            .cloned()
            .ok_or(ApiError::NotFound("session code"))?;
        let mut slot = slot.lock().await;
        let participant_id =
            ParticipantId::new(new_id("p")).map_err(|e| ApiError::bad_request(e.to_string()))?;
        let mut state = slot.state.clone();
        let events = state
            .session
            .join(participant_id.clone(), name, role, now)?;
        let token = new_secret();
        let private_document = DocumentId::random();
        let mut private_doc = automerge::AutoCommit::new();
        init_private_document(&mut private_doc, &participant_id)?;
        self.hub
            .create(
                DocumentRecord {
                    document_id: private_document,
                    session_id: session_id.to_string(),
                    kind: DocumentKind::Private {
                        participant_id: participant_id.to_string(),
                    },
                },
                private_doc,
            )
            .await?;
        state.participants.insert(
            participant_id.clone(),
            ParticipantSecrets {
                token_hash: hash(&token),
                private_document_id: private_document.to_string(),
            },
        );
        self.persist(&state).await?;
        self.tokens.write().map_err(lock_error)?.insert(
            hash(&token),
            Principal::Participant {
                session_id: session_id.to_string(),
                participant_id: participant_id.to_string(),
            },
        );
        slot.state = state;
        publish(&slot, events);
        Ok(Joined {
            session_id,
            participant_id,
            token,
            private_doc_url: private_document.url(),
        })
    }

    /// A change that needs no documents: decide on a copy, persist, swap,
    /// then tell devices.
    pub async fn update<T>(
        &self,
        slot: &SlotRef,
        change: impl FnOnce(&mut Session) -> Result<(T, Vec<SessionEvent>), SessionError>,
    ) -> Result<T, ApiError> {
        let mut slot = slot.lock().await;
        let mut state = slot.state.clone();
        let (value, events) = change(&mut state.session)?;
        self.persist(&state).await?;
        slot.state = state;
        publish(&slot, events);
        Ok(value)
    }

    /// Starts a round: creates its room documents, then commits.
    #[tracing::instrument(skip_all, fields(session.id = tracing::field::Empty, round.id = %round_id))]
    pub async fn start_round(
        &self,
        slot: &SlotRef,
        round_id: &samenbord_core::ids::RoundId,
        seed: u64,
        now: i64,
        initial_phase: impl Fn(&samenbord_core::ids::TemplateId) -> Option<String>,
    ) -> Result<(), ApiError> {
        let mut slot = slot.lock().await;
        tracing::Span::current().record("session.id", slot.state.session.id.as_str());
        let mut state = slot.state.clone();
        let mut new_id = || DocumentId::random().to_string();
        let (rooms, events) = state
            .session
            .start_round(round_id, seed, now, &mut new_id)?;
        let session_id = state.session.id.to_string();
        for room in rooms {
            let meta = RoomMeta {
                session_id: session_id.clone(),
                round_id: room.round_id.to_string(),
                room_id: room.room_id.to_string(),
                template_id: room.template_id.to_string(),
                group_label: room.group_name.clone(),
                statement: room.statement.clone(),
                initial_phase: initial_phase(&room.template_id),
            };
            let doc =
                create_room_document(&meta).map_err(|e| ApiError::bad_request(e.to_string()))?;
            let document_id: DocumentId = room
                .document_id
                .parse()
                .map_err(|_| ApiError::bad_request("invalid document id"))?;
            self.hub
                .create(
                    DocumentRecord {
                        document_id,
                        session_id: session_id.clone(),
                        kind: DocumentKind::Room {
                            round_id: room.round_id.to_string(),
                            room_id: room.room_id.to_string(),
                        },
                    },
                    doc,
                )
                .await?;
        }
        self.persist(&state).await?;
        slot.state = state;
        publish(&slot, events);
        Ok(())
    }

    /// Ends a round, or closes/reopens rooms: the documents are closed (or
    /// opened) first, a snapshot of each closed room is kept, then commit.
    pub async fn change_rooms(
        &self,
        slot: &SlotRef,
        now: i64,
        change: impl FnOnce(&mut Session) -> Result<Vec<SessionEvent>, SessionError>,
    ) -> Result<(), ApiError> {
        let mut slot = slot.lock().await;
        let mut state = slot.state.clone();
        let events = change(&mut state.session)?;
        let session_id = state.session.id.to_string();
        for event in &events {
            let (document_id, room_id, open) = match event {
                SessionEvent::RoomClosed {
                    document_id,
                    room_id,
                    ..
                } => (document_id, room_id, false),
                SessionEvent::RoomReopened {
                    document_id,
                    room_id,
                    ..
                } => (document_id, room_id, true),
                _ => continue,
            };
            let id: DocumentId = document_id
                .parse()
                .map_err(|_| ApiError::bad_request("invalid document id"))?;
            let snapshot = self
                .hub
                .apply(id, Some(open), move |doc| {
                    set_closed(doc, !open).map_err(|e| e.to_string())
                })
                .await?;
            if !open {
                let storage = self.storage.clone();
                let (session_id, room_id) = (session_id.clone(), room_id.to_string());
                tokio::task::spawn_blocking(move || {
                    storage.save_closing_snapshot(&session_id, &room_id, now, &snapshot)
                })
                .await
                .map_err(|e| StorageError::Unavailable(e.to_string()))??;
            }
        }
        self.persist(&state).await?;
        slot.state = state;
        publish(&slot, events);
        Ok(())
    }

    /// Hard delete: documents, snapshots, the session row, its tokens.
    #[tracing::instrument(skip(self))]
    pub async fn delete(&self, session_id: &str) -> Result<(), ApiError> {
        let slot = self.slot(session_id).ok_or(ApiError::NotFound("session"))?;
        let slot = slot.lock().await;
        self.hub.forget_session(session_id).await;
        let storage = self.storage.clone();
        let id = session_id.to_owned();
        tokio::task::spawn_blocking(move || storage.delete_session(&id))
            .await
            .map_err(|e| StorageError::Unavailable(e.to_string()))??;
        let state = &slot.state;
        {
            let mut tokens = self.tokens.write().map_err(lock_error)?;
            tokens.remove(&state.organiser_secret_hash);
            for secrets in state.participants.values() {
                tokens.remove(&secrets.token_hash);
            }
        }
        self.codes
            .write()
            .map_err(lock_error)?
            .remove(&state.join_code);
        self.slots
            .write()
            .map_err(lock_error)?
            .remove(&state.session.id);
        let _ = slot.events.send(Arc::new(LiveEvent::Deleted));
        Ok(())
    }

    /// Deletes every session whose retention period has passed.
    pub async fn delete_expired(&self, now: i64) -> Result<usize, ApiError> {
        let slots: Vec<SlotRef> = self
            .slots
            .read()
            .map_err(lock_error)?
            .values()
            .cloned()
            .collect();
        let mut expired = Vec::new();
        for slot in slots {
            let slot = slot.lock().await;
            if slot.state.session.expires_at() <= now {
                expired.push(slot.state.session.id.to_string());
            }
        }
        for session_id in &expired {
            self.delete(session_id).await?;
        }
        Ok(expired.len())
    }
}

fn publish(slot: &Slot, events: Vec<SessionEvent>) {
    for event in events {
        // No receivers is fine: nobody is watching this session now.
        let _ = slot.events.send(Arc::new(LiveEvent::Session(event)));
    }
}

fn init_private_document(
    doc: &mut automerge::AutoCommit,
    participant: &ParticipantId,
) -> Result<(), ApiError> {
    use automerge::transaction::Transactable;
    let fail = |e: automerge::AutomergeError| ApiError::bad_request(e.to_string());
    doc.put(automerge::ROOT, "schema", 1_u64).map_err(fail)?;
    doc.put(automerge::ROOT, "participant_id", participant.as_str())
        .map_err(fail)?;
    doc.put_object(automerge::ROOT, "notes", automerge::ObjType::Map)
        .map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests;
