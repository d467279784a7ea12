//! The room document: how one group's filled card lives in an Automerge
//! document. `docs/room-document.md` is the schema both the browser and
//! this crate follow; [`model`] mirrors it as typed Rust, [`edit`] holds
//! the operations the server and tests perform on it, [`private`] the
//! publishing of silent notes when their question opens.

pub mod edit;
mod lenient;
pub mod model;
pub mod private;

pub use edit::{RoomDocError, create_room_document, read_room, set_closed, set_role};
pub use model::{
    Agreement, Attachment, Note, NoteColour, RoomDoc, RoomMeta, SCHEMA_VERSION, Topic,
};
