//! # samenbord-core — the domain, with no I/O
//!
//! The story of a partnership day, in the order the modules tell it:
//!
//! - [`template`]: a **card template** is data (`content/templates/*.toml`)
//!   describing one dialogue instrument — sections for notes, numbered
//!   questions, phases, decks, themes, roles, agreements. Loading validates
//!   it and reports every problem at once.
//! - [`programme`]: a **programme** (`content/programmes/*.toml`) lays out a
//!   day: rounds with times, and per round the groups with their card and
//!   statement and how participants are grouped.
//! - [`grouping`]: places participants into a round's **rooms** —
//!   homogeneous by role pool, heterogeneous with roles spread evenly, or by
//!   hand — deterministically for a given seed.
//! - [`room`]: the **room document** — how one filled card lives in an
//!   Automerge document: notes, topic groups, agreements, phase, drawn card.
//! - [`summary`]: merges the **notes** of many rooms into one report —
//!   Dutch normalisation, near-duplicate clustering with counts, topics.
//!
//! Time and randomness are always passed in, so everything here is
//! deterministic and testable without a clock.

pub mod attachment;
pub mod call_link;
pub mod content_error;
pub mod contract;
pub mod document_id;
pub mod grouping;
pub mod ids;
pub mod programme;
pub mod role;
pub mod room;
pub mod session;
pub mod summary;
pub mod template;
