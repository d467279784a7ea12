//! The live events (`GET /api/events`, server-sent). Every event carries
//! the device's whole current view, so a device never merges partial
//! updates by guessing: it replaces what it shows.

use serde::Serialize;

use super::me::MeView;
use super::organiser::OrganiserView;

/// What a participant's device hears.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ParticipantEvent {
    /// The device's view now: on connect, after every change that concerns
    /// it, and after it fell behind.
    State { me: Box<MeView> },
    /// The organiser deleted the session; the stream ends.
    SessionDeleted,
    /// Nothing changed, but the stream is alive: it says so at least every
    /// `every_ms`. A device that hears nothing for longer knows its
    /// connection died without closing (a phone that changed networks)
    /// and connects again, instead of showing "connected" over silence.
    Alive { every_ms: u32 },
}

/// What the organiser's console hears.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum OrganiserEvent {
    State {
        session: Box<OrganiserView>,
    },
    SessionDeleted,
    /// As [`ParticipantEvent::Alive`].
    Alive {
        every_ms: u32,
    },
}
