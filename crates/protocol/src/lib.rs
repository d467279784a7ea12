//! # samenbord-protocol
//!
//! The automerge-repo wire protocol as samenbord speaks it, shared by the
//! server, the protocol tests and the load generator:
//!
//! - [`document_id`]: base58check document ids (`automerge:<id>` URLs);
//! - [`wire`]: the CBOR message codec (`join`, `peer`, `request`, `sync`,
//!   `doc-unavailable`, `ephemeral`, `error`, …);
//! - [`client`]: a minimal Rust peer holding real Automerge replicas.

pub mod client;
pub mod document_id;
pub mod wire;
