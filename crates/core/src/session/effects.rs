//! What a session action asks the server to do besides changing the
//! session itself: documents to create, close or reopen, and events to
//! tell devices. The server carries these out in one place, all or nothing.

use crate::document_id::DocumentId;
use crate::ids::{RoomId, RoundId};

use super::model::{RoomAccess, SessionEvent};
use super::rounds::RoomToCreate;

/// A change to a room document that must happen for a session change to
/// hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentEffect {
    /// A new room's card, when its round starts.
    CreateRoom(RoomToCreate),
    /// Close a room's card (read-only, kept as it is) or open it again.
    SetRoomAccess {
        round_id: RoundId,
        room_id: RoomId,
        document_id: DocumentId,
        access: RoomAccess,
    },
}

/// The result of a session action: document effects first, then events
/// for the devices once everything is durable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub documents: Vec<DocumentEffect>,
    pub events: Vec<SessionEvent>,
}

impl Outcome {
    /// The room documents this outcome creates, in plan order.
    pub fn rooms_to_create(&self) -> Vec<&RoomToCreate> {
        self.documents
            .iter()
            .filter_map(|effect| match effect {
                DocumentEffect::CreateRoom(room) => Some(room),
                DocumentEffect::SetRoomAccess { .. } => None,
            })
            .collect()
    }
}

impl From<Vec<SessionEvent>> for Outcome {
    /// An outcome that only tells devices something.
    fn from(events: Vec<SessionEvent>) -> Self {
        Self {
            documents: Vec::new(),
            events,
        }
    }
}
