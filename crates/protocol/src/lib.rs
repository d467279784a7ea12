//! # samenbord-protocol
//!
//! The automerge-repo wire protocol as samenbord speaks it, shared by the
//! server, the protocol tests and the load generator:
//!
//! - [`document_id`]: base58check document ids (`automerge:<id>` URLs);
//! - [`wire`]: the CBOR message codec (`join`, `peer`, `request`, `sync`,
//!   `doc-unavailable`, `ephemeral`, `error`, …);
//! - [`payload`]: checks a peer's sync message before Automerge sees it
//!   (inflation budget, sane bloom filters);
//! - [`gate`]: what a participant's change may write into a room
//!   (reveals by the leader only, its own identity and votes only);
//! - [`hostile`]: payloads built to attack that, for tests;
//! - [`client`]: a minimal Rust peer holding real Automerge replicas.

pub mod client;
pub mod document_id;
pub mod gate;
pub mod hostile;
pub mod payload;
pub mod wire;
