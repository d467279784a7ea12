//! The overall summary on top of the report, as Dutch prose written from
//! the reviewed report itself, without any external service: per round
//! (dialogue session) a few paragraphs saying who spoke, what stood out
//! per target group or safeguard (its largest topics), what was mentioned
//! most across groups, and the agreements.
//!
//! It never presents one raw note as a finding: a remark is quoted only
//! when several notes from at least two rooms were merged into it, and
//! groups are described by their topics, which name what several remarks
//! share.

use std::collections::BTreeSet;

use super::from_room::is_remark_section;
use super::input::AgreementRecord;
use super::report::{GroupReport, MergedItem, RoundReport, SectionReport, TopicSource};

/// How many remarks the "mentioned most" sentence names per round.
const MOST_MENTIONED: usize = 4;
/// How many topics describe one group.
const TOPICS_PER_GROUP: usize = 2;
/// How many agreements are named per round.
const AGREEMENTS_NAMED: usize = 3;

/// Writes the overview of `rounds` and `agreements`, paragraphs separated
/// by blank lines.
pub fn overall_summary(rounds: &[RoundReport], agreements: &[AgreementRecord]) -> String {
    let mut paragraphs = Vec::new();
    for round in rounds {
        paragraphs.push(round.round_name.trim().to_owned());
        paragraphs.push(who_spoke(round));
        let groups: Vec<String> = round.groups.iter().filter_map(group_sentence).collect();
        if !groups.is_empty() {
            paragraphs.push(groups.join(" "));
        }
        paragraphs.push(most_mentioned(round));
        let own: Vec<&AgreementRecord> = agreements
            .iter()
            .filter(|a| a.round_id == round.round_id)
            .collect();
        if let Some(sentence) = agreements_sentence(&own) {
            paragraphs.push(sentence);
        }
    }
    paragraphs.join("\n\n")
}

/// The sections of what people remarked (not the pinned question, the
/// data or the record a card's slots hold).
fn remarks(sections: &[SectionReport]) -> impl Iterator<Item = &SectionReport> {
    sections.iter().filter(|s| is_remark_section(&s.section_id))
}

fn who_spoke(round: &RoundReport) -> String {
    let notes: u32 = remarks(&round.cross_group)
        .flat_map(SectionReport::items)
        .map(|i| i.count)
        .sum();
    let sections: Vec<String> = remarks(&round.cross_group)
        .map(|s| lower_first(s.title.trim()))
        .collect();
    let groups = who(round);
    format!(
        "In {} {groups}. Samen schreven zij {notes} {} bij {}.",
        round.round_name.trim(),
        plural(notes, "opmerking", "opmerkingen"),
        join_dutch(&sections),
    )
}

/// "spraken 7 groepen: bestuurders, schoolleiders en HR (2 groepen), …":
/// the rooms counted, as the plan's "In 7 heterogene groepen" counts them,
/// each label once with its number of rooms when there were several.
fn who(round: &RoundReport) -> String {
    let rooms: usize = round.groups.iter().map(|g| g.rooms.len().max(1)).sum();
    let labels: Vec<String> = round
        .groups
        .iter()
        .map(|g| match g.rooms.len() {
            0 | 1 => g.label.trim().to_owned(),
            n => format!("{} ({n} groepen)", g.label.trim()),
        })
        .collect();
    match (rooms, labels.as_slice()) {
        (1, [label]) => format!("sprak de groep {label}"),
        (n, _) => format!("spraken {n} groepen: {}", join_dutch(&labels)),
    }
}

/// "Bij Schoolopleiders ging het vooral over ‘tijd voor begeleiding’
/// (uitdagingen) en ‘warme overdracht’ (kansen)." Topic names are quoted:
/// many are stems put together ("opleiden actief"), which read as broken
/// Dutch when run into the sentence (a walk-through's report).
fn group_sentence(group: &GroupReport) -> Option<String> {
    let mut topics: Vec<(u32, String, String)> = remarks(&group.sections)
        .flat_map(|s| {
            s.topics
                .iter()
                .filter(|t| t.source != TopicSource::Other)
                .map(move |t| {
                    let notes = t.items.iter().map(|i| i.count).sum::<u32>();
                    (notes, t.name.trim().to_owned(), lower_first(s.title.trim()))
                })
        })
        .collect();
    topics.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut seen = BTreeSet::new();
    let named: Vec<String> = topics
        .into_iter()
        .filter(|(_, name, _)| seen.insert(name.to_lowercase()))
        .take(TOPICS_PER_GROUP)
        .map(|(_, name, section)| format!("‘{}’ ({section})", lower_first(&name)))
        .collect();
    if named.is_empty() {
        return None;
    }
    Some(format!(
        "Bij {} ging het vooral over {}.",
        group.label.trim(),
        join_dutch(&named)
    ))
}

/// The remarks made most often, each by several rooms.
fn most_mentioned(round: &RoundReport) -> String {
    let mut items: Vec<(&MergedItem, &str)> = remarks(&round.cross_group)
        .flat_map(|s| s.items().map(move |i| (i, s.title.trim())))
        .filter(|(i, _)| i.count >= 2 && rooms(i) >= 2)
        .collect();
    items.sort_by(|a, b| {
        b.0.count
            .cmp(&a.0.count)
            .then_with(|| a.0.text.cmp(&b.0.text))
    });
    if items.is_empty() {
        return "Geen opmerking kwam in meer dan één groep terug.".to_owned();
    }
    let listed: Vec<String> = items
        .iter()
        .take(MOST_MENTIONED)
        .map(|(i, section)| {
            format!(
                "{} ({}x, {})",
                lower_first(strip_end(&i.text)),
                i.count,
                lower_first(section)
            )
        })
        .collect();
    format!(
        "Het vaakst, en in meerdere groepen, genoemd: {}.",
        join_dutch(&listed)
    )
}

fn rooms(item: &MergedItem) -> usize {
    item.members
        .iter()
        .map(|m| &m.room_id)
        .collect::<BTreeSet<_>>()
        .len()
}

fn agreements_sentence(agreements: &[&AgreementRecord]) -> Option<String> {
    let n = agreements.len();
    if n == 0 {
        return None;
    }
    let named: Vec<String> = agreements
        .iter()
        .take(AGREEMENTS_NAMED)
        .map(|a| {
            let mut details = Vec::new();
            if let Some(who) = a.who.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
                details.push(who.to_owned());
            }
            if let Some(when) = a.when.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
                details.push(lower_first(when));
            }
            let what = lower_first(strip_end(&a.what));
            if details.is_empty() {
                what
            } else {
                format!("{what} ({})", details.join(", "))
            }
        })
        .collect();
    let lead = if n == 1 {
        "Er is 1 afspraak gemaakt".to_owned()
    } else {
        format!("Er zijn {n} afspraken gemaakt")
    };
    let more = if n > AGREEMENTS_NAMED {
        ", onder meer"
    } else {
        ""
    };
    Some(format!("{lead}{more}: {}.", named.join("; ")))
}

fn plural(n: u32, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn strip_end(text: &str) -> &str {
    text.trim()
        .trim_end_matches(['.', '!', '?', ';', ','])
        .trim_end()
}

/// Lower-cases the first letter unless the first word is an abbreviation
/// or a name written with more capitals ("PLG's", "IPABO").
fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or_default();
    if first_word.chars().skip(1).any(char::is_uppercase) {
        return text.to_owned();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "a en b", "a, b en c".
fn join_dutch(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{RoomId, RoundId};

    fn group(label: &str, rooms: &[&str]) -> GroupReport {
        GroupReport {
            label: label.to_owned(),
            statement: None,
            rooms: rooms.iter().map(|r| RoomId::new(*r).unwrap()).collect(),
            sections: Vec::new(),
        }
    }

    fn round(groups: Vec<GroupReport>) -> RoundReport {
        RoundReport {
            round_id: RoundId::new("r1").unwrap(),
            round_name: "Dialoogsessie 2".to_owned(),
            groups,
            cross_group: Vec::new(),
        }
    }

    #[test]
    fn the_groups_counted_are_the_rooms_as_the_plan_counts_them() {
        // Seven heterogeneous rooms under four safeguards: the plan's
        // header says "In 7 heterogene groepen"; the prose must not say 4.
        let r = round(vec![
            group("Waarborg A", &["g1", "g2"]),
            group("Waarborg B", &["g3", "g4"]),
            group("Waarborg C", &["g5", "g6"]),
            group("Waarborg D", &["g7"]),
        ]);
        assert_eq!(
            who(&r),
            "spraken 7 groepen: Waarborg A (2 groepen), Waarborg B (2 groepen), \
             Waarborg C (2 groepen) en Waarborg D"
        );
        assert_eq!(
            who(&round(vec![group("Bestuurders", &["g1"])])),
            "sprak de groep Bestuurders"
        );
        assert_eq!(
            who(&round(vec![
                group("Bestuurders", &["g1"]),
                group("Schoolleiders", &["g2"])
            ])),
            "spraken 2 groepen: Bestuurders en Schoolleiders"
        );
    }
}
