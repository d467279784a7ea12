//! From the raw file to a [`Programme`]: the programme's own fields, each
//! round's fields and times, and the order of the rounds. Pools and groups
//! are checked in [`super::groups`]. Every problem goes to the sink; a
//! `None` means at least one was reported.

use std::collections::BTreeMap;

use crate::content_error::ErrorSink;
use crate::grouping::Mode;
use crate::ids::TemplateId;
use crate::template::CardTemplate;

use super::checks::{id, template, text, unique};
use super::clock::ClockTime;
use super::groups::{ModeKey, check_groups, check_pools, pools_have_groups};
use super::model::{Programme, Round};
use super::raw::{RawProgramme, RawRound};

pub(super) fn check_programme(
    sink: &mut ErrorSink,
    raw: &RawProgramme,
    templates: &BTreeMap<TemplateId, CardTemplate>,
) -> Option<Programme> {
    let programme_id = id(sink, "id", &raw.id);
    let title = text(sink, "title", &raw.title);
    let description = text(sink, "description", &raw.description);
    if raw.rounds.is_empty() {
        sink.push("rounds", "a programme needs at least one round");
    }
    unique(sink, raw.rounds.iter().map(|r| r.id.as_str()), |i| {
        format!("rounds[{i}].id")
    });
    let times: Vec<Option<(ClockTime, ClockTime)>> = raw
        .rounds
        .iter()
        .enumerate()
        .map(|(i, round)| round_times(sink, &format!("rounds[{i}]"), round))
        .collect();
    check_round_order(sink, &times);
    let rounds: Vec<Option<Round>> = raw
        .rounds
        .iter()
        .zip(&times)
        .enumerate()
        .map(|(i, (round, times))| {
            check_round(sink, &format!("rounds[{i}]"), round, *times, templates)
        })
        .collect();
    Some(Programme {
        id: programme_id?,
        title,
        description,
        rounds: rounds.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

/// Start and end, each `HH:MM`, start before end.
fn round_times(sink: &mut ErrorSink, path: &str, raw: &RawRound) -> Option<(ClockTime, ClockTime)> {
    let mut parse = |field: &str, value: &str| {
        value
            .parse::<ClockTime>()
            .map_err(|e| sink.push(format!("{path}.{field}"), e.to_string()))
            .ok()
    };
    let start = parse("start", &raw.start);
    let end = parse("end", &raw.end);
    let (start, end) = (start?, end?);
    if start >= end {
        sink.push(
            format!("{path}.end"),
            format!("the round ends at {end}, not after it starts at {start}"),
        );
        return None;
    }
    Some((start, end))
}

/// Each round starts no earlier than the previous (valid) round ends.
fn check_round_order(sink: &mut ErrorSink, times: &[Option<(ClockTime, ClockTime)>]) {
    let mut previous: Option<(usize, ClockTime)> = None;
    for (i, round) in times.iter().enumerate() {
        let Some((start, end)) = round else { continue };
        if let Some((j, previous_end)) = previous
            && *start < previous_end
        {
            sink.push(
                format!("rounds[{i}].start"),
                format!(
                    "starts at {start}, before rounds[{j}] ends at {previous_end}; \
                     rounds must be in time order and may not overlap"
                ),
            );
        }
        previous = Some((i, *end));
    }
}

fn check_round(
    sink: &mut ErrorSink,
    path: &str,
    raw: &RawRound,
    times: Option<(ClockTime, ClockTime)>,
    templates: &BTreeMap<TemplateId, CardTemplate>,
) -> Option<Round> {
    let round_id = id(sink, &format!("{path}.id"), &raw.id);
    let name = text(sink, &format!("{path}.name"), &raw.name);
    let description = raw
        .description
        .as_deref()
        .map(|d| text(sink, &format!("{path}.description"), d));
    let mode_key = ModeKey::parse(sink, &format!("{path}.mode"), &raw.mode);
    let round_template = raw
        .template
        .as_deref()
        .map(|t| template(sink, &format!("{path}.template"), t, templates));
    let pools = match mode_key {
        Some(ModeKey::Homogeneous) => check_pools(sink, path, raw.pools.as_deref()),
        _ => {
            if raw.pools.is_some() {
                sink.push(
                    format!("{path}.pools"),
                    "pools only apply to rounds with mode = \"homogeneous\"",
                );
            }
            Some(Vec::new())
        }
    };
    let groups = check_groups(sink, path, raw, mode_key, round_template, templates);
    if mode_key == Some(ModeKey::Homogeneous) {
        pools_have_groups(sink, path, raw);
    }
    let mode = match mode_key? {
        ModeKey::Homogeneous => Mode::Homogeneous { pools: pools? },
        ModeKey::Heterogeneous => Mode::Heterogeneous,
        ModeKey::Manual => Mode::Manual,
    };
    let (start, end) = times?;
    Some(Round {
        id: round_id?,
        name,
        description,
        start,
        end,
        mode,
        groups: groups?,
    })
}
