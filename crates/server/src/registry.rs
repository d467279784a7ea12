//! The session registry: every session in memory, persisted on each
//! change, with its secrets and a live event channel. Handlers call these
//! methods; the decisions themselves are made by `samenbord_core::session`.
//!
//! Each change works on a copy of the session: the core decides, the side
//! effects (room documents) are carried out, the new state is written to
//! storage, and only then does the copy replace the original and the
//! events go out. A failure anywhere leaves the session as it was.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, RwLock};

use samenbord_core::contract::{CodeCheck, JoinReply};
use samenbord_core::ids::TemplateId;
use samenbord_core::ids::{ParticipantId, SessionId};
use samenbord_core::programme::Programme;
use samenbord_core::role::ParticipantRole;
use samenbord_core::room::{RoomMeta, create_room_document, set_closed};
use samenbord_core::session::{
    Attendance, DocumentEffect, Outcome, RoomAccess, Session, SessionError, SessionEvent,
    SessionSettings,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::{Mutex, OwnedMutexGuard, broadcast};

use crate::error::ApiError;
use crate::storage::{DocumentKind, DocumentRecord, Lease, Storage, StorageError, StoredSession};
use crate::sync::document_id::DocumentId;
use crate::sync::hub::{DocumentAccess, Host, Hub, Principal};
use crate::sync::peer::CloseReason;

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
    /// Co-hosts invited by the organiser, by id.
    #[serde(default)]
    cohosts: BTreeMap<String, cohosts::CoHostSecret>,
    /// Token hashes of participants the organiser removed: their devices
    /// are told so, rather than that their token is unknown.
    #[serde(default)]
    revoked: BTreeSet<String>,
    /// Device-key hashes of removed participants: the code alone does not
    /// let them back in while joining is open.
    #[serde(default)]
    removed_devices: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ParticipantSecrets {
    token_hash: String,
    private_document_id: DocumentId,
    /// The hash of the key the joining browser sent, if it sent one.
    #[serde(default)]
    device_hash: Option<String>,
}

/// A live event for the devices of one session.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    Session(SessionEvent),
    Deleted,
    /// Another node serves the session now: the device reconnects.
    Moved,
    /// The organiser removed this participant, or revoked this co-host's
    /// link: their streams end.
    Revoked(Principal),
}

pub struct Slot {
    state: StoredState,
    /// Made when the first device listens: its ring of `EVENT_BUFFER`
    /// slots is 8 KiB, and most stored sessions have nobody watching.
    events: Option<broadcast::Sender<Arc<LiveEvent>>>,
    lifecycle: Lifecycle,
}

/// Whether a session may still be written. A change that was waiting on
/// the session's lock while it was deleted finds it `Deleted` and stops,
/// rather than writing the session row back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lifecycle {
    Live,
    Deleted,
}

impl Slot {
    /// Refuses once the session is deleted; hold the slot's lock across
    /// the write this guards.
    pub fn ensure_live(&self) -> Result<(), ApiError> {
        match self.lifecycle {
            Lifecycle::Live => Ok(()),
            Lifecycle::Deleted => Err(ApiError::NotFound("session")),
        }
    }
}

impl Slot {
    pub fn session(&self) -> &Session {
        &self.state.session
    }

    pub fn join_code(&self) -> &str {
        &self.state.join_code
    }

    pub fn private_document(&self, participant: &ParticipantId) -> Option<DocumentId> {
        self.state
            .participants
            .get(participant)
            .map(|p| p.private_document_id)
    }

    pub fn subscribe(&mut self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.events
            .get_or_insert_with(|| broadcast::channel(EVENT_BUFFER).0)
            .subscribe()
    }

    /// Tells every listening device; with nobody listening there is
    /// nothing to tell.
    fn tell(&self, event: LiveEvent) {
        if let Some(events) = &self.events {
            let _ = events.send(Arc::new(event));
        }
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

pub struct Registry {
    slots: RwLock<HashMap<SessionId, SlotRef>>,
    codes: RwLock<HashMap<String, SessionId>>,
    tokens: RwLock<HashMap<String, Principal>>,
    /// Token hashes of removed participants, across sessions.
    revoked: RwLock<HashSet<String>>,
    storage: Arc<dyn Storage>,
    hub: Arc<Hub>,
    /// Where each card's conversation starts, for new room documents.
    initial_phases: HashMap<TemplateId, String>,
    /// One takeover at a time, so two requests do not both load a session.
    claiming: Mutex<()>,
    /// Sessions whose stored row could not be read at start.
    quarantined: Vec<SessionId>,
}

fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A token starts with its session's id (not a secret), so a load
/// balancer can route every request of a session by it.
fn new_secret(session_id: &SessionId) -> String {
    let bytes: [u8; 24] = rand::random();
    format!("{session_id}.{}", bs58::encode(bytes).into_string())
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
    pub fn load(
        storage: Arc<dyn Storage>,
        hub: Arc<Hub>,
        initial_phases: HashMap<TemplateId, String>,
    ) -> Result<Self, StorageError> {
        let mut registry = Self {
            slots: RwLock::default(),
            codes: RwLock::default(),
            tokens: RwLock::default(),
            revoked: RwLock::default(),
            storage: storage.clone(),
            hub,
            initial_phases,
            claiming: Mutex::new(()),
            quarantined: Vec::new(),
        };
        for stored in storage.sessions()? {
            let state: StoredState = match serde_json::from_str(&stored.state_json) {
                Ok(state) => state,
                Err(error) => {
                    // One bad row must not keep every other day from
                    // starting. It stays in storage as it is (quarantined
                    // where it lies: unloaded, nothing writes it) for the
                    // operator to look at.
                    tracing::error!(
                        session.id = %stored.session_id, %error,
                        "session row cannot be read; left untouched and not served"
                    );
                    registry.quarantined.push(stored.session_id);
                    continue;
                }
            };
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
                    session_id: session_id.clone(),
                    host: Host::Main,
                },
            );
            for (id, cohost) in &state.cohosts {
                tokens.insert(
                    cohost.secret_hash.clone(),
                    Principal::Organiser {
                        session_id: session_id.clone(),
                        host: Host::CoHost(id.clone()),
                    },
                );
            }
            for (participant, secrets) in &state.participants {
                tokens.insert(
                    secrets.token_hash.clone(),
                    Principal::Participant {
                        session_id: session_id.clone(),
                        participant_id: participant.clone(),
                    },
                );
            }
        }
        self.revoked
            .write()
            .map_err(lock_error)?
            .extend(state.revoked.iter().cloned());
        self.hub.leaders.follow(&state.session);
        self.codes
            .write()
            .map_err(lock_error)?
            .insert(state.join_code.clone(), session_id.clone());
        let slot = Arc::new(Mutex::new(Slot {
            state,
            events: None,
            lifecycle: Lifecycle::Live,
        }));
        self.slots
            .write()
            .map_err(lock_error)?
            .insert(session_id, slot.clone());
        Ok(slot)
    }

    async fn persist(&self, state: &StoredState) -> Result<(), ApiError> {
        let stored = StoredSession {
            session_id: state.session.id.clone(),
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
        let session_id = SessionId::new(new_id("s")).map_err(ApiError::internal)?;
        let join_code = {
            let codes = self.codes.read().map_err(lock_error)?;
            let mut code = new_code();
            while codes.contains_key(&code) {
                code = new_code();
            }
            code
        };
        let organiser_secret = new_secret(&session_id);
        let state = StoredState {
            session: Session::new(session_id.clone(), settings, plan, now),
            join_code: join_code.clone(),
            organiser_secret_hash: hash(&organiser_secret),
            participants: BTreeMap::new(),
            cohosts: BTreeMap::new(),
            revoked: BTreeSet::new(),
            removed_devices: BTreeSet::new(),
        };
        let storage = self.storage.clone();
        let id = session_id.clone();
        if let Lease::Elsewhere { .. } = blocking(move || storage.acquire(&id)).await? {
            return Err(ApiError::internal("a new session's id is taken"));
        }
        self.persist(&state).await?;
        self.index(state)?;
        // The node HAProxy sends this session's traffic to takes it from
        // here; with one node that is this one, and releasing is a no-op.
        let storage = self.storage.clone();
        let id = session_id.clone();
        blocking(move || storage.release(&id)).await?;
        Ok(Created {
            session_id,
            join_code,
            organiser_secret,
        })
    }

    /// The session a join code opens: known here, or (created on another
    /// node) found in the database.
    pub async fn session_of_code(&self, code: &str) -> Result<SessionId, ApiError> {
        let code = normalise_code(code);
        if let Some(id) = self.codes.read().map_err(lock_error)?.get(&code) {
            return Ok(id.clone());
        }
        let storage = self.storage.clone();
        blocking(move || storage.session_by_code(&code))
            .await?
            .map(|s| s.session_id)
            .ok_or(ApiError::NotFound("session code"))
    }

    /// Whether this node serves the session now (always, with one node).
    pub fn serves(&self, session_id: &SessionId) -> bool {
        self.storage.holds(session_id)
    }

    /// Makes this node the session's server: with one node it always is;
    /// with several it takes the session's lease, and if it was not
    /// serving the session already, loads the session and its documents
    /// from the database as the previous owner left them.
    pub async fn claim(&self, session_id: &SessionId) -> Result<(), ApiError> {
        if self.storage.holds(session_id) {
            return Ok(());
        }
        let _one_at_a_time = self.claiming.lock().await;
        if self.storage.holds(session_id) {
            return Ok(());
        }
        let storage = self.storage.clone();
        let id = session_id.clone();
        let taken = blocking(move || match storage.acquire(&id)? {
            Lease::Held { .. } => Ok(Some((
                storage.session(&id)?,
                storage.session_documents(&id)?,
            ))),
            Lease::Elsewhere { .. } => Ok(None),
        })
        .await?;
        let Some((stored, documents)) = taken else {
            return Err(ApiError::ServedElsewhere);
        };
        let Some(stored) = stored else {
            let storage = self.storage.clone();
            let id = session_id.clone();
            blocking(move || storage.release(&id)).await?;
            return Err(ApiError::NotFound("session"));
        };
        tracing::info!(session.id = %session_id, "session taken over");
        self.hub.reload_session(session_id, documents).await;
        let state = parse_state(&stored)?;
        let old = self.index(state)?;
        drop(old);
        Ok(())
    }

    /// Stops serving sessions another node took (or asked for): their
    /// documents unload and their devices are told to reconnect.
    pub async fn let_go(&self, lost: &[SessionId]) {
        for session_id in lost {
            tracing::info!(session.id = %session_id, "session moved to another node");
            self.hub.unload_session(session_id).await;
            if let Some(slot) = self.slot(session_id) {
                slot.lock().await.tell(LiveEvent::Moved);
            }
        }
    }

    /// Who a bearer token belongs to, in a session this node serves
    /// (`session`: the session the request is routed by, if it names one).
    pub async fn sign_in(
        &self,
        token: &str,
        session: Option<&SessionId>,
    ) -> Result<Principal, ApiError> {
        if let Some(session_id) = session {
            self.claim(session_id).await?;
        }
        let principal = self
            .authenticate(token)
            .ok_or_else(|| self.refusal(token))?;
        if session.is_some_and(|s| s != principal.session_id()) {
            return Err(ApiError::Unauthorized);
        }
        self.claim(principal.session_id()).await?;
        Ok(principal)
    }

    /// Who a bearer token belongs to.
    pub fn authenticate(&self, token: &str) -> Option<Principal> {
        self.tokens.read().ok()?.get(&hash(token)).cloned()
    }

    /// Why `token` (which did not authenticate) is refused: removed by
    /// the organiser, or simply unknown.
    pub fn refusal(&self, token: &str) -> ApiError {
        let removed = self
            .revoked
            .read()
            .is_ok_and(|revoked| revoked.contains(&hash(token)));
        if removed {
            ApiError::Revoked
        } else {
            ApiError::Unauthorized
        }
    }

    /// The organiser removes a participant: their token stops working,
    /// their sockets close with a reason, and they leave every room (what
    /// they wrote stays).
    pub async fn revoke(
        &self,
        slot: &SlotRef,
        participant: &ParticipantId,
    ) -> Result<(), ApiError> {
        let mut slot = slot.lock().await;
        slot.ensure_live()?;
        let mut state = slot.state.clone();
        state.session.remove_participant(participant)?;
        let secrets = state.participants.remove(participant);
        if let Some(secrets) = &secrets {
            state.revoked.insert(secrets.token_hash.clone());
            if let Some(device) = &secrets.device_hash {
                state.removed_devices.insert(device.clone());
            }
        }
        self.persist(&state).await?;
        let principal = Principal::Participant {
            session_id: state.session.id.clone(),
            participant_id: participant.clone(),
        };
        self.adopt(&mut slot, state);
        self.lock_out(&slot, principal, secrets.map(|s| s.token_hash))
    }

    /// Makes a stored state the slot's live one. The sync server checks
    /// reveals, note authors and votes against its mirror of the session's
    /// people, so the mirror follows here, where every change lands: a
    /// path that installed state without it once left everyone who joined
    /// during a round a stranger whose every note was refused.
    fn adopt(&self, slot: &mut Slot, state: StoredState) {
        self.hub.leaders.follow(&state.session);
        slot.state = state;
    }

    /// After a removal or revocation is stored: the token stops working
    /// (refused as revoked, not unknown), and every event stream and sync
    /// socket opened with it closes now, with the reason.
    fn lock_out(
        &self,
        slot: &Slot,
        principal: Principal,
        token_hash: Option<String>,
    ) -> Result<(), ApiError> {
        if let Some(token_hash) = token_hash {
            self.tokens.write().map_err(lock_error)?.remove(&token_hash);
            self.revoked.write().map_err(lock_error)?.insert(token_hash);
        }
        self.hub
            .sockets
            .close_all(&principal, &CloseReason::Revoked);
        slot.tell(LiveEvent::Revoked(principal));
        Ok(())
    }

    /// Sessions left unserved at start because their row was unreadable.
    pub fn quarantined(&self) -> &[SessionId] {
        &self.quarantined
    }

    /// How many sessions the server holds.
    pub fn session_count(&self) -> usize {
        self.slots.read().map_or(0, |slots| slots.len())
    }

    pub fn slot(&self, session_id: &SessionId) -> Option<SlotRef> {
        self.slots.read().ok()?.get(session_id).cloned()
    }

    /// The session and which organiser, if `token` is its organiser's or
    /// a co-host's secret.
    pub fn as_organiser(
        &self,
        session_id: &SessionId,
        token: Option<&str>,
    ) -> Result<(SlotRef, Host), ApiError> {
        let token = token.ok_or(ApiError::Unauthorized)?;
        match self.authenticate(token) {
            Some(Principal::Organiser {
                session_id: owned,
                host,
            }) if &owned == session_id => Ok((
                self.slot(session_id).ok_or(ApiError::NotFound("session"))?,
                host,
            )),
            Some(_) => Err(ApiError::Forbidden),
            None => Err(self.refusal(token)),
        }
    }

    /// The live session `code` opens, locked, if `device` was not removed
    /// from it: what a join and a code check both refuse.
    async fn joinable(
        &self,
        code: &str,
        device: Option<&str>,
    ) -> Result<(SessionId, OwnedMutexGuard<Slot>), ApiError> {
        let session_id = self.session_of_code(code).await?;
        self.claim(&session_id).await?;
        let slot = self
            .slots
            .read()
            .map_err(lock_error)?
            .get(&session_id)
            .cloned()
            .ok_or(ApiError::NotFound("session code"))?;
        let slot = slot.lock_owned().await;
        slot.ensure_live()?;
        if device
            .map(hash)
            .is_some_and(|d| slot.state.removed_devices.contains(&d))
        {
            return Err(ApiError::Revoked);
        }
        Ok((session_id, slot))
    }

    /// What `code` opens, if a device may join it now; joins nobody.
    pub async fn check_code(
        &self,
        code: &str,
        device: Option<&str>,
    ) -> Result<CodeCheck, ApiError> {
        let (_, slot) = self.joinable(code, device).await?;
        slot.session().joinable()?;
        let settings = &slot.session().settings;
        Ok(CodeCheck {
            title: settings.title.clone(),
            anonymous: settings.anonymous,
        })
    }

    pub async fn join(
        &self,
        code: &str,
        name: &str,
        role: ParticipantRole,
        attendance: Attendance,
        device: Option<&str>,
        now: i64,
    ) -> Result<JoinReply, ApiError> {
        let (session_id, mut slot) = self.joinable(code, device).await?;
        let device_hash = device.map(hash);
        let participant_id = ParticipantId::new(new_id("p")).map_err(ApiError::internal)?;
        let mut state = slot.state.clone();
        let mut events = state
            .session
            .join(participant_id.clone(), name, role, now)?;
        events.extend(state.session.set_attendance(&participant_id, attendance)?);
        let token = new_secret(&session_id);
        let private_document = DocumentId::random();
        let mut private_doc = automerge::AutoCommit::new();
        init_private_document(&mut private_doc, &participant_id)?;
        self.hub
            .create(
                DocumentRecord {
                    document_id: private_document,
                    session_id: session_id.clone(),
                    kind: DocumentKind::Private {
                        participant_id: participant_id.clone(),
                    },
                },
                private_doc,
            )
            .await?;
        state.participants.insert(
            participant_id.clone(),
            ParticipantSecrets {
                token_hash: hash(&token),
                private_document_id: private_document,
                device_hash,
            },
        );
        self.persist(&state).await?;
        self.adopt(&mut slot, state);
        self.tokens.write().map_err(lock_error)?.insert(
            hash(&token),
            Principal::Participant {
                session_id: session_id.clone(),
                participant_id: participant_id.clone(),
            },
        );
        publish(&slot, events);
        Ok(JoinReply {
            session_id,
            participant_id,
            token,
            private_doc_url: private_document.url(),
        })
    }

    /// Every session change: the core decides on a copy of the session,
    /// the document effects it asks for are carried out, the copy is
    /// persisted, and only then does it replace the original and the
    /// events go out. If any step fails, the effects already carried out
    /// are undone (rooms closed are opened again and vice versa; rooms
    /// created stay unreferenced and go with the session), and the session
    /// stays as it was.
    pub async fn update<T>(
        &self,
        slot: &SlotRef,
        now: i64,
        change: impl FnOnce(&mut Session) -> Result<(T, Outcome), SessionError>,
    ) -> Result<T, ApiError> {
        let mut slot = slot.lock().await;
        slot.ensure_live()?;
        tracing::Span::current().record("session.id", slot.state.session.id.as_str());
        let mut state = slot.state.clone();
        let (value, outcome) = change(&mut state.session)?;
        let mut done = Vec::new();
        let mut result = Ok(());
        for effect in &outcome.documents {
            match self.carry_out(&state.session, effect, now).await {
                Ok(()) => done.push(effect),
                Err(error) => {
                    result = Err(error);
                    break;
                }
            }
        }
        if result.is_ok() {
            result = self.persist(&state).await;
        }
        if let Err(error) = result {
            for effect in done.into_iter().rev() {
                self.undo(effect).await;
            }
            return Err(error);
        }
        self.adopt(&mut slot, state);
        publish(&slot, outcome.events);
        Ok(value)
    }

    async fn carry_out(
        &self,
        session: &Session,
        effect: &DocumentEffect,
        now: i64,
    ) -> Result<(), ApiError> {
        match effect {
            DocumentEffect::CreateRoom(room) => {
                let meta = RoomMeta {
                    session_id: session.id.to_string(),
                    round_id: room.round_id.to_string(),
                    room_id: room.room_id.to_string(),
                    template_id: room.template_id.to_string(),
                    group_label: room.group_name.clone(),
                    statement: room.statement.clone(),
                    initial_phase: self.initial_phases.get(&room.template_id).cloned(),
                };
                let doc = create_room_document(&meta).map_err(ApiError::internal)?;
                self.hub
                    .create(
                        DocumentRecord {
                            document_id: room.document_id,
                            session_id: session.id.clone(),
                            kind: DocumentKind::Room {
                                round_id: room.round_id.clone(),
                                room_id: room.room_id.clone(),
                            },
                        },
                        doc,
                    )
                    .await?;
            }
            DocumentEffect::SetRoomAccess {
                room_id,
                document_id,
                access,
                ..
            } => {
                let snapshot = self.set_access(*document_id, *access).await?;
                if *access == RoomAccess::Closed {
                    let storage = self.storage.clone();
                    let (session_id, room_id) = (session.id.to_string(), room_id.to_string());
                    tokio::task::spawn_blocking(move || {
                        storage.save_closing_snapshot(&session_id, &room_id, now, &snapshot)
                    })
                    .await
                    .map_err(|e| StorageError::Unavailable(e.to_string()))??;
                }
            }
        }
        Ok(())
    }

    async fn set_access(
        &self,
        document_id: DocumentId,
        access: RoomAccess,
    ) -> Result<Vec<u8>, ApiError> {
        let (closed, document_access) = match access {
            RoomAccess::Open => (false, DocumentAccess::ReadWrite),
            RoomAccess::Closed => (true, DocumentAccess::ReadOnly),
        };
        Ok(self
            .hub
            .apply(document_id, Some(document_access), move |doc| {
                set_closed(doc, closed).map_err(|e| e.to_string())
            })
            .await?)
    }

    /// Puts back what `effect` changed, after a later step failed.
    async fn undo(&self, effect: &DocumentEffect) {
        if let DocumentEffect::SetRoomAccess {
            document_id,
            access,
            ..
        } = effect
        {
            let back = match access {
                RoomAccess::Open => RoomAccess::Closed,
                RoomAccess::Closed => RoomAccess::Open,
            };
            if let Err(error) = self.set_access(*document_id, back).await {
                tracing::error!(%document_id, ?error, "could not undo a room's access change");
            }
        }
    }

    /// Hard delete: documents, snapshots, the session row, its tokens.
    #[tracing::instrument(skip(self))]
    pub async fn delete(&self, session_id: &SessionId) -> Result<(), ApiError> {
        let slot = self.slot(session_id).ok_or(ApiError::NotFound("session"))?;
        let mut slot = slot.lock().await;
        // From here on nothing writes this session again, even if the
        // delete below fails (retention then tries again).
        slot.lifecycle = Lifecycle::Deleted;
        self.hub.forget_session(session_id).await;
        let storage = self.storage.clone();
        let id = session_id.to_string();
        tokio::task::spawn_blocking(move || storage.delete_session(&id))
            .await
            .map_err(|e| StorageError::Unavailable(e.to_string()))??;
        let state = &slot.state;
        {
            let mut tokens = self.tokens.write().map_err(lock_error)?;
            tokens.remove(&state.organiser_secret_hash);
            for cohost in state.cohosts.values() {
                tokens.remove(&cohost.secret_hash);
            }
            for secrets in state.participants.values() {
                tokens.remove(&secrets.token_hash);
            }
        }
        {
            let mut revoked = self.revoked.write().map_err(lock_error)?;
            for hash in &state.revoked {
                revoked.remove(hash);
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
        slot.tell(LiveEvent::Deleted);
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
        let mut due = Vec::new();
        for slot in slots {
            let slot = slot.lock().await;
            if slot.state.session.expires_at() <= now {
                due.push(slot.state.session.id.clone());
            }
        }
        let mut deleted = 0;
        for session_id in &due {
            // With several nodes a session nobody serves is claimed here
            // (reloading it: its retention may have changed elsewhere); one
            // another node serves is that node's to delete.
            if self.claim(session_id).await.is_err() {
                continue;
            }
            let Some(slot) = self.slot(session_id) else {
                continue;
            };
            let still_due = slot.lock().await.state.session.expires_at() <= now;
            if still_due {
                self.delete(session_id).await?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}

fn parse_state(stored: &StoredSession) -> Result<StoredState, StorageError> {
    serde_json::from_str(&stored.state_json)
        .map_err(|e| StorageError::Corrupt(format!("session {}: {e}", stored.session_id)))
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StorageError> + Send + 'static,
) -> Result<T, StorageError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StorageError::Unavailable(e.to_string()))?
}

fn publish(slot: &Slot, events: Vec<SessionEvent>) {
    for event in events {
        slot.tell(LiveEvent::Session(event));
    }
}

fn init_private_document(
    doc: &mut automerge::AutoCommit,
    participant: &ParticipantId,
) -> Result<(), ApiError> {
    use automerge::transaction::Transactable;
    let fail = ApiError::internal;
    doc.put(automerge::ROOT, "schema", 1_u64).map_err(fail)?;
    doc.put(automerge::ROOT, "participant_id", participant.as_str())
        .map_err(fail)?;
    doc.put_object(automerge::ROOT, "notes", automerge::ObjType::Map)
        .map_err(fail)?;
    Ok(())
}

mod cohosts;

#[cfg(test)]
mod tests;
