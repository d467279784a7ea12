//! Measured quality of the summary merge engine on the hand-labelled set
//! `tests/data/summary_labelled.toml`, plus the engine's invariants: order
//! independence, determinism, counts, every note placed exactly once, and
//! review edits that change nothing when they fail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proptest::prelude::*;
use samenbord_core::ids::{ElementId, NoteId, RoomId, RoundId};
use samenbord_core::summary::{
    AgreementRecord, ItemId, MergeConfig, NoteRecord, Report, ReviewEdit, ReviewError, TopicSource,
    apply_edit, build_report, clusters,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct DataSet {
    cluster: Vec<LabelledCluster>,
    #[serde(default)]
    near_miss: Vec<NearMiss>,
}

#[derive(Deserialize)]
struct LabelledCluster {
    key: String,
    section: String,
    round: Option<String>,
    notes: Vec<LabelledNote>,
}

#[derive(Deserialize)]
struct LabelledNote {
    g: String,
    t: String,
    topic: Option<String>,
}

#[derive(Deserialize)]
struct NearMiss {
    a: String,
    b: String,
}

const LABELLED: &str = include_str!("data/summary_labelled.toml");
/// The first held-out set: seen while the engine was tuned for issue 14,
/// so it is tuning data now, scored together with `LABELLED`.
const HELD_OUT: &str = include_str!("data/summary_heldout.toml");
/// Written and committed before the engine was retuned, measured once
/// after: the honest check of generalisation (docs/summary.md).
const HELD_OUT_2: &str = include_str!("data/summary_heldout2.toml");

fn data_set() -> DataSet {
    parse(LABELLED)
}

fn parse(text: &str) -> DataSet {
    toml::from_str(text).unwrap()
}

fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The labelled notes as records, with each note's true cluster key.
fn labelled_notes() -> Vec<(NoteRecord, String)> {
    notes_of(data_set())
}

fn notes_of(data: DataSet) -> Vec<(NoteRecord, String)> {
    let mut out = Vec::new();
    for cluster in data.cluster {
        let round = cluster.round.clone().unwrap_or_else(|| {
            if cluster.section == "kansen" {
                "ronde-1"
            } else {
                "ronde-2"
            }
            .to_owned()
        });
        for note in &cluster.notes {
            let n = out.len();
            let record = NoteRecord {
                note_id: NoteId::new(format!("n{n:03}")).unwrap(),
                round_id: RoundId::new(round.as_str()).unwrap(),
                round_name: if round == "ronde-1" {
                    "Dialoogsessie 1"
                } else {
                    "Dialoogsessie 2"
                }
                .to_owned(),
                room_id: RoomId::new(format!("{round}.{}", slug(&note.g))).unwrap(),
                group_label: note.g.clone(),
                statement: Some(format!("Stelling van {}", note.g)),
                section_id: ElementId::new(cluster.section.as_str()).unwrap(),
                section_title: title(&cluster.section),
                text: note.t.clone(),
                topic: note.topic.clone(),
                author_role: None,
                author_name: None,
                votes: (n % 3) as u32,
                late: false,
            };
            out.push((record, cluster.key.clone()));
        }
    }
    out
}

fn title(section: &str) -> String {
    let mut chars = section.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

struct Scores {
    tp: f64,
    fp: f64,
    fn_: f64,
    precision: f64,
    recall: f64,
    f1: f64,
    false_merges: Vec<(String, String)>,
    missed: Vec<(String, String)>,
}

/// Pairwise precision/recall/F1 on the tuning data: the labelled set and
/// the first held-out set, each clustered on its own (their labels are
/// independent), pairs pooled.
fn score(config: &MergeConfig) -> Scores {
    let a = score_on(labelled_notes(), config);
    let b = score_on(notes_of(parse(HELD_OUT)), config);
    let pooled = |x: &Scores| (x.tp, x.fp, x.fn_);
    let (ta, fa, na) = pooled(&a);
    let (tb, fb, nb) = pooled(&b);
    let mut s = Scores::from_counts(ta + tb, fa + fb, na + nb);
    s.false_merges = [a.false_merges, b.false_merges].concat();
    s.missed = [a.missed, b.missed].concat();
    s
}

fn score_on(labelled: Vec<(NoteRecord, String)>, config: &MergeConfig) -> Scores {
    let notes: Vec<NoteRecord> = labelled.iter().map(|(n, _)| n.clone()).collect();
    let truth: HashMap<&NoteId, &str> = labelled
        .iter()
        .map(|(n, k)| (&n.note_id, k.as_str()))
        .collect();
    let mut predicted: HashMap<NoteId, usize> = HashMap::new();
    for (c, members) in clusters(&notes, config).iter().enumerate() {
        for m in members {
            predicted.insert(m.note_id.clone(), c);
        }
    }
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    let (mut false_merges, mut missed) = (Vec::new(), Vec::new());
    for (i, a) in notes.iter().enumerate() {
        for b in &notes[i + 1..] {
            let same_truth = truth[&a.note_id] == truth[&b.note_id];
            let same_pred = predicted[&a.note_id] == predicted[&b.note_id];
            match (same_truth, same_pred) {
                (true, true) => tp += 1.0,
                (false, true) => {
                    fp += 1.0;
                    false_merges.push((a.text.clone(), b.text.clone()));
                }
                (true, false) => {
                    fn_ += 1.0;
                    missed.push((a.text.clone(), b.text.clone()));
                }
                (false, false) => {}
            }
        }
    }
    let mut s = Scores::from_counts(tp, fp, fn_);
    s.false_merges = false_merges;
    s.missed = missed;
    s
}

impl Scores {
    fn from_counts(tp: f64, fp: f64, fn_: f64) -> Self {
        let precision = tp / (tp + fp);
        let recall = tp / (tp + fn_);
        Scores {
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1: 2.0 * precision * recall / (precision + recall),
            false_merges: Vec::new(),
            missed: Vec::new(),
        }
    }
}

#[test]
fn labelled_set_is_large_enough() {
    let data = data_set();
    let notes: usize = data.cluster.iter().map(|c| c.notes.len()).sum();
    assert!(notes >= 150, "{notes} notes");
    assert!(data.cluster.len() >= 40, "{} clusters", data.cluster.len());
}

#[test]
fn pairwise_f1_on_the_labelled_set_is_at_least_0_85() {
    let s = score(&MergeConfig::default());
    println!(
        "tuning quality (labelled + first held-out): precision {:.3}, recall {:.3}, F1 {:.3} ({} false merges, {} missed pairs)",
        s.precision,
        s.recall,
        s.f1,
        s.false_merges.len(),
        s.missed.len()
    );
    for (name, set) in [("labelled", LABELLED), ("first held-out", HELD_OUT)] {
        let part = score_on(notes_of(parse(set)), &MergeConfig::default());
        println!(
            "  of which {name}: precision {:.3}, recall {:.3}, F1 {:.3}",
            part.precision, part.recall, part.f1
        );
    }
    for (a, b) in &s.false_merges {
        println!("  wrongly merged: {a:?} + {b:?}");
    }
    for (a, b) in &s.missed {
        println!("  missed: {a:?} + {b:?}");
    }
    assert!(s.f1 >= 0.85, "F1 {:.3} below 0.85", s.f1);
}

/// Measured once after tuning; never run while tuning (skip it with
/// `--skip second_held_out`).
#[test]
fn second_held_out_figures_are_reported() {
    let data = parse(HELD_OUT_2);
    let notes: usize = data.cluster.iter().map(|c| c.notes.len()).sum();
    assert!(notes >= 80, "{notes} notes");
    assert!(data.cluster.len() >= 30, "{} clusters", data.cluster.len());
    let s = score_on(notes_of(data), &MergeConfig::default());
    println!(
        "second held-out quality ({notes} notes): precision {:.3}, recall {:.3}, F1 {:.3}",
        s.precision, s.recall, s.f1
    );
    for (a, b) in &s.false_merges {
        println!("  wrongly merged: {a:?} + {b:?}");
    }
    for (a, b) in &s.missed {
        println!("  missed: {a:?} + {b:?}");
    }
    assert!(s.precision.is_finite() && s.recall.is_finite());
}

/// Prints the best settings on the tuning set (never the held-out set):
/// `cargo test --release -- --ignored sweep --nocapture`.
#[test]
#[ignore]
fn sweep_settings() {
    let mut results = Vec::new();
    for actor_substitution in [0.0, 0.3, 0.5, 0.7, 1.0] {
        for threshold in [0.25, 0.30, 0.35] {
            let config = MergeConfig {
                actor_substitution,
                threshold,
                ..MergeConfig::default()
            };
            let s = score(&config);
            println!(
                "actor substitution {actor_substitution:.1} threshold {threshold:.2}: F1 {:.3} P {:.3} R {:.3}",
                s.f1, s.precision, s.recall
            );
        }
    }
    for substitution_penalty in [0.25, 0.5, 0.75] {
        for point_penalty in [0.0, 0.1, 0.2, 0.3, 0.4] {
            for (field_weight, majority) in [(1.0, 0.0), (0.5, 0.5), (1.0, 0.5), (1.0, 0.67)] {
                for (actor_weight, stem_weight) in [
                    (1.0, 0.6),
                    (2.0, 0.6),
                    (3.0, 0.6),
                    (1.0, 0.8),
                    (2.0, 0.8),
                    (3.0, 0.8),
                    (2.0, 1.0),
                    (3.0, 1.0),
                ] {
                    for threshold in [0.25, 0.30, 0.35, 0.40, 0.45] {
                        let config = MergeConfig {
                            threshold,
                            substitution_penalty,
                            point_penalty,
                            field_weight,
                            actor_weight,
                            stem_weight,
                            majority,
                            ..MergeConfig::default()
                        };
                        let s = score(&config);
                        results.push((s.f1, s.precision, s.recall, config));
                    }
                }
            }
        }
    }
    results.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (f1, p, r, c) in results.iter().take(25) {
        println!(
            "F1 {f1:.3} P {p:.3} R {r:.3}: threshold {:.2} substitution {:.2} point {:.2} field {:.2} actor {:.1} stem {:.1} majority {:.2}",
            c.threshold,
            c.substitution_penalty,
            c.point_penalty,
            c.field_weight,
            c.actor_weight,
            c.stem_weight,
            c.majority
        );
    }
}

#[test]
fn named_near_misses_are_never_merged() {
    let data = data_set();
    let notes: Vec<NoteRecord> = labelled_notes().into_iter().map(|(n, _)| n).collect();
    let found = clusters(&notes, &MergeConfig::default());
    let cluster_of = |text: &str| {
        let pos = found.iter().position(|c| c.iter().any(|n| n.text == text));
        pos.unwrap_or_else(|| panic!("{text:?} is not in the data set"))
    };
    // The data set's own near-misses are measured and reported; a miss here
    // is a known limitation (see docs/summary.md), not hidden by relabelling.
    for pair in &data.near_miss {
        if cluster_of(&pair.a) == cluster_of(&pair.b) {
            println!(
                "near-miss merged (known limitation): {:?} + {:?}",
                pair.a, pair.b
            );
        }
    }
    // The pairs the product brief names must never merge.
    for (a, b) in [
        (
            "Opleidingen zien elkaar als concurrent",
            "Besturen zien elkaar als concurrent",
        ),
        ("Tijd is een uitdaging.", "Geld is een uitdaging."),
        ("Gedeelde visie", "Gedeelde verantwoordelijkheid"),
    ] {
        assert_ne!(cluster_of(a), cluster_of(b), "{a:?} merged with {b:?}");
    }
}

/// Words of this field that many remarks share (activities, places,
/// trainings of the programme): two remarks sharing one of them but
/// differing in the term that carries the point must stay apart.
const FIELD_WORDS: [&str; 4] = [
    "opleidingsschool",
    "werkplaats",
    "inductieprogramma",
    "intervisie",
];

/// Near-misses that share all but one content word with the other remark
/// ("onderzoek" / "master" in the academische opleidingsschool): still
/// merged, see docs/summary.md.
const KNOWN_FIELD_LIMITS: [&str; 1] =
    ["Binnen de academische opleidingsschool meer onderzoek door leraren"];

#[test]
fn remarks_sharing_only_a_field_word_never_merge() {
    for (name, text) in [
        ("labelled", LABELLED),
        ("held-out", HELD_OUT),
        ("second held-out", HELD_OUT_2),
    ] {
        let data = parse(text);
        let pairs: Vec<(String, String)> = data
            .near_miss
            .iter()
            .filter(|p| {
                let lower = p.a.to_lowercase();
                FIELD_WORDS.iter().any(|w| lower.contains(w))
            })
            .map(|p| (p.a.clone(), p.b.clone()))
            .collect();
        assert!(
            pairs.len() >= 5,
            "{name}: {} field-word near-misses",
            pairs.len()
        );
        let notes: Vec<NoteRecord> = notes_of(data).into_iter().map(|(n, _)| n).collect();
        let found = clusters(&notes, &MergeConfig::default());
        let cluster_of = |text: &str| {
            found
                .iter()
                .position(|c| c.iter().any(|n| n.text == text))
                .unwrap_or_else(|| panic!("{text:?} is not in the {name} set"))
        };
        for (a, b) in &pairs {
            if KNOWN_FIELD_LIMITS.contains(&a.as_str()) {
                if cluster_of(a) == cluster_of(b) {
                    println!("field-word near-miss merged (known limitation): {a:?} + {b:?}");
                }
                continue;
            }
            assert_ne!(
                cluster_of(a),
                cluster_of(b),
                "{name}: {a:?} merged with {b:?}"
            );
        }
    }
}

fn agreements() -> Vec<AgreementRecord> {
    vec![AgreementRecord {
        round_id: RoundId::new("ronde-2").unwrap(),
        room_id: RoomId::new("ronde-2.organisatie-1").unwrap(),
        group_label: "Organisatie 1".to_owned(),
        what: "Tandemoverleg maandelijks plannen".to_owned(),
        who: Some("schoolopleiders".to_owned()),
        when: Some("september".to_owned()),
    }]
}

fn report() -> Report {
    let notes: Vec<NoteRecord> = labelled_notes().into_iter().map(|(n, _)| n).collect();
    build_report(&notes, &agreements(), &MergeConfig::default())
}

#[test]
fn building_twice_gives_the_same_report() {
    assert_eq!(report(), report());
}

#[test]
fn every_note_is_in_exactly_one_item_of_each_view_and_counts_match() {
    let notes: Vec<NoteRecord> = labelled_notes().into_iter().map(|(n, _)| n).collect();
    let report = report();
    for round in &report.rounds {
        let in_round: BTreeSet<&NoteId> = notes
            .iter()
            .filter(|n| n.round_id == round.round_id)
            .map(|n| &n.note_id)
            .collect();
        let mut cross: Vec<&NoteId> = Vec::new();
        for item in round.cross_group.iter().flat_map(|s| s.items()) {
            assert_eq!(item.count as usize, item.members.len());
            let groups: BTreeSet<&String> = item.members.iter().map(|m| &m.group_label).collect();
            assert_eq!(item.groups.iter().collect::<BTreeSet<_>>(), groups);
            cross.extend(item.members.iter().map(|m| &m.note_id));
        }
        assert_eq!(
            cross.len(),
            in_round.len(),
            "a note appears twice or is lost"
        );
        assert_eq!(cross.into_iter().collect::<BTreeSet<_>>(), in_round);
        let mut per_group: Vec<&NoteId> = Vec::new();
        for group in &round.groups {
            for item in group.sections.iter().flat_map(|s| s.items()) {
                assert_eq!(item.count as usize, item.members.len());
                assert!(item.members.iter().all(|m| m.group_label == group.label));
                per_group.extend(item.members.iter().map(|m| &m.note_id));
            }
        }
        assert_eq!(per_group.len(), in_round.len());
        assert_eq!(per_group.into_iter().collect::<BTreeSet<_>>(), in_round);
    }
}

#[test]
fn the_report_has_the_shape_of_seed_002() {
    let report = report();
    let round2 = report
        .rounds
        .iter()
        .find(|r| r.round_id.as_str() == "ronde-2")
        .unwrap();
    let org1 = round2
        .groups
        .iter()
        .find(|g| g.label == "Organisatie 1")
        .unwrap();
    assert_eq!(
        org1.statement.as_deref(),
        Some("Stelling van Organisatie 1")
    );
    let challenges = round2
        .cross_group
        .iter()
        .find(|s| s.section_id.as_str() == "uitdagingen")
        .unwrap();
    let time = challenges
        .items()
        .find(|i| i.members.iter().any(|m| m.text == "Tijd"))
        .unwrap();
    assert!(time.count >= 4, "time mentioned {}x", time.count);
    assert!(time.groups.len() >= 2);
    let topic = challenges
        .topics
        .iter()
        .find(|t| t.items.iter().any(|i| i.id == time.id))
        .unwrap();
    assert_eq!(topic.source, TopicSource::Rooms);
    assert!(
        topic.name.to_lowercase().contains("tijd"),
        "topic {:?}",
        topic.name
    );
    assert!(
        report
            .overall_summary
            .contains("Het vaakst, en in meerdere groepen, genoemd:"),
        "{}",
        report.overall_summary
    );
    assert!(report.overall_summary.contains("afspraak gemaakt"));
    println!("{}", report.overall_summary);
}

fn first_multi_item(report: &Report) -> (ItemId, NoteId, usize) {
    let section = &report.rounds[0].cross_group[0];
    let item = section.items().find(|i| i.count >= 2).unwrap();
    (
        item.id.clone(),
        item.members[1].note_id.clone(),
        section.items().count(),
    )
}

#[test]
fn review_edits_split_merge_rename_and_move() {
    let mut report = report();
    let (item, note, before) = first_multi_item(&report);
    apply_edit(
        &mut report,
        &ReviewEdit::SplitMember {
            item: item.clone(),
            note: note.clone(),
        },
    )
    .unwrap();
    let section = &report.rounds[0].cross_group[0];
    assert_eq!(section.items().count(), before + 1);
    let split = section
        .items()
        .find(|i| i.members.iter().any(|m| m.note_id == note))
        .unwrap();
    assert_eq!(split.count, 1);
    let split_id = split.id.clone();
    apply_edit(
        &mut report,
        &ReviewEdit::MergeItems {
            into: item.clone(),
            from: split_id,
        },
    )
    .unwrap();
    let section = &report.rounds[0].cross_group[0];
    assert_eq!(section.items().count(), before);
    let topic = section.topics[0].id.clone();
    apply_edit(
        &mut report,
        &ReviewEdit::RenameTopic {
            topic: topic.clone(),
            name: "Nieuw".into(),
        },
    )
    .unwrap();
    assert!(
        report.rounds[0].cross_group[0]
            .topics
            .iter()
            .any(|t| t.name == "Nieuw")
    );
    apply_edit(
        &mut report,
        &ReviewEdit::MoveToNewTopic {
            item: item.clone(),
            name: "Apart".into(),
        },
    )
    .unwrap();
    let section = &report.rounds[0].cross_group[0];
    let apart = section.topics.iter().find(|t| t.name == "Apart").unwrap();
    assert_eq!(apart.items.len(), 1);
    assert_eq!(apart.items[0].id, item);
    let json = serde_json::to_string(&ReviewEdit::MoveItem { item, topic }).unwrap();
    assert!(json.contains("\"kind\":\"move-item\""), "{json}");
}

#[test]
fn failing_review_edits_change_nothing() {
    let mut report = report();
    let original = report.clone();
    let (item, _, _) = first_multi_item(&report);
    let unknown = ItemId("ronde-9/all/x/nope".into());
    let stranger = NoteId::new("not-here").unwrap();
    let other_section_item = report.rounds[0].cross_group[1].topics[0].items[0]
        .id
        .clone();
    let cases = [
        ReviewEdit::MergeItems {
            into: item.clone(),
            from: unknown.clone(),
        },
        ReviewEdit::MergeItems {
            into: item.clone(),
            from: item.clone(),
        },
        ReviewEdit::MergeItems {
            into: item.clone(),
            from: other_section_item,
        },
        ReviewEdit::SplitMember {
            item: item.clone(),
            note: stranger,
        },
        ReviewEdit::SplitMember {
            item: unknown.clone(),
            note: NoteId::new("n000").unwrap(),
        },
        ReviewEdit::RenameTopic {
            topic: samenbord_core::summary::TopicId("nope".into()),
            name: "x".into(),
        },
        ReviewEdit::MoveToNewTopic {
            item,
            name: "  ".into(),
        },
    ];
    for edit in &cases {
        let err = apply_edit(&mut report, edit).unwrap_err();
        assert!(
            !matches!(err, ReviewError::EmptyName)
                || matches!(edit, ReviewEdit::MoveToNewTopic { .. })
        );
        assert_eq!(report, original, "{edit:?} changed the report");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn shuffling_the_input_gives_the_identical_report(seed in any::<u64>()) {
        let mut notes: Vec<NoteRecord> = labelled_notes().into_iter().map(|(n, _)| n).collect();
        let expected = build_report(&notes, &agreements(), &MergeConfig::default());
        // Fisher–Yates with a tiny deterministic generator from the seed.
        let mut state = seed | 1;
        for i in (1..notes.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            notes.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut agreements = agreements();
        agreements.reverse();
        let shuffled = build_report(&notes, &agreements, &MergeConfig::default());
        prop_assert_eq!(shuffled, expected);
    }
}

/// A synthetic day: 300 rooms × 100 notes, paraphrased from the labelled
/// set. `cargo test --release -p samenbord-core --test summary_quality --
/// --ignored whole_day --nocapture`.
#[test]
#[ignore]
fn whole_day_of_30000_notes() {
    let base = labelled_notes();
    let mut notes = Vec::with_capacity(30_000);
    let fillers = [
        "",
        " echt",
        " vooral",
        " !",
        " (belangrijk)",
        " voor ons",
        " op school",
    ];
    let mut n = 0usize;
    for room in 0..300usize {
        for k in 0..100usize {
            let (src, _) = &base[(room * 7 + k * 13) % base.len()];
            let mut note = src.clone();
            note.note_id = NoteId::new(format!("d{n:05}")).unwrap();
            note.round_id = RoundId::new("dag").unwrap();
            note.room_id = RoomId::new(format!("room-{room:03}")).unwrap();
            note.group_label = format!("Groep {}", room % 40);
            note.text = format!("{}{}", src.text, fillers[(room + k) % fillers.len()]);
            if (room + k) % 11 == 0 {
                note.text.push_str(&format!(" school {room}"));
            }
            notes.push(note);
            n += 1;
        }
    }
    let start = std::time::Instant::now();
    let report = build_report(&notes, &[], &MergeConfig::default());
    let elapsed = start.elapsed();
    let items: usize = report
        .rounds
        .iter()
        .flat_map(|r| &r.cross_group)
        .map(|s| s.items().count())
        .sum();
    println!("30,000 notes merged in {elapsed:?} into {items} cross-group items");
    let per_section: BTreeMap<&str, usize> = report.rounds[0]
        .cross_group
        .iter()
        .map(|s| {
            (
                s.section_id.as_str(),
                s.items().map(|i| i.count as usize).sum(),
            )
        })
        .collect();
    println!("notes per section: {per_section:?}");
}

/// Opposite remarks with the same words (found by a user test: "Meer tijd
/// voor mentoren" and "Minder tijd voor mentoren" became one item "2x
/// genoemd" in the report sent out) stay apart; the same concern in other
/// words ("te weinig tijd") still merges with "meer tijd".
#[test]
fn opposite_remarks_never_merge() {
    let mut notes: Vec<NoteRecord> = labelled_notes().into_iter().map(|(n, _)| n).collect();
    let template = notes[0].clone();
    let extra = [
        ("bestuur", "Meer tijd voor mentoren"),
        ("instituut", "Minder tijd voor mentoren"),
        ("hr", "Te weinig tijd voor mentoren"),
        ("bestuur", "Studenten betrekken bij het partnerschap"),
        ("instituut", "Studenten niet betrekken bij het partnerschap"),
        // A user test's report merged these two.
        ("hr", "Geen werkdruk"),
        ("bestuur", "Werkdruk hoog"),
        // And these, written in a walk-through.
        ("hr", "De opleidingsschool heeft wél een gedeelde visie"),
        ("instituut", "De opleidingsschool heeft géén gedeelde visie"),
    ];
    for (i, (group, text)) in extra.iter().enumerate() {
        notes.push(NoteRecord {
            note_id: NoteId::new(format!("tegen-{i}")).unwrap(),
            room_id: RoomId::new(format!("{}.{group}", template.round_id)).unwrap(),
            group_label: (*group).to_owned(),
            text: (*text).to_owned(),
            topic: None,
            ..template.clone()
        });
    }
    let found = clusters(&notes, &MergeConfig::default());
    let cluster_of = |text: &str| {
        found
            .iter()
            .position(|c| c.iter().any(|n| n.text == text))
            .unwrap()
    };
    assert_ne!(
        cluster_of("Meer tijd voor mentoren"),
        cluster_of("Minder tijd voor mentoren")
    );
    assert_ne!(
        cluster_of("Te weinig tijd voor mentoren"),
        cluster_of("Minder tijd voor mentoren")
    );
    assert_ne!(
        cluster_of("Studenten betrekken bij het partnerschap"),
        cluster_of("Studenten niet betrekken bij het partnerschap")
    );
    assert_ne!(cluster_of("Geen werkdruk"), cluster_of("Werkdruk hoog"));
    assert_ne!(
        cluster_of("De opleidingsschool heeft wél een gedeelde visie"),
        cluster_of("De opleidingsschool heeft géén gedeelde visie")
    );
    assert_eq!(
        cluster_of("Meer tijd voor mentoren"),
        cluster_of("Te weinig tijd voor mentoren")
    );
}

/// A topic named from the remarks' own words never ends on a preposition
/// (a user test's report had the topic "Vaste mentor per").
#[test]
fn topic_names_do_not_end_on_a_preposition() {
    let mut notes: Vec<NoteRecord> = labelled_notes().into_iter().map(|(n, _)| n).collect();
    let template = notes[0].clone();
    let extra = [
        ("bestuur", "Vaste contactpersoon per school"),
        ("instituut", "Vaste mentor per student"),
        ("hr", "Een vaste begeleider per klas"),
    ];
    for (i, (group, text)) in extra.iter().enumerate() {
        notes.push(NoteRecord {
            note_id: NoteId::new(format!("vast-{i}")).unwrap(),
            room_id: RoomId::new(format!("{}.{group}", template.round_id)).unwrap(),
            group_label: (*group).to_owned(),
            text: (*text).to_owned(),
            topic: None,
            ..template.clone()
        });
    }
    let report = build_report(&notes, &[], &MergeConfig::default());
    let names: Vec<String> = report
        .rounds
        .iter()
        .flat_map(|r| r.cross_group.iter())
        .flat_map(|s| s.topics.iter())
        .map(|t| t.name.to_lowercase())
        .collect();
    let vast = names.iter().find(|n| n.contains("vast")).cloned();
    assert!(
        vast.is_some(),
        "a topic for the three 'vaste' remarks: {names:?}"
    );
    for name in &names {
        let last = name.split_whitespace().last().unwrap_or_default();
        assert!(
            !["per", "via", "tussen", "binnen", "zonder"].contains(&last),
            "topic {name:?}"
        );
    }
}

/// Topic names read as words: brackets paired, no one-letter keyword (a
/// user test's report had the topics "Locatie (bram" and "D en dirk").
#[test]
fn topic_names_pair_their_brackets_and_have_no_one_letter_keyword() {
    let template = labelled_notes()[0].0.clone();
    let texts = [
        ("bestuur", "Locatie van de stage ligt ver weg (bram)"),
        (
            "instituut",
            "Locatie op school heeft geen lokaal vrij (bram)",
        ),
        ("hr", "Locatie wisselt elke maand (bram)"),
        ("bestuur", "Plan d voor het rooster van studenten (dirk)"),
        ("hr", "Plan d voor de beoordeling door mentoren (dirk)"),
    ];
    let notes: Vec<NoteRecord> = texts
        .iter()
        .enumerate()
        .map(|(i, (group, text))| NoteRecord {
            note_id: NoteId::new(format!("n-{i}")).unwrap(),
            room_id: RoomId::new(format!("{}.{group}", template.round_id)).unwrap(),
            group_label: (*group).to_owned(),
            text: (*text).to_owned(),
            topic: None,
            ..template.clone()
        })
        .collect();
    let report = build_report(&notes, &[], &MergeConfig::default());
    let names: Vec<String> = report
        .rounds
        .iter()
        .flat_map(|r| r.cross_group.iter())
        .flat_map(|s| s.topics.iter())
        .map(|t| t.name.to_lowercase())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("locatie")),
        "a topic for the three remarks on the location: {names:?} {:#?}",
        report.rounds[0].cross_group
    );
    for name in &names {
        assert_eq!(
            name.matches('(').count(),
            name.matches(')').count(),
            "topic {name:?} in {names:?}"
        );
        let first = name.split_whitespace().next().unwrap_or_default();
        assert!(first.chars().count() > 1, "topic {name:?} in {names:?}");
    }
}
