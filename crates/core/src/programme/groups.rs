//! A round's grouping mode, role pools and groups: every group has a card
//! that exists, its statements, and — in homogeneous rounds — a pool; every
//! pool has roles that exist, each role in one pool only, and a group.

use std::collections::BTreeMap;

use crate::content_error::ErrorSink;
use crate::grouping::{Pool, PoolId};
use crate::ids::{RoomId, TemplateId};
use crate::role::ParticipantRole;
use crate::template::CardTemplate;

use super::checks::{id, template, text, unique};
use super::model::Group;
use super::raw::{RawGroup, RawPool, RawRound};

/// The `mode` key of a round, before its pools are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ModeKey {
    Homogeneous,
    Heterogeneous,
    Manual,
}

impl ModeKey {
    pub(super) fn parse(sink: &mut ErrorSink, path: &str, value: &str) -> Option<Self> {
        match value {
            "homogeneous" => Some(Self::Homogeneous),
            "heterogeneous" => Some(Self::Heterogeneous),
            "manual" => Some(Self::Manual),
            other => {
                sink.push(
                    path,
                    format!(
                        "unknown grouping mode '{other}' (known: homogeneous, heterogeneous, manual)"
                    ),
                );
                None
            }
        }
    }
}

/// The pools of a homogeneous round.
pub(super) fn check_pools(
    sink: &mut ErrorSink,
    round_path: &str,
    raw: Option<&[RawPool]>,
) -> Option<Vec<Pool>> {
    let raw = raw.unwrap_or_default();
    if raw.is_empty() {
        sink.push(
            format!("{round_path}.pools"),
            "a homogeneous round needs at least one pool",
        );
    }
    unique(sink, raw.iter().map(|p| p.id.as_str()), |i| {
        format!("{round_path}.pools[{i}].id")
    });
    let mut pool_of_role: BTreeMap<ParticipantRole, usize> = BTreeMap::new();
    let pools: Vec<Option<Pool>> = raw
        .iter()
        .enumerate()
        .map(|(i, pool)| {
            let path = format!("{round_path}.pools[{i}]");
            check_pool(sink, &path, i, pool, &mut pool_of_role)
        })
        .collect();
    pools.into_iter().collect()
}

fn check_pool(
    sink: &mut ErrorSink,
    path: &str,
    index: usize,
    raw: &RawPool,
    pool_of_role: &mut BTreeMap<ParticipantRole, usize>,
) -> Option<Pool> {
    let pool_id: Option<PoolId> = id(sink, &format!("{path}.id"), &raw.id);
    let name = text(sink, &format!("{path}.name"), &raw.name);
    if raw.roles.is_empty() {
        sink.push(format!("{path}.roles"), "a pool needs at least one role");
    }
    let mut roles = Vec::new();
    for (k, key) in raw.roles.iter().enumerate() {
        let role_path = format!("{path}.roles[{k}]");
        let Some(role) = ParticipantRole::from_key(key) else {
            let known: Vec<&str> = ParticipantRole::ALL.iter().map(|r| r.key()).collect();
            sink.push(
                role_path,
                format!("unknown role '{key}' (known: {})", known.join(", ")),
            );
            continue;
        };
        match pool_of_role.get(&role) {
            Some(&j) if j == index => sink.push(role_path, format!("role '{key}' is listed twice")),
            Some(&j) => sink.push(
                role_path,
                format!("role '{key}' is already in pools[{j}]; a role belongs to one pool"),
            ),
            None => {
                pool_of_role.insert(role, index);
                roles.push(role);
            }
        }
    }
    Some(Pool {
        id: pool_id?,
        name,
        roles,
    })
}

/// Every pool of a homogeneous round is named by at least one group.
pub(super) fn pools_have_groups(sink: &mut ErrorSink, round_path: &str, raw: &RawRound) {
    for (i, pool) in raw.pools.iter().flatten().enumerate() {
        if !raw
            .groups
            .iter()
            .any(|g| g.pool.as_deref() == Some(&pool.id))
        {
            sink.push(
                format!("{round_path}.pools[{i}]"),
                format!(
                    "pool '{}' has no groups; name it in a group's pool",
                    pool.id
                ),
            );
        }
    }
}

/// The groups of a round. `round_template` is the round's default card:
/// `Some(None)` when given but invalid (already reported).
pub(super) fn check_groups(
    sink: &mut ErrorSink,
    round_path: &str,
    raw: &RawRound,
    mode: Option<ModeKey>,
    round_template: Option<Option<TemplateId>>,
    templates: &BTreeMap<TemplateId, CardTemplate>,
) -> Option<Vec<Group>> {
    if raw.groups.is_empty() {
        sink.push(
            format!("{round_path}.groups"),
            "a round needs at least one group",
        );
    }
    unique(sink, raw.groups.iter().map(|g| g.id.as_str()), |i| {
        format!("{round_path}.groups[{i}].id")
    });
    let context = GroupContext {
        mode,
        pools: raw.pools.as_deref().unwrap_or_default(),
        round_template: &round_template,
        templates,
    };
    let groups: Vec<Option<Group>> = raw
        .groups
        .iter()
        .enumerate()
        .map(|(i, group)| check_group(sink, &format!("{round_path}.groups[{i}]"), group, &context))
        .collect();
    groups.into_iter().collect()
}

/// What a group is checked against.
struct GroupContext<'a> {
    mode: Option<ModeKey>,
    pools: &'a [RawPool],
    round_template: &'a Option<Option<TemplateId>>,
    templates: &'a BTreeMap<TemplateId, CardTemplate>,
}

fn check_group(
    sink: &mut ErrorSink,
    path: &str,
    raw: &RawGroup,
    context: &GroupContext<'_>,
) -> Option<Group> {
    let group_id: Option<RoomId> = id(sink, &format!("{path}.id"), &raw.id);
    let name = text(sink, &format!("{path}.name"), &raw.name);
    let statements: Vec<String> = raw
        .statements
        .iter()
        .enumerate()
        .map(|(k, s)| text(sink, &format!("{path}.statements[{k}]"), s))
        .collect();
    let template = match (&raw.template, context.round_template) {
        (Some(own), _) => template(sink, &format!("{path}.template"), own, context.templates),
        (None, Some(round)) => round.clone(),
        (None, None) => {
            sink.push(
                format!("{path}.template"),
                "no template: set one here or on the round",
            );
            None
        }
    };
    let (pool, pool_name) = check_group_pool(sink, path, raw, context);
    let label = match &raw.label {
        Some(label) => text(sink, &format!("{path}.label"), label),
        None => pool_name.unwrap_or_else(|| name.clone()),
    };
    Some(Group {
        id: group_id?,
        name,
        label,
        template: template?,
        statements,
        pool: pool?,
    })
}

/// The group's pool (`Some(None)` when it rightly has none) and the pool's
/// name for the default label.
fn check_group_pool(
    sink: &mut ErrorSink,
    path: &str,
    raw: &RawGroup,
    context: &GroupContext<'_>,
) -> (Option<Option<PoolId>>, Option<String>) {
    let pool_path = format!("{path}.pool");
    match (context.mode, &raw.pool) {
        (Some(ModeKey::Homogeneous), None) => {
            sink.push(pool_path, "groups of a homogeneous round name their pool");
            (None, None)
        }
        (Some(ModeKey::Homogeneous), Some(key)) => {
            match context.pools.iter().find(|p| &p.id == key) {
                Some(pool) => {
                    // An invalid id was already reported at the pool itself.
                    let pool_id = PoolId::new(key.as_str()).ok().map(Some);
                    (pool_id, Some(pool.name.trim().to_owned()))
                }
                None => {
                    sink.push(pool_path, format!("unknown pool '{key}'"));
                    (None, None)
                }
            }
        }
        (_, Some(_)) => {
            sink.push(pool_path, "only groups of homogeneous rounds have a pool");
            (None, None)
        }
        (_, None) => (Some(None), None),
    }
}
