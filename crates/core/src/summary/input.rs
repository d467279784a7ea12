//! What the summary is built from: every note and agreement of the rooms,
//! flattened by the server into plain records.

use serde::{Deserialize, Serialize};

use crate::ids::{ElementId, NoteId, RoomId, RoundId};
use crate::role::ParticipantRole;

/// One sticky note, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct NoteRecord {
    /// The note's id in its room document; members of merged items point
    /// back to notes by this id.
    pub note_id: NoteId,
    pub round_id: RoundId,
    pub round_name: String,
    pub room_id: RoomId,
    /// Target group (e.g. "Schoolopleiders 2") or safeguard of the room.
    /// Rooms with the same label are reported together.
    pub group_label: String,
    /// The statement (*stelling*) the group discussed, if any.
    pub statement: Option<String>,
    pub section_id: ElementId,
    pub section_title: String,
    pub text: String,
    /// The room's own topic group name for this note, if it was grouped.
    pub topic: Option<String>,
    pub author_role: Option<ParticipantRole>,
    pub author_name: Option<String>,
    pub votes: u32,
    /// It reached the server after its room had closed (typed offline just
    /// before the round ended).
    #[serde(default)]
    pub late: bool,
}

impl NoteRecord {
    /// The order every computation starts from, so the result never
    /// depends on the order notes were handed in.
    pub(crate) fn sort_key(&self) -> impl Ord + '_ {
        (
            (
                &self.round_id,
                &self.section_id,
                &self.group_label,
                &self.room_id,
            ),
            (&self.note_id, &self.text, &self.topic, &self.statement),
            (
                &self.round_name,
                &self.section_title,
                &self.author_role,
                &self.author_name,
            ),
            (self.votes, self.late),
        )
    }
}

/// One agreement (*wat — wie — wanneer*) recorded in a room.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ts_rs::TS,
    utoipa::ToSchema,
)]
pub struct AgreementRecord {
    pub round_id: RoundId,
    pub room_id: RoomId,
    pub group_label: String,
    pub what: String,
    pub who: Option<String>,
    pub when: Option<String>,
}
