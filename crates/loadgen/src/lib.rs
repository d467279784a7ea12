//! # samenbord-loadgen
//!
//! A load generator for automerge-repo sync servers: ours (`samenbord`)
//! and the reference server built from the upstream npm packages
//! (`bench/reference`). Every simulated participant is a real Automerge
//! replica speaking the wire protocol over its own WebSocket, or, for the
//! large loads, a writer that tracks only the change graph ([`light`]).
//!
//! Layout:
//!
//! - [`target`]: which server is under test and how rooms are set up on it
//!   (our HTTP API, or client-created documents on the reference);
//! - [`notes`]: the edits a participant makes, per docs/room-document.md,
//!   each commit stamped with its author and send time;
//! - [`peer`]: one participant's connection loop;
//! - [`light`]: a participant that writes without a replica;
//! - [`stats`]: the HDR latency histogram and counters every peer feeds;
//! - [`procstat`]: CPU and memory of a process from `/proc`;
//! - [`lateness`]: how late the generator's own runtime wakes its tasks;
//! - [`workload`]: rooms × participants for a measured step, and ramps;
//! - [`idle`]: memory per idle room and per idle connection;
//! - [`open`]: time to open a large room, cold and warm;
//! - [`report`]: the markdown table from two servers' results.

pub mod conn;
pub mod edit_clock;
pub mod error;
pub mod idle;
pub mod lateness;
pub mod light;
pub mod notes;
pub mod open;
pub mod peer;
pub mod procstat;
pub mod ramp;
pub mod report;
pub mod smoke;
pub mod stats;
pub mod target;
pub mod workload;

pub use error::LoadError;
