//! The markdown results table: the servers' results side by side — ours,
//! the JS automerge-repo reference, samod (the Rust automerge-repo), and
//! ours again with a 100 ms coalescing window, the reference's policy —
//! the physical floors from criterion, and the targets checked.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::LoadError;
use crate::idle::IdleResult;
use crate::open::OpenResult;
use crate::ramp::RampResult;
use crate::workload::StepResult;

/// One server's results, each optional (a failed part leaves a gap).
#[derive(Debug, Default)]
pub struct Results {
    pub ramp_rooms: Option<RampResult>,
    pub ramp_room: Option<RampResult>,
    /// The rooms ramp again with a 250 ms bar, which a server with a
    /// 100 ms fan-out throttle can meet.
    pub ramp_rooms_250: Option<RampResult>,
    pub day: Option<StepResult>,
    pub large: Option<StepResult>,
    /// The large load at a fifth of the edit rate (0.1 edits/s).
    pub large_slow: Option<StepResult>,
    pub idle: Option<IdleResult>,
    pub open: Option<OpenResult>,
}

fn load<T: DeserializeOwned>(dir: &Path, name: &str) -> Option<T> {
    let text = std::fs::read(dir.join(name)).ok()?;
    serde_json::from_slice(&text).ok()
}

/// The idle halves measured on separate server starts, or (before they
/// were) both from one.
fn read_idle(dir: &Path) -> Option<IdleResult> {
    let rooms: Option<IdleResult> = load(dir, "idle-rooms.json");
    let connections: Option<IdleResult> = load(dir, "idle-connections.json");
    match rooms.zip(connections) {
        Some((rooms, connections)) => Some(IdleResult::combine(&rooms, &connections)),
        None => load(dir, "idle.json"),
    }
}

impl Results {
    pub fn read(dir: &Path) -> Self {
        Self {
            ramp_rooms: load(dir, "ramp-rooms.json"),
            ramp_room: load(dir, "ramp-room.json"),
            ramp_rooms_250: load(dir, "ramp-rooms-250.json"),
            day: load(dir, "day.json"),
            large: load(dir, "large.json"),
            large_slow: load(dir, "large-slow.json"),
            idle: read_idle(dir),
            open: load(dir, "open.json"),
        }
    }

    fn peak_rss(&self) -> Option<u64> {
        let steps = [&self.ramp_rooms, &self.ramp_room, &self.ramp_rooms_250]
            .into_iter()
            .flatten()
            .flat_map(|r| r.steps.iter())
            .chain(self.day.iter())
            .chain(self.large.iter())
            .chain(self.large_slow.iter());
        steps.filter_map(|s| s.server_peak_rss_bytes).max()
    }
}

/// The floors for the table: those criterion measured in this run, which
/// are then kept in `kept`; when this run measured none (`BENCH_PARTS`
/// without `floors`, on a fresh checkout), the kept ones.
pub fn floors(criterion: &Path, kept: &Path) -> std::io::Result<BTreeMap<String, f64>> {
    let measured = criterion_means(criterion);
    if measured.is_empty() {
        return Ok(read_floors(kept));
    }
    let text = serde_json::to_string_pretty(&measured).map_err(std::io::Error::other)?;
    std::fs::write(kept, text + "\n")?;
    Ok(measured)
}

/// Floors in ns by name from a JSON file: the kept criterion floors, or
/// the relay floors (`crates/server/benches/relay_floor.rs`, CPU per
/// change); none if the file is missing or unreadable.
pub fn read_floors(path: &Path) -> BTreeMap<String, f64> {
    std::fs::read(path)
        .ok()
        .and_then(|text| serde_json::from_slice(&text).ok())
        .unwrap_or_default()
}

/// The relay floor the day load is compared with: a durable relay whose
/// clients answer as the generator does.
const DAY_RELAY_FLOOR: &str = "relay_floor/synced/answered_like_the_generator";

/// Criterion mean estimates in nanoseconds, by benchmark path
/// (`floors/receive_change/500`).
pub fn criterion_means(dir: &Path) -> BTreeMap<String, f64> {
    let mut means = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut budget = 10_000;
    while let Some(path) = stack.pop() {
        budget -= 1;
        if budget == 0 {
            break;
        }
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.ends_with("new/estimates.json") {
                let name = p
                    .strip_prefix(dir)
                    .ok()
                    .and_then(|r| r.parent()?.parent())
                    .map(|r| r.display().to_string());
                let mean = std::fs::read(&p)
                    .ok()
                    .and_then(|t| serde_json::from_slice::<serde_json::Value>(&t).ok())
                    .and_then(|v| v["mean"]["point_estimate"].as_f64());
                if let (Some(name), Some(mean)) = (name.filter(|n| n.starts_with("floors/")), mean)
                {
                    means.insert(name, mean);
                }
            }
        }
    }
    means
}

fn num(value: Option<f64>, decimals: usize) -> String {
    value.map_or("—".into(), |v| format!("{v:.decimals$}"))
}

fn ratio(ours: Option<f64>, reference: Option<f64>) -> String {
    match (ours, reference) {
        (Some(a), Some(b)) if b != 0.0 => format!("{:.2}", a / b),
        _ => "—".into(),
    }
}

fn mib(bytes: Option<f64>) -> Option<f64> {
    bytes.map(|b| b / 1_048_576.0)
}

fn kib(bytes: Option<f64>) -> Option<f64> {
    bytes.map(|b| b / 1024.0)
}

struct Row<'a> {
    label: &'a str,
    ours: Option<f64>,
    reference: Option<f64>,
    samod: Option<f64>,
    /// Ours with the 100 ms coalescing window, where that part was run.
    coalesced: Option<f64>,
    decimals: usize,
}

fn held(ramp: &Option<RampResult>) -> Option<f64> {
    ramp.as_ref().map(|r| r.held_clients as f64)
}

fn step(s: &Option<StepResult>) -> Option<&StepResult> {
    s.as_ref()
}

/// The whole results section.
pub fn markdown(
    ours: &Results,
    reference: &Results,
    samod: &Results,
    coalesced: &Results,
    floors: &BTreeMap<String, f64>,
) -> Result<String, LoadError> {
    let mut out = String::new();
    let row = |label: &'static str, decimals: usize, value: &dyn Fn(&Results) -> Option<f64>| Row {
        label,
        ours: value(ours),
        reference: value(reference),
        samod: value(samod),
        coalesced: value(coalesced),
        decimals,
    };
    let p50 = |s: &Option<StepResult>| step(s).map(|s| s.latency.p50_ms);
    let p99 = |s: &Option<StepResult>| step(s).map(|s| s.latency.p99_ms);
    let cpu = |s: &Option<StepResult>| step(s).and_then(|s| s.server_cpu_ms_per_1000_changes);
    let rows = [
        row(
            "Largest load held, rooms × 5 at 0.5 edits/s (clients)",
            0,
            &|r| held(&r.ramp_rooms),
        ),
        row("Largest load held, one room (clients)", 0, &|r| {
            held(&r.ramp_room)
        }),
        row("Partnership day 14 × 10: p50 (ms)", 1, &|r| p50(&r.day)),
        row("Partnership day 14 × 10: p99 (ms)", 1, &|r| p99(&r.day)),
        row("Large 300 × 10 at 0.5 edits/s: p50 (ms)", 1, &|r| {
            p50(&r.large)
        }),
        row("Large 300 × 10 at 0.5 edits/s: p99 (ms)", 1, &|r| {
            p99(&r.large)
        }),
        row("Large 300 × 10 at 0.5 edits/s: changes/s", 0, &|r| {
            step(&r.large).map(|s| s.changes_per_second)
        }),
        row("Large 300 × 10 at 0.5 edits/s: delivered (%)", 1, &|r| {
            step(&r.large).map(|s| s.delivered_share * 100.0)
        }),
        row(
            "Large 300 × 10 at 0.5 edits/s: generator CPU (%)",
            0,
            &|r| step(&r.large).map(|s| s.generator_cpu_share * 100.0),
        ),
        row(
            "Large 300 × 10 at 0.5 edits/s: generator late, p99 (ms)",
            1,
            &|r| step(&r.large).map(|s| s.generator_lateness.p99_ms),
        ),
        row("Large 300 × 10 at 0.1 edits/s: p50 (ms)", 1, &|r| {
            p50(&r.large_slow)
        }),
        row("Large 300 × 10 at 0.1 edits/s: p99 (ms)", 1, &|r| {
            p99(&r.large_slow)
        }),
        row("Large 300 × 10 at 0.1 edits/s: delivered (%)", 1, &|r| {
            step(&r.large_slow).map(|s| s.delivered_share * 100.0)
        }),
        row(
            "Server CPU per 1,000 changes, day (ms)",
            0,
            &|r| cpu(&r.day),
        ),
        row(
            "Server CPU per 1,000 changes, large at 0.1 edits/s (ms)",
            0,
            &|r| cpu(&r.large_slow),
        ),
        row("Peak RSS (MiB)", 1, &|r| {
            mib(r.peak_rss().map(|b| b as f64))
        }),
        row("RSS per idle room (KiB)", 1, &|r| {
            kib(r.idle.as_ref().map(|i| i.bytes_per_room))
        }),
        row("RSS per idle connection (KiB)", 1, &|r| {
            kib(r.idle.as_ref().map(|i| i.bytes_per_connection))
        }),
        row("Open 5,000-note room, cold (ms)", 1, &|r| {
            r.open.as_ref().map(|o| o.cold_ms)
        }),
        row("Open 5,000-note room, warm (ms)", 1, &|r| {
            r.open.as_ref().map(|o| o.warm_ms)
        }),
    ];
    let w = |out: &mut String, line: String| {
        out.push_str(&line);
        out.push('\n');
    };
    w(
        &mut out,
        "| Measure | samenbord | reference | ours / reference | samod | ours / samod | samenbord, 100 ms window |".into(),
    );
    w(&mut out, "|---|---:|---:|---:|---:|---:|---:|".into());
    for row in &rows {
        w(
            &mut out,
            format!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                row.label,
                num(row.ours, row.decimals),
                num(row.reference, row.decimals),
                ratio(row.ours, row.reference),
                num(row.samod, row.decimals),
                ratio(row.ours, row.samod),
                num(row.coalesced, row.decimals),
            ),
        );
    }
    out.push('\n');
    write_floors(&mut out, ours, floors)?;
    write_steps(&mut out, "samenbord", ours)?;
    write_steps(&mut out, "reference", reference)?;
    write_steps(&mut out, "samod", samod)?;
    write_steps(&mut out, "samenbord with a 100 ms window", coalesced)?;
    write_targets(&mut out, ours, reference, floors)?;
    Ok(out)
}

fn floor(floors: &BTreeMap<String, f64>, name: &str) -> Option<f64> {
    floors.get(name).copied()
}

/// Room size of the floors the load steps compare against: rooms in the
/// steps hold tens of notes and a few hundred changes.
const FLOOR_ROOM: &str = "50";

/// CPU floor of one change in a room of `peers` other participants: the
/// server receives it once, and per other peer generates a sync message
/// and receives that peer's acknowledgement.
fn cpu_floor_ns(floors: &BTreeMap<String, f64>, peers: f64) -> Option<f64> {
    let at = |name: &str| floor(floors, &format!("floors/{name}/{FLOOR_ROOM}"));
    Some(at("receive_change")? + peers * (at("generate_sync_message")? + at("receive_ack")?))
}

fn write_floors(
    out: &mut String,
    ours: &Results,
    floors: &BTreeMap<String, f64>,
) -> Result<(), LoadError> {
    let e = |_| LoadError::Timeout("formatting");
    writeln!(
        out,
        "Physical floors (criterion means, `cargo bench -p samenbord-server --bench floors`; `relay_floor/*`: CPU per change of a relay that only does a change's I/O, `--bench relay_floor`):\n"
    )
    .map_err(e)?;
    writeln!(out, "| Floor | mean |").map_err(e)?;
    writeln!(out, "|---|---:|").map_err(e)?;
    for (name, ns) in floors {
        writeln!(out, "| `{name}` | {:.1} µs |", ns / 1000.0).map_err(e)?;
    }
    let echo = floor(floors, "floors/ws_echo_round_trip");
    let cpu_floor = cpu_floor_ns(floors, 9.0);
    writeln!(out).map_err(e)?;
    if let (Some(day), Some(echo)) = (&ours.day, echo) {
        writeln!(
            out,
            "- Our day p50 is {:.0}× and p99 {:.0}× the loopback WebSocket echo round trip.",
            day.latency.p50_ms * 1e6 / echo,
            day.latency.p99_ms * 1e6 / echo
        )
        .map_err(e)?;
    }
    for (label, s) in [
        ("day", &ours.day),
        ("large at 0.1 edits/s", &ours.large_slow),
    ] {
        if let (Some(s), Some(f)) = (s, cpu_floor)
            && let Some(cpu) = s.server_cpu_ms_per_1000_changes
        {
            // ms per 1000 changes = µs per change.
            writeln!(out, "- Our CPU per change ({label}) is {:.1} µs = {:.1}× Automerge's floor (receive + 9 × (sync message + acknowledgement) at {FLOOR_ROOM} notes = {:.1} µs).", cpu, cpu * 1000.0 / f, f / 1000.0).map_err(e)?;
        }
    }
    if let (Some(day), Some(automerge), Some(relay)) =
        (&ours.day, cpu_floor, floor(floors, DAY_RELAY_FLOOR))
        && let Some(cpu) = day.server_cpu_ms_per_1000_changes
    {
        writeln!(out, "- The I/O alone (`{DAY_RELAY_FLOOR}`: one fdatasync and the change's 20 messages, spaced as the day load spaces them) costs {:.1} µs a change, {:.1}× Automerge's floor. With Automerge's floor that is {:.1} µs, and our day CPU per change is {:.1}× that.", relay / 1000.0, relay / automerge, (relay + automerge) / 1000.0, cpu * 1000.0 / (relay + automerge)).map_err(e)?;
    }
    writeln!(out).map_err(e)?;
    Ok(())
}

/// "3000 (2400 light)": how many participants wrote without a replica.
fn clients(step: &StepResult) -> String {
    match step.light_writers {
        0 => step.clients.to_string(),
        light => format!("{} ({light} light)", step.clients),
    }
}

fn write_steps(out: &mut String, name: &str, results: &Results) -> Result<(), LoadError> {
    let e = |_| LoadError::Timeout("formatting");
    writeln!(out, "<details><summary>{name}: every step</summary>\n").map_err(e)?;
    writeln!(out, "| run | rooms | clients | changes/s | p50 | p95 | p99 | max (ms) | delivered | errors | reconnects | server CPU ms/1k | generator CPU |").map_err(e)?;
    writeln!(
        out,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    .map_err(e)?;
    let mut all: Vec<(&str, &StepResult)> = Vec::new();
    if let Some(r) = &results.ramp_rooms {
        all.extend(r.steps.iter().map(|s| ("ramp rooms × 5", s)));
    }
    if let Some(r) = &results.ramp_room {
        all.extend(r.steps.iter().map(|s| ("ramp one room", s)));
    }
    if let Some(r) = &results.ramp_rooms_250 {
        all.extend(r.steps.iter().map(|s| ("ramp rooms × 5, 250 ms bar", s)));
    }
    all.extend(results.day.iter().map(|s| ("day 14 × 10", s)));
    all.extend(results.large.iter().map(|s| ("large 300 × 10", s)));
    all.extend(
        results
            .large_slow
            .iter()
            .map(|s| ("large 300 × 10, 0.1 edits/s", s)),
    );
    for (run, s) in all {
        writeln!(
            out,
            "| {run} | {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1}% | {} | {} | {} | {:.0}%{} |",
            s.rooms, clients(s), s.changes_per_second, s.latency.p50_ms, s.latency.p95_ms, s.latency.p99_ms, s.latency.max_ms,
            s.delivered_share * 100.0, s.latency.errors, s.latency.reconnects,
            num(s.server_cpu_ms_per_1000_changes, 0), s.generator_cpu_share * 100.0,
            if s.generator_saturated { " (saturated: discarded)" } else { "" }
        ).map_err(e)?;
    }
    for (label, ramp) in [
        ("rooms ramp", &results.ramp_rooms),
        ("one-room ramp", &results.ramp_room),
        ("rooms ramp with a 250 ms bar", &results.ramp_rooms_250),
    ] {
        if let Some(r) = ramp {
            writeln!(out, "\n{label} stopped: {}", r.stopped).map_err(e)?;
        }
    }
    writeln!(out, "\n</details>\n").map_err(e)?;
    Ok(())
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "**met**",
        Some(false) => "**missed**",
        None => "not measured",
    }
}

fn write_targets(
    out: &mut String,
    ours: &Results,
    reference: &Results,
    floors: &BTreeMap<String, f64>,
) -> Result<(), LoadError> {
    let e = |_| LoadError::Timeout("formatting");
    let cpu = ours
        .day
        .as_ref()
        .and_then(|s| s.server_cpu_ms_per_1000_changes)
        .zip(cpu_floor_ns(floors, 9.0));
    let open = ours.open.as_ref().map(|o| (o.cold_ms, o.raw_load_ms));
    let rss = ours
        .idle
        .as_ref()
        .zip(reference.idle.as_ref())
        .map(|(a, b)| (a.bytes_per_room, b.bytes_per_room));
    writeln!(out, "Targets:\n").map_err(e)?;
    writeln!(out, "| Target | measured | verdict |").map_err(e)?;
    writeln!(out, "|---|---|---|").map_err(e)?;
    for (bar, ours_ramp, reference_ramp) in [
        ("100", &ours.ramp_rooms, &reference.ramp_rooms),
        ("250", &ours.ramp_rooms_250, &reference.ramp_rooms_250),
    ] {
        let load = held(ours_ramp).zip(held(reference_ramp));
        writeln!(
            out,
            "| ≥ 5× the reference's largest load held (rooms × 5, p99 < {bar} ms) | {} | {} |",
            load.map_or("—".into(), |(a, b)| if b > 0.0 {
                format!("{a:.0} vs {b:.0} clients = {:.1}×", a / b)
            } else {
                format!("{a:.0} clients; the reference held no step")
            }),
            // Against a reference that held nothing there is no ratio to meet.
            verdict(load.filter(|&(_, b)| b > 0.0).map(|(a, b)| a >= 5.0 * b))
        )
        .map_err(e)?;
    }
    for (label, large) in [("0.5", &ours.large), ("0.1", &ours.large_slow)] {
        let (measured, met) = match large {
            None => ("—".to_owned(), verdict(None)),
            Some(s) if s.generator_saturated => (
                format!(
                    "{:.1} ms, generator saturated ({:.0}%)",
                    s.latency.p99_ms,
                    s.generator_cpu_share * 100.0
                ),
                "not measurable on this machine",
            ),
            Some(s) => (
                format!(
                    "{:.1} ms, {:.1}% delivered",
                    s.latency.p99_ms,
                    s.delivered_share * 100.0
                ),
                verdict(Some(s.held(50.0))),
            ),
        };
        writeln!(
            out,
            "| p99 < 50 ms at 300 × 10 ({label} edits/s) | {measured} | {met} |"
        )
        .map_err(e)?;
    }
    writeln!(
        out,
        "| CPU per change ≤ 2× Automerge's floor (day) | {} | {} |",
        cpu.map_or("—".into(), |(c, f)| format!(
            "{c:.1} µs vs floor {:.1} µs = {:.1}×",
            f / 1000.0,
            c * 1000.0 / f
        )),
        verdict(cpu.map(|(c, f)| c * 1000.0 <= 2.0 * f))
    )
    .map_err(e)?;
    writeln!(
        out,
        "| Cold open ≤ 1.2× raw `Automerge::load` (issue 17) | {} | {} |",
        open.map_or("—".into(), |(c, r)| format!(
            "{c:.1} ms vs {r:.1} ms = {:.2}×",
            c / r
        )),
        verdict(open.map(|(c, r)| c <= 1.2 * r))
    )
    .map_err(e)?;
    writeln!(
        out,
        "| RSS per idle room < ⅓ of the reference's | {} | {} |",
        rss.map_or("—".into(), |(a, b)| format!(
            "{:.1} KiB vs {:.1} KiB",
            a / 1024.0,
            b / 1024.0
        )),
        verdict(rss.map(|(a, b)| a < b / 3.0))
    )
    .map_err(e)?;
    writeln!(out).map_err(e)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn floors_measured_now_are_kept_and_read_back_when_none_are() {
        let dir = tempfile::tempdir().unwrap();
        let criterion = dir.path().join("criterion");
        let kept = dir.path().join("floors.json");
        let estimates = criterion.join("floors/receive_change/50/new");
        std::fs::create_dir_all(&estimates).unwrap();
        std::fs::write(
            estimates.join("estimates.json"),
            r#"{"mean":{"point_estimate":32900.0}}"#,
        )
        .unwrap();

        let measured = floors(&criterion, &kept).unwrap();
        assert_eq!(measured.get("floors/receive_change/50"), Some(&32900.0));

        // A later run on a fresh checkout measures no floors.
        std::fs::remove_dir_all(&criterion).unwrap();
        let read_back = floors(&criterion, &kept).unwrap();
        assert_eq!(read_back, measured);
    }

    #[test]
    fn relay_floors_are_read_when_the_bench_wrote_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("relay_floor.json");
        assert!(read_floors(&path).is_empty());
        std::fs::write(&path, format!(r#"{{"{DAY_RELAY_FLOOR}": 452000.0}}"#)).unwrap();
        assert_eq!(read_floors(&path).get(DAY_RELAY_FLOOR), Some(&452000.0));
    }
}
