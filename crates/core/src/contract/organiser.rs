//! What an organiser sees of a session, and what creating or joining a
//! session answers.

use serde::Serialize;

use crate::document_id::DocumentId;
use crate::grouping::{Mode, PoolId};
use crate::ids::{ParticipantId, RoomId, RoundId, SessionId, TemplateId};
use crate::room::RoomDoc;
use crate::session::{Attendance, Broadcast, Joining, ParticipantRecord, RoundStatus, Session};

/// The automerge-repo URL a client opens a document with.
pub fn doc_url(document_id: DocumentId) -> String {
    format!("automerge:{document_id}")
}

/// The link participants open (or scan as a QR code) to join.
pub fn join_url(public_url: &str, code: &str) -> String {
    format!("{public_url}/j/{code}")
}

/// `GET /api/sessions/{id}`: the whole session as its organiser sees it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct OrganiserView {
    pub id: SessionId,
    pub title: String,
    pub anonymous: bool,
    pub retention_days: u32,
    /// Unix milliseconds after which the session deletes itself.
    #[ts(type = "number")]
    pub expires_at: i64,
    pub join_code: String,
    pub join_url: String,
    /// Whether the join code still lets people in.
    pub joining: Joining,
    /// In time order.
    pub rounds: Vec<RoundView>,
    /// Everyone who joined, by id.
    pub participants: Vec<ParticipantRecord>,
    pub broadcast: Option<Broadcast>,
    /// Rooms whose stored card could not be read whole (a damaged part):
    /// what was readable is kept and shown, the rest is missing.
    pub incomplete_rooms: Vec<IncompleteRoom>,
    /// Whether this console is the main organiser's or a co-host's: only
    /// the main organiser invites or revokes co-hosts and deletes the
    /// session.
    pub standing: OrganiserStanding,
}

/// Which organiser looks at the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OrganiserStanding {
    /// Created the session (holds the organiser secret it was created with).
    Main,
    /// Invited by the main organiser: runs the day, but cannot invite,
    /// revoke or delete.
    CoHost,
}

/// A room whose card could not be read whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct IncompleteRoom {
    pub round_id: RoundId,
    pub room_id: RoomId,
    /// The group's name, e.g. "Schoolopleiders 2".
    pub name: String,
    pub round_name: String,
}

impl OrganiserView {
    /// Lists the rooms whose document `damaged` says could not be read
    /// whole.
    #[must_use]
    pub fn with_incomplete(mut self, damaged: impl Fn(&DocumentId) -> bool) -> Self {
        self.incomplete_rooms = self
            .rounds
            .iter()
            .flat_map(|round| {
                round.groups.iter().filter_map(|group| {
                    let room = group.room.as_ref()?;
                    damaged(&room.document_id).then(|| IncompleteRoom {
                        round_id: round.id.clone(),
                        room_id: group.id.clone(),
                        name: group.name.clone(),
                        round_name: round.name.clone(),
                    })
                })
            })
            .collect();
        self
    }

    /// The documents of every started room.
    pub fn room_documents(&self) -> Vec<DocumentId> {
        self.rounds
            .iter()
            .flat_map(|round| &round.groups)
            .filter_map(|group| group.room.as_ref().map(|room| room.document_id))
            .collect()
    }
}

/// How a round groups people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GroupingModeKey {
    Homogeneous,
    Heterogeneous,
    Manual,
}

impl From<&Mode> for GroupingModeKey {
    fn from(mode: &Mode) -> Self {
        match mode {
            Mode::Homogeneous { .. } => Self::Homogeneous,
            Mode::Heterogeneous => Self::Heterogeneous,
            Mode::Manual => Self::Manual,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct RoundView {
    pub id: RoundId,
    pub name: String,
    pub description: Option<String>,
    /// "13:15".
    pub start: String,
    pub end: String,
    pub mode: GroupingModeKey,
    pub status: RoundStatus,
    #[ts(type = "number | null")]
    pub started_at: Option<i64>,
    #[ts(type = "number | null")]
    pub ended_at: Option<i64>,
    #[ts(type = "number | null")]
    pub timer_ends_at: Option<i64>,
    /// The pattern the organiser gave for the rooms' call links, if any.
    pub call_pattern: Option<String>,
    pub groups: Vec<GroupView>,
}

/// One group (room) of a round.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct GroupView {
    pub id: RoomId,
    /// E.g. "Schoolopleiders 2".
    pub name: String,
    /// The target group or safeguard the summary files it under.
    pub label: String,
    /// The role pool it belongs to (homogeneous rounds).
    pub pool: Option<PoolId>,
    pub template_id: TemplateId,
    /// Each statement on its own, in order.
    pub statements: Vec<String>,
    /// Exists once the round has started.
    pub room: Option<RoomView>,
    /// Who is placed here (stored placements; before the start, none
    /// unless the organiser saved a grouping).
    pub members: Vec<ParticipantId>,
    /// The discussion leader the organiser appointed, if any.
    pub leader: Option<ParticipantId>,
    /// The room's video-call link for remote participants, if any.
    pub call_link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct RoomView {
    pub document_id: DocumentId,
    pub doc_url: String,
    pub closed: bool,
}

/// The view of `session` for an organiser of `standing`.
pub fn organiser_view(
    session: &Session,
    join_code: &str,
    public_url: &str,
    standing: OrganiserStanding,
) -> OrganiserView {
    OrganiserView {
        id: session.id.clone(),
        title: session.settings.title.clone(),
        anonymous: session.settings.anonymous,
        retention_days: session.settings.retention_days,
        expires_at: session.expires_at(),
        join_code: join_code.to_owned(),
        join_url: join_url(public_url, join_code),
        joining: session.joining,
        rounds: rounds(session),
        participants: session.participants.values().cloned().collect(),
        broadcast: session.broadcast.clone(),
        incomplete_rooms: Vec::new(),
        standing,
    }
}

fn rounds(session: &Session) -> Vec<RoundView> {
    session
        .plan
        .rounds
        .iter()
        .filter_map(|round| {
            let state = session.rounds.get(&round.id)?;
            Some(RoundView {
                id: round.id.clone(),
                name: round.name.clone(),
                description: round.description.clone(),
                start: round.start.to_string(),
                end: round.end.to_string(),
                mode: GroupingModeKey::from(&round.mode),
                status: state.status.clone(),
                started_at: state.started_at,
                ended_at: state.ended_at,
                timer_ends_at: state.timer_ends_at,
                call_pattern: state.call_pattern.as_ref().map(|p| p.as_str().to_owned()),
                groups: round
                    .groups
                    .iter()
                    .map(|group| GroupView {
                        id: group.id.clone(),
                        name: group.name.clone(),
                        label: group.label.clone(),
                        pool: group.pool.clone(),
                        template_id: group.template.clone(),
                        statements: group.statements.clone(),
                        room: state.rooms.get(&group.id).map(|room| RoomView {
                            document_id: room.document_id,
                            doc_url: doc_url(room.document_id),
                            closed: room.closed,
                        }),
                        members: state
                            .placements
                            .iter()
                            .filter(|(_, room)| **room == group.id)
                            .map(|(p, _)| p.clone())
                            .collect(),
                        leader: session
                            .participants
                            .values()
                            .find(|p| p.leads.get(&round.id) == Some(&group.id))
                            .map(|p| p.id.clone()),
                        call_link: state
                            .call_links
                            .get(&group.id)
                            .map(|l| l.as_str().to_owned()),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// `POST /api/sessions` answers this; the only time the organiser secret
/// is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct CreatedSession {
    pub session_id: SessionId,
    pub join_code: String,
    pub join_url: String,
    pub organiser_secret: String,
    pub organiser_url: String,
}

/// `GET /api/join/{code}`: what a code opens, before anyone types a name,
/// so a wrong or closed code is said at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct CodeCheck {
    /// The session's title: people see they are joining the right day.
    pub title: String,
    /// Notes will show the role only: said before anyone types a name.
    pub anonymous: bool,
}

/// `POST /api/join` answers this: the device keeps the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct JoinReply {
    pub session_id: SessionId,
    pub participant_id: ParticipantId,
    pub token: String,
    pub private_doc_url: String,
}

/// A room of the overview before its live figures are known.
#[derive(Debug, Clone)]
pub struct RoomToWatch {
    pub overview: RoomOverview,
    /// The room's card.
    pub document_id: DocumentId,
    /// Who is placed in the room now.
    placed: Vec<ParticipantId>,
}

impl RoomToWatch {
    /// The card with its live figures. `online`: the participants with a
    /// device on the room's card now; only those placed in the room count
    /// (someone moved away may still have the old card open, and an
    /// organiser looking in is not a participant).
    pub fn with_live(
        self,
        room: Option<&RoomDoc>,
        online: &[ParticipantId],
        last_activity: Option<i64>,
        running_since: Option<i64>,
        now: i64,
    ) -> RoomOverview {
        let connected = self.placed.iter().filter(|p| online.contains(p)).count();
        self.overview
            .with_live(room, connected, last_activity, running_since, now)
    }
}

/// The rooms of `round` (the current round when `None`) as the overview
/// lists them, each with its card's document, whose live figures (notes,
/// connected people, last change) the server fills in.
pub fn room_overviews(
    session: &Session,
    round: Option<&RoundId>,
) -> Result<Vec<RoomToWatch>, crate::session::SessionError> {
    let Some(round_id) = round.or_else(|| session.current_round()) else {
        return Ok(Vec::new());
    };
    let unknown = || crate::session::SessionError::UnknownRound(round_id.clone());
    let plan = session.plan.round(round_id).ok_or_else(unknown)?;
    let state = session.rounds.get(round_id).ok_or_else(unknown)?;
    Ok(plan
        .groups
        .iter()
        .filter_map(|group| {
            let room = state.rooms.get(&group.id)?;
            let placed: Vec<ParticipantId> = state
                .placements
                .iter()
                .filter(|(_, r)| **r == group.id)
                .map(|(p, _)| p.clone())
                .collect();
            let remote = placed
                .iter()
                .filter(|p| session.attendance(p) == Attendance::Remote)
                .count();
            Some(RoomToWatch {
                overview: RoomOverview {
                    round_id: round_id.clone(),
                    room_id: group.id.clone(),
                    group_name: group.name.clone(),
                    label: group.label.clone(),
                    closed: room.closed,
                    people: count(placed.len()),
                    remote: count(remote),
                    connected: 0,
                    notes: 0,
                    last_activity: None,
                    quiet: false,
                },
                document_id: room.document_id,
                placed,
            })
        })
        .collect())
}

impl RoomOverview {
    /// The live figures of the room's card; `connected`: how many of the
    /// people placed in it have a device on it. `running_since`: when its
    /// round started, if it is running; `now`: the server's clock.
    fn with_live(
        mut self,
        room: Option<&RoomDoc>,
        connected: usize,
        last_activity: Option<i64>,
        running_since: Option<i64>,
        now: i64,
    ) -> Self {
        self.notes = room.map_or(0, |r| {
            count(r.notes.values().filter(|n| !n.deleted).count())
        });
        self.connected = count(connected);
        // A server that has heard no change since it loaded the room (it
        // restarted) takes the newest note's time, never later than its
        // own clock: "nothing yet" under a card full of notes was found
        // in a user test. Edits after that note are not counted.
        let last_activity = last_activity.or_else(|| {
            let newest = room?.notes.values().map(|note| note.created_at).max()?;
            Some(newest.min(now))
        });
        self.last_activity = last_activity;
        self.quiet = match running_since {
            Some(start) if !self.closed && self.people > 0 => {
                let since = last_activity.map_or(start, |at| at.max(start));
                now - since >= QUIET_AFTER_MS
            }
            _ => false,
        };
        self
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One room in the organiser's live overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct RoomOverview {
    pub round_id: RoundId,
    pub room_id: RoomId,
    pub group_name: String,
    pub label: String,
    pub closed: bool,
    /// People placed in the room.
    pub people: u32,
    /// Of them, those taking part from elsewhere.
    pub remote: u32,
    /// Of the people placed in the room, those with a device on its card
    /// now.
    pub connected: u32,
    /// Notes on the card (deleted ones not counted).
    pub notes: u32,
    /// Unix milliseconds of the last change.
    #[ts(type = "number | null")]
    pub last_activity: Option<i64>,
    /// People are in the room, the round runs, and nothing was written on
    /// the card for [`QUIET_AFTER_MS`]: the organiser may want to look in.
    pub quiet: bool,
}

/// How long a running room may go without a change before it counts as
/// quiet.
pub const QUIET_AFTER_MS: i64 = 5 * 60 * 1000;

#[cfg(test)]
mod tests {
    use super::*;

    fn room(people: u32, closed: bool) -> RoomOverview {
        RoomOverview {
            round_id: RoundId::new("r1").unwrap_or_else(|_| unreachable!()),
            room_id: RoomId::new("k1").unwrap_or_else(|_| unreachable!()),
            group_name: "Schoolopleiders".into(),
            label: "Schoolopleiders".into(),
            closed,
            people,
            remote: 0,
            connected: 0,
            notes: 0,
            last_activity: None,
            quiet: false,
        }
    }

    const START: i64 = 1_000_000;

    #[test]
    fn a_running_room_without_changes_for_five_minutes_is_quiet() {
        let at = |now, last| {
            room(4, false)
                .with_live(None, 4, last, Some(START), now)
                .quiet
        };
        assert!(!at(START + QUIET_AFTER_MS - 1, None), "just started");
        assert!(
            at(START + QUIET_AFTER_MS, None),
            "nothing written since the start"
        );
        let typed = START + 60_000;
        assert!(
            !at(typed + QUIET_AFTER_MS - 1, Some(typed)),
            "typing recently"
        );
        assert!(
            at(typed + QUIET_AFTER_MS, Some(typed)),
            "silent for five minutes"
        );
    }

    #[test]
    fn after_a_restart_the_newest_note_is_the_last_activity() {
        let note = |id: &str, created_at: i64| crate::room::Note {
            id: id.into(),
            target: "kansen".into(),
            text: autosurgeon::Text::with_value("Samen plannen"),
            author_id: "ana".into(),
            author_name: "Ana".into(),
            author_role: "school-leader".into(),
            colour: "yellow".into(),
            created_at,
            order: 1.0,
            votes: Default::default(),
            topic_id: None,
            deleted: false,
            late: false,
        };
        let mut doc = RoomDoc::default();
        doc.notes.insert("a".into(), note("a", START + 1_000));
        doc.notes.insert("b".into(), note("b", START + 5_000));
        let now = START + 60_000;
        let live = |last, doc: &RoomDoc| {
            room(2, false)
                .with_live(Some(doc), 2, last, Some(START), now)
                .last_activity
        };
        assert_eq!(live(None, &doc), Some(START + 5_000), "no change heard yet");
        assert_eq!(
            live(Some(START + 9_000), &doc),
            Some(START + 9_000),
            "a change heard wins"
        );
        doc.notes.insert("c".into(), note("c", now + 3_600_000));
        assert_eq!(live(None, &doc), Some(now), "a clock ahead is not believed");
        assert_eq!(
            live(None, &RoomDoc::default()),
            None,
            "an empty card: nothing yet"
        );
    }

    #[test]
    fn only_people_placed_in_the_room_count_as_connected() {
        let id = |name: &str| ParticipantId::new(name).unwrap_or_else(|_| unreachable!());
        let (ana, ben, cor) = (id("ana"), id("ben"), id("cor"));
        let watch = RoomToWatch {
            overview: room(2, false),
            document_id: DocumentId::random(),
            placed: vec![ana.clone(), ben],
        };
        // Ana is here; Cor was moved away but still has this card open.
        let live = watch.with_live(None, &[ana, cor], None, None, START);
        assert_eq!(live.connected, 1);
        assert_eq!(live.people, 2);
    }

    #[test]
    fn an_empty_closed_or_ended_room_is_never_quiet() {
        let late = START + 10 * QUIET_AFTER_MS;
        assert!(
            !room(0, false)
                .with_live(None, 0, None, Some(START), late)
                .quiet
        );
        assert!(
            !room(4, true)
                .with_live(None, 0, None, Some(START), late)
                .quiet
        );
        assert!(!room(4, false).with_live(None, 0, None, None, late).quiet);
    }
}
