//! The room document: how one group's filled card lives in an Automerge
//! document. `docs/room-document.md` is the schema both the browser and
//! this crate follow; [`model`] mirrors it as typed Rust, [`edit`] holds
//! the operations the server and tests perform on it, [`private`] the
//! publishing of silent notes when their question opens.

pub mod edit;
mod lenient;
pub mod model;
pub mod private;

/// The most characters one text of a room document (a note, an
/// agreement's field, the pinned question, the record) or one string value
/// holds: several pages of typing, far beyond a sticky note or an hour's
/// record. The server's sync gate refuses more; the web client stops
/// typing there (`web/src/generated/limits.ts`, generated from this).
pub const MAX_TEXT_CHARS: usize = 10_000;

pub use edit::{RoomDocError, create_room_document, read_room, set_closed, set_role};
pub use model::{
    Agreement, Attachment, Note, NoteColour, RoomDoc, RoomMeta, SCHEMA_VERSION, Topic,
};
