//! `samenbord-loadgen`: drives one server (ours or the reference) through
//! one part of the benchmark and writes that part's result as JSON; the
//! `report` command turns two servers' results into the markdown table.
//! `anyhow` lives only here.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use samenbord_loadgen::target::Server;
use samenbord_loadgen::workload::{Fleet, Pace, Replicas, StepTimes};
use samenbord_loadgen::{idle, open, ramp, report, smoke};

#[derive(Parser)]
#[command(
    name = "samenbord-loadgen",
    about = "Load generator for automerge-repo sync servers"
)]
struct Cli {
    /// Which kind of server is at --url.
    #[arg(long, value_enum, default_value = "ours")]
    server: Kind,
    /// `http://127.0.0.1:PORT` (ours) or `ws://127.0.0.1:PORT` (reference).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// The server's pid, for its CPU time and memory.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Where to write the JSON result (default: stdout).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Edits per second per participant.
    #[arg(long, default_value_t = 0.5)]
    rate: f64,
    /// Warm-up, measuring window and drain of each step, in seconds.
    #[arg(long, default_value_t = 3.0)]
    warmup: f64,
    #[arg(long, default_value_t = 10.0)]
    measure: f64,
    #[arg(long, default_value_t = 2.0)]
    drain: f64,
    /// Only this many participants per room keep a replica and measure;
    /// the others write as light writers (for loads a replica each would
    /// saturate the generator with). Default: every participant.
    #[arg(long)]
    measuring: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Ours,
    Reference,
}

#[derive(Subcommand)]
enum Command {
    /// A fixed load: rooms × participants.
    Fixed {
        #[arg(long)]
        rooms: usize,
        #[arg(long)]
        participants: usize,
    },
    /// More rooms per step until p99 passes the bar (100 ms).
    RampRooms {
        #[arg(long, default_value_t = 5)]
        participants: usize,
        #[arg(long, value_delimiter = ',', default_value = "20,40,80,160,320,640")]
        steps: Vec<usize>,
        /// A step holds while its p99 stays under this many ms.
        #[arg(long, default_value_t = ramp::P99_BAR_MS)]
        p99_bar_ms: f64,
    },
    /// One room with more participants per step.
    RampRoom {
        #[arg(long, value_delimiter = ',', default_value = "8,16,32,64,128,256")]
        steps: Vec<usize>,
        #[arg(long, default_value_t = ramp::P99_BAR_MS)]
        p99_bar_ms: f64,
    },
    /// RSS slopes per idle room and per idle connection.
    Idle {
        #[arg(long, value_delimiter = ',', default_value = "50,100,200,400")]
        rooms: Vec<usize>,
        #[arg(long, value_delimiter = ',', default_value = "50,100,200,400")]
        connections: Vec<usize>,
        /// Seconds the rooms stay quiet before each reading (longer than
        /// the server's --dormant-after-seconds measures dormant rooms).
        #[arg(long, default_value_t = 2)]
        settle_seconds: u64,
        /// Which slopes to measure (`bench/run` measures each half on a
        /// fresh server).
        #[arg(long, value_enum, default_value = "both")]
        halves: idle::Halves,
    },
    /// Writes a room of --notes notes through the server; saves its state.
    Seed {
        #[arg(long, default_value_t = 5000)]
        notes: usize,
        #[arg(long)]
        state: PathBuf,
    },
    /// Opens the seeded room: first cold, then warm.
    Open {
        #[arg(long)]
        state: PathBuf,
    },
    /// A few seconds of small rooms; fails unless every replica converged.
    Smoke {
        #[arg(long, default_value_t = 2)]
        rooms: usize,
        #[arg(long, default_value_t = 3)]
        participants: usize,
    },
    /// The markdown table from results/{ours,reference,samod,ours-coalesced}/*.json.
    Report {
        #[arg(long)]
        results: PathBuf,
        #[arg(long)]
        criterion: PathBuf,
        /// Where the floors are kept between runs (written when criterion
        /// measured some, read when it did not).
        #[arg(long)]
        kept_floors: PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let server = match cli.server {
        Kind::Ours => Server::Ours {
            base: cli.url.trim_end_matches('/').to_owned(),
        },
        Kind::Reference => Server::Reference {
            ws: cli.url.trim_end_matches('/').to_owned(),
        },
    };
    let pace = Pace {
        edits_per_second: cli.rate,
        note_every: 4,
    };
    let times = StepTimes {
        warmup: Duration::from_secs_f64(cli.warmup),
        measure: Duration::from_secs_f64(cli.measure),
        drain: Duration::from_secs_f64(cli.drain),
    };
    let pid = cli.server_pid;
    let replicas = cli.measuring.map_or(Replicas::All, Replicas::Measuring);
    let json = match cli.command {
        Command::Fixed {
            rooms,
            participants,
        } => {
            let plans = server.rooms(rooms, participants).await?;
            let mut fleet = Fleet::new(pace).with_replicas(replicas);
            for plan in &plans {
                let room = fleet.add_room();
                fleet.join(room, plan, 0..participants).await;
            }
            fleet
                .wait_ready(Duration::from_secs(60 + (rooms * participants) as u64 / 50))
                .await?;
            let step = fleet.step(times, pid).await;
            eprintln!(
                "{} {rooms} × {participants}: {}",
                server.name(),
                ramp::summary(&step)
            );
            fleet.stop().await;
            serde_json::to_string_pretty(&step)?
        }
        Command::RampRooms {
            participants,
            steps,
            p99_bar_ms,
        } => {
            let spec = ramp::RampSpec {
                steps,
                bar_ms: p99_bar_ms,
                replicas,
            };
            let result = ramp::rooms(&server, participants, &spec, pace, times, pid).await?;
            eprintln!(
                "{}: held {} clients; {}",
                server.name(),
                result.held_clients,
                result.stopped
            );
            serde_json::to_string_pretty(&result)?
        }
        Command::RampRoom { steps, p99_bar_ms } => {
            let spec = ramp::RampSpec {
                steps,
                bar_ms: p99_bar_ms,
                replicas,
            };
            let result = ramp::one_room(&server, &spec, pace, times, pid).await?;
            eprintln!(
                "{}: held {} clients in one room; {}",
                server.name(),
                result.held_clients,
                result.stopped
            );
            serde_json::to_string_pretty(&result)?
        }
        Command::Idle {
            rooms,
            connections,
            settle_seconds,
            halves,
        } => {
            let pid = pid.context("idle needs --server-pid")?;
            let settle = std::time::Duration::from_secs(settle_seconds);
            let result = idle::measure(&server, pid, &rooms, &connections, halves, settle).await?;
            eprintln!(
                "{}: {:.0} B/room, {:.0} B/connection",
                server.name(),
                result.bytes_per_room,
                result.bytes_per_connection
            );
            serde_json::to_string_pretty(&result)?
        }
        Command::Seed { notes, state } => {
            let seeded = open::seed(&server, notes, &state).await?;
            eprintln!(
                "{}: seeded {} notes ({} bytes)",
                server.name(),
                seeded.notes,
                seeded.bytes
            );
            serde_json::to_string_pretty(&seeded)?
        }
        Command::Open { state } => {
            let ws_base = cli.url.replacen("http://", "ws://", 1);
            let result = open::open(&state, &ws_base).await?;
            eprintln!(
                "{}: cold {:.1} ms, warm {:.1} ms, raw load {:.1} ms",
                server.name(),
                result.cold_ms,
                result.warm_ms,
                result.raw_load_ms
            );
            serde_json::to_string_pretty(&result)?
        }
        Command::Smoke {
            rooms,
            participants,
        } => {
            let report = smoke::run(
                &server,
                rooms,
                participants,
                replicas,
                Duration::from_secs(2),
            )
            .await?;
            let text = serde_json::to_string_pretty(&report)?;
            anyhow::ensure!(
                report.missing.is_empty(),
                "replicas did not converge: {text}"
            );
            text
        }
        Command::Report {
            results,
            criterion,
            kept_floors,
        } => {
            let ours = report::Results::read(&results.join("ours"));
            let reference = report::Results::read(&results.join("reference"));
            let samod = report::Results::read(&results.join("samod"));
            let coalesced = report::Results::read(&results.join("ours-coalesced"));
            let mut floors = report::floors(&criterion, &kept_floors)
                .with_context(|| format!("keeping the floors in {}", kept_floors.display()))?;
            floors.extend(report::read_floors(&results.join("relay_floor.json")));
            report::markdown(&ours, &reference, &samod, &coalesced, &floors)?
        }
    };
    match cli.out {
        Some(path) => {
            std::fs::write(&path, json).with_context(|| format!("writing {}", path.display()))?
        }
        None => println!("{json}"),
    }
    Ok(())
}
