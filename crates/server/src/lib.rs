//! # samenbord-server
//!
//! Everything with I/O, around the pure `samenbord-core`:
//!
//! - [`cli`]: the `samenbord` command line (`serve`, `content`, `summary`);
//! - [`app`]: the running server and [`app::run`], its entry point;
//! - [`client_address`] and [`join_limit`]: who a request comes from
//!   (behind a trusted proxy) and what protects a join code;
//! - [`listener`]: the HTTP listener, with header deadlines and
//!   connection caps;
//! - [`api`]: HTTP handlers, which only translate to and from the core;
//! - [`registry`]: sessions in memory, persisted on each change;
//! - [`sync`]: the automerge-repo protocol over WebSockets, one actor per
//!   loaded document;
//! - [`storage`]: the storage traits, their SQLite and PostgreSQL backends;
//! - [`lease_keeper`]: renews this node's session leases (several nodes);
//! - [`summary`]: a session's notes merged into the report, its stored
//!   review and the optional generated overall text;
//! - [`content`]: reading `content/`.

pub mod api;
pub mod app;
pub mod cli;
pub mod client_address;
pub mod config;
pub mod content;
pub mod counted;
pub mod creation;
pub mod error;
pub mod join_limit;
pub mod lease_keeper;
pub mod listener;
pub mod metrics;
pub mod registry;
pub mod retention;
pub mod room_reads;
pub mod storage;
pub mod summary;
pub mod sync;
