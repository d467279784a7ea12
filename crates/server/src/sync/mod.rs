//! Sync over the automerge-repo wire protocol: one actor per loaded
//! document ([`actor`]), a [`hub`] that loads, unloads and authorises, and
//! one [`connection`] task per WebSocket.

pub mod acknowledgement;
pub mod actor;
pub mod admission;
pub mod arrived;
pub mod budget;
pub mod coalescing;
pub mod connection;
pub mod hub;
pub mod late;
pub mod leaders;
pub mod peer;
pub mod presence;
pub mod rate;
pub mod shared_messages;
pub mod sockets;
pub mod whole_document;

pub use samenbord_protocol::{document_id, wire};
