//! Sessions: one run of a programme (or a single card) by an organiser.
//!
//! [`Session`] is the whole state the server persists; its methods decide
//! what an organiser or participant action means (who goes to which room,
//! what a round's end closes) and return what the server must then do —
//! create room documents, close them, tell devices — as [`SessionEvent`]s.
//! Time (`now`, unix milliseconds) and randomness (the grouping seed, new
//! document ids) are passed in.

mod calls;
mod effects;
mod error;
mod model;
mod people;
mod plan;
mod rounds;
#[cfg(test)]
mod tests;

pub use effects::{DocumentEffect, Outcome};
pub use error::SessionError;
pub use model::{
    Attendance, Broadcast, Joining, ParticipantRecord, RoomAccess, RoomState, RoundState,
    RoundStatus, Session, SessionEvent, SessionSettings,
};
pub use people::readable_name;
pub use plan::{GroupEdit, PlanEdit, RoundEdit, single_card_plan};
pub use rounds::RoomToCreate;
