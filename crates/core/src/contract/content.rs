//! The content lists a creator picks from.

use serde::Serialize;

use crate::ids::{ProgrammeId, TemplateId};
use crate::programme::Programme;
use crate::template::CardTemplate;

/// One card template in `GET /api/content/templates`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct TemplateListItem {
    pub id: TemplateId,
    pub title: String,
    pub subtitle: Option<String>,
}

impl From<&CardTemplate> for TemplateListItem {
    fn from(template: &CardTemplate) -> Self {
        Self {
            id: template.id.clone(),
            title: template.title.clone(),
            subtitle: template.subtitle.clone(),
        }
    }
}

/// One programme in `GET /api/content/programmes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, utoipa::ToSchema)]
pub struct ProgrammeListItem {
    pub id: ProgrammeId,
    pub title: String,
    pub description: String,
    /// Round names in time order, e.g. "Dialoogsessie 1".
    pub rounds: Vec<String>,
}

impl From<&Programme> for ProgrammeListItem {
    fn from(programme: &Programme) -> Self {
        Self {
            id: programme.id.clone(),
            title: programme.title.clone(),
            description: programme.description.clone(),
            rounds: programme.rounds.iter().map(|r| r.name.clone()).collect(),
        }
    }
}
