//! What the report says about the day's plan, in the words of seed 002:
//! per dialogue session its times ("13.15 - 14.30 uur"), how people were
//! grouped ("In homogene groepen o.l.v. de gespreksleiders") and which
//! groups there were ("2 groepen van schoolleiders en HR-medewerkers"); per
//! group label whether it is a target group ("Doelgroep") or a safeguard
//! ("Waarborg") and its statements, each kept separate ("Stelling 1",
//! "Stelling 2").

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::grouping::Mode;
use crate::ids::{RoomId, RoundId};
use crate::programme::{ClockTime, Programme, Round};
use crate::session::{RoundStatus, Session};
use crate::summary::NoteRecord;

/// One dialogue session as the report introduces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct RoundPlan {
    pub round_id: RoundId,
    /// "13.15 - 14.30 uur".
    pub times: String,
    /// "In homogene groepen o.l.v. de gespreksleiders".
    pub grouping: String,
    /// "1 groep van bestuurders en teamleiders", … (homogeneous rounds).
    pub group_lines: Vec<String>,
    /// One entry per group label, in plan order.
    pub groups: Vec<GroupPlan>,
}

/// A group label of a round: what kind it is and its statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
pub struct GroupPlan {
    pub label: String,
    pub kind: GroupKind,
    /// Distinct statements of the label's groups, in plan order.
    pub statements: Vec<String>,
}

/// What a group label stands for, which names it in the report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKind {
    /// Homogeneous rounds: people of one target group ("Doelgroep").
    TargetGroup,
    /// Mixed rounds: a safeguard of the quality framework ("Waarborg").
    Safeguard,
    /// Groups made by hand ("Groep").
    Group,
}

impl GroupKind {
    /// Whether `label` already starts with one of the report's words
    /// ("Groep 1" on a single card): then no word goes before it.
    pub fn named_in(label: &str) -> bool {
        [Self::TargetGroup, Self::Safeguard, Self::Group]
            .iter()
            .any(|kind| label.starts_with(kind.dutch()))
    }

    /// The Dutch word the report puts before the label.
    pub fn dutch(self) -> &'static str {
        match self {
            Self::TargetGroup => "Doelgroep",
            Self::Safeguard => "Waarborg",
            Self::Group => "Groep",
        }
    }
}

/// The groups that met in each round that has started. A report written
/// after the day counts these, not the plan's: "3 groepen van
/// schoolopleiders" is wrong when only one of them had anyone in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupsThatMet {
    rounds: BTreeMap<RoundId, BTreeSet<RoomId>>,
}

impl GroupsThatMet {
    /// A group met when someone was placed in it or its card has notes.
    pub fn of(session: &Session, notes: &[NoteRecord]) -> Self {
        let mut rounds: BTreeMap<RoundId, BTreeSet<RoomId>> = BTreeMap::new();
        for (round_id, state) in &session.rounds {
            if state.status == RoundStatus::Planned {
                continue;
            }
            rounds
                .entry(round_id.clone())
                .or_default()
                .extend(state.placements.values().cloned());
        }
        for note in notes {
            if let Some(met) = rounds.get_mut(&note.round_id) {
                met.insert(note.room_id.clone());
            }
        }
        Self { rounds }
    }

    /// Whether `group` of `round` is counted: every group of a round that
    /// has not started yet is, as planned.
    fn counts(&self, round: &RoundId, group: &RoomId) -> bool {
        self.rounds.get(round).is_none_or(|met| met.contains(group))
    }
}

/// The report's view of every round of `programme`, counting in started
/// rounds only the groups that met.
pub fn plan_of(programme: &Programme, met: &GroupsThatMet) -> Vec<RoundPlan> {
    programme
        .rounds
        .iter()
        .map(|round| round_plan(round, met))
        .collect()
}

fn round_plan(round: &Round, met: &GroupsThatMet) -> RoundPlan {
    let counted: Vec<&crate::programme::Group> = round
        .groups
        .iter()
        .filter(|group| met.counts(&round.id, &group.id))
        .collect();
    let n = counted.len();
    let (grouping, kind) = match &round.mode {
        Mode::Homogeneous { .. } => (
            "In homogene groepen o.l.v. de gespreksleiders".to_owned(),
            GroupKind::TargetGroup,
        ),
        Mode::Heterogeneous => (
            format!("In {n} heterogene {} o.l.v. de gespreksleiders", plural(n)),
            GroupKind::Safeguard,
        ),
        Mode::Manual => (
            format!("In {n} {} o.l.v. de gespreksleiders", plural(n)),
            GroupKind::Group,
        ),
    };
    let group_lines = match &round.mode {
        Mode::Homogeneous { pools } => pools
            .iter()
            .filter_map(|pool| {
                let count = counted
                    .iter()
                    .filter(|g| g.pool.as_ref() == Some(&pool.id))
                    .count();
                (count > 0).then(|| format!("{count} {} van {}", plural(count), lower(&pool.name)))
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut groups: Vec<GroupPlan> = Vec::new();
    for group in counted {
        let at = match groups.iter().position(|g| g.label == group.label) {
            Some(at) => at,
            None => {
                groups.push(GroupPlan {
                    label: group.label.clone(),
                    kind,
                    statements: Vec::new(),
                });
                groups.len() - 1
            }
        };
        for statement in &group.statements {
            let statement = statement.trim();
            if !statement.is_empty() && !groups[at].statements.iter().any(|s| s == statement) {
                groups[at].statements.push(statement.to_owned());
            }
        }
    }
    RoundPlan {
        round_id: round.id.clone(),
        times: format!("{} - {} uur", clock(round.start), clock(round.end)),
        grouping,
        group_lines,
        groups,
    }
}

/// "13:15" as the report writes it: "13.15".
fn clock(time: ClockTime) -> String {
    time.to_string().replace(':', ".")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "groep" } else { "groepen" }
}

/// "Bestuurders & teamleiders" → "bestuurders en teamleiders"; words
/// written with capitals after the first letter ("HR-medewerkers") stay.
fn lower(name: &str) -> String {
    name.split_whitespace()
        .map(|word| match word {
            "&" => "en".to_owned(),
            _ if word.chars().skip(1).any(char::is_uppercase) => word.to_owned(),
            _ => word.to_lowercase(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::lower;

    #[test]
    fn pool_names_read_as_in_the_report() {
        assert_eq!(
            lower("Bestuurders & teamleiders"),
            "bestuurders en teamleiders"
        );
        assert_eq!(
            lower("Schoolleiders & HR-medewerkers"),
            "schoolleiders en HR-medewerkers"
        );
    }
}
