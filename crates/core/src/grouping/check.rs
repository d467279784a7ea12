//! Checks a round shape and its participants before placing anyone, and
//! puts both in a canonical order (by id) so the result never depends on
//! the order the caller listed them in.

use std::collections::{BTreeMap, BTreeSet};

use crate::ids::RoomId;
use crate::role::ParticipantRole;

use super::error::GroupingError;
use super::shape::{GroupSpec, Mode, Participant, Pool, PoolId, RoundShape};

/// A checked round: groups sorted by id, and for homogeneous rounds which
/// pool each role belongs to.
#[derive(Debug)]
pub(super) struct Checked<'a> {
    pub groups: Vec<&'a GroupSpec>,
    pub pools: Vec<&'a Pool>,
    pub pool_of_role: BTreeMap<ParticipantRole, &'a PoolId>,
}

impl Checked<'_> {
    pub fn index_of(&self, group: &RoomId) -> Option<usize> {
        self.groups.binary_search_by(|spec| spec.id.cmp(group)).ok()
    }
}

pub(super) fn check_shape(shape: &RoundShape) -> Result<Checked<'_>, GroupingError> {
    if shape.groups.is_empty() {
        return Err(GroupingError::NoGroups);
    }
    let mut groups: Vec<&GroupSpec> = shape.groups.iter().collect();
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in groups.windows(2) {
        if pair[0].id == pair[1].id {
            return Err(GroupingError::DuplicateGroup(pair[0].id.clone()));
        }
    }
    let (pools, pool_of_role) = match &shape.mode {
        Mode::Homogeneous { pools } => check_pools(pools, &groups)?,
        Mode::Heterogeneous | Mode::Manual => {
            if let Some((group, pool)) = groups
                .iter()
                .find_map(|g| g.pool.as_ref().map(|pool| (g, pool)))
            {
                return Err(GroupingError::PoolOutsideHomogeneous {
                    group: group.id.clone(),
                    pool: pool.clone(),
                });
            }
            (Vec::new(), BTreeMap::new())
        }
    };
    Ok(Checked {
        groups,
        pools,
        pool_of_role,
    })
}

#[allow(clippy::type_complexity)]
fn check_pools<'a>(
    pools: &'a [Pool],
    groups: &[&GroupSpec],
) -> Result<(Vec<&'a Pool>, BTreeMap<ParticipantRole, &'a PoolId>), GroupingError> {
    let mut sorted: Vec<&Pool> = pools.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut seen = BTreeSet::new();
    let mut pool_of_role = BTreeMap::new();
    for pool in &sorted {
        if !seen.insert(&pool.id) {
            return Err(GroupingError::DuplicatePool(pool.id.clone()));
        }
        for role in &pool.roles {
            if let Some(first) = pool_of_role.insert(*role, &pool.id)
                && first != &pool.id
            {
                return Err(GroupingError::RoleInTwoPools {
                    role: *role,
                    first: first.clone(),
                    second: pool.id.clone(),
                });
            }
        }
    }
    for group in groups {
        match &group.pool {
            None => return Err(GroupingError::GroupWithoutPool(group.id.clone())),
            Some(pool) if !seen.contains(pool) => {
                return Err(GroupingError::UnknownPool {
                    group: group.id.clone(),
                    pool: pool.clone(),
                });
            }
            Some(_) => {}
        }
    }
    if let Some(empty) = sorted
        .iter()
        .find(|pool| !groups.iter().any(|g| g.pool.as_ref() == Some(&pool.id)))
    {
        return Err(GroupingError::PoolWithoutGroups(empty.id.clone()));
    }
    Ok((sorted, pool_of_role))
}

/// Participants sorted by id; duplicates and pins to unknown groups refused.
pub(super) fn check_participants<'a>(
    participants: &'a [Participant],
    checked: &Checked<'_>,
) -> Result<Vec<&'a Participant>, GroupingError> {
    let mut sorted: Vec<&Participant> = participants.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in sorted.windows(2) {
        if pair[0].id == pair[1].id {
            return Err(GroupingError::DuplicateParticipant(pair[0].id.clone()));
        }
    }
    for person in &sorted {
        if let Some(pin) = &person.pin
            && checked.index_of(pin).is_none()
        {
            return Err(GroupingError::UnknownPinGroup {
                participant: person.id.clone(),
                group: pin.clone(),
            });
        }
    }
    Ok(sorted)
}
