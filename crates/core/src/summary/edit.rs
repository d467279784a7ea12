//! Review edits: what an organiser changes in a suggested report (merge two
//! items, split a note out, rename a topic, move an item), as serialisable
//! values applied by one pure function, so the server can store them and
//! replay them on a rebuilt report. An edit that names an unknown item,
//! topic or note fails and changes nothing.

use serde::{Deserialize, Serialize};

use super::report::{ItemId, MergedItem, Report, TopicId, TopicReport, TopicSource, sort_topics};
use super::views;
use crate::ids::NoteId;

/// One change to a report. Items and topics are only merged or moved
/// within one section of one round. An id from a group's view stands for
/// the cross-group item or topic it shows: the edit changes that one, and
/// every view follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReviewEdit {
    /// Moves every member of `from` into `into`; `from` disappears.
    MergeItems {
        into: ItemId,
        from: ItemId,
    },
    /// Takes one note out of `item` into a new item in the same topic.
    SplitMember {
        item: ItemId,
        note: NoteId,
    },
    RenameTopic {
        topic: TopicId,
        name: String,
    },
    /// Moves `item` to an existing topic of the same section.
    MoveItem {
        item: ItemId,
        topic: TopicId,
    },
    /// Moves `item` to a new topic called `name` in its section.
    MoveToNewTopic {
        item: ItemId,
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("item '{0}' is not in the report")]
    UnknownItem(ItemId),
    #[error("topic '{0}' is not in the report")]
    UnknownTopic(TopicId),
    #[error("note '{note}' is not a member of item '{item}'")]
    UnknownMember { item: ItemId, note: NoteId },
    #[error("'{0}' and '{1}' are in different sections")]
    DifferentSections(String, String),
    #[error("item '{0}' cannot be merged with itself")]
    SameItem(ItemId),
    #[error("item '{0}' has only one note; nothing to split")]
    SingleMember(ItemId),
    #[error("a topic name cannot be empty")]
    EmptyName,
}

/// Where an item sits: section (in [`Report::sections`] order), topic, item.
type ItemPlace = (usize, usize, usize);

/// Applies `edit` to `report`, or returns why not (leaving it unchanged).
/// An edit made in a group's view changes the cross-group item or topic
/// it shows, so every view, the overview and every export change with it.
pub fn apply_edit(report: &mut Report, edit: &ReviewEdit) -> Result<(), ReviewError> {
    let edit = canonical_edit(report, edit)?;
    match &edit {
        ReviewEdit::MergeItems { into, from } => merge_items(report, into, from),
        ReviewEdit::SplitMember { item, note } => split_member(report, item, note),
        ReviewEdit::RenameTopic { topic, name } => rename_topic(report, topic, name),
        ReviewEdit::MoveItem { item, topic } => move_item(report, item, topic),
        ReviewEdit::MoveToNewTopic { item, name } => move_to_new_topic(report, item, name),
    }?;
    views::refresh(report);
    Ok(())
}

/// `edit` with every id replaced by the cross-group item or topic it
/// stands for: the form to store, so a replay does not depend on how the
/// group views are numbered.
pub fn canonical_edit(report: &Report, edit: &ReviewEdit) -> Result<ReviewEdit, ReviewError> {
    let item = |id: &ItemId| {
        views::canonical_item(report, id).ok_or_else(|| ReviewError::UnknownItem(id.clone()))
    };
    let topic = |id: &TopicId| {
        views::canonical_topic(report, id).ok_or_else(|| ReviewError::UnknownTopic(id.clone()))
    };
    Ok(match edit {
        ReviewEdit::MergeItems { into, from } => ReviewEdit::MergeItems {
            into: item(into)?,
            from: item(from)?,
        },
        ReviewEdit::SplitMember { item: id, note } => {
            // The note leaves the remark everywhere: in the cross-group item
            // that holds it.
            let canonical = item(id)?;
            ReviewEdit::SplitMember {
                item: canonical,
                note: note.clone(),
            }
        }
        ReviewEdit::RenameTopic { topic: id, name } => ReviewEdit::RenameTopic {
            topic: topic(id)?,
            name: name.clone(),
        },
        ReviewEdit::MoveItem { item: id, topic: t } => ReviewEdit::MoveItem {
            item: item(id)?,
            topic: topic(t)?,
        },
        ReviewEdit::MoveToNewTopic { item: id, name } => ReviewEdit::MoveToNewTopic {
            item: item(id)?,
            name: name.clone(),
        },
    })
}

fn find_item(report: &Report, id: &ItemId) -> Result<ItemPlace, ReviewError> {
    for (s, section) in report.sections().enumerate() {
        for (t, topic) in section.topics.iter().enumerate() {
            if let Some(i) = topic.items.iter().position(|item| &item.id == id) {
                return Ok((s, t, i));
            }
        }
    }
    Err(ReviewError::UnknownItem(id.clone()))
}

fn find_topic(report: &Report, id: &TopicId) -> Result<(usize, usize), ReviewError> {
    for (s, section) in report.sections().enumerate() {
        if let Some(t) = section.topics.iter().position(|topic| &topic.id == id) {
            return Ok((s, t));
        }
    }
    Err(ReviewError::UnknownTopic(id.clone()))
}

/// The topics of section `section`; `missing` is the error should the place
/// (found on this same report just before) not exist.
fn topics_mut(
    report: &mut Report,
    section: usize,
    missing: impl FnOnce() -> ReviewError,
) -> Result<&mut Vec<TopicReport>, ReviewError> {
    report
        .sections_mut()
        .nth(section)
        .map(|s| &mut s.topics)
        .ok_or_else(missing)
}

fn merge_items(report: &mut Report, into: &ItemId, from: &ItemId) -> Result<(), ReviewError> {
    if into == from {
        return Err(ReviewError::SameItem(into.clone()));
    }
    let (s_into, t_into, _) = find_item(report, into)?;
    let (s_from, t_from, i_from) = find_item(report, from)?;
    if s_into != s_from {
        return Err(ReviewError::DifferentSections(
            into.0.clone(),
            from.0.clone(),
        ));
    }
    let topics = topics_mut(report, s_into, || ReviewError::UnknownItem(into.clone()))?;
    let moved = topics[t_from].items.remove(i_from);
    if let Some(target) = topics[t_into].items.iter_mut().find(|i| &i.id == into) {
        target.members.extend(moved.members);
        target.recount();
    }
    finish(topics);
    Ok(())
}

fn split_member(report: &mut Report, item: &ItemId, note: &NoteId) -> Result<(), ReviewError> {
    let (s, t, i) = find_item(report, item)?;
    let topics = topics_mut(report, s, || ReviewError::UnknownItem(item.clone()))?;
    let source = &topics[t].items[i];
    let Some(m) = source.members.iter().position(|m| &m.note_id == note) else {
        return Err(ReviewError::UnknownMember {
            item: item.clone(),
            note: note.clone(),
        });
    };
    if source.members.len() < 2 {
        return Err(ReviewError::SingleMember(item.clone()));
    }
    let new_id = unused_item_id(topics, item, note);
    let source = &mut topics[t].items[i];
    let member = source.members.remove(m);
    if source.text.trim() == member.text.trim()
        && let Some(first) = source.members.first()
    {
        source.text = first.text.trim().to_owned();
    }
    source.recount();
    let mut split = MergedItem {
        id: new_id,
        text: member.text.trim().to_owned(),
        count: 0,
        votes: 0,
        groups: Vec::new(),
        members: vec![member],
    };
    split.recount();
    topics[t].items.push(split);
    finish(topics);
    Ok(())
}

fn unused_item_id(topics: &[TopicReport], item: &ItemId, note: &NoteId) -> ItemId {
    let prefix = item.0.rsplit_once('/').map_or(item.0.as_str(), |(p, _)| p);
    let taken = |id: &str| topics.iter().flat_map(|t| &t.items).any(|i| i.id.0 == id);
    let base = format!("{prefix}/split-{note}");
    let mut candidate = base.clone();
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    ItemId(candidate)
}

fn rename_topic(report: &mut Report, topic: &TopicId, name: &str) -> Result<(), ReviewError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ReviewError::EmptyName);
    }
    let (s, t) = find_topic(report, topic)?;
    let topics = topics_mut(report, s, || ReviewError::UnknownTopic(topic.clone()))?;
    topics[t].name = name.to_owned();
    topics[t].source = TopicSource::Review;
    Ok(())
}

fn move_item(report: &mut Report, item: &ItemId, topic: &TopicId) -> Result<(), ReviewError> {
    let (s_item, t_from, i) = find_item(report, item)?;
    let (s_topic, t_to) = find_topic(report, topic)?;
    if s_item != s_topic {
        return Err(ReviewError::DifferentSections(
            item.0.clone(),
            topic.0.clone(),
        ));
    }
    if t_from == t_to {
        return Ok(());
    }
    let topics = topics_mut(report, s_item, || ReviewError::UnknownItem(item.clone()))?;
    let moved = topics[t_from].items.remove(i);
    topics[t_to].items.push(moved);
    finish(topics);
    Ok(())
}

fn move_to_new_topic(report: &mut Report, item: &ItemId, name: &str) -> Result<(), ReviewError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ReviewError::EmptyName);
    }
    let (s, t, i) = find_item(report, item)?;
    let topics = topics_mut(report, s, || ReviewError::UnknownItem(item.clone()))?;
    let prefix = topics[t]
        .id
        .0
        .rsplit_once('/')
        .map_or("", |(p, _)| p)
        .to_owned();
    let id = (0..)
        .map(|k| TopicId(format!("{prefix}/t{k}")))
        .find(|id| topics.iter().all(|t| &t.id != id))
        .unwrap_or_else(|| TopicId(format!("{prefix}/t-new")));
    let moved = topics[t].items.remove(i);
    topics.push(TopicReport {
        id,
        name: name.to_owned(),
        source: TopicSource::Review,
        items: vec![moved],
    });
    finish(topics);
    Ok(())
}

/// Drops emptied topics and restores the report's ordering.
fn finish(topics: &mut Vec<TopicReport>) {
    topics.retain(|t| !t.items.is_empty());
    sort_topics(topics);
}
