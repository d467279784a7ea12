//! The balanced deal, the one placing step behind every automatic mode.
//!
//! People are dealt onto an ordered set of groups that may already hold
//! someone (pinned people, or an earlier deal):
//!
//! 0. **Enough people per group.** A dialogue needs company: only as many
//!    groups are opened as give everyone at least [`MIN_GROUP_SIZE`]
//!    people ([`groups_in_use`]); groups that already hold someone (a
//!    pinned discussion leader) always stay in use. Eight people over seven
//!    planned groups meet in two groups of four, not six of one and one of
//!    two.
//! 1. **Sizes first.** Each group's target size is found by water-filling:
//!    one place at a time goes to the smallest group (ties: earliest in the
//!    order). So a group that receives anyone ends at most one above every
//!    other group of the set; only what was already there (pins) can make
//!    the gap larger.
//! 2. **Then roles.** People arrive in role blocks; each goes to the
//!    not-yet-full group holding the fewest of their role, ties broken by
//!    going round the groups from where the previous person went. Without
//!    anyone placed beforehand this is exactly dealing cards round the
//!    table, so each role's count differs by at most one between groups.

use std::collections::BTreeMap;

use crate::ids::ParticipantId;
use crate::role::ParticipantRole;

/// The fewest people a group is opened for, when there are not enough
/// people to fill every planned group: three make a conversation.
pub const MIN_GROUP_SIZE: usize = 3;

/// How many people, and how many of each role, every group holds so far.
/// Indexed by group position in the round's sorted group list.
#[derive(Debug, Clone)]
pub(super) struct Board {
    sizes: Vec<usize>,
    roles: Vec<[usize; ParticipantRole::ALL.len()]>,
}

impl Board {
    pub(super) fn new(groups: usize) -> Self {
        Self {
            sizes: vec![0; groups],
            roles: vec![[0; ParticipantRole::ALL.len()]; groups],
        }
    }

    pub(super) fn place(&mut self, group: usize, role: ParticipantRole) {
        self.sizes[group] += 1;
        self.roles[group][role_index(role)] += 1;
    }

    pub(super) fn size(&self, group: usize) -> usize {
        self.sizes[group]
    }

    fn count(&self, group: usize, role: ParticipantRole) -> usize {
        self.roles[group][role_index(role)]
    }
}

/// The groups of `order` that `extra` more people should be dealt onto, in
/// the order given: every group that already holds someone, and as many
/// empty ones (earliest in `order` first) as the deal still fills with
/// [`MIN_GROUP_SIZE`] people or more. When nobody is seated yet, at least
/// one group opens however few people there are.
pub(super) fn groups_in_use(board: &Board, order: &[usize], extra: usize) -> Vec<usize> {
    let occupied: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&g| board.size(g) > 0)
        .collect();
    let empty: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&g| board.size(g) == 0)
        .collect();
    if extra == 0 {
        return occupied;
    }
    let fills = |opened: usize| {
        let trial: Vec<usize> = occupied.iter().chain(&empty[..opened]).copied().collect();
        let targets = water_fill(board, &trial, extra);
        targets[occupied.len()..]
            .iter()
            .all(|&size| size >= MIN_GROUP_SIZE)
    };
    let least = usize::from(occupied.is_empty());
    let opened = (least..=empty.len())
        .rev()
        .find(|&opened| opened == least || fills(opened))
        .unwrap_or(least);
    let chosen = &empty[..opened];
    order
        .iter()
        .copied()
        .filter(|g| occupied.contains(g) || chosen.contains(g))
        .collect()
}

fn role_index(role: ParticipantRole) -> usize {
    // Fieldless enum: the discriminant is its position in `ALL`.
    role as usize
}

/// Deals `people` (already in dealing order) onto the groups in `order`,
/// recording each placement in `out` as a group index. `order` must not be
/// empty when `people` is not.
pub(super) fn deal(
    board: &mut Board,
    order: &[usize],
    people: &[(ParticipantId, ParticipantRole)],
    out: &mut BTreeMap<ParticipantId, usize>,
) {
    let n = order.len();
    let targets = water_fill(board, order, people.len());
    let mut cursor = 0;
    for (id, role) in people {
        let best = (0..n)
            .filter(|&i| board.size(order[i]) < targets[i])
            .min_by_key(|&i| (board.count(order[i], *role), (i + n - cursor) % n));
        let Some(i) = best else {
            return; // unreachable: the targets leave exactly one place per person
        };
        board.place(order[i], *role);
        out.insert(id.clone(), order[i]);
        cursor = (i + 1) % n;
    }
}

/// Target size per position in `order` after adding `extra` people, one at
/// a time to the smallest group.
fn water_fill(board: &Board, order: &[usize], extra: usize) -> Vec<usize> {
    let mut targets: Vec<usize> = order.iter().map(|&g| board.size(g)).collect();
    for _ in 0..extra {
        let smallest = (0..targets.len()).min_by_key(|&i| (targets[i], i));
        if let Some(i) = smallest {
            targets[i] += 1;
        }
    }
    targets
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ParticipantRole::*;

    fn people(roles: &[ParticipantRole]) -> Vec<(ParticipantId, ParticipantRole)> {
        roles
            .iter()
            .enumerate()
            .map(|(i, r)| (ParticipantId::new(format!("p{i:02}")).unwrap(), *r))
            .collect()
    }

    #[test]
    fn an_empty_table_is_dealt_round_robin() {
        let mut board = Board::new(3);
        let mut out = BTreeMap::new();
        let roles = [Mentor, Mentor, Mentor, Mentor, SchoolLeader, SchoolLeader];
        deal(&mut board, &[2, 0, 1], &people(&roles), &mut out);
        let groups: Vec<usize> = out.values().copied().collect();
        assert_eq!(groups, vec![2, 0, 1, 2, 0, 1]);
    }

    #[test]
    fn people_fill_the_groups_pins_left_small() {
        let mut board = Board::new(3);
        for _ in 0..3 {
            board.place(0, Other);
        }
        let mut out = BTreeMap::new();
        deal(&mut board, &[0, 1, 2], &people(&[Mentor; 5]), &mut out);
        assert_eq!((board.size(0), board.size(1), board.size(2)), (3, 3, 2));
        assert!(out.values().all(|&g| g != 0));
    }

    #[test]
    fn few_people_open_only_as_many_groups_as_keep_three_together() {
        let board = Board::new(7);
        let order = [4, 2, 6, 0, 1, 3, 5];
        assert_eq!(groups_in_use(&board, &order, 8), vec![4, 2]);
        assert_eq!(groups_in_use(&board, &order, 2), vec![4]);
        assert_eq!(groups_in_use(&board, &order, 0), Vec::<usize>::new());
        assert_eq!(groups_in_use(&board, &order, 21), order.to_vec());
        assert_eq!(groups_in_use(&board, &order, 40), order.to_vec());
    }

    #[test]
    fn a_group_with_someone_in_it_stays_in_use() {
        let mut board = Board::new(4);
        board.place(3, Other);
        board.place(1, Other);
        // Four more fill the two leaders' groups; opening a third would
        // leave it with fewer than three.
        assert_eq!(groups_in_use(&board, &[0, 1, 2, 3], 4), vec![1, 3]);
        // Seven more: the leaders' groups get two each, a third group three.
        assert_eq!(groups_in_use(&board, &[2, 0, 1, 3], 7), vec![2, 1, 3]);
        // One more person: both leaders' groups still.
        assert_eq!(groups_in_use(&board, &[0, 1, 2, 3], 1), vec![1, 3]);
        // A crowded pinned group does not make new groups of one.
        let mut crowded = Board::new(4);
        for _ in 0..9 {
            crowded.place(0, Other);
        }
        assert_eq!(groups_in_use(&crowded, &[0, 1, 2, 3], 2), vec![0]);
        assert_eq!(groups_in_use(&crowded, &[0, 1, 2, 3], 6), vec![0, 1, 2]);
    }
}
