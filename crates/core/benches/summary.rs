//! Merging a whole partnership day into one report with cross-group and
//! per-group views, for a normal day and for the days that used to defeat
//! the candidate pre-filter.
//!
//! `cargo bench -p samenbord-core --bench summary` (about two minutes).
//! The days come from `tests/summary_scale.rs`: paraphrases of the
//! hand-labelled set (300 rooms × 100 notes), the same with a number
//! appended to every note, with a unique numbered word per note
//! ("rooster17"), 5,000 notes in one section each with a made-up word,
//! 30,000 identical notes, and 30,000 notes of made-up words only.
//! Figures: docs/summary.md, "Performance".

#![allow(clippy::unwrap_used, clippy::expect_used)]

// Its tests module is compiled here too (benches build with `cfg(test)`),
// unused.
#[allow(unused_imports)]
#[path = "../tests/summary_scale.rs"]
mod scale;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use samenbord_core::summary::{MergeConfig, build_report};

use scale::{Variant, day, full_size};

fn whole_day(c: &mut Criterion) {
    let config = MergeConfig::default();
    let mut group = c.benchmark_group("summary");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    for variant in Variant::ALL {
        let (rooms, per_room) = full_size(variant);
        let notes = day(variant, rooms, per_room);
        let name = format!("{rooms} rooms x {per_room} notes, {}", variant.name());
        group.bench_function(name, |b| {
            b.iter(|| build_report(black_box(&notes), &[], &config));
        });
    }
    group.finish();
}

criterion_group!(benches, whole_day);
criterion_main!(benches);
