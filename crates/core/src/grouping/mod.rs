//! Grouping: who sits in which room of a round. Pure and deterministic —
//! the caller passes the seed.
//!
//! - [`shape`]: the input — a round's groups, its [`Mode`] (homogeneous by
//!   role [`Pool`], heterogeneous, manual) and the [`Participant`]s, some
//!   pinned to a group (e.g. discussion leaders).
//! - [`assign`] places everyone of an automatic round; [`validate_manual`]
//!   checks an organiser's hand placement.
//! - [`Assignment`]: the result, with [`GroupingWarning`]s for the
//!   organiser and [`Assignment::move_participant`] for hand adjustments to
//!   a preview.
//!
//! The rules, precisely (and tested as properties in
//! `tests/grouping_props.rs`):
//!
//! - everyone is placed exactly once, pinned people at their pin;
//! - the result depends only on the set of participants, the shape and the
//!   seed — not on the order they were listed in;
//! - homogeneous: unpinned people with a pooled role land in a group of
//!   their pool; roles in no pool are spread over the smallest groups of
//!   the round and reported ([`GroupingWarning::UnpooledRole`]);
//! - company: only as many groups of a pool (homogeneous) or of the round
//!   (heterogeneous) are used as keep three people together; a group
//!   holding anyone pinned is always used. The groups left empty are named
//!   in one [`GroupingWarning::FewerGroups`];
//! - sizes: a group holding anyone unpinned is at most one larger than any
//!   other group in use of its pool (homogeneous) or of the round
//!   (heterogeneous).
//!   Without pins — or with the same number of pins in every group — sizes
//!   therefore differ by at most one; only pins can force a larger gap;
//! - heterogeneous roles: without pins (or with one pinned person of the
//!   same role in every group) each role's count differs by at most one
//!   between groups. Otherwise pinned roles count, and balance is kept as
//!   far as the sizes allow.

mod assignment;
mod automatic;
mod check;
mod deal;
mod error;
mod manual;
pub mod shape;

pub use assignment::{Assignment, GroupingWarning};
pub use automatic::assign;
pub use error::{GroupingError, HandProblem};
pub use manual::validate_manual;
pub use shape::{GroupSpec, Mode, Participant, Pool, PoolId, RoundShape};
