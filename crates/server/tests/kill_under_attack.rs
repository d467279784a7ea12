//! The kill -9 suite while the attack suite runs: a real server process
//! is SIGKILLed and started again on the same data, three times, while
//! hostile participants attack it (compressed change bombs, a presence
//! flood, half-open HTTP connections, a connection flood from one token,
//! notes and votes in someone else's name, opening silent questions
//! without being the leader) and honest participants keep writing notes.
//! After the last start every acknowledged note is there, nothing forged
//! landed, and `/healthz` answers. Loopback only; bounded in cycles,
//! notes per cycle and attempts per attack.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use automerge::AutoCommit;
use automerge::transaction::Transactable;
use samenbord_core::room::read_room;
use samenbord_protocol::client::Client;
use samenbord_protocol::document_id::DocumentId;
use samenbord_protocol::hostile;
use samenbord_protocol::wire::WireMessage;
use support::hostile_peer::*;
use support::process::Process;
use support::*;
use tokio::sync::watch;

/// How often the server is killed under attack.
const KILLS: usize = 3;
/// Notes each honest participant writes at most per life of the server.
const NOTES_PER_LIFE: usize = 40;
/// How long one attempt waits for the server before giving up on it.
const PATIENCE: Duration = Duration::from_secs(3);
/// The text every forged note carries, so none can hide.
const FORGED: &str = "VERVALST";

/// Caps low enough that the floods hit them.
const FLAGS: &[&str] = &[
    "--header-timeout-seconds",
    "2",
    "--max-connections-per-address",
    "64",
    "--sync-connections-per-participant",
    "4",
    "--peer-queue",
    "64",
    "--max-inflated-bytes",
    "4194304",
];

/// What happened during one life of the server, counted as it happens.
#[derive(Default)]
struct Tally {
    acknowledged: AtomicUsize,
    bombs_refused: AtomicUsize,
    forgeries_refused: AtomicUsize,
    presence_sent: AtomicUsize,
    connections_refused: AtomicUsize,
    half_open: AtomicUsize,
}

impl Tally {
    fn get(counter: &AtomicUsize) -> usize {
        counter.load(Ordering::Relaxed)
    }

    fn add(counter: &AtomicUsize, n: usize) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// Whether every attack has landed in this life.
    fn all_landed(&self) -> bool {
        [
            &self.acknowledged,
            &self.bombs_refused,
            &self.forgeries_refused,
            &self.presence_sent,
            &self.connections_refused,
            &self.half_open,
        ]
        .into_iter()
        .all(|counter| Self::get(counter) >= 1)
    }

    /// Whether the server has been under attack long enough to kill it.
    fn long_enough(&self) -> bool {
        self.all_landed()
            && Self::get(&self.acknowledged) >= 10
            && Self::get(&self.presence_sent) >= 50
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "acknowledged {}, bombs refused {}, forgeries refused {}, presence sent {}, \
             connections refused {}, half-open {}",
            Self::get(&self.acknowledged),
            Self::get(&self.bombs_refused),
            Self::get(&self.forgeries_refused),
            Self::get(&self.presence_sent),
            Self::get(&self.connections_refused),
            Self::get(&self.half_open),
        )
    }
}

/// Everyone in the story: one room, three honest people, four attackers.
struct Day {
    organiser: Organiser,
    room: DocumentId,
    honest: Vec<Participant>,
    mallory: Participant,
    bram: Participant,
    piet: Participant,
    flo: Participant,
}

async fn set_up(server: &Process) -> Day {
    let organiser = server.create_day().await;
    let join = |name: &'static str, role: &'static str| server.join(&organiser.code, name, role);
    let ana = join("Ana", "school-leader").await;
    let ben = join("Ben", "mentor").await;
    let cas = join("Cas", "hr-officer").await;
    let mallory = join("Mallory", "mentor").await;
    let bram = join("Bram", "mentor").await;
    let piet = join("Piet", "mentor").await;
    let flo = join("Flo", "mentor").await;
    start_round_one(server, &organiser).await;
    let group = group_of(server, &ana).await;
    for person in [&ben, &cas, &mallory, &bram, &piet, &flo] {
        place(server, &organiser, "move", &person.id, &group).await;
    }
    let room = server.room_of(&ana).await;
    Day {
        organiser,
        room,
        honest: vec![ana, ben, cas],
        mallory,
        bram,
        piet,
        flo,
    }
}

/// A connection with the room loaded, or `None` if the server is gone.
async fn connected(server_url: &str, room: DocumentId, peer: &str) -> Option<Client> {
    let mut client = Client::connect(server_url, peer).await.ok()?;
    client.open(room).await.ok()?;
    let loaded = client
        .pump_until(PATIENCE, |c| {
            c.doc(&room).is_some_and(|d| read_room(d).is_ok())
        })
        .await
        .ok()?;
    loaded.then_some(client)
}

/// Writes notes one by one, each waited for until the server acknowledges
/// it, and records the acknowledged ones; stops when the server dies.
async fn write_notes(
    url: String,
    room: DocumentId,
    by: By,
    life: usize,
    acknowledged: Arc<Mutex<Vec<String>>>,
    tally: Arc<Tally>,
) {
    let Some(mut client) = connected(&url, room, &format!("{}-{life}", by.name)).await else {
        return;
    };
    for k in 0..NOTES_PER_LIFE {
        let id = format!("{}-{life}-{k}", by.name);
        let text = format!("Notitie {k} van {} in leven {life}", by.name);
        let sent = client
            .change(room, |doc| {
                add_note(doc, &id, "kansen", &text, &by);
                Ok(())
            })
            .await;
        if sent.is_err() {
            return;
        }
        match client.pump_until(PATIENCE, |c| c.acknowledged(&room)).await {
            Ok(true) => {
                acknowledged.lock().unwrap().push(id);
                Tally::add(&tally.acknowledged, 1);
            }
            _ => return,
        }
        let _ = client
            .pump_until(Duration::from_millis(20), |_| false)
            .await;
    }
}

/// Compressed change bombs, each on a new connection, until stopped.
async fn bombs(url: String, room: DocumentId, tally: Arc<Tally>, stop: watch::Receiver<bool>) {
    // 50 KB on the wire, 8 MiB inflated: twice the inflate cap set above.
    let bomb = hostile::sync_message(vec![hostile::compressed_change_bomb(8 << 20)]);
    for n in 0..20 {
        if *stop.borrow() {
            return;
        }
        // No need to wait for the room: the bomb goes right after asking.
        let Ok(mut client) = Client::connect(&url, &format!("bomb-{n}")).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        if client.open(room).await.is_err() {
            continue;
        }
        let message = WireMessage::Sync {
            sender_id: format!("bomb-{n}"),
            target_id: "server".into(),
            document_id: room,
            data: bomb.clone(),
        };
        if client.send(&message).await.is_err() {
            continue;
        }
        // Inflating up to the cap takes a while in a debug build.
        if let Some((1009, _)) = client.closed_within(2 * PATIENCE).await {
            Tally::add(&tally.bombs_refused, 1);
        }
    }
}

/// Presence heartbeats, and junk, as fast as the socket takes them;
/// connecting again when the server closes the flooder.
async fn presence_flood(
    url: String,
    room: DocumentId,
    piet: String,
    tally: Arc<Tally>,
    stop: watch::Receiver<bool>,
) {
    for round in 0..20 {
        let Some(mut client) = connected(&url, room, &format!("piet-{round}")).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        for i in 0..1_000 {
            if *stop.borrow() {
                return;
            }
            let data = if i % 10 == 0 {
                vec![0xa5; 16 * 1024]
            } else {
                presence(&piet, &format!("Piet {i}"))
            };
            if client.send_ephemeral(room, data).await.is_err() {
                break;
            }
            Tally::add(&tally.presence_sent, 1);
            if i % 50 == 49 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }
}

/// Thirty sync connections with one token; holds what it gets.
async fn connection_flood(url: String, tally: Arc<Tally>, mut stop: watch::Receiver<bool>) {
    let mut held = Vec::new();
    for n in 0..30 {
        match Client::connect(&url, &format!("flo-{n}")).await {
            Ok(client) => held.push(client),
            Err(_) => Tally::add(&tally.connections_refused, 1),
        }
    }
    let _ = stop.wait_for(|stopped| *stopped).await;
}

/// Half-open HTTP connections from another address, held until stopped.
async fn slowloris(api: Arc<Api>, tally: Arc<Tally>, mut stop: watch::Receiver<bool>) {
    let held = half_open(&api, "127.0.0.2", 100).await;
    Tally::add(&tally.half_open, held.len());
    let _ = stop.wait_for(|stopped| *stopped).await;
}

/// One forgery on a fresh connection: `n` picks which.
fn forge(doc: &mut AutoCommit, n: usize, mallory: &By, ana: &By) {
    match n % 5 {
        0 => add_note(doc, &format!("vals-{n}"), "kansen", FORGED, ana),
        1 => {
            let director = By {
                name: "Directeur Jansen".into(),
                ..mallory.clone()
            };
            add_note(doc, &format!("vals-{n}"), "kansen", FORGED, &director);
        }
        2 | 3 => {
            // Votes on an honest note: made-up voters, or Ana's vote.
            let Some(note) = read_room(doc)
                .ok()
                .and_then(|room| room.notes.keys().next().cloned())
            else {
                return add_note(doc, &format!("vals-{n}"), "kansen", FORGED, ana);
            };
            let votes = votes_of(doc, &note);
            if n % 5 == 2 {
                for i in 0..50 {
                    doc.put(&votes, format!("nep-{i}"), true).unwrap();
                }
            } else {
                doc.put(&votes, ana.id.as_str(), true).unwrap();
            }
        }
        _ => reveal(doc, "kansen").unwrap(),
    }
}

/// Forgeries by a participant who is not the leader, until stopped.
async fn forgeries(
    url: String,
    room: DocumentId,
    mallory: By,
    ana: By,
    tally: Arc<Tally>,
    stop: watch::Receiver<bool>,
) {
    for n in 0..50 {
        if *stop.borrow() {
            return;
        }
        let Some(mut client) = connected(&url, room, &format!("mallory-{n}")).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let sent = client
            .change(room, |doc| {
                forge(doc, n, &mallory, &ana);
                Ok(())
            })
            .await;
        if sent.is_err() {
            continue;
        }
        let told = client.pump_until(PATIENCE, |c| !c.errors.is_empty()).await;
        if told.is_ok_and(|t| t) && !client.acknowledged(&room) {
            Tally::add(&tally.forgeries_refused, 1);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_notes_survive_kill_9_while_hostile_peers_attack() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Process::start_with(dir.path(), FLAGS);
    let day = set_up(&server).await;
    let room = day.room;
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut totals = Vec::new();

    for life in 0..KILLS {
        let tally = Arc::new(Tally::default());
        let (stop, stopped) = watch::channel(false);
        let api = Arc::new(Api::at(
            server.base.trim_start_matches("http://").parse().unwrap(),
        ));
        let mut tasks = Vec::new();
        for person in &day.honest {
            tasks.push(tokio::spawn(write_notes(
                server.sync_url(&person.token),
                room,
                person.by(),
                life,
                acknowledged.clone(),
                tally.clone(),
            )));
        }
        tasks.push(tokio::spawn(bombs(
            server.sync_url(&day.bram.token),
            room,
            tally.clone(),
            stopped.clone(),
        )));
        tasks.push(tokio::spawn(forgeries(
            server.sync_url(&day.mallory.token),
            room,
            day.mallory.by(),
            day.honest[0].by(),
            tally.clone(),
            stopped.clone(),
        )));
        tasks.push(tokio::spawn(presence_flood(
            server.sync_url(&day.piet.token),
            room,
            day.piet.id.clone(),
            tally.clone(),
            stopped.clone(),
        )));
        tasks.push(tokio::spawn(connection_flood(
            server.sync_url(&day.flo.token),
            tally.clone(),
            stopped.clone(),
        )));
        tasks.push(tokio::spawn(slowloris(api, tally.clone(), stopped.clone())));

        // Kill once every attack has landed (or after a bound), with the
        // honest writers still writing.
        let started = tokio::time::Instant::now();
        let deadline = started + Duration::from_secs(20);
        while !(tally.long_enough() && started.elapsed() > Duration::from_secs(1))
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("life {life}: {tally}");
        assert!(
            healthz_within(&server, WAIT).await,
            "healthz answers under attack"
        );
        server.kill_9();
        stop.send_replace(true);
        for task in tasks {
            tokio::time::timeout(WAIT, task)
                .await
                .expect("an attacker or writer hangs after the kill")
                .unwrap();
        }
        totals.push(tally);
        server = Process::start_with(dir.path(), FLAGS);
    }

    // The attacks really ran during every life of the server.
    for (life, tally) in totals.iter().enumerate() {
        assert!(
            tally.all_landed(),
            "life {life}: not every attack landed: {tally}"
        );
    }

    assert!(
        healthz_within(&server, WAIT).await,
        "healthz after the last start"
    );
    let expected: BTreeSet<String> = acknowledged.lock().unwrap().iter().cloned().collect();
    let mut reader = server.client(&day.organiser.secret, "reader").await;
    reader.open(room).await.unwrap();
    let held = |c: &Client| -> BTreeSet<String> {
        c.doc(&room)
            .and_then(|d| read_room(d).ok())
            .map(|r| r.notes.into_keys().collect())
            .unwrap_or_default()
    };
    reader
        .pump_until(WAIT, |c| held(c).is_superset(&expected))
        .await
        .unwrap();
    let stored_ids = held(&reader);
    let missing: Vec<_> = expected.difference(&stored_ids).collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged notes lost: {missing:?}",
        missing.len(),
        expected.len()
    );
    eprintln!(
        "{KILLS} kills under attack: {} acknowledged notes, 0 lost",
        expected.len()
    );

    let stored = read_room(reader.doc(&room).unwrap()).unwrap();
    for note in stored.notes.values() {
        assert!(!note.text.as_str().contains(FORGED), "a forged note landed");
        assert_ne!(note.author_name, "Directeur Jansen");
        assert!(
            note.votes.is_empty(),
            "a forged vote landed: {:?}",
            note.votes
        );
    }
    assert!(
        revealed(reader.doc(&room).unwrap()).is_empty(),
        "a non-leader opened a silent question"
    );
}
