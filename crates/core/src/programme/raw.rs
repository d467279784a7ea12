//! The programme file exactly as written, before validation. Unknown keys
//! are refused; ids, times, modes and roles stay strings here so the
//! validator can name the exact path of a bad value.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProgramme {
    pub id: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub rounds: Vec<RawRound>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRound {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub start: String,
    pub end: String,
    pub mode: String,
    /// Default card for every group of the round.
    pub template: Option<String>,
    pub pools: Option<Vec<RawPool>>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPool {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    pub id: String,
    pub name: String,
    pub label: Option<String>,
    pub pool: Option<String>,
    pub template: Option<String>,
    #[serde(default)]
    pub statements: Vec<String>,
}
