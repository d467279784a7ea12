//! Merging a whole partnership day: 300 rooms × 100 notes (30,000 notes)
//! into one report with cross-group and per-group views.
//!
//! `cargo bench -p samenbord-core --bench summary`. The notes are
//! paraphrases of the hand-labelled set (many repeat exactly after
//! normalisation, as on a real day). Days whose notes carry look-alike
//! rare tokens are far slower; see docs/summary.md, "Performance".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use samenbord_core::ids::{ElementId, NoteId, RoomId, RoundId};
use samenbord_core::summary::{MergeConfig, NoteRecord, build_report};
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
    g: String,
    t: String,
    topic: Option<String>,
}

/// (section, group, text, topic) of every labelled note.
fn base() -> Vec<(String, String, String, Option<String>)> {
    let text = include_str!("../tests/data/summary_labelled.toml");
    let set: Labelled = toml::from_str(text).unwrap();
    set.cluster
        .into_iter()
        .flat_map(|c| {
            let section = c.section;
            c.notes
                .into_iter()
                .map(move |n| (section.clone(), n.g, n.t, n.topic))
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
fn day() -> Vec<NoteRecord> {
    let base = base();
    let mut notes = Vec::with_capacity(30_000);
    for room in 0..300usize {
        for k in 0..100usize {
            let n = room * 100 + k;
            let (section, _, text, topic) = &base[(room * 7 + k * 13) % base.len()];
            let text = format!("{text}{}", FILLERS[(room + k) % FILLERS.len()]);
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
                topic: topic.clone(),
                author_role: None,
                author_name: None,
                votes: u32::try_from(k % 3).unwrap(),
            });
        }
    }
    notes
}

fn whole_day(c: &mut Criterion) {
    let config = MergeConfig::default();
    let mut group = c.benchmark_group("summary");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let paraphrased = day();
    group.bench_function("300 rooms x 100 notes, paraphrased", |b| {
        b.iter(|| build_report(black_box(&paraphrased), &[], &config));
    });
    group.finish();
}

criterion_group!(benches, whole_day);
criterion_main!(benches);
