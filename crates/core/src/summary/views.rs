//! One review state, every view. The cross-group view of a round ("Alle
//! groepen samen") is the model: the engine builds it and every review
//! edit changes it. Each group's view is derived from it (its items
//! restricted to that group's notes, in the same topics), and so is the
//! overview text, so a merge, split, rename or move made anywhere shows
//! everywhere, and in every export.

use super::overview::overall_summary;
use super::report::{
    GroupReport, ItemId, MergedItem, Report, RoundReport, SectionReport, TopicId, TopicReport,
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
        let derived: Vec<Vec<SectionReport>> = round
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| group_sections(round, g, group))
            .collect();
        for (group, sections) in round.groups.iter_mut().zip(derived) {
            group.sections = sections;
        }
    }
    report.overall_summary = overall_summary(&report.rounds, &report.agreements);
}

/// The sections of `group` (the `index`-th of `round`): every cross-group
/// item restricted to the group's notes, in the same topics.
fn group_sections(round: &RoundReport, index: usize, group: &GroupReport) -> Vec<SectionReport> {
    let view = group_view(index);
    round
        .cross_group
        .iter()
        .filter_map(|section| {
            let prefix = format!("{}/{view}/{}", round.round_id, section.section_id);
            let mut topics: Vec<TopicReport> = section
                .topics
                .iter()
                .filter_map(|topic| {
                    let items: Vec<MergedItem> = topic
                        .items
                        .iter()
                        .filter_map(|item| restrict(item, &group.label, &prefix))
                        .collect();
                    (!items.is_empty()).then(|| TopicReport {
                        id: TopicId(format!("{prefix}/{}", last_segment(&topic.id.0))),
                        name: topic.name.clone(),
                        source: topic.source,
                        items,
                    })
                })
                .collect();
            if topics.is_empty() {
                return None;
            }
            sort_topics(&mut topics);
            Some(SectionReport {
                section_id: section.section_id.clone(),
                title: section.title.clone(),
                topics,
            })
        })
        .collect()
}

/// `item` with only the members of group `label`, or `None` if it has
/// none. Its id names its first note (by room, then note id) so it stays
/// stable across rebuilds; its wording is its most central member of this
/// group (members are kept most central first).
fn restrict(item: &MergedItem, label: &str, prefix: &str) -> Option<MergedItem> {
    let members: Vec<_> = item
        .members
        .iter()
        .filter(|m| m.group_label == label)
        .cloned()
        .collect();
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
