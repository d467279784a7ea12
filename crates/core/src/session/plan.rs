//! Changing a session's plan: the organiser edits names, times and
//! statements of rounds that have not started; and the plan of a session
//! made from one card instead of a programme.

use serde::Deserialize;

use crate::grouping::Mode;
use crate::ids::{IdError, ProgrammeId, RoomId, RoundId, TemplateId};
use crate::programme::{ClockTime, Group, Programme, Round};

use super::error::SessionError;
use super::model::{RoundStatus, Session};

const MAX_TEXT_CHARS: usize = 2_000;
const MAX_GROUPS: u32 = 200;

/// An organiser's edit of the plan. Everything named must exist; nothing
/// changes unless every part is valid.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanEdit {
    pub rounds: Vec<RoundEdit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundEdit {
    pub id: RoundId,
    #[ts(optional)]
    pub name: Option<String>,
    /// "13:15".
    #[ts(optional)]
    pub start: Option<String>,
    #[ts(optional)]
    pub end: Option<String>,
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<GroupEdit>>")]
    pub groups: Vec<GroupEdit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupEdit {
    pub id: RoomId,
    #[ts(optional)]
    pub name: Option<String>,
    #[ts(optional)]
    pub statements: Option<Vec<String>>,
}

fn text(value: &str, what: &str) -> Result<String, SessionError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > MAX_TEXT_CHARS {
        return Err(SessionError::InvalidPlan(format!(
            "{what} must be 1 to {MAX_TEXT_CHARS} characters"
        )));
    }
    Ok(value.to_owned())
}

fn time(value: &str, what: &str) -> Result<ClockTime, SessionError> {
    value
        .parse()
        .map_err(|e| SessionError::InvalidPlan(format!("{what}: {e}")))
}

impl Session {
    /// Applies an edit to rounds that have not started yet.
    pub fn edit_plan(&mut self, edit: &PlanEdit) -> Result<(), SessionError> {
        let mut plan = self.plan.clone();
        for round_edit in &edit.rounds {
            let status = &self
                .rounds
                .get(&round_edit.id)
                .ok_or_else(|| SessionError::UnknownRound(round_edit.id.clone()))?
                .status;
            if *status != RoundStatus::Planned {
                return Err(SessionError::RoundAlreadyStarted(round_edit.id.clone()));
            }
            let round = plan
                .rounds
                .iter_mut()
                .find(|r| r.id == round_edit.id)
                .ok_or_else(|| SessionError::UnknownRound(round_edit.id.clone()))?;
            if let Some(name) = &round_edit.name {
                round.name = text(name, "a round name")?;
            }
            if let Some(start) = &round_edit.start {
                round.start = time(start, "start")?;
            }
            if let Some(end) = &round_edit.end {
                round.end = time(end, "end")?;
            }
            if round.start >= round.end {
                return Err(SessionError::InvalidPlan(format!(
                    "round '{}' must end after it starts",
                    round.id
                )));
            }
            for group_edit in &round_edit.groups {
                let group = round
                    .groups
                    .iter_mut()
                    .find(|g| g.id == group_edit.id)
                    .ok_or_else(|| SessionError::UnknownRoom(group_edit.id.clone()))?;
                if let Some(name) = &group_edit.name {
                    group.name = text(name, "a group name")?;
                }
                if let Some(statements) = &group_edit.statements {
                    group.statements = statements
                        .iter()
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| text(s, "a statement"))
                        .collect::<Result<_, _>>()?;
                }
            }
        }
        self.plan = plan;
        Ok(())
    }
}

/// The plan of a session built on one card: one round, `groups` rooms,
/// people spread evenly.
pub fn single_card_plan(
    title: &str,
    template: &TemplateId,
    groups: u32,
) -> Result<Programme, SessionError> {
    if groups == 0 || groups > MAX_GROUPS {
        return Err(SessionError::InvalidPlan(format!(
            "a session has 1 to {MAX_GROUPS} groups"
        )));
    }
    let id_error = |e: IdError| SessionError::InvalidPlan(e.to_string());
    let (start, end) = match (ClockTime::new(9, 0), ClockTime::new(17, 0)) {
        (Some(start), Some(end)) => (start, end),
        _ => return Err(SessionError::InvalidPlan("invalid default times".into())),
    };
    let groups = (1..=groups)
        .map(|n| {
            Ok(Group {
                id: RoomId::new(format!("groep-{n}")).map_err(id_error)?,
                name: format!("Groep {n}"),
                label: format!("Groep {n}"),
                template: template.clone(),
                statements: Vec::new(),
                pool: None,
            })
        })
        .collect::<Result<Vec<_>, SessionError>>()?;
    Ok(Programme {
        id: ProgrammeId::new(format!("kaart-{template}")).map_err(id_error)?,
        title: title.to_owned(),
        description: String::new(),
        rounds: vec![Round {
            id: RoundId::new("ronde-1").map_err(id_error)?,
            name: "Ronde 1".into(),
            description: None,
            start,
            end,
            mode: Mode::Heterogeneous,
            groups,
        }],
    })
}
