//! # samenbord-server
//!
//! Everything with I/O: the command line, reading `content/`, the sync
//! server and its storage, the HTTP API.

pub mod cli;
pub mod content;
