//! The merge engine at the scale of a whole partnership day, including the
//! adversarial days that used to defeat its candidate pre-filter: numbers
//! appended to every note, a unique numbered word per note, one huge
//! section, all notes identical, all notes different.
//!
//! The generators are shared with the criterion benchmark
//! (`benches/summary.rs` includes this file as a module). The tests assert
//! *counts* (candidate pairs per node), never times: they are
//! deterministic and catch a return of the quadratic cases.
//! `cargo test --release -p samenbord-core --test summary_scale --
//! --ignored --nocapture` prints timings of every variant.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use samenbord_core::ids::{ElementId, NoteId, RoomId, RoundId};
use samenbord_core::summary::NoteRecord;
use serde::Deserialize;

#[derive(Deserialize)]
struct Labelled {
    cluster: Vec<Cluster>,
}

#[derive(Deserialize)]
struct Cluster {
    section: String,
    notes: Vec<LabelledNote>,
}

#[derive(Deserialize)]
struct LabelledNote {
    t: String,
    topic: Option<String>,
}

/// (section, text, topic) of every labelled note.
pub fn base() -> Vec<(String, String, Option<String>)> {
    let text = include_str!("data/summary_labelled.toml");
    let set: Labelled = toml::from_str(text).unwrap();
    set.cluster
        .into_iter()
        .flat_map(|c| {
            let section = c.section;
            c.notes
                .into_iter()
                .map(move |n| (section.clone(), n.t, n.topic))
        })
        .collect()
}

const FILLERS: [&str; 7] = [
    "",
    " echt",
    " vooral",
    " !",
    " (belangrijk)",
    " voor ons",
    " op school",
];

/// The shapes of day the benchmark and the tests build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Paraphrases of the labelled set (many repeat after normalisation).
    Paraphrased,
    /// The same, with a number 0–96 appended to every note.
    NumbersAppended,
    /// The same, with a unique numbered word ("rooster17") per note.
    UniqueNumberedWord,
    /// Every note in one section, each with a made-up word (look-alike
    /// rare tokens without digits).
    OneSection,
    /// Every note the same text in the same section.
    Identical,
    /// Every note four made-up words: nothing to merge, many look-alikes.
    AllDifferent,
}

impl Variant {
    pub const ALL: [Variant; 6] = [
        Variant::Paraphrased,
        Variant::NumbersAppended,
        Variant::UniqueNumberedWord,
        Variant::OneSection,
        Variant::Identical,
        Variant::AllDifferent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Paraphrased => "paraphrased",
            Variant::NumbersAppended => "numbers appended",
            Variant::UniqueNumberedWord => "unique numbered word",
            Variant::OneSection => "one section",
            Variant::Identical => "all identical",
            Variant::AllDifferent => "all different",
        }
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mir", "sen", "tu", "ve", "dra", "pol", "ni", "ges", "bru", "fa", "zo", "wen",
    "ho", "rik", "mu", "te", "ja", "plo", "din", "se", "gru", "vo",
];

/// A made-up word from `seed` (three syllables).
fn word(seed: u64) -> String {
    let mut state = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    let mut out = String::new();
    for _ in 0..3 {
        state ^= state >> 29;
        state = state.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        out.push_str(SYLLABLES[(state >> 40) as usize % SYLLABLES.len()]);
    }
    out
}

/// `rooms` rooms of `per_room` notes each, shaped by `variant`.
pub fn day(variant: Variant, rooms: usize, per_room: usize) -> Vec<NoteRecord> {
    let base = base();
    let mut notes = Vec::with_capacity(rooms * per_room);
    for room in 0..rooms {
        for k in 0..per_room {
            let n = room * per_room + k;
            let (section, text, topic) = &base[(room * 7 + k * 13) % base.len()];
            let filler = FILLERS[(room + k) % FILLERS.len()];
            let (section, text, topic) = match variant {
                Variant::Paraphrased => (section.clone(), format!("{text}{filler}"), topic.clone()),
                Variant::NumbersAppended => (
                    section.clone(),
                    format!("{text}{filler} {}", n % 97),
                    topic.clone(),
                ),
                Variant::UniqueNumberedWord => (
                    section.clone(),
                    format!("{text}{filler} rooster{n}"),
                    topic.clone(),
                ),
                Variant::OneSection => (
                    "uitdagingen".to_owned(),
                    format!("{text}{filler} {}", word(n as u64 + 1_000_000)),
                    topic.clone(),
                ),
                Variant::Identical => (
                    "uitdagingen".to_owned(),
                    "Tijd is een uitdaging.".to_owned(),
                    None,
                ),
                Variant::AllDifferent => {
                    let seed = n as u64 * 4;
                    let words: Vec<String> = (0..4).map(|i| word(seed + i)).collect();
                    (section.clone(), words.join(" "), None)
                }
            };
            notes.push(NoteRecord {
                note_id: NoteId::new(format!("d{n:05}")).unwrap(),
                round_id: RoundId::new("dag").unwrap(),
                round_name: "Dialoogsessie".into(),
                room_id: RoomId::new(format!("room-{room:03}")).unwrap(),
                group_label: format!("Groep {}", room % 40),
                statement: None,
                section_id: ElementId::new(section.as_str()).unwrap(),
                section_title: section.clone(),
                text,
                topic,
                author_role: None,
                author_name: None,
                votes: u32::try_from(k % 3).unwrap(),
                late: false,
            });
        }
    }
    notes
}

/// The size each variant is measured at: a full day of 30,000 notes, and
/// 5,000 notes for the one-section day.
pub fn full_size(variant: Variant) -> (usize, usize) {
    match variant {
        Variant::OneSection => (50, 100),
        _ => (300, 100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samenbord_core::summary::{MAX_CANDIDATES, MergeConfig, Report, build_report, merge_stats};

    fn items(report: &Report) -> usize {
        report
            .rounds
            .iter()
            .flat_map(|r| &r.cross_group)
            .map(|s| s.items().count())
            .sum()
    }

    #[test]
    fn similarity_evaluations_stay_linear_in_the_notes_for_every_variant() {
        let config = MergeConfig::default();
        for variant in Variant::ALL {
            let notes = day(variant, 30, 60);
            let stats = merge_stats(&notes, &config);
            assert_eq!(stats.notes, notes.len());
            assert!(
                stats.candidate_pairs <= MAX_CANDIDATES * stats.nodes,
                "{}: {stats:?}",
                variant.name()
            );
        }
    }

    #[test]
    fn numbers_do_not_defeat_collapsing_or_change_the_merge() {
        let config = MergeConfig::default();
        let plain = day(Variant::Paraphrased, 30, 60);
        let plain_stats = merge_stats(&plain, &config);
        let plain_items = items(&build_report(&plain, &[], &config));
        for variant in [Variant::NumbersAppended, Variant::UniqueNumberedWord] {
            let notes = day(variant, 30, 60);
            let stats = merge_stats(&notes, &config);
            assert_eq!(stats.nodes, plain_stats.nodes, "{}", variant.name());
            let report = build_report(&notes, &[], &config);
            // "rooster" is then one more (common) word in every note.
            assert!(items(&report).abs_diff(plain_items) <= plain_items / 10);
        }
    }

    #[test]
    fn adversarial_days_are_order_independent() {
        let config = MergeConfig::default();
        for variant in [
            Variant::OneSection,
            Variant::AllDifferent,
            Variant::NumbersAppended,
        ] {
            let mut notes = day(variant, 12, 50);
            let expected = build_report(&notes, &[], &config);
            notes.reverse();
            let n = notes.len();
            notes.swap(0, n / 2);
            assert_eq!(
                build_report(&notes, &[], &config),
                expected,
                "{}",
                variant.name()
            );
        }
    }

    #[test]
    fn all_identical_notes_are_one_item() {
        let notes = day(Variant::Identical, 20, 50);
        let report = build_report(&notes, &[], &MergeConfig::default());
        assert_eq!(items(&report), 1);
        let item = report.rounds[0].cross_group[0].items().next().unwrap();
        assert_eq!(item.count as usize, notes.len());
    }

    /// CPU time of this thread in ms (Linux; 10 ms ticks), which the
    /// other work on a shared machine does not inflate as much as wall time.
    fn cpu_ms() -> Option<u64> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some(ticks * 10)
    }

    #[test]
    #[ignore]
    fn timings_of_every_variant() {
        let config = MergeConfig::default();
        // `SUMMARY_VARIANTS=identical,different` measures only those.
        let only = std::env::var("SUMMARY_VARIANTS").unwrap_or_default();
        for variant in Variant::ALL {
            if !only.is_empty() && !only.split(',').any(|o| variant.name().contains(o.trim())) {
                continue;
            }
            let (rooms, per_room) = full_size(variant);
            let notes = day(variant, rooms, per_room);
            let (start, cpu) = (std::time::Instant::now(), cpu_ms());
            let report = build_report(&notes, &[], &config);
            let (elapsed, cpu) = (start.elapsed(), cpu_ms().zip(cpu).map(|(b, a)| b - a));
            let items: usize = report
                .rounds
                .iter()
                .flat_map(|r| &r.cross_group)
                .map(|s| s.items().count())
                .sum();
            let stats = merge_stats(&notes, &config);
            println!(
                "{:>22}: {} notes in {elapsed:?} (CPU {cpu:?} ms), {items} cross-group \
                 items; {} nodes, {} candidate pairs",
                variant.name(),
                notes.len(),
                stats.nodes,
                stats.candidate_pairs
            );
        }
    }
}
