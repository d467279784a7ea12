//! Automatic grouping: homogeneous (per role pool) and heterogeneous
//! (roles spread evenly). Pins are placed first, then everyone else is
//! dealt (see [`super::deal`]); the seed decides who lands where among
//! equally good choices.

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::ids::ParticipantId;
use crate::role::ParticipantRole;

use super::assignment::{Assignment, GroupingWarning, placement_warnings};
use super::check::{Checked, check_participants, check_shape};
use super::deal::{Board, MIN_GROUP_SIZE, deal, groups_in_use};
use super::error::GroupingError;
use super::shape::{Mode, Participant, PoolId, RoundShape};

/// Places every participant of a homogeneous or heterogeneous round.
///
/// The same shape, participants (in any order) and seed always give the
/// same assignment. Pinned people stay where pinned. Homogeneous: everyone
/// else meets their role's pool; roles in no pool go to the smallest
/// groups in use, with a warning. Within a pool (homogeneous) or over all
/// groups (heterogeneous), only as many groups are used as keep three
/// people together (with a warning naming the groups left empty); among
/// those, a group holding anyone unpinned is at most one larger than any
/// other, and each role is spread as evenly as the sizes allow.
pub fn assign(
    shape: &RoundShape,
    participants: &[Participant],
    seed: u64,
) -> Result<Assignment, GroupingError> {
    let checked = check_shape(shape)?;
    let people = check_participants(participants, &checked)?;
    if shape.mode == Mode::Manual {
        return Err(GroupingError::ManualRound);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut board = Board::new(checked.groups.len());
    let mut placed = BTreeMap::new();
    let mut free = Vec::new();
    for person in people {
        match &person.pin {
            Some(pin) => {
                let group =
                    checked
                        .index_of(pin)
                        .ok_or_else(|| GroupingError::UnknownPinGroup {
                            participant: person.id.clone(),
                            group: pin.clone(),
                        })?;
                board.place(group, person.role);
                placed.insert(person.id.clone(), group);
            }
            None => free.push(person),
        }
    }
    let mut warnings = Vec::new();
    if let Mode::Homogeneous { .. } = shape.mode {
        deal_pools(
            &checked,
            participants,
            &free,
            &mut board,
            &mut placed,
            &mut warnings,
            &mut rng,
        );
    } else {
        let plan: Vec<usize> = (0..checked.groups.len()).collect();
        let order = shuffled(plan.clone(), &mut rng);
        let in_use = open_groups(&checked, &board, &plan, free.len(), None, &mut warnings);
        deal(
            &mut board,
            &in_order(&order, &in_use),
            &dealing_order(&free, &mut rng),
            &mut placed,
        );
    }
    let placements = placed
        .into_iter()
        .map(|(id, index)| (id, checked.groups[index].id.clone()))
        .collect();
    let group_ids: Vec<_> = checked.groups.iter().map(|g| g.id.clone()).collect();
    // A group left empty on purpose is already named in `FewerGroups`,
    // the groups of a pool nobody came for in `EmptyPool`, and those of a
    // pool too small for a group of its own in `PoolTooSmall` ("krijgt
    // niemand: meer groepen dan mensen" misled there: its people were
    // placed, elsewhere).
    let left_empty: Vec<_> = warnings
        .iter()
        .flat_map(|w| match w {
            GroupingWarning::FewerGroups { unused, .. } => unused.clone(),
            GroupingWarning::EmptyPool { pool } | GroupingWarning::PoolTooSmall { pool, .. } => {
                checked
                    .groups
                    .iter()
                    .filter(|g| g.pool.as_ref() == Some(pool))
                    .map(|g| g.id.clone())
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    warnings.extend(
        placement_warnings(&group_ids, &placements)
            .into_iter()
            .filter(|w| !matches!(w, GroupingWarning::EmptyGroup { group } if left_empty.contains(group))),
    );
    Ok(Assignment {
        placements,
        warnings,
    })
}

/// Homogeneous: each pool's people over the pool's groups, then the roles
/// in no pool over the groups in use (the water-fill sends them to the
/// smallest). A pool with fewer than [`MIN_GROUP_SIZE`] people and no
/// pinned leader gets no group of its own: its people join the others
/// like a role in no pool, and the organiser is told.
fn deal_pools(
    checked: &Checked<'_>,
    everyone: &[Participant],
    free: &[&Participant],
    board: &mut Board,
    placed: &mut BTreeMap<ParticipantId, usize>,
    warnings: &mut Vec<GroupingWarning>,
    rng: &mut ChaCha8Rng,
) {
    let mut spread: Vec<&Participant> = free
        .iter()
        .copied()
        .filter(|p| !checked.pool_of_role.contains_key(&p.role))
        .collect();
    for role in ParticipantRole::ALL {
        let count = spread.iter().filter(|p| p.role == role).count();
        if count > 0 {
            warnings.push(GroupingWarning::UnpooledRole { role, count });
        }
    }
    for pool in &checked.pools {
        if !everyone.iter().any(|p| pool.roles.contains(&p.role)) {
            warnings.push(GroupingWarning::EmptyPool {
                pool: pool.id.clone(),
            });
        }
        let groups: Vec<usize> = (0..checked.groups.len())
            .filter(|&i| checked.groups[i].pool.as_ref() == Some(&pool.id))
            .collect();
        let order = shuffled(groups.clone(), rng);
        let members: Vec<&Participant> = free
            .iter()
            .copied()
            .filter(|p| checked.pool_of_role.get(&p.role) == Some(&&pool.id))
            .collect();
        let led = order.iter().any(|&g| board.size(g) > 0);
        if !led && !members.is_empty() && members.len() < MIN_GROUP_SIZE {
            warnings.push(GroupingWarning::PoolTooSmall {
                pool: pool.id.clone(),
                people: members.len(),
            });
            spread.extend(members);
            continue;
        }
        let in_use = open_groups(
            checked,
            board,
            &groups,
            members.len(),
            Some(&pool.id),
            warnings,
        );
        deal(
            board,
            &in_order(&order, &in_use),
            &dealing_order(&members, rng),
            placed,
        );
    }
    // Sorted again: the result must not depend on which pool was small.
    spread.sort_by(|a, b| a.id.cmp(&b.id));
    // They join the groups already in use; only when nobody is anywhere
    // yet do they open groups of their own, first those of the pool most
    // of them belong to (a lone board member sits in the board room).
    let mut order: Vec<usize> = shuffled((0..checked.groups.len()).collect(), rng);
    let occupied: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&g| board.size(g) > 0)
        .collect();
    if occupied.is_empty() {
        let belonging = |g: usize| {
            spread
                .iter()
                .filter(|p| {
                    checked.pool_of_role.get(&p.role).copied() == checked.groups[g].pool.as_ref()
                })
                .count()
        };
        order.sort_by_key(|&g| std::cmp::Reverse(belonging(g)));
    } else {
        order = occupied;
    }
    let in_use = open_groups(checked, board, &order, spread.len(), None, warnings);
    deal(board, &in_use, &dealing_order(&spread, rng), placed);
}

/// `groups` in the order of `order`: the seed's order, for dealing, of
/// the groups opened in the plan's order (an organiser expects
/// "Schoolopleiders 1" in use before "Schoolopleiders 3").
fn in_order(order: &[usize], groups: &[usize]) -> Vec<usize> {
    order
        .iter()
        .copied()
        .filter(|g| groups.contains(g))
        .collect()
}

/// The groups of `order` to deal `extra` people onto (see
/// [`groups_in_use`]); when that leaves planned groups empty, a warning
/// says how many people there are and which groups stay empty.
fn open_groups(
    checked: &Checked<'_>,
    board: &Board,
    order: &[usize],
    extra: usize,
    pool: Option<&PoolId>,
    warnings: &mut Vec<GroupingWarning>,
) -> Vec<usize> {
    let in_use = groups_in_use(board, order, extra);
    if !in_use.is_empty() && in_use.len() < order.len() {
        let mut unused: Vec<usize> = order
            .iter()
            .copied()
            .filter(|g| !in_use.contains(g))
            .collect();
        unused.sort_unstable();
        let seated: usize = order.iter().map(|&g| board.size(g)).sum();
        warnings.push(GroupingWarning::FewerGroups {
            pool: pool.cloned(),
            people: seated + extra,
            unused: unused
                .into_iter()
                .map(|g| checked.groups[g].id.clone())
                .collect(),
        });
    }
    in_use
}

/// People in role blocks (in [`ParticipantRole::ALL`] order), shuffled
/// within each block. `people` must already be in id order.
fn dealing_order(
    people: &[&Participant],
    rng: &mut ChaCha8Rng,
) -> Vec<(ParticipantId, ParticipantRole)> {
    let mut order = Vec::with_capacity(people.len());
    for role in ParticipantRole::ALL {
        let block: Vec<(ParticipantId, ParticipantRole)> = people
            .iter()
            .filter(|p| p.role == role)
            .map(|p| (p.id.clone(), role))
            .collect();
        order.extend(shuffled(block, rng));
    }
    order
}

fn shuffled<T>(mut items: Vec<T>, rng: &mut ChaCha8Rng) -> Vec<T> {
    items.shuffle(rng);
    items
}
