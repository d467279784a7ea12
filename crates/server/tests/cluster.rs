//! Three nodes on PostgreSQL behind HAProxy (deploy/haproxy.cfg), on
//! loopback: every request and socket of a session lands on one node;
//! killing that node with SIGKILL under writes moves the session to a
//! survivor within seconds, with nothing acknowledged lost and every
//! replica converging; PostgreSQL going away stops acknowledgements and
//! coming back needs no node restart.
//!
//! `SAMENBORD_CLUSTER_KILLS` sets how many kills the failover test does
//! (CI: 2; bench/cluster-kills runs 20 and reports the times).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use samenbord_core::room::read_room;
use samenbord_protocol::client::Client;
use samenbord_protocol::document_id::DocumentId;
use serde_json::{Value, json};
use support::cluster::{Cluster, LEASE_SECONDS, healthy};
use support::{By, WAIT, add_note};

const PARTICIPANTS: usize = 3;

#[derive(Clone)]
struct Day {
    session: String,
    secret: String,
    tokens: Vec<String>,
    room: DocumentId,
    /// The first participant, whose token every reader uses: the server
    /// takes notes only under the writer's own identity.
    first: By,
}

async fn send(request: reqwest::RequestBuilder) -> (u16, Option<String>, Value) {
    let Ok(response) = request.send().await else {
        // A node died under the request (HAProxy cut the connection).
        return (0, None, Value::Null);
    };
    let status = response.status().as_u16();
    let node = response
        .headers()
        .get("x-samenbord-node")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.json().await.unwrap_or(Value::Null);
    (status, node, body)
}

/// Retries while the session is moving (503) or a node just died.
async fn until_served(
    request: impl Fn() -> reqwest::RequestBuilder,
) -> (u16, Option<String>, Value) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, node, body) = send(request()).await;
        if !(status == 503 || status == 502 || status == 0) || Instant::now() > deadline {
            return (status, node, body);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn partnership_day(front: &str, n: usize) -> Day {
    let http = reqwest::Client::new();
    let (status, _, created) = send(http.post(format!("{front}/api/sessions")).json(&json!({
        "title": format!("Dag {n}"), "template_id": "dialoogkaart-partnerschapsdag"
    })))
    .await;
    assert_eq!(status, 201, "{created}");
    let field = |v: &Value, f: &str| v[f].as_str().unwrap().to_owned();
    let (session, secret, code) = (
        field(&created, "session_id"),
        field(&created, "organiser_secret"),
        field(&created, "join_code"),
    );
    let mut tokens = Vec::new();
    let mut ids = Vec::new();
    for p in 0..PARTICIPANTS {
        // Joined by code through HAProxy: whichever node gets it finds the
        // code in the database and redirects to the session's node.
        let (status, _, joined) = until_served(|| {
            http.post(format!("{front}/api/join")).json(&json!({
                "code": code, "name": format!("P{p}"), "role": "mentor"
            }))
        })
        .await;
        assert_eq!(status, 201, "{joined}");
        tokens.push(field(&joined, "token"));
        ids.push(field(&joined, "participant_id"));
    }
    let (status, _, body) = until_served(|| {
        http.post(format!(
            "{front}/api/sessions/{session}/rounds/ronde-1/start"
        ))
        .bearer_auth(&secret)
        .json(&json!({}))
    })
    .await;
    assert!(status < 300, "{status} {body}");
    let (_, _, me) = until_served(|| {
        http.get(format!("{front}/api/me?session={session}"))
            .bearer_auth(&tokens[0])
    })
    .await;
    let room = me["room"]["doc_url"].as_str().unwrap().parse().unwrap();
    Day {
        session,
        secret,
        tokens,
        room,
        first: By {
            id: ids[0].clone(),
            name: "P0".into(),
            role: "mentor".into(),
        },
    }
}

fn sync_url(front: &str, token: &str, session: &str) -> String {
    format!(
        "{}/sync?token={token}&session={session}",
        front.replace("http://", "ws://")
    )
}

/// The node each request and socket of the day lands on, through HAProxy.
async fn nodes_of(front: &str, day: &Day) -> BTreeSet<String> {
    let http = reqwest::Client::new();
    let mut nodes = BTreeSet::new();
    let (_, node, _) = until_served(|| {
        http.get(format!("{front}/api/sessions/{}", day.session))
            .bearer_auth(&day.secret)
    })
    .await;
    nodes.extend(node);
    for token in &day.tokens {
        let (_, node, _) = until_served(|| {
            http.get(format!("{front}/api/me?session={}", day.session))
                .bearer_auth(token)
        })
        .await;
        nodes.extend(node);
        let (socket, response) = socket(&sync_url(front, token, &day.session)).await;
        nodes.extend(
            response
                .headers()
                .get("x-samenbord-node")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        );
        drop(socket);
    }
    nodes
}

/// A WebSocket, retrying while the session moves (a handover is under way).
async fn socket(
    url: &str,
) -> (
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    tokio_tungstenite::tungstenite::handshake::client::Response,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match tokio_tungstenite::connect_async(url).await {
            Ok(connected) => return connected,
            Err(error) => assert!(Instant::now() < deadline, "{error}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn on_one_node_each(front: &str, days: &[Day]) {
    for day in days {
        let nodes = nodes_of(front, day).await;
        assert_eq!(
            nodes.len(),
            1,
            "session {} spread over {nodes:?}",
            day.session
        );
    }
}

async fn connect(front: &str, token: &str, day: &Day, peer: &str) -> Option<Client> {
    Client::connect(&sync_url(front, token, &day.session), peer)
        .await
        .ok()
}

/// A client through HAProxy with the room loaded (retrying while the
/// session moves), and how long that took.
async fn reader(front: &str, day: &Day, doc: Option<automerge::AutoCommit>) -> (Client, Duration) {
    static PEERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(40);
    loop {
        let peer = PEERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(mut client) =
            connect(front, &day.tokens[0], day, &format!("reader-{peer}")).await
        {
            let opened = match &doc {
                Some(doc) => client.open_with(day.room, doc.clone()).await,
                None => client.open(day.room).await,
            };
            if opened.is_ok()
                && client
                    .pump_until(Duration::from_secs(3), |c| {
                        c.doc(&day.room).is_some_and(|d| read_room(d).is_ok())
                    })
                    .await
                    .unwrap_or(false)
            {
                return (client, started.elapsed());
            }
        }
        assert!(Instant::now() < deadline, "the session never came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn note_ids(doc: &automerge::AutoCommit) -> BTreeSet<String> {
    read_room(doc)
        .map(|room| room.notes.keys().cloned().collect())
        .unwrap_or_default()
}

/// Writes five notes per client; returns the notes the server had
/// acknowledged (a client whose replica it acknowledged: all of them).
async fn burst(clients: &mut [Client], day: &Day, tag: &str) -> BTreeSet<String> {
    let room = day.room;
    for i in 0..5 {
        for (n, client) in clients.iter_mut().enumerate() {
            let _ = client
                .change(room, |doc| {
                    add_note(
                        doc,
                        &format!("{tag}-{n}-{i}"),
                        "kansen",
                        "tekst",
                        &day.first,
                    );
                    Ok(())
                })
                .await;
        }
    }
    let mut acknowledged = BTreeSet::new();
    for client in clients.iter_mut() {
        let _ = client
            .pump_until(Duration::from_millis(500), |c| c.acknowledged(&room))
            .await;
        if client.acknowledged(&room) {
            acknowledged.extend(note_ids(client.doc(&room).unwrap()));
        }
    }
    acknowledged
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_stay_on_one_node_and_survive_the_kill_of_that_node() {
    let Some(mut cluster) = Cluster::start(3).await else {
        return;
    };
    let front = cluster.front.clone();
    let kills: usize = std::env::var("SAMENBORD_CLUSTER_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let mut days = Vec::new();
    for n in 0..3 {
        days.push(partnership_day(&front, n).await);
    }
    on_one_node_each(&front, &days).await;

    let mut times = Vec::new();
    for kill in 0..kills {
        let day = &days[kill % days.len()];
        let mut clients = Vec::new();
        for _ in &day.tokens {
            clients.push(reader(&front, day, None).await.0);
        }
        let owner = nodes_of(&front, day).await;
        assert_eq!(owner.len(), 1, "{owner:?}");
        let owner = Cluster::index_of(owner.first().unwrap());
        let acknowledged = burst(&mut clients, day, &format!("k{kill}")).await;

        // Under writes: the owner dies in the middle of a burst, and a
        // new device starts reaching for the session through HAProxy.
        let pid = cluster.pid(owner);
        let (probe_front, probe_day) = (front.clone(), day.clone());
        let probe = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(30)).await;
            let killed = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
            assert!(killed.unwrap().success());
            reader(&probe_front, &probe_day, None).await
        });
        let acknowledged_late = burst(&mut clients, day, &format!("k{kill}-late")).await;
        let (reader_client, serving) = probe.await.unwrap();
        cluster.kill_9(owner);
        times.push(serving);
        eprintln!(
            "kill {}: node{} killed, session served again after {} ms",
            kill + 1,
            owner + 1,
            serving.as_millis()
        );

        // What the survivor serves first already holds every note that
        // was acknowledged before the kill.
        let stored = note_ids(reader_client.doc(&day.room).unwrap());
        let lost: Vec<_> = acknowledged
            .union(&acknowledged_late)
            .filter(|n| !stored.contains(*n))
            .collect();
        assert!(lost.is_empty(), "acknowledged notes lost: {lost:?}");
        drop(reader_client);

        // Every client reconnects through HAProxy with its replica; all
        // converge to identical heads holding every note anyone wrote.
        let replicas: Vec<_> = clients
            .iter_mut()
            .map(|c| c.take(&day.room).unwrap())
            .collect();
        drop(clients);
        let mut everyone = BTreeSet::new();
        for doc in &replicas {
            everyone.extend(note_ids(doc));
        }
        let mut clients = Vec::new();
        for doc in replicas {
            clients.push(reader(&front, day, Some(doc)).await.0);
        }
        let complete = |c: &Client| {
            c.doc(&day.room).is_some_and(|d| note_ids(d) == everyone) && c.acknowledged(&day.room)
        };
        for _ in 0..100 {
            let mut done = true;
            for client in clients.iter_mut() {
                let _ = client
                    .pump_until(Duration::from_millis(100), complete)
                    .await;
                done &= complete(client);
            }
            if done {
                break;
            }
        }
        let mut heads: Vec<_> = clients
            .iter_mut()
            .map(|c| {
                let mut doc = c.take(&day.room).unwrap();
                let mut heads = doc.get_heads();
                heads.sort();
                (note_ids(&doc) == everyone, heads)
            })
            .collect();
        heads.dedup();
        assert_eq!(heads.len(), 1, "replicas differ after the failover");
        assert!(heads[0].0, "a replica misses notes after the failover");

        // The session is on one node again; the dead node comes back.
        assert_eq!(nodes_of(&front, day).await.len(), 1);
        cluster.start_node(owner).await;
    }
    on_one_node_each(&front, &days).await;
    if !times.is_empty() {
        let worst = times.iter().max().unwrap();
        eprintln!(
            "failover: {} kills, worst {} ms, lease {LEASE_SECONDS} s",
            times.len(),
            worst.as_millis()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_postgres_nothing_is_acknowledged_and_nodes_recover_by_themselves() {
    let Some(cluster) = Cluster::start(3).await else {
        return;
    };
    let front = cluster.front.clone();
    let day = partnership_day(&front, 0).await;
    let (mut client, _) = reader(&front, &day, None).await;

    cluster.postgres.stop();
    client
        .change(day.room, |doc| {
            add_note(doc, "while-down", "kansen", "tekst", &day.first);
            Ok(())
        })
        .await
        .unwrap();
    let _ = client
        .pump_until(Duration::from_secs(4), |c| c.acknowledged(&day.room))
        .await;
    assert!(
        !client.acknowledged(&day.room),
        "a change was acknowledged while the database was down"
    );
    let http = reqwest::Client::new();
    for n in 0..3 {
        let status = http
            .get(format!("{}/healthz", cluster.node_url(n)))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 503, "node {n} reports healthy without its database");
    }

    cluster.postgres.start_again();
    for n in 0..3 {
        assert!(
            healthy(
                &format!("{}/healthz", cluster.node_url(n)),
                Duration::from_secs(30)
            )
            .await,
            "node {n} did not recover: {}",
            cluster.log(n)
        );
    }
    // The device reconnects with its replica; the change is stored now.
    let doc = client.take(&day.room).unwrap();
    drop(client);
    let (mut client, _) = reader(&front, &day, Some(doc)).await;
    assert!(
        client
            .pump_until(WAIT, |c| c.acknowledged(&day.room))
            .await
            .unwrap(),
        "the change made while the database was down never got stored"
    );
    drop(client);
    let (fresh, _) = reader(&front, &day, None).await;
    assert!(note_ids(fresh.doc(&day.room).unwrap()).contains("while-down"));
}
