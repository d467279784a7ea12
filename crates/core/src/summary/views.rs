//! One review state, every view. The cross-group view of a round ("Alle
//! groepen samen") is the model: the engine builds it and every review
//! edit changes it. Each group's view is derived from it (its items
//! restricted to that group's notes, in the same topics), and so is the
//! overview text, so a merge, split, rename or move made anywhere shows
//! everywhere, and in every export.

use super::overview::overall_summary;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::report::{
    ItemId, Member, MergedItem, Report, RoundReport, SectionReport, TopicId, TopicReport,
    sort_topics,
};

/// The view segment of ids in the cross-group view.
pub const ALL_VIEW: &str = "all";

/// The view segment of ids in the view of the `index`-th group (by label).
pub fn group_view(index: usize) -> String {
    format!("g{index}")
}

/// Re-derives every group view and the overview from the cross-group
/// views, after a build or a review edit.
pub fn refresh(report: &mut Report) {
    for round in &mut report.rounds {
        let derived = group_sections(round);
        for (group, sections) in round.groups.iter_mut().zip(derived) {
            group.sections = sections;
        }
    }
    report.overall_summary = overall_summary(&report.rounds, &report.agreements);
}

/// The sections of every group of `round`, in its order: every
/// cross-group item restricted to the group's notes, in the same topics.
/// One pass over the notes, whatever the number of groups.
fn group_sections(round: &RoundReport) -> Vec<Vec<SectionReport>> {
    let index: HashMap<&str, usize> = round
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| (group.label.as_str(), g))
        .collect();
    let views: Vec<String> = (0..round.groups.len()).map(group_view).collect();
    let mut out: Vec<Vec<SectionReport>> = vec![Vec::new(); round.groups.len()];
    for section in &round.cross_group {
        let mut topics: Vec<Vec<TopicReport>> = vec![Vec::new(); round.groups.len()];
        for topic in &section.topics {
            let mut items: BTreeMap<usize, Vec<MergedItem>> = BTreeMap::new();
            for item in &topic.items {
                let mut members: BTreeMap<usize, Vec<Member>> = BTreeMap::new();
                for m in &item.members {
                    if let Some(&g) = index.get(m.group_label.as_str()) {
                        members.entry(g).or_default().push(m.clone());
                    }
                }
                for (g, own) in members {
                    let prefix = format!("{}/{}/{}", round.round_id, views[g], section.section_id);
                    if let Some(restricted) = restrict(item, own, &prefix) {
                        items.entry(g).or_default().push(restricted);
                    }
                }
            }
            for (g, items) in items {
                let prefix = format!("{}/{}/{}", round.round_id, views[g], section.section_id);
                topics[g].push(TopicReport {
                    id: TopicId(format!("{prefix}/{}", last_segment(&topic.id.0))),
                    name: topic.name.clone(),
                    source: topic.source,
                    items,
                });
            }
        }
        for (g, mut topics) in topics.into_iter().enumerate() {
            if topics.is_empty() {
                continue;
            }
            sort_topics(&mut topics);
            out[g].push(SectionReport {
                section_id: section.section_id.clone(),
                title: section.title.clone(),
                topics,
            });
        }
    }
    out
}

/// `item` with only `members` (one group's, most central first), or
/// `None` if there are none. Its id names its first note (by room, then
/// note id) so it stays stable across rebuilds; its wording is the
/// group's most central member.
fn restrict(item: &MergedItem, members: Vec<Member>, prefix: &str) -> Option<MergedItem> {
    let first = members
        .iter()
        .min_by(|a, b| (&a.room_id, &a.note_id).cmp(&(&b.room_id, &b.note_id)))?;
    let text = if members.iter().any(|m| m.text.trim() == item.text) {
        item.text.clone()
    } else {
        members[0].text.trim().to_owned()
    };
    let mut restricted = MergedItem {
        id: ItemId(format!("{prefix}/{}", first.note_id)),
        text,
        count: 0,
        votes: 0,
        groups: Vec::new(),
        members,
    };
    restricted.recount();
    Some(restricted)
}

fn last_segment(id: &str) -> &str {
    id.rsplit_once('/').map_or(id, |(_, last)| last)
}

/// The round an item or topic id (`{round}/{view}/{section}/…`) is in,
/// and its view segment.
fn round_and_view<'r>(report: &'r Report, id: &str) -> Option<(&'r RoundReport, bool)> {
    let mut parts = id.splitn(3, '/');
    let (round_id, view) = (parts.next()?, parts.next()?);
    let round = report
        .rounds
        .iter()
        .find(|r| r.round_id.as_str() == round_id)?;
    Some((round, view == ALL_VIEW))
}

/// The cross-group item that `id` stands for: itself if it is one, else
/// the cross-group item holding the notes of that group item.
pub fn canonical_item(report: &Report, id: &ItemId) -> Option<ItemId> {
    let (round, cross_group) = round_and_view(report, &id.0)?;
    if cross_group {
        return Some(id.clone());
    }
    let member = round
        .groups
        .iter()
        .flat_map(|g| g.sections.iter())
        .flat_map(SectionReport::items)
        .find(|item| &item.id == id)?
        .members
        .first()?;
    round
        .cross_group
        .iter()
        .flat_map(SectionReport::items)
        .find(|item| {
            item.members
                .iter()
                .any(|m| m.note_id == member.note_id && m.room_id == member.room_id)
        })
        .map(|item| item.id.clone())
}

/// The cross-group topic that `id` stands for (a group topic carries the
/// last segment of the cross-group topic it shows).
pub fn canonical_topic(report: &Report, id: &TopicId) -> Option<TopicId> {
    let (round, cross_group) = round_and_view(report, &id.0)?;
    if cross_group {
        return Some(id.clone());
    }
    let section = round
        .groups
        .iter()
        .flat_map(|g| g.sections.iter())
        .find(|s| s.topics.iter().any(|t| &t.id == id))?;
    let canonical = TopicId(format!(
        "{}/{ALL_VIEW}/{}/{}",
        round.round_id,
        section.section_id,
        last_segment(&id.0)
    ));
    round
        .cross_group
        .iter()
        .flat_map(|s| s.topics.iter())
        .any(|t| t.id == canonical)
        .then_some(canonical)
}
