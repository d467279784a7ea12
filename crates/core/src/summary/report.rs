//! The report model: per round, per group (target group or safeguard), per
//! section, topics holding merged items with counts ("3x genoemd"); plus a
//! cross-group view per section, the collected agreements and a short
//! overall summary. This is exactly what exports render and review edits
//! change.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::input::AgreementRecord;
use crate::ids::{ElementId, NoteId, RoomId, RoundId};
use crate::role::ParticipantRole;

/// The merged summary of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Report {
    pub rounds: Vec<RoundReport>,
    /// Every agreement of every room, in a stable order.
    pub agreements: Vec<AgreementRecord>,
    /// A short Dutch overview: the most-mentioned remarks per section.
    pub overall_summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct RoundReport {
    pub round_id: RoundId,
    pub round_name: String,
    /// One entry per group label, sorted by label.
    pub groups: Vec<GroupReport>,
    /// Per section, the notes of all groups of the round merged together.
    pub cross_group: Vec<SectionReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct GroupReport {
    pub label: String,
    pub statement: Option<String>,
    /// The rooms that reported under this label.
    pub rooms: Vec<RoomId>,
    pub sections: Vec<SectionReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct SectionReport {
    pub section_id: ElementId,
    pub title: String,
    pub topics: Vec<TopicReport>,
}

/// Where a topic's name came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TopicSource {
    /// A topic group name the rooms gave their notes.
    Rooms,
    /// A keyword shared by several items.
    Keyword,
    /// Items that fit no topic ("Overig").
    Other,
    /// Created or renamed in review.
    Review,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct TopicReport {
    pub id: TopicId,
    pub name: String,
    pub source: TopicSource,
    pub items: Vec<MergedItem>,
}

/// One remark as it appears in the report, standing for `count` notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct MergedItem {
    pub id: ItemId,
    /// The representative wording (the medoid of the members).
    pub text: String,
    /// Number of notes merged here: "{count}x genoemd".
    pub count: u32,
    /// Sum of the members' +1 votes.
    pub votes: u32,
    /// Distinct group labels that made this remark, sorted.
    pub groups: Vec<String>,
    pub members: Vec<Member>,
}

/// A note inside a merged item, traceable to its room document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct Member {
    pub note_id: NoteId,
    pub room_id: RoomId,
    pub group_label: String,
    pub text: String,
    pub topic: Option<String>,
    pub author_role: Option<ParticipantRole>,
    pub author_name: Option<String>,
    pub votes: u32,
    /// The note reached the server after its room had closed.
    #[serde(default)]
    pub late: bool,
}

macro_rules! report_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
            ts_rs::TS, utoipa::ToSchema,
        )]
        #[serde(transparent)]
        #[ts(type = "string")]
        #[schema(value_type = String)]
        pub struct $name(pub String);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

report_id!(
    /// Identifies a merged item in a report: `{round}/{view}/{section}/{note}`
    /// where `view` is `all` or `g{n}` and `note` the item's first member.
    ItemId
);
report_id!(
    /// Identifies a topic in a report: `{round}/{view}/{section}/t{n}`.
    TopicId
);

impl MergedItem {
    /// Recomputes `count`, `votes` and `groups` from the members.
    pub fn recount(&mut self) {
        self.count = u32::try_from(self.members.len()).unwrap_or(u32::MAX);
        self.votes = self.members.iter().map(|m| m.votes).sum();
        let mut groups: Vec<String> = self.members.iter().map(|m| m.group_label.clone()).collect();
        groups.sort();
        groups.dedup();
        self.groups = groups;
    }
}

impl Report {
    /// Every section of every view, mutably (for review edits).
    pub fn sections_mut(&mut self) -> impl Iterator<Item = &mut SectionReport> {
        self.rounds.iter_mut().flat_map(|r| {
            r.groups
                .iter_mut()
                .flat_map(|g| g.sections.iter_mut())
                .chain(r.cross_group.iter_mut())
        })
    }

    /// Every section of every view.
    pub fn sections(&self) -> impl Iterator<Item = &SectionReport> {
        self.rounds.iter().flat_map(|r| {
            r.groups
                .iter()
                .flat_map(|g| g.sections.iter())
                .chain(r.cross_group.iter())
        })
    }
}

impl SectionReport {
    /// All items of the section, over its topics.
    pub fn items(&self) -> impl Iterator<Item = &MergedItem> {
        self.topics.iter().flat_map(|t| t.items.iter())
    }

    /// Orders topics (most notes first, "other" last) and their items
    /// (most mentioned first), with stable tie-breaks.
    pub fn sort(&mut self) {
        sort_topics(&mut self.topics);
    }
}

/// Orders topics (most notes first, "other" last) and their items (most
/// mentioned first), with stable tie-breaks.
pub fn sort_topics(topics: &mut [TopicReport]) {
    {
        for topic in topics.iter_mut() {
            topic.items.sort_by(|a, b| {
                (b.count, b.votes)
                    .cmp(&(a.count, a.votes))
                    .then_with(|| a.text.cmp(&b.text))
                    .then_with(|| a.id.cmp(&b.id))
            });
        }
        let weight = |t: &TopicReport| t.items.iter().map(|i| i.count).sum::<u32>();
        topics.sort_by(|a, b| {
            (a.source == TopicSource::Other)
                .cmp(&(b.source == TopicSource::Other))
                .then_with(|| weight(b).cmp(&weight(a)))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
    }
}
